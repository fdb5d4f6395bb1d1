"""The supervisor's register: list, show, assign, classify, respond, close (with the outcome for
the officer), the referral's result, and the one audited way to read a reporter's contact.

Every check is here (kiosk/services/complaints/_common.py has the scope rule): the permission
``complaints.handle``; a handler never sees a complaint about themselves (it is "not found" to
them, in the list and by code); an agency's supervisor sees only their agency's complaints; no
register view carries the reporter's contact (``has_contact`` says whether there is one), and
:func:`reporter_contact` needs ``complaints.contact`` and writes an audit row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.codes import format_code
from kiosk.core.complaints import (
    CATEGORIES,
    CLASSES,
    MAX_NOTE,
    MAX_RESPONSE,
    OUTCOMES,
    RESPONDABLE,
    STATUSES,
    clean_text,
)
from kiosk.core.personal import CONTACT, open_value
from kiosk.db.models import (
    Agency,
    Application,
    Complaint,
    ComplaintStep,
    Counter,
    Service,
    Staff,
    Ticket,
)
from kiosk.errors import BadInput, LocalText, NotFound, Refused
from kiosk.i18n import translate
from kiosk.services.complaints._common import (
    PERMISSION,
    deadline,
    find_complaint,
    is_overdue,
    record_step,
    scope_clause,
    staff_names,
    visible_to,
)
from kiosk.services.context import AppContext
from kiosk.services.personal import keyring
from kiosk.services.queue.views import format_number
from kiosk.services.staff import Officer, require

__all__ = [
    "ComplaintDetail",
    "ComplaintFilters",
    "ComplaintRow",
    "StepView",
    "assign",
    "classify",
    "close",
    "list_complaints",
    "record_outcome_result",
    "reporter_contact",
    "respond",
    "show_complaint",
]

MAX_LIST = 500
_EXCERPT = 80


@dataclass(frozen=True)
class ComplaintFilters:
    """What the register shows; every field optional. ``open_only``: not closed yet;
    ``overdue``: past the deadline without a response; ``assignee``: a username."""

    status: str | None = None
    category: str | None = None
    open_only: bool = False
    overdue: bool = False
    assignee: str | None = None
    limit: int = 200


@dataclass(frozen=True)
class ComplaintRow:
    """One line of the register (no contact; the officer concerned is named for the supervisor).
    ``late``: answered, but after the deadline."""

    code: str
    code_display: str
    category: str
    status: str
    complaint_class: str | None
    source: str
    received_at: datetime
    due_date: date
    due_at: datetime
    overdue: bool
    late: bool
    agency_code: str | None
    service_code: str | None
    counter_number: int | None
    officer_username: str | None
    officer_name: str | None
    assignee_username: str | None
    has_contact: bool
    excerpt: str


@dataclass(frozen=True)
class StepView:
    at: datetime
    step: str
    status: str
    staff_username: str | None
    note: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class ComplaintDetail:
    """A complaint as its handler sees it: the row, the full text, the visit, the public
    response, the finding and outcome, and the history."""

    row: ComplaintRow
    text: str
    ticket_number: str | None
    registration_number: str | None
    filed_by_username: str | None
    response: str
    responded_at: datetime | None
    closed_at: datetime | None
    founded: bool | None
    outcome: str
    outcome_result: str
    steps: tuple[StepView, ...]


# --- views ---------------------------------------------------------------------------------------


def _rows(ctx: AppContext, session: Session, complaints: list[Complaint]) -> list[ComplaintRow]:
    now = ctx.now()
    people = staff_names(
        session,
        {i for c in complaints for i in (c.staff_id, c.assignee_id) if i is not None},
    )
    agencies = dict(
        session.execute(
            select(Agency.id, Agency.code).where(
                Agency.id.in_({c.agency_id for c in complaints if c.agency_id is not None})
            )
        ).all()
    )
    services = dict(
        session.execute(
            select(Service.id, Service.code).where(
                Service.id.in_({c.service_id for c in complaints if c.service_id is not None})
            )
        ).all()
    )
    counters = dict(
        session.execute(
            select(Counter.id, Counter.number).where(
                Counter.id.in_({c.counter_id for c in complaints if c.counter_id is not None})
            )
        ).all()
    )
    out = []
    for c in complaints:
        subject = people.get(c.staff_id) if c.staff_id is not None else None
        assignee = people.get(c.assignee_id) if c.assignee_id is not None else None
        excerpt = c.text.replace("\n", " ")
        if len(excerpt) > _EXCERPT:
            excerpt = excerpt[: _EXCERPT - 1].rstrip() + "\u2026"
        out.append(
            ComplaintRow(
                code=c.code,
                code_display=format_code(c.code),
                category=c.category,
                status=c.status,
                complaint_class=c.complaint_class,
                source=c.source,
                received_at=c.received_at,
                due_date=c.due_at.astimezone(ctx.zone).date(),
                due_at=c.due_at,
                overdue=is_overdue(c, now),
                late=c.responded_at is not None and c.responded_at > c.due_at,
                agency_code=agencies.get(c.agency_id) if c.agency_id is not None else None,
                service_code=services.get(c.service_id) if c.service_id is not None else None,
                counter_number=counters.get(c.counter_id) if c.counter_id is not None else None,
                officer_username=subject[0] if subject else None,
                officer_name=subject[1] if subject else None,
                assignee_username=assignee[0] if assignee else None,
                has_contact=bool(c.contact_sealed),
                excerpt=excerpt,
            )
        )
    return out


def _detail(ctx: AppContext, session: Session, c: Complaint) -> ComplaintDetail:
    (row,) = _rows(ctx, session, [c])
    ticket_number = None
    if c.ticket_id is not None:
        t = session.get_one(Ticket, c.ticket_id)
        ticket_number = format_number(t.prefix, t.number)
    registration = None
    if c.application_id is not None:
        registration = session.scalar(
            select(Application.registration_number).where(Application.id == c.application_id)
        )
    steps = list(
        session.scalars(
            select(ComplaintStep)
            .where(ComplaintStep.complaint_id == c.id)
            .order_by(ComplaintStep.id)
        )
    )
    people = staff_names(
        session,
        {s.staff_id for s in steps if s.staff_id is not None} | ({c.filed_by_id} - {None}),  # type: ignore[operator]
    )
    return ComplaintDetail(
        row=row,
        text=c.text,
        ticket_number=ticket_number,
        registration_number=registration,
        filed_by_username=people[c.filed_by_id][0] if c.filed_by_id in people else None,
        response=c.response,
        responded_at=c.responded_at,
        closed_at=c.closed_at,
        founded=c.founded,
        outcome=c.outcome,
        outcome_result=c.outcome_result,
        steps=tuple(
            StepView(
                at=s.at,
                step=s.step,
                status=s.status,
                staff_username=people[s.staff_id][0] if s.staff_id in people else None,
                note=s.note,
                detail=dict(s.detail or {}),
            )
            for s in steps
        ),
    )


# --- reading -------------------------------------------------------------------------------------


def list_complaints(
    ctx: AppContext, officer: Officer, filters: ComplaintFilters | None = None
) -> list[ComplaintRow]:
    """The register, oldest deadline first: what ``officer`` may see (module docstring)."""
    require(officer, PERMISSION)
    f = filters or ComplaintFilters()
    if f.status is not None and f.status not in STATUSES:
        raise BadInput("complaint_status_filter", status=str(f.status)[:20], allowed=STATUSES)
    if f.category is not None and f.category not in CATEGORIES:
        raise BadInput("complaint_category", category=str(f.category)[:32], allowed=CATEGORIES)
    limit = max(1, min(int(f.limit), MAX_LIST))
    with ctx.db.snapshot() as session:
        stmt = select(Complaint).where(
            Complaint.site_id == ctx.site_id(session), scope_clause(officer)
        )
        if f.status is not None:
            stmt = stmt.where(Complaint.status == f.status)
        if f.open_only:
            stmt = stmt.where(Complaint.status != "closed")
        if f.category is not None:
            stmt = stmt.where(Complaint.category == f.category)
        if f.overdue:
            stmt = stmt.where(
                Complaint.status.in_(("received", "classified", "investigating")),
                Complaint.due_at < ctx.now(),
            )
        if f.assignee:
            who = session.scalar(
                select(Staff.id).where(
                    Staff.site_id == ctx.site_id(session),
                    Staff.username == f.assignee.strip().lower()[:64],
                )
            )
            if who is None:
                raise NotFound("staff", username=f.assignee[:64])
            stmt = stmt.where(Complaint.assignee_id == who)
        stmt = stmt.order_by(Complaint.due_at, Complaint.id).limit(limit)
        return _rows(ctx, session, list(session.scalars(stmt)))


def show_complaint(ctx: AppContext, officer: Officer, code: str) -> ComplaintDetail:
    """One complaint with its history; NotFound when ``officer`` may not see it."""
    with ctx.db.snapshot() as session:
        return _detail(ctx, session, find_complaint(ctx, session, officer, code))


def reporter_contact(ctx: AppContext, officer: Officer, code: str) -> str:
    """The reporter's contact ("" when anonymous), for the handler who must reach them: needs
    ``complaints.contact`` on top of the register's rules, and is audited."""
    require(officer, "complaints.contact")
    with ctx.db.transaction() as session:
        complaint = find_complaint(ctx, session, officer, code)
        from kiosk.db.models import AuditLog

        session.add(
            AuditLog(
                site_id=complaint.site_id,
                at=ctx.now(),
                staff_id=officer.id,
                action="complaint.contact_viewed",
                entity="complaint",
                entity_id=str(complaint.id),
                detail={"code": format_code(complaint.code)},
            )
        )
        return open_value(keyring(ctx), CONTACT, complaint.contact_sealed)


# --- steps ---------------------------------------------------------------------------------------


def _note(note: str) -> str:
    if not note:
        return ""
    text, problem = clean_text(note, MAX_NOTE)
    if problem == "long":
        raise BadInput("complaint_note_long", limit=MAX_NOTE)
    return text


def _wrong_status(complaint: Complaint, action: str) -> Refused:
    """Refused naming the status in the reader's words ("Sudah ditanggapi" / "Answered")."""
    key = f"complaint_status_{complaint.status}"
    words = LocalText(translate("id", key, "common"), translate("en", key, "common"))
    return Refused("complaint_status", status=words, action=action)


def _not_closed(complaint: Complaint, action: str) -> None:
    if complaint.status == "closed":
        raise Refused("complaint_closed", action=action)


def assign(
    ctx: AppContext, officer: Officer, code: str, assignee: str, note: str = ""
) -> ComplaintDetail:
    """Give the investigation to ``assignee`` (a username): a handler who may see this complaint
    (never the officer it is about). A classified complaint becomes "investigating"."""
    remark = _note(note)
    with ctx.db.transaction() as session:
        complaint = find_complaint(ctx, session, officer, code, lock=True)
        _not_closed(complaint, "assign")
        name = assignee.strip().lower()[:64] if isinstance(assignee, str) else ""
        staff = session.scalar(
            select(Staff).where(Staff.site_id == complaint.site_id, Staff.username == name)
        )
        if staff is None or not staff.active:
            raise NotFound("staff", username=name)
        agency = session.scalar(select(Agency.code).where(Agency.id == staff.agency_id))
        candidate = Officer(
            staff.id,
            staff.username,
            staff.full_name,
            staff.role,  # type: ignore[arg-type]
            staff.agency_id,
            agency,
        )
        if not candidate.can(PERMISSION) or not visible_to(candidate, complaint):
            raise Refused("complaint_assignee", username=name)
        complaint.assignee_id = staff.id
        if complaint.status == "classified":
            complaint.status = "investigating"
        record_step(session, complaint, ctx.now(), "assigned", officer, remark, assignee=name)
        session.flush()
        return _detail(ctx, session, complaint)


def classify(
    ctx: AppContext, officer: Officer, code: str, complaint_class: str, note: str = ""
) -> ComplaintDetail:
    """Set the class, and so the deadline (working days from the day it was received); may be
    changed until a response is given."""
    if complaint_class not in CLASSES:
        raise BadInput("complaint_class", value=str(complaint_class)[:20], allowed=CLASSES)
    remark = _note(note)
    with ctx.db.transaction() as session:
        complaint = find_complaint(ctx, session, officer, code, lock=True)
        if complaint.status not in ("received", "classified", "investigating"):
            raise _wrong_status(complaint, "classify")
        now = ctx.now()
        due = deadline(ctx, session, complaint.received_at, complaint_class)
        complaint.complaint_class = complaint_class
        complaint.due_at = due.due_at
        complaint.classified_at = complaint.classified_at or now
        if complaint.status == "received":
            complaint.status = "investigating" if complaint.assignee_id else "classified"
        record_step(
            session,
            complaint,
            now,
            "classified",
            officer,
            remark,
            complaint_class=complaint_class,
            due_date=due.due_date.isoformat(),
            working_days=due.working_days,
        )
        session.flush()
        return _detail(ctx, session, complaint)


def respond(
    ctx: AppContext, officer: Officer, code: str, response: str, note: str = ""
) -> ComplaintDetail:
    """Give (or revise) the public response the citizen reads with the receipt's code."""
    text, problem = clean_text(response, MAX_RESPONSE)
    if problem is not None:
        raise BadInput(f"complaint_response_{problem}", limit=MAX_RESPONSE)
    remark = _note(note)
    with ctx.db.transaction() as session:
        complaint = find_complaint(ctx, session, officer, code, lock=True)
        if complaint.status not in RESPONDABLE:
            raise _wrong_status(complaint, "respond")
        now = ctx.now()
        revised = complaint.status == "responded"
        complaint.response = text
        complaint.responded_at = complaint.responded_at or now
        complaint.status = "responded"
        record_step(
            session,
            complaint,
            now,
            "response_revised" if revised else "responded",
            officer,
            remark,
            late=now > complaint.due_at,
        )
        session.flush()
        return _detail(ctx, session, complaint)


def close(
    ctx: AppContext,
    officer: Officer,
    code: str,
    *,
    founded: bool,
    outcome: str = "none",
    outcome_result: str = "",
    note: str = "",
) -> ComplaintDetail:
    """Close an answered complaint with the finding and the outcome for the officer: an outcome
    other than "none" needs a founded complaint about a named officer."""
    if outcome not in OUTCOMES:
        raise BadInput("complaint_outcome", value=str(outcome)[:24], allowed=OUTCOMES)
    if not isinstance(founded, bool):
        raise BadInput("complaint_founded")
    result = _result(outcome_result) if outcome_result else ""
    remark = _note(note)
    with ctx.db.transaction() as session:
        complaint = find_complaint(ctx, session, officer, code, lock=True)
        if complaint.status != "responded":
            raise _wrong_status(complaint, "close")
        if outcome != "none" and not founded:
            raise BadInput("complaint_outcome_unfounded", outcome=outcome)
        if outcome != "none" and complaint.staff_id is None:
            raise BadInput("complaint_outcome_no_officer", outcome=outcome)
        if result and outcome != "disciplinary":
            raise BadInput("complaint_result_not_referred")
        now = ctx.now()
        complaint.founded = founded
        complaint.outcome = outcome
        complaint.outcome_result = result
        complaint.status = "closed"
        complaint.closed_at = now
        record_step(
            session, complaint, now, "closed", officer, remark, founded=founded, outcome=outcome
        )
        session.flush()
        return _detail(ctx, session, complaint)


def _result(text: str) -> str:
    cleaned, problem = clean_text(text, MAX_NOTE)
    if problem is not None:
        raise BadInput(f"complaint_result_{problem}", limit=MAX_NOTE)
    return cleaned


def record_outcome_result(
    ctx: AppContext, officer: Officer, code: str, result: str
) -> ComplaintDetail:
    """Record the result of a referral for disciplinary proceedings (decided outside the system,
    e.g. pemberhentian), on a closed complaint whose outcome was that referral."""
    text = _result(result)
    with ctx.db.transaction() as session:
        complaint = find_complaint(ctx, session, officer, code, lock=True)
        if complaint.status != "closed" or complaint.outcome != "disciplinary":
            raise BadInput("complaint_result_not_referred")
        complaint.outcome_result = text
        record_step(session, complaint, ctx.now(), "outcome_result", officer)
        session.flush()
        return _detail(ctx, session, complaint)
