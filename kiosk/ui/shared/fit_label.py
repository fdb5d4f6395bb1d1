"""Text that fits its box, for every role's window: the lobby display's numbers (read from
10 m) and the counter's current ticket.

A ticket number may be "A022" or "ABC1000", a counter "Loket 3" or "Loket 28", and one font size
cannot fit them all on a 1920x1080 and a 1080x1920 screen. FitLabel picks the largest size up to a
maximum.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

__all__ = ["FitLabel", "pixel_font"]


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
