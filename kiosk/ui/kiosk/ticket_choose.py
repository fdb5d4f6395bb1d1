"""Choosing a service: agency tiles, then the service list with type-to-search.

Lists are paged, not scrolled: people who rarely use a touchscreen find a big "Berikutnya"
button easier than a flick. But every page turn is a tap, and any service must be at most four
taps from home (Ambil Antrian, agency, service, queue choice): so a list that does not fit the
roomy layout switches to a compact one (more columns, shorter rows, the detail line dropped)
before it pages. With the sample catalogue (23 agencies, at most 32 services in one) nothing
pages in either orientation. Widgets for tiles and rows are created once and refilled, so a
kiosk that serves thousands of citizens a day does not grow.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.services import search
from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.base import (
    Screen,
    Shell,
    TouchLineEdit,
    orient_pair,
    repolish,
)
from kiosk.ui.widgets.common import (
    ChoiceButton,
    IconLabel,
    Pager,
    TouchButton,
    make_label,
)
from kiosk.ui.widgets.keyboard import OnScreenKeyboard


def _set_shown(widget: QWidget, shown: bool) -> None:
    """Show or hide ``widget`` only when that changes: a tile shown again costs a relayout
    (about 0.4 ms each, and a list refills its 24 tiles several times a journey)."""
    if widget.isHidden() == shown:
        widget.setVisible(shown)


def _grid_shape(
    count: int, roomy: tuple[int, int], compact: tuple[int, int], tall_rows: int
) -> tuple[int, int, str]:
    """(columns, rows, density) for `count` items: the roomy grid while they fit, else the
    compact grid's columns with only as many rows as needed (never fewer than the roomy grid's,
    so a short list keeps tall rows). Density: "roomy"; "grid" (narrower cells, rows still at
    most `tall_rows`); "compact" (more, shorter rows)."""
    r_cols, r_rows = roomy
    if count <= r_cols * r_rows:
        return r_cols, r_rows, "roomy"
    c_cols, c_rows = compact
    rows = min(c_rows, max(r_rows, -(-count // c_cols)))
    return c_cols, rows, "compact" if rows > tall_rows else "grid"


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
    # The compact grid when there are more agencies than that: names of up to three lines.
    COMPACT = {True: (3, 8), False: (4, 6)}

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._agencies: list[Any] = []
        self._portrait = True
        self._placed: tuple[Any, ...] | None = None
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
        for _ in range(max(c * r for c, r in (*self.PAGE.values(), *self.COMPACT.values()))):
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
        self._place_tiles()
        self.pager.set_pages(self._page_count(), 0)
        self._fill()

    def _shape(self) -> tuple[int, int, bool]:
        """(columns, rows, compact) for the agencies at hand: narrower tiles are compact too."""
        roomy = self.PAGE[self._portrait]
        cols, rows, density = _grid_shape(
            len(self._agencies), roomy, self.COMPACT[self._portrait], roomy[1]
        )
        return cols, rows, density != "roomy"

    def _per_page(self) -> int:
        cols, rows, _compact = self._shape()
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
        placed = (self._shape(), self._portrait)
        if placed == self._placed:
            return  # the same grid: keep the tiles where they are (no hide and show again)
        self._placed = placed
        for tile in self.tiles:
            self.grid.removeWidget(tile)
            tile.hide()
        cols, rows, compact = self._shape()
        for i in range(cols * rows):
            self.grid.addWidget(self.tiles[i], i // cols, i % cols)
        for r in range(max(r for _, r in self.COMPACT.values())):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(max(c for c, _ in self.COMPACT.values())):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        self.grid.setSpacing(12 if compact else 20)
        for tile in self.tiles:
            tile.set_density(compact)
            tile.set_margins(16 if compact else 24, 6 if compact or not self._portrait else 16)

    def _fill(self) -> None:
        per = self._per_page()
        start = self.pager.page * per
        shown = self._agencies[start : start + per]
        compact = self._shape()[2]
        for i, tile in enumerate(self.tiles):
            if i < len(shown):
                agency = shown[i]
                tile.setProperty("agency_code", agency.code)
                tile.icon_label.set_icon(agency.icon)
                # Short tiles (landscape, compact): the name matters, the count can go.
                tile.set_texts(
                    self.tr_.pick(agency.name_id, agency.name_en),
                    self.tr_.t("agency_services", count=agency.service_count)
                    if self._portrait and not compact else "",
                )  # fmt: skip
                _set_shown(tile, i < per)
            else:
                tile.setProperty("agency_code", None)
                # Keep the grid's shape on the last page: empty cells stay empty, not stretched.
                _set_shown(tile, False)
        has_any = bool(self._agencies)
        _set_shown(self.grid_host, has_any)
        _set_shown(self.empty, not has_any)

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
        for tile in self.tiles:
            tile.set_vertical(False)
        self._fill()


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
        self._row_layout = row
        self.service_code = ""
        self.density = ""

    def set_density(self, density: str) -> None:
        """ "roomy" rows show everything; "grid" rows (narrow cells) leave out the "Buka" badge
        (a badge then means a refusal); "compact" rows (long lists) keep only the name and a
        refusal badge: waiting and fee are on the next screen anyway."""
        if density == self.density:
            return
        self.density = density
        self.setProperty("density", density)
        self.detail.setVisible(density != "compact")
        margins = {"roomy": (28, 12, 24, 12), "grid": (22, 10, 16, 10)}.get(density, (16, 1, 10, 1))
        self._row_layout.setContentsMargins(*margins)
        for widget in (self, self.title, self.detail, self.badge):
            repolish(widget)

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
        self.badge.setVisible(bool(reason) or self.density in ("", "roomy"))
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
    # A long list without the keyboard: two-line names only, the detail line dropped.
    COMPACT = {True: (2, 16), False: (4, 8)}

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._all: list[Any] = []
        self._shown: list[Any] = []
        self._agency: Any = None
        self._portrait = True
        self._keyboard_on = False
        self._placed: tuple[int, int, str] | None = None
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
        for _ in range(max(c * r for c, r in (*self.PAGE.values(), *self.COMPACT.values()))):
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
        self._place_rows()
        self.pager.set_pages(self._page_count(), page)
        self._fill()

    def _shape(self) -> tuple[int, int, str]:
        """(columns, rows, density) for the services shown; typing keeps the short list."""
        roomy = self.PAGE[(self._portrait, self._keyboard_on)]
        if self._keyboard_on:
            return roomy[0], roomy[1], "roomy"
        tall_rows = 8 if self._portrait else 4
        return _grid_shape(len(self._shown), roomy, self.COMPACT[self._portrait], tall_rows)

    def _per_page(self) -> int:
        cols, rows, _density = self._shape()
        return cols * rows

    def _page_count(self) -> int:
        per = self._per_page()
        return max(1, (len(self._shown) + per - 1) // per)

    def _row_clicked(self) -> None:
        row = self.sender()
        if isinstance(row, ServiceRow) and row.service_code:
            self.service_chosen.emit(row.service_code)

    def _place_rows(self) -> None:
        placed = self._shape()
        if placed == self._placed:
            return  # the same grid: keep the rows where they are
        self._placed = placed
        for row in self.rows:
            self.grid.removeWidget(row)
            row.hide()
        cols, rows, density = self._shape()
        for i in range(cols * rows):
            self.grid.addWidget(self.rows[i], i // cols, i % cols)
        for r in range(len(self.rows)):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(max(c for c, _ in self.COMPACT.values())):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)
        self.grid.setSpacing(6 if density == "compact" else 16)
        for row in self.rows:
            row.set_density(density)

    def _fill(self) -> None:
        per = self._per_page()
        start = self.pager.page * per
        page = self._shown[start : start + per]
        for i, row in enumerate(self.rows):
            if i < len(page):
                row.show_service(self.tr_, page[i], show_agency=self._agency is None)
                _set_shown(row, True)
            else:
                row.service_code = ""
                _set_shown(row, False)
        nothing = not self._shown
        _set_shown(self.list_host, not nothing)
        _set_shown(self.empty, nothing)
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
