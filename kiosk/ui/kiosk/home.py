"""The home (attract) screen: three big choices and a hint that the scanner works anytime;
while no service is open, a notice saying when the MPP opens again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QHBoxLayout, QWidget

from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.base import Screen, Shell
from kiosk.ui.widgets.common import ChoiceButton, IconLabel, make_label


class HomeScreen(Screen):
    """Ambil Antrian / Cek Progres Permohonan / Piagam Zona Integritas.

    The survey and complaint forms arrive in a later issue; until then there is no button for
    them (a button that leads nowhere is worse than none).

    Signals:
        ticket_requested(), scan_requested(), charter_requested()
    """

    name = "home"
    show_back = False
    show_home = False

    ticket_requested = Signal()
    scan_requested = Signal()
    charter_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._opening: Any = None
        self._checked_at: datetime | None = None
        self.welcome = make_label("", "homeWelcome")
        # "MPP sedang tutup. Buka kembali Senin, 08.00.": shown only while no service is open.
        self.closed_notice = make_label("", "homeClosed")
        self.closed_notice.hide()
        self.ticket_button = ChoiceButton("ticket", self.metrics, object_name="choicePrimary",
                                          icon_color="#ffffff")  # fmt: skip
        self.scan_button = ChoiceButton("scan", self.metrics)
        self.charter_button = ChoiceButton("charter", self.metrics)
        self.ticket_button.clicked.connect(self.ticket_requested.emit)
        self.scan_button.clicked.connect(self.scan_requested.emit)
        self.charter_button.clicked.connect(self.charter_requested.emit)
        self.choices = QWidget()
        self._choice_box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self.choices)
        self._choice_box.setContentsMargins(0, 0, 0, 0)
        self._choice_box.setSpacing(32)
        for button in (self.ticket_button, self.scan_button, self.charter_button):
            self._choice_box.addWidget(button, 1)
        hint_row = QHBoxLayout()
        hint_row.setSpacing(20)
        self.hint_icon = IconLabel("scan", 56, self.metrics, "#4a5568")
        self.hint = make_label("", "homeHint")
        hint_row.addWidget(self.hint_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        hint_row.addWidget(self.hint, 1)
        self.content_layout.addWidget(self.welcome)
        self.content_layout.addWidget(self.closed_notice)
        self.content_layout.addWidget(self.choices, 1)
        self.content_layout.addLayout(hint_row)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.welcome.setText(t("home_welcome"))
        self.ticket_button.set_texts(t("home_ticket"), t("home_ticket_sub"))
        self.scan_button.set_texts(t("home_scan"), t("home_scan_sub"))
        self.charter_button.set_texts(t("home_charter"), t("home_charter_sub"))
        self.hint.setText(t("home_scan_hint"))
        self._show_opening()

    def set_opening(self, opening: Any, now: datetime) -> None:
        """`opening` is a kiosk.services.opening.SiteOpening read at `now` (local time)."""
        self._opening, self._checked_at = opening, now
        self._show_opening()

    def _show_opening(self) -> None:
        opening, now = self._opening, self._checked_at
        closed = opening is not None and now is not None and not opening.open_now
        self.closed_notice.setVisible(closed)
        if not closed or now is None:
            return
        if opening.next_opening is None:
            self.closed_notice.setText(self.tr_.t("home_closed_never"))
        else:
            when = texts.reopening_text(self.tr_, opening.next_opening, now)
            self.closed_notice.setText(self.tr_.t("home_closed", when=when))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._choice_box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        for button in (self.ticket_button, self.scan_button, self.charter_button):
            button.set_vertical(not portrait)
