"""`mpp-kiosk holidays import CSV|list`."""

from __future__ import annotations

import argparse
from typing import Any

from sqlalchemy import select

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.db.models import Holiday
from kiosk.services import holidays


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "holidays",
        help="national holidays and cuti bersama",
        description="The working-day calendar used for SOP deadlines.",
    )
    grp_sub = grp.add_subparsers(dest="holidays_command", metavar="ACTION", required=True)
    p = add_command(
        grp_sub, "import", _import, "add or update holidays from a CSV (date,kind,name)"
    )
    p.add_argument("csv")
    p = add_command(grp_sub, "list", _list, "list the holidays of a year")
    p.add_argument("--year", type=int)


def _import(args: argparse.Namespace, env: CliEnv) -> Outcome:
    days = holidays.read_holidays_file(args.csv)
    result = holidays.import_holidays(env.ctx, days)
    return Outcome(
        result,
        f"{result['listed']} holidays read: {result['added']} added, {result['updated']} updated",
    )


def _list(args: argparse.Namespace, env: CliEnv) -> Outcome:
    ctx = env.ctx
    year = args.year or ctx.today().year
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        rows = session.scalars(
            select(Holiday).where(Holiday.site_id == site_id).order_by(Holiday.day)
        )
        items = [
            {"date": h.day.isoformat(), "kind": h.kind, "name": h.name}
            for h in rows
            if h.day.year == year
        ]
    text = "\n".join(f"{i['date']}  {i['kind']:<12}  {i['name']}" for i in items)
    return Outcome({"year": year, "holidays": items}, text or f"no holidays in {year}")
