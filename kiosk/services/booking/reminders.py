"""A booking's reminder: the citizen asked for a message before the visit.

The outbox row (kiosk.services.notify) is written in the booking's own transaction and names
the booking, never the phone: the mobile number is sealed on the booking (``phone_sealed``,
cleared once the booking is over) and opened only by the sender, to send. The reminder is due
``[notify] booking_reminder_hours`` before the slot starts, or at once for a booking made later
than that. Cancelling drops it in the cancel's transaction; a booking used or expired by the
time it is due is dropped by the sender, which then sends nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, undefer

from kiosk.core.codes import format_code
from kiosk.core.links import public_link
from kiosk.core.personal import BOOKING_PHONE, open_value
from kiosk.core.phone import clean_mobile
from kiosk.core.sealing import Keyring, key_id_of
from kiosk.db.models import Booking, Notification, Service, Site
from kiosk.errors import BadInput
from kiosk.services import notify
from kiosk.services.context import AppContext
from kiosk.services.personal import keyring

__all__ = [
    "KIND",
    "drop_reminder",
    "phone_key_ids",
    "reminder_phone",
    "reminder_values",
    "reseal_phones",
    "schedule_reminder",
]

KIND = "booking_reminder"


def reminder_phone(remind: bool, phone: object) -> str | None:
    """The mobile number to remind, checked before any write; None when no reminder is wanted
    (a number typed without ticking the box is not kept)."""
    if not remind:
        return None
    number = clean_mobile(phone if isinstance(phone, str) else "")
    if not number:
        raise BadInput("booking_reminder_needs_phone")
    return number


def schedule_reminder(
    ctx: AppContext, session: Session, row: Booking, phone: str, now: datetime
) -> None:
    """Inside the booking's transaction: seal the number on the booking, queue the message."""
    row.phone_sealed = keyring(ctx).seal(BOOKING_PHONE, phone)
    lead = timedelta(hours=ctx.settings.notify.booking_reminder_hours)
    due = max(now, row.slot_start - lead)
    session.add(notify.pending(row.site_id, KIND, now, booking_id=row.id, due=due))


def drop_reminder(session: Session, booking_id: int, why: str) -> None:
    """Inside a cancel's transaction: its waiting reminder will never be sent."""
    session.execute(
        update(Notification)
        .where(Notification.booking_id == booking_id, Notification.status == "pending")
        .values(status="dropped", last_error=why)
    )


def reminder_values(
    ctx: AppContext, session: Session, booking_id: int, now: datetime
) -> dict[str, Any] | None:
    """What the message needs (phone opened here, for the gateway only); None when the booking
    is no longer booked (cancelled, used, expired) or its number is gone."""
    row = session.get(Booking, booking_id)
    if row is None or row.status != "booked" or row.slot_end <= now or not row.phone_sealed:
        return None
    service = session.get_one(Service, row.service_id)
    site = session.get_one(Site, row.site_id)
    return {
        "to": open_value(keyring(ctx), BOOKING_PHONE, row.phone_sealed),
        "site": site.name_id,
        "service_id": service.name_id,
        "service_en": service.name_en,
        "day": row.day,
        "start": row.slot_start.astimezone(ctx.zone),
        "end": row.slot_end.astimezone(ctx.zone),
        "code": format_code(row.code),
        "link": public_link(ctx.settings.web.public_url, "booking", row.code),
    }


def phone_key_ids(session: Session, site_id: int) -> list[str]:
    """The key id of every reminder number still sealed (a key rotation must not retire one)."""
    tokens = session.scalars(
        select(Booking.phone_sealed).where(
            Booking.site_id == site_id, Booking.phone_sealed.is_not(None)
        )
    )
    return [key_id_of(t) for t in tokens if t]


def reseal_phones(ctx: AppContext, ring: Keyring) -> int:
    """Re-seal the waiting reminder numbers under the ring's active key (one transaction: they
    are few, at most a week of bookings); the number re-sealed."""
    done = 0
    with ctx.db.transaction() as session:
        rows = session.scalars(
            select(Booking)
            .where(Booking.site_id == ctx.site_id(session), Booking.phone_sealed.is_not(None))
            .options(undefer(Booking.phone_sealed))
            .with_for_update()
        )
        for row in rows:
            token = row.phone_sealed or ""
            if token and key_id_of(token) != ring.active:
                row.phone_sealed = ring.seal(BOOKING_PHONE, open_value(ring, BOOKING_PHONE, token))
                done += 1
    return done
