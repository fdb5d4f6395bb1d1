"""The SKM report's figures: NRR per unsur, IKM, mutu, kinerja, sample size, profile breakdown.

Every figure the JSON, the CSV, the PDF and the public screens show comes from
:func:`skm_report` (one snapshot, two queries: the period's responses and its ticket count), so
they cannot disagree. The responses are added up in one pass in Python: exact integers, the
same on SQLite and PostgreSQL, and about 0.2 s for 30,000 sheets (bench/skm_bench.py).

Population for the sample size (Krejcie-Morgan, kiosk.core.ikm.sample_size): the period's
tickets with the same filters, except cancelled tickets and no-shows (people who did not receive
the service cannot be asked about it).

Per-officer figures are computed only when a signed-in officer holding ``reports.view`` asks
(``by_officer=True``); public outputs never have them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.core.ikm import IkmResult, ikm_from_totals, sample_size
from kiosk.db.models import (
    Agency,
    Service,
    Site,
    Staff,
    SurveyResponse,
    Ticket,
)
from kiosk.db.models import (
    Counter as CounterRow,
)
from kiosk.errors import BadInput, Forbidden, NotFound
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer, require
from kiosk.services.survey.questionnaires import Questionnaire, get_questionnaire

__all__ = [
    "MAX_PERIOD_DAYS",
    "ChoiceCount",
    "GroupFigure",
    "ProfileFigure",
    "QuestionFigure",
    "SkmQuery",
    "SkmReport",
    "skm_report",
]

#: A report covers at most this many days (a few years of semesters).
MAX_PERIOD_DAYS = 3700
_NOT_VISITS = ("cancelled", "no_show")


@dataclass(frozen=True)
class SkmQuery:
    """What to report on. ``agency``/``service`` are catalogue codes, ``counter`` a loket number."""

    date_from: date
    date_to: date
    questionnaire: str = "skm"
    agency: str | None = None
    service: str | None = None
    counter: int | None = None


@dataclass(frozen=True)
class QuestionFigure:
    """One unsur: how many answered it, its NRR (exact), and how many gave each answer 1..4."""

    code: str
    names: Mapping[str, str]
    answered: int
    nrr: Fraction | None
    nrr_weighted: Fraction | None
    distribution: tuple[int, int, int, int]

    def name(self, lang: str = "id") -> str:
        return self.names.get(lang) or self.names["id"]


@dataclass(frozen=True)
class ChoiceCount:
    code: str
    labels: Mapping[str, str]
    count: int

    def label(self, lang: str = "id") -> str:
        return self.labels.get(lang) or self.labels["id"]


@dataclass(frozen=True)
class ProfileFigure:
    """How the respondents split over one profile field; ``unanswered`` left it empty."""

    code: str
    labels: Mapping[str, str]
    counts: tuple[ChoiceCount, ...]
    unanswered: int

    def label(self, lang: str = "id") -> str:
        return self.labels.get(lang) or self.labels["id"]


@dataclass(frozen=True)
class GroupFigure:
    """The index of one service (or, in the supervisor's report only, one officer)."""

    code: str
    names: Mapping[str, str]
    responses: int
    result: IkmResult

    def name(self, lang: str = "id") -> str:
        return self.names.get(lang) or self.names["id"]


@dataclass(frozen=True)
class SkmReport:
    """Everything a published SKM report shows, computed once."""

    query: SkmQuery
    questionnaire: Questionnaire
    site_names: Mapping[str, str]
    scope: Mapping[str, Mapping[str, str]]  # "agency"/"service"/"counter" -> names by language
    result: IkmResult
    questions: tuple[QuestionFigure, ...]
    population: int
    sample_needed: int
    by_source: Mapping[str, int]
    profile: tuple[ProfileFigure, ...]
    by_service: tuple[GroupFigure, ...]
    by_officer: tuple[GroupFigure, ...] | None
    generated_at: datetime
    restricted: bool = field(default=False)

    @property
    def responses(self) -> int:
        return self.result.responses

    @property
    def ikm(self) -> Decimal | None:
        return self.result.ikm

    @property
    def mutu(self) -> str | None:
        """The SKM's mutu (A-D); None for a questionnaire that is not the SKM."""
        return self.result.mutu if self.questionnaire.index == "ikm" else None

    def kinerja(self, lang: str = "id") -> str | None:
        if self.mutu is None:
            return None
        return self.result.kinerja_en if lang == "en" else self.result.kinerja_id

    @property
    def sample_met(self) -> bool:
        return self.responses >= self.sample_needed


class _Totals:
    """Running sums and counts per question code for one group of sheets."""

    __slots__ = ("counts", "responses", "sums")

    def __init__(self, codes: tuple[str, ...]) -> None:
        self.responses = 0
        self.sums = dict.fromkeys(codes, 0)
        self.counts = dict.fromkeys(codes, 0)

    def add(self, answers: Mapping[str, Any]) -> None:
        self.responses += 1
        sums, counts = self.sums, self.counts
        for code, value in answers.items():
            if code in sums and type(value) is int and 1 <= value <= 4:
                sums[code] += value
                counts[code] += 1

    def result(self, codes: tuple[str, ...]) -> IkmResult:
        return ikm_from_totals(self.responses, self.sums, self.counts, codes)


def _scope(
    ctx: AppContext, session: Session, site_id: int, query: SkmQuery
) -> tuple[list[Any], list[Any], dict[str, dict[str, str]]]:
    """(conditions on responses, conditions on tickets, names of the scope for the title)."""
    on_responses: list[Any] = []
    on_tickets: list[Any] = []
    names: dict[str, dict[str, str]] = {}
    if query.agency:
        agency = session.scalar(
            select(Agency).where(Agency.site_id == site_id, Agency.code == query.agency.upper())
        )
        if agency is None:
            raise NotFound("agency", code=query.agency[:40])
        ids = select(Service.id).where(Service.agency_id == agency.id)
        on_responses.append(SurveyResponse.service_id.in_(ids))
        on_tickets.append(Ticket.service_id.in_(ids))
        names["agency"] = {"id": agency.name_id, "en": agency.name_en, "code": agency.code}
    if query.service:
        from kiosk.services.queue._common import find_service

        service = find_service(ctx, session, query.service)
        on_responses.append(SurveyResponse.service_id == service.id)
        on_tickets.append(Ticket.service_id == service.id)
        names["service"] = {"id": service.name_id, "en": service.name_en, "code": service.code}
    if query.counter is not None:
        counter = session.scalar(
            select(CounterRow).where(
                CounterRow.site_id == site_id, CounterRow.number == query.counter
            )
        )
        if counter is None:
            raise NotFound("counter", counter=query.counter)
        on_responses.append(SurveyResponse.counter_id == counter.id)
        on_tickets.append(Ticket.counter_id == counter.id)
        names["counter"] = {
            "id": counter.name_id,
            "en": counter.name_en,
            "code": str(counter.number),
        }
    return on_responses, on_tickets, names


def _check_period(query: SkmQuery) -> None:
    if not isinstance(query.date_from, date) or not isinstance(query.date_to, date):
        raise BadInput("report_period_format")
    if query.date_from > query.date_to:
        raise BadInput("report_period_order", date_from=query.date_from, date_to=query.date_to)
    if (query.date_to - query.date_from).days > MAX_PERIOD_DAYS:
        raise BadInput("report_period_long", days=MAX_PERIOD_DAYS)


def skm_report(
    ctx: AppContext,
    query: SkmQuery,
    *,
    officer: Officer | None = None,
    by_officer: bool = False,
) -> SkmReport:
    """The figures of one period and scope (see the module docstring).

    ``by_officer`` needs ``officer`` with ``reports.view`` (supervisor, admin; an agency's
    supervisor only for that agency's report) and adds the per-officer table; the report is then
    marked restricted and must not be published.
    """
    _check_period(query)
    q = get_questionnaire(query.questionnaire)
    if by_officer:
        if officer is None:
            raise Forbidden("sign_in_needed")
        require(officer, "reports.view")
        own = officer.agency_code
        if officer.role == "supervisor" and own and (query.agency or "").upper() != own.upper():
            raise Forbidden("other_agency")  # an agency's supervisor: that agency's report only
    codes = q.codes
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        site = session.get_one(Site, site_id)
        on_responses, on_tickets, scope = _scope(ctx, session, site_id, query)
        rows = session.execute(
            select(
                SurveyResponse.answers,
                SurveyResponse.profile,
                SurveyResponse.service_id,
                SurveyResponse.staff_id,
                SurveyResponse.source,
            ).where(
                SurveyResponse.site_id == site_id,
                SurveyResponse.questionnaire == q.code,
                SurveyResponse.day >= query.date_from,
                SurveyResponse.day <= query.date_to,
                *on_responses,
            )
        )
        total = _Totals(codes)
        distribution = {code: [0, 0, 0, 0] for code in codes}
        services: dict[int | None, _Totals] = {}
        officers: dict[int | None, _Totals] = {}
        sources: Counter[str] = Counter()
        profile_counts: dict[str, Counter[str]] = {f.code: Counter() for f in q.profile}
        for answers, profile, service_id, staff_id, source in rows:
            answers = answers or {}
            total.add(answers)
            for code, value in answers.items():
                bucket = distribution.get(code)
                if bucket is not None and type(value) is int and 1 <= value <= 4:
                    bucket[value - 1] += 1
            group = services.get(service_id)
            if group is None:
                group = services[service_id] = _Totals(codes)
            group.add(answers)
            if by_officer:
                person = officers.get(staff_id)
                if person is None:
                    person = officers[staff_id] = _Totals(codes)
                person.add(answers)
            sources[source] += 1
            for key, value in (profile or {}).items():
                counter = profile_counts.get(key)
                if counter is not None:
                    counter[value] += 1
        population = int(
            session.scalar(
                select(func.count(Ticket.id)).where(
                    Ticket.site_id == site_id,
                    Ticket.day >= query.date_from,
                    Ticket.day <= query.date_to,
                    Ticket.status.not_in(_NOT_VISITS),
                    *on_tickets,
                )
            )
            or 0
        )
        service_rows = {
            s.id: s
            for s in session.scalars(
                select(Service).where(Service.id.in_([k for k in services if k is not None]))
            )
        }
        staff_rows = {}
        if by_officer:
            staff_rows = {
                s.id: s
                for s in session.scalars(
                    select(Staff).where(Staff.id.in_([k for k in officers if k is not None]))
                )
            }
        result = total.result(codes)
        questions = tuple(
            QuestionFigure(
                code=question.code,
                names=question.names,
                answered=result.answered[question.code],
                nrr=result.nrr[question.code],
                nrr_weighted=result.nrr_weighted(question.code),
                distribution=(
                    distribution[question.code][0],
                    distribution[question.code][1],
                    distribution[question.code][2],
                    distribution[question.code][3],
                ),
            )
            for question in q.questions
        )
        by_service = tuple(
            sorted(
                (
                    GroupFigure(
                        code=service_rows[sid].code if sid in service_rows else "",
                        names=(
                            {"id": service_rows[sid].name_id, "en": service_rows[sid].name_en}
                            if sid in service_rows
                            else {"id": "Tanpa layanan", "en": "No service named"}
                        ),
                        responses=group.responses,
                        result=group.result(codes),
                    )
                    for sid, group in services.items()
                ),
                key=lambda g: (-g.responses, g.code),
            )
        )
        officer_figures: tuple[GroupFigure, ...] | None = None
        if by_officer:
            officer_figures = tuple(
                sorted(
                    (
                        GroupFigure(
                            code=staff_rows[sid].username if sid in staff_rows else "",
                            names=(
                                {"id": staff_rows[sid].full_name, "en": staff_rows[sid].full_name}
                                if sid in staff_rows
                                else {
                                    "id": "Tanpa petugas (kertas, web)",
                                    "en": "No officer (paper, web)",
                                }
                            ),
                            responses=group.responses,
                            result=group.result(codes),
                        )
                        for sid, group in officers.items()
                    ),
                    key=lambda g: (g.code == "", -g.responses, g.code),
                )
            )
        profile = tuple(
            ProfileFigure(
                code=f.code,
                labels=f.labels,
                counts=tuple(
                    ChoiceCount(c.code, c.labels, profile_counts[f.code].get(c.code, 0))
                    for c in f.choices
                ),
                unanswered=result.responses
                - sum(profile_counts[f.code].get(c.code, 0) for c in f.choices),
            )
            for f in q.profile
        )
        return SkmReport(
            query=query,
            questionnaire=q,
            site_names={"id": site.name_id, "en": site.name_en},
            scope=scope,
            result=result,
            questions=questions,
            population=population,
            sample_needed=sample_size(population),
            by_source=dict(sorted(sources.items())),
            profile=profile,
            by_service=by_service,
            by_officer=officer_figures,
            generated_at=ctx.local_now(),
            restricted=by_officer,
        )
