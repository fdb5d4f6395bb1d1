"""Read models for the counter window and the lobby display's waiting counts (read-only)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from kiosk.db.models import Agency, Counter, Service, Ticket
from kiosk.services.context import AppContext
from kiosk.services.queue._common import ACTIVE, counters_of, find_counter
from kiosk.services.queue.board import waiting_counts
from kiosk.services.queue.views import (
    CounterSnapshot,
    CounterTicket,
    CounterView,
    QueueWaiting,
    WaitingTicket,
    format_number,
)

__all__ = [
    "counter_snapshot",
    "counter_view",
    "list_counters",
    "snapshot_of",
    "waiting_by_queue",
    "waiting_tickets",
]


def counter_view(session: Session, ticket: Ticket) -> CounterTicket:
    """A ticket as the counter window shows it."""
    service = session.get_one(Service, ticket.service_id)
    counter_number = None
    if ticket.counter_id is not None:
        counter_number = session.scalar(
            select(Counter.number).where(Counter.id == ticket.counter_id)
        )
    return CounterTicket(
        id=ticket.id,
        number=format_number(ticket.prefix, ticket.number),
        code=ticket.code,
        status=ticket.status,
        service_code=service.code,
        service_name_id=service.name_id,
        service_name_en=service.name_en,
        priority_kind=ticket.priority_kind,
        counter_number=counter_number,
        recalls=ticket.recalls,
        issued_at=ticket.issued_at,
        queued_at=ticket.queued_at,
        called_at=ticket.called_at,
        serving_at=ticket.serving_at,
        finished_at=ticket.finished_at,
        transferred=ticket.transferred_from_id is not None or ticket.target_counter_id is not None,
    )


def snapshot_of(
    session: Session, counter: Counter, day: date, current: Ticket | None
) -> CounterSnapshot:
    prefixes = tuple(counter.prefixes or ())
    waiting_rows = session.execute(
        select(Service.queue_prefix, Ticket.priority_kind.is_not(None), func.count(Ticket.id))
        .join(Service, Service.id == Ticket.service_id)
        .where(
            Ticket.site_id == counter.site_id,
            Ticket.day == day,
            Ticket.status == "waiting",
            Ticket.target_counter_id.is_(None),
            Service.queue_prefix.in_(prefixes),
        )
        .group_by(Service.queue_prefix, Ticket.priority_kind.is_not(None))
    ).all()
    per_prefix: dict[str, int] = dict.fromkeys(prefixes, 0)
    priority = 0
    for prefix, is_priority, count in waiting_rows:
        per_prefix[prefix] += int(count)
        if is_priority:
            priority += int(count)
    for_counter = session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.target_counter_id == counter.id,
            Ticket.day == day,
            Ticket.status == "waiting",
        )
    )
    finished = dict(
        session.execute(
            select(Ticket.status, func.count(Ticket.id))
            .where(
                Ticket.counter_id == counter.id,
                Ticket.day == day,
                Ticket.status.in_(("done", "no_show")),
            )
            .group_by(Ticket.status)
        ).all()
    )
    agency_code = None
    if counter.agency_id is not None:
        agency_code = session.scalar(select(Agency.code).where(Agency.id == counter.agency_id))
    return CounterSnapshot(
        number=counter.number,
        name_id=counter.name_id,
        name_en=counter.name_en,
        agency_code=agency_code,
        state=counter.state,
        prefixes=prefixes,
        priority_interleave=counter.priority_interleave,
        current=counter_view(session, current) if current is not None else None,
        waiting=tuple(per_prefix.items()),
        waiting_priority=priority,
        waiting_for_counter=int(for_counter or 0),
        served_today=int(finished.get("done", 0)),
        no_show_today=int(finished.get("no_show", 0)),
    )


def counter_snapshot(ctx: AppContext, counter_number: int) -> CounterSnapshot:
    """The counter window's refresh: current ticket and who is waiting (read-only)."""
    with ctx.db.snapshot() as session:
        counter = find_counter(ctx, session, counter_number)
        day = ctx.today()
        current = session.scalar(
            select(Ticket)
            .where(
                Ticket.counter_id == counter.id,
                Ticket.day == day,
                Ticket.status.in_(ACTIVE),
            )
            .order_by(Ticket.called_at.desc())
            .limit(1)
        )
        return snapshot_of(session, counter, day, current)


def list_counters(ctx: AppContext) -> list[CounterView]:
    """Every counter of the site in number order (the counter window filters by agency)."""
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        codes = dict(
            session.execute(select(Agency.id, Agency.code).where(Agency.site_id == site_id)).all()
        )
        return [
            CounterView(
                number=c.number,
                name_id=c.name_id,
                name_en=c.name_en,
                agency_id=c.agency_id,
                agency_code=codes.get(c.agency_id) if c.agency_id is not None else None,
                state=c.state,
                prefixes=tuple(c.prefixes or ()),
            )
            for c in counters_of(session, site_id)
        ]


def waiting_tickets(ctx: AppContext, counter_number: int, limit: int = 50) -> list[WaitingTicket]:
    """Today's tickets this counter may call, in queue order (transferred-here ones included)."""
    limit = max(1, min(int(limit), 500))
    with ctx.db.snapshot() as session:
        counter = find_counter(ctx, session, counter_number)
        rows = session.execute(
            select(
                Ticket.prefix,
                Ticket.number,
                Ticket.priority_kind,
                Ticket.target_counter_id,
                Ticket.queued_at,
                Service.name_id,
                Service.name_en,
            )
            .join(Service, Service.id == Ticket.service_id)
            .where(
                Ticket.site_id == counter.site_id,
                Ticket.day == ctx.today(),
                Ticket.status == "waiting",
                or_(
                    Ticket.target_counter_id == counter.id,
                    and_(
                        Ticket.target_counter_id.is_(None),
                        Service.queue_prefix.in_(list(counter.prefixes or [])),
                    ),
                ),
            )
            .order_by(Ticket.queued_at, Ticket.id)
            .limit(limit)
        ).all()
        return [
            WaitingTicket(
                number=format_number(prefix, number),
                priority=kind is not None,
                for_this_counter=target is not None,
                queued_at=queued_at,
                service_name_id=name_id,
                service_name_en=name_en,
            )
            for prefix, number, kind, target, queued_at, name_id, name_en in rows
        ]


def waiting_by_queue(ctx: AppContext) -> list[QueueWaiting]:
    """Waiting tickets per queue today (queues with nobody waiting are left out)."""
    with ctx.db.snapshot() as session:
        return waiting_counts(session, ctx.site_id(session), ctx.today())
