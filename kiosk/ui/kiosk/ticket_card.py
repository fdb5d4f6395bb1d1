"""The service card: the six published service standards (UU 25/2009 Pasal 21) and today's
status; a refused service (closed, holiday, quota) says why here."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.base import (
    Screen,
    Shell,
    repolish,
    touch_scroll,
)
from kiosk.ui.widgets.common import (
    IconLabel,
    TouchButton,
    make_label,
)

# --- service card --------------------------------------------------------------------------


def bullet_html(items: tuple[str, ...] | list[str], empty: str, indent_px: int = 34) -> str:
    """A bullet list with a hanging indent (wrapped lines align with the text, not the dot)."""
    if not items:
        return html.escape(empty)
    rows = "".join(
        f"<tr><td width='{indent_px}' valign='top'>\u2022</td><td>{html.escape(item)}</td></tr>"
        for item in items
    )
    return f"<table cellspacing='0' cellpadding='3'>{rows}</table>"


class CardSection(QWidget):
    """One of the six published service-standard fields: a heading and its text."""

    def __init__(self, icon: str, metrics: Any) -> None:
        super().__init__()
        self.heading = make_label("", "cardHeading")
        self.body = make_label("", "cardBody")
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        if icon == "charter":  # the requirements list is rich text (bullets, hanging indent)
            self.body.setTextFormat(Qt.TextFormat.RichText)
        self.icon = IconLabel(icon, 44, metrics, "#0b3d91")
        head = QHBoxLayout()
        head.setSpacing(14)
        head.addWidget(self.icon)
        head.addWidget(self.heading, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(head)
        layout.addWidget(self.body)


class ServiceCardScreen(Screen):
    """The six published fields (UU 25/2009 Pasal 21), today's status and "Ambil Antrian".

    A closed service, a holiday or a reached quota says so with the opening hours, and there
    is no take button (the way on is "Kembali" to choose another service).

    Signals:
        take_requested(): the citizen wants a ticket for this service.
    """

    name = "card"
    take_requested = Signal()

    SECTIONS = (
        ("requirements", "card_requirements", "charter"),
        ("procedure", "card_procedure", "next"),
        ("time", "card_time", "clock"),
        ("fee", "card_fee", "finance"),
        ("product", "card_product", "check"),
        ("complaints", "card_complaints", "feedback"),
    )

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._service: Any = None
        self.title = make_label("", "screenTitle")
        self.agency = make_label("", "screenHint")
        self.status = make_label("", "banner")
        self.sections: dict[str, CardSection] = {}
        self.sheet = QFrame()
        self.sheet.setObjectName("sheet")
        self._sheet_grid = QGridLayout(self.sheet)
        self._sheet_grid.setContentsMargins(40, 32, 40, 32)
        self._sheet_grid.setHorizontalSpacing(48)
        self._sheet_grid.setVerticalSpacing(28)
        for key, _label, icon in self.SECTIONS:
            self.sections[key] = CardSection(icon, self.metrics)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("cardScroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setWidget(self.sheet)
        touch_scroll(self.scroll_area)
        self.take_button = TouchButton("", "primaryBig", self.metrics, icon="ticket", icon_px=64)
        self.take_button.clicked.connect(self.take_requested.emit)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addWidget(self.agency)
        layout.addWidget(self.status)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.take_button)
        self._portrait = True
        self._place_sections()

    def _place_sections(self) -> None:
        for section in self.sections.values():
            self._sheet_grid.removeWidget(section)
        keys = [k for k, _, _ in self.SECTIONS]
        if self._portrait:
            for i, key in enumerate(keys):
                self._sheet_grid.addWidget(self.sections[key], i, 0)
            self._sheet_grid.setColumnStretch(1, 0)
        else:
            # Requirements are the longest: left column alone; the five short ones on the right.
            self._sheet_grid.addWidget(self.sections["requirements"], 0, 0, 3, 1)
            self._sheet_grid.addWidget(self.sections["procedure"], 3, 0, 3, 1)
            for i, key in enumerate(keys[2:]):
                self._sheet_grid.addWidget(self.sections[key], i, 1)
            self._sheet_grid.setColumnStretch(1, 1)
        self._sheet_grid.setColumnStretch(0, 1)
        self._sheet_grid.setRowStretch(6, 1)

    def show_service(self, service: Any) -> None:
        self._service = service
        self.retranslate_ui()
        self.scroll_area.verticalScrollBar().setValue(0)

    @property
    def service(self) -> Any:
        return self._service

    def reset(self) -> None:
        self._service = None

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.take_button.setText(t("card_take"))
        for key, label, _icon in self.SECTIONS:
            self.sections[key].heading.setText(t(label))
        s = self._service
        if s is None:
            return
        tr = self.tr_
        self.title.setText(tr.pick(s.name_id, s.name_en))
        self.agency.setText(tr.pick(s.agency_name_id, s.agency_name_en))
        requirements = tr.pick_seq(s.requirements_id, s.requirements_en)
        self.sections["requirements"].body.setText(
            bullet_html(requirements, t("none_listed"), self.metrics.px(34))
        )
        self.sections["procedure"].body.setText(tr.pick(s.procedure_id, s.procedure_en))
        self.sections["time"].body.setText(texts.sop_text(tr, s.sop_working_days, s.sop_minutes))
        fee = texts.fee_text(tr, s.fee)
        note = tr.pick(s.fee_note_id, s.fee_note_en)
        self.sections["fee"].body.setText(f"{fee}\n{note}" if note else fee)
        self.sections["product"].body.setText(tr.pick(s.product_id, s.product_en))
        self.sections["complaints"].body.setText(tr.pick(s.complaints_id, s.complaints_en))
        if s.refusal:
            lines = texts.refusal_lines(tr, s, s.refusal, self.shell_zone(), self.shell_now())
            self.status.setText("\n".join(lines))
            self.status.setProperty("state", "closed")
            self.take_button.hide()
        else:
            self.status.setText(texts.open_status_line(tr, s, self.shell_zone()))
            self.status.setProperty("state", "open")
            self.take_button.show()
        repolish(self.status)

    def shell_zone(self) -> Any:
        return getattr(self.shell, "zone", None)

    def shell_now(self) -> Any:
        ctx = getattr(self.shell, "ctx", None)
        return ctx.now() if ctx is not None else None

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._portrait = portrait
        self._place_sections()
