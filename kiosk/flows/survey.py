"""The survey journey on the kiosk: which questionnaire, the visit, the questions, the profile,
the suggestion, the thank-you.

Steps (screen names): ``survey_pick`` (only when more than one questionnaire is open),
``survey_entry`` (scan the ticket or receipt, or "Lewati"), ``survey_agencies`` /
``survey_services`` (the service, chosen by hand after "Lewati"), ``survey_question`` (one
question at a time; the same step for every question, so Kembali walks the questions here
before the navigation history), ``survey_profile``, ``survey_suggestion``, ``survey_done``
and ``survey_message`` (already answered, not served yet, code not recognised).

Tap count with a scanned ticket: "Survei Kepuasan" on the home screen, one answer per question
(the answer moves on by itself), "Lewati" on the profile and "Kirim" under the suggestion:
9 + 3 for the SKM. Nothing is stored before "Kirim": a Beranda, an idle reset or a citizen who
walks away leaves no half-filled response behind (``reset`` forgets every answer).

The questionnaires and the visit are the service layer's objects (Questionnaire,
SurveyContext, ServiceView), used by attribute only: no Qt, no database here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from kiosk.flows.nav import Navigation

__all__ = ["SURVEY_STEPS", "SurveyJourney", "SurveyNotice", "SurveySubmission"]

SURVEY_STEPS = frozenset(
    {
        "survey_pick", "survey_entry", "survey_agencies", "survey_services", "survey_question",
        "survey_profile", "survey_suggestion", "survey_done", "survey_message",
    }
)  # fmt: skip
#: Steps where a scanner burst names the visit for the survey (not the progress check).
SCAN_STEPS = frozenset({"survey_entry", "survey_agencies", "survey_services", "survey_message"})
#: Steps where a scan is ignored: it would throw away the answers given so far.
NO_SCAN_STEPS = frozenset({"survey_question", "survey_profile", "survey_suggestion"})

NoticeKind = Literal["already_answered", "not_served", "not_recognised"]


@dataclass(frozen=True)
class SurveyNotice:
    """What the survey's message step says: a kind, and where its button leads."""

    kind: NoticeKind
    target: Literal["retry", "home"]


@dataclass(frozen=True)
class SurveySubmission:
    """The arguments of kiosk.services.survey.submit_response for this citizen's answers."""

    questionnaire: str
    answers: dict[str, int]
    profile: dict[str, str]
    suggestion: str
    visit_code: str | None
    service_code: str | None


class SurveyJourney:
    """One citizen's survey; the window renders ``nav.current`` and, on the question step,
    ``question`` / ``position``."""

    def __init__(self, nav: Navigation) -> None:
        self.nav = nav
        self.questionnaires: list[Any] = []
        self.offered: list[Any] = []
        self.reset()

    def reset(self) -> None:
        """Forget everything (Beranda, idle reset, after the thank-you)."""
        self.questionnaire: Any = None
        self.visit_code: str | None = None
        self.visit: Any = None
        self.service: Any = None
        self.answers: dict[str, int] = {}
        self.profile: dict[str, str] = {}
        self.suggestion = ""
        self.index = 0
        self.notice: SurveyNotice | None = None
        self.result: Any = None
        self.offer_code: str | None = None
        self.offered = []

    @property
    def active(self) -> bool:
        return self.nav.current in SURVEY_STEPS

    # --- the start ----------------------------------------------------------------------------

    def start(self, questionnaires: list[Any]) -> str:
        """ "Survei Kepuasan" on the home screen, with the questionnaires open now."""
        self.reset()
        self.questionnaires = list(questionnaires)
        if len(self.questionnaires) == 1:
            return self.choose(self.questionnaires[0].code)
        return self.nav.go("survey_pick")

    def choose(self, code: str) -> str:
        """A questionnaire was chosen: with a visit already known (the "Isi survei" button of
        a scan's answer) straight to the first question, else the scan step."""
        found = next((q for q in self.questionnaires if q.code == code), None)
        if found is None:
            return self.nav.current
        self.questionnaire = found
        self.answers, self.profile, self.suggestion, self.index = {}, {}, "", 0
        if self.visit_code is not None:
            return self.nav.go("survey_question")
        self.service = None
        return self.nav.go("survey_entry")

    def offer(self, code: str, ready: list[Any]) -> bool:
        """After a scan's answer (ticket status, application): the questionnaires this visit
        may still answer (SurveyContext with state "ready"). True when the button shows."""
        self.offer_code = code if ready else None
        self.offered = list(ready)
        return bool(ready)

    def start_offered(self, questionnaires: list[Any]) -> str:
        """ "Isi survei" on a scan's answer: the visit is known, so no scan step."""
        code, contexts = self.offer_code, list(self.offered)
        self.reset()
        ready = {c.questionnaire: c for c in contexts}
        self.questionnaires = [q for q in questionnaires if q.code in ready]
        if code is None or not self.questionnaires:
            return self.start(questionnaires)
        self.visit_code = code
        first = ready[self.questionnaires[0].code]
        self.visit = first
        if len(self.questionnaires) == 1:
            return self.choose(self.questionnaires[0].code)
        return self.nav.go("survey_pick")

    # --- the visit ----------------------------------------------------------------------------

    def scanned(self, code: str, context: Any) -> str:
        """survey_context's answer for a scanned ticket or receipt."""
        state = getattr(context, "state", "")
        if state == "ready":
            self.visit_code, self.visit, self.service = code, context, None
            self.answers, self.index = {}, 0
            return self.nav.go("survey_question")
        kind: NoticeKind = "already_answered" if state == "already_answered" else "not_served"
        return self.show_notice(SurveyNotice(kind, "home"))

    def not_recognised(self) -> str:
        return self.show_notice(SurveyNotice("not_recognised", "retry"))

    def show_notice(self, notice: SurveyNotice) -> str:
        self.notice = notice
        return self.nav.go("survey_message", remember=False)

    def notice_action(self) -> tuple[str, bool]:
        """The message's button: (the step, whether that is a fresh home)."""
        target = self.notice.target if self.notice is not None else "home"
        if target == "home":
            return self.nav.home(), True
        step = self.nav.back()  # the message was not remembered: back is where it came from
        return step, False

    def skip_scan(self) -> str:
        """ "Lewati": choose the service by hand (or answer without one)."""
        self.visit_code, self.visit = None, None
        return self.nav.go("survey_agencies")

    def search_services(self) -> str:
        return self.nav.go("survey_services")

    def choose_agency(self) -> str:
        return self.nav.go("survey_services")

    def choose_service(self, service: Any) -> str:
        """A service chosen by hand (a ServiceView), or None for "answer without one"."""
        self.service = service
        self.answers, self.index = {}, 0
        return self.nav.go("survey_question")

    @property
    def service_names(self) -> tuple[str, str] | None:
        """(Indonesian, English) name of the service the answers are about, when known."""
        if self.visit is not None and getattr(self.visit, "service_name_id", None):
            return (self.visit.service_name_id or "", self.visit.service_name_en or "")
        if self.service is not None:
            return (self.service.name_id, self.service.name_en)
        return None

    # --- the questions ------------------------------------------------------------------------

    @property
    def questions(self) -> tuple[Any, ...]:
        return tuple(self.questionnaire.questions) if self.questionnaire is not None else ()

    @property
    def question(self) -> Any:
        qs = self.questions
        return qs[self.index] if 0 <= self.index < len(qs) else None

    @property
    def position(self) -> tuple[int, int]:
        """(1-based number of the question on screen, number of questions): "3 dari 9"."""
        return self.index + 1, len(self.questions)

    @property
    def asked_profile(self) -> tuple[Any, ...]:
        q = self.questionnaire
        return tuple(f for f in q.profile if f.asked) if q is not None else ()

    def answer(self, value: int) -> str:
        """An answer (1..4) to the question on screen; the next question, or what follows."""
        question = self.question
        if question is None or not 1 <= value <= 4:
            return self.nav.current
        self.answers[question.code] = value
        if self.index + 1 < len(self.questions):
            self.index += 1
            return self.nav.go("survey_question")
        return self._after_questions()

    def _after_questions(self) -> str:
        if self.asked_profile:
            return self.nav.go("survey_profile")
        return self.profile_done()

    def back(self) -> bool:
        """Kembali on a question after the first: the previous question (True), else the
        navigation's own back (False)."""
        if self.nav.current == "survey_question" and self.index > 0:
            self.index -= 1
            return True
        return False

    # --- profile, suggestion, submit ----------------------------------------------------------

    def choose_profile(self, field: str, choice: str | None) -> None:
        """A chip: ``choice`` None (tapped again) clears the field."""
        if choice is None:
            self.profile.pop(field, None)
        else:
            self.profile[field] = choice

    def profile_done(self) -> str:
        """ "Lanjut" / "Lewati" under the profile: the suggestion, or straight to submit
        (the window submits when this returns ``survey_submit``)."""
        q = self.questionnaire
        if q is not None and q.suggestion:
            return self.nav.go("survey_suggestion")
        return "survey_submit"

    def submission(self, suggestion: str = "") -> SurveySubmission:
        q = self.questionnaire
        assert q is not None, "no questionnaire chosen"
        self.suggestion = suggestion
        return SurveySubmission(
            questionnaire=q.code,
            answers={code: value for code, value in self.answers.items()},
            profile=dict(self.profile),
            suggestion=suggestion,
            visit_code=self.visit_code,
            service_code=None if self.visit_code else getattr(self.service, "code", None),
        )

    def submitted(self, result: Any) -> str:
        """The response is stored: thank the citizen; the answers are forgotten."""
        names = self.service_names
        questionnaire = self.questionnaire
        self.reset()
        self.questionnaire = questionnaire
        self.result = (result, names)
        self.nav.set_history([])
        return self.nav.go("survey_done")
