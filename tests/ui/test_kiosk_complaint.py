"""Complaints and reprimands at the kiosk, by touch only, on the real window, the real database
and the preview printer: scanning a ticket an officer served names that officer in the
supervisor's register (and the officer cannot see it), the receipt's QR shows the status at the
kiosk, the counter poster's token opens the form about that counter, "Sampaikan pengaduan" on a
ticket's status, the idle reset discards a half-written complaint, hostile text is bounded; and
screenshots of every complaint screen in both languages and orientations."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.core.codes import format_code, normalize_code
from kiosk.core.complaints import MAX_TEXT
from kiosk.errors import Forbidden, NotFound
from kiosk.flows import complaint as complaint_flow
from kiosk.flows.complaint import Target
from kiosk.flows.idle import IdlePolicy
from kiosk.flows.ticket import PRINT_WAIT_S, PrintWatch
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services import complaints, queue, staff, tracking
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.tcp_printer import closed_port
from tests.ui.conftest import LANDSCAPE, PORTRAIT, KioskFactory, visible_texts
from tests.ui.test_kiosk_flows import click, scanner_burst, to_pil, wait_screen
from tests.ui.test_kiosk_screenshots import _outside

PASSWORD = "rahasia-2026"
OFFICER_NAME = "Siti Nurhaliza Rahmawati"
#: Upper bounds of waits on a condition (a screen, a text): the wait ends when the condition
#: holds, so a generous bound costs nothing on a quiet machine and spares a loaded one.
WORKER_MS = 20_000  # a scan or a filing: a database round trip in a worker thread
PRINTED_MS = 30_000  # filing, then the spool renders and "prints" the slip (PNG with its QR)


class _PatientWatch(PrintWatch):
    """The kiosk's print watch without its wall-clock deadline: the journey waits for the job's
    own outcome (done, or failed with an error). On a loaded machine the spool thread may take
    longer than PRINT_WAIT_S to render the slip, and the kiosk then (rightly) shows the receipt
    to photograph instead of "take your receipt", which is not what these tests are about. The
    deadline itself is tested in tests/unit/test_flows.py and by the failed printer below."""

    def __init__(self, job_id: int, started: float, wait_s: float = PRINT_WAIT_S) -> None:
        super().__init__(job_id, started, wait_s=float("inf"))


@pytest.fixture
def patient_print_watch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(complaint_flow, "PrintWatch", _PatientWatch)


def add_people(ctx: AppContext) -> tuple[Officer, Officer]:
    """An officer of DPMPTSP (who serves at loket 5) and the site's supervisor."""
    staff.add_staff(ctx, "siti", PASSWORD, "officer", agency_code="DPMPTSP",
                    full_name=OFFICER_NAME)  # fmt: skip
    staff.add_staff(ctx, "rina", PASSWORD, "supervisor", full_name="Rina Kartika")
    return staff.authenticate(ctx, "siti", PASSWORD), staff.authenticate(ctx, "rina", PASSWORD)


def served_ticket(ctx: AppContext, officer: Officer) -> queue.IssuedTicket:
    issued = queue.issue_ticket(ctx, "REKLAME", device="anjungan-1")
    queue.open_counter(ctx, officer, 5)
    called = queue.call_next(ctx, officer, 5)
    assert called is not None and called.number == issued.number
    queue.finish(ctx, officer, 5)
    return issued


def screen_text(window: KioskWindow) -> str:
    return " ".join(text for _, text in visible_texts(window.current_screen()))


def type_on(window: KioskWindow, keyboard: object, text: str, qtbot: object) -> None:
    """Touch the keys of the on-screen keyboard, one by one (letters, digits, space)."""
    kb: object = keyboard
    for ch in text:
        if ch == " ":
            click(qtbot, kb.space_key)  # type: ignore[attr-defined]
            continue
        if ch.isalpha() and ch.isupper() != kb._caps:  # type: ignore[attr-defined]
            click(qtbot, kb.caps_key)  # type: ignore[attr-defined]
        click(qtbot, kb.keys[ch.upper()])  # type: ignore[attr-defined]


def fill_and_send(window: KioskWindow, qtbot: object, category: str, text: str) -> None:
    """From the category step: the category, the text, anonymous, send."""
    wait_screen(qtbot, window, "complaint_category")
    click(qtbot, window.complaint_category.buttons[category])
    wait_screen(qtbot, window, "complaint_text")
    type_on(window, window.complaint_text.keyboard, text, qtbot)
    click(qtbot, window.complaint_text.next_button)
    wait_screen(qtbot, window, "complaint_contact")
    click(qtbot, window.complaint_contact.anonymous_button)
    wait_screen(qtbot, window, "complaint_confirm")
    click(qtbot, window.complaint_confirm.file_button)


def decode_png(path: Path) -> str:
    found = zxingcpp.read_barcodes(Image.open(path).convert("RGB"))
    assert found, f"no QR in {path.name}"
    return str(found[0].text)


# --- the journeys ----------------------------------------------------------------------------


@pytest.mark.usefixtures("patient_print_watch")
def test_a_complaint_made_by_scanning_a_served_ticket_reaches_the_supervisor_not_the_officer(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, preview_dir: Path
) -> None:
    siti, rina = add_people(ctx)
    ticket = served_ticket(ctx, siti)
    window = make_kiosk()

    click(qtbot, window.home.complaint_button)
    wait_screen(qtbot, window, "complaint_about")
    scanner_burst(qtbot, window, format_code(ticket.code))
    wait_screen(qtbot, window, "complaint_category", timeout=WORKER_MS)
    about = window.complaint_category.about.text()
    assert ticket.number in about and "Loket 5" in about and "Reklame" in about
    # The pungli button comes first, and no officer's name is ever on screen.
    assert next(iter(window.complaint_category.buttons)) == "pungli"
    assert OFFICER_NAME not in screen_text(window) and "siti" not in screen_text(window)

    fill_and_send(window, qtbot, "pungli", "Diminta uang 50 ribu agar cepat")
    wait_screen(qtbot, window, "complaint_result", timeout=PRINTED_MS)
    receipt = window.complaint_result.receipt
    assert receipt.counter_number == 5 and receipt.anonymous
    shown = screen_text(window)
    assert receipt.code_display in shown and "2 hari kerja" in shown
    assert "ambil tanda terima" in shown and OFFICER_NAME not in shown
    on_screen_qr = to_pil(window.complaint_result.qr.grab().toImage())
    # Leave the result screen now: it goes home by itself after IdlePolicy.result_s (15 s),
    # and the checks below (QR decoding, the register) need no screen; on a loaded machine
    # they could outlast it.
    click(qtbot, window.complaint_result.done_button)
    wait_screen(qtbot, window, "home")

    # The receipt printed on the preview printer carries the code in its QR.
    slip = preview_pngs(preview_dir)[0]
    scanned = decode_png(slip)
    assert normalize_code(scanned) == receipt.code and scanned == receipt.code_display
    # The QR on screen said the same.
    on_screen = zxingcpp.read_barcodes(on_screen_qr)
    assert on_screen and on_screen[0].text == receipt.code_display

    # The supervisor's register names the officer who served that ticket...
    rows = complaints.list_complaints(ctx, rina)
    row = next(r for r in rows if r.code == receipt.code)
    assert row.officer_username == "siti" and row.officer_name == OFFICER_NAME
    assert row.category == "pungli" and row.counter_number == 5 and row.service_code == "REKLAME"
    assert row.excerpt == "Diminta uang 50 ribu agar cepat"  # typed key by key
    # ...and the officer concerned can neither list nor open it.
    with pytest.raises(Forbidden):
        complaints.list_complaints(ctx, siti)
    with pytest.raises((Forbidden, NotFound)):
        complaints.show_complaint(ctx, siti, receipt.code)

    # The receipt's QR, scanned at the kiosk, shows the complaint's status.
    scanner_burst(qtbot, window, scanned)
    wait_screen(qtbot, window, "complaint_status", timeout=WORKER_MS)
    status = screen_text(window)
    assert receipt.code_display in status and "Diterima" in status
    assert "Belum digolongkan" in status and "Masih dalam batas waktu" in status

    # Classified and answered: the kiosk shows the class, the new deadline and the answer.
    complaints.classify(ctx, rina, receipt.code, "normatif")
    complaints.assign(ctx, rina, receipt.code, "rina")
    complaints.respond(ctx, rina, receipt.code, "Petugas sudah ditegur. Terima kasih.")
    window.go_home()
    scanner_burst(qtbot, window, scanned)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: "Petugas sudah ditegur" in screen_text(window), timeout=WORKER_MS
    )
    status = screen_text(window)
    assert "Normatif" in status and "5 hari kerja" in status and "Sudah ditanggapi" in status
    assert window.complaint.state.property("state") == "open"


@pytest.mark.usefixtures("patient_print_watch")
def test_the_counter_posters_qr_opens_the_form_about_that_counter(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    _siti, rina = add_people(ctx)
    window = make_kiosk()
    scanner_burst(qtbot, window, "ADU-PRB-5")
    wait_screen(qtbot, window, "complaint_category")
    assert "Loket 5" in window.complaint_category.about.text()
    fill_and_send(window, qtbot, "rude", "Saya dibentak")
    wait_screen(qtbot, window, "complaint_result", timeout=PRINTED_MS)
    receipt = window.complaint_result.receipt
    row = next(r for r in complaints.list_complaints(ctx, rina) if r.code == receipt.code)
    assert row.counter_number == 5 and row.officer_username is None and row.category == "rude"
    # Another site's poster is not ours.
    window.go_home()
    scanner_burst(qtbot, window, "ADU-XYZ-5")
    wait_screen(qtbot, window, "message")


@pytest.mark.usefixtures("patient_print_watch")
def test_choosing_a_counter_a_service_or_the_building(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    window = make_kiosk(size=LANDSCAPE)
    click(qtbot, window.home.complaint_button)
    wait_screen(qtbot, window, "complaint_about")
    click(qtbot, window.complaint_about.counter_button)
    wait_screen(qtbot, window, "complaint_counters")
    qtbot.waitUntil(lambda: window.complaint_counters.tiles[0].isVisible())  # type: ignore[attr-defined]
    tile = next(t for t in window.complaint_counters.tiles if t.property("counter_number") == 7)
    assert tile.title.text() == "Loket 7"
    click(qtbot, tile)
    wait_screen(qtbot, window, "complaint_category")
    assert "Loket 7" in window.complaint_category.about.text()
    # "Kembali" twice: the choice again; a service this time, through the agency tiles.
    click(qtbot, window.back_button)
    click(qtbot, window.back_button)
    wait_screen(qtbot, window, "complaint_about")
    click(qtbot, window.complaint_about.service_button)
    wait_screen(qtbot, window, "complaint_agencies")
    qtbot.waitUntil(lambda: window.complaint_agencies.tiles[0].isVisible())  # type: ignore[attr-defined]
    tile = next(t for t in window.complaint_agencies.tiles if t.property("agency_code") == "DINKES")
    click(qtbot, tile)
    wait_screen(qtbot, window, "complaint_services")
    qtbot.waitUntil(lambda: window.complaint_services.rows[0].isVisible())  # type: ignore[attr-defined]
    row = window.complaint_services.rows[0]
    assert not row.badge.isVisible()  # open/closed does not matter for a complaint
    name = row.title.text()
    click(qtbot, row)
    wait_screen(qtbot, window, "complaint_category")
    assert name in window.complaint_category.about.text()
    # The building itself.
    window.go_home()
    click(qtbot, window.home.complaint_button)
    click(qtbot, window.complaint_about.general_button)
    wait_screen(qtbot, window, "complaint_category")
    assert "Umum / fasilitas" in window.complaint_category.about.text()
    fill_and_send(window, qtbot, "facilities", "Toilet lantai 2 rusak")
    wait_screen(qtbot, window, "complaint_result", timeout=PRINTED_MS)
    view = complaints.complaint_status(ctx, window.complaint_result.receipt.code)
    assert view.counter_number is None and view.service_code is None


@pytest.mark.usefixtures("patient_print_watch")
def test_a_ticket_status_offers_a_complaint_about_that_visit(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    siti, rina = add_people(ctx)
    ticket = served_ticket(ctx, siti)
    window = make_kiosk()
    scanner_burst(qtbot, window, format_code(ticket.code))
    wait_screen(qtbot, window, "ticket_status")
    click(qtbot, window.ticket_status.complaint_button)
    wait_screen(qtbot, window, "complaint_category")
    assert ticket.number in window.complaint_category.about.text()
    # "Kembali" leads back to the ticket's status.
    click(qtbot, window.back_button)
    wait_screen(qtbot, window, "ticket_status")
    click(qtbot, window.ticket_status.complaint_button)
    fill_and_send(window, qtbot, "slow", "Lama sekali")
    wait_screen(qtbot, window, "complaint_result", timeout=PRINTED_MS)
    code = window.complaint_result.receipt.code
    row = next(r for r in complaints.list_complaints(ctx, rina) if r.code == code)
    assert row.officer_username == "siti"


def test_the_idle_reset_discards_a_half_written_complaint(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    _siti, rina = add_people(ctx)
    window = make_kiosk()
    click(qtbot, window.home.complaint_button)
    click(qtbot, window.complaint_about.general_button)
    click(qtbot, window.complaint_category.buttons["calo"])
    wait_screen(qtbot, window, "complaint_text")
    type_on(window, window.complaint_text.keyboard, "Ada calo di parkir", qtbot)
    assert window.complaint_text.text() == "Ada calo di parkir"
    window.set_idle_policy(IdlePolicy(timeout_s=0.6, warn_s=0.3, result_s=0.5))
    wait_screen(qtbot, window, "home", timeout=4000)
    assert window.complaint_text.text() == "" and window.complaint_flow.target is None
    assert window.complaint_flow.category is None
    assert complaints.list_complaints(ctx, rina) == []
    # Starting again shows nothing of the last citizen.
    window.set_idle_policy(IdlePolicy())
    click(qtbot, window.home.complaint_button)
    click(qtbot, window.complaint_about.general_button)
    assert not window.complaint_category.about.text().startswith("Tentang: Tiket")
    click(qtbot, window.complaint_category.buttons["calo"])
    assert window.complaint_text.text() == ""
    assert not window.complaint_text.next_button.isEnabled()


@pytest.mark.usefixtures("patient_print_watch")
def test_hostile_text_is_bounded_and_filed_without_a_crash(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    _siti, rina = add_people(ctx)
    window = make_kiosk()
    click(qtbot, window.home.complaint_button)
    click(qtbot, window.complaint_about.general_button)
    click(qtbot, window.complaint_category.buttons["other"])
    wait_screen(qtbot, window, "complaint_text")
    hostile = ("Petugas \U0001f620\U0001f4b0 minta uang\x00\x1b[2J " * 200)[:5000]
    window.complaint_text.keyboard.type_text(hostile)
    assert len(window.complaint_text.text()) == MAX_TEXT  # bounded like the service
    window.complaint_text.keyboard.type_text("x")  # full: one more key does nothing
    assert len(window.complaint_text.text()) == MAX_TEXT
    assert f"{MAX_TEXT} / {MAX_TEXT}" in window.complaint_text.count.text()
    click(qtbot, window.complaint_text.next_button)
    wait_screen(qtbot, window, "complaint_contact")
    window.complaint_contact.keyboard.type_text("0812-3456-7890 \U0001f4de" * 20)
    # The line keeps at most 120 UTF-16 units (an emoji is two), within the service's bound.
    assert 100 < len(window.complaint_contact.field.text()) <= 120
    click(qtbot, window.complaint_contact.next_button)
    wait_screen(qtbot, window, "complaint_confirm")
    assert "Dicantumkan" in screen_text(window)
    click(qtbot, window.complaint_confirm.file_button)
    wait_screen(qtbot, window, "complaint_result", timeout=PRINTED_MS)
    receipt = window.complaint_result.receipt
    assert not receipt.anonymous
    assert "dirahasiakan" in window.complaint_result.privacy.text()
    row = next(r for r in complaints.list_complaints(ctx, rina) if r.code == receipt.code)
    assert "\x00" not in row.excerpt and "\x1b" not in row.excerpt and "\U0001f620" in row.excerpt
    # An empty description cannot be sent: the button waits for text.
    window.go_home()
    click(qtbot, window.home.complaint_button)
    click(qtbot, window.complaint_about.general_button)
    click(qtbot, window.complaint_category.buttons["other"])
    window.complaint_text.keyboard.type_text("   ")
    window.complaint_text.text_submitted.emit(window.complaint_text.text())
    assert window.current_screen_name() == "complaint_text"
    assert window.complaint_text.problem.text() == "Tulis dulu apa yang terjadi."


def test_a_failed_printer_shows_the_receipt_to_photograph(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    window = make_kiosk(printer_uri=f"tcp://127.0.0.1:{closed_port()}")
    click(qtbot, window.home.complaint_button)
    click(qtbot, window.complaint_about.general_button)
    started = time.monotonic()
    fill_and_send(window, qtbot, "slow", "Antre lama")
    wait_screen(qtbot, window, "complaint_eresult", timeout=8000)
    assert time.monotonic() - started < 8
    receipt = window.complaint_eresult.receipt
    assert "foto layar ini" in window.complaint_eresult.take.text()
    decoded = zxingcpp.read_barcodes(to_pil(window.complaint_eresult.qr.grab().toImage()))
    assert decoded and decoded[0].text == receipt.code_display
    # The e-receipt keeps the full idle time (the citizen is photographing it).
    assert window.idle_policy.limit_for("complaint_eresult") == window.idle_policy.timeout_s
    click(qtbot, window.complaint_eresult.done_button)
    wait_screen(qtbot, window, "home")
    assert window.printer_fault


# --- screenshots -----------------------------------------------------------------------------


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_screenshots_of_every_complaint_screen(
    make_kiosk: KioskFactory,
    qtbot: object,
    ctx: AppContext,
    screenshot_dir: Path,
    orientation: str,
) -> None:
    out = screenshot_dir / "kiosk-complaint"
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(f"{orientation}-*.png"):
        stale.unlink()
    siti, rina = add_people(ctx)
    ticket = served_ticket(ctx, siti)
    answered = complaints.file_complaint(
        ctx, category="pungli", text="Diminta uang", visit_code=ticket.code,
        device="anjungan-1", source="kiosk",
    )  # fmt: skip
    complaints.classify(ctx, rina, answered.code, "normatif")
    complaints.assign(ctx, rina, answered.code, "rina")
    complaints.respond(
        ctx, rina, answered.code,
        "Terima kasih. Petugas yang bersangkutan sudah diperiksa dan diberi teguran tertulis. "
        "Biaya layanan ini gratis; laporkan setiap permintaan uang.",
    )  # fmt: skip
    fresh = complaints.file_complaint(
        ctx, category="slow", text="Lama", counter_number=5, device="anjungan-1", source="kiosk"
    )
    size = PORTRAIT if orientation == "portrait" else LANDSCAPE
    window = make_kiosk(size=size, start_spool=False)
    status = queue.ticket_status(ctx, ticket.code)
    counters = queue.list_counters(ctx)
    agencies = queue.list_agencies(ctx)
    services = queue.list_services(ctx, "DPMPTSP")
    target = Target.from_ticket(status)
    text = (
        "Petugas di loket 5 meminta uang lima puluh ribu rupiah agar izin reklame saya cepat "
        "selesai. Katanya kalau tidak membayar harus menunggu dua minggu."
    )

    def form(step: str) -> None:
        window.complaint_flow.target = target
        window.complaint_flow.category = "pungli"
        window._complaint_target_changed()
        window.go(step)

    def typed() -> None:
        window.complaint_text.field.setPlainText("")
        window.complaint_text.keyboard.type_text(text)
        window.complaint_text._on_edited(text)
        form("complaint_text")

    def contact() -> None:
        window.complaint_contact.field.setText("")
        window.complaint_contact.keyboard.type_text("081234567890")
        window.complaint_contact._on_edited("")
        form("complaint_contact")

    shots: list[tuple[str, object]] = [
        ("home", lambda: window.go_home(reset=False)),
        ("about", lambda: window.go("complaint_about")),
        (
            "counters",
            lambda: (
                window.complaint_counters.set_counters(counters),
                window.go("complaint_counters"),
            ),
        ),
        (
            "agencies",
            lambda: (
                window.complaint_agencies.set_agencies(agencies),
                window.go("complaint_agencies"),
            ),
        ),
        (
            "services",
            lambda: (
                window.complaint_services.set_context(
                    agencies[[a.code for a in agencies].index("DPMPTSP")]
                ),
                window.complaint_services.set_services(services),
                window.complaint_services.show_keyboard(False),
                window.go("complaint_services"),
            ),
        ),
        ("category", lambda: form("complaint_category")),
        ("text-empty", lambda: (window.complaint_text.reset(), form("complaint_text"))),
        ("text", typed),
        ("contact-empty", lambda: (window.complaint_contact.reset(), form("complaint_contact"))),
        ("contact", contact),
        (
            "confirm",
            lambda: (
                window.complaint_confirm.show_complaint("pungli", text, ""),
                form("complaint_confirm"),
            ),
        ),
        (
            "sending",
            lambda: (
                window.complaint_printing.set_stage("issuing"),
                window.go("complaint_printing", remember=False),
            ),
        ),
        (
            "result",
            lambda: (window.complaint_result.show_receipt(fresh), window.go("complaint_result")),
        ),
        (
            "eresult",
            lambda: (window.complaint_eresult.show_receipt(fresh), window.go("complaint_eresult")),
        ),
        ("status-new", lambda: window._show_scan(tracking.resolve_scan(ctx, fresh.code_display))),
        (
            "status-answered",
            lambda: window._show_scan(tracking.resolve_scan(ctx, answered.code_display)),
        ),
        ("ticket-status", lambda: window._show_scan(tracking.resolve_scan(ctx, ticket.code))),
    ]
    written = []
    for lang in ("id", "en"):
        window.set_language(lang)  # type: ignore[arg-type]
        for index, (name, prepare) in enumerate(shots, start=1):
            window.behaviour.touch()
            assert callable(prepare)
            prepare()
            qtbot.wait(30)  # type: ignore[attr-defined]
            cut = _outside(window)
            assert not cut, f"{orientation}/{lang}/{name}: outside the window: {cut}"
            path = out / f"{orientation}-{lang}-{index:02d}-{name}.png"
            assert window.grab().save(str(path))
            written.append(path)
    assert len(written) == 2 * len(shots)
    assert all(p.stat().st_size > 10_000 for p in written)
