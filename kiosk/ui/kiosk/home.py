"""The home (attract) screen: the popular services, three big choices, and a hint that the
scanner works anytime; while no service is open, a notice saying when the MPP opens again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QHBoxLayout, QWidget

from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.base import Screen, Shell
from kiosk.ui.widgets.common import ChoiceButton, IconLabel, make_label

POPULAR_TILES = 4


class HomeScreen(Screen):
    """ "Layanan terpopuler" (one tap to the confirm screen), then Ambil Antrian / Cek Progres
    Permohonan / Piagam Zona Integritas, and below them a row of smaller choices for what fewer
    citizens come for (Pengaduan / Teguran; room for the survey beside it).

    Signals:
        ticket_requested(), scan_requested(), charter_requested(), complaint_requested()
        popular_chosen(str): the code of a popular service's tile.
    """

    name = "home"
    show_back = False
    show_home = False

    ticket_requested = Signal()
    scan_requested = Signal()
    charter_requested = Signal()
    complaint_requested = Signal()
    popular_chosen = Signal(str)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._opening: Any = None
        self._checked_at: datetime | None = None
        # "MPP sedang tutup. Buka kembali Senin, 08.00.": shown only while no service is open.
        self.closed_notice = make_label("", "homeClosed")
        self.closed_notice.hide()
        self._popular: list[Any] = []
        self.welcome = make_label("", "homeWelcome")
        self.popular_title = make_label("", "sectionTitle")
        self.popular_host = QWidget()
        self._popular_grid = QGridLayout(self.popular_host)
        self._popular_grid.setContentsMargins(0, 0, 0, 0)
        self._popular_grid.setSpacing(20)
        self.popular_tiles: list[ChoiceButton] = []
        for _ in range(POPULAR_TILES):
            tile = ChoiceButton("ticket", self.metrics, object_name="popularTile", icon_px=56)
            tile.clicked.connect(self._tile_clicked)
            tile.set_margins(24, 12)
            tile.hide()
            self.popular_tiles.append(tile)
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
        self._choice_box.setSpacing(24)
        for button in (self.ticket_button, self.scan_button, self.charter_button):
            self._choice_box.addWidget(button, 1)
        # The smaller choices: one row in both orientations, each button as wide as its share.
        self.more_choices = QWidget()
        self._more_box = QHBoxLayout(self.more_choices)
        self._more_box.setContentsMargins(0, 0, 0, 0)
        self._more_box.setSpacing(24)
        self.complaint_button = ChoiceButton("feedback", self.metrics, icon_px=72)
        self.complaint_button.set_margins(28, 8)
        self.complaint_button.clicked.connect(self.complaint_requested.emit)
        self._more_box.addWidget(self.complaint_button, 1)
        hint_row = QHBoxLayout()
        hint_row.setSpacing(20)
        self.hint_icon = IconLabel("scan", 56, self.metrics, "#4a5568")
        self.hint = make_label("", "homeHint")
        hint_row.addWidget(self.hint_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        hint_row.addWidget(self.hint, 1)
        self.content_layout.addWidget(self.welcome)
        self.content_layout.addWidget(self.closed_notice)
        self.content_layout.addWidget(self.popular_title)
        self.content_layout.addWidget(self.popular_host, 2)
        self.content_layout.addWidget(self.choices, 3)
        self.content_layout.addWidget(self.more_choices, 0)
        self.content_layout.addLayout(hint_row)
        self._portrait = True
        self._place_tiles()
        self._fill()

    # --- the popular row ------------------------------------------------------------------

    def set_popular(self, services: list[Any]) -> None:
        """The service views of the popular row (best first); none hides the row."""
        self._popular = list(services)[:POPULAR_TILES]
        self._fill()

    @property
    def popular(self) -> list[Any]:
        return list(self._popular)

    def _tile_clicked(self) -> None:
        tile = self.sender()
        code = tile.property("service_code") if tile is not None else None
        if code:
            self.popular_chosen.emit(str(code))

    def _place_tiles(self) -> None:
        for tile in self.popular_tiles:
            self._popular_grid.removeWidget(tile)
        cols = 2 if self._portrait else POPULAR_TILES
        for i, tile in enumerate(self.popular_tiles):
            self._popular_grid.addWidget(tile, i // cols, i % cols)

    def _fill(self) -> None:
        tr = self.tr_
        for i, tile in enumerate(self.popular_tiles):
            if i >= len(self._popular):
                tile.setProperty("service_code", None)
                tile.hide()
                continue
            service = self._popular[i]
            tile.setProperty("service_code", service.code)
            if service.refusal:
                sub = tr.t(texts.BADGE_KEYS.get(service.refusal, "badge_closed"))
            else:
                sub = texts.waiting_text(tr, service.waiting)
            tile.set_texts(tr.pick(service.name_id, service.name_en), sub)
            tile.show()
        has_any = bool(self._popular)
        self.popular_title.setVisible(has_any)
        self.popular_host.setVisible(has_any)

    # --- hooks ----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.welcome.setText(t("home_welcome"))
        self.popular_title.setText(t("home_popular"))
        self.ticket_button.set_texts(t("home_ticket"), t("home_ticket_sub"))
        self.scan_button.set_texts(t("home_scan"), t("home_scan_sub"))
        self.charter_button.set_texts(t("home_charter"), t("home_charter_sub"))
        self.complaint_button.set_texts(t("home_complaint"), t("home_complaint_sub"))
        self.hint.setText(t("home_scan_hint"))
        self._fill()
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
        self._portrait = portrait
        self._place_tiles()
        self._choice_box.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        # Landscape has little height: the popular row's title greets instead, and the three
        # choices (icon above the text) get smaller icons so two-line titles fit.
        self.welcome.setVisible(portrait)
        for button in (self.ticket_button, self.scan_button, self.charter_button):
            button.set_vertical(not portrait)
            button.icon_label.set_design_px(120 if portrait else 88)
        for tile in self.popular_tiles:
            tile.set_vertical(False)
        self.complaint_button.icon_label.set_design_px(72 if portrait else 56)
