"""What the complaint use cases share: deadlines, scope (who may see which complaint), lookups,
the history and audit rows, and the views."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, select
from sqlalchemy.orm import Session

from kiosk.core.codes import code_kind, format_code, normalize_code
from kiosk.core.complaints import CLASS_WORKING_DAYS, FIRST_RESPONSE_CLASS
from kiosk.db.models import AuditLog, Complaint, ComplaintStep, Staff
from kiosk.errors import NotFound
from kiosk.services.context import AppContext
from kiosk.services.deadlines import end_of_day
from kiosk.services.holidays import calendar_for_span
from kiosk.services.staff import Officer, require

__all__ = [
    "Deadline",
    "deadline",
    "find_complaint",
    "is_overdue",
    "record_step",
    "scope_clause",
    "visible_to",
]

PERMISSION = "complaints.handle"


@dataclass(frozen=True)
class Deadline:
    """A response deadline: its last working day, the moment it ends, how many working days."""

    due_date: date
    due_at: datetime
    working_days: int
    confirmed: bool  # every year it spans has a confirmed holiday list


def deadline(
    ctx: AppContext, session: Session, received_at: datetime, klass: str | None
) -> Deadline:
    """The deadline of a complaint received at ``received_at`` of class ``klass`` (None: the
    first-response window), over the site's holiday table (estimated years seeded first)."""
    days = CLASS_WORKING_DAYS[klass or FIRST_RESPONSE_CLASS]
    start = received_at.astimezone(ctx.zone).date()
    calendar, due_day = calendar_for_span(
        ctx, session, start, lambda cal: cal.add_working_days(start, days)
    )
    return Deadline(
        due_day, end_of_day(due_day, ctx.zone), days, calendar.confirmed_between(start, due_day)
    )


def is_overdue(complaint: Complaint, now: datetime) -> bool:
    """Past its deadline with no response yet (a late response is "late", not overdue)."""
    return complaint.status in ("received", "classified", "investigating") and now > (
        complaint.due_at
    )


def visible_to(officer: Officer, complaint: Complaint) -> bool:
    """Whether a handler may see this complaint: never one about themselves; an agency's
    supervisor only their agency's (site-level supervisors and admins: all)."""
    if complaint.staff_id is not None and complaint.staff_id == officer.id:
        return False
    if officer.role != "admin" and officer.agency_id is not None:
        return complaint.agency_id == officer.agency_id
    return True


def scope_clause(officer: Officer) -> ColumnElement[bool]:
    """visible_to as SQL, for the register's list."""
    not_me = or_(Complaint.staff_id.is_(None), Complaint.staff_id != officer.id)
    if officer.role != "admin" and officer.agency_id is not None:
        return and_(not_me, Complaint.agency_id == officer.agency_id)
    return not_me


def find_complaint(
    ctx: AppContext, session: Session, officer: Officer, code: str, *, lock: bool = False
) -> Complaint:
    """The complaint ``code`` (any spelling) as ``officer`` may see it.

    Forbidden without the permission; NotFound when it does not exist AND when it is not theirs
    to see (about them, another agency's): the register never confirms that such a complaint
    exists.
    """
    require(officer, PERMISSION)
    canonical = normalize_code(code) if isinstance(code, str) else None
    if canonical is None or code_kind(canonical) != "complaint":
        raise NotFound("complaint")
    stmt = select(Complaint).where(
        Complaint.site_id == ctx.site_id(session), Complaint.code == canonical
    )
    complaint = session.scalar(stmt.with_for_update() if lock else stmt)
    if complaint is None or not visible_to(officer, complaint):
        raise NotFound("complaint")
    return complaint


def record_step(
    session: Session,
    complaint: Complaint,
    at: datetime,
    step: str,
    officer: Officer | None,
    note: str = "",
    **detail: Any,
) -> None:
    """One history row and one audit row, in the use case's transaction. Neither carries the
    reporter's contact or the complaint's text."""
    session.add(
        ComplaintStep(
            site_id=complaint.site_id,
            complaint_id=complaint.id,
            at=at,
            staff_id=officer.id if officer else None,
            step=step,
            status=complaint.status,
            note=note,
            detail=detail,
        )
    )
    session.add(
        AuditLog(
            site_id=complaint.site_id,
            at=at,
            staff_id=officer.id if officer else None,
            action=f"complaint.{step}",
            entity="complaint",
            entity_id=str(complaint.id),
            detail={"code": format_code(complaint.code), "status": complaint.status} | detail,
        )
    )


def staff_names(session: Session, ids: set[int]) -> dict[int, tuple[str, str]]:
    """id -> (username, full name) of the staff rows named in ``ids``."""
    if not ids:
        return {}
    rows = session.execute(
        select(Staff.id, Staff.username, Staff.full_name).where(Staff.id.in_(ids))
    ).all()
    return {row[0]: (row[1], row[2]) for row in rows}
