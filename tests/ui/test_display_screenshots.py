"""Screenshots of the lobby display at 1920x1080 and 1080x1920, Indonesian or English as the
main language: before the first call, with calls and queues waiting, and while a call flashes.

Written to build/screenshots/display/{w}x{h}-{lang}-{nn}-{state}.png. The test also checks what
a person across the lobby would notice: every text inside the screen, the latest number at
least 150 px tall on a TV (about 4 cm on a 43-inch screen, readable from 10 m), and a long
number ("ABC1000" style) still fits.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QLabel, QWidget

from kiosk.core.clock import FixedClock
from kiosk.services import queue, staff
from kiosk.services.context import AppContext
from kiosk.ui.display.widgets import FitLabel
from kiosk.ui.display.window import DisplayWindow
from tests.ui.test_counter_flows import PASSWORD, DisplayFactory, make_display_fixture  # noqa: F401

SIZES = [(1920, 1080), (1080, 1920)]


def check_inside(window: DisplayWindow) -> None:
    """Every text inside the screen and wide enough for its words (none cut at the edges)."""
    frame = QRect(QPoint(0, 0), window.size())
    problems = []
    for label in window.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        rect = QRect(label.mapTo(window, QPoint(0, 0)), label.size())
        if not frame.contains(rect):
            problems.append(f"outside: {label.objectName()} {label.text()!r}")
        font = label._fitted if isinstance(label, FitLabel) else label.font()
        need = max(QFontMetricsF(font).horizontalAdvance(t) for t in label.text().split("\n"))
        if need > label.contentsRect().width() + 1:
            problems.append(f"cut off: {label.objectName()} {label.text()!r}")
    assert not problems, problems


def shoot(window: QWidget, folder: Path, name: str, qtbot: object) -> None:
    qtbot.wait(30)  # type: ignore[attr-defined]
    assert isinstance(window, DisplayWindow)
    check_inside(window)
    window.grab().save(str(folder / f"{name}.png"))


def _calls(ctx: AppContext) -> None:
    """A busy morning: five counters calling, several queues waiting."""
    officer = staff.authenticate(ctx, "supervisor", PASSWORD)
    clock = ctx.clock
    assert isinstance(clock, FixedClock)
    for service, count in (("KTP_EL", 9), ("REKLAME", 4), ("SIP_BIDAN", 3), ("PBG", 2)):
        for _ in range(count):
            queue.issue_ticket(ctx, service)
    for counter in (1, 2, 3, 5, 8, 10):
        queue.open_counter(ctx, officer, counter)
    for counter in (1, 2, 5, 8, 3, 10, 1):
        clock.advance(seconds=45)
        if queue.counter_snapshot(ctx, counter).current is not None:
            queue.finish(ctx, officer, counter)
        queue.call_next(ctx, officer, counter)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_display_screenshots(
    ctx: AppContext,
    make_display: DisplayFactory,
    qtbot: object,
    screenshot_dir: Path,
    size: tuple[int, int],
    lang: str,
) -> None:
    folder = screenshot_dir / "display"
    folder.mkdir(parents=True, exist_ok=True)
    prefix = f"{size[0]}x{size[1]}-{lang}"
    window = make_display(size=size)
    window.set_language(lang)  # type: ignore[arg-type]
    window.ticker.set_running(False)
    window.ticker.rewind()
    shoot(window, folder, f"{prefix}-01-no-calls", qtbot)

    _calls(ctx)
    window.refresh()
    latest = queue.called_tickets(ctx, 1)[0].number
    qtbot.waitUntil(lambda: window.hero_number.text() == latest)  # type: ignore[attr-defined]
    assert window.flashing, "new calls flash"
    assert window.announcing
    window.stop_flash()
    window._update_clock()
    assert window.time_label.text() in ("09.05 WIB", "09:05 WIB")
    assert window.hero_number.fitted_px() >= 150
    assert sum(r.isVisible() for r in window.history_rows) == 5
    shoot(window, folder, f"{prefix}-02-calls", qtbot)

    window._start_flash()
    assert window.flashing
    shoot(window, folder, f"{prefix}-03-new-call-flash", qtbot)

    # the longest numbers a day can produce still fit
    window.hero_number.setText("ABC1000")
    window.history_rows[0].number.setText("ABC1000")
    window.history_rows[0].counter.setText(window._t("counter", number=128))
    assert window.hero_number.fitted_px() >= 120
    shoot(window, folder, f"{prefix}-04-long-number", qtbot)
