"""The four faces of the one-touch rating, and the charter promise line.

A face is one big touch target (a whole tile, not just the drawing) with its word under it:
colour, the mouth and the word each say the same thing, so the choice reads at a glance for
someone who does not read well or does not see colours. The drawings are
kiosk.ui.shared.faces (resources/icons/rating-1.svg .. rating-4.svg, not tinted).
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QAbstractButton, QSizePolicy, QWidget

from kiosk.ui.shared.faces import face_pixmap
from kiosk.ui.shared.fit_label import pixel_font

__all__ = ["FaceButton", "face_pixmap"]

TILE = QColor("#ffffff")
TILE_DISABLED = QColor("#d5dceb")
INK = QColor("#0a2a5e")
CHOSEN = QColor("#ffc845")


class FaceButton(QAbstractButton):
    """A white tile with a face and its word; ``chosen`` draws the yellow ring of the touch."""

    def __init__(self, value: int, family: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.value = value
        self.setObjectName(f"face{value}")
        self._family = family
        self._face_px = 150
        self._text_px = 30
        self._radius = 24
        self._chosen = False
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_px(self, face_px: int, text_px: int, radius: int) -> None:
        self._face_px, self._text_px, self._radius = face_px, text_px, radius
        self.updateGeometry()
        self.update()

    def set_chosen(self, chosen: bool) -> None:
        if chosen != self._chosen:
            self._chosen = chosen
            self.update()

    @property
    def chosen(self) -> bool:
        return self._chosen

    def sizeHint(self) -> QSize:
        return QSize(round(self._face_px * 1.4), round(self._face_px + self._text_px * 3.6))

    def minimumSizeHint(self) -> QSize:
        return QSize(self._face_px, self._face_px + self._text_px * 2)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        ring = max(4, self._text_px // 5)
        rect = QRectF(self.rect()).adjusted(ring / 2, ring / 2, -ring / 2, -ring / 2)
        path = QPainterPath()
        path.addRoundedRect(rect, self._radius, self._radius)
        down = self.isDown() or self._chosen
        painter.fillPath(path, TILE if self.isEnabled() or down else TILE_DISABLED)
        if down:
            painter.setPen(QPen(CHOSEN, ring))
            painter.drawPath(path)
        # The face in the upper part, the word centred in what is left below it.
        text_h = self._text_px * 2.6
        face = min(self._face_px, rect.width() * 0.8, rect.height() - text_h - ring * 2)
        face = max(8.0, face)
        top = rect.top() + (rect.height() - face - text_h) / 2
        pixmap = face_pixmap(self.value, round(face * self.devicePixelRatioF()))
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        painter.drawPixmap(round(rect.center().x() - face / 2), round(top), pixmap)
        painter.setPen(INK)
        painter.setFont(pixel_font(self._family, self._text_px, bold=True))
        text_rect = QRectF(rect.left() + ring, top + face, rect.width() - 2 * ring, text_h)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(text_rect, int(flags), self.text())
        painter.end()
