"""Helpers every family of queue use cases shares: the moment, the site, hours, audit rows."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from kiosk.core.estimate import WaitEstimate
from kiosk.core.hours import OpeningHours
from kiosk.db.models import AuditLog, Booking, Counter, Service, Site, Ticket
from kiosk.errors import NotFound
from kiosk.i18n import rupiah
from kiosk.services import opening, queue_stats, search
from kiosk.services.context import AppContext
from kiosk.services.queue.views import format_number
from kiosk.services.staff import Officer

ACTIVE = ("called", "serving")
NUMBER_RE = re.compile(r"^([A-Z]{1,3})[- ]?(\d{1,5})$")


@dataclass
class Clock:
    """The moments a use case works with, read once so one transaction sees one time."""

    now: datetime
    local: datetime
    today: date


def moment(ctx: AppContext) -> Clock:
    now = ctx.now()
    local = now.astimezone(ctx.zone)
    return Clock(now, local, local.date())


def site_of(ctx: AppContext, session: Session) -> Site:
    return session.get_one(Site, ctx.site_id(session))


def holidays_of(session: Session, site_id: int) -> dict[date, str]:
    return opening.closing_holidays(session, site_id)  # none on the demo site


def hours_of(service: Service, site: Site) -> OpeningHours:
    return opening.service_hours(service, site)  # open all day on the demo site


def not_holiday(holidays: dict[date, str]) -> Callable[[date], bool]:
    return lambda d: d not in holidays


_COUNTERS = select(Counter).where(Counter.site_id == bindparam("site")).order_by(Counter.number)


def counters_of(session: Session, site_id: int) -> list[Counter]:
    return list(session.scalars(_COUNTERS, {"site": site_id}))


def serving(counters: Iterable[Counter], prefix: str) -> list[Counter]:
    return [c for c in counters if prefix in (c.prefixes or [])]


def fee_text(fee: int) -> str | None:
    """None means free (the slip then says GRATIS); else "Rp50.000" (PUEBI: no space)."""
    return None if fee <= 0 else rupiah(fee, "id")


def wait_estimate(
    ahead: int,
    service: Service,
    site: Site,
    counters: Sequence[Counter],
    minutes: dict[str, float],
    t: Clock,
    holidays: dict[date, str],
) -> WaitEstimate:
    """queue_stats.estimate with "when it opens again" when the service is outside its hours."""
    hours = hours_of(service, site)
    working = not_holiday(holidays)
    opens = None if hours.is_open(t.local, working) else hours.next_opening(t.local, working)
    return queue_stats.estimate(ahead, service.queue_prefix, counters, minutes, opens)


def waiting_query(site_id: int, day: date, prefix: str) -> Any:
    """Waiting tickets of one queue today (the queue is the ticket's service's prefix)."""
    return (
        select(func.count(Ticket.id))
        .join(Service, Service.id == Ticket.service_id)
        .where(
            Ticket.site_id == site_id,
            Ticket.day == day,
            Ticket.status == "waiting",
            Service.queue_prefix == prefix,
        )
    )


# Waiting tickets of a queue queued before ticket :id (built once: every ticket counts them).
# Through the queue's services, not a join: each service's waiting tickets of the day are then
# one range of ix_tickets_finished (service, day, status), whatever the day has served already
# (a join walked the whole day on ix_tickets_waiting; no tickets.site_id term for that reason).
_QUEUE_SERVICES = select(Service.id).where(
    Service.site_id == bindparam("site"), Service.queue_prefix == bindparam("prefix")
)
_EARLIER = select(func.count(Ticket.id)).where(
    Ticket.service_id.in_(_QUEUE_SERVICES.scalar_subquery()),
    Ticket.day == bindparam("day"),
    Ticket.status == "waiting",
    or_(
        Ticket.queued_at < bindparam("queued_at"),
        and_(Ticket.queued_at == bindparam("queued_at"), Ticket.id < bindparam("id")),
    ),
    Ticket.id != bindparam("id"),
)
_EARLIER_PRIORITY = _EARLIER.where(Ticket.priority_kind.is_not(None))
_EARLIER_REGULAR = _EARLIER.where(Ticket.priority_kind.is_(None))


def ahead_of(session: Session, ticket: Ticket, prefix: str, counters: Sequence[Counter]) -> int:
    """Waiting tickets of the same queue that will be called before this one (package doc)."""
    params = {
        "site": ticket.site_id,
        "day": ticket.day,
        "prefix": prefix,
        "queued_at": ticket.queued_at,
        "id": ticket.id,
    }
    if ticket.priority_kind is None:
        return int(session.scalar(_EARLIER, params) or 0)
    priority_ahead = int(session.scalar(_EARLIER_PRIORITY, params) or 0)
    regular_ahead = int(session.scalar(_EARLIER_REGULAR, params) or 0)
    interleave = min((c.priority_interleave for c in serving(counters, prefix)), default=0)
    return priority_ahead + min(regular_ahead, interleave * (priority_ahead + 1))


def audit(
    session: Session,
    site_id: int,
    at: datetime,
    action: str,
    officer: Officer | None,
    ticket: Ticket | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditLog(
            site_id=site_id,
            at=at,
            staff_id=officer.id if officer else None,
            action=action,
            entity="ticket" if ticket is not None else "counter",
            entity_id=str(ticket.id) if ticket is not None else str(detail.get("counter", "")),
            detail=({"number": format_number(ticket.prefix, ticket.number)} if ticket else {})
            | detail,
        )
    )


# Built once (the booking pages count these on every view of today; building a statement costs
# more than running it on SQLite).
_OUTSTANDING = select(func.count(Booking.id)).where(
    Booking.service_id == bindparam("service"),
    Booking.day == bindparam("day"),
    Booking.status == "booked",
    Booking.slot_end > bindparam("now"),
)
_DAY_TICKETS = select(func.count(Ticket.id)).where(
    Ticket.service_id == bindparam("service"), Ticket.day == bindparam("day")
)


def outstanding_bookings(session: Session, service_id: int, day: date, now: datetime) -> int:
    """Booked visits of that day still to come (their window not over): places of the daily
    quota walk-ins may not take. An unused booking stops counting when its slot ends."""
    found = session.scalar(_OUTSTANDING, {"service": service_id, "day": day, "now": now})
    return int(found or 0)


def day_tickets(session: Session, service_id: int, day: date) -> int:
    """Tickets of a service issued that day (walk-ins and used bookings alike)."""
    return int(session.scalar(_DAY_TICKETS, {"service": service_id, "day": day}) or 0)


def find_service(ctx: AppContext, session: Session, code: str) -> Service:
    wanted = code.strip().upper() if isinstance(code, str) else ""
    service = session.scalar(
        select(Service).where(Service.site_id == ctx.site_id(session), Service.code == wanted)
    )
    if service is None:
        active = session.scalars(
            select(Service).where(Service.site_id == ctx.site_id(session), Service.active.is_(True))
        )
        similar = search.similar_codes(list(active), wanted)
        if similar:
            raise NotFound("service_similar", code=wanted[:40], suggestions=similar)
        raise NotFound("service", code=wanted[:40])
    return service


def find_counter(ctx: AppContext, session: Session, number: int, lock: bool = False) -> Counter:
    stmt = select(Counter).where(Counter.site_id == ctx.site_id(session), Counter.number == number)
    counter = session.scalar(stmt.with_for_update() if lock else stmt)
    if counter is None:
        raise NotFound("counter", counter=number)
    return counter
