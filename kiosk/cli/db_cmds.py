"""`mpp-kiosk db upgrade|status`."""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.db import migrate


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="database schema", description="Database schema commands.")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    add_command(db_sub, "upgrade", _upgrade, "create or migrate the schema to the latest version")
    add_command(db_sub, "status", _status, "show the schema version")


def _upgrade(args: argparse.Namespace, env: CliEnv) -> Outcome:
    before, after = migrate.upgrade(env.ctx.db)
    text = f"schema at {after}" + ("" if before == after else f" (was {before or 'empty'})")
    return Outcome({"before": before, "revision": after}, text)


def _status(args: argparse.Namespace, env: CliEnv) -> Outcome:
    current = migrate.current_revision(env.ctx.db)
    head = migrate.head_revision()
    state = "up to date" if current == head else "needs `mpp-kiosk db upgrade`"
    return Outcome(
        {"revision": current, "head": head, "up_to_date": current == head},
        f"schema {current or 'empty'}, latest {head}: {state}",
    )
