"""An officer at the counter window: every flow clicked through on the real window, with the real
database, the F-keys, a preview-folder printer, and the lobby display open on the same database
(so a call is seen where the citizen sees it).

The fixtures here (make_counter, make_display) are shared with the other counter and display
test modules, which import them by their function names (make_*_fixture).
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk.core.codes import normalize_code
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services import applications, printjobs, queue, staff
from kiosk.services.context import AppContext
from kiosk.ui.bootstrap import build_counter, build_display
from kiosk.ui.counter.window import CounterWindow
from kiosk.ui.display.window import DisplayWindow
from tests.support.tcp_printer import closed_port
from tests.ui.conftest import visible_texts

PASSWORD = "demo12345"
NIK = "3513014506902741"
NAME = "Siti Aminah Rahayu"
PHONE = "081234569876"
SMALL = (1366, 768)

CounterFactory = Callable[..., CounterWindow]
DisplayFactory = Callable[..., DisplayWindow]


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(name="make_counter")
def make_counter_fixture(
    ctx: AppContext, qtbot: object, preview_dir: Path, tmp_path: Path
) -> Iterator[CounterFactory]:
    """Build a shown counter window; shuts down its spool and feed afterwards."""
    made: list[CounterWindow] = []

    def factory(
        *,
        size: tuple[int, int] = SMALL,
        counter_number: int = 0,
        printer_uri: str | None = None,
        lang: str = "id",
    ) -> CounterWindow:
        ctx.settings = replace(
            ctx.settings, counter=replace(ctx.settings.counter, number=counter_number)
        )
        parts = build_counter(
            ctx,
            printer_uri=printer_uri or f"preview://{preview_dir}",
            receipts_dir=tmp_path / "receipts",
            poll_ms=100,
        )
        window = CounterWindow(parts, windowed=True, lang=lang)  # type: ignore[arg-type]
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)  # type: ignore[attr-defined]
        window.activateWindow()
        made.append(window)
        return window

    yield factory
    for window in made:
        window.shutdown()


@pytest.fixture(name="make_display")
def make_display_fixture(ctx: AppContext, qtbot: object) -> Iterator[DisplayFactory]:
    """Build a shown lobby display (voice on: silent on machines without sound)."""
    made: list[DisplayWindow] = []

    def factory(
        *, size: tuple[int, int] = (1920, 1080), context: AppContext | None = None
    ) -> DisplayWindow:
        window = DisplayWindow(build_display(context or ctx, poll_ms=100), windowed=True)
        qtbot.addWidget(window)  # type: ignore[attr-defined]
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: window.state is not None)  # type: ignore[attr-defined]
        made.append(window)
        return window

    yield factory
    for window in made:
        window.shutdown()


# --- what an officer does ------------------------------------------------------------------------


def click(qtbot: object, widget: QWidget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not on screen"
    assert widget.isEnabled(), f"{widget.objectName()} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]


def sign_in(qtbot: object, window: CounterWindow, user: str, password: str = PASSWORD) -> None:
    page = window.signin
    page.username.clear()
    page.password.clear()
    qtbot.keyClicks(page.username, user)  # type: ignore[attr-defined]
    qtbot.keyClicks(page.password, password)  # type: ignore[attr-defined]
    click(qtbot, page.button)


def wait_page(qtbot: object, window: CounterWindow, page: QWidget) -> None:
    qtbot.waitUntil(lambda: window.pages.currentWidget() is page)  # type: ignore[attr-defined]


def counter_tile(qtbot: object, window: CounterWindow, number: int) -> QWidget:
    """Counter ``number``'s tile on the choice page, once the fresh list has replaced the one
    shown while it loads (those tiles are disabled, then deleted)."""

    def tile() -> QWidget | None:
        return next(
            (
                b
                for b in window.choice.buttons
                if b.property("counter_number") == number and b.isVisible() and b.isEnabled()
            ),
            None,
        )

    qtbot.waitUntil(lambda: tile() is not None)  # type: ignore[attr-defined]
    found = tile()
    assert found is not None
    return found


def at_counter(qtbot: object, window: CounterWindow, number: int, user: str = "petugas") -> None:
    """Sign in and sit at counter ``number`` (through the choice page when it is shown)."""
    sign_in(qtbot, window, user)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.pages.currentWidget() in (window.choice, window.main)
    )
    if window.pages.currentWidget() is window.choice:
        click(qtbot, counter_tile(qtbot, window, number))
    wait_page(qtbot, window, window.main)
    qtbot.waitUntil(lambda: window.state is not None)  # type: ignore[attr-defined]


def press(qtbot: object, window: CounterWindow, key: Qt.Key) -> None:
    """A function key as the officer presses it, wherever the focus is."""
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key)  # type: ignore[attr-defined]


def current_number(window: CounterWindow) -> str | None:
    state = window.state
    current = state.snapshot.current if state is not None else None
    return current.number if current is not None else None


def wait_current(qtbot: object, window: CounterWindow, number: str | None) -> None:
    qtbot.waitUntil(lambda: current_number(window) == number)  # type: ignore[attr-defined]
    if number is not None:
        assert window.queue_panel.number.text() == number


def message(window: CounterWindow) -> str:
    return window.message.text() if window.message.isVisible() else ""


def wait_message(qtbot: object, window: CounterWindow, text: str) -> None:
    qtbot.waitUntil(lambda: text in message(window))  # type: ignore[attr-defined]


def screen_text(root: QWidget) -> str:
    return "\n".join(text for _w, text in visible_texts(root))


# --- sign in -------------------------------------------------------------------------------------


def test_wrong_password_is_refused_in_one_line_then_the_officer_signs_in(
    make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter()
    sign_in(qtbot, window, "petugas", "salah-sekali")
    error = window.signin.error
    qtbot.waitUntil(error.isVisible)  # type: ignore[attr-defined]
    assert error.text() == "Nama pengguna atau kata sandi salah."
    assert window.signin.password.text() == "", "a refused password is not left on screen"
    assert window.pages.currentWidget() is window.signin

    sign_in(qtbot, window, "petugas")
    wait_page(qtbot, window, window.choice)
    offered = [b.property("counter_number") for b in window.choice.buttons]
    assert offered == [5, 6, 7], "an officer of DPMPTSP is offered DPMPTSP's counters only"
    assert "Loket 5 - DPMPTSP Perizinan" in window.choice.buttons[0].text()
    click(qtbot, window.choice.buttons[0])
    wait_page(qtbot, window, window.main)
    assert window.counter_name.text() == "Loket 5 - DPMPTSP Perizinan"
    assert "Petugas Demo" in window.officer_label.text()


def test_a_supervisor_may_choose_any_counter_and_change_it(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter()
    sign_in(qtbot, window, "supervisor")
    wait_page(qtbot, window, window.choice)
    numbers = [b.property("counter_number") for b in window.choice.buttons]
    assert numbers == [c.number for c in queue.list_counters(ctx)] and len(numbers) > 20
    click(qtbot, window.choice.buttons[0])
    wait_page(qtbot, window, window.main)
    assert window.counter_name.text() == "Loket 1 - Dispendukcapil (Prioritas)"
    click(qtbot, window.change_button)
    wait_page(qtbot, window, window.choice)
    assert window.counter_number is None


def test_empty_fields_and_the_lockout_get_a_clear_line(
    make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter()
    click(qtbot, window.signin.button)
    assert window.signin.error.text() == "Silakan isi nama pengguna dan kata sandi."
    for _ in range(5):
        sign_in(qtbot, window, "petugas", "salah-sekali")
        qtbot.waitUntil(window.signin.button.isEnabled)  # type: ignore[attr-defined]
    sign_in(qtbot, window, "petugas")  # the right password, but locked now
    qtbot.waitUntil(window.signin.button.isEnabled)  # type: ignore[attr-defined]
    assert "dikunci" in window.signin.error.text()
    assert re.search(r"setelah pukul \d\d\.\d\d WIB\.$", window.signin.error.text())
    window.set_language("en")  # the officer switches: the same refusal, in English
    sign_in(qtbot, window, "petugas")
    qtbot.waitUntil(window.signin.button.isEnabled)  # type: ignore[attr-defined]
    assert re.search(r"locked .* after \d\d:\d\d WIB\.$", window.signin.error.text())
    assert window.pages.currentWidget() is window.signin


# --- calling -------------------------------------------------------------------------------------


def test_a_call_at_the_counter_shows_on_the_lobby_display(
    ctx: AppContext, make_counter: CounterFactory, make_display: DisplayFactory, qtbot: object
) -> None:
    queue.issue_ticket(ctx, "REKLAME")
    display = make_display()
    assert display.hero_number.text() == ""
    assert display.hero_goto.main.text() == "Silakan menunggu nomor Anda dipanggil"
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    assert window.pages.currentWidget() is window.main, "a fixed counter skips the choice"
    assert not window.queue_panel.buttons["call_next"].isEnabled(), "closed: nothing to call"

    press(qtbot, window, Qt.Key.Key_F7)
    wait_message(qtbot, window, "Loket dibuka.")
    qtbot.waitUntil(window.queue_panel.buttons["call_next"].isEnabled)  # type: ignore[attr-defined]
    assert window.state_badge.text() == "Loket Buka"

    press(qtbot, window, Qt.Key.Key_F1)
    wait_message(qtbot, window, "P001 dipanggil ke loket 5.")
    started = time.monotonic()
    wait_current(qtbot, window, "P001")
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: display.hero_number.text() == "P001", timeout=2000
    )
    assert time.monotonic() - started < 2.0
    assert display.hero_counter.text() == "Loket 5"
    assert display.flashing, "a new call flashes"
    assert window.queue_panel.status.text() == "Dipanggil"
    assert window.queue_panel.service.text() == "Izin Penyelenggaraan Reklame"


def test_recall_start_finish_no_show_transfer_and_pause(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    for _ in range(4):
        queue.issue_ticket(ctx, "REKLAME")
    queue.issue_ticket(ctx, "REKLAME", priority_kind="lansia")
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.queue_panel
    press(qtbot, window, Qt.Key.Key_F7)
    qtbot.waitUntil(panel.buttons["call_next"].isEnabled)  # type: ignore[attr-defined]
    assert window.state is not None
    assert [w.number for w in window.state.waiting] == [
        "P001",
        "P002",
        "P003",
        "P004",
        "P005",
    ]
    assert "P005" in panel.list.item(4).text() and "prioritas" in panel.list.item(4).text()

    # a fresh counter serves the waiting priority visitor first
    press(qtbot, window, Qt.Key.Key_F1)
    wait_current(qtbot, window, "P005")
    assert panel.priority.isVisible() and panel.priority.text() == "PRIORITAS: Lansia"

    press(qtbot, window, Qt.Key.Key_F2)
    wait_message(qtbot, window, "P005 dipanggil ulang.")
    qtbot.waitUntil(lambda: "Dipanggil ulang 1 kali" in panel.meta.text())  # type: ignore[attr-defined]

    press(qtbot, window, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: panel.status.text() == "Sedang dilayani")  # type: ignore[attr-defined]
    assert not panel.buttons["recall"].isEnabled() and not panel.buttons["no_show"].isEnabled()

    press(qtbot, window, Qt.Key.Key_F4)
    wait_message(qtbot, window, "P005 selesai.")
    wait_current(qtbot, window, None)
    assert "Selesai dilayani: 1" in panel.today_lines.text()

    press(qtbot, window, Qt.Key.Key_F1)
    wait_current(qtbot, window, "P001")
    press(qtbot, window, Qt.Key.Key_F5)  # asks first ...
    assert panel.confirm_bar.isVisible()
    assert panel.confirm_text.text() == ("Tandai P001 tidak hadir? Tekan F5 sekali lagi atau Ya.")
    press(qtbot, window, Qt.Key.Key_F5)  # ... F5 again says yes
    wait_message(qtbot, window, "P001 ditandai tidak hadir.")
    assert not panel.confirm_bar.isVisible()
    wait_current(qtbot, window, None)
    assert "Tidak hadir: 1" in panel.today_lines.text()

    # call one out of turn from the waiting list
    assert panel.select_number("P003")
    click(qtbot, panel.call_this)
    wait_current(qtbot, window, "P003")

    # transfer P003 to counter 6: it leaves this counter and waits there, same number
    press(qtbot, window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: window.serve_loop.transfer_dialog is not None)  # type: ignore[attr-defined]
    dialog = window.serve_loop.transfer_dialog
    assert dialog is not None and dialog.isVisible()
    click(qtbot, dialog.ok)
    assert dialog.error.text() == "Silakan pilih layanan atau loket tujuan."
    dialog.to_counter.setChecked(True)
    dialog.counter.setCurrentIndex(dialog.counter.findData(6))
    click(qtbot, dialog.ok)
    wait_message(qtbot, window, "P003 dialihkan.")
    wait_current(qtbot, window, None)
    other = queue.counter_snapshot(ctx, 6)
    assert other.waiting_for_counter == 1
    there = {w.number: w.for_this_counter for w in queue.waiting_tickets(ctx, 6)}
    assert there["P003"] is True
    assert "P003" not in [w.number for w in window.state.waiting]

    # pause: nothing can be called; F1 does nothing
    press(qtbot, window, Qt.Key.Key_F7)
    wait_message(qtbot, window, "Loket dijeda.")
    qtbot.waitUntil(lambda: window.state_badge.text() == "Loket Jeda")  # type: ignore[attr-defined]
    assert not panel.buttons["call_next"].isEnabled()
    assert panel.buttons["toggle"].text().endswith("Buka loket")
    press(qtbot, window, Qt.Key.Key_F1)
    qtbot.wait(200)  # type: ignore[attr-defined]
    assert current_number(window) is None
    assert queue.counter_snapshot(ctx, 5).state == "paused"


def test_a_refusal_from_the_service_is_one_readable_line(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    queue.issue_ticket(ctx, "REKLAME")
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    # Another PC opened counter 5 and called the ticket; this window still shows it closed.
    officer = staff.authenticate(ctx, "petugas", PASSWORD)
    queue.open_counter(ctx, officer, 5)
    queue.call_next(ctx, officer, 5)
    window.queue_panel.select_number("P001")
    window.serve_loop.call_number("P001")
    qtbot.waitUntil(lambda: window.message.objectName() == "errorLine")  # type: ignore[attr-defined]
    assert message(window) == "Loket 5 masih melayani P001. Selesaikan atau lewati dulu."
    assert "\n" not in message(window) and "Traceback" not in message(window)


def test_an_officer_of_another_agency_is_refused_with_a_readable_message(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    staff.add_staff(ctx, "dinkes1", PASSWORD, "officer", full_name="Ani", agency_code="DINKES")
    reg = applications.register(
        ctx, staff.authenticate(ctx, "petugas", PASSWORD), "REKLAME_TITIK", name=NAME, nik=NIK
    )
    window = make_counter(counter_number=5)  # a DPMPTSP counter PC
    at_counter(qtbot, window, 5, user="dinkes1")
    press(qtbot, window, Qt.Key.Key_F7)
    wait_message(qtbot, window, "Akses ditolak")
    assert message(window) == (
        "Akses ditolak: Anda petugas instansi lain. Silakan minta petugas instansi ini "
        "atau supervisor."
    )
    assert queue.counter_snapshot(ctx, 5).state == "closed"

    # the application of another agency cannot be opened either
    window.tabs.setCurrentWidget(window.progress_panel)
    qtbot.keyClicks(window.progress_panel.code, reg.registration_number)  # type: ignore[attr-defined]
    qtbot.keyClick(window.progress_panel.code, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    error = window.progress_panel.error
    qtbot.waitUntil(error.isVisible)  # type: ignore[attr-defined]
    assert error.text().startswith("Akses ditolak: Anda petugas instansi lain.")
    assert not window.progress_panel.body.isVisible()
    assert NAME not in screen_text(window)

    window.set_language("en")
    assert window.tabs.tabText(2) == "Application Progress"
    qtbot.keyClick(window.progress_panel.code, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: error.text().startswith("Access denied: you work for another agency.")
    )


# --- applications --------------------------------------------------------------------------------


def fill_registration(
    qtbot: object, window: CounterWindow, service: str, *, tick_all: bool = True
) -> None:
    panel = window.register_panel
    window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: panel.services != [])  # type: ignore[attr-defined]
    assert panel.choose_service(service)
    qtbot.keyClicks(panel.name, NAME)  # type: ignore[attr-defined]
    qtbot.keyClicks(panel.nik, NIK + "99")  # type: ignore[attr-defined]
    qtbot.keyClicks(panel.phone, PHONE)  # type: ignore[attr-defined]
    assert panel.nik.text() == NIK, "the NIK field takes 16 digits"
    if tick_all:
        click(qtbot, panel.docs_all)


def qr_texts(path: Path) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(Image.open(path))]


def test_register_an_application_prints_a_receipt_whose_qr_tracks_it(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object, preview_dir: Path
) -> None:
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.register_panel
    fill_registration(qtbot, window, "REKLAME_TITIK", tick_all=False)
    panel.doc_boxes[0].setChecked(True)
    click(qtbot, panel.submit)
    qtbot.waitUntil(panel.error.isVisible)  # type: ignore[attr-defined]
    assert panel.error.text().startswith("Berkas belum lengkap, kurang: ")
    assert panel.result is None

    click(qtbot, panel.docs_all)
    panel.save_pdf.setChecked(True)
    click(qtbot, panel.submit)
    qtbot.waitUntil(lambda: panel.result is not None)  # type: ignore[attr-defined]
    result = panel.result
    assert result is not None
    assert panel.result_number.text() == result.registration_number == "PRB-2026-000001"
    assert panel.result_code.text() == result.tracking_code_display
    assert "Kamis, 5 Maret 2026" in panel.result_due.text()  # 3 working days from Mon 2 Mar
    assert NIK not in screen_text(window)

    # the receipt reached the counter printer (preview folder) and its QR opens the application
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: panel.result_print.text() == "Tanda terima sudah dicetak.", timeout=8000
    )
    pngs = preview_pngs(preview_dir, "receipt-*")
    assert len(pngs) == 1
    decoded = qr_texts(pngs[0])
    assert len(decoded) == 1
    assert normalize_code(decoded[0]) == result.tracking_code

    # and the A5 PDF was saved, without the NIK or the full name
    pdf_line = panel.result_pdf.text()
    assert pdf_line.startswith("PDF tersimpan: ")
    pdf = Path(pdf_line.removeprefix("PDF tersimpan: "))
    reader = PdfReader(io.BytesIO(pdf.read_bytes()))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert result.registration_number in text
    assert NIK not in text and NAME not in text

    # a new registration clears the form
    click(qtbot, panel.new)
    assert panel.name.text() == "" and panel.nik.text() == ""
    assert not panel.result_number.isVisible() and panel.result_placeholder.isVisible()


def test_progress_an_application_from_its_scanned_code(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    officer = staff.authenticate(ctx, "petugas", PASSWORD)
    reg = applications.register(ctx, officer, "REKLAME_TITIK", name=NAME, nik=NIK)
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    window.tabs.setCurrentWidget(window.progress_panel)
    panel = window.progress_panel
    click(qtbot, panel.find_button)
    assert panel.error.text() == "Silakan ketik atau pindai kode terlebih dahulu."
    # a USB scanner types the QR text and presses Enter
    qtbot.keyClicks(panel.code, reg.tracking_code_display.lower())  # type: ignore[attr-defined]
    qtbot.keyClick(panel.code, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(panel.body.isVisible)  # type: ignore[attr-defined]
    assert panel.reg.text() == reg.registration_number
    # the officer of the file's agency is authorised to see the full name (public screens mask it)
    assert panel.applicant.text() == NAME
    assert NIK not in screen_text(window)
    first = panel.next_stage()
    assert first is not None
    assert panel.buttons["advance"].text() == f"Lanjut ke: {first.name_id}"

    click(qtbot, panel.buttons["advance"])
    qtbot.waitUntil(lambda: panel.info.isVisible())  # type: ignore[attr-defined]
    assert panel.view is not None and panel.view.current_stage == first.code

    click(qtbot, panel.buttons["return"])
    assert panel.error.text() == "Silakan isi catatan atau alasan terlebih dahulu."
    qtbot.keyClicks(panel.note, "Lampirkan denah lokasi")  # type: ignore[attr-defined]
    click(qtbot, panel.buttons["return"])
    qtbot.waitUntil(lambda: panel.view.status == "waiting_applicant")  # type: ignore[attr-defined,union-attr]
    assert panel.lateness.text() == "Waktu layanan berhenti (menunggu pemohon)"
    assert panel.buttons["resume"].isEnabled()

    click(qtbot, panel.buttons["resume"])
    qtbot.waitUntil(lambda: panel.view.status == "in_progress")  # type: ignore[attr-defined,union-attr]

    click(qtbot, panel.buttons["ready"])  # not the next stage yet: the service says so
    qtbot.waitUntil(panel.error.isVisible)  # type: ignore[attr-defined]
    assert panel.error.text().startswith("Tahap berikutnya adalah ")

    qtbot.keyClicks(panel.note, "Lokasi melanggar tata ruang")  # type: ignore[attr-defined]
    click(qtbot, panel.buttons["reject"])
    qtbot.waitUntil(lambda: panel.view.status == "rejected")  # type: ignore[attr-defined,union-attr]
    assert panel.status.text().startswith("Status: Ditolak")
    assert not any(panel.buttons[n].isEnabled() for n in ("advance", "return", "resume", "reject"))


# --- printer faults ------------------------------------------------------------------------------


def test_a_printer_fault_shows_a_banner_and_reprints_at_the_counter(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object, preview_dir: Path
) -> None:
    from kiosk.services.printqueue import PrintSpool

    broken = f"tcp://127.0.0.1:{closed_port()}?timeout=0.3"
    ticket = queue.issue_ticket(ctx, "REKLAME", printer_uri=broken)
    spool = PrintSpool(ctx, broken)
    assert spool.process_one() is not None  # the kiosk's printer refuses: a fault
    assert printjobs.open_faults(ctx)

    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    qtbot.waitUntil(window.fault_banner.isVisible)  # type: ignore[attr-defined]
    assert window.fault_text.text().startswith("Printer bermasalah: 1 cetakan gagal.")
    # the kind of fault in the officer's language, the technical detail in the tooltip
    assert "printer menolak sambungan" in window.fault_text.text()
    assert "refused" in window.fault_text.toolTip()
    click(qtbot, window.fault_reprint)
    wait_message(qtbot, window, "Dicetak ulang di printer loket.")
    qtbot.waitUntil(lambda: any(preview_dir.glob("ticket-*.bin")), timeout=8000)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: not window.fault_banner.isVisible())  # type: ignore[attr-defined]
    png = preview_pngs(preview_dir, "ticket-*")[0]
    assert normalize_code(qr_texts(png)[0]) == ticket.code


# --- language ------------------------------------------------------------------------------------


def test_the_language_switches_at_run_time(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter(counter_number=5)
    sign_in(qtbot, window, "petugas", "salah-sekali")
    qtbot.waitUntil(window.signin.error.isVisible)  # type: ignore[attr-defined]
    click(qtbot, window.lang_buttons["en"])
    assert window.signin.title.text() == "Staff Sign-in"
    at_counter(qtbot, window, 5)
    panel = window.queue_panel
    assert panel.buttons["call_next"].text() == "F1   Call next"
    assert panel.number.text() == "No ticket called yet"
    press(qtbot, window, Qt.Key.Key_F7)
    wait_message(qtbot, window, "Counter opened.")
    window.register_panel.choose_service("REKLAME_TITIK")
    click(qtbot, window.lang_buttons["id"])
    assert panel.buttons["call_next"].text() == "F1   Panggil berikutnya"
    assert window.register_panel.selected_service() is not None, "the choice survives"
    assert window.register_panel.doc_boxes[0].text().startswith("Fotokopi") or (
        window.register_panel.doc_boxes[0].text()
        == window.register_panel.selected_service().requirements_id[0]  # type: ignore[union-attr]
    )
    texts = [text for _w, text in visible_texts(window)]
    assert not [t for t in texts if t in ("Call next", "Sign out", "Queue")]


def test_sign_out_closes_the_counter_and_forgets_the_officer(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter()
    at_counter(qtbot, window, 6)
    press(qtbot, window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.state_badge.text() == "Loket Buka")  # type: ignore[attr-defined]
    assert queue.counter_snapshot(ctx, 6).state == "open"
    click(qtbot, window.signout_button)
    wait_page(qtbot, window, window.signin)
    assert queue.counter_snapshot(ctx, 6).state == "closed"
    assert window.officer is None and window.signin.username.text() == ""
    assert not window.signout_button.isVisible()
    buttons = [w for w in window.findChildren(QAbstractButton) if w.isVisible()]
    assert all(b.objectName() != "action" for b in buttons)
    labels = [w.text() for w in window.findChildren(QLabel) if w.isVisible()]
    assert not [text for text in labels if "Petugas Demo" in text]
