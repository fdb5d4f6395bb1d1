"""Queue statistics: service minutes, waits and the wait estimate, in one public module.

The kiosk's estimate and the reports read the same numbers, so a report never contradicts what
a ticket promised. Functions take an open session (the caller's transaction or snapshot).

* Service minutes: the median of a queue's last ``RECENT_SERVICES`` tickets finished today,
  from the start of service (or the call, when the officer went straight to "finish") to finish.
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

from sqlalchemy import ColumnElement, Select, Subquery, bindparam, func, select
from sqlalchemy.orm import Session

from kiosk.core.estimate import WaitEstimate
from kiosk.db.models import CallEvent, Counter, Service, Ticket, UtcDateTime

__all__ = [
    "DEFAULT_SERVICE_MINUTES",
    "RECENT_SERVICES",
    "WaitEstimate",
    "estimate",
    "first_call_epochs",
    "first_calls",
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
def _recent_of_queue() -> Select[str, datetime, datetime | None]:
    """One queue's latest finished tickets of a day, straight off ix_tickets_finished and
    LIMIT-ed; built once, as it runs in every ticket's transaction (issue 13)."""
    start = service_start()
    of_queue = select(Service.id).where(
        Service.site_id == bindparam("site"), Service.queue_prefix == bindparam("prefix")
    )
    return (
        select(Service.queue_prefix, start, Ticket.finished_at)
        .join(Service, Service.id == Ticket.service_id)
        # No tickets.site_id term (the services are the site's): SQLite would otherwise walk
        # the day on ix_tickets_waiting instead of this queue's rows.
        .where(
            Ticket.day == bindparam("day"),
            Ticket.status == "done",
            Ticket.finished_at.is_not(None),
            start.is_not(None),
            Ticket.service_id.in_(of_queue.scalar_subquery()),
        )
        .order_by(Ticket.finished_at.desc())
        .limit(RECENT_SERVICES)
    )


def service_minutes(
    session: Session, site_id: int, day: date, prefix: str | None = None
) -> dict[str, float]:
    """Median minutes per person of each queue's most recent services on ``day`` (only queue
    ``prefix`` when given: what issuing a ticket needs).

    One queue: its services' latest ``RECENT_SERVICES`` finished tickets, read backwards on
    ``ix_tickets_finished``, so issuing does not get slower as the day fills up (issue 13).
    Every queue (the kiosk's service list): a window keeps each queue's latest in SQL."""
    if prefix is not None:
        params = {"site": site_id, "day": day, "prefix": prefix}
        rows: Sequence[Any] = session.execute(_recent_of_queue(), params).all()
    else:
        start = service_start()
        where = [
            Ticket.day == day,
            Ticket.status == "done",
            Ticket.finished_at.is_not(None),
            start.is_not(None),
        ]
        ranked = (
            select(
                Service.queue_prefix.label("prefix"),
                start.label("start"),
                Ticket.finished_at.label("finished_at"),
                func.row_number()
                .over(partition_by=Service.queue_prefix, order_by=Ticket.finished_at.desc())
                .label("rank"),
            )
            .join(Service, Service.id == Ticket.service_id)
            .where(*where, Ticket.site_id == site_id)
            .subquery()
        )
        rows = session.execute(
            select(ranked.c.prefix, ranked.c.start, ranked.c.finished_at).where(
                ranked.c.rank <= RECENT_SERVICES
            )
        ).all()
    samples: dict[str, list[float]] = defaultdict(list)
    for queue_prefix, started_at, finished_at in rows:
        if started_at is None or finished_at is None:  # excluded by the query; for mypy
            continue
        samples[queue_prefix].append(max(0.0, (finished_at - started_at).total_seconds() / 60))
    return {p: statistics.median(v) for p, v in samples.items() if v}


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
