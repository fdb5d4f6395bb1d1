"""The wait estimate's latest service times, kept by "finish" (issue 13), on both databases.

Issuing reads one row per queue and day instead of the day's finished tickets. These tests hold
it to the figures the tickets themselves give (the estimate a citizen is printed must not change),
to two counters finishing at once, and to an upgrade in the middle of an opening day.
"""

from __future__ import annotations

import math
import statistics
import threading
from datetime import timedelta

import pytest
from alembic import command
from sqlalchemy import select

from kiosk.core.clock import FixedClock
from kiosk.db import migrate
from kiosk.db.models import QueueServiceTimes, Service, Site, Ticket
from kiosk.services import queue, queue_stats, staff
from kiosk.services.context import AppContext
from kiosk.services.setup import DEMO_PASSWORD


def officer(ctx: AppContext) -> staff.Officer:
    return staff.authenticate(ctx, "petugas", DEMO_PASSWORD)


def minutes_from_tickets(ctx: AppContext, prefix: str) -> float:
    """The old way, by hand: the median of the queue's last 20 finished tickets of the day."""
    with ctx.db.snapshot() as s:
        rows = s.execute(
            select(Ticket.serving_at, Ticket.finished_at)
            .join(Service, Service.id == Ticket.service_id)
            .where(Service.queue_prefix == prefix, Ticket.status == "done")
            .order_by(Ticket.finished_at.desc())
            .limit(20)
        ).all()
    return statistics.median((f - s).total_seconds() / 60 for s, f in rows)


def test_finished_services_give_the_figures_the_tickets_give(
    ctx: AppContext, clock: FixedClock
) -> None:
    me = officer(ctx)
    queue.open_counter(ctx, me, 5)
    # 26 visitors of queue P over two of its services: more than the 20 the estimate keeps,
    # some served after "start serving", some finished straight from the call.
    for i in range(26):
        queue.issue_ticket(ctx, "REKLAME" if i % 2 else "TDG")
    for i in range(26):
        queue.call_next(ctx, me, 5)
        if i % 3:
            clock.advance(minutes=1)
            queue.start_serving(ctx, me, 5)
        clock.advance(minutes=2 + (i * 7) % 11, seconds=i)
        queue.finish(ctx, me, 5)
    expected = minutes_from_tickets(ctx, "P")
    with ctx.db.snapshot() as s:
        site_id = s.scalar(select(Site.id))
        one = queue_stats.service_minutes(s, site_id, ctx.today(), "P")
        every = queue_stats.service_minutes(s, site_id, ctx.today())
        kept = s.scalar(select(QueueServiceTimes.recent_ms))
    assert one == {"P": pytest.approx(expected)} and every == one
    assert len(kept) == 20  # the oldest six fell out
    # The ticket a citizen is handed now: 3 new visitors, 1 open counter of queue P.
    for _ in range(3):
        last = queue.issue_ticket(ctx, "TDG")
    assert last.ahead == 2 and last.est_wait_minutes == math.ceil(2 * expected)
    # Recomputing from the tickets (what a bulk load does) gives the same row.
    with ctx.db.transaction() as s:
        queue_stats.rebuild_service_times(s, site_id, ctx.today())
    with ctx.db.snapshot() as s:
        assert s.scalar(select(QueueServiceTimes.recent_ms)) == kept


def test_a_no_show_or_another_day_adds_no_service_time(ctx: AppContext, clock: FixedClock) -> None:
    me = officer(ctx)
    queue.open_counter(ctx, me, 5)
    queue.issue_ticket(ctx, "TDG")
    queue.call_next(ctx, me, 5)
    clock.advance(minutes=4)
    queue.no_show(ctx, me, 5)
    with ctx.db.snapshot() as s:
        assert s.scalars(select(QueueServiceTimes)).all() == []
        site_id = s.scalar(select(Site.id))
        assert queue_stats.service_minutes(s, site_id, ctx.today()) == {}
    queue.issue_ticket(ctx, "TDG")
    queue.call_next(ctx, me, 5)
    clock.advance(minutes=4)
    queue.finish(ctx, me, 5)
    with ctx.db.snapshot() as s:
        assert queue_stats.service_minutes(s, site_id, ctx.today(), "P") == {"P": 4.0}
        tomorrow = ctx.today() + timedelta(days=1)
        assert queue_stats.service_minutes(s, site_id, tomorrow, "P") == {}


@pytest.mark.postgres
def test_two_counters_finishing_at_once_lose_no_time(
    ctx: AppContext, clock: FixedClock, db_url: str
) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("one writer at a time on SQLite: the race is PostgreSQL's")
    me = officer(ctx)
    for counter in (5, 6):
        queue.open_counter(ctx, me, counter)
    for _ in range(16):
        queue.issue_ticket(ctx, "TDG")
    clock.advance(minutes=3)
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def serve(counter: int) -> None:
        try:
            start.wait()
            for _ in range(8):
                queue.call_next(ctx, me, counter)
                queue.finish(ctx, me, counter)
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=serve, args=(c,)) for c in (5, 6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert failures == []
    with ctx.db.snapshot() as s:
        assert len(s.scalar(select(QueueServiceTimes.recent_ms))) == 16


def test_an_upgrade_during_the_day_keeps_its_service_times(
    ctx: AppContext, clock: FixedClock
) -> None:
    """Back to 0017 (no such rows) and up again in the middle of the day: the upgrade fills
    them from today's tickets, or the estimate would say 5 minutes a person until the next
    finish."""
    me = officer(ctx)
    queue.open_counter(ctx, me, 5)
    for minutes in (6, 9, 4):
        queue.issue_ticket(ctx, "TDG")
        queue.call_next(ctx, me, 5)
        clock.advance(minutes=minutes)
        queue.finish(ctx, me, 5)
    cfg = migrate._config(ctx.db)
    with ctx.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0017")
    with ctx.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with ctx.db.snapshot() as s:
        row = s.execute(select(QueueServiceTimes.prefix, QueueServiceTimes.recent_ms)).one()
    assert tuple(row) == ("P", [6 * 60_000, 9 * 60_000, 4 * 60_000])
