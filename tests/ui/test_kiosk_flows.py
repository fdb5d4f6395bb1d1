"""A citizen at the kiosk: every flow clicked through on the real window, real database, real
printers (a preview folder, a loopback TCP printer that refuses or never answers), and the
scanner simulated as the keyboard burst it is."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import zxingcpp
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget
from sqlalchemy import select

from kiosk.core.clock import FixedClock
from kiosk.core.codes import format_code, normalize_code
from kiosk.db.models import Ticket
from kiosk.flows.idle import IdlePolicy
from kiosk.printing.layout import PAPER_80
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services import applications, queue, staff
from kiosk.services.context import AppContext
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.escpos import banner_raster
from tests.support.tcp_printer import FakeNetworkPrinter, closed_port
from tests.ui.conftest import LANDSCAPE, KioskFactory, visible_texts

WIB = ZoneInfo("Asia/Jakarta")
NIK = "3513014506902741"


# --- helpers: what a citizen does ----------------------------------------------------------


def to_pil(image: QImage) -> Image.Image:
    """A grabbed widget as a PIL image (what a phone photo of the screen would contain)."""
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(rgb.constBits())
    return Image.frombuffer("RGB", (rgb.width(), rgb.height()), data, "raw", "RGB",
                            rgb.bytesPerLine(), 1)  # fmt: skip


def click(qtbot: object, widget: QWidget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not on screen"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def wait_screen(qtbot: object, window: KioskWindow, name: str, timeout: int = 5000) -> None:
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.current_screen_name() == name, timeout=timeout
    )


def open_agency(qtbot: object, window: KioskWindow, code: str) -> None:
    click(qtbot, window.home.ticket_button)
    wait_screen(qtbot, window, "agencies")
    qtbot.waitUntil(lambda: window.agencies.tiles[0].isVisible())  # type: ignore[attr-defined]
    while True:
        tiles = [t for t in window.agencies.tiles if t.isVisible()]
        tile = next((t for t in tiles if t.property("agency_code") == code), None)
        if tile is not None:
            break
        click(qtbot, window.agencies.pager.next_button)
    click(qtbot, tile)
    wait_screen(qtbot, window, "services")
    qtbot.waitUntil(lambda: window.services.rows[0].isVisible())  # type: ignore[attr-defined]


def open_service(qtbot: object, window: KioskWindow, title: str) -> None:
    """A row of the list: the confirm screen (or the card, for a service refused today)."""
    row = next(r for r in window.services.rows if r.isVisible() and r.title.text() == title)
    click(qtbot, row)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.current_screen_name() in ("confirm", "card")
    )


def search_and_open(qtbot: object, window: KioskWindow, typed: str, title: str) -> None:
    """Home -> agencies -> "Cari layanan" -> type on the on-screen keyboard -> the service."""
    click(qtbot, window.home.ticket_button)
    wait_screen(qtbot, window, "agencies")
    click(qtbot, window.agencies.search_button)
    wait_screen(qtbot, window, "services")
    qtbot.waitUntil(lambda: window.services.rows[0].isVisible())  # type: ignore[attr-defined]
    assert window.services.keyboard.isVisible()
    for ch in typed.upper():
        key = window.services.keyboard.space_key if ch == " " else window.services.keyboard.keys[ch]
        click(qtbot, key)
    open_service(qtbot, window, title)


def scanner_burst(qtbot: object, window: KioskWindow, text: str) -> None:
    """A USB scanner in keyboard-wedge mode: the characters in one fast burst, then Enter."""
    QTest.keyClicks(window, text)
    QTest.keyClick(window, Qt.Key.Key_Return)


def take_ticket(
    qtbot: object, window: KioskWindow, priority: str | None = None
) -> queue.IssuedTicket:
    """On the confirm screen: "Cetak Tiket Reguler" or a priority kind (either prints)."""
    wait_screen(qtbot, window, "confirm")
    button = window.confirm.kind_buttons[priority] if priority else window.confirm.regular_button
    click(qtbot, button)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.current_screen_name() in ("result", "eticket"), timeout=8000
    )
    ticket = window.result.ticket
    assert ticket is not None
    return ticket


# --- taking a ticket ---------------------------------------------------------------------------


def test_priority_ticket_is_printed_and_its_number_shown(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, preview_dir: Path
) -> None:
    window = make_kiosk()
    open_agency(qtbot, window, "DINKES")
    assert window.services.title.text() == "Dinas Kesehatan"
    open_service(qtbot, window, "Surat Izin Praktik Dokter Spesialis")
    wait_screen(qtbot, window, "confirm")
    confirm_text = " ".join(text for _, text in visible_texts(window.confirm))
    assert "Yang perlu dibawa" in confirm_text and "Gratis" in confirm_text
    assert "Lansia (60 tahun ke atas)" in window.confirm.priority_explain.text()
    click(qtbot, window.confirm.card_button)  # the full standard, one tap away
    wait_screen(qtbot, window, "card")
    card_text = " ".join(text for _, text in visible_texts(window.card))
    for heading in ("Persyaratan", "Prosedur", "Jangka Waktu", "Biaya", "Produk Layanan",
                    "Pengaduan"):  # fmt: skip
        assert heading in card_text
    assert "Gratis" in card_text and "9 hari kerja" in card_text
    click(qtbot, window.card.take_button)  # back to the queue choice

    ticket = take_ticket(qtbot, window, priority="lansia")

    wait_screen(qtbot, window, "result")
    assert window.result.number.text() == ticket.number
    assert window.result.number.isVisible()
    assert window.result.take.text() == "Silakan ambil tiket Anda di bawah layar."
    assert "Lanjut usia" in window.result.priority.text()
    assert "orang" in window.result.ahead.value.text()
    assert "loket" in window.result.where.text()
    with ctx.db.snapshot() as session:
        row = session.scalar(select(Ticket).where(Ticket.id == ticket.id))
        assert row is not None and row.priority_kind == "lansia"
    # What the printer received: the ESC/POS bytes (the number as a bitmap) and the preview.
    bins = list(preview_dir.glob("*.bin"))
    assert len(bins) == 1
    assert banner_raster(ticket.number, PAPER_80) in bins[0].read_bytes()
    assert preview_pngs(preview_dir)  # drawn on demand from the kept slip
    assert not window.printer_fault
    click(qtbot, window.result.done_button)
    wait_screen(qtbot, window, "home")
    assert "Printer siap" in window.printer_status.text()


def test_search_by_typing_on_the_on_screen_keyboard(
    make_kiosk: KioskFactory, qtbot: object
) -> None:
    window = make_kiosk()
    search_and_open(qtbot, window, "SKCK BARU", "SKCK Baru")
    assert window.services.search.text() == "SKCK BARU"
    assert "Rp30.000" in window.card.sections["fee"].body.text()


@pytest.mark.parametrize("mode", ["refused", "silent"])
def test_printer_failure_shows_the_e_ticket_within_3_seconds(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, mode: str
) -> None:
    printer = FakeNetworkPrinter("silent").start() if mode == "silent" else None
    uri = printer.uri() if printer else f"tcp://127.0.0.1:{closed_port()}"
    try:
        window = make_kiosk(printer_uri=uri)
        open_agency(qtbot, window, "DINKES")
        open_service(qtbot, window, "Surat Izin Praktik Dokter")
        wait_screen(qtbot, window, "confirm")
        started = time.monotonic()
        click(qtbot, window.confirm.regular_button)
        wait_screen(qtbot, window, "eticket", timeout=6000)
        assert time.monotonic() - started < 3.6  # 3 s of waiting plus the issuing itself
    finally:
        if printer is not None:
            printer.stop()
    ticket = window.eticket.ticket
    assert window.eticket.number.text() == ticket.number
    assert "foto layar ini" in window.eticket.take.text()
    assert window.eticket.headline.text() == "Printer sedang bermasalah"
    # The QR on screen scans back to the ticket's status code, like the paper slip's QR.
    decoded = zxingcpp.read_barcodes(to_pil(window.eticket.qr.grab().toImage()))
    assert decoded, "no QR found on the e-ticket screen"
    assert normalize_code(decoded[0].text) == ticket.code
    assert decoded[0].text == format_code(ticket.code)
    # The printer fault stays visible (discreetly) on the home screen.
    click(qtbot, window.eticket.done_button)
    wait_screen(qtbot, window, "home")
    assert window.printer_fault
    assert "Printer bermasalah" in window.printer_status.text()
    # ...and the ticket is real: its QR shows its status at the kiosk.
    scanner_burst(qtbot, window, decoded[0].text)
    wait_screen(qtbot, window, "ticket_status")
    assert window.ticket_status.number.text() == ticket.number


def test_closed_service_says_so_with_the_opening_hours_and_cannot_be_taken(
    make_kiosk: KioskFactory, qtbot: object, clock: FixedClock
) -> None:
    clock.set(datetime(2026, 3, 2, 20, 0, tzinfo=WIB))  # Monday evening
    window = make_kiosk()
    open_agency(qtbot, window, "DINKES")
    row = next(r for r in window.services.rows if r.isVisible())
    assert row.badge.text() == "Tutup"
    click(qtbot, row)
    wait_screen(qtbot, window, "card")  # a refused service: its card says why
    status = window.card.status.text()
    assert "Layanan ini sedang tutup." in status
    assert "Jam layanan: Senin-Kamis 08.00-15.00" in status
    assert "Buka kembali: Selasa, 3 Maret 2026 08.00 WIB" in status
    assert not window.card.take_button.isVisible()
    window.set_language("en")  # the same refusal, worded in English
    status = window.card.status.text()
    assert "This service is closed now." in status and "Tuesday, 3 March 2026 08:00 WIB" in status
    window.set_language("id")
    # No dead end: back to the list, or home.
    assert window.back_button.isVisible() and window.home_button.isVisible()
    click(qtbot, window.back_button)
    wait_screen(qtbot, window, "services")


def test_reached_quota_is_refused_with_a_clear_message(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    service = min(
        (s for s in queue.list_services(ctx) if s.daily_quota and s.refusal is None),
        key=lambda s: s.daily_quota or 0,
    )
    for _ in range(service.daily_quota or 0):
        queue.issue_ticket(ctx, service.code)
    window = make_kiosk()
    search_and_open(qtbot, window, service.code.replace("_", " "), service.name_id)
    assert "Kuota antrian hari ini sudah habis." in window.card.status.text()
    assert not window.card.take_button.isVisible()
    window.set_language("en")
    assert "Today's ticket quota for this service has been reached." in window.card.status.text()


def test_quota_reached_while_confirming_is_refused_with_a_way_back(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    """Another kiosk took the last ticket while this citizen was reading the card."""
    service = min(
        (s for s in queue.list_services(ctx) if s.daily_quota and s.refusal is None),
        key=lambda s: s.daily_quota or 0,
    )
    for _ in range((service.daily_quota or 0) - 1):
        queue.issue_ticket(ctx, service.code)
    window = make_kiosk()
    search_and_open(qtbot, window, service.code.replace("_", " "), service.name_id)
    wait_screen(qtbot, window, "confirm")
    assert window.confirm.regular_button.isVisible()
    queue.issue_ticket(ctx, service.code)  # the last one, taken elsewhere
    click(qtbot, window.confirm.regular_button)
    wait_screen(qtbot, window, "message")
    assert window.message.title.text() == "Kuota antrian hari ini sudah habis."
    assert "Silakan datang lagi pada hari kerja berikutnya." in window.message.body.text()
    click(qtbot, window.message.action)  # "Kembali": to the list, which now says why
    wait_screen(qtbot, window, "services")
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: any(r.badge.text() == "Kuota habis" for r in window.services.rows if r.isVisible())
    )


# --- scanning ------------------------------------------------------------------------------


def test_scanning_garbage_says_not_recognised(make_kiosk: KioskFactory, qtbot: object) -> None:
    window = make_kiosk()
    scanner_burst(qtbot, window, "'; DROP TABLE tickets; --")
    wait_screen(qtbot, window, "message")
    assert window.message.title.text() == "Kode tidak dikenali"
    assert window.message.action.isVisible()  # "Coba lagi": never a dead end
    click(qtbot, window.message.action)
    wait_screen(qtbot, window, "scan")


def test_slow_typing_is_not_a_scan(make_kiosk: KioskFactory, qtbot: object) -> None:
    window = make_kiosk()
    for ch in "T1234":
        QTest.keyClick(window, ch)
        qtbot.wait(60)  # type: ignore[attr-defined]
    QTest.keyClick(window, Qt.Key.Key_Return)
    qtbot.wait(200)  # type: ignore[attr-defined]
    assert window.current_screen_name() == "home"


def test_scanning_a_ticket_qr_shows_its_status(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    first = queue.issue_ticket(ctx, "SIP_DR")
    second = queue.issue_ticket(ctx, "SIP_DR")
    window = make_kiosk()
    click(qtbot, window.home.scan_button)
    wait_screen(qtbot, window, "scan")
    scanner_burst(qtbot, window, format_code(second.code))
    wait_screen(qtbot, window, "ticket_status")
    assert window.ticket_status.number.text() == second.number
    assert window.ticket_status.state.text() == "Menunggu dipanggil"
    assert window.ticket_status.ahead.value.text() == "1 orang"
    assert first.number != second.number


def test_typed_code_and_application_progress_show_no_nik(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    officer = staff.authenticate(ctx, "petugas", "demo12345")
    reg = applications.register(
        ctx, officer, "REKLAME_TITIK", name="Siti Aminah Rahayu", nik=NIK, phone="081234569876"
    )
    window = make_kiosk()
    click(qtbot, window.home.scan_button)
    wait_screen(qtbot, window, "scan")
    click(qtbot, window.scan.code_button)
    wait_screen(qtbot, window, "code_entry")
    for ch in reg.tracking_code_display:
        click(qtbot, window.code_entry.keyboard.keys[ch])
    click(qtbot, window.code_entry.search_button)
    wait_screen(qtbot, window, "application")
    shown = " ".join(text for _, text in visible_texts(window.application))
    assert reg.registration_number in shown
    assert "SITI A" in shown.upper()
    assert "Siti Aminah Rahayu" not in shown
    assert NIK not in shown and NIK[-4:] not in shown and "081234569876" not in shown
    assert "Sesuai jadwal" in shown


def test_registration_number_with_last4_and_throttling(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    officer = staff.authenticate(ctx, "petugas", "demo12345")
    reg = applications.register(ctx, officer, "REKLAME_TITIK", name="Budi Santoso", nik=NIK)
    window = make_kiosk()
    click(qtbot, window.home.scan_button)
    click(qtbot, window.scan.reg_button)
    wait_screen(qtbot, window, "reg_entry")
    entry = window.reg_entry

    def submit(last4: str) -> None:
        entry.reset()
        for ch in reg.registration_number:
            click(qtbot, entry.keyboard.keys[ch])
        click(qtbot, entry.keyboard.done_key)  # "Berikutnya": on to the 4 digits
        assert entry.digits.isVisible() and not entry.keyboard.isVisible()
        for ch in last4:
            click(qtbot, entry.digits.keys[ch])
        click(qtbot, entry.search_button)

    for attempt in range(5):
        submit("0000")
        wait_screen(qtbot, window, "message")
        if attempt < 4:
            assert window.message.title.text() == "Kode tidak dikenali"
            click(qtbot, window.message.action)  # "Coba lagi" -> back to typing
            wait_screen(qtbot, window, "reg_entry")
    assert window.message.title.text() == "Terlalu banyak percobaan"
    assert "60 detik" in window.message.body.text()
    click(qtbot, window.back_button)
    wait_screen(qtbot, window, "reg_entry")
    submit(NIK[-4:])  # the right digits are refused too while cooling down
    wait_screen(qtbot, window, "message")
    assert window.message.title.text() == "Terlalu banyak percobaan"


# --- kiosk behaviour ---------------------------------------------------------------------------


def test_idle_timeout_returns_home_and_clears_everything(
    make_kiosk: KioskFactory, qtbot: object
) -> None:
    window = make_kiosk()
    click(qtbot, window.lang_buttons["en"])
    search_and_open(qtbot, window, "DOKTER", "Practice Licence: Medical Specialist")
    assert window.translator.lang == "en"
    # Shorten the timeout only now: on a loaded CI machine the service list can take longer
    # than a short timeout to load, and the kiosk would (rightly) go home mid-way.
    window.set_idle_policy(IdlePolicy(timeout_s=0.4, warn_s=0.2))
    wait_screen(qtbot, window, "home", timeout=3000)
    assert window.translator.lang == "id"
    assert window.home.ticket_button.title.text() == "Ambil Antrian"
    assert window.services.search.text() == ""
    assert window.card.service is None and window.confirm.service is None
    assert window.ticket_flow.service is None
    assert not window.services.keyboard.isVisible()


def test_language_switch_changes_every_visible_string(
    make_kiosk: KioskFactory, qtbot: object
) -> None:
    window = make_kiosk()
    neutral = {"Indonesia", "English"}  # each language names itself

    def check(screen: str) -> None:
        before = {w: t for w, t in visible_texts(window) if t not in neutral}
        click(qtbot, window.lang_buttons["en"])
        after = {w: t for w, t in visible_texts(window) if t not in neutral}
        unchanged = [t for w, t in after.items() if before.get(w) == t]
        assert not unchanged, f"{screen}: not translated: {unchanged}"
        click(qtbot, window.lang_buttons["id"])

    check("home")
    open_agency(qtbot, window, "DINKES")
    check("services")
    open_service(qtbot, window, "Surat Izin Praktik Dokter Spesialis")
    check("confirm")
    click(qtbot, window.confirm.card_button)
    check("card")
    click(qtbot, window.home_button)
    click(qtbot, window.home.charter_button)
    check("charter")
    click(qtbot, window.home_button)
    click(qtbot, window.home.scan_button)
    check("scan")


def test_exit_needs_the_supervisor_pin(make_kiosk: KioskFactory, qtbot: object) -> None:
    window = make_kiosk(exit_pin="2468")
    window.close()  # Alt+F4 / a close request: refused
    assert window.isVisible()
    corner = window.childAt(QPoint(20, 20))  # the logo: it ignores presses, they travel up
    assert corner is not None
    for tap in range(5):
        assert not window.pin_pad.isVisible(), f"opened after {tap} taps"
        qtbot.mouseClick(
            corner, Qt.MouseButton.LeftButton, pos=corner.mapFrom(window, QPoint(20, 20))
        )  # type: ignore[attr-defined]
    assert window.pin_pad.isVisible()
    pad = window.pin_pad.pad
    for ch in "1111":
        click(qtbot, pad.keys[ch])
    click(qtbot, pad.done_key)
    assert window.pin_pad.message.text() == "PIN salah. Silakan coba lagi."
    assert window.isVisible()
    for ch in "2468":
        click(qtbot, pad.keys[ch])
    click(qtbot, pad.done_key)
    qtbot.waitUntil(lambda: not window.isVisible())  # type: ignore[attr-defined]


def test_five_wrong_pins_lock_the_pad_for_a_minute(make_kiosk: KioskFactory, qtbot: object) -> None:
    window = make_kiosk(exit_pin="2468")
    now = [1000.0]
    window.pin_pad._clock = lambda: now[0]
    window.pin_pad.open()
    pad = window.pin_pad.pad

    def enter(pin: str) -> None:
        for ch in pin:
            click(qtbot, pad.keys[ch])
        click(qtbot, pad.done_key)

    for _ in range(5):
        enter("1111")
    assert window.pin_pad.message.text().startswith("Terlalu banyak PIN salah")
    enter("2468")  # the right PIN is refused during the lock-out
    assert window.isVisible() and window.pin_pad.isVisible()
    now[0] += 61
    enter("2468")
    qtbot.waitUntil(lambda: not window.isVisible())  # type: ignore[attr-defined]


def test_a_slow_call_shows_the_spinner_only_after_300_ms(
    make_kiosk: KioskFactory, qtbot: object
) -> None:
    window = make_kiosk()
    # The start-up reads (site, printer, popular row) are done first: on a loaded machine they
    # could otherwise hold the event loop past the 300 ms this test measures.
    qtbot.waitUntil(lambda: bool(window.home.popular))  # type: ignore[attr-defined]
    qtbot.wait(100)  # type: ignore[attr-defined]
    finished: list[object] = []
    window.workers.submit(lambda: time.sleep(0.7) or "ok", finished.append)
    assert window.overlay.isVisible()  # taps are swallowed at once...
    qtbot.wait(150)  # type: ignore[attr-defined]
    assert not window.overlay.revealed  # ...but a quick call never flashes a spinner
    qtbot.waitUntil(lambda: window.overlay.revealed, timeout=1000)  # type: ignore[attr-defined]
    assert window.overlay.label.text() == "Mohon tunggu..."
    qtbot.waitUntil(lambda: finished == ["ok"], timeout=3000)  # type: ignore[attr-defined]
    assert not window.overlay.isVisible()


def test_landscape_layout_flows_too(make_kiosk: KioskFactory, qtbot: object) -> None:
    window = make_kiosk(size=LANDSCAPE)
    assert not window.portrait
    open_agency(qtbot, window, "POLRES")
    open_service(qtbot, window, "SKCK Baru")
    ticket = take_ticket(qtbot, window)
    wait_screen(qtbot, window, "result")
    assert window.result.number.text() == ticket.number
