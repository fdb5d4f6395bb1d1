"""Tracking bench: how fast the kiosk answers a scanned receipt with 1,000,000 applications.

Fill: a fresh database (SQLite file in a temp folder; PostgreSQL in its own schema, dropped
afterwards) with the sample catalogue and holidays, then N applications spread over 2025-2026
with their real stage-chain snapshots and two hash-chained events each (registered, advanced),
written in bulk: ``executemany`` in one transaction on SQLite, ``COPY`` on PostgreSQL.

Measure: ``resolve_scan`` (what the kiosk calls for a QR) on random EXISTING codes, after a
warm-up, plus ``track_typed`` (registration number + last 4 digits) and scans of well-formed
codes that do not exist. Figures are per call, in milliseconds, in the calling thread.

Goal (issue 5): resolve_scan p95 < 5 ms on SQLite and PostgreSQL.

Run: ``python -m bench.tracking_bench [-n 1000000] [--pg URL]`` or ``python -m bench``.
PostgreSQL is measured when MPP_KIOSK_TEST_POSTGRES_URL or --pg names a server.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

PG_ENV = "MPP_KIOSK_TEST_POSTGRES_URL"
GOAL_MS = 5.0
WIB = ZoneInfo("Asia/Jakarta")
#: The bench's "now": mid-2026, so older files are late and the lateness path is measured too.
NOW = datetime(2026, 6, 15, 10, 0, tzinfo=WIB)
BATCH = 20_000
NIK_TAIL = "2741"

APP_COLUMNS = (
    "id", "site_id", "service_id", "registration_number", "year", "sequence", "tracking_code",
    "name_masked", "name_sealed", "nik_sealed", "phone_sealed", "nik_digest", "nik_check",
    "phone_check", "documents", "stages",
    "status", "current_stage", "complete_at", "due_at", "clock_stopped_at",
    "paused_working_days", "registered_at", "finished_at", "officer_id", "ticket_id",
    "reject_reason", "event_count", "head_hash",
)  # fmt: skip
SEALED = APP_COLUMNS[7:14]
EVENT_COLUMNS = (
    "id", "site_id", "application_id", "seq", "kind", "stage", "note", "staff_id", "at",
    "status", "due_at", "prev_hash", "hash", "state_hash",
)  # fmt: skip


@dataclass
class Figures:
    backend: str
    count: int
    fill_s: float
    scan: list[float]
    typed: list[float]
    missing: list[float]


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- the database --------------------------------------------------------------------------------


@contextmanager
def _database(backend: str, pg_url: str | None) -> Iterator[str]:
    """A URL for an empty database of ``backend``, removed afterwards."""
    if backend == "sqlite":
        with tempfile.TemporaryDirectory(prefix="tracking-bench-") as tmp:
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


def _context(url: str) -> Any:
    from kiosk.config import load_settings
    from kiosk.core.clock import FixedClock
    from kiosk.services.context import build_context
    from kiosk.services.setup import prepare_database

    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), FixedClock(NOW))
    prepare_database(ctx, demo_accounts=False)
    return ctx


# --- rows ---------------------------------------------------------------------------------------


@dataclass
class _Plan:
    """What every generated application of one service shares."""

    service_id: int
    stages_json: str
    documents_json: str
    first: str
    second: str
    days: int


def _plans(ctx: Any) -> list[_Plan]:
    from sqlalchemy import select

    from kiosk.db.models import Service
    from kiosk.services.applications import _stage_chain

    plans = []
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        for service in session.scalars(select(Service).where(Service.site_id == site_id)):
            chain = _stage_chain(session, site_id, service)
            docs = [
                {"id": a, "en": b}
                for a, b in zip(service.requirements_id, service.requirements_en, strict=False)
            ]
            plans.append(
                _Plan(
                    service.id,
                    json.dumps(chain, ensure_ascii=False),
                    json.dumps(docs, ensure_ascii=False),
                    chain[0]["code"],
                    chain[1]["code"],
                    service.sop_working_days or 1,
                )
            )
    return plans


def _rows(
    site_id: int, site_code: str, plans: list[_Plan], count: int, seed: int, ring: Any
) -> Iterator[tuple[list[tuple[Any, ...]], list[tuple[Any, ...]], list[str]]]:
    """Batches of (application rows, event rows, a sample of their tracking codes).

    Hashes are computed exactly as kiosk.services.audit does, so `audit verify` passes on the
    result (the chain format is pinned by tests/integration/test_audit.py).
    """
    from kiosk.core.codes import new_tracking_code
    from kiosk.core.personal import seal_applicant
    from kiosk.services.audit import GENESIS, event_hash, state_hash

    rng = random.Random(seed)
    half = count // 2
    # the first half registered over 2025, the second over 2026 up to the bench's "now"
    spans = {
        2025: (datetime(2025, 1, 2, 1, tzinfo=UTC), datetime(2025, 12, 31, 8, tzinfo=UTC)),
        2026: (datetime(2026, 1, 2, 1, tzinfo=UTC), NOW.astimezone(UTC) - timedelta(hours=2)),
    }
    apps: list[tuple[Any, ...]] = []
    events: list[tuple[Any, ...]] = []
    sample: list[str] = []
    for i in range(1, count + 1):
        plan = plans[rng.randrange(len(plans))]
        year = 2025 if i <= half else 2026
        seq = i if i <= half else i - half
        first, last = spans[year]
        share = (seq - 1) / max(1, (half if year == 2025 else count - half))
        registered = first + (last - first) * share
        number = f"{site_code}-{year:04d}-{seq:06d}"
        code = new_tracking_code("A")
        due = registered + timedelta(days=plan.days * 7 // 5 + 2)
        advanced = registered + timedelta(hours=1)
        # Sealed as the registration seals them (kiosk/core/personal.py).
        person = seal_applicant(ring, number, "Pemohon Uji Beban", f"351301450690{NIK_TAIL}", "")
        # Hashed by the project's own functions, so `audit verify` passes on the result.
        app_ns = SimpleNamespace(
            registration_number=number, year=year, sequence=seq, tracking_code=code,
            service_id=plan.service_id, officer_id=None, ticket_id=None,
            name_masked=person["name_masked"], documents=json.loads(plan.documents_json),
            documents_not_applicable=[], stages=json.loads(plan.stages_json),
            status="in_progress", current_stage=plan.second, complete_at=registered,
            registered_at=registered, due_at=due, finished_at=None, clock_stopped_at=None,
            paused_working_days=0, reject_reason="",
        )  # fmt: skip
        state = state_hash(app_ns)  # type: ignore[arg-type]
        ev1 = SimpleNamespace(prev_hash=GENESIS, seq=1, kind="registered", stage=plan.first,
                              status="in_progress", note="", staff_id=None, at=registered,
                              due_at=due, state_hash="")  # fmt: skip
        h1 = event_hash(app_ns, ev1)  # type: ignore[arg-type]
        ev2 = SimpleNamespace(prev_hash=h1, seq=2, kind="advanced", stage=plan.second,
                              status="in_progress", note="", staff_id=None, at=advanced,
                              due_at=due, state_hash=state)  # fmt: skip
        h2 = event_hash(app_ns, ev2)  # type: ignore[arg-type]
        apps.append(
            (i, site_id, plan.service_id, number, year, seq, code, *(person[c] for c in SEALED),
             plan.documents_json,
             plan.stages_json, "in_progress", plan.second, registered, due, None, 0,
             registered, None, None, None, "", 2, h2)
        )  # fmt: skip
        events.append(
            (2 * i - 1, site_id, i, 1, "registered", plan.first, "", None, registered,
             "in_progress", due, GENESIS, h1, "")
        )  # fmt: skip
        events.append(
            (2 * i, site_id, i, 2, "advanced", plan.second, "", None, advanced,
             "in_progress", due, h1, h2, state)
        )  # fmt: skip
        if rng.random() < 0.01:
            sample.append(code)
        if len(apps) >= BATCH:
            yield apps, events, sample
            apps, events, sample = [], [], []
    if apps:
        yield apps, events, sample


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, datetime):  # SQLAlchemy's SQLite format: naive UTC with microseconds
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def fill(ctx: Any, count: int, seed: int = 5) -> tuple[list[str], float]:
    """Bulk-insert ``count`` applications; returns (sampled existing codes, seconds)."""
    from sqlalchemy import select

    from kiosk.db.models import Site

    started = time.perf_counter()
    plans = _plans(ctx)
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        site_code = session.scalar(select(Site.code).where(Site.id == site_id))
    sample: list[str] = []
    ring = ctx.db.keys.keyring()
    raw = ctx.db.engine.raw_connection()
    try:
        if ctx.db.dialect == "sqlite":
            cur = raw.cursor()
            cur.execute("PRAGMA synchronous=OFF")
            cur.execute("BEGIN")
            app_sql = (
                f"INSERT INTO applications ({', '.join(APP_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(APP_COLUMNS))})"
            )
            ev_sql = (
                f"INSERT INTO application_events ({', '.join(EVENT_COLUMNS)}) "
                f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"
            )
            for apps, events, codes in _rows(site_id, site_code, plans, count, seed, ring):
                cur.executemany(app_sql, [tuple(map(_sqlite_value, r)) for r in apps])
                cur.executemany(ev_sql, [tuple(map(_sqlite_value, r)) for r in events])
                sample.extend(codes)
            _sequences_sql(cur, site_id, count, "?")
            cur.execute("COMMIT")
            cur.execute("ANALYZE")
            cur.execute("PRAGMA synchronous=NORMAL")
        else:
            conn = raw.driver_connection
            assert conn is not None
            with conn.cursor() as cur:
                app_copy = f"COPY applications ({', '.join(APP_COLUMNS)}) FROM STDIN"
                ev_copy = f"COPY application_events ({', '.join(EVENT_COLUMNS)}) FROM STDIN"
                for apps, events, codes in _rows(site_id, site_code, plans, count, seed, ring):
                    with cur.copy(app_copy) as copy:
                        for row in apps:
                            copy.write_row(row)
                    with cur.copy(ev_copy) as copy:
                        for row in events:
                            copy.write_row(row)
                    sample.extend(codes)
                _sequences_sql(cur, site_id, count, "%s")
                for table in ("applications", "application_events"):
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT max(id) FROM {table}))"
                    )
            conn.commit()
            with conn.cursor() as cur:
                conn.autocommit = True
                cur.execute("VACUUM ANALYZE applications")
                cur.execute("VACUUM ANALYZE application_events")
                conn.autocommit = False
    finally:
        raw.close()
    return sample, time.perf_counter() - started


def fill_url(url: str, count: int) -> list[str]:
    """``fill`` on the database at ``url`` in a context of its own (a child process of the
    summary fills one backend while the parent fills the other); the sampled codes."""
    ctx = _context(url)
    try:
        return fill(ctx, count)[0]
    finally:
        ctx.db.dispose()


def _sequences_sql(cur: Any, site_id: int, count: int, mark: str) -> None:
    half = count // 2
    sql = f"INSERT INTO application_sequences (site_id, year, last) VALUES ({mark}, {mark}, {mark})"
    cur.execute(sql, (site_id, 2025, half))
    cur.execute(sql, (site_id, 2026, count - half))


# --- measuring ------------------------------------------------------------------------------------


def _timed(fn: Any, args: list[tuple[Any, ...]], warmup: int) -> list[float]:
    samples = []
    for i, a in enumerate(args):
        t0 = time.perf_counter()
        fn(*a)
        elapsed = (time.perf_counter() - t0) * 1000
        if i >= warmup:
            samples.append(elapsed)
    return samples


def measure(
    backend: str, url: str, count: int, lookups: int, warmup: int, verify: bool = False
) -> Figures:
    from kiosk.core.codes import format_code, new_tracking_code
    from kiosk.services.tracking import resolve_scan, track_typed

    ctx = _context(url)
    try:
        sample, fill_s = fill(ctx, count)
        if verify:
            from kiosk.services.audit import verify_chain

            t0 = time.perf_counter()
            chain = verify_chain(ctx)
            print(
                f"{backend}: audit verify of {chain.applications:,} applications, "
                f"{chain.events:,} events: {'intact' if chain.ok else chain.broken[0]} "
                f"in {time.perf_counter() - t0:.1f} s",
                flush=True,
            )
            assert chain.ok
        rng = random.Random(11)
        n = lookups + warmup
        codes = [format_code(rng.choice(sample)) for _ in range(n)]
        for raw in codes[:20]:
            result = resolve_scan(ctx, raw, device="bench")
            assert result.kind == "application", (raw, result.kind)
        scan = _timed(resolve_scan, [(ctx, c, "bench") for c in codes], warmup)
        numbers = [
            f"PRB-{2025 if i <= count // 2 else 2026}-"
            f"{(i if i <= count // 2 else i - count // 2):06d}"
            for i in (rng.randint(1, count) for _ in range(n))
        ]
        typed = _timed(track_typed, [(ctx, num, NIK_TAIL, "bench") for num in numbers], warmup)
        missing_codes = [new_tracking_code("A") for _ in range(n)]
        missing = _timed(resolve_scan, [(ctx, c, "bench") for c in missing_codes], warmup)
        return Figures(backend, count, fill_s, scan, typed, missing)
    finally:
        ctx.db.dispose()


def report(results: list[Figures]) -> str:
    lines = [
        f"{'backend':<11}{'apps':>10}{'fill s':>8}   "
        f"{'scan p50':>9}{'p95':>7}{'p99':>7}   {'typed p50':>9}{'p95':>7}   "
        f"{'miss p95':>8}   goal p95 < {GOAL_MS:g} ms",
    ]
    for r in results:
        p95 = _pct(r.scan, 95)
        lines.append(
            f"{r.backend:<11}{r.count:>10,}{r.fill_s:>8.0f}   "
            f"{statistics.median(r.scan):>9.2f}{p95:>7.2f}{_pct(r.scan, 99):>7.2f}   "
            f"{statistics.median(r.typed):>9.2f}{_pct(r.typed, 95):>7.2f}   "
            f"{_pct(r.missing, 95):>8.2f}   {'OK' if p95 < GOAL_MS else 'MISSED'}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.tracking_bench", description=__doc__)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(PG_ENV))
    parser.add_argument("-n", "--count", type=int, default=1_000_000, help="applications")
    parser.add_argument("--lookups", type=int, default=2000, help="measured lookups per kind")
    parser.add_argument("--warmup", type=int, default=200)
    parser.add_argument("--sqlite-only", action="store_true")
    parser.add_argument("--verify", action="store_true", help="also time `audit verify`")
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    backends = ["sqlite"] + (["postgresql"] if args.pg and not args.sqlite_only else [])
    results = []
    for backend in backends:
        with _database(backend, args.pg) as url:
            results.append(
                measure(backend, url, args.count, args.lookups, args.warmup, args.verify)
            )
        print(report(results[-1:]), flush=True)
    print()
    print(report(results))
    if not args.pg:
        print(f"(PostgreSQL skipped: set {PG_ENV} or pass --pg URL)")
    return 0 if all(_pct(r.scan, 95) < GOAL_MS for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
