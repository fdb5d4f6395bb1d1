"""Eight kiosks pressing at once: 8 processes x 100 tickets on one queue -> exactly 1..800.

Real processes (each with its own engine and connections), real databases: the anchors'
duplicate-number bug only shows up under true concurrency.

The processes come from a "forkserver" that imported this module once (a fresh interpreter,
like "spawn": nothing of pytest's process is inherited, and importing opens no connection),
instead of 8 spawned interpreters each importing kiosk, SQLAlchemy and pytest again (~3 s of
the test on two cores). Each kiosk still builds its own context after it starts.
"""

from __future__ import annotations

import multiprocessing
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from kiosk.db.models import QueueSequence, Ticket
from kiosk.services.context import AppContext

PROCESSES = 8
PER_PROCESS = 100
SERVICE = "REKLAME"  # queue "P", no daily quota in the sample catalogue


def _issue_many(url: str, count: int, start: Any) -> list[str]:
    """One kiosk: its own context and connections, then `count` tickets as fast as it can."""
    from kiosk.core.clock import FixedClock
    from kiosk.services import queue
    from kiosk.services.context import build_context
    from tests.conftest import settings_for

    ctx = build_context(
        settings_for(url), FixedClock(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    )
    start.wait(60)  # a Barrier: every kiosk starts pressing at the same moment
    try:
        return [queue.issue_ticket(ctx, SERVICE, device="bench").number for _ in range(count)]
    finally:
        ctx.db.dispose()


@pytest.mark.slow
def test_eight_processes_get_exactly_one_to_eight_hundred(ctx: AppContext, db_url: str) -> None:
    mp = multiprocessing.get_context("forkserver")
    # Effective when this test starts the server (the usual case); else the workers import.
    mp.set_forkserver_preload([__name__])
    manager = mp.Manager()
    start = manager.Barrier(PROCESSES)
    with mp.Pool(PROCESSES) as pool:
        results = [
            pool.apply_async(_issue_many, (db_url, PER_PROCESS, start)) for _ in range(PROCESSES)
        ]
        numbers = [n for r in results for n in r.get(timeout=240)]
    manager.shutdown()
    total = PROCESSES * PER_PROCESS
    assert len(numbers) == total
    assert sorted(int(n[1:]) for n in numbers) == list(range(1, total + 1))
    with ctx.db.snapshot() as s:
        stored = s.scalars(select(Ticket.number).order_by(Ticket.number)).all()
        last = s.scalar(select(QueueSequence.last).where(QueueSequence.prefix == "P"))
        distinct_codes = s.scalar(select(func.count(func.distinct(Ticket.code))))
    assert stored == list(range(1, total + 1))
    assert last == total and distinct_codes == total
