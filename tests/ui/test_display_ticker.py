"""The lobby display's running text, as the lobby sees it: it keeps scrolling at its speed, in
whole-pixel steps of the same size, and goes on past the end of the line (issue 13: fewer
frames, each a whole step, instead of 25 a second with uneven steps)."""

from __future__ import annotations

import itertools
import statistics
import time

import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.ui.display import texts
from kiosk.ui.display.widgets import Ticker
from kiosk.ui.theme import load_fonts
from tests.ui.test_counter_flows import DisplayFactory, make_display_fixture  # noqa: F401


@pytest.mark.parametrize(
    ("speed", "step", "frame_ms"),
    [(65, 4, 62), (130, 7, 54), (92, 5, 54), (58, 3, 52), (40, 2, 49)],
)
def test_each_frame_is_a_whole_step_at_the_speed_asked(
    speed: int, step: int, frame_ms: int
) -> None:
    assert Ticker.frame_plan(speed) == (step, frame_ms)
    assert 1000 * step / frame_ms == pytest.approx(speed, rel=0.05)
    assert frame_ms % 25, "Qt moves coarse timers of 25, 50, 75 ms onto wall-clock boundaries"


def lone_ticker(
    qtbot: object, segments: list[tuple[str, str]], *, width: int, px: int, speed: int
) -> tuple[QWidget, Ticker]:
    """A shown ticker alone, in the widget that holds it (keep both): in the window, the site's
    name and this month's figures arrive while a test watches and lay the line out anew."""
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
    ticker = Ticker(load_fonts())
    ticker.set_font_px(px, speed_px_s=speed)
    ticker.set_segments(segments)
    layout.addWidget(ticker)
    qtbot.addWidget(holder)  # type: ignore[attr-defined]
    holder.resize(width, 2 * px)
    holder.show()
    qtbot.waitUntil(lambda: ticker._timeline.endFrame() == ticker._period)  # type: ignore[attr-defined]
    return holder, ticker


def test_the_ticker_scrolls_in_even_steps_at_its_speed(qtbot: object) -> None:
    line = texts.ticker_segments("id", None)
    _holder, ticker = lone_ticker(qtbot, line, width=1920, px=34, speed=130)
    assert (ticker.step_px, ticker.frame_ms) == (7, 54)  # as on a 1920x1080 display
    offsets: list[int] = []
    ticker._timeline.frameChanged.connect(offsets.append)
    start, t0 = ticker.offset(), time.monotonic()
    qtbot.wait(1500)  # type: ignore[attr-defined]
    elapsed = time.monotonic() - t0
    moved = ticker.offset() - start
    # Time-based: a busy test machine delays frames, never the line (generous bounds).
    assert 0.6 * 130 * elapsed < moved < 1.4 * 130 * elapsed
    steps = [b - a for a, b in itertools.pairwise(offsets)]
    assert len(steps) >= 10
    assert statistics.median(steps) == ticker.step_px
    ticker.set_running(False)


def test_the_ticker_goes_on_after_the_end_of_its_line(qtbot: object) -> None:
    line = [("Tertib", "item"), ("   \u2022   ", "sep")]  # about 1.3 s at the demo's speed
    _holder, ticker = lone_ticker(qtbot, line, width=960, px=17, speed=65)
    assert 0 < ticker._period < 130
    assert ticker._period % ticker.step_px == 0
    offsets: list[int] = []
    ticker._timeline.frameChanged.connect(offsets.append)

    def wrapped_twice() -> bool:
        return sum(b < a for a, b in itertools.pairwise(offsets)) >= 2

    qtbot.waitUntil(wrapped_twice, timeout=8000)  # type: ignore[attr-defined]
    assert max(offsets) == ticker._period  # the end of the line, then its start again
    before = ticker.offset()
    qtbot.waitUntil(lambda: ticker.offset() != before, timeout=1000)  # type: ignore[attr-defined]
    ticker.set_running(False)


def test_a_stopped_ticker_stands_still_and_rewinds(
    make_display: DisplayFactory, qtbot: object
) -> None:
    ticker = make_display(size=(960, 540)).ticker
    qtbot.waitUntil(lambda: ticker.offset() > 0)  # type: ignore[attr-defined]
    ticker.set_running(False)
    ticker.rewind()
    qtbot.wait(300)  # type: ignore[attr-defined]
    assert ticker.offset() == 0
    ticker.set_running(True)
    qtbot.waitUntil(lambda: ticker.offset() > 0)  # type: ignore[attr-defined]


def test_new_text_does_not_send_the_line_back_to_its_start(
    make_display: DisplayFactory, qtbot: object
) -> None:
    """This month's figures arrive after start-up and the language may change: the line runs on
    from the same share of it (it used to jump back to its first words)."""
    window = make_display(size=(960, 540))
    ticker = window.ticker
    qtbot.waitUntil(lambda: ticker.offset() > 60, timeout=5000)  # type: ignore[attr-defined]
    before = ticker.offset()
    window.set_language("en")
    qtbot.wait(300)  # type: ignore[attr-defined]
    assert ticker.offset() > before / 2
