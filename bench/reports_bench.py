"""Reports over a year: `report queue | sop | complaints | skm` on the data of bench.make_year.

Fill: a fresh database (SQLite file in a temp folder; PostgreSQL in its own schema, dropped
afterwards), prepared like production (catalogue, holidays, accounts), then a year by
``make_year`` (``--scale``: 1.0 = 600,000 tickets, 100,000 applications, 30,000 surveys, 2,000
complaints). ``--db URL`` measures an existing filled database instead (no fill, nothing dropped).

Measure: each report's figures for the whole year as the supervisor (restricted copy, the
heaviest), then its PDF; one warm-up, the median of 3 runs. For the slowest report the SQL it
ran is recorded and the slowest statement's query plan printed (SQLite ``EXPLAIN QUERY PLAN``,
PostgreSQL ``EXPLAIN (ANALYZE, BUFFERS)``).

Goal (issue 10): each report under 3 s on PostgreSQL and under 6 s on SQLite.

Run: ``python -m bench.reports_bench [--scale 1.0] [--pg URL] [--sqlite-only] [--db URL]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bench.skm_bench import _database

PG_ENV = "MPP_KIOSK_TEST_POSTGRES_URL"
GOALS = {"sqlite": 6.0, "postgresql": 3.0}
WIB = ZoneInfo("Asia/Jakarta")
YEAR = 2025
RUNS = 3
_BIG = ("tickets", "call_events", "applications", "survey_responses", "complaints")


def _median(fn: Callable[[], Any]) -> tuple[float, float]:
    """(median wall seconds, median CPU seconds of this process): on a shared machine the
    wall time includes waiting for a core; the CPU time is SQLite's and Python's own work
    (PostgreSQL's server work is not in it)."""
    fn()
    samples, cpu = [], []
    for _ in range(RUNS):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        samples.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(samples), statistics.median(cpu)


def _reports(ctx: Any, officer: Any) -> dict[str, tuple[Callable[[], Any], Callable[[Any], Any]]]:
    from kiosk.services.reports import SkmQuery, skm_report
    from kiosk.services.reports._common import ReportQuery
    from kiosk.services.reports.complaints import complaints_report
    from kiosk.services.reports.ops_pdf import (
        render_complaints_pdf,
        render_queue_pdf,
        render_sop_pdf,
    )
    from kiosk.services.reports.queue import queue_report
    from kiosk.services.reports.skm_pdf import render_report_pdf
    from kiosk.services.reports.sop import sop_report

    q = ReportQuery(date(YEAR, 1, 1), date(YEAR, 12, 31))
    skm = SkmQuery(date(YEAR, 1, 1), date(YEAR, 12, 31))
    return {
        "queue": (lambda: queue_report(ctx, q, officer=officer, restricted=True), render_queue_pdf),
        "sop": (lambda: sop_report(ctx, q, officer=officer, restricted=True), render_sop_pdf),
        "complaints": (
            lambda: complaints_report(ctx, q, officer=officer, restricted=True),
            render_complaints_pdf,
        ),
        "skm": (lambda: skm_report(ctx, skm, officer=officer, by_officer=True), render_report_pdf),
    }


def _plan(ctx: Any, run: Callable[[], Any]) -> tuple[str, str]:
    """(the slowest SQL statement of one run, its plan)."""
    from sqlalchemy import event, text

    engine = ctx.db.engine
    seen: list[tuple[float, str, Any]] = []
    started: dict[int, float] = {}

    def before(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        started[id(cursor)] = time.perf_counter()

    def after(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        seen.append(
            (time.perf_counter() - started.pop(id(cursor), time.perf_counter()), statement, params)
        )

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        result = run()
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)
    del result
    # execute() time alone misses SQLite's stepping through the rows: take the statements over
    # the big tables, the longest text first (the report's main query)
    big = [s for s in seen if any(f"FROM {t}" in s[1] for t in _BIG)] or seen
    _took, statement, params = max(big, key=lambda s: len(s[1]))
    settings = [s[1] for s in seen if s[1].startswith("SET ")]  # the report's SET LOCALs
    with engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        cur = raw.cursor()
        for setting in settings:
            cur.execute(setting)
        if engine.dialect.name == "sqlite":
            cur.execute("EXPLAIN QUERY PLAN " + statement, params)
            plan = "\n".join(f"  {'  ' * 0}{row[-1]}" for row in cur.fetchall())
        else:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
            plan = "\n".join(f"  {row[0]}" for row in cur.fetchall())
        cur.close()
        del text
    return statement, plan


def _clock() -> Any:
    from kiosk.core.clock import FixedClock

    return FixedClock(datetime(YEAR + 1, 1, 2, 9, 0, tzinfo=WIB))


def fill_year(url: str, scale: float) -> dict[str, Any]:
    """The generated year on the empty database at ``url`` (what was made, by table)."""
    from bench.make_year import make_year
    from kiosk.config import load_settings
    from kiosk.services.context import build_context
    from kiosk.services.setup import prepare_database

    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), _clock())
    try:
        prepare_database(ctx, demo_accounts=True)
        return make_year(ctx, year=YEAR, scale=scale)
    finally:
        ctx.db.dispose()


def measure(url: str, scale: float, fill: bool) -> tuple[dict[str, Any], str]:
    from kiosk.config import load_settings
    from kiosk.services import staff
    from kiosk.services.context import build_context
    from kiosk.services.setup import DEMO_PASSWORD

    figures: dict[str, Any] = {}
    if fill:
        figures["made"] = fill_year(url, scale)
    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), _clock())
    try:
        officer = staff.authenticate(ctx, "supervisor", DEMO_PASSWORD)
        times: dict[str, tuple[float, float, float]] = {}
        for name, (build, pdf) in _reports(ctx, officer).items():
            seconds, cpu = _median(build)
            report = build()
            t0 = time.perf_counter()
            pdf(report, "id")
            times[name] = (seconds, cpu, time.perf_counter() - t0)
        figures["times"] = times
        slowest = max(times, key=lambda k: times[k][0])
        statement, plan = _plan(ctx, _reports(ctx, officer)[slowest][0])
        figures["slowest"] = slowest
        text = f"slowest: report {slowest}; its slowest statement:\n{statement}\nplan:\n{plan}"
        return figures, text
    finally:
        ctx.db.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reports_bench", description=__doc__)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--pg", metavar="URL", help=f"PostgreSQL URL (else ${PG_ENV})")
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--pg-only", action="store_true")
    parser.add_argument("--db", metavar="URL", help="measure this filled database (no fill)")
    args = parser.parse_args(argv if argv is not None else [])
    targets: list[tuple[str, str | None, bool]] = []
    if args.db:
        backend = "sqlite" if args.db.startswith("sqlite") else "postgresql"
        targets.append((backend, args.db, False))
    else:
        if not args.pg_only:
            targets.append(("sqlite", None, True))
        pg = args.pg or os.environ.get(PG_ENV)
        if pg and not args.sqlite_only:
            targets.append(("postgresql", pg, True))
    failed = False
    rows = []
    for backend, url, fill in targets:
        if fill:
            with _database("sqlite" if backend == "sqlite" else "pg", url) as db_url:
                figures, plan = measure(db_url, args.scale, True)
        else:
            assert url
            figures, plan = measure(url, args.scale, False)
        made = figures.get("made")
        if made:
            print(
                f"{backend}: generated {made['tickets']:,} tickets, {made['calls']:,} calls, "
                f"{made['applications']:,} applications, {made['events']:,} events, "
                f"{made['surveys']:,} surveys, {made['complaints']:,} complaints in "
                f"{made['seconds']:.0f} s",
                flush=True,
            )
        print(plan, flush=True)
        goal = GOALS[backend]
        for name, (seconds, cpu, pdf_s) in figures["times"].items():
            ok = seconds < goal
            failed |= not ok
            rows.append(
                f"{backend:<11}{name:<11}{seconds:>9.2f}{cpu:>9.2f}{pdf_s:>9.2f}   "
                f"{'ok' if ok else 'OVER'} (< {goal:g} s)"
            )
    print(f"{os.getloadavg()[0]:.1f} load average (2 cores shared: wall times wait for a core)")
    print(f"{'backend':<11}{'report':<11}{'figures s':>9}{'cpu s':>9}{'pdf s':>9}   goal")
    print("\n".join(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
