"""What the slip says equals what the screen says equals what a fresh read says, with kiosks
issuing at once (issue 13: on PostgreSQL the slip's "ahead" and wait are filled in by SQL
under the queue's sequence row lock, not by Python after a query).

4 processes x 24 tickets on queue "P" with a printer, every third ticket a priority one,
counters 5 and 6 open (5 minutes a person / 2 counters: odd "ahead" values round up, so the
float arithmetic of SQL and Python must agree). Nobody is called, so a fresh read afterwards
must give each ticket the "ahead" it was issued with.
"""

from __future__ import annotations

import multiprocessing
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from kiosk.db.models import PrintJob, Ticket
from kiosk.services import queue, queue_stats, staff
from kiosk.services.context import AppContext
from kiosk.services.queue._common import ahead_of, counters_of
from kiosk.services.setup import DEMO_PASSWORD

PROCESSES = 4
PER_PROCESS = 24
SERVICE = "REKLAME"  # queue "P", counters 5 and 6 (interleave 3)


def _kiosk(url: str, count: int, start: Any) -> list[tuple[Any, ...]]:
    """One kiosk: per ticket what its screen shows (number, ahead, wait) and its job id."""
    from kiosk.core.clock import FixedClock
    from kiosk.services.context import build_context
    from tests.conftest import settings_for

    ctx = build_context(
        settings_for(url), FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    )
    start.wait(60)
    try:
        out = []
        for i in range(count):
            kind = "lansia" if i % 3 == 2 else None
            t = queue.issue_ticket(
                ctx, SERVICE, priority_kind=kind, device="k", printer_uri="preview://slip"
            )
            out.append((t.id, t.number, t.ahead, t.wait.kind, t.wait.minutes, t.print_job_id))
        return out
    finally:
        ctx.db.dispose()


@pytest.mark.slow
def test_slip_screen_and_fresh_read_agree_under_concurrent_kiosks(
    ctx: AppContext, db_url: str
) -> None:
    me = staff.authenticate(ctx, "petugas", DEMO_PASSWORD)
    queue.open_counter(ctx, me, 5)
    queue.open_counter(ctx, me, 6)
    mp = multiprocessing.get_context("spawn")
    manager = mp.Manager()
    start = manager.Barrier(PROCESSES)
    with mp.Pool(PROCESSES) as pool:
        pending = [pool.apply_async(_kiosk, (db_url, PER_PROCESS, start)) for _ in range(PROCESSES)]
        shown = [row for p in pending for row in p.get(timeout=240)]
    manager.shutdown()
    assert len(shown) == PROCESSES * PER_PROCESS
    assert sorted(int(r[1][1:]) for r in shown) == list(range(1, len(shown) + 1))
    odd_minutes = 0
    with ctx.db.snapshot() as s:
        counters = counters_of(s, ctx.site_id(s))
        for ticket_id, number, ahead, kind, minutes, job_id in shown:
            ticket = s.get_one(Ticket, ticket_id)
            fresh = ahead_of(s, ticket, "P", counters)
            expected = queue_stats.estimate(fresh, "P", counters, {})
            slip = s.get_one(PrintJob, job_id).payload["data"]
            assert s.get_one(PrintJob, job_id).ticket_id == ticket_id
            assert slip["ticket_number"] == number
            assert (slip["ahead"], ahead) == (fresh, fresh), number
            assert (kind, minutes) == (expected.kind, expected.minutes) == ("minutes", minutes)
            assert (slip["est_wait_kind"], slip["est_wait_minutes"]) == (kind, minutes), number
            odd_minutes += fresh % 2
        regular = s.scalars(select(Ticket.id).where(Ticket.priority_kind.is_(None))).all()
    assert odd_minutes > 0 and 0 < len(regular) < len(shown)  # the test covers what it says


def test_a_ticket_without_a_printer_still_knows_who_is_ahead(ctx: AppContext) -> None:
    first = queue.issue_ticket(ctx, SERVICE)
    second = queue.issue_ticket(ctx, SERVICE, priority_kind="lansia")
    third = queue.issue_ticket(ctx, SERVICE)
    assert (first.ahead, second.ahead, third.ahead) == (0, 1, 2)
    assert first.print_job_id is None and queue.ticket_status(ctx, third.code).ahead == 2
