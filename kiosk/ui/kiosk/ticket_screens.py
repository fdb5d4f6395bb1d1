"""Taking a ticket: agency tiles -> service list with search -> service card -> priority ->
confirm -> printing -> result (or the on-screen e-ticket when the printer fails).

Lists are paged, not scrolled: people who rarely use a touchscreen find a big "Berikutnya"
button easier than a flick. Widgets for tiles and rows are created once and refilled, so
a kiosk that serves thousands of citizens a day does not grow.
"""

from __future__ import annotations

import html
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QScroller,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.codes import format_code, is_valid_code
from kiosk.services import search
from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.base import Screen, Shell, TouchLineEdit, orient_pair
from kiosk.ui.widgets.common import (
    ChoiceButton,
    IconLabel,
    Pager,
    TouchButton,
    make_label,
)
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.qr import QrWidget
from kiosk.ui.widgets.spinner import Spinner

PRIORITY_KINDS = ("lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana")
PRIORITY_ICONS = {
    "lansia": "elderly",
    "disabilitas": "wheelchair",
    "ibu_hamil": "pregnant",
    "anak": "child",
    "korban_bencana": "disaster",
}


def scan_code(code: str) -> str:
    """The ticket code as printed and encoded in the slip's QR ("T-7K3M-9QXD-2HWA-F")."""
    return format_code(code) if is_valid_code(code) else code


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a dynamic property changed (QSS [state="..."])."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def touch_scroll(area: QScrollArea) -> None:
    """Let a finger drag the content (touch screens deliver drags as mouse moves)."""
    QScroller.grabGesture(area.viewport(), QScroller.ScrollerGestureType.LeftMouseButtonGesture)


# --- agencies ------------------------------------------------------------------------------


class AgenciesScreen(Screen):
    """Agency tiles with icons, 12 to a page, plus a way to search every service by name.

    Signals:
        agency_chosen(str): the agency code.
        search_requested(): search across all agencies.
    """

    name = "agencies"
    agency_chosen = Signal(str)
    search_requested = Signal()

    # portrait/landscape -> (columns, rows): room for agency names of up to four lines.
    PAGE = {True: (2, 5), False: (3, 3)}

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._agencies: list[Any] = []
        self._portrait = True
        self.title = make_label("", "screenTitle")
        self.hint = make_label("", "screenHint")
        self.search_button = TouchButton(
            "", "secondary", self.metrics, icon="search", icon_color="#0b3d91"
        )
        self.search_button.clicked.connect(self.search_requested.emit)
        self.empty = make_label("", "emptyText", align=Qt.AlignmentFlag.AlignCenter)
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(20)
        self.tiles: list[ChoiceButton] = []
        for _ in range(max(c * r for c, r in self.PAGE.values())):
            tile = ChoiceButton("building", self.metrics, object_name="tile", icon_px=72)
            tile.clicked.connect(self._tile_clicked)
            self.tiles.append(tile)
        self.pager = Pager(self.metrics)
        self.pager.page_changed.connect(lambda _page: self._fill())
        top = QHBoxLayout()
        top.setSpacing(24)
        titles = QVBoxLayout()
        titles.setSpacing(4)
        titles.addWidget(self.title)
        titles.addWidget(self.hint)
        top.addLayout(titles, 1)
        self._top = top
        self._search_row = QVBoxLayout()
        self._search_row.setContentsMargins(0, 0, 0, 0)
        layout = self.content_layout
        layout.addLayout(top)
        layout.addLayout(self._search_row)
        layout.addWidget(self.grid_host, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.pager)
        self.empty.hide()

    def set_agencies(self, agencies: list[Any]) -> None:
        """Agencies without any service are left out: a tile must lead somewhere."""
        self._agencies = [a for a in agencies if getattr(a, "service_count", 1) > 0]
        self.pager.set_pages(self._page_count(), 0)
        self._fill()

    def _per_page(self) -> int:
        cols, rows = self.PAGE[self._portrait]
        return cols * rows

    def _page_count(self) -> int:
        per = self._per_page()
        return max(1, (len(self._agencies) + per - 1) // per)

    def _tile_clicked(self) -> None:
        tile = self.sender()
        code = tile.property("agency_code") if tile is not None else None
        if code:
            self.agency_chosen.emit(str(code))

    def _place_tiles(self) -> None:
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

    def _fill(self) -> None:
        per = self._per_page()
        start = self.pager.page * per
        shown = self._agencies[start : start + per]
        for i, tile in enumerate(self.tiles):
            if i < len(shown):
                agency = shown[i]
                tile.setProperty("agency_code", agency.code)
                tile.icon_label.set_icon(agency.icon)
                # Landscape tiles are short: the name matters, the count can go.
                tile.set_texts(
                    self.tr_.pick(agency.name_id, agency.name_en),
                    self.tr_.t("agency_services", count=agency.service_count)
                    if self._portrait else "",
                )  # fmt: skip
                tile.setVisible(i < per)
            else:
                tile.setProperty("agency_code", None)
                # Keep the grid's shape on the last page: empty cells stay empty, not stretched.
                tile.setVisible(False)
        has_any = bool(self._agencies)
        self.grid_host.setVisible(has_any)
        self.empty.setVisible(not has_any)

    def reset(self) -> None:
        self.pager.set_pages(self._page_count(), 0)
        self._fill()

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("agencies_title"))
        self.hint.setText(t("agencies_hint"))
        self.search_button.setText(t("agencies_search"))
        self.empty.setText(t("agencies_empty"))
        self.pager.set_texts(t("prev_page"), t("next_page"), t("page_of"))
        self._fill()

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        # The search button sits under the title in portrait, beside it in landscape.
        self._top.removeWidget(self.search_button)
        self._search_row.removeWidget(self.search_button)
        if portrait:
            self._search_row.addWidget(self.search_button)
        else:
            self._top.addWidget(self.search_button, 0, Qt.AlignmentFlag.AlignVCenter)
        self.hint.setVisible(portrait)
        page_item = self.pager.page * self._per_page()
        self._portrait = portrait
        self._place_tiles()
        self.pager.set_pages(self._page_count(), page_item // self._per_page())
        self._fill()
        for tile in self.tiles:
            tile.set_vertical(False)
            tile.set_margins(24, 16 if portrait else 8)


# --- services ------------------------------------------------------------------------------


class ServiceRow(QPushButton):
    """One service in the list: its name, a status badge and how many people wait."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("serviceRow")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.title = make_label("", "rowTitle")
        self.detail = make_label("", "rowDetail")
        self.badge = make_label("", "badge", wrap=False, align=Qt.AlignmentFlag.AlignCenter)
        for label in (self.title, self.detail, self.badge):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        texts_box = QVBoxLayout()
        texts_box.setSpacing(2)
        texts_box.addStretch(1)
        texts_box.addWidget(self.title)
        texts_box.addWidget(self.detail)
        texts_box.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 12, 24, 12)
        row.setSpacing(20)
        row.addLayout(texts_box, 1)
        row.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.service_code = ""

    def show_service(self, tr: Any, service: Any, show_agency: bool) -> None:
        self.service_code = service.code
        name = tr.pick(service.name_id, service.name_en)
        self.title.setText(name)
        self.setAccessibleName(name)
        reason = service.refusal
        if reason:
            self.badge.setText(tr.t(texts.BADGE_KEYS.get(reason, "badge_closed")))
            self.badge.setProperty("state", "closed")
        else:
            self.badge.setText(tr.t("badge_open"))
            self.badge.setProperty("state", "open")
        repolish(self.badge)
        parts = []
        if show_agency:
            parts.append(tr.pick(service.agency_name_id, service.agency_name_en))
        if not reason:
            parts.append(texts.waiting_text(tr, service.waiting))
        parts.append(f"{tr.t('card_fee')}: {texts.fee_text(tr, service.fee)}")
        self.detail.setText("  \u00b7  ".join(parts))


class ServicesScreen(Screen):
    """The services of one agency (or of all, when searching), with type-to-search.

    Signals:
        service_chosen(str): the service code.
    """

    name = "services"
    service_chosen = Signal(str)

    # (columns, rows) for portrait/landscape, without and with the keyboard on screen.
    PAGE = {
        (True, False): (1, 6),
        (True, True): (1, 3),
        (False, False): (2, 3),
        (False, True): (1, 3),
    }

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._all: list[Any] = []
        self._shown: list[Any] = []
        self._agency: Any = None
        self._portrait = True
        self._keyboard_on = False
        self.title = make_label("", "screenTitle")
        self.hint = make_label("", "screenHint")
        self.search = TouchLineEdit(max_length=40)
        self.search.setObjectName("searchField")
        self.search.tapped.connect(lambda: self.show_keyboard(True))
        self.search.textChanged.connect(self._on_query)
        self.search_icon = IconLabel("search", 52, self.metrics, "#0b3d91")
        self.clear_button = TouchButton("", "secondary", self.metrics)
        self.clear_button.clicked.connect(self.search.clear)
        search_row = QHBoxLayout()
        search_row.setSpacing(16)
        search_row.addWidget(self.search_icon)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.clear_button)
        self.rows: list[ServiceRow] = []
        for _ in range(max(c * r for c, r in self.PAGE.values())):
            row = ServiceRow()
            row.clicked.connect(self._row_clicked)
            self.rows.append(row)
        self.list_host = QWidget()
        self.grid = QGridLayout(self.list_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        self.empty = make_label("", "emptyText", align=Qt.AlignmentFlag.AlignCenter)
        self.pager = Pager(self.metrics)
        self.pager.page_changed.connect(lambda _page: self._fill())
        self.keyboard = OnScreenKeyboard()
        self.keyboard.set_target(self.search)
        self.keyboard.done_requested.connect(lambda: self.show_keyboard(False))
        list_column = QVBoxLayout()
        list_column.setSpacing(16)
        list_column.addWidget(self.list_host, 1)
        list_column.addWidget(self.empty, 1)
        list_column.addWidget(self.pager)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addLayout(list_column, 3)
        self._body.addWidget(self.keyboard, 2)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(search_row)
        layout.addLayout(self._body, 1)
        self.keyboard.hide()
        self.empty.hide()

    # data ---------------------------------------------------------------------------------
    def set_context(self, agency: Any) -> None:
        """`agency` is an AgencyView, or None for a search over every agency."""
        self._agency = agency
        self._all = []
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.retranslate_ui()

    def set_services(self, services: list[Any]) -> None:
        self._all = list(services)
        self._apply_filter(reset_page=True)

    @property
    def shown_services(self) -> list[Any]:
        return list(self._shown)

    def _on_query(self, _text: str) -> None:
        self._apply_filter(reset_page=True)

    def _apply_filter(self, reset_page: bool) -> None:
        query = self.search.text()
        # The same ranking as `mpp-kiosk catalog search`: word starts and aliases, then typos.
        self._shown = search.rank_services(self._all, query)
        page = 0 if reset_page else self.pager.page
        self.pager.set_pages(self._page_count(), page)
        self._fill()

    def _per_page(self) -> int:
        cols, rows = self.PAGE[(self._portrait, self._keyboard_on)]
        return cols * rows

    def _page_count(self) -> int:
        per = self._per_page()
        return max(1, (len(self._shown) + per - 1) // per)

    def _row_clicked(self) -> None:
        row = self.sender()
        if isinstance(row, ServiceRow) and row.service_code:
            self.service_chosen.emit(row.service_code)

    def _place_rows(self) -> None:
        for row in self.rows:
            self.grid.removeWidget(row)
            row.hide()
        cols, rows = self.PAGE[(self._portrait, self._keyboard_on)]
        for i in range(cols * rows):
            self.grid.addWidget(self.rows[i], i // cols, i % cols)
        for r in range(len(self.rows)):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)

    def _fill(self) -> None:
        per = self._per_page()
        start = self.pager.page * per
        page = self._shown[start : start + per]
        for i, row in enumerate(self.rows):
            if i < len(page):
                row.show_service(self.tr_, page[i], show_agency=self._agency is None)
                row.setVisible(True)
            else:
                row.service_code = ""
                row.setVisible(False)
        nothing = not self._shown
        self.list_host.setVisible(not nothing)
        self.empty.setVisible(nothing)
        if nothing:
            query = self.search.text().strip()
            if query:
                self.empty.setText(
                    self.tr_.t("search_none", query=query) + "\n" + self.tr_.t("search_none_hint")
                )
            else:
                self.empty.setText(self.tr_.t("agencies_empty") if self._all == [] else "")
        self.clear_button.setVisible(bool(self.search.text()))

    # keyboard -------------------------------------------------------------------------------
    def show_keyboard(self, on: bool) -> None:
        if on == self._keyboard_on:
            return
        first_item = self.pager.page * self._per_page()
        self._keyboard_on = on
        self.keyboard.setVisible(on)
        self._place_rows()
        self.pager.set_pages(self._page_count(), first_item // self._per_page())
        self._fill()

    # hooks ----------------------------------------------------------------------------------
    def reset(self) -> None:
        self._all = []
        self._shown = []
        self._agency = None
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._keyboard_on = True  # force show_keyboard to re-place the rows
        self.show_keyboard(False)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        if self._agency is None:
            self.title.setText(t("services_title_all"))
        else:
            self.title.setText(self.tr_.pick(self._agency.name_id, self._agency.name_en))
        self.hint.setText(t("services_hint"))
        self.search.setPlaceholderText(t("search_placeholder"))
        self.clear_button.setText(t("search_clear"))
        self.keyboard.set_texts(t("key_space"), t("key_backspace"), t("key_clear"), t("key_done"))
        self.pager.set_texts(t("prev_page"), t("next_page"), t("page_of"))
        self._fill()

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        first_item = self.pager.page * self._per_page()
        self._portrait = portrait
        orient_pair(self._body, portrait, (3, 2), (11, 9))
        self.hint.setVisible(portrait)
        self._place_rows()
        self.pager.set_pages(self._page_count(), first_item // self._per_page())
        self._fill()


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
            line = t("card_open_status", waiting=texts.waiting_text(tr, s.waiting))
            estimate = texts.estimate_text(tr, s.wait, self.shell_zone())
            if s.wait.kind == "no_counter_open":
                line += " " + t("card_no_counter", estimate=estimate)
            elif s.wait.kind == "minutes" and s.waiting > 0:
                line += " " + t("card_est_wait", duration=estimate)
            self.status.setText(line)
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


# --- priority ------------------------------------------------------------------------------


class PriorityScreen(Screen):
    """Regular queue, or one of the five kelompok rentan (UU 25/2009 Pasal 29).

    Signals:
        priority_chosen(str): "" for the regular queue, else a PRIORITY_KINDS code.
    """

    name = "priority"
    priority_chosen = Signal(str)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.title = make_label("", "screenTitle")
        self.hint = make_label("", "screenHint")
        self.regular = ChoiceButton("ticket", self.metrics, object_name="choicePrimary",
                                    icon_px=72, icon_color="#ffffff")  # fmt: skip
        self.regular.clicked.connect(lambda: self.priority_chosen.emit(""))
        self.kind_buttons: dict[str, ChoiceButton] = {}
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(20)
        for kind in PRIORITY_KINDS:
            button = ChoiceButton(PRIORITY_ICONS[kind], self.metrics, object_name="choicePriority",
                                  icon_px=64, icon_color="#7a4b00")  # fmt: skip
            button.clicked.connect(self._chooser(kind))
            self.kind_buttons[kind] = button
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.regular, 5)
        layout.addWidget(self.grid_host, 20)
        self.set_orientation(True)

    def _chooser(self, kind: str) -> Any:
        return lambda: self.priority_chosen.emit(kind)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("priority_title"))
        self.hint.setText(t("priority_hint"))
        self.regular.set_texts(t("priority_none"), "")
        for kind, button in self.kind_buttons.items():
            button.set_texts(t(f"priority_{kind}"), "")

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        for button in self.kind_buttons.values():
            self.grid.removeWidget(button)
        cols = 1 if portrait else 3
        for i, kind in enumerate(PRIORITY_KINDS):
            self.grid.addWidget(self.kind_buttons[kind], i // cols, i % cols)
            self.kind_buttons[kind].set_vertical(not portrait)


# --- confirm -------------------------------------------------------------------------------


class ConfirmScreen(Screen):
    """A last look before printing: service, agency, regular or priority.

    Signals:
        print_requested()
    """

    name = "confirm"
    print_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._service: Any = None
        self._priority: str | None = None
        self.title = make_label("", "screenTitle")
        sheet = QFrame()
        sheet.setObjectName("sheet")
        form = QGridLayout(sheet)
        form.setContentsMargins(48, 40, 48, 40)
        form.setHorizontalSpacing(40)
        form.setVerticalSpacing(32)
        self.labels = [make_label("", "formLabel") for _ in range(3)]
        self.values = [make_label("", "formValue") for _ in range(3)]
        for i, (label, value) in enumerate(zip(self.labels, self.values, strict=True)):
            form.addWidget(label, i, 0, Qt.AlignmentFlag.AlignTop)
            form.addWidget(value, i, 1)
        form.setColumnStretch(1, 1)
        self.print_button = TouchButton("", "primaryBig", self.metrics, icon="printer", icon_px=64)
        self.print_button.clicked.connect(self.print_requested.emit)
        self.icon = IconLabel("ticket", 200, self.metrics)
        self.hint = make_label("", "screenHint", align=Qt.AlignmentFlag.AlignCenter)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addStretch(1)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(24)
        layout.addWidget(sheet)
        layout.addSpacing(24)
        layout.addWidget(self.hint)
        layout.addWidget(self.print_button)
        layout.addStretch(2)

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self.icon.setVisible(portrait)  # landscape has no height to spare for the picture

    def show_choice(self, service: Any, priority: str | None) -> None:
        self._service = service
        self._priority = priority
        self.retranslate_ui()

    def reset(self) -> None:
        self._service = None
        self._priority = None

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("confirm_title"))
        self.print_button.setText(t("confirm_print"))
        self.hint.setText(t("confirm_hint"))
        for label, key in zip(
            self.labels, ("confirm_service", "confirm_agency", "confirm_queue"), strict=True
        ):
            label.setText(t(key))
        s = self._service
        if s is None:
            return
        self.values[0].setText(self.tr_.pick(s.name_id, s.name_en))
        self.values[1].setText(self.tr_.pick(s.agency_name_id, s.agency_name_en))
        if self._priority:
            kind = t(f"priority_{self._priority}")
            self.values[2].setText(t("confirm_priority", kind=kind))
        else:
            self.values[2].setText(t("confirm_regular"))


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


# --- result and e-ticket ------------------------------------------------------------------


class InfoTile(QFrame):
    """A labelled figure on the result screen: "Antrian di depan Anda / 5 orang"."""

    def __init__(self, icon: str, metrics: Any) -> None:
        super().__init__()
        self.setObjectName("infoTile")
        self.icon = IconLabel(icon, 56, metrics, "#0b3d91")
        self.label = make_label("", "infoLabel")
        self.value = make_label("", "infoValue")
        text_box = QVBoxLayout()
        text_box.setSpacing(2)
        text_box.addWidget(self.label)
        text_box.addWidget(self.value)
        row = QHBoxLayout(self)
        row.setContentsMargins(28, 20, 28, 20)
        row.setSpacing(20)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addLayout(text_box, 1)


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
