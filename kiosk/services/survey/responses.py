"""Taking one survey response (kiosk, web form) and what a survey screen pre-fills.

The citizen's ticket or permit receipt names the visit: its service (shown on the first screen
and stored), and, for the supervisor's report only, the counter and the officer who served it.
One visit gives one response per questionnaire: a receipt brings the ticket that led to it, so
answering with the ticket and then again with the receipt is refused too (``Conflict``), and the
database's unique constraints back the check against two kiosks racing. Nothing here reveals the
applicant, the officer or the ticket's number: a screen learns the service and whether the visit
was already answered, nothing more.

Answers are 1..4 per question code (``None`` or absent = not answered); a sheet with no answer
at all is refused. The profile takes the questionnaire's choice codes only. The suggestion text
is bounded and cleaned (kiosk.core.usertext) and stored as the person wrote it otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.core.codes import code_kind, normalize_code
from kiosk.core.usertext import clean_user_text
from kiosk.db.models import Agency, Application, AuditLog, Service, SurveyResponse, Ticket
from kiosk.errors import BadInput, Conflict, NotFound, Refused
from kiosk.services.context import AppContext
from kiosk.services.survey.questionnaires import Questionnaire, get_questionnaire

__all__ = [
    "MAX_SUGGESTION",
    "SOURCES",
    "SubmittedResponse",
    "SurveyContext",
    "check_answers",
    "check_profile",
    "submit_response",
    "survey_context",
    "time_slot",
]

Source = Literal["kiosk", "web", "paper"]
SOURCES: tuple[Source, ...] = ("kiosk", "web", "paper")
#: Characters kept of a suggestion (a screen's on-screen keyboard should stop there too).
MAX_SUGGESTION = 2000
#: A scan or a typed code longer than this is not one of ours.
_MAX_CODE = 256
#: Ticket states in which the visitor has not been served (yet, or at all).
_NOT_SERVED = ("waiting", "no_show", "cancelled")


@dataclass(frozen=True)
class SurveyContext:
    """What a survey screen shows before the first question; no private data.

    ``state``: "ready" (go ahead), "already_answered" (this visit's response is in: thank the
    person and stop), "not_served" (the ticket is still waiting, or was never served).
    """

    questionnaire: str
    visit: Literal["ticket", "application"]
    state: Literal["ready", "already_answered", "not_served"]
    service_code: str | None
    service_name_id: str | None
    service_name_en: str | None
    agency_name_id: str | None
    agency_name_en: str | None

    @property
    def already_answered(self) -> bool:
        return self.state == "already_answered"

    def service_name(self, lang: str = "id") -> str | None:
        return (
            self.service_name_en if lang == "en" and self.service_name_en else self.service_name_id
        )


@dataclass(frozen=True)
class SubmittedResponse:
    """The stored response, as the thank-you screen and the CLI see it."""

    id: int
    questionnaire: str
    day: date
    source: str
    service_code: str | None
    answered: int
    suggestion_truncated: bool


@dataclass(frozen=True)
class _Visit:
    kind: Literal["ticket", "application"]
    ticket_id: int | None
    application_id: int | None
    service_id: int | None
    counter_id: int | None
    staff_id: int | None
    served: bool


# --- checking what the person gave ---------------------------------------------------------------


def check_answers(q: Questionnaire, answers: Any) -> dict[str, int]:
    """``{code: 1..4}`` for the answered questions; BadInput for anything else.

    Integers or the digit strings a web form posts ("3"); None, "" or absence = not answered.
    """
    if not isinstance(answers, Mapping):
        raise BadInput("survey_answers")
    out: dict[str, int] = {}
    for key, value in answers.items():
        code = key.upper() if isinstance(key, str) else ""
        if q.question(code) is None:
            raise BadInput("survey_question_unknown", question=str(key)[:20])
        if value is None or value == "":
            continue
        if isinstance(value, str) and value.strip() in ("1", "2", "3", "4"):
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
            raise BadInput("survey_answer_range", question=code, value=str(value)[:20])
        out[code] = value
    if not out:
        raise BadInput("survey_empty")
    return {code: out[code] for code in q.codes if code in out}


def check_profile(q: Questionnaire, profile: Any) -> dict[str, str]:
    """``{field: choice code}`` for the fields given; unknown fields or choices are BadInput."""
    if profile is None:
        return {}
    if not isinstance(profile, Mapping):
        raise BadInput("survey_profile")
    out: dict[str, str] = {}
    for key, value in profile.items():
        field = q.field(key) if isinstance(key, str) else None
        if field is None:
            raise BadInput("survey_profile_field", field_code=str(key)[:20])
        if value is None or value == "":
            continue
        if not isinstance(value, str) or field.choice(value) is None:
            raise BadInput(
                "survey_profile_choice",
                field_code=field.code,
                value=str(value)[:20],
                choices=[c.code for c in field.choices],
            )
        out[field.code] = value
    return out


def time_slot(moment: datetime) -> str:
    """The paper form's "jam survei" from a local time: before 13.00 is the morning slot."""
    return "08_12" if moment.hour < 13 else "13_17"


# --- the visit -----------------------------------------------------------------------------------


def _visit(ctx: AppContext, session: Session, visit_code: Any) -> _Visit:
    raw = visit_code.strip() if isinstance(visit_code, str) else ""
    canonical = normalize_code(raw) if len(raw) <= _MAX_CODE and raw.isascii() else None
    kind = code_kind(canonical) if canonical is not None else None
    site_id = ctx.site_id(session)
    if kind == "ticket":
        ticket = session.scalar(
            select(Ticket).where(Ticket.site_id == site_id, Ticket.code == canonical)
        )
        if ticket is not None:
            return _Visit(
                "ticket",
                ticket.id,
                None,
                ticket.service_id,
                ticket.counter_id,
                ticket.staff_id,
                ticket.status not in _NOT_SERVED,
            )
    elif kind == "application":
        app = session.scalar(
            select(Application).where(
                Application.site_id == site_id, Application.tracking_code == canonical
            )
        )
        if app is not None:
            counter_id = None
            if app.ticket_id is not None:
                counter_id = session.scalar(
                    select(Ticket.counter_id).where(Ticket.id == app.ticket_id)
                )
            # A registered application was served at a counter by definition.
            return _Visit(
                "application",
                app.ticket_id,
                app.id,
                app.service_id,
                counter_id,
                app.officer_id,
                True,
            )
    raise NotFound("survey_visit")


def _answered(session: Session, questionnaire: str, visit: _Visit) -> bool:
    same_visit = []
    if visit.ticket_id is not None:
        same_visit.append(SurveyResponse.ticket_id == visit.ticket_id)
    if visit.application_id is not None:
        same_visit.append(SurveyResponse.application_id == visit.application_id)
    found = session.scalar(
        select(SurveyResponse.id)
        .where(SurveyResponse.questionnaire == questionnaire, or_(*same_visit))
        .limit(1)
    )
    return found is not None


def survey_context(ctx: AppContext, visit_code: str, questionnaire: str = "skm") -> SurveyContext:
    """What the survey's first screen shows for a scanned ticket or receipt.

    NotFound("survey_visit") for a code that is not a ticket or receipt of this MPP (say "Kode
    tidak dikenali"); otherwise the service's name and the visit's state, never who served it.
    """
    q = get_questionnaire(questionnaire)
    with ctx.db.snapshot() as session:
        visit = _visit(ctx, session, visit_code)
        service = session.get(Service, visit.service_id) if visit.service_id else None
        agency = session.get(Agency, service.agency_id) if service is not None else None
        state: Literal["ready", "already_answered", "not_served"] = "ready"
        if _answered(session, q.code, visit):
            state = "already_answered"
        elif not visit.served:
            state = "not_served"
        return SurveyContext(
            questionnaire=q.code,
            visit=visit.kind,
            state=state,
            service_code=service.code if service else None,
            service_name_id=service.name_id if service else None,
            service_name_en=service.name_en if service else None,
            agency_name_id=agency.name_id if agency else None,
            agency_name_en=agency.name_en if agency else None,
        )


# --- the use case --------------------------------------------------------------------------------


def _device(device: Any) -> str:
    text = device if isinstance(device, str) else ""
    return "".join(ch for ch in text[:256] if ch.isprintable())[:64]


def submit_response(
    ctx: AppContext,
    *,
    questionnaire: str = "skm",
    answers: Mapping[str, int | str | None],
    profile: Mapping[str, str | None] | None = None,
    suggestion: str = "",
    visit_code: str | None = None,
    service_code: str | None = None,
    device: str = "",
    source: str = "kiosk",
) -> SubmittedResponse:
    """Store one response (one transaction).

    ``visit_code``: the ticket's or receipt's QR code; it pre-fills the service (and records the
    counter and officer) and makes the response the visit's only one: a second one raises
    Conflict("survey_already_answered"); a ticket still waiting raises
    Refused("survey_not_served"). Without a visit, ``service_code`` (optional) names the service
    the person chose. Bad answers / profile values raise BadInput with the question or field.
    """
    q = get_questionnaire(questionnaire)
    if source not in SOURCES:
        raise BadInput("survey_source", source=str(source)[:20], sources=list(SOURCES))
    if not q.enabled:
        raise Refused("survey_disabled", questionnaire=q.code)
    checked = check_answers(q, answers)
    chosen = check_profile(q, profile)
    text, truncated = clean_user_text(suggestion, MAX_SUGGESTION) if q.suggestion else ("", False)
    local = ctx.local_now()
    if q.field("time") is not None and "time" not in chosen:
        chosen["time"] = time_slot(local)
    try:
        with ctx.db.transaction() as session:
            site_id = ctx.site_id(session)
            visit: _Visit | None = None
            service: Service | None = None
            if visit_code is not None and visit_code != "":
                visit = _visit(ctx, session, visit_code)
                if _answered(session, q.code, visit):
                    raise Conflict("survey_already_answered")
                if not visit.served:
                    raise Refused("survey_not_served")
                service = session.get(Service, visit.service_id) if visit.service_id else None
            elif service_code:
                from kiosk.services.queue._common import find_service

                service = find_service(ctx, session, service_code)
            row = SurveyResponse(
                site_id=site_id,
                questionnaire=q.code,
                service_id=service.id if service else None,
                ticket_id=visit.ticket_id if visit else None,
                application_id=visit.application_id if visit else None,
                counter_id=visit.counter_id if visit else None,
                staff_id=visit.staff_id if visit else None,
                day=local.date(),
                source=source,
                answers=checked,
                profile=chosen,
                suggestion=text,
                created_at=ctx.now(),
                device=_device(device),
            )
            session.add(row)
            session.flush()
            # Who sent it stays unknown (the survey is anonymous): the audit row records that a
            # response came in, from where (kiosk, web) and for which kind of visit.
            session.add(
                AuditLog(
                    site_id=site_id,
                    at=row.created_at,
                    staff_id=None,
                    action="survey.submitted",
                    entity="survey_response",
                    entity_id=str(row.id),
                    detail={
                        "questionnaire": q.code,
                        "source": source,
                        "visit": visit.kind if visit else None,
                        "answered": len(checked),
                    },
                )
            )
            return SubmittedResponse(
                id=row.id,
                questionnaire=q.code,
                day=row.day,
                source=source,
                service_code=service.code if service else None,
                answered=len(checked),
                suggestion_truncated=truncated,
            )
    except IntegrityError:
        # Two kiosks submitting the same visit at once: the unique constraint decided.
        raise Conflict("survey_already_answered") from None
