"""The lobby display's building blocks: its style sheet, a text with its subtitle twin, a row of
the previous calls and a waiting-count chip (kept apart from the window's behaviour)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.display.widgets import FitLabel, pixel_font

__all__ = ["QSS", "WINDOW_BACKGROUND", "Chip", "HistoryRow", "Pair"]

WINDOW_BACKGROUND = "#0a2a5e"

QSS = (
    "#displayStyled { background: "
    + WINDOW_BACKGROUND
    + "; }"
    + """
#header { background: #06204a; }
QLabel { color: #ffffff; background: transparent; }
QLabel[role="sub"] { color: #b9cdf0; }
QLabel[role="accent"] { color: #ffc845; }
#hero { background: #0b3d91; border-radius: 24px; }
#hero[flash="true"] { background: #ffc845; }
#hero[flash="true"] QLabel { color: #0a2a5e; }
#heroNumber, #heroCounter { color: #ffffff; }
#history, #waitingPanel { background: #0d3270; border-radius: 24px; }
#historyRow { border-top: 2px solid #1d4a94; }
#historyNumber { color: #ffffff; }
#historyCounter { color: #ffc845; }
#chip { background: #143f86; border-radius: 16px; }
#chipPrefix { color: #ffc845; }
#offline { background: #b3261e; color: #ffffff; }
"""
)


class Pair(QWidget):
    """A text in the main language with its subtitle-language twin underneath.

    ``fit=True``: both shrink to fit their box (a long Indonesian sentence on a portrait
    screen); ``fit=False``: plain labels that keep their natural width (the header's date).
    """

    def __init__(
        self, family: str, name: str, align: Qt.AlignmentFlag, *, fit: bool = True
    ) -> None:
        super().__init__()
        self.family = family
        self.fit = fit
        self.main: QLabel
        self.sub: QLabel
        if fit:
            self.main = FitLabel(family, 40, object_name=f"{name}Main", align=align)
            self.sub = FitLabel(family, 24, bold=False, object_name=f"{name}Sub", align=align)
        else:
            self.main, self.sub = QLabel(), QLabel()
            self.main.setObjectName(f"{name}Main")
            self.sub.setObjectName(f"{name}Sub")
            for label in (self.main, self.sub):
                label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        self.sub.setProperty("role", "sub")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.main)
        layout.addWidget(self.sub)

    def set_texts(self, main: str, sub: str) -> None:
        self.main.setText(main)
        self.sub.setText(sub)

    def set_px(self, main_px: int, sub_px: int, *, bold: bool = True) -> None:
        if isinstance(self.main, FitLabel) and isinstance(self.sub, FitLabel):
            self.main.set_max_px(main_px)
            self.sub.set_max_px(sub_px)
        else:
            self.main.setFont(pixel_font(self.family, main_px, bold=bold))
            self.sub.setFont(pixel_font(self.family, sub_px))


class HistoryRow(QFrame):
    def __init__(self, family: str) -> None:
        super().__init__()
        self.setObjectName("historyRow")
        self.number = FitLabel(family, 80, object_name="historyNumber",
                               align=Qt.AlignmentFlag.AlignLeft)  # fmt: skip
        self.counter = FitLabel(family, 64, object_name="historyCounter",
                                align=Qt.AlignmentFlag.AlignRight)  # fmt: skip
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.number, 5)
        layout.addWidget(self.counter, 6)


class Chip(QFrame):
    def __init__(self, family: str) -> None:
        super().__init__()
        self.setObjectName("chip")
        self.prefix = FitLabel(family, 56, object_name="chipPrefix")
        self.count = FitLabel(family, 56, object_name="chipCount")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 4, 10, 4)
        layout.setSpacing(4)
        layout.addWidget(self.prefix, 2)
        layout.addWidget(self.count, 3)
