"""Widgets of the lobby display: the charter ticker.

FitLabel and pixel_font (text as large as its box allows, read from 10 m) moved to
kiosk.ui.shared.fit_label because the counter uses them too; they are re-exported here.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEasingCurve, QRectF, Qt, QTimeLine, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QSizePolicy, QWidget

from kiosk.ui.shared.fit_label import FitLabel, pixel_font

__all__ = ["FitLabel", "Ticker", "pixel_font"]


class Ticker(QWidget):
    """A line of text scrolling right to left, for the charter's promises.

    ``segments`` are (text, role) pairs; roles pick the colour: "title" (a section name),
    "item" (a promise in the main language), "sub" (the same in the subtitle language),
    "sep" (the dot between items). The line repeats without a gap.

    A display runs for weeks on a small PC (issue 13: idle display 2.8% -> under 1% of a core):
    the text is laid out and rasterised once into tiles (re-made only when the text, font or
    height changes), each tile shown by a QLabel; the line sits in a scroll area whose position
    a QTimeLine moves by whole pixels, C++ to C++: no Python runs per frame, Qt shifts the
    pixels already on screen and repaints only the strip that came in at the right edge. The
    line repeats every whole number of pixels, so shifted pixels and new strip meet exactly.

    Nearly all of an idle display's CPU is these frames (a fixed cost each: timer, scroll,
    repaint of the new strip, flush), so there are fewer of them, each a whole number of
    pixels: the speed picks the step (``step_px``, what it covers in about FRAME_MS) and the
    step the interval (``frame_ms``) that keeps the speed: 4 px every 62 ms in the demo
    window, 7 px every 54 ms on a 1920x1080 screen (it was 25 frames a second, steps of 2
    and 3 or of 5 and 6 px mixed; then 6 px every 46 ms, 1.0% of a core). The position
    stays a function of time: a late tick catches up instead of slowing the line. The time
    line is anchored at each start so its ticks fall PHASE_PX into a pixel, so ticks that
    come on time, or a few ms early or late, all move the line by the same step. It runs one
    period at a time and each loop starts the next (its elapsed time is a 32-bit count of
    ms, which would wrap after 24 days). The ticker must not sit under a style sheet (see
    DisplayWindow._build).
    """

    COLORS = {"title": "#ffc845", "item": "#ffffff", "sub": "#b9cdf0", "sep": "#ffc845"}
    BACKGROUND = "#06204a"
    #: About 18 frames a second. A frame costs a fixed 0.4 ms of CPU (offscreen; 0.65 ms on
    #: X11), whatever its step: timer, move, blit, the new strip's repaint, flush; widget
    #: tricks (a texture brush, loader-made widgets, a native strip) measured no cheaper, so
    #: the CPU is the frame rate. 7 px on a 55-inch 1080p screen is 4.4 mm, under 2 minutes
    #: of arc at 10 m. Never a multiple of 25 ms: Qt moves such a coarse timer onto
    #: wall-clock boundaries (measured here: 50 ms gave steps of 2, 3 and 4 px mixed).
    FRAME_MS = 55
    #: Where in a pixel the ticks fall (early ticks may be 0.4 of a pixel's time early, late
    #: ones 0.6: at 130 px/s, 6 px a frame, -3 .. +4.6 ms).
    PHASE_PX = 0.4
    #: The strip is cut into pixmaps this wide (a very wide pixmap is refused by some drivers).
    TILE_PX = 4096

    def __init__(self, family: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticker")
        self._family = family
        self._segments: list[tuple[str, str]] = []
        self._widths: list[float] = []
        self._total = 0.0
        self._period = 0  # the line's repeat: whole steps, the text and under a step more
        self._speed_px_s = 120.0
        self.step_px, self.frame_ms = self.frame_plan(self._speed_px_s)
        self._font = pixel_font(family, 30)
        self._title_font = pixel_font(family, 30, bold=True)
        self._running = True
        self._tiles: list[QPixmap] | None = None
        self._strip = QWidget()
        self._strip.setAutoFillBackground(True)
        palette = self._strip.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(self.BACKGROUND))
        self._strip.setPalette(palette)
        self._labels: list[QLabel] = []
        self._area = QScrollArea(self)
        self._area.setFrameShape(QFrame.Shape.NoFrame)
        self._area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._area.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._area.setWidget(self._strip)
        self._area.setWidgetResizable(False)
        self._area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._area.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._bar = self._area.horizontalScrollBar()
        self._timeline = QTimeLine(1000, self)
        self._timeline.setUpdateInterval(self.frame_ms)
        self._timeline.setLoopCount(1)
        self._timeline.setEasingCurve(QEasingCurve.Type.Linear)
        self._timeline.frameChanged.connect(self._bar.setValue)  # a C++ slot: no Python
        self._timeline.finished.connect(self._next_loop)  # once a period
        # Text, font and size settle in a burst at start: the tiles are drawn once after it.
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self._layout_strip)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def set_segments(self, segments: list[tuple[str, str]]) -> None:
        self._segments = [(t, r) for t, r in segments if t]
        self._measure()

    def segments(self) -> list[tuple[str, str]]:
        return list(self._segments)

    def set_font_px(self, px: int, speed_px_s: float) -> None:
        self._font = pixel_font(self._family, px)
        self._title_font = pixel_font(self._family, px, bold=True)
        self._speed_px_s = speed_px_s
        self.step_px, self.frame_ms = self.frame_plan(speed_px_s)
        self.setFixedHeight(round(px * 1.9))
        self._measure()

    @classmethod
    def frame_plan(cls, speed_px_s: float) -> tuple[int, int]:
        """(pixels a frame, ms between frames) for ``speed_px_s``: the whole pixels the speed
        covers in about FRAME_MS, and the interval that keeps the speed."""
        speed = max(1.0, speed_px_s)
        step = max(1, round(speed * cls.FRAME_MS / 1000))
        frame_ms = max(1, round(1000 * step / speed))
        if frame_ms % 25 == 0:  # see FRAME_MS
            frame_ms -= 1
        return step, frame_ms

    def offset(self) -> int:
        """How far the line has scrolled, in pixels (0 .. its period)."""
        return self._bar.value()

    def set_running(self, running: bool) -> None:
        """Stop (screenshots, hidden window) or restart the scrolling."""
        self._running = running
        self._sync_timer()

    def rewind(self) -> None:
        running = self._timeline.state() == QTimeLine.State.Running
        self._timeline.stop()
        self._timeline.setCurrentTime(0)
        self._bar.setValue(0)
        if running:
            self._resume()

    def _font_for(self, role: str) -> QFont:
        return self._title_font if role == "title" else self._font

    def _measure(self) -> None:
        self._widths = [
            QFontMetricsF(self._font_for(role)).horizontalAdvance(text)
            for text, role in self._segments
        ]
        self._total = sum(self._widths)
        self._period = math.ceil(self._total / self.step_px) * self.step_px
        self._tiles = None
        self._relayout.start()

    def _layout_strip(self) -> None:
        """The strip is the line plus one width more (the wrap shows the same pixels), and the
        time line runs over one period, ``step_px`` every ``frame_ms``."""
        self._area.setGeometry(0, 0, self.width(), self.height())
        self._strip.resize(self._period + max(1, self.width()), max(1, self.height()))
        self._place_tiles()
        timeline = self._timeline
        if timeline.state() == QTimeLine.State.Running:
            timeline.setPaused(True)  # re-anchored by _sync_timer below
        # Where the line was, as a share of it (none before the first layout).
        laid_out = timeline.endFrame() > 0
        position = timeline.currentTime() / timeline.duration() if laid_out else 0.0
        steps = max(1, self._period // self.step_px)
        timeline.setFrameRange(0, steps * self.step_px)
        timeline.setDuration(steps * self.frame_ms)  # whole ms: the frames never drift
        timeline.setUpdateInterval(self.frame_ms)
        timeline.setCurrentTime(round(position * timeline.duration()) % timeline.duration())
        self._sync_timer()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._tiles = None  # their height is the widget's
        self._relayout.start()

    def _render_tiles(self) -> list[QPixmap]:
        """The whole line once, as pixmaps of ``TILE_PX`` side by side (widget height)."""
        ratio = self.devicePixelRatioF()
        tiles = []
        left = 0.0
        while left < self._total:
            width = min(float(self.TILE_PX), self._total - left)
            tile = QPixmap(max(1, round(width * ratio)), max(1, round(self.height() * ratio)))
            tile.setDevicePixelRatio(ratio)
            tile.fill(QColor(self.BACKGROUND))
            painter = QPainter(tile)
            painter.translate(-left, 0)
            self._draw_text(painter, 0.0, left + width, left)
            painter.end()
            tiles.append(tile)
            left += width
        return tiles

    def _draw_text(
        self, painter: QPainter, x: float, width: float, visible_from: float = 0.0
    ) -> None:
        """The segments from ``x`` on, repeated until ``width``; only those that reach past
        ``visible_from`` are drawn."""
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        height = float(self.height())
        while x < width:
            for (text, role), seg_w in zip(self._segments, self._widths, strict=True):
                if x + seg_w > visible_from and x < width:
                    painter.setFont(self._font_for(role))
                    painter.setPen(QColor(self.COLORS.get(role, "#ffffff")))
                    painter.drawText(
                        QRectF(x, 0, seg_w + 2, height),
                        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                        text,
                    )
                x += seg_w
                if x >= width:
                    break

    def _sync_timer(self) -> None:
        running = self._timeline.state() == QTimeLine.State.Running
        if self._running and self.isVisible() and self._period > 0:
            if not running:
                self._resume()
        elif running:
            self._timeline.setPaused(True)

    def _resume(self) -> None:
        """Run on from the last whole step, the ticks PHASE_PX into a pixel (class doc)."""
        timeline = self._timeline
        ms_per_px = self.frame_ms / self.step_px
        shown = int(timeline.currentTime() / ms_per_px)
        anchor = shown - shown % self.step_px + self.PHASE_PX
        timeline.setCurrentTime(round(anchor * ms_per_px) % max(1, timeline.duration()))
        timeline.resume()

    def _next_loop(self) -> None:
        """One period is over: the next starts where the line repeats (same pixels)."""
        self._timeline.setCurrentTime(0)
        self._sync_timer()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        if self._timeline.state() == QTimeLine.State.Running:
            self._timeline.setPaused(True)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)  # under the scroll area: only seen before the first layout
        painter.fillRect(self.rect(), QColor(self.BACKGROUND))
        painter.end()

    def _place_tiles(self) -> None:
        """A label per tile along the strip, the line repeated until the strip's end."""
        if not self._segments or self._period <= 0 or self.height() <= 0:
            for label in self._labels:
                label.hide()
            return
        if self._tiles is None:
            self._tiles = self._render_tiles()
        right = self._strip.width()
        placed = 0
        x = 0
        while x < right:
            for tile in self._tiles:
                tile_w = round(tile.width() / tile.devicePixelRatio())
                if x < right:
                    if placed == len(self._labels):
                        label = QLabel(self._strip)
                        label.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
                        self._labels.append(label)
                    label = self._labels[placed]
                    label.setPixmap(tile)
                    label.setGeometry(x, 0, tile_w, self.height())
                    label.show()
                    placed += 1
                x += tile_w
            x += self._period - round(self._total)  # under a pixel of background per repeat
        for label in self._labels[placed:]:
            label.hide()
