"""The complaints report: what citizens complained about, how fast they got an answer, and what
came of it. Counts only: no names, no texts, no contacts, on any copy.

Definitions (kiosk/core/complaints.py):

* a complaint belongs to the period by the local day it was received;
* by category, by class (``unclassified`` until the supervisor sets one) and by current status;
* answered within the deadline: the (first) response was given at or before the due moment,
  the class's working days over the holiday table; answered late: after it; unanswered and
  overdue: no response yet and the deadline has passed now; unanswered, still in time: the rest;
* outcomes: of the closed complaints, how many were founded, and the outcome for the officer.

The restricted copy adds the overdue unanswered complaints by code (category, class, agency and
deadline only), without the complaints about the officer who runs the report (the register's
rule: a handler never sees a complaint about themselves).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from kiosk.core.codes import format_code
from kiosk.core.complaints import CATEGORIES, CLASSES, OUTCOMES, STATUSES
from kiosk.db.models import Agency, Complaint
from kiosk.services.context import AppContext
from kiosk.services.reports._common import (
    ReportQuery,
    Scope,
    authorise,
    period_bounds,
    resolve_scope,
)
from kiosk.services.staff import Officer

__all__ = ["DEADLINE_STATES", "ComplaintsReport", "LateComplaint", "complaints_report"]

#: How a complaint stands against its response deadline.
DEADLINE_STATES = ("on_time", "late", "overdue", "pending")
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class AgencyCount:
    code: str
    names: Mapping[str, str]
    received: int
    deadline: Mapping[str, int]

    def name(self, lang: str = "id") -> str:
        return self.names.get(lang) or self.names.get("id") or self.code


@dataclass(frozen=True)
class LateComplaint:
    code: str
    category: str
    complaint_class: str
    status: str
    agency_code: str
    due_date: date


@dataclass(frozen=True)
class ComplaintsReport:
    query: ReportQuery
    scope: Scope
    received: int
    by_category: Mapping[str, int]
    by_class: Mapping[str, int]
    by_status: Mapping[str, int]
    deadline: Mapping[str, int]  # DEADLINE_STATES -> count
    closed: int
    founded: int
    unfounded: int
    outcomes: Mapping[str, int]  # of the founded ones
    by_agency: tuple[AgencyCount, ...]
    late_list: tuple[LateComplaint, ...] | None
    as_of: datetime
    generated_at: datetime
    restricted: bool

    @property
    def answered_on_time_share(self) -> float | None:
        answered = self.deadline["on_time"] + self.deadline["late"]
        return self.deadline["on_time"] / answered if answered else None


@dataclass(frozen=True)
class _AgencyName:
    code: str
    name_id: str
    name_en: str


def _deadline_state(c: Any, now: datetime) -> str:
    if c.responded_at is not None:
        return "on_time" if c.responded_at <= c.due_at else "late"
    return "overdue" if now > c.due_at else "pending"


def complaints_report(
    ctx: AppContext, query: ReportQuery, *, officer: Officer | None, restricted: bool = False
) -> ComplaintsReport:
    """The counts of one period and scope (module docstring)."""
    query = authorise(officer, query)
    assert officer is not None  # authorise refused a missing officer
    zone = ctx.zone
    start, end = period_bounds(query, zone)
    now = ctx.now()
    with ctx.db.snapshot() as session:
        scope = resolve_scope(ctx, session, query)
        # Only the columns counted: the text, the contact and the response are never read.
        stmt = select(
            Complaint.code,
            Complaint.category,
            Complaint.complaint_class,
            Complaint.status,
            Complaint.agency_id,
            Complaint.staff_id,
            Complaint.due_at,
            Complaint.responded_at,
            Complaint.founded,
            Complaint.outcome,
        ).where(
            Complaint.site_id == scope.site_id,
            Complaint.received_at >= start,
            Complaint.received_at < end,
        )
        if scope.agency_id is not None:
            stmt = stmt.where(Complaint.agency_id == scope.agency_id)
        if scope.service_id is not None:
            stmt = stmt.where(Complaint.service_id == scope.service_id)
        rows = list(session.execute(stmt.order_by(Complaint.due_at, Complaint.id)))
        agencies = {
            a.id: _AgencyName(a.code, a.name_id, a.name_en)
            for a in session.scalars(select(Agency).where(Agency.site_id == scope.site_id))
        }
    categories: Counter[str] = Counter()
    classes: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    deadline: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    per_agency: dict[int | None, Counter[str]] = {}
    closed = founded = unfounded = 0
    late_list: list[LateComplaint] = []
    for c in rows:
        state = _deadline_state(c, now)
        categories[c.category] += 1
        classes[c.complaint_class or UNCLASSIFIED] += 1
        statuses[c.status] += 1
        deadline[state] += 1
        counts = per_agency.setdefault(c.agency_id, Counter())
        counts["received"] += 1
        counts[state] += 1
        if c.status == "closed":
            closed += 1
            if c.founded:
                founded += 1
                outcomes[c.outcome or "none"] += 1
            elif c.founded is False:
                unfounded += 1
        if restricted and state == "overdue" and c.staff_id != officer.id:
            agency = agencies.get(c.agency_id) if c.agency_id is not None else None
            late_list.append(
                LateComplaint(
                    format_code(c.code),
                    c.category,
                    c.complaint_class or UNCLASSIFIED,
                    c.status,
                    agency.code if agency else "",
                    c.due_at.astimezone(zone).date(),
                )
            )
    by_agency = sorted(
        (
            AgencyCount(
                agencies[aid].code if aid in agencies else "",
                {"id": agencies[aid].name_id, "en": agencies[aid].name_en}
                if aid in agencies
                else {"id": "Tanpa instansi", "en": "No agency named"},
                counts["received"],
                {s: counts.get(s, 0) for s in DEADLINE_STATES},
            )
            for aid, counts in per_agency.items()
        ),
        key=lambda a: (a.code == "", -a.received, a.code),
    )
    return ComplaintsReport(
        query=query,
        scope=scope,
        received=len(rows),
        by_category={k: categories.get(k, 0) for k in CATEGORIES},
        by_class={k: classes.get(k, 0) for k in (*CLASSES, UNCLASSIFIED)},
        by_status={k: statuses.get(k, 0) for k in STATUSES},
        deadline={k: deadline.get(k, 0) for k in DEADLINE_STATES},
        closed=closed,
        founded=founded,
        unfounded=unfounded,
        outcomes={k: outcomes.get(k, 0) for k in OUTCOMES},
        by_agency=tuple(by_agency),
        late_list=tuple(late_list) if restricted else None,
        as_of=now.astimezone(zone),
        generated_at=ctx.local_now(),
        restricted=restricted,
    )
