"""Queue statistics: service minutes, waits and the wait estimate, in one public module.

The kiosk's estimate and the reports read the same numbers, so a report never contradicts what
a ticket promised. Functions take an open session (the caller's transaction or snapshot).

* Service minutes: the median of a queue's last ``RECENT_SERVICES`` tickets finished today,
  from the start of service (or the call, when the officer went straight to "finish") to finish.
  "Finish" keeps them in one row per queue and day (``queue_service_times``), so the estimate
  costs the same at the day's last ticket as at its first.
* Waits: for each ticket called today, minutes from issue to its FIRST call (from the append-only
  ``call_events``, so a recall or a transfer does not rewrite it), by the ticket's printed queue.
* Estimate: ahead x the service minutes / the counters of the queue that are OPEN now (a paused
  or closed counter serves nobody); ``DEFAULT_SERVICE_MINUTES`` per person without data today.
  No open counter: no time at all (``no_counter_open``, with when the service opens again when
  it is outside its hours); no counter configured for the queue: ``unknown``.
"""

from __future__ import annotations

import functools
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Subquery,
    bindparam,
    delete,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.core.estimate import WaitEstimate
from kiosk.db.models import (
    Base,
    CallEvent,
    Counter,
    QueueServiceTimes,
    Service,
    Ticket,
    UtcDateTime,
)

__all__ = [
    "DEFAULT_SERVICE_MINUTES",
    "RECENT_SERVICES",
    "WaitEstimate",
    "estimate",
    "first_call_epochs",
    "first_calls",
    "rebuild_service_times",
    "record_service",
    "service_minutes",
    "service_start",
    "wait_minutes",
]

#: Minutes per person when no ticket of the queue has been finished today.
DEFAULT_SERVICE_MINUTES = 5.0
#: How many recent service times the estimate looks at.
RECENT_SERVICES = 20


def service_start() -> ColumnElement[datetime]:
    """When a ticket's service began: "start serving", or the call when the officer went
    straight to "finish". Service time = finished_at - this (the estimate and the reports)."""
    return func.coalesce(Ticket.serving_at, Ticket.called_at)


def first_calls(site_id: int, day_from: date, day_to: date) -> Subquery:
    """(ticket_id, first_at): each ticket's FIRST call on the days ``day_from``..``day_to``, from
    the append-only call_events (a recall or a transfer's second call does not move it). Wait =
    first_at - issued_at, for the estimate's history and the queue report alike."""
    return (
        select(CallEvent.ticket_id, func.min(CallEvent.at, type_=UtcDateTime()).label("first_at"))
        .where(
            CallEvent.site_id == site_id,
            CallEvent.day >= day_from,
            CallEvent.day <= day_to,
            CallEvent.kind == "call",
        )
        .group_by(CallEvent.ticket_id)
        .subquery()
    )


def first_call_epochs(conn: Any, site_id: int, day_from: date, day_to: date) -> dict[int, float]:
    """The same first calls as :func:`first_calls`, as {ticket id: epoch seconds}, for a whole
    period: the minimum is taken here over one index range scan of the calls, which on SQLite
    is several times faster than its GROUP BY into a temporary B-tree (bench.reports_bench)."""
    from kiosk.services.reports._common import epoch_seconds

    first: dict[int, float] = {}
    stmt = select(CallEvent.ticket_id, epoch_seconds(conn, CallEvent.at)).where(
        CallEvent.site_id == site_id,
        CallEvent.day >= day_from,
        CallEvent.day <= day_to,
        CallEvent.kind == "call",
    )
    for ticket_id, at in conn.execute(stmt).fetchall():
        seen = first.get(ticket_id)
        if seen is None or at < seen:
            first[ticket_id] = at
    return first


@functools.cache
def _times_statements(dialect: str) -> tuple[Any, Any, Any]:
    """(one queue's row, create-or-lock its row, write its row), built once per dialect: the
    first runs in every ticket's transaction (issue 13)."""
    table = Base.metadata.tables[QueueServiceTimes.__tablename__]
    of_queue = [
        table.c.site_id == bindparam("q_site"),
        table.c.day == bindparam("q_day"),
        table.c.prefix == bindparam("q_prefix"),
    ]
    read = select(table.c.prefix, table.c.recent_ms).where(*of_queue)
    upsert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # A queue's two counters finishing at once: the second waits on the first's row lock
    # (PostgreSQL; SQLite has one writer), so neither loses the other's time.
    lock = (
        upsert(table)
        .values(
            site_id=bindparam("q_site"),
            day=bindparam("q_day"),
            prefix=bindparam("q_prefix"),
            recent_ms=[],
        )
        .on_conflict_do_update(
            index_elements=[table.c.site_id, table.c.day, table.c.prefix],
            set_={"recent_ms": table.c.recent_ms},
        )
        .returning(table.c.recent_ms)
    )
    write = update(table).where(*of_queue).values(recent_ms=bindparam("q_recent"))
    return read, lock, write


def _service_ms(started_at: datetime, finished_at: datetime) -> int:
    """One service's length in ms (never negative: a clock set back does not make it so)."""
    return max(0, round((finished_at - started_at).total_seconds() * 1000))


def record_service(
    session: Session,
    site_id: int,
    day: date,
    prefix: str,
    started_at: datetime,
    finished_at: datetime,
) -> None:
    """Add one finished service to its queue's latest times of ``day`` ("finish"'s
    transaction: the estimate sees it the moment the finish is committed)."""
    _read, lock, write = _times_statements(session.get_bind().dialect.name)
    params: dict[str, Any] = {"q_site": site_id, "q_day": day, "q_prefix": prefix}
    recent = list(session.execute(lock, params).scalar_one())
    recent.append(_service_ms(started_at, finished_at))
    session.execute(write, {**params, "q_recent": recent[-RECENT_SERVICES:]})


def rebuild_service_times(
    session: Session, site_id: int, day_from: date, day_to: date | None = None
) -> None:
    """Recompute the latest service times of ``day_from``..``day_to`` (inclusive; one day when
    ``day_to`` is None) from their finished tickets: for tickets written in bulk (sample data,
    benches) rather than finished at a counter."""
    last_day = day_from if day_to is None else day_to
    start = service_start()
    ranked = (
        select(
            Ticket.day.label("day"),
            Service.queue_prefix.label("prefix"),
            start.label("start"),
            Ticket.finished_at.label("finished_at"),
            func.row_number()
            .over(
                partition_by=(Ticket.day, Service.queue_prefix),
                order_by=Ticket.finished_at.desc(),
            )
            .label("rank"),
        )
        .join(Service, Service.id == Ticket.service_id)
        .where(
            Ticket.site_id == site_id,
            Ticket.day.between(day_from, last_day),
            Ticket.status == "done",
            Ticket.finished_at.is_not(None),
            start.is_not(None),
        )
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.day, ranked.c.prefix, ranked.c.start, ranked.c.finished_at)
        .where(ranked.c.rank <= RECENT_SERVICES)
        .order_by(ranked.c.day, ranked.c.prefix, ranked.c.finished_at)
    ).all()
    recent: dict[tuple[date, str], list[int]] = defaultdict(list)
    for day, prefix, started_at, finished_at in rows:
        recent[day, prefix].append(_service_ms(started_at, finished_at))
    session.execute(
        delete(QueueServiceTimes).where(
            QueueServiceTimes.site_id == site_id,
            QueueServiceTimes.day.between(day_from, last_day),
        )
    )
    if recent:
        session.execute(
            insert(QueueServiceTimes),
            [
                {"site_id": site_id, "day": day, "prefix": p, "recent_ms": ms}
                for (day, p), ms in recent.items()
            ],
        )


def service_minutes(
    session: Session, site_id: int, day: date, prefix: str | None = None
) -> dict[str, float]:
    """Median minutes per person of each queue's most recent services on ``day`` (only queue
    ``prefix`` when given: what issuing a ticket needs).

    From the rows "finish" keeps (:func:`record_service`): one row read by its key, whatever
    the hour, so issuing does not get slower as the day fills up (issue 13)."""
    read, _lock, _write = _times_statements(session.get_bind().dialect.name)
    if prefix is not None:
        params = {"q_site": site_id, "q_day": day, "q_prefix": prefix}
        rows: Sequence[Any] = session.execute(read, params).all()
    else:
        rows = session.execute(
            select(QueueServiceTimes.prefix, QueueServiceTimes.recent_ms).where(
                QueueServiceTimes.site_id == site_id, QueueServiceTimes.day == day
            )
        ).all()
    return {p: statistics.median(ms) / 60_000 for p, ms in rows if ms}


def wait_minutes(session: Session, site_id: int, day: date) -> dict[str, list[float]]:
    """Minutes from issue to first call of every ticket called on ``day``, per printed queue."""
    first_call = first_calls(site_id, day, day)
    rows = session.execute(
        select(Ticket.prefix, Ticket.issued_at, first_call.c.first_at)
        .join(first_call, first_call.c.ticket_id == Ticket.id)
        .order_by(Ticket.prefix, Ticket.number)
    )
    waits: dict[str, list[float]] = defaultdict(list)
    for prefix, issued_at, first_at in rows:
        waits[prefix].append(max(0.0, (first_at - issued_at).total_seconds() / 60))
    return dict(waits)


def estimate(
    ahead: int,
    prefix: str,
    counters: Iterable[Counter],
    minutes: dict[str, float],
    next_opening: datetime | None = None,
) -> WaitEstimate:
    """The estimate for a visitor with ``ahead`` people before them in queue ``prefix``."""
    serving = [c for c in counters if prefix in (c.prefixes or [])]
    if not serving:
        return WaitEstimate.unknown()
    open_now = sum(1 for c in serving if c.state == "open")
    if open_now == 0:
        return WaitEstimate.no_counter_open(next_opening)
    if ahead <= 0:
        return WaitEstimate.of_minutes(0)
    per_person = minutes.get(prefix, DEFAULT_SERVICE_MINUTES)
    return WaitEstimate.of_minutes(math.ceil(ahead * per_person / open_now))
