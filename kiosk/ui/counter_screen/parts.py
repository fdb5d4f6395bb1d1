"""The counter-side screen's building blocks: its style sheet, the complaint strip (question,
hint and the visit's QR) and a charter promise line (kept apart from the window's behaviour)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.ui.shared.fit_label import pixel_font
from kiosk.ui.theme import icon_pixmap
from kiosk.ui.widgets.qr import QrWidget

__all__ = ["QSS", "ComplaintStrip", "PromiseLine"]

# Dark navy with white and yellow, like the lobby display: the same look at the desk as in
# the hall, and contrast well above WCAG AA (white on #0a2a5e is 13:1).
QSS = """
#counterScreen { background: #0a2a5e; }
#header { background: #06204a; }
QLabel { color: #ffffff; background: transparent; }
QLabel[role="sub"] { color: #d3def5; }
QLabel[role="accent"] { color: #ffc845; }
QLabel[role="error"] { color: #ffc845; }
#numberPanel { background: #0b3d91; border-radius: 28px; }
#numberValue { color: #ffffff; }
#nameTag { background: #ffffff; border-radius: 10px; }
#nameTagStripe {
    background: #ffc845; border-top-left-radius: 10px; border-top-right-radius: 10px;
}
#nameTag QLabel { color: #0a2a5e; }
#nameTag QLabel[role="sub"] { color: #41557a; }
#promises { background: #0d3270; border-radius: 24px; }
#complaint { background: #06204a; border-radius: 24px; }
#offline { background: #b3261e; color: #ffffff; }
QPushButton[role="lang"] {
    background: #0d3270; color: #ffffff; border: 3px solid #5b7fc0; border-radius: 14px;
    padding: 4px 18px;
}
QPushButton[role="lang"]:checked { background: #ffc845; color: #0a2a5e; border-color: #ffc845; }
"""


class PromiseLine(QWidget):
    """One short promise with a check mark in front."""

    def __init__(self) -> None:
        super().__init__()
        self.icon = QLabel()
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.text = QLabel()
        self.text.setObjectName("promise")
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)

    def set_px(self, family: str, px: int) -> None:
        self.text.setFont(pixel_font(family, px))
        side = round(px * 1.25)
        self.icon.setPixmap(icon_pixmap("check", side, "#ffc845"))
        self.icon.setFixedWidth(side + 4)
        layout = self.layout()
        assert layout is not None
        layout.setSpacing(round(px * 0.6))


class ComplaintStrip(QFrame):
    """ "Ingin menyampaikan teguran atau pengaduan?" with the hint and the visit's QR code
    (the ticket's own code: the kiosk's scanner routes it)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName("complaint")
        self.qr = QrWidget()
        self.qr.setObjectName(f"{name}Qr")
        self.question = QLabel()
        self.question.setObjectName(f"{name}Question")
        self.question.setWordWrap(True)
        self.hint = QLabel()
        self.hint.setObjectName(f"{name}Hint")
        self.hint.setProperty("role", "sub")
        self.hint.setWordWrap(True)
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addStretch(1)
        words.addWidget(self.question)
        words.addWidget(self.hint)
        words.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addLayout(words, 1)
        layout.addWidget(self.qr)

    def set_code(self, code: str) -> None:
        self.qr.set_data(code)
        self.qr.setVisible(bool(code))

    def set_texts(self, question: str, hint: str) -> None:
        self.question.setText(question)
        self.hint.setText(hint)

    def set_px(self, family: str, question_px: int, hint_px: int, qr_px: int, pad: int) -> None:
        self.question.setFont(pixel_font(family, question_px, bold=True))
        self.hint.setFont(pixel_font(family, hint_px))
        self.qr.setFixedSize(qr_px, qr_px)
        layout = self.layout()
        assert layout is not None
        layout.setContentsMargins(pad, pad // 2, pad // 2, pad // 2)
        layout.setSpacing(pad)
