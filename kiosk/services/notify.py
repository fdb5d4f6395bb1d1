"""Telling applicants on their phone: an outbox filled with the event, a sender that retries.

The counter's step (ready, returned, rejected) adds a Notification row in its own transaction
when the applicant agreed at registration, so a message exists exactly when its event does.
``deliver_due`` (run by `mpp-kiosk notify run`) posts each due message as JSON to the MPP's
gateway (``[notify] webhook_url``: their SMS or WhatsApp provider's adapter), signed with
HMAC-SHA256, and retries with a doubling delay; after the last attempt the message is
``failed`` and listed by `mpp-kiosk notify status`. The phone number is read at send time and
appears only in the body sent to the gateway, never in the outbox, a log or an error text.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.links import public_link
from kiosk.core.personal import open_applicant
from kiosk.db.models import Application, Notification, Service, Site
from kiosk.errors import Unavailable
from kiosk.i18n import format_date
from kiosk.services.context import AppContext
from kiosk.services.personal import keyring

#: The steps that announce themselves, by the audit action of the step.
ANNOUNCED = {
    "application.ready": "application_ready",
    "application.returned": "application_returned",
    "application.rejected": "application_rejected",
}
BATCH = 20

#: What the applicant reads, in Indonesian and English; the gateway picks (or sends both).
TEXTS = {
    "application_ready": {
        "id": "{site}: {service} ({number}) selesai dan dapat diambil. Bawa tanda terima. {link}",
        "en": "{site}: {service} ({number}) is ready for pick-up. Bring your receipt. {link}",
    },
    "application_returned": {
        "id": "{site}: {service} ({number}) dikembalikan kepada Anda: {note} {link}",
        "en": "{site}: {service} ({number}) was returned to you: {note} {link}",
    },
    "application_rejected": {
        "id": "{site}: {service} ({number}) ditolak: {note} {link}",
        "en": "{site}: {service} ({number}) was rejected: {note} {link}",
    },
    "booking_reminder": {
        "id": "{site}: pengingat kunjungan {service}, {day} pukul {window}. "
        "Kode pemesanan {code}. {link}",
        "en": "{site}: a reminder of your {service} visit on {day}, {window}. "
        "Booking code {code}. {link}",
    },
}


@dataclass(frozen=True)
class Delivery:
    """The gateway's answer to one post (status 0: no answer at all)."""

    status: int
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


Post = Callable[[str, bytes, dict[str, str], float], Delivery]


@dataclass(frozen=True)
class DeliveryRound:
    sent: int
    retried: int
    failed: int
    dropped: int


def enqueue(session: Session, app: Application, action: str, now: datetime) -> None:
    """Inside the step's transaction: add the message its action announces, if any and if
    the applicant agreed (and left a number to send it to)."""
    kind = ANNOUNCED.get(action)
    if kind is None or not app.notify_opt_in or not app.phone_sealed:
        return
    session.add(pending(app.site_id, kind, now, application_id=app.id))


def pending(
    site_id: int,
    kind: str,
    now: datetime,
    *,
    application_id: int | None = None,
    booking_id: int | None = None,
    due: datetime | None = None,
) -> Notification:
    """A new outbox row, not yet tried: the one way the steps (:func:`enqueue`) and the
    booking's reminder (kiosk.services.booking.reminders) write a message. It names the file
    or the booking, never the phone; ``due`` (default: at once) is its first attempt."""
    return Notification(
        site_id=site_id,
        kind=kind,
        application_id=application_id,
        booking_id=booking_id,
        status="pending",
        attempts=0,
        last_error="",
        created_at=now,
        next_attempt_at=now if due is None else due,
    )


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> Delivery:
    """POST with httpx; any transport failure is an answer with status 0 and its kind."""
    import httpx

    try:
        answer = httpx.post(url, content=body, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        return Delivery(0, type(exc).__name__)
    return Delivery(answer.status_code, "" if answer.is_success else answer.reason_phrase)


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def message(ctx: AppContext, session: Session, note: Notification) -> dict[str, Any] | None:
    """The JSON body for one message; None when there is nobody to send it to any more
    (the applicant's data was purged, or consent withdrawn; the booking is over)."""
    if note.booking_id is not None:
        return _booking_message(ctx, session, note)
    app = session.get(Application, note.application_id) if note.application_id else None
    if app is None or not app.notify_opt_in or not app.phone_sealed:
        return None  # purged (retention) or never given
    phone = open_applicant(keyring(ctx), app).phone  # opened here, for the gateway only
    service = session.get_one(Service, app.service_id)
    site = session.get_one(Site, app.site_id)
    link = public_link(ctx.settings.web.public_url, "application", app.tracking_code)
    event_note = app.reject_reason if note.kind == "application_rejected" else _last_note(app)
    due = app.due_at.astimezone(ctx.zone).date() if app.due_at else None
    values = {
        "site": site.name_id,
        "number": app.registration_number,
        "note": event_note,
        "link": link,
    }
    texts = {
        lang: TEXTS[note.kind][lang]
        .format(service=service.name_id if lang == "id" else service.name_en, **values)
        .strip()
        for lang in ("id", "en")
    }
    return {
        "id": note.id,
        "kind": note.kind,
        "to": phone,
        "name": app.name_masked,
        "registration_number": app.registration_number,
        "tracking_link": link,
        "due_date": due.isoformat() if due else None,
        "due_date_text": format_date(due, "id") if due else None,
        "text": texts,
    }


def _booking_message(
    ctx: AppContext, session: Session, note: Notification
) -> dict[str, Any] | None:
    # booking.reminders writes its row through pending() above, so it is imported here.
    from kiosk.services.booking.reminders import reminder_values

    assert note.booking_id is not None
    found = reminder_values(ctx, session, note.booking_id, ctx.now())
    if found is None:
        return None  # cancelled, used or expired: nothing to remind of
    start, end = found["start"], found["end"]
    windows = {
        "id": f"{start:%H.%M}-{end:%H.%M} {start:%Z}".strip(),
        "en": f"{start:%H:%M}-{end:%H:%M} {start:%Z}".strip(),
    }
    texts = {
        lang: TEXTS[note.kind][lang]
        .format(
            site=found["site"],
            service=found[f"service_{lang}"],
            day=format_date(found["day"], lang),
            window=windows[lang],
            code=found["code"],
            link=found["link"],
        )
        .strip()
        for lang in ("id", "en")
    }
    return {
        "id": note.id,
        "kind": note.kind,
        "to": found["to"],
        "booking_code": found["code"],
        "booking_link": found["link"],
        "day": found["day"].isoformat(),
        "slot_start": start.isoformat(),
        "slot_end": end.isoformat(),
        "text": texts,
    }


def _last_note(app: Application) -> str:
    from kiosk.db.models import ApplicationEvent

    session = Session.object_session(app)
    assert session is not None
    found = session.scalar(
        select(ApplicationEvent.note)
        .where(ApplicationEvent.application_id == app.id)
        .order_by(ApplicationEvent.seq.desc())
        .limit(1)
    )
    return found or ""


def deliver_due(ctx: AppContext, post: Post = http_post) -> DeliveryRound:
    """Send every message that is due now, one transaction per message (a gateway that hangs
    holds no lock on the others); the next attempt of a refused one waits twice as long."""
    settings = ctx.settings.notify
    if not settings.webhook_url:
        raise Unavailable("notify_off")
    sent = retried = failed = dropped = 0
    with ctx.db.snapshot() as session:
        due = list(
            session.scalars(
                select(Notification.id)
                .where(Notification.status == "pending", Notification.next_attempt_at <= ctx.now())
                .order_by(Notification.next_attempt_at, Notification.id)
                .limit(BATCH)
            )
        )
    for note_id in due:
        with ctx.db.transaction() as session:
            note = session.get(Notification, note_id, with_for_update=True)
            if note is None or note.status != "pending":
                continue  # another sender took it
            body = message(ctx, session, note)
            now = ctx.now()
            if body is None:
                why = "no recipient" if note.booking_id is None else "booking over"
                note.status, note.last_error = "dropped", why
                dropped += 1
                continue
            raw = json.dumps(body, ensure_ascii=False, sort_keys=True).encode()
            headers = {"Content-Type": "application/json; charset=utf-8"}
            if settings.secret:
                headers["X-MPP-Signature"] = signature(settings.secret, raw)
            answer = post(settings.webhook_url, raw, headers, settings.timeout_s)
            note.attempts += 1
            if answer.ok:
                note.status, note.sent_at, note.last_error = "sent", now, ""
                sent += 1
            elif note.attempts >= settings.retries:
                note.status = "failed"
                note.last_error = _error(answer)
                failed += 1
            else:
                note.last_error = _error(answer)
                delay = settings.retry_after_s * 2 ** (note.attempts - 1)
                note.next_attempt_at = now + timedelta(seconds=delay)
                retried += 1
    return DeliveryRound(sent, retried, failed, dropped)


def _error(answer: Delivery) -> str:
    return f"HTTP {answer.status}" if answer.status else (answer.error or "no answer")[:200]


def status_counts(ctx: AppContext) -> dict[str, int]:
    with ctx.db.snapshot() as session:
        rows = session.execute(
            select(Notification.status, func.count()).group_by(Notification.status)
        ).all()
    counts = {"pending": 0, "sent": 0, "failed": 0, "dropped": 0}
    counts.update({status: int(n) for status, n in rows})
    return counts
