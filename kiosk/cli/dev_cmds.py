"""`mpp-kiosk dev ...`: tools for developers and for sizing a server, never for a live MPP.

    mpp-kiosk dev seed-year --db sqlite:////tmp/year.db
    mpp-kiosk dev seed-year --db postgresql+psycopg://user@host/mpp_test --scale 0.1

``seed-year`` prepares the database (migrations, the sample catalogue, the demo accounts) and
writes a realistic year (kiosk.services.sample_year: about 600,000 tickets, 100,000
applications, 30,000 survey responses, 2,000 complaints, 120,000 ratings at scale 1) with a
progress bar on stderr. It refuses a database that already holds tickets, applications,
responses, complaints or ratings (real data, or a year seeded before) unless ``--force``.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.errors import BadInput, Refused
from kiosk.i18n import format_fixed


def register(sub: Any) -> None:
    grp = sub.add_parser(
        "dev",
        help="developer tools: generate a year of sample data",
        description="Developer tools (never for a live MPP's database).",
    )
    grp_sub = grp.add_subparsers(dest="dev_command", metavar="ACTION", required=True)
    p = add_command(
        grp_sub,
        "seed-year",
        _seed_year,
        "generate a realistic year of tickets, applications, surveys, complaints, ratings",
        "Prepare the database given by --db and fill it with a generated year for one MPP "
        "(the sample catalogue; --scale 1.0 = 600,000 tickets), with a progress bar on "
        "stderr. Refuses a database that already has data unless --force.",
    )
    p.add_argument("--scale", type=float, default=1.0, help="1.0 = the full year (default)")
    p.add_argument("--year", type=int, help="the year to generate (default: last year)")
    p.add_argument("--seed", type=int, default=10, help="random seed (same seed, same year)")
    p.add_argument(
        "--force", action="store_true", help="write beside the data already in the database"
    )


def _seed_year(args: argparse.Namespace, env: CliEnv) -> Outcome:
    from kiosk.services.sample_year import has_real_data, make_year
    from kiosk.services.setup import prepare_database

    if not getattr(args, "db", None):
        raise BadInput("seed_year_needs_db")
    if not 0 < args.scale <= 10:
        raise BadInput("seed_year_scale", scale=args.scale)
    ctx = env.ctx
    year = args.year or ctx.today().year - 1
    prepare_database(ctx, demo_accounts=True)
    found = has_real_data(ctx)
    if found and not args.force:
        raise Refused(
            "seed_year_has_data",
            tables=", ".join(f"{name} {format_fixed(n, 0, env.lang)}" for name, n in found.items()),
        )
    made = make_year(ctx, year=year, scale=args.scale, seed=args.seed)
    made["year"] = year
    lang = env.lang
    text = ", ".join(
        f"{k} {format_fixed(v, 0 if isinstance(v, int) else 1, lang)}"
        for k, v in made.items()
        if k != "year"
    )
    return Outcome(made, f"{year}: {text}")
