"""`mpp-kiosk db upgrade|status|backup|restore`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command, add_user_option, signed_in
from kiosk.db import migrate
from kiosk.db.roles import ROLES, apply_roles
from kiosk.errors import BadInput
from kiosk.services import backup


def register(sub: Any) -> None:
    db = sub.add_parser("db", help="database schema", description="Database schema commands.")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    add_command(db_sub, "upgrade", _upgrade, "create or migrate the schema to the latest version")
    add_command(db_sub, "status", _status, "show the schema version")
    save = add_command(
        db_sub, "backup", _backup, "write a consistent copy of the database while it runs"
    )
    save.add_argument("file", type=Path, help="the backup file to write (owner-only)")
    save.add_argument("--overwrite", action="store_true", help="replace an existing file")
    add_user_option(save)
    roles = add_command(
        db_sub,
        "roles",
        _roles,
        "PostgreSQL: one login role per software role, with only the rights it needs",
        description="Create (if missing) the login roles PREFIX+kiosk, display, web, counter, "
        "supervisor and admin, and set their grants on the schema in use; run again after "
        "every `db upgrade`. Passwords: MPP_KIOSK_ROLE_PASSWORD_<ROLE> (e.g. ..._KIOSK) or, "
        "for a new role, a generated one printed once.",
    )
    roles.add_argument("--prefix", default="mpp_", help="name prefix of the roles (mpp_)")
    add_user_option(roles)
    load = add_command(db_sub, "restore", _restore, "bring the database back to a backup")
    load.add_argument("file", type=Path, help="a file written by `mpp-kiosk db backup`")
    load.add_argument(
        "--force", action="store_true", help="even over a database that holds tickets"
    )
    add_user_option(load)


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


def _summary(verb: str, summary: backup.BackupSummary) -> str:
    held = ", ".join(f"{n:,} {name.replace('_', ' ')}" for name, n in summary.counts.items())
    return f"{verb} {summary.path} ({summary.bytes:,} bytes): {held}"


def _backup(args: argparse.Namespace, env: CliEnv) -> Outcome:
    signed_in(args, env, "database.manage")
    summary = backup.backup(env.ctx, args.file, overwrite=args.overwrite)
    data = {"path": summary.path, "bytes": summary.bytes, "counts": summary.counts}
    return Outcome(data, _summary("backed up to", summary))


def _restore(args: argparse.Namespace, env: CliEnv) -> Outcome:
    held = backup.counts_if_any(env.ctx)
    if held is not None:  # a database with people in it: only its admin may overwrite it
        signed_in(args, env, "database.manage")
    summary = backup.restore(env.ctx, args.file, force=args.force)
    data = {"path": summary.path, "bytes": summary.bytes, "counts": summary.counts}
    return Outcome(data, _summary("restored from", summary))


def _roles(args: argparse.Namespace, env: CliEnv) -> Outcome:
    import os
    import re

    if not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", args.prefix):
        raise BadInput("roles_prefix", prefix=args.prefix[:40])
    if env.ctx.db.dialect != "postgresql":
        raise BadInput("roles_need_postgresql")
    signed_in(args, env, "database.manage")
    passwords = {
        role: os.environ[f"MPP_KIOSK_ROLE_PASSWORD_{role.upper()}"]
        for role in ROLES
        if os.environ.get(f"MPP_KIOSK_ROLE_PASSWORD_{role.upper()}")
    }
    accounts = apply_roles(env.ctx.db.engine, prefix=args.prefix, passwords=passwords)
    lines = []
    for account in accounts:
        new = f"  created, password: {account.password}" if account.password else ""
        lines.append(f"{account.role:<11}{account.login}{new}")
    data = {
        "roles": [{"role": a.role, "login": a.login, "new_password": a.password} for a in accounts]
    }
    return Outcome(data, "\n".join(lines))
