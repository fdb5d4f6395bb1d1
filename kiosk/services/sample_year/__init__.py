"""A realistic year for one MPP, written in bulk: tickets with their calls, applications with
their hash-chained events, SKM responses, complaints and the counter-side ratings of visits.

Defaults (issue 10): 600,000 tickets, 100,000 applications, 30,000 survey responses, 2,000
complaints, 120,000 ratings (1-4, mostly 3-4) over the working days of one year (the sample
catalogue, its counters, the shipped 2025-2026 holidays, one officer per counter).
``--scale 0.1`` makes a tenth of everything.

Shape: tickets only on working days, 08:00-15:00, peaking at 09-10; the popular services get
most (a Zipf-like weight); waits grow with the morning's load (exponential, mean 6-35 minutes);
service times per service (log-normal around 3-15 minutes); 4 % no-shows, 1 % cancelled, 8 %
priority, 5 % recalled; 10 % finished straight from the call. Applications: due dates by the
real rules (kiosk.services.deadlines.due_for over the holiday table), 88 % ready within the SOP,
the rest 1-8 working days late, 10 % with a clock stop of 1-5 working days, 3 % rejected; files
whose work runs past the year's end stay open (some overdue). Complaints: classified mostly
ringan/normatif, 85 % answered (most within the deadline), closed ones founded 40 % of the time.

Speed: rows are built in Python and inserted with executemany in batches of 10,000 (SQLAlchemy
Core; PostgreSQL through psycopg 3's pipelined executemany), with explicit ids so calls and
events can point at their tickets and applications without reading them back.

Run: ``mpp-kiosk dev seed-year --db URL [--scale 1.0] [--year 2025]`` (or ``python -m
bench.make_year``); ``bench.reports_bench`` uses :func:`make_year` directly.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from typing import Any

from kiosk.services.sample_year._base import WIB, Progress, read_catalogue, working_days
from kiosk.services.sample_year._files import _applications, _complaints
from kiosk.services.sample_year._queue import _ratings, _surveys, _tickets

__all__ = ["FULL", "WIB", "Progress", "has_real_data", "make_year"]

FULL = {
    "tickets": 600_000,
    "applications": 100_000,
    "surveys": 30_000,
    "complaints": 2_000,
    "ratings": 120_000,
}


def has_real_data(ctx: Any) -> dict[str, int]:
    """The rows a year would be written beside: {table: count} of the tables that have any
    (tickets, applications, survey responses, complaints, ratings); empty: safe to seed."""
    from sqlalchemy import func, select

    from kiosk.db.models import Application, Complaint, SurveyResponse, Ticket, TicketRating

    found = {}
    with ctx.db.snapshot() as s:
        for model in (Ticket, Application, SurveyResponse, Complaint, TicketRating):
            n = int(s.scalar(select(func.count()).select_from(model)) or 0)
            if n:
                found[model.__tablename__] = n
    return found


def make_year(ctx: Any, *, year: int = 2025, scale: float = 1.0, seed: int = 10) -> dict[str, Any]:
    """Fill ``ctx``'s database (prepared: catalogue, holidays, accounts) with a year; returns
    the counts and the seconds it took."""
    from sqlalchemy import text

    from kiosk.services.holidays import work_calendar

    started = time.perf_counter()
    rng = random.Random(seed)
    counts = {k: max(1, round(v * scale)) for k, v in FULL.items()}
    cat = read_catalogue(ctx)
    with ctx.db.snapshot() as s:
        calendar = work_calendar(ctx, s)
    days = working_days(calendar, year)
    end_of_year = datetime(year + 1, 1, 1, tzinfo=WIB).astimezone(UTC)
    made = _tickets(ctx, cat, days, counts["tickets"], rng)
    done = made.pop("done")
    made |= _applications(ctx, cat, days, counts["applications"], calendar, end_of_year, rng)
    made["surveys"] = _surveys(ctx, cat, done, counts["surveys"], rng)
    made["complaints"] = _complaints(
        ctx, cat, days, counts["complaints"], calendar, end_of_year, rng
    )
    # its own random stream: adding the ratings left every other row of a seed as it was
    made["ratings"] = _ratings(ctx, cat, done, counts["ratings"], random.Random(seed + 1))
    with ctx.db.engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if conn.dialect.name == "postgresql":
            for table in ("tickets", "applications"):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                        f" (SELECT max(id) FROM {table}))"
                    )
                )
        # VACUUM too on PostgreSQL: index-only scans need the visibility map of fresh rows
        conn.execute(text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))
    made["seconds"] = time.perf_counter() - started
    return made
