"""A busy spinner and the "Mohon tunggu" overlay that blocks double taps while a call runs."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class Spinner(QWidget):
    """A rotating arc; animates only while visible (no timer ticking on a hidden widget)."""

    def __init__(self, parent: QWidget | None = None, color: str = "#0b3d91") -> None:
        super().__init__(parent)
        self._angle = 0
        self._color = QColor(color)
        self._timer = QTimer(self)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._tick)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def _tick(self) -> None:
        self._angle = (self._angle + 12) % 360
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        self._timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        pen_width = max(2.0, side / 10)
        rect = QRectF(
            (self.width() - side) / 2 + pen_width / 2,
            (self.height() - side) / 2 + pen_width / 2,
            side - pen_width,
            side - pen_width,
        )
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        track = QColor(self._color)
        track.setAlpha(40)
        painter.setPen(QPen(track, pen_width))
        painter.drawEllipse(rect)
        pen = QPen(self._color, pen_width)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(rect, -self._angle * 16, 100 * 16)
        painter.end()


class BusyOverlay(QWidget):
    """Covers its parent: first invisibly (eats taps), then dimmed with a spinner and text.

    `block()` starts swallowing input at once so an impatient second tap cannot start a second
    ticket; `reveal()` (after 300 ms, see workers.DelayedFlag) shows the "Mohon tunggu" card.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("busyOverlay")
        self._revealed = False
        self.card = QWidget(self)
        self.card.setObjectName("busyCard")
        self.card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.spinner = Spinner(self.card)
        self.label = QLabel(self.card)
        self.label.setObjectName("busyText")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(24)
        layout.addWidget(self.spinner, 1, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.label)
        self.card.hide()
        self.hide()

    def set_text(self, text: str) -> None:
        self.label.setText(text)

    @property
    def revealed(self) -> bool:
        return self._revealed and self.isVisible()

    def block(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.raise_()
        self.show()

    def reveal(self, side_px: int) -> None:
        self._revealed = True
        self.spinner.setFixedSize(side_px, side_px)
        self.card.adjustSize()
        self.card.show()
        self._place_card()
        self.update()

    def unblock(self) -> None:
        self._revealed = False
        self.card.hide()
        self.hide()

    def _place_card(self) -> None:
        hint = self.card.sizeHint()
        width = min(self.width(), max(hint.width(), self.width() // 2))
        self.card.setGeometry(
            (self.width() - width) // 2,
            (self.height() - hint.height()) // 2,
            width,
            hint.height(),
        )

    def resizeEvent(self, event: object) -> None:
        if self.card.isVisible():
            self._place_card()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._revealed:
            return
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 110))
        painter.end()
