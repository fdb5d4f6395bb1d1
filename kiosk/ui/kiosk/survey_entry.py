"""The survey's first steps: which questionnaire (only when a site opened more than one), scan
the ticket or receipt, or "Lewati" and choose the service by hand.

The scan ties the response to the visit (its service is filled in, and the visit answers only
once); the scanner works on these screens as everywhere, its burst goes to the survey here.
The hand-chosen service reuses the ticket journey's agency tiles and service list (the same
23 agencies on one page), without the queue's badges and waiting counts, plus "Lanjut tanpa
memilih layanan" for a citizen who does not know or does not want to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout

from kiosk.ui.i18n import translate
from kiosk.ui.kiosk.base import Screen, Shell
from kiosk.ui.kiosk.ticket_choose import AgenciesScreen, ServicesScreen
from kiosk.ui.widgets.common import ChoiceButton, IconLabel, TouchButton, make_label
from kiosk.ui.widgets.spinner import Spinner

__all__ = [
    "SurveyAgenciesScreen",
    "SurveyEntryScreen",
    "SurveyPickScreen",
    "SurveyServicesScreen",
]

#: The agency code of the "without a service" tile (never a catalogue code: not upper case).
NO_SERVICE = "-none-"
#: Questionnaires shown on the choice screen (a site that opens more asks too much anyway).
MAX_CHOICES = 4


class SurveyPickScreen(Screen):
    """One big card per open questionnaire: its title and introduction.

    Signals:
        chosen(str): the questionnaire's code.
    """

    name = "survey_pick"
    chosen = Signal(str)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._questionnaires: list[Any] = []
        self.title = make_label("", "screenTitle")
        self.hint = make_label("", "screenHint")
        self.cards: list[ChoiceButton] = []
        self._cards_box = QVBoxLayout()
        self._cards_box.setSpacing(24)
        for _ in range(MAX_CHOICES):
            card = ChoiceButton("survey", self.metrics, icon_px=96)
            card.clicked.connect(self._card_clicked)
            card.hide()
            self.cards.append(card)
            self._cards_box.addWidget(card)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(self._cards_box)
        layout.addStretch(1)

    def set_questionnaires(self, questionnaires: list[Any]) -> None:
        self._questionnaires = list(questionnaires)[:MAX_CHOICES]
        self.retranslate_ui()

    def _card_clicked(self) -> None:
        card = self.sender()
        code = card.property("questionnaire") if card is not None else None
        if code:
            self.chosen.emit(str(code))

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        lang = self.tr_.lang
        self.title.setText(t("survey_pick_title"))
        self.hint.setText(t("survey_pick_hint"))
        for i, card in enumerate(self.cards):
            if i < len(self._questionnaires):
                q = self._questionnaires[i]
                card.setProperty("questionnaire", q.code)
                card.set_texts(q.title(lang), q.intro(lang))
                card.show()
            else:
                card.setProperty("questionnaire", None)
                card.hide()

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        for card in self.cards:
            card.icon_label.set_design_px(96 if portrait else 80)


class SurveyEntryScreen(Screen):
    """ "Pindai tiket antrian atau tanda terima Anda", or "Lewati".

    Signals:
        skip_requested(): answer without scanning (choose the service by hand).
    """

    name = "survey_entry"
    skip_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._questionnaire: Any = None
        self.title = make_label("", "screenTitle")
        self.intro = make_label("", "screenHint")
        self.illustration = IconLabel("scan", 260, self.metrics)
        self.hint = make_label("", "bigMessage", align=Qt.AlignmentFlag.AlignCenter)
        self.why = make_label("", "messageBody", align=Qt.AlignmentFlag.AlignCenter)
        self.spinner = Spinner()
        self.waiting = make_label("", "screenHint", wrap=False)
        waiting_row = QHBoxLayout()
        waiting_row.addStretch(1)
        waiting_row.addWidget(self.spinner)
        waiting_row.addSpacing(16)
        waiting_row.addWidget(self.waiting)
        waiting_row.addStretch(1)
        self.skip_button = ChoiceButton("next", self.metrics, icon_px=80)
        self.skip_button.clicked.connect(self.skip_requested.emit)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addStretch(1)
        layout.addWidget(self.illustration, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.hint)
        layout.addWidget(self.why)
        layout.addLayout(waiting_row)
        layout.addStretch(1)
        layout.addWidget(self.skip_button)

    def set_questionnaire(self, questionnaire: Any) -> None:
        self._questionnaire = questionnaire
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        q = self._questionnaire
        lang = self.tr_.lang
        self.title.setText(q.title(lang) if q is not None else t("home_survey"))
        self.intro.setText(q.intro(lang) if q is not None else "")
        self.intro.setVisible(bool(self.intro.text()))
        self.hint.setText(t("survey_scan_hint"))
        self.why.setText(t("survey_scan_why"))
        self.waiting.setText(t("scan_waiting"))
        self.skip_button.set_texts(t("survey_skip_scan"), t("survey_skip_scan_sub"))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        side = self.metrics.px(48)
        self.spinner.setFixedSize(side, side)
        self.illustration.set_design_px(260 if portrait else 150)
        self.skip_button.set_margins(32, 16 if portrait else 8)


@dataclass(frozen=True)
class _NoService:
    """The landscape grid's last tile: answer without naming a service."""

    name_id: str
    name_en: str
    code: str = NO_SERVICE
    icon: str = "next"
    service_count: int = 1


class SurveyAgenciesScreen(AgenciesScreen):
    """The agency of the service received, or "Lanjut tanpa memilih layanan": a wide button
    under the tiles in portrait; in landscape, where the height is needed for the 23 agencies'
    names, the grid's last tile.

    Signals:
        without_requested(): answer without naming a service.
    """

    name = "survey_agencies"
    without_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._real: list[Any] = []
        self.without_button = TouchButton("", "secondary", self.metrics, icon="next",
                                          icon_color="#0b3d91")  # fmt: skip
        self.without_button.clicked.connect(self.without_requested.emit)
        self.content_layout.addWidget(self.without_button)

    @property
    def without_widget(self) -> Any:
        """What the citizen touches to go on without a service (the button or the tile)."""
        if self._portrait:
            return self.without_button
        return next(t for t in self.tiles if t.property("agency_code") == NO_SERVICE)

    def set_agencies(self, agencies: list[Any]) -> None:
        self._real = list(agencies)
        extra: list[Any] = []
        if not self._portrait:
            names = (translate("id", "survey_without_service"),
                     translate("en", "survey_without_service"))  # fmt: skip
            extra.append(_NoService(*names))
        super().set_agencies(self._real + extra)

    def _tile_clicked(self) -> None:
        tile = self.sender()
        if tile is not None and tile.property("agency_code") == NO_SERVICE:
            self.without_requested.emit()
            return
        super()._tile_clicked()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        t = self.tr_.t
        self.title.setText(t("survey_service_title"))
        self.hint.setText(t("survey_service_hint"))
        self.without_button.setText(t("survey_without_service"))

    def set_orientation(self, portrait: bool) -> None:
        super().set_orientation(portrait)
        self.without_button.setVisible(portrait)
        if self._real:
            self.set_agencies(self._real)


class SurveyServicesScreen(ServicesScreen):
    """The services of the agency (or a search over all), names only: no queue badges."""

    name = "survey_services"

    def _fill(self) -> None:
        super()._fill()
        for row in self.rows:
            row.badge.hide()
            row.detail.hide()

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        self.hint.setText(self.tr_.t("survey_services_hint"))
