"""Ticket status: the answer to a scanned ticket QR (where to go, how many ahead, the estimate)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.codes import normalize_code
from kiosk.core.estimate import WaitEstimate
from kiosk.db.models import Counter, Service, Ticket
from kiosk.errors import NotFound
from kiosk.services import queue_stats
from kiosk.services.context import AppContext
from kiosk.services.queue._common import (
    ACTIVE,
    NUMBER_RE,
    ahead_of,
    counters_of,
    holidays_of,
    moment,
    site_of,
    wait_estimate,
)
from kiosk.services.queue.views import TicketStatus, format_number

__all__ = ["parse_number", "ticket_by_code", "ticket_status"]


def parse_number(raw: str) -> tuple[str, int] | None:
    """ "A005", "a-5", "A 005" -> ("A", 5); None when it is not a ticket number."""
    match = NUMBER_RE.match(raw.strip().upper()) if isinstance(raw, str) else None
    if match is None:
        return None
    return match.group(1), int(match.group(2))


def ticket_by_code(ctx: AppContext, session: Session, code: str) -> Ticket:
    canonical = normalize_code(code)
    ticket = None
    if canonical is not None:
        ticket = session.scalar(
            select(Ticket).where(Ticket.site_id == ctx.site_id(session), Ticket.code == canonical)
        )
    if ticket is None:
        raise NotFound("ticket")
    return ticket


def ticket_status(ctx: AppContext, code: str) -> TicketStatus:
    """Where a ticket stands; a ticket still open from an earlier day is "expired".
    Read only: a read replica may answer (``ctx.reads``)."""
    return ctx.reads.read(lambda session: _status_in(ctx, session, code))


def _status_in(ctx: AppContext, session: Session, code: str) -> TicketStatus:
    ticket = ticket_by_code(ctx, session, code)
    service = session.get_one(Service, ticket.service_id)
    t = moment(ctx)
    status = ticket.status
    if ticket.day < t.today and status in ("waiting", *ACTIVE):
        status = "expired"
    ahead, wait = 0, WaitEstimate.unknown()
    counter_id = ticket.counter_id
    if status == "waiting":
        site = site_of(ctx, session)
        counters = counters_of(session, ticket.site_id)
        ahead = ahead_of(session, ticket, service.queue_prefix, counters)
        minutes = queue_stats.service_minutes(
            session, ticket.site_id, ticket.day, service.queue_prefix
        )
        holidays = holidays_of(session, site.id)
        wait = wait_estimate(ahead, service, site, counters, minutes, t, holidays)
        counter_id = ticket.target_counter_id
    counter_number = None
    if counter_id is not None:
        counter_number = session.scalar(select(Counter.number).where(Counter.id == counter_id))
    return TicketStatus(
        number=format_number(ticket.prefix, ticket.number),
        code=ticket.code,
        status=status,
        service_code=service.code,
        service_name_id=service.name_id,
        service_name_en=service.name_en,
        counter_number=counter_number,
        ahead=ahead,
        wait=wait,
        issued_at=ticket.issued_at,
        called_at=ticket.called_at,
    )
