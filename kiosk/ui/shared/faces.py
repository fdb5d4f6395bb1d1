"""The four answer faces (1 = very unhappy .. 4 = very happy), for every role that asks a
citizen's opinion: the counter-side rating and the kiosk's survey.

The drawings are resources/icons/rating-1.svg .. rating-4.svg, shown in their own colours (red,
orange, light green, green) and never tinted; mouths and eyes differ too, so they read without
colour.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from kiosk.ui.theme import icon_path

__all__ = ["face_pixmap"]


@functools.lru_cache(maxsize=32)
def face_pixmap(value: int, size: int) -> QPixmap:
    """The face for ``value`` (1..4) at ``size`` pixels, in its own colours."""
    size = max(1, int(size))
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(icon_path(f"rating-{value}"))).render(painter, QRectF(0, 0, size, size))
    painter.end()
    return pixmap
