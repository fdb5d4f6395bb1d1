"""Visit booking through the service layer: slots from the catalogue, places per slot and per
day within the daily quota, cancelling, the kiosk's redemption window, unused bookings giving
their place back, and 8 clients on one slot at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.core.clock import FixedClock
from kiosk.db.models import AuditLog, Booking, Service, Ticket
from kiosk.errors import Conflict, KioskError, NotFound, Refused
from kiosk.services import booking, queue
from kiosk.services.context import AppContext, build_context
from tests.conftest import WIB, settings_for

MONDAY = date(2026, 3, 2)  # the ctx fixture's clock: Monday 09:00 WIB
KTP = "KTP_EL"  # 30-minute slots, 4 places each, 40 a day, daily quota 150 (sample catalogue)


def at(clock: FixedClock, day: date, hh: int, mm: int = 0) -> None:
    clock.set(datetime(day.year, day.month, day.day, hh, mm, tzinfo=WIB))


def test_slots_days_and_places_follow_the_catalogue(ctx: AppContext) -> None:
    services = {s.code: s for s in booking.bookable_services(ctx)}
    assert set(services) == {"KTP_EL", "KK", "KIA"}
    service, days = booking.booking_days(ctx, KTP)
    assert service.slot_minutes == 30
    # Monday to the next Monday (7 days ahead), without the weekend.
    assert [d.day for d in days] == [MONDAY + timedelta(days=n) for n in (0, 1, 2, 3, 4, 7)]
    _, _, slots = booking.day_slots_of(ctx, KTP, "2026-03-02")
    # 08:00-15:00 in 30-minute slots; at 09:00 the first open one is 09:30.
    assert [s.key for s in slots][:2] == ["09:30", "10:00"] and slots[-1].key == "14:30"
    assert all(s.left == 4 for s in slots)
    _, _, friday = booking.day_slots_of(ctx, KTP, "2026-03-06")
    assert [s.key for s in friday] == ["08:00", "08:30", "09:00", "09:30", "10:00", "10:30"]
    with pytest.raises(NotFound):
        booking.day_slots_of(ctx, KTP, "2026-03-07")  # Saturday
    with pytest.raises(NotFound):
        booking.day_slots_of(ctx, "REKLAME", "2026-03-03")  # takes no bookings


def test_a_holiday_from_the_table_is_no_booking_day(ctx: AppContext) -> None:
    from kiosk.db.models import Holiday

    with ctx.db.transaction() as s:
        site = ctx.site_id(s)
        s.add(Holiday(site_id=site, day=date(2026, 3, 3), name="Uji libur", kind="libur_nasional"))
    _, days = booking.booking_days(ctx, KTP)
    assert date(2026, 3, 3) not in [d.day for d in days]
    with pytest.raises(NotFound):
        booking.book_visit(ctx, KTP, "2026-03-03", "09:00")


def test_booking_cancel_and_the_places_left(ctx: AppContext) -> None:
    made = [booking.book_visit(ctx, KTP, "2026-03-03", "10:00", "Budi 0812") for _ in range(4)]
    assert all(m.status == "booked" and m.code.startswith("B") for m in made)
    assert made[0].code_display.startswith("B-")
    _, _, slots = booking.day_slots_of(ctx, KTP, "2026-03-03")
    assert {s.key: s.left for s in slots}["10:00"] == 0
    with pytest.raises(Refused) as full:
        booking.book_visit(ctx, KTP, "2026-03-03", "10:00")
    assert full.value.reason == "booking_full"
    cancelled = booking.cancel_booking(ctx, made[0].code_display.lower())
    assert cancelled.status == "cancelled"
    with pytest.raises(Conflict):
        booking.cancel_booking(ctx, made[0].code)
    again = booking.book_visit(ctx, KTP, "2026-03-03", "10:00")
    assert again.status == "booked"
    with ctx.db.snapshot() as s:
        gone = s.scalar(select(Booking.contact).where(Booking.code == made[0].code))
        kept = s.scalar(select(Booking.contact).where(Booking.code == made[1].code))
        actions = s.scalars(select(AuditLog.action).where(AuditLog.entity == "booking")).all()
        details = s.scalars(select(AuditLog.detail).where(AuditLog.entity == "booking")).all()
    assert gone is None and kept == "Budi 0812"  # a cancelled booking keeps nothing personal
    assert actions.count("booking.booked") == 5 and actions.count("booking.cancelled") == 1
    assert "Budi" not in repr(details)


def test_refusals_name_the_reason(ctx: AppContext) -> None:
    cases: list[tuple[tuple[Any, ...], str]] = [
        ((KTP, "2026-03-02", "08:30"), "booking_slot_past"),
        ((KTP, "2026-03-20", "09:00"), "booking_day_range"),
        ((KTP, "kemarin", "09:00"), "booking_day"),
        ((KTP, "2026-03-03", "9.00"), "booking_slot"),
        ((KTP, "2026-03-03", "09:10"), "booking_slot"),
    ]
    for args, reason in cases:
        with pytest.raises(KioskError) as caught:
            booking.book_visit(ctx, *args)
        assert caught.value.reason == reason, args
    with pytest.raises(KioskError) as long:
        booking.book_visit(ctx, KTP, "2026-03-03", "09:00", "x" * 81)
    assert long.value.reason == "booking_contact_long"


def test_the_daily_booking_limit_and_the_daily_quota(ctx: AppContext) -> None:
    with ctx.db.transaction() as s:
        kia = s.scalar(select(Service).where(Service.code == "KIA"))
        assert kia is not None
        kia.daily_quota = 5  # 60-minute slots with 4 places: the quota binds first
    for slot in ("10:00", "10:00", "11:00"):
        booking.book_visit(ctx, "KIA", "2026-03-02", slot)
    # Today: 3 booked places still to come leave 2 of 5 for walk-ins.
    queue.issue_ticket(ctx, "KIA")
    _, _, slots = booking.day_slots_of(ctx, "KIA", "2026-03-02")
    assert {s.key: s.left for s in slots}["12:00"] == 1
    queue.issue_ticket(ctx, "KIA")
    with pytest.raises(Refused) as walk_in:
        queue.issue_ticket(ctx, "KIA")
    assert walk_in.value.reason == "quota"
    with pytest.raises(Refused) as booked:
        booking.book_visit(ctx, "KIA", "2026-03-02", "12:00")
    assert booked.value.reason == "booking_full"


def test_the_kiosk_redeems_within_the_window_only(ctx: AppContext, clock: FixedClock) -> None:
    made = booking.book_visit(ctx, KTP, "2026-03-02", "10:00", "081234567890")
    early = booking.book_visit(ctx, KTP, "2026-03-02", "11:00")
    gone = booking.book_visit(ctx, KTP, "2026-03-02", "10:30")
    booking.cancel_booking(ctx, gone.code)
    walk_in = queue.issue_ticket(ctx, KTP)  # 09:00, before the booked visit comes
    at(clock, MONDAY, 9, 40)
    with pytest.raises(Refused) as too_early:
        booking.redeem_booking(ctx, made.code)
    assert too_early.value.reason == "booking_early"
    assert too_early.value.params["opens"].strftime("%H:%M") == "09:45"
    at(clock, MONDAY, 10, 10)
    later = queue.issue_ticket(ctx, KTP)  # a walk-in at 10:10
    ticket = booking.redeem_booking(ctx, made.code, device="anjungan-1")
    assert ticket.number.startswith("A")
    with ctx.db.snapshot() as s:
        queued = dict(s.execute(select(Ticket.code, Ticket.queued_at)).all())
        row = s.scalar(select(Booking).where(Booking.code == made.code))
        assert row is not None and row.status == "used" and row.contact is None
    # Precedence: queued at its slot's start, after the 09:00 walk-in, before the 10:10 one.
    assert queued[walk_in.code] < queued[ticket.code] < queued[later.code]
    assert later.ahead == 1 and ticket.ahead == 1
    for code, reason in ((made.code, "booking_used"), (gone.code, "booking_cancelled")):
        with pytest.raises(Refused) as caught:
            booking.redeem_booking(ctx, code)
        assert caught.value.reason == reason
    at(clock, MONDAY, 11, 30)
    with pytest.raises(Refused) as too_late:
        booking.redeem_booking(ctx, early.code)
    assert too_late.value.reason == "booking_late"
    assert booking.booking_status(ctx, early.code).status == "expired"
    assert booking.release_expired(ctx) == 1
    with pytest.raises(NotFound):
        booking.redeem_booking(ctx, "B-0000-0000-0000-0")


def test_an_unused_booking_gives_its_place_back_at_the_end_of_its_window(
    ctx: AppContext, clock: FixedClock
) -> None:
    with ctx.db.transaction() as s:
        kia = s.scalar(select(Service).where(Service.code == "KIA"))
        assert kia is not None
        kia.daily_quota = 2
    booking.book_visit(ctx, "KIA", "2026-03-02", "10:00")
    booking.book_visit(ctx, "KIA", "2026-03-02", "10:00")
    with pytest.raises(Refused):
        queue.issue_ticket(ctx, "KIA")  # both places held for the 10:00 visits
    at(clock, MONDAY, 11, 0)  # nobody came: the window is over
    assert queue.issue_ticket(ctx, "KIA").number
    assert booking.day_slots_of(ctx, "KIA", "2026-03-02")[2][0].left == 1


def test_eight_clients_on_one_slot_never_over_book_it(ctx: AppContext, db_url: str) -> None:
    clients = 8
    start = threading.Barrier(clients)
    results: list[str] = []
    lock = threading.Lock()

    def client() -> None:
        own = build_context(settings_for(db_url), FixedClock(ctx.now()))
        try:
            start.wait(30)
            try:
                made = booking.book_visit(own, KTP, "2026-03-02", "13:00")
                outcome = made.code
            except Refused as exc:
                outcome = exc.reason
            with lock:
                results.append(outcome)
        finally:
            own.db.dispose()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(results) == clients
    assert sum(r.startswith("B") for r in results) == 4
    assert results.count("booking_full") == 4
    with ctx.db.snapshot() as s:
        stored = s.scalars(select(Booking.code).where(Booking.status == "booked")).all()
    assert len(stored) == 4
