"""Screenshots of every counter screen at 1366x768 and 1920x1080, in Indonesian and English.

Written to build/screenshots/counter/{w}x{h}-{lang}-{nn}-{screen}.png for a person to look at,
filled with real data (a priority ticket at the counter, a waiting list, a printer fault, a
registered application with a stage done). The test also checks what a person would notice
first: nothing lies outside the window, and no one-line text is cut off by its box.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QLabel,
    QSizePolicy,
    QWidget,
)

from kiosk.core.clock import FixedClock
from kiosk.services import applications, queue, staff
from kiosk.services.context import AppContext
from kiosk.services.printqueue import PrintSpool
from tests.support.tcp_printer import closed_port
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    NAME,
    NIK,
    PASSWORD,
    PHONE,
    CounterFactory,
    at_counter,
    click,
    fill_registration,
    make_counter_fixture,
    sign_in,
    wait_current,
)

SIZES = [(1366, 768), (1920, 1080)]
WIB = ZoneInfo("Asia/Jakarta")


def _in_scroll_area(widget: QWidget, root: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def check_layout(root: QWidget) -> None:
    """Every visible text is inside the window and not cut off (scrolling lists excepted)."""
    frame = QRect(QPoint(0, 0), root.size())
    problems = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        if _in_scroll_area(widget, root):
            continue
        name = widget.objectName() or type(widget).__name__
        text = widget.text().replace("\n", " / ")[:60]
        rect = QRect(widget.mapTo(root, QPoint(0, 0)), widget.size())
        if not frame.contains(rect):
            problems.append(f"outside the window: {name} {text!r} {rect}")
        wraps = isinstance(widget, QLabel) and widget.wordWrap()
        elastic = widget.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored
        if not wraps and not elastic and widget.text():
            need = widget.sizeHint().width()
            if need > widget.width() + 2:
                problems.append(f"cut off: {name} {text!r} needs {need}px, has {widget.width()}")
    assert not problems, "\n".join(problems)


def shoot(root: QWidget, folder: Path, name: str, qtbot: object) -> None:
    qtbot.wait(30)  # type: ignore[attr-defined]  # let pending layouts settle
    check_layout(root)
    root.grab().save(str(folder / f"{name}.png"))


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_counter_screenshots(
    ctx: AppContext,
    clock: FixedClock,
    make_counter: CounterFactory,
    qtbot: object,
    screenshot_dir: Path,
    size: tuple[int, int],
    lang: str,
) -> None:
    folder = screenshot_dir / "counter"
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{size[0]}x{size[1]}-{lang}"
    officer = staff.authenticate(ctx, "petugas", PASSWORD)
    queue.issue_ticket(ctx, "REKLAME")
    queue.open_counter(ctx, officer, 6)
    queue.call_next(ctx, officer, 6)  # P001 at the next counter, done
    queue.finish(ctx, officer, 6)
    for kind in (None, "lansia", None, None, None):
        queue.issue_ticket(ctx, "REKLAME", priority_kind=kind)
    queue.issue_ticket(ctx, "TDG")
    # a ticket slip that the kiosk's printer could not print
    broken = f"tcp://127.0.0.1:{closed_port()}?timeout=0.3"
    queue.issue_ticket(ctx, "TDG", printer_uri=broken)
    PrintSpool(ctx, broken).process_one()
    # files for the work list: one registered a week ago (late now), one waiting for the applicant
    clock.set(datetime(2026, 2, 23, 9, tzinfo=WIB))
    applications.register(ctx, officer, "REKLAME_TITIK", name="Budi Santoso", nik=NIK)
    held = applications.register(ctx, officer, "REKLAME_TITIK", name="Citra Lestari", nik=NIK)
    applications.return_to_applicant(ctx, officer, held.tracking_code, "Lampirkan denah lokasi")
    clock.set(datetime(2026, 3, 2, 9, tzinfo=WIB))
    # an application one stage in, to look at in the progress tab
    registered = applications.register(ctx, officer, "TOKO_MODERN", name=NAME, nik=NIK, phone=PHONE)
    view = applications.staff_view(ctx, officer, registered.tracking_code)
    nxt = next(s for s in view.stages if s.state == "pending")
    applications.advance(ctx, officer, registered.tracking_code, nxt.code, "Berkas lengkap")

    window = make_counter(size=size, lang=lang)
    shoot(window, folder, f"{prefix}-01-signin", qtbot)
    sign_in(qtbot, window, "petugas", "salah-sekali")
    qtbot.waitUntil(window.signin.error.isVisible)  # type: ignore[attr-defined]
    shoot(window, folder, f"{prefix}-02-signin-error", qtbot)

    sign_in(qtbot, window, "petugas")
    qtbot.waitUntil(lambda: window.pages.currentWidget() is window.choice)  # type: ignore[attr-defined]
    shoot(window, folder, f"{prefix}-03-choose-counter", qtbot)

    button = next(b for b in window.choice.buttons if b.property("counter_number") == 5)
    click(qtbot, button)
    qtbot.waitUntil(lambda: window.state is not None)  # type: ignore[attr-defined]
    qtbot.waitUntil(window.fault_banner.isVisible)  # type: ignore[attr-defined]
    shoot(window, folder, f"{prefix}-04-queue-closed", qtbot)

    window.serve_loop.do_action("toggle")
    qtbot.waitUntil(window.queue_panel.buttons["call_next"].isEnabled)  # type: ignore[attr-defined]
    window.serve_loop.do_action("call_next")
    wait_current(qtbot, window, "P003")  # the priority visitor first
    window.serve_loop.do_action("recall")
    qtbot.waitUntil(lambda: "1" in window.queue_panel.meta.text())  # type: ignore[attr-defined]
    window.queue_panel.select_number("P004")
    shoot(window, folder, f"{prefix}-05-queue-calling", qtbot)

    window.serve_loop.do_action("transfer")
    qtbot.waitUntil(lambda: window.serve_loop.transfer_dialog is not None)  # type: ignore[attr-defined]
    dialog = window.serve_loop.transfer_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)  # type: ignore[attr-defined]
    dialog.to_service.setChecked(True)
    dialog.service.setCurrentIndex(dialog.service.findData("TDG"))
    shoot(dialog, folder, f"{prefix}-06-transfer-dialog", qtbot)
    dialog.reject()

    fill_registration(qtbot, window, "TOKO_MODERN")
    window.register_panel.save_pdf.setChecked(True)
    shoot(window, folder, f"{prefix}-07-register-form", qtbot)
    click(qtbot, window.register_panel.submit)
    qtbot.waitUntil(lambda: window.register_panel.result is not None)  # type: ignore[attr-defined]
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.register_panel.result_print.text().endswith(("dicetak.", "printed.")),
        timeout=8000,
    )
    shoot(window, folder, f"{prefix}-08-register-done", qtbot)

    window.tabs.setCurrentWidget(window.progress_panel)
    qtbot.keyClicks(window.progress_panel.code, registered.registration_number)  # type: ignore[attr-defined]
    qtbot.keyClick(window.progress_panel.code, Qt.Key.Key_Return)  # type: ignore[attr-defined]
    qtbot.waitUntil(window.progress_panel.body.isVisible)  # type: ignore[attr-defined]
    shoot(window, folder, f"{prefix}-09-progress", qtbot)

    click(qtbot, window.progress_panel.buttons["reject"])  # no reason given: one clear line
    shoot(window, folder, f"{prefix}-10-progress-error", qtbot)

    window.tabs.setCurrentWidget(window.worklist_panel)
    qtbot.waitUntil(lambda: len(window.worklist_panel.items) == 4)  # type: ignore[attr-defined]
    assert window.worklist_panel.is_overdue_row(0)
    window.worklist_panel.select_number(registered.registration_number)
    shoot(window, folder, f"{prefix}-11-worklist", qtbot)

    window.tabs.setCurrentWidget(window.queue_panel)
    window.serve_loop.do_action("no_show")  # the question before a no-show
    qtbot.waitUntil(window.queue_panel.confirm_bar.isVisible)  # type: ignore[attr-defined]
    shoot(window, folder, f"{prefix}-12-no-show-question", qtbot)
