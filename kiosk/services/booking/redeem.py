"""A booked visit becomes a real ticket when its QR is scanned at a kiosk within its window.

From ``early_minutes`` before the slot until its end the kiosk issues the ticket (printed like
any other); with the site's ``precedence`` the ticket is queued as if taken at the slot's start,
so it goes before walk-ins who came later. The booking's place was counted when it was booked,
so no quota check refuses it. Too early, too late, cancelled and already used are refusals the
kiosk words (Refused reasons ``booking_early`` with the window's opening, ``booking_late``,
``booking_cancelled``, ``booking_used`` with the ticket's number).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from kiosk.core.slots import window_state
from kiosk.db.models import Service, Site, Ticket
from kiosk.errors import BadInput, Refused
from kiosk.i18n import available_languages
from kiosk.services.booking.making import _audit, find_booking, status_of
from kiosk.services.catalog_booking import policy_of
from kiosk.services.context import AppContext
from kiosk.services.queue._common import holidays_of, moment
from kiosk.services.queue.issuing import issue_in
from kiosk.services.queue.views import IssuedTicket, format_number

__all__ = ["redeem_booking"]


def redeem_booking(
    ctx: AppContext,
    code: str,
    device: str = "",
    printer_uri: str | None = None,
    lang: str = "id",
) -> IssuedTicket:
    """Issue the ticket of a booking (one transaction: the ticket, its print job, the booking
    marked used with its contact cleared, the audit row)."""
    if lang not in available_languages():
        raise BadInput("language_unknown", language=str(lang)[:10])
    slip_lang: Literal["id", "en"] = "en" if lang == "en" else "id"
    with ctx.db.transaction() as session:
        row = find_booking(ctx, session, code, lock=True)
        t = moment(ctx)
        site = session.get_one(Site, row.site_id)
        policy = policy_of(site.booking)
        state = status_of(row, t.now)
        local_start = row.slot_start.astimezone(ctx.zone)
        if state == "used":
            number = ""
            if row.ticket_id is not None:
                ticket = session.get_one(Ticket, row.ticket_id)
                number = format_number(ticket.prefix, ticket.number)
            raise Refused("booking_used", ticket=number)
        if state == "cancelled":
            raise Refused("booking_cancelled")
        window = window_state(t.now, row.slot_start, row.slot_end, policy.early_minutes)
        if state == "expired" or window == "late":
            raise Refused("booking_late", slot=local_start, day=row.day)
        if window == "early":
            opens = local_start.replace(second=0) - timedelta(minutes=policy.early_minutes)
            raise Refused("booking_early", slot=local_start, day=row.day, opens=opens)
        service = session.get_one(Service, row.service_id)
        if not service.active:
            raise Refused("inactive", service=service.code)
        queued_at = row.slot_start if policy.precedence else t.now
        issued = issue_in(
            ctx, session, site, service, t, holidays_of(session, site.id), None,
            device, printer_uri, slip_lang, queued_at=queued_at, booked=True,
        )  # fmt: skip
        row.status, row.contact, row.closed_at, row.ticket_id = "used", None, t.now, issued.id
        row.phone_sealed = None  # its reminder, if still waiting, is dropped when due
        _audit(session, row, t.now, "booking.used", ticket=issued.number, device=device[:64])
        return issued
