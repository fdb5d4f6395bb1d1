"""Widgets of the lobby display: the charter ticker.

FitLabel and pixel_font (text as large as its box allows, read from 10 m) moved to
kiosk.ui.shared.fit_label because the counter uses them too; they are re-exported here.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.ui.shared.fit_label import FitLabel, pixel_font

__all__ = ["FitLabel", "Ticker", "pixel_font"]


class Ticker(QWidget):
    """A line of text scrolling right to left, for the charter's promises.

    ``segments`` are (text, role) pairs; roles pick the colour: "title" (a section name),
    "item" (a promise in the main language), "sub" (the same in the subtitle language),
    "sep" (the dot between items). The line repeats without a gap.

    A display runs for weeks on a small PC: the text is laid out and rasterised once into a
    strip (re-made only when the text, font or height changes). Each frame moves the line by
    whole pixels with ``QWidget.scroll``: Qt shifts the pixels already on screen and repaints
    only the strip that came in at the right edge (a few pixels wide), instead of the whole
    1920-pixel line 25 times a second (issue 13: idle display 2.8% -> under 1% of a core).
    The line repeats every whole number of pixels, so every piece is drawn at a whole-pixel
    position and the scrolled pixels and the new strip always meet exactly.
    """

    COLORS = {"title": "#ffc845", "item": "#ffffff", "sub": "#b9cdf0", "sep": "#ffc845"}
    BACKGROUND = "#06204a"
    FRAME_MS = 40
    #: The strip is cut into pixmaps this wide (a very wide pixmap is refused by some drivers).
    TILE_PX = 4096

    def __init__(self, family: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticker")
        self._family = family
        self._segments: list[tuple[str, str]] = []
        self._widths: list[float] = []
        self._total = 0.0
        self._period = 0  # the line's repeat, in whole pixels (ceil of _total)
        self._offset = 0.0
        self._shown = 0  # whole-pixel offset of what is on screen
        self._speed_px_s = 120.0
        self._font = pixel_font(family, 30)
        self._title_font = pixel_font(family, 30, bold=True)
        self._last = time.monotonic()
        self._running = True
        self._tiles: list[QPixmap] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(self.FRAME_MS)
        self._timer.timeout.connect(self._step)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    def set_segments(self, segments: list[tuple[str, str]]) -> None:
        self._segments = [(t, r) for t, r in segments if t]
        self._measure()
        self.update()

    def segments(self) -> list[tuple[str, str]]:
        return list(self._segments)

    def set_font_px(self, px: int, speed_px_s: float) -> None:
        self._font = pixel_font(self._family, px)
        self._title_font = pixel_font(self._family, px, bold=True)
        self._speed_px_s = speed_px_s
        self.setFixedHeight(round(px * 1.9))
        self._measure()

    def set_running(self, running: bool) -> None:
        """Stop (screenshots, hidden window) or restart the scrolling."""
        self._running = running
        self._sync_timer()

    def rewind(self) -> None:
        self._offset = 0.0
        self._shown = 0
        self.update()

    def _font_for(self, role: str) -> QFont:
        return self._title_font if role == "title" else self._font

    def _measure(self) -> None:
        self._widths = [
            QFontMetricsF(self._font_for(role)).horizontalAdvance(text)
            for text, role in self._segments
        ]
        self._total = sum(self._widths)
        self._period = math.ceil(self._total)
        if self._period:
            self._offset %= self._period
            self._shown = int(self._offset)
        self._tiles = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._tiles = None  # their height is the widget's

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
        if self._running and self.isVisible() and self._total > 0:
            if not self._timer.isActive():
                self._last = time.monotonic()
                self._timer.start()
        else:
            self._timer.stop()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._sync_timer()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._timer.stop()

    def _step(self) -> None:
        now = time.monotonic()
        elapsed, self._last = min(0.25, now - self._last), now
        if self._period <= 0:
            return
        self._offset = (self._offset + elapsed * self._speed_px_s) % self._period
        shown = int(self._offset)
        shift = (shown - self._shown) % self._period
        self._shown = shown
        if 0 < shift < self.width():
            self.scroll(-shift, 0)  # only the incoming strip is painted
        elif shift:
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(self.BACKGROUND))
        if not self._segments or self._total <= 0:
            painter.end()
            return
        if self._tiles is None:
            self._tiles = self._render_tiles()
        left, right = event.rect().left(), event.rect().right() + 1
        x = -self._shown
        while x < right:
            for tile in self._tiles:
                tile_w = round(tile.width() / tile.devicePixelRatio())
                if x + tile_w > left and x < right:
                    painter.drawPixmap(x, 0, tile)
                x += tile_w
            x += self._period - round(self._total)  # under a pixel of background per repeat
        painter.end()
