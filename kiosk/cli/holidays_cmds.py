"""`mpp-kiosk holidays import CSV|list|seed|confirm`.

Estimated ("provisional") days come from the `holidays` package for years no CSV covers
(services/holidays.py); `list` marks them, `confirm` makes a checked year official.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from sqlalchemy import select

from kiosk.cli.common import CliEnv, Outcome, add_command, add_user_option, signed_in
from kiosk.db.models import Holiday
from kiosk.services import holidays

STATUS_TEXT = {
    "confirmed": "dikonfirmasi / confirmed",
    "provisional": (
        "PERKIRAAN, belum dikonfirmasi / ESTIMATED, not confirmed: check the days against the "
        "SKB, then `mpp-kiosk holidays confirm --year {year}` (or import the year's CSV)"
    ),
    "missing": (
        "tidak ada data libur / no holidays listed: `mpp-kiosk holidays seed --year {year}` "
        "or import the year's CSV"
    ),
}


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "holidays",
        help="national holidays and cuti bersama",
        description="The working-day calendar used for SOP deadlines. Years no CSV covers are "
        "estimated from the `holidays` package (provisional) until confirmed.",
    )
    grp_sub = grp.add_subparsers(dest="holidays_command", metavar="ACTION", required=True)
    p = add_command(
        grp_sub, "import", _import, "add or update holidays from a CSV (date,kind,name)"
    )
    p.add_argument("csv")
    add_user_option(p)
    p = add_command(grp_sub, "list", _list, "list the holidays of a year (estimates marked)")
    p.add_argument("--year", type=int)
    p = add_command(grp_sub, "seed", _seed, "estimate a year's holidays from the holidays package")
    p.add_argument("--year", type=int, required=True)
    add_user_option(p)
    p = add_command(
        grp_sub, "confirm", _confirm, "confirm a year's estimated holidays (checked against SKB)"
    )
    p.add_argument("--year", type=int, required=True)
    add_user_option(p)


def _import(args: argparse.Namespace, env: CliEnv) -> Outcome:
    days = holidays.read_holidays_file(args.csv)
    signed_in(args, env, "catalog.edit")
    result = holidays.import_holidays(env.ctx, days)
    text = f"{result['listed']} holidays read: {result['added']} added, {result['updated']} updated"
    if result["estimates_dropped"]:
        text += f", {result['estimates_dropped']} estimated days replaced"
    return Outcome(result, text)


def _list(args: argparse.Namespace, env: CliEnv) -> Outcome:
    ctx = env.ctx
    year = args.year or ctx.today().year
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        rows = session.scalars(
            select(Holiday)
            .where(
                Holiday.site_id == site_id,
                Holiday.day >= date(year, 1, 1),
                Holiday.day <= date(year, 12, 31),
            )
            .order_by(Holiday.day)
        )
        items = [
            {
                "date": h.day.isoformat(),
                "kind": h.kind,
                "name": h.name,
                "provisional": bool(h.provisional),
            }
            for h in rows
        ]
        status = holidays.year_status(ctx, session, [year])[year]
    lines = [
        f"{i['date']}  {i['kind']:<12}  {'PERKIRAAN ' if i['provisional'] else ''}{i['name']}"
        for i in items
    ]
    lines.append(f"{year}: {STATUS_TEXT[status].format(year=year)}")
    return Outcome({"year": year, "status": status, "holidays": items}, "\n".join(lines))


def _seed(args: argparse.Namespace, env: CliEnv) -> Outcome:
    signed_in(args, env, "catalog.edit")
    result = holidays.seed_year(env.ctx, args.year)
    if result["added"]:
        text = (
            f"{args.year}: {result['added']} estimated holidays added (provisional until "
            f"`mpp-kiosk holidays confirm --year {args.year}`)"
        )
    else:
        text = f"{args.year}: the year already has holidays; nothing estimated"
    return Outcome(result, text)


def _confirm(args: argparse.Namespace, env: CliEnv) -> Outcome:
    signed_in(args, env, "catalog.edit")
    result = holidays.confirm_year(env.ctx, args.year)
    return Outcome(
        result,
        f"{args.year}: {result['confirmed']} estimated days confirmed; "
        f"{result['holidays']} holidays in the confirmed calendar",
    )
