"""A QR code drawn on screen from its module matrix, so it stays sharp at any size.

Used by the e-ticket: when the printer fails, the citizen photographs the screen, and the QR in
that photo must scan at the counter (tests decode the grabbed widget with zxing-cpp).
"""

from __future__ import annotations

import qrcode
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def qr_matrix(data: str) -> list[list[bool]]:
    """The module matrix (True = dark) with medium error correction and no border."""
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    code.add_data(data)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


class QrWidget(QWidget):
    """Paints `data` as a QR code, square, centred, whole modules only (no blur)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qr")
        self._data = ""
        self._matrix: list[list[bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    @property
    def data(self) -> str:
        return self._data

    def set_data(self, data: str) -> None:
        if data != self._data:
            self._data = data
            self._matrix = qr_matrix(data) if data else []
            self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, 300)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        side = min(self.width(), self.height())
        x0 = (self.width() - side) // 2
        y0 = (self.height() - side) // 2
        painter.fillRect(x0, y0, side, side, QColor("white"))
        if self._matrix:
            count = len(self._matrix) + 2 * QUIET_ZONE
            module = max(1, side // count)
            offset_x = x0 + (side - module * len(self._matrix)) // 2
            offset_y = y0 + (side - module * len(self._matrix)) // 2
            black = QColor("black")
            for r, row in enumerate(self._matrix):
                for c, dark in enumerate(row):
                    if dark:
                        painter.fillRect(
                            offset_x + c * module, offset_y + r * module, module, module, black
                        )
        painter.end()
