"""The confirm screen: the chosen service, what to bring, and the queue choice that prints.

The queue choice is here, not a separate step (one tap fewer): a big "Cetak Tiket Reguler" and,
for services with a priority queue, the five kelompok rentan explained in plain words, each of
which prints a priority ticket at once. The officer checks the priority at the counter.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QFrame, QGridLayout, QScrollArea, QVBoxLayout, QWidget

from kiosk.flows.ticket import PRIORITY_KINDS
from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.base import Screen, Shell, orient_pair, repolish, touch_scroll
from kiosk.ui.kiosk.ticket_card import bullet_html
from kiosk.ui.widgets.common import TouchButton, make_label

PRIORITY_ICONS = {
    "lansia": "elderly",
    "disabilitas": "wheelchair",
    "ibu_hamil": "pregnant",
    "anak": "child",
    "korban_bencana": "disaster",
}


class ConfirmScreen(Screen):
    """Service, agency, today's status, the requirements, then Reguler or a priority kind.

    Signals:
        queue_chosen(str): "" for the regular queue, else a PRIORITY_KINDS code (prints).
        card_requested(): the full service standard ("Standar pelayanan lengkap").
    """

    name = "confirm"
    queue_chosen = Signal(str)
    card_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._service: Any = None
        self.title = make_label("", "screenTitle")
        self.agency = make_label("", "screenHint")
        self.status = make_label("", "banner")
        # What to bring: the requirements, fee and time, scrollable when long.
        self.sheet = QFrame()
        self.sheet.setObjectName("sheet")
        sheet_box = QVBoxLayout(self.sheet)
        sheet_box.setContentsMargins(32, 24, 32, 24)
        sheet_box.setSpacing(10)
        self.bring_heading = make_label("", "cardHeading")
        self.requirements = make_label("", "cardBody")
        self.requirements.setTextFormat(Qt.TextFormat.RichText)
        self.facts = make_label("", "cardBody")
        sheet_box.addWidget(self.bring_heading)
        sheet_box.addWidget(self.requirements)
        sheet_box.addWidget(self.facts)
        sheet_box.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("cardScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.sheet)
        touch_scroll(self.scroll_area)
        self.card_button = TouchButton("", "secondary", self.metrics, icon="charter",
                                       icon_color="#0b3d91")  # fmt: skip
        self.card_button.clicked.connect(self.card_requested.emit)
        info = QVBoxLayout()
        info.setSpacing(16)
        info.addWidget(self.title)
        info.addWidget(self.agency)
        info.addWidget(self.status)
        info.addWidget(self.scroll_area, 1)
        info.addWidget(self.card_button)
        # The queue choice: each button prints.
        self.regular_button = TouchButton("", "primaryBig", self.metrics, icon="printer",
                                          icon_px=64)  # fmt: skip
        self.regular_button.clicked.connect(lambda: self.queue_chosen.emit(""))
        self.priority_box = QFrame()
        self.priority_box.setObjectName("priorityBox")
        self.priority_title = make_label("", "priorityTitle")
        self.priority_explain = make_label("", "priorityExplain")
        self.kind_buttons: dict[str, TouchButton] = {}
        self._grid = QGridLayout()
        self._grid.setSpacing(16)
        for kind in PRIORITY_KINDS:
            button = TouchButton("", "priorityKind", self.metrics, icon=PRIORITY_ICONS[kind],
                                 icon_px=52, icon_color="#7a4b00")  # fmt: skip
            button.clicked.connect(self._chooser(kind))
            self.kind_buttons[kind] = button
        box = QVBoxLayout(self.priority_box)
        box.setContentsMargins(28, 20, 28, 24)
        box.setSpacing(12)
        box.addWidget(self.priority_title)
        box.addWidget(self.priority_explain)
        box.addLayout(self._grid)
        self.hint = make_label("", "screenHint", align=Qt.AlignmentFlag.AlignCenter)
        choice = QVBoxLayout()
        choice.setSpacing(20)
        choice.addWidget(self.hint)
        choice.addWidget(self.regular_button)
        choice.addWidget(self.priority_box)
        choice.addStretch(1)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        info_host = QWidget()
        info_host.setLayout(info)
        choice_host = QWidget()
        choice_host.setLayout(choice)
        self._body.addWidget(info_host)
        self._body.addWidget(choice_host)
        self.content_layout.addLayout(self._body, 1)
        self._portrait = True
        self._place_kinds()

    def _chooser(self, kind: str) -> Any:
        return lambda: self.queue_chosen.emit(kind)

    def _place_kinds(self) -> None:
        for button in self.kind_buttons.values():
            self._grid.removeWidget(button)
        cols = 2
        for i, kind in enumerate(PRIORITY_KINDS):
            self._grid.addWidget(self.kind_buttons[kind], i // cols, i % cols)

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._portrait = portrait
        # Portrait: the queue choice takes what it needs, the requirements the rest.
        orient_pair(self._body, portrait, (1, 0), (1, 1))
        self._place_kinds()

    @property
    def service(self) -> Any:
        return self._service

    def show_service(self, service: Any) -> None:
        self._service = service
        self.retranslate_ui()
        self.scroll_area.verticalScrollBar().setValue(0)

    def reset(self) -> None:
        self._service = None

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        tr = self.tr_
        self.bring_heading.setText(t("confirm_bring"))
        self.card_button.setText(t("confirm_card"))
        self.hint.setText(t("confirm_hint"))
        self.priority_title.setText(t("confirm_priority_title"))
        self.priority_explain.setText(t("confirm_priority_explain"))
        for kind, button in self.kind_buttons.items():
            button.setText(t(f"priority_{kind}"))
        s = self._service
        if s is None:
            return
        priority = bool(getattr(s, "priority_allowed", False))
        self.regular_button.setText(t("confirm_print_regular" if priority else "confirm_print"))
        self.priority_box.setVisible(priority)
        self.title.setText(tr.pick(s.name_id, s.name_en))
        self.agency.setText(tr.pick(s.agency_name_id, s.agency_name_en))
        self.status.setText(texts.open_status_line(tr, s, getattr(self.shell, "zone", None)))
        self.status.setProperty("state", "open")
        repolish(self.status)
        requirements = tr.pick_seq(s.requirements_id, s.requirements_en)
        self.requirements.setText(bullet_html(requirements, t("none_listed"), self.metrics.px(34)))
        time_text = texts.sop_text(tr, s.sop_working_days, s.sop_minutes)
        self.facts.setText(
            f"{t('card_fee')}: {texts.fee_text(tr, s.fee)}  \u00b7  {t('card_time')}: {time_text}"
        )
