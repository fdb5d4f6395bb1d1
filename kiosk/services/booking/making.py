"""Booking a visit, looking it up by its code, cancelling it, and releasing unused bookings.

Every write is one transaction with its audit row (``booking.booked``, ``booking.cancelled``);
the audit never holds the contact. A booking's code is its only key for the public: 60 random
bits with a check symbol (kiosk.core.codes, kind letter B).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.core.codes import code_kind, format_code, new_tracking_code, normalize_code
from kiosk.core.usertext import clean_user_text
from kiosk.db.models import Agency, AuditLog, Booking, BookingDay, Service, Site, Ticket
from kiosk.errors import BadInput, Conflict, NotFound, Refused
from kiosk.services.booking.reminders import drop_reminder, reminder_phone, schedule_reminder
from kiosk.services.booking.slots import load_bookable, open_days, parse_day, places
from kiosk.services.booking.views import BookingStatus, BookingView
from kiosk.services.catalog_booking import policy_of
from kiosk.services.context import AppContext
from kiosk.services.queue._common import moment
from kiosk.services.queue.issuing import lock_queue_day
from kiosk.services.queue.views import format_number

__all__ = [
    "MAX_CONTACT",
    "book_visit",
    "booking_status",
    "cancel_booking",
    "find_booking",
    "release_expired",
    "view_of",
]

#: The optional name or phone: short, one line.
MAX_CONTACT = 80


def _slot_key(raw: object) -> str:
    text = str(raw or "").strip()[:5]
    if len(text) != 5 or text[2] != ":" or not (text[:2] + text[3:]).isdigit():
        raise BadInput("booking_slot", value=str(raw)[:10])
    return text


def _contact(raw: object) -> str | None:
    text, _cut = clean_user_text(raw if isinstance(raw, str) else "", MAX_CONTACT * 2)
    text = " ".join(text.split())
    if len(text) > MAX_CONTACT:
        raise BadInput("booking_contact_long", limit=MAX_CONTACT, length=len(text))
    return text or None


def _lock_day(
    ctx: AppContext, session: Session, site_id: int, service_id: int, day: object
) -> None:
    """Upsert the service's day row: concurrent bookings of that day wait on its lock."""
    insert = postgresql.insert if ctx.db.dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(BookingDay)
        .values(site_id=site_id, service_id=service_id, day=day, version=1)
        .on_conflict_do_update(
            index_elements=[BookingDay.site_id, BookingDay.service_id, BookingDay.day],
            set_={"version": BookingDay.version + 1},
        )
    )
    session.execute(stmt)


def book_visit(
    ctx: AppContext,
    service_code: str,
    day: object,
    slot: object,
    contact: object = None,
    *,
    source: str = "web",
    remind: bool = False,
    phone: object = None,
) -> BookingView:
    """Book one place in the slot starting at ``slot`` ("09:30", local time) of ``day``.

    Refused("booking_full") when the slot (or the day's share of the quota) has no place left,
    Refused("booking_day_range") outside today..days_ahead, NotFound("booking_day_closed") for
    a day the service does not open, Refused("booking_slot_past") for a slot already started.
    ``remind``: send a message to the mobile ``phone`` before the visit (kiosk.services.booking.
    reminders), written with the booking; a bad number is refused before anything is written.
    """
    wanted = parse_day(day)
    key = _slot_key(slot)
    person = _contact(contact)
    mobile = reminder_phone(remind, phone)
    with ctx.db.transaction() as session:
        t = moment(ctx)
        b = load_bookable(ctx, session, service_code, t.today)
        last = t.today + timedelta(days=b.policy.days_ahead)
        if not t.today <= wanted <= last:
            raise Refused("booking_day_range", day=wanted.isoformat(), days=b.policy.days_ahead)
        days = [d for d in open_days(ctx, b, t.today) if d[0] == wanted]
        if not days:
            raise NotFound("booking_day_closed", day=wanted.isoformat())
        chosen = next((s for s in days[0][1] if s[0].strftime("%H:%M") == key), None)
        if chosen is None:
            raise NotFound("booking_slot", value=key)
        if chosen[0] <= t.now:
            raise Refused("booking_slot_past", slot=key)
        if wanted == t.today:
            # The same lock a walk-in ticket of this queue takes: today's quota stays exact.
            lock_queue_day(ctx, session, b.site_id, b.prefix, wanted)
        _lock_day(ctx, session, b.site_id, b.service_id, wanted)
        _release(session, t.now, b.service_id)
        counted = places(session, b, [(wanted, [chosen])], t.now, t.today)[wanted][0]
        if counted.left <= 0:
            raise Refused("booking_full", service=b.summary.code, day=wanted.isoformat(),
                          slot=key)  # fmt: skip
        row = Booking(
            site_id=b.site_id,
            service_id=b.service_id,
            day=wanted,
            slot_start=chosen[0],
            slot_end=chosen[1],
            code=new_tracking_code("B"),
            status="booked",
            contact=person,
            created_at=t.now,
            source=source[:16],
        )
        session.add(row)
        session.flush()
        if mobile is not None:
            schedule_reminder(ctx, session, row, mobile, t.now)
        _audit(session, row, t.now, "booking.booked",
               service=b.summary.code, day=wanted.isoformat(), slot=key,
               contact_given=person is not None, reminder=mobile is not None)  # fmt: skip
        return view_of(ctx, session, row, t.now)


def _audit(session: Session, row: Booking, at: datetime, action: str, **detail: object) -> None:
    session.add(
        AuditLog(
            site_id=row.site_id,
            at=at,
            staff_id=None,
            action=action,
            entity="booking",
            entity_id=str(row.id),
            detail=dict(detail),
        )
    )


def find_booking(ctx: AppContext, session: Session, code: object, lock: bool = False) -> Booking:
    """The booking a code names; NotFound("booking_code") for anything else."""
    canonical = normalize_code(code) if isinstance(code, str) else None
    if canonical is None or code_kind(canonical) != "booking":
        raise NotFound("booking_code")
    stmt = select(Booking).where(Booking.site_id == ctx.site_id(session), Booking.code == canonical)
    row = session.scalar(stmt.with_for_update() if lock else stmt)
    if row is None:
        raise NotFound("booking_code")
    return row


def status_of(row: Booking, now: datetime) -> BookingStatus:
    if row.status == "booked" and row.slot_end <= now:
        return "expired"
    status: BookingStatus = row.status  # type: ignore[assignment]
    return status


def view_of(ctx: AppContext, session: Session, row: Booking, now: datetime) -> BookingView:
    service = session.get_one(Service, row.service_id)
    agency = session.get_one(Agency, service.agency_id)
    site = session.get_one(Site, row.site_id)
    early = policy_of(site.booking).early_minutes
    number = None
    if row.ticket_id is not None:
        ticket = session.get_one(Ticket, row.ticket_id)
        number = format_number(ticket.prefix, ticket.number)
    zone = ctx.zone
    return BookingView(
        code=row.code,
        code_display=format_code(row.code),
        service_code=service.code,
        service_name_id=service.name_id,
        service_name_en=service.name_en,
        agency_name_id=agency.name_id,
        agency_name_en=agency.name_en,
        day=row.day,
        slot_start=row.slot_start.astimezone(zone),
        slot_end=row.slot_end.astimezone(zone),
        status=status_of(row, now),
        window_opens=(row.slot_start - timedelta(minutes=early)).astimezone(zone),
        ticket_number=number,
    )


def booking_status(ctx: AppContext, code: object) -> BookingView:
    """A booking as its holder sees it (read only)."""
    now = ctx.now()
    return ctx.db.read(lambda session: view_of(ctx, session, find_booking(ctx, session, code), now))


def cancel_booking(ctx: AppContext, code: object) -> BookingView:
    """Cancel a booking still to come; its place is free at once and the contact is cleared.
    Conflict("booking_used" | "booking_cancelled" | "booking_expired") otherwise."""
    now = ctx.now()
    with ctx.db.transaction() as session:
        row = find_booking(ctx, session, code, lock=True)
        state = status_of(row, now)
        if state != "booked":
            raise Conflict(f"booking_{state}")
        row.status, row.contact, row.closed_at = "cancelled", None, now
        row.phone_sealed = None
        drop_reminder(session, row.id, "booking cancelled")
        _audit(session, row, now, "booking.cancelled")
        session.flush()
        return view_of(ctx, session, row, now)


def _release(session: Session, now: datetime, service_id: int | None = None) -> int:
    stmt = (
        update(Booking)
        .where(Booking.status == "booked", Booking.slot_end <= now)
        .values(status="expired", contact=None, phone_sealed=None, closed_at=now)
    )
    if service_id is not None:
        stmt = stmt.where(Booking.service_id == service_id)
    return int(session.execute(stmt).rowcount or 0)  # type: ignore[attr-defined]


def release_expired(ctx: AppContext) -> int:
    """Mark every unused booking whose window has ended "expired" and clear its contact (its
    place stopped counting at the window's end already); the number released. Run on a
    schedule by `mpp-kiosk web` (kiosk.web.sweep), each `notify run` round and `booking sweep`."""
    with ctx.db.transaction() as session:
        return _release(session, ctx.now())
