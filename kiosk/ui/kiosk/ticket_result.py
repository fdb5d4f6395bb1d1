"""After "Cetak": the printing screen, then the number (or the on-screen e-ticket when the
printer fails)."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.base import (
    InfoTile,
    Screen,
    Shell,
    scan_code,
)
from kiosk.ui.widgets.common import (
    IconLabel,
    TouchButton,
    make_label,
)
from kiosk.ui.widgets.qr import QrWidget
from kiosk.ui.widgets.spinner import Spinner

# --- printing ------------------------------------------------------------------------------


class PrintingScreen(Screen):
    """Shown while the number is issued and the printer works (at most ~3 s)."""

    name = "printing"
    show_back = False
    show_home = False
    accepts_scans = False

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._stage = "issuing"
        self.spinner = Spinner()
        self.icon = IconLabel("printer", 160, self.metrics)
        self.title = make_label("", "bigMessage", align=Qt.AlignmentFlag.AlignCenter)
        self.hint = make_label("", "screenHint", align=Qt.AlignmentFlag.AlignCenter)
        layout = self.content_layout
        layout.addStretch(2)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.spinner, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addStretch(3)

    def set_stage(self, stage: str) -> None:
        """'issuing' (getting the number) or 'printing'."""
        self._stage = stage
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("printing_title" if self._stage == "printing" else "issuing_title"))
        self.hint.setText(t("printing_hint"))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        side = self.metrics.px(120)
        self.spinner.setFixedSize(side, side)


class TicketResultScreen(Screen):
    """The issued number, very large, with where to wait, people ahead and the estimate.

    `eticket=True` is the variant for a failed printer: the number and a QR of the ticket code
    to photograph ("Silakan foto layar ini"), which the counter and the scanner accept.

    Signals:
        done_requested()
    """

    name = "result"
    eticket: ClassVar[bool] = False
    done_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        eticket = self.eticket
        self._ticket: Any = None
        self.headline = make_label("", "resultHeadline", align=Qt.AlignmentFlag.AlignCenter)
        self.headline.setVisible(eticket)
        self.title = make_label("", "resultTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.number = make_label("", "ticketNumber", wrap=False,
                                 align=Qt.AlignmentFlag.AlignCenter)  # fmt: skip
        if eticket:  # shares the width with the QR
            self.number.setObjectName("ticketNumberSmall")
        self.service = make_label("", "resultService", align=Qt.AlignmentFlag.AlignCenter)
        self.priority = make_label("", "priorityNote", wrap=False,
                                   align=Qt.AlignmentFlag.AlignCenter)  # fmt: skip
        self.take = make_label("", "resultTake", align=Qt.AlignmentFlag.AlignCenter)
        self.qr = QrWidget()
        self.qr.setVisible(eticket)
        self.ahead = InfoTile("people", self.metrics)
        self.estimate = InfoTile("clock", self.metrics)
        self.where = make_label("", "resultWhere", align=Qt.AlignmentFlag.AlignCenter)
        self.done_button = TouchButton("", "primaryBig", self.metrics, icon="check", icon_px=64)
        self.done_button.clicked.connect(self.done_requested.emit)
        self.number_box = QFrame()
        self.number_box.setObjectName("sheet")
        number_layout = QVBoxLayout(self.number_box)
        number_layout.setContentsMargins(32, 28, 32, 32)
        number_layout.setSpacing(8)
        number_layout.addWidget(self.title)
        number_layout.addWidget(self.number, 1)
        number_layout.addWidget(self.service)
        number_layout.addWidget(self.priority, 0, Qt.AlignmentFlag.AlignHCenter)
        self.code_text = make_label("", "codeSmall", align=Qt.AlignmentFlag.AlignCenter)
        self.code_text.setVisible(eticket)
        self.qr_box = QWidget()
        self.qr_box.setVisible(eticket)
        qr_layout = QVBoxLayout(self.qr_box)
        qr_layout.setContentsMargins(0, 0, 0, 0)
        qr_layout.setSpacing(4)
        qr_layout.addStretch(1)
        qr_layout.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignHCenter)
        qr_layout.addWidget(self.code_text)
        qr_layout.addStretch(1)
        # Portrait: the number (and the QR beside it) on top, the details below.
        # Landscape: number | QR | details, side by side.
        self._hero = QHBoxLayout()
        self._hero.setSpacing(24)
        self._hero.addWidget(self.number_box, 3)
        self._hero.addWidget(self.qr_box, 2)
        self._tiles = QHBoxLayout()
        self._tiles.setSpacing(24)
        self._tiles.addWidget(self.ahead, 1)
        self._tiles.addWidget(self.estimate, 1)
        details = QVBoxLayout()
        details.setSpacing(24)
        details.addWidget(self.take)
        details.addLayout(self._tiles)
        details.addWidget(self.where)
        details.addStretch(1)
        details.addWidget(self.done_button)
        self._main = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._main.setSpacing(28)
        self._main.addLayout(self._hero, 3)
        self._main.addLayout(details, 2)
        layout = self.content_layout
        layout.addWidget(self.headline)
        layout.addLayout(self._main, 1)
        self._portrait = True

    @property
    def ticket(self) -> Any:
        return self._ticket

    def show_ticket(self, ticket: Any) -> None:
        self._ticket = ticket
        # The same text as the printed slip's QR (the grouped code), so counters and the
        # kiosk scanner read a photographed e-ticket exactly like paper.
        self.qr.set_data(scan_code(ticket.code) if self.eticket else "")
        self.retranslate_ui()

    def reset(self) -> None:
        self._ticket = None
        self.qr.set_data("")

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        tr = self.tr_
        self.headline.setText(t("eticket_title"))
        self.title.setText(t("eticket_number" if self.eticket else "result_title"))
        self.done_button.setText(t("result_done"))
        self.ahead.label.setText(t("result_ahead"))
        self.estimate.label.setText(t("result_est"))
        ticket = self._ticket
        if ticket is None:
            return
        self.number.setText(ticket.number)
        self.code_text.setText(t("eticket_code", code=scan_code(ticket.code)))
        self.service.setText(tr.pick(ticket.service_name_id, ticket.service_name_en))
        if ticket.priority_kind:
            self.priority.setText(t("result_priority", kind=t(f"priority_{ticket.priority_kind}")))
            self.priority.show()
        else:
            self.priority.hide()
        if self.eticket:
            self.take.setText(t("eticket_photo") + "\n" + t("eticket_show"))
        else:
            self.take.setText(t("result_take"))
        self.ahead.value.setText(t("result_ahead_count", count=ticket.ahead))
        zone = getattr(self.shell, "zone", None)
        self.estimate.value.setText(texts.estimate_text(tr, ticket.wait, zone))
        if ticket.counters:
            counters = texts.join_numbers(tr.lang, ticket.counters)
            key = "result_wait_counters" if len(ticket.counters) > 1 else "result_wait_counter"
            self.where.setText(t(key, counters=counters))
        else:
            self.where.setText(t("result_wait_any"))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._portrait = portrait
        self._main.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self._main.setStretch(0, 3 if portrait else (5 if self.eticket else 4))
        self._main.setStretch(1, 2 if portrait else (4 if self.eticket else 5))
        self.apply_scale()

    def apply_scale(self) -> None:
        side = self.metrics.px(400 if self._portrait else 340)
        self.qr.setFixedSize(side, side)


class ETicketScreen(TicketResultScreen):
    """The printer failed: the same ticket, with a QR to photograph."""

    name = "eticket"
    eticket = True
