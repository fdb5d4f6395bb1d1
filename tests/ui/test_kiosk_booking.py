"""A booked visit at the kiosk (the real window offscreen, the real database and the preview
printer): the booking's QR (a link of our own public_url, as the web's PDF carries it, or the
bare code) issues a real ticket within its window; too early, too late, cancelled and already
used each get their own screen, in Indonesian and English; a look-alike host is not ours."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from kiosk.core.clock import FixedClock
from kiosk.core.links import public_link
from kiosk.db.models import Booking, PrintJob, Ticket
from kiosk.services import booking
from kiosk.services.context import AppContext
from kiosk.ui.kiosk.window import KioskWindow
from tests.conftest import WIB
from tests.ui.conftest import KioskFactory, visible_texts
from tests.ui.test_kiosk_flows import scanner_burst, wait_screen

BASE = "https://mpp.probolinggokab.go.id"


def screen_text(window: KioskWindow) -> str:
    return " ".join(text for _, text in visible_texts(window.current_screen()))


def at(clock: FixedClock, hh: int, mm: int) -> None:
    clock.set(datetime(2026, 3, 2, hh, mm, tzinfo=WIB))


def scan(qtbot: object, window: KioskWindow, text: str, screen: str) -> str:
    window.go_home(reset=False)  # keeps the language chosen
    scanner_burst(qtbot, window, text)
    wait_screen(qtbot, window, screen)
    qtbot.waitUntil(lambda: screen_text(window).strip() != "")  # type: ignore[attr-defined]
    return screen_text(window)


def shot(window: KioskWindow, folder: Path, name: str) -> None:
    (folder / "kiosk").mkdir(parents=True, exist_ok=True)
    window.grab().save(str(folder / "kiosk" / f"booking-{name}-portrait.png"))


def test_the_booking_qr_issues_a_ticket_within_its_window_only(
    make_kiosk: KioskFactory,
    qtbot: object,
    ctx: AppContext,
    clock: FixedClock,
    screenshot_dir: Path,
) -> None:
    ctx.settings = replace(ctx.settings, web=replace(ctx.settings.web, public_url=BASE))
    window = make_kiosk()
    made = booking.book_visit(ctx, "KTP_EL", "2026-03-02", "09:30", "Budi")
    link = public_link(BASE, "booking", made.code)
    assert link == f"{BASE}/b/{made.code_display}"

    early = scan(qtbot, window, link, "message")  # 09:00: the window opens at 09:15
    assert "Terlalu awal" in early and "09.30" in early and "09.15" in early
    shot(window, screenshot_dir, "early-id")

    at(clock, 9, 20)
    result = scan(qtbot, window, link, "result")
    shot(window, screenshot_dir, "ticket-id")
    with ctx.db.snapshot() as s:
        row = s.scalar(select(Booking).where(Booking.code == made.code))
        assert row is not None and row.status == "used" and row.contact is None
        ticket = s.get_one(Ticket, row.ticket_id)
        jobs = s.scalars(select(PrintJob).where(PrintJob.ticket_id == ticket.id)).all()
        number = f"{ticket.prefix}{ticket.number:03d}"
        queued_at = ticket.queued_at
    assert number in result.replace(" ", "").replace("-", "")
    assert len(jobs) == 1  # printed like any other ticket
    assert queued_at == made.slot_start  # precedence: queued at the slot's start

    used = scan(qtbot, window, made.code_display, "message")  # the bare code works too
    assert "sudah dipakai" in used and number in used.replace("-", "")

    gone = booking.book_visit(ctx, "KTP_EL", "2026-03-02", "10:00")
    booking.cancel_booking(ctx, gone.code)
    assert "Pemesanan dibatalkan" in scan(qtbot, window, gone.code_display, "message")

    late = booking.book_visit(ctx, "KTP_EL", "2026-03-02", "10:30")
    at(clock, 11, 5)
    text = scan(qtbot, window, public_link(BASE, "booking", late.code), "message")
    assert "sudah lewat" in text and "10.30" in text

    window.set_language("en")
    english = scan(qtbot, window, gone.code_display, "message")
    assert "Booking cancelled" in english
    shot(window, screenshot_dir, "cancelled-en")
    assert "Too early" not in english
    too_late = scan(qtbot, window, late.code_display, "message")
    assert "has passed" in too_late and "10:30" in too_late

    # A look-alike host's link with a real code is not ours.
    foreign = f"https://mpp.probolinggokab.go.id.evil.example/b/{late.code_display}"
    assert "not recognised" in scan(qtbot, window, foreign, "message").lower()
