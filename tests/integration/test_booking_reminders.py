"""Booking reminders through the outbox: asked for when booking, written with the booking,
posted once (signed) to a real HTTP receiver when due, never without consent, and dropped
unsent once the booking is cancelled, used or expired (SQLite and PostgreSQL)."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from kiosk.core.clock import FixedClock
from kiosk.db.models import AuditLog, Booking, Notification
from kiosk.errors import BadInput
from kiosk.i18n import error_text
from kiosk.services import booking, notify
from kiosk.services.context import AppContext
from tests.conftest import WIB
from tests.integration import test_notifications
from tests.integration.test_notifications import SECRET, Gateway

MONDAY, TUESDAY = date(2026, 3, 2), date(2026, 3, 3)
KTP = "KTP_EL"
MOBILE = "0812-3456-7890"
PUBLIC_URL = "https://mpp.probolinggokab.go.id"
gateway = test_notifications.gateway  # the same local HTTP receiver (fixture)


def at(clock: FixedClock, day: date, hh: int, mm: int = 0) -> None:
    clock.set(datetime(day.year, day.month, day.day, hh, mm, tzinfo=WIB))


def _sending(ctx: AppContext, url: str, **notify_settings: object) -> AppContext:
    settings = replace(
        ctx.settings,
        notify=replace(ctx.settings.notify, webhook_url=url, secret=SECRET, **notify_settings),
        web=replace(ctx.settings.web, public_url=PUBLIC_URL),
    )
    return replace(ctx, settings=settings)


def _outbox(ctx: AppContext) -> list[Notification]:
    with ctx.db.snapshot() as s:
        rows = list(s.scalars(select(Notification).order_by(Notification.id)))
        s.expunge_all()
        return rows


def _sealed_phone(ctx: AppContext, code: str) -> str | None:
    with ctx.db.snapshot() as s:
        return s.scalar(select(Booking.phone_sealed).where(Booking.code == code))


def test_a_reminder_is_posted_once_signed_at_its_due_time(
    ctx: AppContext, clock: FixedClock, gateway: Gateway
) -> None:
    ctx = _sending(ctx, gateway.url)
    made = booking.book_visit(ctx, KTP, "2026-03-03", "10:00", remind=True, phone=MOBILE)
    (note,) = _outbox(ctx)
    assert note.kind == "booking_reminder" and note.status == "pending"
    assert note.application_id is None and note.booking_id is not None
    assert note.next_attempt_at == datetime(2026, 3, 3, 8, 0, tzinfo=WIB), "2 hours before"
    row_text = " ".join(str(getattr(note, c.key)) for c in Notification.__table__.columns)
    assert "3456" not in row_text, "the outbox names the booking, never the phone"
    sealed = _sealed_phone(ctx, made.code)
    assert sealed and "3456" not in sealed, "the number is sealed on the booking"

    assert notify.deliver_due(ctx).sent == 0, "not due on Monday"
    at(clock, TUESDAY, 7, 59)
    assert notify.deliver_due(ctx).sent == 0
    at(clock, TUESDAY, 8, 0)
    done = notify.deliver_due(ctx)
    assert (done.sent, done.retried, done.failed, done.dropped) == (1, 0, 0, 0)
    ((headers, body),) = gateway.received
    expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-MPP-Signature"] == expected
    sent = json.loads(body)
    assert sent["kind"] == "booking_reminder" and sent["to"] == "081234567890"
    assert sent["booking_code"] == made.code_display
    assert sent["booking_link"] == f"{PUBLIC_URL}/b/{made.code_display}"
    assert sent["day"] == "2026-03-03" and sent["slot_start"].startswith("2026-03-03T10:00")
    assert "pengingat kunjungan" in sent["text"]["id"]
    assert "Selasa, 3 Maret 2026 pukul 10.00-10.30 WIB" in sent["text"]["id"]
    assert "Tuesday, 3 March 2026, 10:00-10:30 WIB" in sent["text"]["en"]
    assert made.code_display in sent["text"]["en"] and "/b/" in sent["text"]["id"]
    at(clock, TUESDAY, 9, 0)
    assert notify.deliver_due(ctx).sent == 0, "sent once only"
    assert len(gateway.received) == 1 and notify.status_counts(ctx)["sent"] == 1


def test_a_booking_made_later_than_the_lead_is_reminded_at_once(
    ctx: AppContext, gateway: Gateway
) -> None:
    ctx = _sending(ctx, gateway.url, booking_reminder_hours=3.0)
    booking.book_visit(ctx, KTP, "2026-03-02", "10:00", remind=True, phone="+62 812 3456 7890")
    (note,) = _outbox(ctx)
    assert note.next_attempt_at == datetime(2026, 3, 2, 9, 0, tzinfo=WIB), "now, not 07:00"
    assert notify.deliver_due(ctx).sent == 1
    assert json.loads(gateway.received[0][1])["to"] == "+6281234567890"


def test_no_reminder_without_consent(ctx: AppContext, clock: FixedClock, gateway: Gateway) -> None:
    ctx = _sending(ctx, gateway.url)
    made = booking.book_visit(ctx, KTP, "2026-03-03", "10:00", "Budi", phone=MOBILE)
    assert _outbox(ctx) == [] and _sealed_phone(ctx, made.code) is None, "not ticked: not kept"
    at(clock, TUESDAY, 9, 0)
    assert notify.deliver_due(ctx).sent == 0 and gateway.received == []


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        ("", "booking_reminder_needs_phone"),
        ("12ab", "phone_format"),
        ("0812", "phone_format"),
        ("0335 421 234", "phone_not_mobile"),  # a landline takes no message
    ],
)
def test_a_bad_number_is_refused_and_nothing_is_written(
    ctx: AppContext, phone: str, reason: str
) -> None:
    with pytest.raises(BadInput) as refused:
        booking.book_visit(ctx, KTP, "2026-03-03", "10:00", remind=True, phone=phone)
    assert refused.value.reason == reason
    texts = {lang: error_text(lang, refused.value) for lang in ("id", "en")}
    assert texts["id"] != texts["en"] and all(reason not in t for t in texts.values())
    with ctx.db.snapshot() as s:
        assert s.scalar(select(func.count()).select_from(Booking)) == 0
        assert s.scalar(select(func.count()).select_from(Notification)) == 0
        assert s.scalar(select(func.count()).where(AuditLog.entity == "booking")) == 0


def test_a_cancelled_booking_drops_its_reminder_at_once(
    ctx: AppContext, clock: FixedClock, gateway: Gateway
) -> None:
    ctx = _sending(ctx, gateway.url)
    made = booking.book_visit(ctx, KTP, "2026-03-03", "10:00", remind=True, phone=MOBILE)
    kept = booking.book_visit(ctx, KTP, "2026-03-03", "11:00", remind=True, phone=MOBILE)
    booking.cancel_booking(ctx, made.code)
    first, second = _outbox(ctx)
    assert (first.status, first.last_error) == ("dropped", "booking cancelled")
    assert second.status == "pending", "only its own reminder"
    assert _sealed_phone(ctx, made.code) is None and _sealed_phone(ctx, kept.code)
    at(clock, TUESDAY, 9, 0)
    assert notify.deliver_due(ctx).sent == 1
    assert json.loads(gateway.received[0][1])["booking_code"] == kept.code_display


def test_a_used_or_expired_booking_is_not_reminded(
    ctx: AppContext, clock: FixedClock, gateway: Gateway
) -> None:
    ctx = _sending(ctx, gateway.url, booking_reminder_hours=0.1)  # 6 minutes before
    used = booking.book_visit(ctx, KTP, "2026-03-02", "10:00", remind=True, phone=MOBILE)
    over = booking.book_visit(ctx, KTP, "2026-03-02", "10:30", remind=True, phone=MOBILE)
    at(clock, MONDAY, 9, 50)  # the kiosk takes it 15 minutes early
    booking.redeem_booking(ctx, used.code, device="anjungan-1")
    assert _sealed_phone(ctx, used.code) is None, "a used booking keeps no number"
    at(clock, MONDAY, 11, 5)  # the sender was down: the second one's window is over too
    done = notify.deliver_due(ctx)
    assert (done.sent, done.dropped) == (0, 2) and gateway.received == []
    assert {n.status for n in _outbox(ctx)} == {"dropped"}
    assert {n.last_error for n in _outbox(ctx)} == {"booking over"}
    assert booking.release_expired(ctx) == 1
    assert _sealed_phone(ctx, over.code) is None, "the sweep clears the number"


def test_migration_0016_goes_down_and_up_keeping_the_outbox(ctx: AppContext) -> None:
    from alembic import command
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import IntegrityError

    from kiosk.db import migrate

    booking.book_visit(ctx, KTP, "2026-03-03", "10:00", remind=True, phone=MOBILE)
    cfg = migrate._config(ctx.db)

    def columns(table: str) -> set[str]:
        return {c["name"] for c in inspect(ctx.db.engine).get_columns(table)}

    with ctx.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0015")
    assert "booking_id" not in columns("notifications")
    assert "phone_sealed" not in columns("bookings")
    with ctx.db.engine.connect() as conn:
        kept = conn.execute(text("SELECT kind FROM notifications")).scalars().all()
        assert kept == ["booking_reminder"], "the outbox's rows stay (without their booking)"
    with ctx.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert {"booking_id"} <= columns("notifications") and {"phone_sealed"} <= columns("bookings")
    fks = inspect(ctx.db.engine).get_foreign_keys("notifications")
    assert any(fk["referred_table"] == "bookings" for fk in fks)
    with pytest.raises(IntegrityError), ctx.db.engine.begin() as conn:
        conn.execute(
            text("INSERT INTO notifications (site_id, kind, booking_id, status, attempts, "
                 "last_error, created_at, next_attempt_at) SELECT id, 'booking_reminder', 999, "
                 "'pending', 0, '', :t, :t FROM sites"),
            {"t": datetime(2026, 3, 2, 9, 0, tzinfo=WIB)},
        )  # fmt: skip


def test_booking_sweep_and_each_notify_round_release_unused_bookings(
    ctx: AppContext, sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from kiosk.cli import main

    if ctx.db.dialect != "sqlite":
        pytest.skip("the command line is run against the SQLite file")
    first = booking.book_visit(ctx, KTP, "2026-03-02", "10:00", "Budi")  # March: long over
    assert main(["booking", "sweep", "--db", sqlite_url, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["expired"] == 1
    with ctx.db.snapshot() as s:
        row = s.scalars(select(Booking).where(Booking.code == first.code)).one()
        assert row.status == "expired" and row.contact is None
    booking.book_visit(ctx, KTP, "2026-03-02", "10:30")
    # notify run's round sweeps first, even where no gateway is set up (it then says so)
    assert main(["notify", "run", "--once", "--db", sqlite_url, "--json"]) != 0
    with ctx.db.snapshot() as s:
        assert s.scalar(select(func.count()).where(Booking.status == "booked")) == 0


def test_a_key_rotation_reseals_waiting_reminder_numbers(
    ctx: AppContext, clock: FixedClock, gateway: Gateway
) -> None:
    from kiosk.core.sealing import key_id_of
    from kiosk.services import privacy
    from tests.integration.test_applications import officer

    ctx = _sending(ctx, gateway.url)
    made = booking.book_visit(ctx, KTP, "2026-03-03", "10:00", remind=True, phone=MOBILE)
    old = key_id_of(_sealed_phone(ctx, made.code) or "")
    assert privacy.key_usage(ctx)[old] == 1, "a waiting number keeps its key in use"
    report = privacy.rotate_key(ctx, officer(ctx, "admin"), retire_old=True)
    assert report.retired == (old,)
    assert key_id_of(_sealed_phone(ctx, made.code) or "") == report.active
    at(clock, TUESDAY, 8, 0)
    assert notify.deliver_due(ctx).sent == 1, "still readable after the old key is gone"
    assert json.loads(gateway.received[0][1])["to"] == "081234567890"
