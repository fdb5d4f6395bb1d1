"""SKM report bench: `report skm` figures over 30,000 responses for one semester.

Fill: a fresh database (SQLite file in a temp folder; PostgreSQL in its own schema, dropped
afterwards) with the sample catalogue, N survey responses spread over January-June 2026 across
the catalogue's services (about 10 % of them leave U9 unanswered, every one has a profile) and
2N tickets as the visitor population, written in bulk.

Measure: ``skm_report`` for the whole semester (every response), for one agency and with the
per-officer table, then the report's JSON, CSV and PDF; each after a warm-up, the median of 5
runs, in the calling thread.

Goal (issue 9): the SKM report over 30,000 responses in under 2 s on SQLite and PostgreSQL.

Run: ``python -m bench.skm_bench [-n 30000] [--pg URL]`` or ``python -m bench``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

PG_ENV = "MPP_KIOSK_TEST_POSTGRES_URL"
GOAL_S = 2.0
WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 7, 1, 9, 0, tzinfo=WIB)
START = date(2026, 1, 1)
END = date(2026, 6, 30)
RUNS = 5


@contextmanager
def _database(backend: str, pg_url: str | None) -> Iterator[str]:
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="skm-bench-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        return
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert pg_url
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(pg_url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        url = make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def fill(ctx: Any, count: int, seed: int = 9) -> float:
    """Bulk-insert ``count`` responses and 2 x ``count`` tickets; returns seconds."""
    from sqlalchemy import insert, select, text

    from kiosk.core.codes import new_tracking_code
    from kiosk.db.models import Counter, Service, Staff, SurveyResponse, Ticket

    started = time.perf_counter()
    rng = random.Random(seed)
    days = (END - START).days + 1
    with ctx.db.transaction() as s:
        site_id = ctx.site_id(s)
        services = list(
            s.execute(select(Service.id, Service.queue_prefix).where(Service.site_id == site_id))
        )
        counters = list(s.scalars(select(Counter.id).where(Counter.site_id == site_id)))
        staff_ids = list(s.scalars(select(Staff.id).where(Staff.site_id == site_id))) or [None]
    choices = {
        "gender": ["L", "P"],
        "age": ["under_20", "20_29", "30_39", "40_49", "50_59", "60_plus"],
        "education": ["SD", "SMP", "SMA", "D1_D3", "S1", "S2", "S3"],
        "job": ["PNS", "TNI", "POLRI", "SWASTA", "WIRAUSAHA", "LAINNYA"],
        "time": ["08_12", "13_17"],
    }
    responses, tickets = [], []
    for i in range(count):
        day = START + timedelta(days=rng.randrange(days))
        service_id, _prefix = rng.choice(services)
        answers = {f"U{k}": rng.choice((2, 3, 3, 3, 4, 4)) for k in range(1, 10)}
        if rng.random() < 0.1:
            del answers["U9"]
        kiosk = rng.random() < 0.7
        responses.append(
            {
                "site_id": site_id,
                "questionnaire": "skm",
                "service_id": service_id,
                "day": day,
                "source": "kiosk" if kiosk else rng.choice(("web", "paper")),
                "counter_id": rng.choice(counters) if kiosk else None,
                "staff_id": rng.choice(staff_ids) if kiosk else None,
                "answers": answers,
                "profile": {k: rng.choice(v) for k, v in choices.items() if rng.random() < 0.9},
                "suggestion": "",
                "device": "bench",
                "created_at": datetime(day.year, day.month, day.day, 3, tzinfo=UTC),
            }
        )
        for j in range(2):
            at = datetime(day.year, day.month, day.day, 2, tzinfo=UTC)
            tickets.append(
                {
                    "site_id": site_id,
                    "service_id": service_id,
                    "prefix": f"Z{i % 99:02d}"[:3],
                    "day": day,
                    "number": 2 * i + j,
                    "code": new_tracking_code("T"),
                    "status": "done" if rng.random() < 0.95 else "no_show",
                    "issued_at": at,
                    "queued_at": at,
                    "recalls": 0,
                    "device": "bench",
                }
            )
    with ctx.db.transaction() as s:
        for start in range(0, len(responses), 5000):
            s.execute(insert(SurveyResponse), responses[start : start + 5000])
        for start in range(0, len(tickets), 5000):
            s.execute(insert(Ticket), tickets[start : start + 5000])
    with ctx.db.engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    return time.perf_counter() - started


def _median(fn: Callable[[], Any]) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples)


def measure(backend: str, url: str, count: int) -> dict[str, float]:
    from kiosk.config import load_settings
    from kiosk.core.clock import FixedClock
    from kiosk.services import staff
    from kiosk.services.context import build_context
    from kiosk.services.reports import SkmQuery, report_dict, skm_report, write_report_csv
    from kiosk.services.reports.skm_pdf import render_report_pdf
    from kiosk.services.setup import DEMO_PASSWORD, prepare_database

    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), FixedClock(NOW))
    try:
        prepare_database(ctx, demo_accounts=True)
        fill_s = fill(ctx, count)
        supervisor = staff.authenticate(ctx, "supervisor", DEMO_PASSWORD)
        query = SkmQuery(START, END)
        report = skm_report(ctx, query)
        assert report.responses == count, report.responses
        with tempfile.TemporaryDirectory() as tmp:
            figures = {
                "fill_s": fill_s,
                "report": _median(lambda: skm_report(ctx, query)),
                "agency": _median(
                    lambda: skm_report(ctx, SkmQuery(START, END, agency="DISDUKCAPIL"))
                ),
                "officers": _median(
                    lambda: skm_report(ctx, query, officer=supervisor, by_officer=True)
                ),
                "json": _median(lambda: report_dict(skm_report(ctx, query))),
                "csv": _median(
                    lambda: write_report_csv(skm_report(ctx, query), Path(tmp) / "r.csv")
                ),
                "pdf": _median(lambda: render_report_pdf(skm_report(ctx, query))),
            }
        print(
            f"{backend}: IKM {report.ikm} mutu {report.mutu}, {report.responses:,} responses, "
            f"{report.population:,} visits, sample needed {report.sample_needed}",
            flush=True,
        )
        return figures
    finally:
        ctx.db.dispose()


def report(results: list[tuple[str, int, dict[str, float]]]) -> str:
    lines = [
        f"{'backend':<11}{'responses':>10}{'fill s':>8}   {'report s':>9}{'agency':>8}"
        f"{'officers':>9}{'+json':>7}{'+csv':>7}{'+pdf':>7}   goal < {GOAL_S:g} s"
    ]
    for backend, count, f in results:
        worst = max(f["report"], f["officers"], f["pdf"])
        lines.append(
            f"{backend:<11}{count:>10,}{f['fill_s']:>8.1f}   {f['report']:>9.3f}{f['agency']:>8.3f}"
            f"{f['officers']:>9.3f}{f['json']:>7.3f}{f['csv']:>7.3f}{f['pdf']:>7.3f}   "
            f"{'OK' if worst < GOAL_S else 'MISSED'}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.skm_bench", description=__doc__)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(PG_ENV))
    parser.add_argument("-n", "--count", type=int, default=30_000, help="survey responses")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    backends = ["sqlite"] + (["postgresql"] if args.pg and not args.sqlite_only else [])
    results = []
    for backend in backends:
        with _database(backend, args.pg) as url:
            results.append((backend, args.count, measure(backend, url, args.count)))
        print(report(results[-1:]), flush=True)
    worst = max(max(f["report"], f["officers"], f["pdf"]) for _, _, f in results)
    return 0 if worst < GOAL_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
