"""The survey's thank-you: the response is stored; the screen goes home by itself after the
idle policy's ``result_s`` (kiosk.flows.idle), or at once with "Selesai". No Kembali: a sent
survey is not reopened."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal

from kiosk.ui.kiosk.base import Screen, Shell
from kiosk.ui.kiosk.survey_questions import FaceLabel
from kiosk.ui.widgets.common import TouchButton, make_label

__all__ = ["SurveyDoneScreen"]


class SurveyDoneScreen(Screen):
    """ "Terima kasih!" with the happiest face, what was recorded, and "Selesai".

    Signals:
        done_requested()
    """

    name = "survey_done"
    show_back: ClassVar[bool] = False
    done_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._questionnaire: Any = None
        self._service: tuple[str, str] | None = None
        self.face = FaceLabel(4, 240, self.metrics)
        self.title = make_label("", "bigMessage", align=Qt.AlignmentFlag.AlignCenter)
        self.body = make_label("", "messageBody", align=Qt.AlignmentFlag.AlignCenter)
        self.service = make_label("", "surveyService", align=Qt.AlignmentFlag.AlignCenter)
        self.hint = make_label("", "screenHint", align=Qt.AlignmentFlag.AlignCenter)
        self.done_button = TouchButton("", "primaryBig", self.metrics, icon="home")
        self.done_button.clicked.connect(self.done_requested.emit)
        layout = self.content_layout
        layout.addStretch(2)
        layout.addWidget(self.face, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addWidget(self.service)
        layout.addStretch(3)
        layout.addWidget(self.hint)
        layout.addWidget(self.done_button)

    def show_done(self, questionnaire: Any, service: tuple[str, str] | None) -> None:
        self._questionnaire = questionnaire
        self._service = service
        self.retranslate_ui()

    def reset(self) -> None:
        self._questionnaire = None
        self._service = None

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("survey_thanks_title"))
        self.body.setText(t("survey_thanks_body"))
        if self._service:
            self.service.setText(t("survey_service_line", service=self.tr_.pick(*self._service)))
        self.service.setVisible(bool(self._service))
        self.hint.setText(t("survey_thanks_hint"))
        self.done_button.setText(t("result_done"))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self.face.set_design_px(240 if portrait else 170)
