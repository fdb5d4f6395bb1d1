"""The complaint's first step, "Tentang apa?": scan the ticket or receipt (the scanner works on
every screen), or choose a counter, a service (the ticket flow's agency and service screens,
without the queue's badges), or "umum / fasilitas".

Privacy: what the complaint is about is shown as the counter and the service only; the officer
who served the visit is known to the service layer and never on screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QWidget

from kiosk.flows.complaint import Target
from kiosk.ui.i18n import Translator
from kiosk.ui.kiosk.base import Screen, Shell
from kiosk.ui.kiosk.ticket_choose import AgenciesScreen, ServicesScreen
from kiosk.ui.widgets.common import ChoiceButton, IconLabel, Pager, make_label


def target_text(tr: Translator, target: Target | None) -> str:
    """ "Loket 5 · Izin Reklame" / "Tiket A-012 · KTP-el" / "Umum / fasilitas MPP"."""
    if target is None:
        return ""
    if target.kind == "general":
        return tr.t("complaint_about_general")
    parts: list[str] = []
    if target.ticket_number:
        parts.append(tr.t("complaint_about_ticket", number=target.ticket_number))
    if target.counter_number is not None:
        name = tr.pick(target.counter_name_id, target.counter_name_en)
        parts.append(name or tr.t("complaint_counter_n", number=target.counter_number))
    service = tr.pick(target.service_name_id, target.service_name_en)
    if service:
        parts.append(service)
    if not parts and target.kind == "visit":
        parts.append(tr.t("complaint_about_visit"))
    return "  \u00b7  ".join(parts)


class ComplaintStep(Screen):
    """A step of the unfinished complaint: its title, a hint, and the "Tentang: ..." line."""

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._target: Target | None = None
        self.title = make_label("", "screenTitle")
        self.about = make_label("", "complaintAbout")
        self.about.hide()
        self.content_layout.addWidget(self.title)
        self.content_layout.addWidget(self.about)

    def show_target(self, target: Target | None) -> None:
        self._target = target
        self._show_about()

    def _show_about(self) -> None:
        text = target_text(self.tr_, self._target)
        self.about.setText(self.tr_.t("complaint_about_line", about=text) if text else "")
        self.about.setVisible(bool(text))

    def reset(self) -> None:
        self._target = None
        self._show_about()

    def retranslate_ui(self) -> None:
        self._show_about()

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)


class ComplaintAboutScreen(Screen):
    """ "Tentang apa?": the scan hint, then a counter, a service or the building.

    Signals:
        counters_requested(), services_requested(), general_requested()
    """

    name = "complaint_about"
    counters_requested = Signal()
    services_requested = Signal()
    general_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.title = make_label("", "screenTitle")
        self.intro = make_label("", "screenHint")
        self.scan_icon = IconLabel("scan", 150, self.metrics)
        self.scan_title = make_label("", "bigMessage")
        self.scan_hint = make_label("", "messageBody")
        scan_text = QWidget()
        scan_box = QBoxLayout(QBoxLayout.Direction.TopToBottom, scan_text)
        scan_box.setContentsMargins(0, 0, 0, 0)
        scan_box.setSpacing(8)
        scan_box.addWidget(self.scan_title)
        scan_box.addWidget(self.scan_hint)
        scan_row = QHBoxLayout()
        scan_row.setSpacing(32)
        scan_row.addWidget(self.scan_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        scan_row.addWidget(scan_text, 1)
        self.or_label = make_label("", "sectionTitle")
        self.counter_button = ChoiceButton("building", self.metrics, icon_px=96)
        self.service_button = ChoiceButton("search", self.metrics, icon_px=96)
        self.general_button = ChoiceButton("home", self.metrics, icon_px=96)
        self.counter_button.clicked.connect(self.counters_requested.emit)
        self.service_button.clicked.connect(self.services_requested.emit)
        self.general_button.clicked.connect(self.general_requested.emit)
        self._choices = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._choices.setSpacing(24)
        for button in (self.counter_button, self.service_button, self.general_button):
            self._choices.addWidget(button, 1)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addStretch(1)
        layout.addLayout(scan_row)
        layout.addStretch(1)
        layout.addWidget(self.or_label)
        layout.addLayout(self._choices, 4)

    @property
    def buttons(self) -> tuple[ChoiceButton, ...]:
        return (self.counter_button, self.service_button, self.general_button)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("complaint_about_title"))
        self.intro.setText(t("complaint_about_intro"))
        self.scan_title.setText(t("complaint_scan_title"))
        self.scan_hint.setText(t("complaint_scan_hint"))
        self.or_label.setText(t("complaint_or_choose"))
        self.counter_button.set_texts(t("complaint_pick_counter"), t("complaint_pick_counter_sub"))
        self.service_button.set_texts(t("complaint_pick_service"), t("complaint_pick_service_sub"))
        self.general_button.set_texts(t("complaint_pick_general"), t("complaint_pick_general_sub"))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._choices.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        for button in self.buttons:
            button.set_vertical(not portrait)
            button.icon_label.set_design_px(96 if portrait else 80)
        self.scan_icon.set_design_px(150 if portrait else 110)


class ComplaintCountersScreen(Screen):
    """Every counter as a big tile ("Loket 5" / its agency), paged.

    Signals:
        counter_chosen(int): the counter's number.
    """

    name = "complaint_counters"
    counter_chosen = Signal(int)

    # Portrait 3x8, landscape 5x4: the sample catalogue's 31 counters on two pages.
    PAGE = {True: (3, 8), False: (5, 4)}

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._counters: list[Any] = []
        self._portrait = True
        self.title = make_label("", "screenTitle")
        self.hint = make_label("", "screenHint")
        self.empty = make_label("", "emptyText", align=Qt.AlignmentFlag.AlignCenter)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        self.tiles: list[ChoiceButton] = []
        for _ in range(max(c * r for c, r in self.PAGE.values())):
            tile = ChoiceButton("building", self.metrics, object_name="tile", icon_px=56)
            tile.set_margins(20, 8)
            tile.clicked.connect(self._tile_clicked)
            self.tiles.append(tile)
        self.pager = Pager(self.metrics)
        self.pager.page_changed.connect(lambda _page: self._fill())
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.grid_host, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.pager)
        self.empty.hide()
        self._place()

    def set_counters(self, counters: list[Any]) -> None:
        self._counters = list(counters)
        self.pager.set_pages(self._pages(), 0)
        self._fill()

    def counter(self, number: int) -> Any:
        return next((c for c in self._counters if c.number == number), None)

    def _per_page(self) -> int:
        cols, rows = self.PAGE[self._portrait]
        return cols * rows

    def _pages(self) -> int:
        return max(1, -(-len(self._counters) // self._per_page()))

    def _place(self) -> None:
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()
        cols, rows = self.PAGE[self._portrait]
        for i in range(cols * rows):
            self.grid.addWidget(self.tiles[i], i // cols, i % cols)
        for r in range(max(r for _, r in self.PAGE.values())):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(max(c for c, _ in self.PAGE.values())):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)

    def _tile_clicked(self) -> None:
        tile = self.sender()
        number = tile.property("counter_number") if tile is not None else None
        if number:
            self.counter_chosen.emit(int(number))

    def _fill(self) -> None:
        per = self._per_page()
        start = self.pager.page * per
        shown = self._counters[start : start + per]
        for i, tile in enumerate(self.tiles):
            if i < len(shown):
                counter = shown[i]
                title, sub = counter_label(self.tr_, counter)
                tile.setProperty("counter_number", counter.number)
                tile.set_texts(title, sub)
                tile.setVisible(True)
            else:
                tile.setProperty("counter_number", None)
                tile.setVisible(False)
        self.grid_host.setVisible(bool(self._counters))
        self.empty.setVisible(not self._counters)

    def reset(self) -> None:
        self.pager.set_pages(self._pages(), 0)
        self._fill()

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("complaint_counters_title"))
        self.hint.setText(t("complaint_counters_hint"))
        self.empty.setText(t("complaint_counters_empty"))
        self.pager.set_texts(t("prev_page"), t("next_page"), t("page_of"))
        self._fill()

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._portrait = portrait
        self.hint.setVisible(portrait)
        self._place()
        self.pager.set_pages(self._pages(), 0)
        for tile in self.tiles:
            tile.set_vertical(False)
        self._fill()


def counter_label(tr: Translator, counter: Any) -> tuple[str, str]:
    """ "Loket 5 - DPMPTSP Perizinan" -> ("Loket 5", "DPMPTSP Perizinan")."""
    name = tr.pick(counter.name_id, counter.name_en)
    head, sep, rest = name.partition(" - ")
    if sep:
        return head, rest
    return tr.t("complaint_counter_n", number=counter.number), name


class ComplaintAgenciesScreen(AgenciesScreen):
    """The ticket flow's agency tiles: which agency's service is the complaint about."""

    name = "complaint_agencies"

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.title.setText(self.tr_.t("complaint_agencies_title"))


class ComplaintServicesScreen(ServicesScreen):
    """The ticket flow's service list, without what only matters for a queue (open/closed,
    waiting, fee): a complaint may be about a service that is closed now."""

    name = "complaint_services"

    def _fill(self) -> None:
        super()._fill()
        for row in self.rows:
            if not row.service_code:
                continue
            row.badge.hide()
            service = next((s for s in self._shown if s.code == row.service_code), None)
            agency = (
                self.tr_.pick(service.agency_name_id, service.agency_name_en)
                if service is not None and self._agency is None
                else ""
            )
            row.detail.setText(agency)
            row.detail.setVisible(bool(agency) and row.density != "compact")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.hint.setText(self.tr_.t("complaint_services_hint"))
