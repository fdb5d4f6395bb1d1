"""The kiosk window's half for the survey: the journey (kiosk.flows.survey) <-> the survey
service <-> the survey screens. A mixin of KioskWindow, like ScanWiring and PrintWiring.

Every service call runs in a worker: the questionnaires (read from files), the visit of a
scanned ticket or receipt (survey_context), the agencies and services for a hand-chosen
service, and the response itself (submit_response). Only "Kirim" stores anything.

Scanner bursts: on the survey's first steps they name the visit (not the progress check); on
the questions, the profile and the suggestion they are ignored (those screens do not accept
scans), so a stray scan never throws the answers away. After a scan's answer elsewhere (ticket
status, application progress) the window asks whether that visit may still answer a survey and
shows "Isi survei" when it may.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot

from kiosk.errors import Conflict, NotFound, Refused
from kiosk.flows.survey import SCAN_STEPS, SurveyNotice
from kiosk.i18n import error_text
from kiosk.services import queue, survey
from kiosk.ui.kiosk.scan_results import MessageScreen
from kiosk.ui.kiosk.survey_done import SurveyDoneScreen
from kiosk.ui.kiosk.survey_entry import (
    SurveyAgenciesScreen,
    SurveyEntryScreen,
    SurveyPickScreen,
    SurveyServicesScreen,
)
from kiosk.ui.kiosk.survey_profile import ProfileScreen, SuggestionScreen
from kiosk.ui.kiosk.survey_questions import QuestionScreen

log = logging.getLogger(__name__)

#: The survey message's icon, title (kiosk catalogue) and the error worded from errors.po.
NOTICES: dict[str, tuple[str, str, Exception]] = {
    "already_answered": ("check", "survey_answered_title", Conflict("survey_already_answered")),
    "not_served": ("clock", "survey_not_served_title", Refused("survey_not_served")),
    "not_recognised": ("warning", "survey_scan_again_title", NotFound("survey_visit")),
}


class SurveyWiring:
    """Survey journey <-> survey service <-> survey screens (mixed into KioskWindow)."""

    ctx: Any
    device: str
    nav: Any
    translator: Any
    workers: Any
    survey_flow: Any
    home: Any
    ticket_status: Any
    application: Any
    screens: Any
    pin_pad: Any

    if TYPE_CHECKING:  # provided by KioskWindow; never defined here at run time

        def _call(self, fn: Any, on_done: Any) -> None: ...

        def _render(self) -> None: ...

        def go_home(self, *, reset: bool = True) -> None: ...

        def _on_service_error(self, exc: BaseException) -> None: ...

    # --- construction ------------------------------------------------------------------------

    def _build_survey_screens(self) -> list[Any]:
        shell: Any = self
        self.survey_pick = SurveyPickScreen(shell)
        self.survey_entry = SurveyEntryScreen(shell)
        self.survey_agencies = SurveyAgenciesScreen(shell)
        self.survey_services = SurveyServicesScreen(shell)
        self.survey_question = QuestionScreen(shell)
        self.survey_profile = ProfileScreen(shell)
        self.survey_suggestion = SuggestionScreen(shell, survey.MAX_SUGGESTION)
        self.survey_done = SurveyDoneScreen(shell)
        self.survey_message = MessageScreen(shell, "survey_message")
        return [
            self.survey_pick, self.survey_entry, self.survey_agencies, self.survey_services,
            self.survey_question, self.survey_profile, self.survey_suggestion, self.survey_done,
            self.survey_message,
        ]  # fmt: skip

    def _wire_survey(self) -> None:
        flow = self.survey_flow
        self.home.survey_requested.connect(self._start_survey)
        for screen in (self.ticket_status, self.application):
            screen.survey_requested.connect(self._start_offered_survey)
        self.survey_pick.chosen.connect(lambda code: self._survey_show(flow.choose(code)))
        self.survey_entry.skip_requested.connect(self._survey_skip_scan)
        self.survey_agencies.agency_chosen.connect(self._survey_agency)
        self.survey_agencies.search_requested.connect(self._survey_search)
        self.survey_agencies.without_requested.connect(
            lambda: self._survey_show(flow.choose_service(None))
        )
        self.survey_services.service_chosen.connect(self._survey_service)
        self.survey_question.answered.connect(lambda value: self._survey_show(flow.answer(value)))
        self.survey_profile.choice_changed.connect(
            lambda field, code: flow.choose_profile(field, code or None)
        )
        self.survey_profile.done_requested.connect(lambda: self._survey_show(flow.profile_done()))
        self.survey_suggestion.send_requested.connect(self._survey_submit)
        self.survey_done.done_requested.connect(lambda: self.go_home(reset=True))
        self.survey_message.action_requested.connect(self._survey_notice_action)

    def _check_surveys(self) -> None:
        """The home screen's entry only while a questionnaire is open (a site may close all)."""
        self.workers.submit(
            survey.list_questionnaires,
            lambda found: self.home.set_survey_available(bool(found)),
            lambda _exc: self.home.set_survey_available(False),
            busy=False,
        )

    # --- rendering ---------------------------------------------------------------------------

    def _survey_show(self, step: str | None) -> None:
        """Fill the screen of the journey's step, then show it ("survey_submit": send)."""
        if step is None:
            return
        if step == "survey_submit":
            self._survey_submit("")
            return
        self._survey_fill()
        self._render()

    def _survey_fill(self) -> None:
        flow = self.survey_flow
        step = self.nav.current
        q = flow.questionnaire
        if step == "survey_pick":
            self.survey_pick.set_questionnaires(flow.questionnaires)
        elif step == "survey_entry":
            self.survey_entry.set_questionnaire(q)
        elif step == "survey_question" and flow.question is not None:
            self.survey_question.show_question(
                q, flow.question, flow.position, flow.answers.get(flow.question.code),
                flow.service_names,
            )  # fmt: skip
        elif step == "survey_profile":
            self.survey_profile.set_fields(flow.asked_profile)
        elif step == "survey_suggestion":
            self.survey_suggestion.set_questionnaire(q)
        elif step == "survey_done" and flow.result is not None:
            self.survey_done.show_done(flow.questionnaire, flow.result[1])
        elif step == "survey_message" and flow.notice is not None:
            self._put_survey_notice(flow.notice)

    def _put_survey_notice(self, notice: SurveyNotice) -> None:
        icon, title, exc = NOTICES[notice.kind]
        action = "try_again" if notice.target == "retry" else "nav_home"
        self.survey_message.icon.set_icon(icon, "#0b3d91" if icon != "warning" else "#b3261e")
        self.survey_message.show_message(
            title, "", action, extra=lambda: [error_text(self.translator.lang, exc)]
        )

    def _survey_back(self) -> bool:
        """Kembali on a question after the first: the previous question."""
        if not self.survey_flow.back():
            return False
        self._survey_fill()
        self._render()
        return True

    # --- the start ---------------------------------------------------------------------------

    def _start_survey(self) -> None:
        self._call(
            survey.list_questionnaires,
            lambda found: (
                self._survey_show(self.survey_flow.start(found))
                if found
                else self.home.set_survey_available(False)
            ),
        )

    def _start_offered_survey(self) -> None:
        self._call(
            survey.list_questionnaires,
            lambda found: self._survey_show(self.survey_flow.start_offered(found)),
        )

    def _scan_answered(self, code: str) -> None:
        """A ticket's or receipt's answer is on screen: may this visit still answer?"""
        ctx = self.ctx
        shown_on = self.nav.current

        def contexts() -> list[Any]:
            ready = []
            for q in survey.list_questionnaires():
                try:
                    found = survey.survey_context(ctx, code, q.code)
                except NotFound:
                    return []
                if found.state == "ready":
                    ready.append(found)
            return ready

        def on_done(ready: list[Any]) -> None:
            if self.nav.current != shown_on:
                return
            if self.survey_flow.offer(code, ready):
                self.screens[shown_on].show_survey_offer(True)

        self.workers.submit(contexts, on_done, lambda _exc: None, busy=False)

    # --- the visit ---------------------------------------------------------------------------

    @Slot(str)
    def _on_scanned(self, text: str) -> None:
        if self.nav.current in SCAN_STEPS and self.survey_flow.questionnaire is not None:
            if not self.pin_pad.isVisible():
                self._survey_scanned(text)
            return
        super()._on_scanned(text)  # type: ignore[misc]

    def _survey_scanned(self, text: str) -> None:
        flow = self.survey_flow
        code = flow.questionnaire.code

        def on_error(exc: BaseException) -> None:
            if isinstance(exc, NotFound):
                self._survey_show(flow.not_recognised())
            else:
                self._on_service_error(exc)

        self.workers.submit(
            lambda: survey.survey_context(self.ctx, text, code),
            lambda found: self._survey_show(flow.scanned(text, found)),
            on_error,
        )

    def _survey_notice_action(self) -> None:
        step, fresh_home = self.survey_flow.notice_action()
        if fresh_home:
            self.go_home(reset=True)
            return
        self._survey_show(step)

    def _survey_skip_scan(self) -> None:
        self._survey_show(self.survey_flow.skip_scan())
        self._call(lambda: queue.list_agencies(self.ctx), self.survey_agencies.set_agencies)

    def _survey_agency(self, code: str) -> None:
        agency = next((a for a in self.survey_agencies._agencies if a.code == code), None)
        if agency is None:
            return
        self.survey_services.set_context(agency)
        self._survey_show(self.survey_flow.choose_agency())
        self._call(lambda: queue.list_services(self.ctx, code), self.survey_services.set_services)

    def _survey_search(self) -> None:
        self.survey_services.set_context(None)
        self._survey_show(self.survey_flow.search_services())
        self.survey_services.show_keyboard(True)
        self._call(lambda: queue.list_services(self.ctx), self.survey_services.set_services)

    def _survey_service(self, code: str) -> None:
        service = next((s for s in self.survey_services.shown_services if s.code == code), None)
        if service is not None:
            self._survey_show(self.survey_flow.choose_service(service))

    # --- sending -----------------------------------------------------------------------------

    def _survey_submit(self, suggestion: str) -> None:
        sent = self.survey_flow.submission(suggestion)
        ctx, device = self.ctx, self.device

        def send() -> Any:
            return survey.submit_response(
                ctx,
                questionnaire=sent.questionnaire,
                answers=sent.answers,
                profile=sent.profile,
                suggestion=sent.suggestion,
                visit_code=sent.visit_code,
                service_code=sent.service_code,
                device=device,
                source="kiosk",
            )

        def on_error(exc: BaseException) -> None:
            flow = self.survey_flow
            if isinstance(exc, Conflict):  # another kiosk (or the web form) was faster
                self._survey_show(flow.show_notice(SurveyNotice("already_answered", "home")))
            elif isinstance(exc, Refused) and exc.reason == "survey_not_served":
                self._survey_show(flow.show_notice(SurveyNotice("not_served", "home")))
            else:
                self._on_service_error(exc)

        self.workers.submit(
            send, lambda done: self._survey_show(self.survey_flow.submitted(done)), on_error
        )
