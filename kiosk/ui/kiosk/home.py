"""The home (attract) screen: the popular services, three big choices, a row of smaller ones
for the citizen's voice (the satisfaction survey; the complaint form joins it), and a hint that
the scanner works anytime; while no service is open, a notice saying when the MPP opens again."""

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
    Permohonan / Piagam Zona Integritas, then the secondary row: Survei Kepuasan and Pengaduan /
    Teguran.

    The secondary row holds the after-the-visit choices side by side (``add_secondary``), so the
    three big choices keep their size. Every button
    leads somewhere: the survey's is hidden while a site has no questionnaire open (a button
    that leads nowhere is worse than none).

    Signals:
        ticket_requested(), scan_requested(), charter_requested(), survey_requested(),
        complaint_requested()
        popular_chosen(str): the code of a popular service's tile.
    """

    name = "home"
    show_back = False
    show_home = False

    ticket_requested = Signal()
    scan_requested = Signal()
    charter_requested = Signal()
    survey_requested = Signal()
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
        self.secondary = QWidget()
        self._secondary_row = QHBoxLayout(self.secondary)
        self._secondary_row.setContentsMargins(0, 0, 0, 0)
        self._secondary_row.setSpacing(24)
        self.secondary_buttons: list[ChoiceButton] = []
        self.survey_button = ChoiceButton("survey", self.metrics, object_name="choiceSecondary",
                                          icon_px=72)  # fmt: skip
        self.survey_button.clicked.connect(self.survey_requested.emit)
        self.add_secondary(self.survey_button)
        self.complaint_button = ChoiceButton("feedback", self.metrics,
                                             object_name="choiceSecondary", icon_px=72)  # fmt: skip
        self.complaint_button.clicked.connect(self.complaint_requested.emit)
        self.add_secondary(self.complaint_button)
        hint_row = QHBoxLayout()
        hint_row.setSpacing(20)
        self._hint_row = hint_row
        self.hint_icon = IconLabel("scan", 56, self.metrics, "#4a5568")
        self.hint = make_label("", "homeHint")
        hint_row.addWidget(self.hint_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        hint_row.addWidget(self.hint, 1)
        self.content_layout.addWidget(self.welcome)
        self.content_layout.addWidget(self.closed_notice)
        self.content_layout.addWidget(self.popular_title)
        self.content_layout.addWidget(self.popular_host, 2)
        self.content_layout.addWidget(self.choices, 3)
        self.content_layout.addWidget(self.secondary)  # landscape: beside the hint
        self.content_layout.addLayout(hint_row)
        self._portrait = True
        self._place_tiles()
        self._fill()

    # --- the secondary row ----------------------------------------------------------------

    def _secondary_texts(self) -> None:
        """Landscape shares the hint's line with the secondary row: titles only there, so the
        row stays one line high and the three big choices keep their room."""
        t = self.tr_.t
        short = not self._portrait
        self.survey_button.set_texts(t("home_survey"), "" if short else t("home_survey_sub"))
        self.complaint_button.set_texts(
            t("home_complaint"), "" if short else t("home_complaint_sub")
        )

    def add_secondary(self, button: ChoiceButton) -> None:
        """One more choice in the secondary row (equal widths, icon beside the words)."""
        button.set_vertical(False)
        button.set_margins(28, 10)
        self.secondary_buttons.append(button)
        self._secondary_row.addWidget(button, 1)

    def set_survey_available(self, available: bool) -> None:
        """Shown while at least one questionnaire is open (kiosk.services.survey)."""
        self.survey_button.setVisible(available)
        self.secondary.setVisible(any(not b.isHidden() for b in self.secondary_buttons))

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
        self._secondary_texts()
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
        # Landscape has no height to spare for a row of its own: the secondary choices share
        # the scanner hint's line (half of it each), and the three big ones keep their size.
        self.content_layout.removeWidget(self.secondary)
        self._hint_row.removeWidget(self.secondary)
        if portrait:
            at = self.content_layout.indexOf(self.choices) + 1
            self.content_layout.insertWidget(at, self.secondary)
        else:
            self._hint_row.addWidget(self.secondary, 1)
        for button in (self.ticket_button, self.scan_button, self.charter_button):
            button.set_vertical(not portrait)
            button.icon_label.set_design_px(120 if portrait else 88)
        for tile in self.popular_tiles:
            tile.set_vertical(False)
        for button in self.secondary_buttons:
            button.icon_label.set_design_px(72 if portrait else 60)
        self._secondary_texts()
