"""Screenshots of every kiosk screen, in portrait and landscape, in Indonesian and English.

Written to build/screenshots/kiosk/ as {orientation}-{lang}-{nn}-{screen}.png so a person can
look at what citizens see. Every screen is filled with real data from the services (a ticket,
an application with a few stages done, a complaint); the test also checks that nothing is
pushed out of the window (every visible widget lies inside the screen).
"""

from __future__ import annotations

import time
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QScrollArea, QWidget

from kiosk.core.codes import format_code
from kiosk.errors import NotFound, Refused
from kiosk.services import applications, complaints, queue, staff, tracking
from kiosk.services.context import AppContext
from kiosk.ui.kiosk.window import KioskWindow
from tests.support.shots import ShotWriter
from tests.ui.conftest import LANDSCAPE, PORTRAIT, KioskFactory

NIK = "3513014506902741"


def _complaint(ctx: AppContext) -> str:
    """A complaint filed as the kiosk's complaint form will file it, being investigated."""
    receipt = complaints.file_complaint(
        ctx, category="slow", text="Antrean terlalu lama", counter_number=5,
        device="anjungan-1", source="kiosk",
    )  # fmt: skip
    supervisor = staff.authenticate(ctx, "supervisor", "demo12345")
    complaints.classify(ctx, supervisor, receipt.code, "ringan")
    complaints.assign(ctx, supervisor, receipt.code, "supervisor")
    return receipt.code


def _application(ctx: AppContext) -> tracking.ApplicationView:
    officer = staff.authenticate(ctx, "petugas", "demo12345")
    reg = applications.register(
        ctx, officer, "REKLAME_TITIK", name="Siti Aminah Rahayu", nik=NIK, phone="081234569876"
    )
    view = tracking.track_code(ctx, reg.tracking_code)
    nxt = next(s for s in view.stages if s.state == "pending")
    applications.advance(ctx, officer, reg.tracking_code, nxt.code)
    return tracking.track_code(ctx, reg.tracking_code)


def _in_scroll_area(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def _outside(window: KioskWindow) -> list[str]:
    """Visible widgets that stick out of the window (cut off on a real screen); content of a
    scroll area (with its visible scroll bar) is meant to extend beyond it."""
    frame = window.rect().adjusted(0, 0, 1, 1)
    bad = []
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 1 or widget.height() <= 1:
            continue
        if _in_scroll_area(widget):
            continue
        top_left = widget.mapTo(window, widget.rect().topLeft())
        rect = QRect(top_left, widget.size())
        if not frame.contains(rect):
            bad.append(f"{type(widget).__name__}#{widget.objectName()} {rect}")
    return bad


@pytest.mark.parametrize("orientation", ["portrait", "landscape"])
def test_screenshots_of_every_kiosk_screen(
    make_kiosk: KioskFactory,
    qtbot: object,
    ctx: AppContext,
    screenshot_dir: Path,
    orientation: str,
) -> None:
    out = screenshot_dir / "kiosk"
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob(f"{orientation}-*.png"):  # screens renamed or removed since
        stale.unlink()
    size = PORTRAIT if orientation == "portrait" else LANDSCAPE
    # Some people already wait, so the estimates are real.
    for _ in range(4):
        queue.issue_ticket(ctx, "SIP_DR_SP")
    status_ticket = queue.issue_ticket(ctx, "SIP_DR_SP", "ibu_hamil")
    application = _application(ctx)
    complaint_code = _complaint(ctx)
    window = make_kiosk(size=size, start_spool=False)
    agencies = queue.list_agencies(ctx)
    dinkes = next(a for a in agencies if a.code == "DINKES")
    services = queue.list_services(ctx, "DINKES")
    card = next(s for s in services if s.code == "SIP_DR_SP")
    issued = queue.issue_ticket(ctx, "SIP_DR_SP", "lansia")
    ticket_status = queue.ticket_status(ctx, status_ticket.code)
    png = ShotWriter()

    def settle() -> None:
        qtbot.wait(30)  # type: ignore[attr-defined]

    def idle_question() -> None:
        """52 s without a touch: the idle policy's own tick shows "Masih di sini?" (8 s)."""
        window.behaviour.last_activity = time.monotonic() - 52
        qtbot.waitUntil(window.idle_overlay.isVisible, timeout=3000)  # type: ignore[attr-defined]

    # The popular row is read at start-up (SIP_DR_SP leads: tickets were taken today).
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: [s.code for s in window.home.popular][:1] == ["SIP_DR_SP"]
    )

    shots: list[tuple[str, object]] = [
        ("home", lambda: window.go_home(reset=False)),
        ("agencies", lambda: (window.agencies.set_agencies(agencies), window.go("agencies"))),
        (
            "services",
            lambda: (
                window.services.set_context(dinkes),
                window.services.set_services(services),
                window.services.show_keyboard(False),
                window.go("services"),
            ),
        ),
        (
            "services-search",
            lambda: (
                window.services.set_context(None),
                window.services.set_services(queue.list_services(ctx)),
                window.services.show_keyboard(True),
                window.services.search.setText("IZIN"),
                window.go("services"),
            ),
        ),
        ("card", lambda: (window.card.show_service(card), window.go("card"))),
        ("confirm", lambda: (window.confirm.show_service(card), window.go("confirm"))),
        (
            "idle-countdown",
            lambda: (window.confirm.show_service(card), window.go("confirm"), idle_question()),
        ),
        ("printing", lambda: (window.printing.set_stage("printing"), window.go("printing"))),
        ("result", lambda: (window.result.show_ticket(issued), window.go("result"))),
        ("eticket", lambda: (window.eticket.show_ticket(issued), window.go("eticket"))),
        ("scan", lambda: window.go("scan")),
        ("code-entry", lambda: window.go("code_entry")),
        (
            "reg-entry",
            lambda: (window.reg_entry.reg_field.setText("PRB-2026-0001"), window.go("reg_entry")),
        ),
        (
            "ticket-status",
            lambda: (window.ticket_status.show_status(ticket_status), window.go("ticket_status")),
        ),
        (
            "application",
            lambda: (window.application.show_application(application), window.go("application")),
        ),
        (
            "complaint-status",
            lambda: (
                window.complaint.show_complaint(format_code(complaint_code), "investigating"),
                window.go("complaint_status"),
            ),
        ),
        ("charter", lambda: window.go("charter")),
        ("not-recognised", lambda: window._show_scan(tracking.NOT_RECOGNISED)),
        (
            "throttled",
            lambda: window._show_scan(tracking.ScanResult(kind="throttled", retry_after_s=42)),
        ),
        (
            "refused-quota",
            lambda: (
                setattr(window.ticket_flow, "service", card),
                window._on_issue_error(Refused("quota", reason="quota")),
                qtbot.waitUntil(lambda: window.current_screen_name() == "message"),  # type: ignore[attr-defined]
            ),
        ),
        ("error", lambda: window._on_service_error(NotFound("gone"))),
        ("pin", lambda: (window.go_home(reset=False), window.open_pin_pad())),
        (
            "busy",
            lambda: (
                window.go("agencies"),
                window.overlay.block(),
                window.overlay.set_text(window.translator.t("busy")),
                window.overlay.reveal(window.metrics.px(110)),
            ),
        ),
    ]
    written = []
    for lang in ("id", "en"):
        window.set_language(lang)  # type: ignore[arg-type]
        for index, (name, prepare) in enumerate(shots, start=1):
            window.pin_pad.close_pad()
            window.overlay.unblock()
            window.behaviour.touch()
            window.idle_overlay.hide()
            assert callable(prepare)
            prepare()
            settle()
            if name == "charter":
                window.charter.fit_text()
            cut = _outside(window)
            assert not cut, f"{orientation}/{lang}/{name}: outside the window: {cut}"
            path = out / f"{orientation}-{lang}-{index:02d}-{name}.png"
            written.append(png.save(window, path))
        window.pin_pad.close_pad()
        window.overlay.unblock()
    # A closed service's card, in the evening.
    ctx.clock.set(ctx.now() + timedelta(hours=11))  # type: ignore[attr-defined]
    closed = queue.get_service(ctx, "SIP_DR_SP")
    assert closed.refusal == "closed"
    for lang in ("id", "en"):
        window.set_language(lang)  # type: ignore[arg-type]
        window.card.show_service(closed)
        window.go("card")
        settle()
        path = out / f"{orientation}-{lang}-{len(shots) + 1:02d}-card-closed.png"
        written.append(png.save(window, path))
    assert png.finish() == written
    assert len(written) == 2 * (len(shots) + 1)
    assert all(p.stat().st_size > 10_000 for p in written)
