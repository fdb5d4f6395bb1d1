"""The "Masih di sini?" card over the kiosk in the last seconds before an idle reset.

Any touch carries on (the event filter counts it as activity); the big "Ya, lanjutkan" button
is there so nobody has to guess where to touch. The countdown and when it appears come from
kiosk.flows.idle.IdlePolicy; this widget only shows them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from kiosk.ui.i18n import Translator
from kiosk.ui.widgets.common import IconLabel, Metrics, TouchButton, make_label


class IdleOverlay(QWidget):
    """Dims the screen and asks whether the citizen is still there.

    Signals:
        continue_requested(): "Ya, lanjutkan".
    """

    continue_requested = Signal()

    def __init__(self, parent: QWidget, translator: Translator, metrics: Metrics) -> None:
        super().__init__(parent)
        self.setObjectName("idleOverlay")
        self._tr = translator
        self._metrics = metrics
        self._seconds = 0
        self.card = QFrame(self)
        self.card.setObjectName("idleCard")
        self.icon = IconLabel("clock", 120, metrics)
        self.title = make_label("", "idleTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.body = make_label("", "idleBody", align=Qt.AlignmentFlag.AlignCenter)
        self.count = make_label("", "idleCount", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        self.continue_button = TouchButton("", "primaryBig", metrics, icon="check", icon_px=64)
        self.continue_button.clicked.connect(self.continue_requested.emit)
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(56, 48, 56, 48)
        layout.setSpacing(24)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.count)
        layout.addWidget(self.body)
        layout.addWidget(self.continue_button)
        self.hide()

    def show_countdown(self, seconds: int) -> None:
        self._seconds = seconds
        self.retranslate_ui()
        if not self.isVisible():
            parent = self.parentWidget()
            if parent is not None:
                self.setGeometry(parent.rect())
            self.show()
            self._place_card()
        self.raise_()

    def retranslate_ui(self) -> None:
        t = self._tr.t
        self.title.setText(t("idle_title"))
        self.count.setText(str(self._seconds))
        self.body.setText(t("idle_body", seconds=self._seconds))
        self.continue_button.setText(t("idle_continue"))

    def _place_card(self) -> None:
        width = min(self.width() - self._metrics.px(96), self._metrics.px(820))
        self.card.setFixedWidth(max(1, width))
        self.card.adjustSize()
        height = min(self.card.sizeHint().height(), self.height())
        self.card.setGeometry(
            (self.width() - width) // 2, (self.height() - height) // 2, width, height
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_card()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 130))
        painter.end()
