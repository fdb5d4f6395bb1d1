"""The supervisor's device health on screen (issue 10 item 2): the DevicesPanel's live list, and
the banner in a supervisor's counter window when a kiosk's printer cannot print.

The printer state comes from the real path: the loopback TCP printer answers DLE EOT "paper
out" to the kiosk's print spool (its own thread), whose state the kiosk's heartbeat writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from kiosk.core.clock import FixedClock
from kiosk.printing.transports import PrinterStatus
from kiosk.services import devices
from kiosk.services.context import AppContext
from kiosk.services.devices import HeartbeatReporter
from kiosk.services.printqueue import PrintSpool
from kiosk.ui.devices.panel import COLUMNS, DevicesPanel, run_panel_window
from tests.support.tcp_printer import FakeNetworkPrinter
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    CounterFactory,
    at_counter,
    make_counter_fixture,
)

STATUS = COLUMNS.index("status")
PRINTER = COLUMNS.index("printer")


@pytest.fixture
def panel(ctx: AppContext, qtbot: object) -> Iterator[DevicesPanel]:
    """The panel inside a window, as the admin window's tab will hold it."""
    host = QWidget()
    widget = DevicesPanel(ctx, refresh_ms=100)
    layout = QVBoxLayout(host)
    layout.addWidget(widget)
    layout.activate()  # sized before the window exists (offscreen warns about size hints later)
    qtbot.addWidget(host)  # type: ignore[attr-defined]
    host.resize(1100, 400)
    host.show()
    yield widget
    widget.stop()
    widget.workers.wait_for_done(3000)


def row_of(panel: DevicesPanel, name: str) -> int | None:
    for row in range(panel.table.rowCount()):
        if panel.row_texts(row)[COLUMNS.index("name")] == name:
            return row
    return None


def cell(panel: DevicesPanel, name: str, column: int) -> str:
    row = row_of(panel, name)
    return "" if row is None else panel.row_texts(row)[column]


def test_paper_out_from_the_loopback_printer_shows_in_the_panel(
    ctx: AppContext, qtbot: object, panel: DevicesPanel, screenshot_dir: Path
) -> None:
    with FakeNetworkPrinter(paper="out") as printer:
        spool = PrintSpool(ctx, printer.uri(), probe_interval=0.05)
        spool.start()
        beat = HeartbeatReporter(
            ctx,
            "kiosk",
            "anjungan-1",
            printer=printer.uri(),
            printer_status=lambda: spool.printer_status,
            interval=0.1,
        ).start()
        try:
            qtbot.waitUntil(  # type: ignore[attr-defined]
                lambda: cell(panel, "anjungan-1", PRINTER) == "kertas habis", timeout=5000
            )
        finally:
            beat.stop()
            spool.stop()
    row = row_of(panel, "anjungan-1")
    assert row is not None
    texts = panel.row_texts(row)
    assert texts[COLUMNS.index("kind")] == "Anjungan" and texts[STATUS] == "aktif"
    item = panel.table.item(row, PRINTER)
    assert item is not None and item.background().color() == QColor("#f8d7da")  # a fault
    assert "paper end sensor" in item.toolTip()
    assert "1 printer bermasalah" in panel.summary.text()
    panel.grab().save(str(screenshot_dir / "devices-panel-id.png"))
    panel.set_language("en")
    assert cell(panel, "anjungan-1", PRINTER) == "paper out"
    assert panel.table.horizontalHeaderItem(PRINTER).text() == "Printer"  # type: ignore[union-attr]
    assert "1 printer faults" in panel.summary.text()


def test_a_device_that_stopped_beating_is_shown_silent(
    ctx: AppContext, clock: FixedClock, qtbot: object, panel: DevicesPanel
) -> None:
    devices.heartbeat(ctx, "display", "layar-1")
    devices.heartbeat(ctx, "kiosk", "anjungan-2", printer="tcp://x", status=PrinterStatus("ok"))
    qtbot.waitUntil(lambda: cell(panel, "layar-1", STATUS) == "aktif")  # type: ignore[attr-defined]
    row = row_of(panel, "layar-1")
    assert row is not None and panel.table.item(row, STATUS).background().color() != QColor(  # type: ignore[union-attr]
        "#f8d7da"
    )
    clock.advance(seconds=45)
    devices.heartbeat(ctx, "kiosk", "anjungan-2", printer="tcp://x", status=PrinterStatus("ok"))
    clock.advance(seconds=20)  # the display: 65 s without a beat, 2 intervals of 30 s
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: cell(panel, "layar-1", STATUS) == "tidak ada kabar"
    )
    assert cell(panel, "anjungan-2", STATUS) == "aktif"
    row = row_of(panel, "layar-1")
    assert row is not None
    assert panel.table.item(row, STATUS).background().color() == QColor("#f8d7da")  # type: ignore[union-attr]
    assert "1 tidak ada kabar" in panel.summary.text()


@pytest.mark.parametrize("user", ["supervisor", "petugas"])
def test_the_supervisors_counter_shows_a_banner_when_a_kiosk_printer_fails(
    ctx: AppContext, qtbot: object, make_counter: CounterFactory, user: str
) -> None:
    devices.heartbeat(
        ctx,
        "kiosk",
        "anjungan-1",
        printer="tcp://10.0.0.5:9100",
        status=PrinterStatus("paper_out", "paper end sensor"),
    )
    devices.heartbeat(ctx, "kiosk", "anjungan-2", printer="tcp://10.0.0.6:9100", status=None)
    window = make_counter()
    at_counter(qtbot, window, 5, user=user)
    banner = window.fault_banner
    if user == "petugas":  # an officer's counter is not where kiosks are looked after
        qtbot.wait(300)  # type: ignore[attr-defined]
        assert not banner.isVisible()
        return
    qtbot.waitUntil(banner.isVisible)  # type: ignore[attr-defined]
    assert banner.devices_text.text() == "Printer anjungan bermasalah: anjungan-1 (kertas habis)"
    assert "paper end sensor" in banner.devices_text.toolTip()
    assert not banner.reprint.isVisible()  # no failed job of this counter to reprint
    # Paper put in: the next beat says ok, the banner goes at the next read.
    devices.heartbeat(
        ctx, "kiosk", "anjungan-1", printer="tcp://10.0.0.5:9100", status=PrinterStatus("ok")
    )
    window.refresh()
    qtbot.waitUntil(lambda: not banner.isVisible())  # type: ignore[attr-defined]


def test_devices_watch_opens_the_panel_in_a_window(ctx: AppContext, qtbot: object) -> None:
    """`mpp-kiosk devices --watch`: the panel alone, live, until its window is closed."""
    devices.heartbeat(ctx, "display", "layar-1")
    seen: list[str] = []

    def look_then_close() -> None:
        window = next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, DevicesPanel) and w.isVisible()
        )
        qtbot.waitUntil(lambda: row_of(window, "layar-1") is not None)  # type: ignore[attr-defined]
        seen.append(window.windowTitle())
        seen.append(cell(window, "layar-1", PRINTER))
        window.close()

    QTimer.singleShot(200, look_then_close)
    assert run_panel_window(ctx, "en") == 0
    assert seen == ["MPP Kiosk - Devices", "no printer"]
