"""A realistic year for one MPP (kiosk.services.sample_year), from the bench's command line.

The generator lives in the package so that ``mpp-kiosk dev seed-year`` can run it too; this
module keeps the bench's entry point and name (``bench.reports_bench`` imports ``make_year``).

Run: ``python -m bench.make_year --db URL [--scale 1.0] [--year 2025]``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime

from kiosk.services.sample_year import FULL, WIB, Progress, make_year

__all__ = ["FULL", "Progress", "make_year", "run_cli"]


def run_cli(argv: Sequence[str] | None = None) -> int:
    """The command line (not `main`: `python -m bench` runs every module with a main)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.make_year", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--db", required=True, help="sqlite:///FILE or postgresql+psycopg://...")
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1.0 = the full year (600,000 tickets)"
    )
    parser.add_argument("--seed", type=int, default=10)
    args = parser.parse_args(argv)
    from kiosk.config import load_settings
    from kiosk.core.clock import FixedClock
    from kiosk.services.context import build_context
    from kiosk.services.setup import prepare_database

    clock = FixedClock(datetime(args.year + 1, 1, 2, 9, 0, tzinfo=WIB))
    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": args.db}), clock)
    try:
        prepare_database(ctx, demo_accounts=True)
        made = make_year(ctx, year=args.year, scale=args.scale, seed=args.seed)
    finally:
        ctx.db.dispose()
    print(
        ", ".join(f"{k} {v:,}" if isinstance(v, int) else f"{k} {v:.1f}" for k, v in made.items())
    )
    return 0


if __name__ == "__main__":
    sys.exit(run_cli())
