"""Widgets of the lobby display: text that fits its box, and the charter ticker.

The display is read from 10 m, so its texts are as large as their box allows: a ticket number
may be "A022" or "ABC1000", a counter "Loket 3" or "Loket 28", and one font size cannot fit them
all on a 1920x1080 and a 1080x1920 screen. FitLabel picks the largest size up to a maximum.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

__all__ = ["FitLabel", "Ticker", "pixel_font"]


def pixel_font(family: str, px: int, *, bold: bool = False) -> QFont:
    """A font of ``px`` pixels (the display is sized in pixels, not points)."""
    font = QFont(family)
    font.setPixelSize(max(1, int(px)))
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


class FitLabel(QLabel):
    """One line of text at the largest pixel size (<= ``max_px``) that fits the label.

    The colour comes from the palette (a style sheet's ``color``); the font size does not.

    Its size hint does not depend on the text, so a long number never pushes the layout
    around: the text adapts to the box, not the box to the text.
    """

    def __init__(
        self,
        family: str,
        max_px: int,
        *,
        bold: bool = True,
        object_name: str = "",
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignCenter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._family = family
        self._max_px = max_px
        self._bold = bold
        # Kept apart from QWidget.font(): a style sheet's font-size would override setFont().
        self._fitted = pixel_font(family, max_px, bold=bold)
        if object_name:
            self.setObjectName(object_name)
        self.setAlignment(align)
        self.setWordWrap(False)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._fit()

    def set_max_px(self, max_px: int) -> None:
        if max_px != self._max_px:
            self._max_px = max(1, max_px)
            self.updateGeometry()
            self._fit()

    def setText(self, text: str) -> None:
        if text != self.text():
            super().setText(text)
            self._fit()

    def sizeHint(self) -> QSize:
        return QSize(self._max_px * 2, round(self._max_px * 1.25))

    def minimumSizeHint(self) -> QSize:
        return QSize(10, round(self._max_px * 0.5))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def fitted_px(self) -> int:
        return self._fitted.pixelSize()

    def _fits(self, px: int, width: float, height: float) -> bool:
        metrics = QFontMetricsF(pixel_font(self._family, px, bold=self._bold))
        text = self.text() or " "
        ink = metrics.tightBoundingRect(text)
        # Ink, not line height: "A022" has no descender, so it may fill the whole box.
        return metrics.horizontalAdvance(text) <= width * 0.97 and ink.height() <= height * 0.86

    def _fit(self) -> None:
        rect = self.contentsRect()
        width, height = max(1, rect.width()), max(1, rect.height())
        px = self._max_px
        while px > 8 and not self._fits(px, width, height):
            px = int(px * 0.94)
        self._fitted = pixel_font(self._family, px, bold=self._bold)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The ink of the text centred in the box (QLabel centres the line box, which puts
        capitals and digits visibly above the middle)."""
        text = self.text()
        if not text:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.setFont(self._fitted)
        painter.setPen(self.palette().color(self.foregroundRole()))
        metrics = QFontMetricsF(self._fitted)
        ink = metrics.tightBoundingRect(text)
        rect = QRectF(self.contentsRect())
        advance = metrics.horizontalAdvance(text)
        align = self.alignment()
        if align & Qt.AlignmentFlag.AlignLeft:
            x = rect.left()
        elif align & Qt.AlignmentFlag.AlignRight:
            x = rect.right() - advance
        else:
            x = rect.center().x() - advance / 2
        baseline = rect.center().y() - (ink.top() + ink.height() / 2)
        painter.drawText(QPointF(x, baseline), text)
        painter.end()


class Ticker(QWidget):
    """A line of text scrolling right to left, for the charter's promises.

    ``segments`` are (text, role) pairs; roles pick the colour: "title" (a section name),
    "item" (a promise in the main language), "sub" (the same in the subtitle language),
    "sep" (the dot between items). The line repeats without a gap.
    """

    COLORS = {"title": "#ffc845", "item": "#ffffff", "sub": "#b9cdf0", "sep": "#ffc845"}
    FRAME_MS = 33

    def __init__(self, family: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ticker")
        self._family = family
        self._segments: list[tuple[str, str]] = []
        self._widths: list[float] = []
        self._total = 0.0
        self._offset = 0.0
        self._speed_px_s = 120.0
        self._font = pixel_font(family, 30)
        self._title_font = pixel_font(family, 30, bold=True)
        self._last = time.monotonic()
        self._running = True
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
        self.update()

    def _font_for(self, role: str) -> QFont:
        return self._title_font if role == "title" else self._font

    def _measure(self) -> None:
        self._widths = [
            QFontMetricsF(self._font_for(role)).horizontalAdvance(text)
            for text, role in self._segments
        ]
        self._total = sum(self._widths)
        if self._total:
            self._offset %= self._total

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
        if self._total > 0:
            self._offset = (self._offset + elapsed * self._speed_px_s) % self._total
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#06204a"))
        if not self._segments or self._total <= 0:
            painter.end()
            return
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        height = float(self.height())
        x = -self._offset
        width = float(self.width())
        while x < width:
            for (text, role), seg_w in zip(self._segments, self._widths, strict=True):
                if x + seg_w > 0 and x < width:
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
        painter.end()
