"""Booking bench: the /antrean slot listing under load from a bounded async client on 127.0.0.1.

Fill: a fresh database (SQLite file, and PostgreSQL in its own schema when
MPP_KIOSK_TEST_POSTGRES_URL or --pg names a server) with the sample catalogue and, through
kiosk.services.booking.book_visit (the real use case, the real clock), ``--fill`` of the places
of every bookable service's days booked at random, so each listing counts real rows.

Serve: ``mpp-kiosk web`` in its own process (one uvicorn worker, as shipped).

Load (bench.web_bench's open-loop client): the slot page of a day (``/antrean/{service}/{day}``),
the same through the API (``/api/v1/bookings/services/{service}/days/{day}/slots``) and the
days page (``/antrean/{service}``), chosen at random over the bookable services and days.
Figures: p50, p95, p99 in ms as the client sees them, achieved rate, errors; then the slot
page's weight (HTML + the stylesheet, the logo apart).

Goals (issue 11): p95 < 20 ms at 200 requests/s on these 2 cores; page < 30 KB without images.

Run: ``python -m bench.booking_bench [--rate 200] [--seconds 10] [--fill 0.5] [--pg URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import time
from collections.abc import Sequence

from bench.tracking_bench import PG_ENV, _database
from bench.web_bench import GOAL_P95_MS, _free_port, _load, _serve

GOAL_PAGE_KB = 30.0


def fill(url: str, share: float, rng: random.Random) -> tuple[list[tuple[str, str]], int, float]:
    """Book ``share`` of every bookable day's places; the (service, day) pairs and the count."""
    from kiosk.config import load_settings
    from kiosk.errors import Refused
    from kiosk.services import booking
    from kiosk.services.context import build_context
    from kiosk.services.setup import prepare_database

    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}))
    started = time.perf_counter()
    try:
        prepare_database(ctx, demo_accounts=False)
        pairs: list[tuple[str, str]] = []
        made = 0
        for service in booking.bookable_services(ctx):
            _, days = booking.booking_days(ctx, service.code)
            for day in days:
                pairs.append((service.code, day.day.isoformat()))
                _, _, slots = booking.day_slots_of(ctx, service.code, day.day)
                for slot in slots:
                    for _ in range(round(slot.left * share)):
                        try:
                            booking.book_visit(ctx, service.code, day.day, slot.key, source="bench")
                            made += 1
                        except Refused:
                            break  # the day's share of the quota is used up
        return pairs, made, time.perf_counter() - started
    finally:
        ctx.db.dispose()


def _weight(base: str, path: str) -> tuple[int, int]:
    import httpx

    page = httpx.get(f"{base}{path}")
    css = httpx.get(f"{base}/static/site.css")
    return len(page.content), len(css.content)


def measure(backend: str, url: str, share: float, rate: float, seconds: float, conns: int) -> None:
    rng = random.Random(11)
    pairs, made, fill_s = fill(url, share, rng)
    print(f"{backend}: {made:,} bookings over {len(pairs)} service-days filled in {fill_s:.1f} s",
          flush=True)  # fmt: skip
    if not pairs:
        print("  nothing is bookable now (no working day ahead?)")
        return
    port = _free_port()
    proc = _serve(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        n = int(rate * seconds)
        picks = [rng.choice(pairs) for _ in range(n)]
        slots = [f"/antrean/{s}/{d}" for s, d in picks]
        api = [f"/api/v1/bookings/services/{s}/days/{d}/slots" for s, d in picks]
        days = [f"/antrean/{s}" for s, _ in picks]
        runs = [
            asyncio.run(_load(base, slots, rate, conns, "slot page")),
            asyncio.run(_load(base, api, rate, conns, "slot api")),
            asyncio.run(_load(base, days, rate, conns, "day page")),
        ]
        print(f"  {'kind':<10}{'reqs':>7}{'rate':>11}{'p50 ms':>9}{'p95':>8}{'p99':>8}"
              f"{'errors':>8}   goal p95 < {GOAL_P95_MS:g} ms at {rate:g}/s")  # fmt: skip
        for run in runs:
            print(run.line(), flush=True)
        # A whole day's slots (tomorrow's, or today's when nothing else is bookable).
        service, day = pairs[1] if len(pairs) > 1 else pairs[0]
        html, css = _weight(base, f"/antrean/{service}/{day}")
        total = (html + css) / 1024
        print(
            f"  slot page weight: HTML {html / 1024:.1f} KB + CSS {css / 1024:.1f} KB = "
            f"{total:.1f} KB without the logo   "
            f"{'OK' if total < GOAL_PAGE_KB else 'MISSED'} (goal < {GOAL_PAGE_KB:g} KB)",
            flush=True,
        )
    finally:
        proc.terminate()
        proc.wait(10)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.booking_bench", description=__doc__)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(PG_ENV))
    parser.add_argument("--fill", type=float, default=0.5, help="share of the places booked")
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="per kind of request")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    backends = ["sqlite"] + (["postgresql"] if args.pg and not args.sqlite_only else [])
    for backend in backends:
        with _database(backend, args.pg) as url:
            measure(backend, url, args.fill, args.rate, args.seconds, args.connections)
    return 0


if __name__ == "__main__":
    sys.exit(main())
