"""After "Kirim pengaduan": sending and printing, then the receipt on screen: the complaint code,
its QR (the same text as the printed slip's), the response deadline in working days and how to
follow it up. When the printer fails, the same screen asks the citizen to photograph it."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QVBoxLayout, QWidget

from kiosk.i18n import format_date
from kiosk.ui.kiosk.base import Screen, Shell
from kiosk.ui.kiosk.ticket_result import PrintingScreen
from kiosk.ui.widgets.common import TouchButton, make_label
from kiosk.ui.widgets.qr import QrWidget


class ComplaintPrintingScreen(PrintingScreen):
    """Sending the complaint, then printing its receipt (a few seconds; never cut short)."""

    name = "complaint_printing"

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        printing = self._stage == "printing"
        self.title.setText(t("complaint_printing" if printing else "complaint_sending"))
        self.hint.setText(t("printing_hint"))


class ComplaintResultScreen(Screen):
    """The receipt on screen. ``ereceipt``: the printer failed, so "photograph this screen".

    Signals:
        done_requested()
    """

    name = "complaint_result"
    ereceipt: ClassVar[bool] = False
    show_back = False
    done_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._receipt: Any = None
        self.headline = make_label("", "resultHeadline", align=Qt.AlignmentFlag.AlignCenter)
        self.title = make_label("", "screenTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.code_label = make_label("", "formLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.code = make_label("", "codeText", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        self.qr = QrWidget()
        self.take = make_label("", "resultTake", align=Qt.AlignmentFlag.AlignCenter)
        self.deadline = make_label("", "banner", align=Qt.AlignmentFlag.AlignCenter)
        self.deadline.setProperty("state", "open")
        self.follow = make_label("", "messageBody", align=Qt.AlignmentFlag.AlignCenter)
        self.privacy = make_label("", "screenHint", align=Qt.AlignmentFlag.AlignCenter)
        self.done_button = TouchButton("", "primaryBig", self.metrics, icon="check", icon_px=64)
        self.done_button.clicked.connect(self.done_requested.emit)
        code_box = QFrame()
        code_box.setObjectName("sheet")
        code_layout = QVBoxLayout(code_box)
        code_layout.setContentsMargins(32, 24, 32, 24)
        code_layout.setSpacing(8)
        code_layout.addWidget(self.code_label)
        code_layout.addWidget(self.code)
        code_layout.addWidget(self.qr, 1, Qt.AlignmentFlag.AlignHCenter)
        details = QWidget()
        details_box = QVBoxLayout(details)
        details_box.setContentsMargins(0, 0, 0, 0)
        details_box.setSpacing(20)
        self.side_title = make_label("", "screenTitle", align=Qt.AlignmentFlag.AlignCenter)
        details_box.addWidget(self.side_title)
        details_box.addWidget(self.take)
        details_box.addWidget(self.deadline)
        details_box.addWidget(self.follow)
        details_box.addWidget(self.privacy)
        details_box.addStretch(1)
        details_box.addWidget(self.done_button)
        self._main = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._main.setSpacing(28)
        self._main.addWidget(code_box, 1)
        self._main.addWidget(details, 1)
        layout = self.content_layout
        layout.addWidget(self.headline)
        layout.addWidget(self.title)
        layout.addLayout(self._main, 1)
        self.headline.setVisible(self.ereceipt)
        self._portrait = True

    @property
    def receipt(self) -> Any:
        return self._receipt

    def show_receipt(self, receipt: Any) -> None:
        self._receipt = receipt
        self.qr.set_data(receipt.code_display)  # what the slip's QR carries
        self.retranslate_ui()

    def reset(self) -> None:
        self._receipt = None
        self.qr.set_data("")

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.headline.setText(t("complaint_eresult_headline"))
        self.title.setText(t("complaint_result_title"))
        self.side_title.setText(t("complaint_result_title"))
        self.code_label.setText(t("complaint_code"))
        self.done_button.setText(t("result_done"))
        r = self._receipt
        if r is None:
            return
        self.code.setText(r.code_display)
        self.take.setText(t("complaint_eresult_photo" if self.ereceipt else "complaint_take"))
        due = format_date(r.due_date, self.tr_.lang)
        self.deadline.setText(t("complaint_result_due", date=due, days=r.working_days))
        self.follow.setText(t("complaint_result_follow"))
        self.privacy.setText(t("complaint_result_anon" if r.anonymous else "complaint_result_kept"))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._portrait = portrait
        # Landscape has little height: the title moves beside the QR, above the details.
        self.title.setVisible(portrait)
        self.side_title.setVisible(not portrait)
        self._main.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._main.setStretch(0, 1 if portrait else 2)
        self._main.setStretch(1, 1 if portrait else 3)
        self.apply_scale()

    def apply_scale(self) -> None:
        side = self.metrics.px(380 if self._portrait else 320)
        self.qr.setFixedSize(side, side)


class ComplaintEResultScreen(ComplaintResultScreen):
    """The printer failed: the receipt on screen, to photograph (keeps the full idle time)."""

    name = "complaint_eresult"
    ereceipt = True
