"""What the register's screens need around the use cases: who a complaint may be given to, and
the counts behind a supervisor's badge ("3 open, 1 overdue").

Same rules as the register (``complaints.handle``, the scope of _common.visible_to): the
candidates are exactly the people :func:`kiosk.services.complaints.assign` would accept, so a
screen never offers a name the service then refuses; the counts cover only what the handler
may see (never complaints about themselves).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from kiosk.db.models import Agency, Complaint, Staff
from kiosk.services.complaints._common import PERMISSION, find_complaint, scope_clause, visible_to
from kiosk.services.context import AppContext
from kiosk.services.staff import PERMISSIONS, Officer, require

__all__ = ["Handler", "RegisterCounts", "assignable_staff", "register_counts"]

UNANSWERED = ("received", "classified", "investigating")


@dataclass(frozen=True)
class Handler:
    """A staff member a complaint may be given to for investigation."""

    username: str
    full_name: str
    role: str
    agency_code: str | None


@dataclass(frozen=True)
class RegisterCounts:
    """``open``: not closed yet; ``overdue``: past the deadline without a response."""

    open: int
    overdue: int


def assignable_staff(ctx: AppContext, officer: Officer, code: str) -> list[Handler]:
    """Active staff who may handle complaint ``code`` (never the officer it is about; an agency's
    supervisor only for their agency's): what ``assign`` accepts, by name."""
    roles = sorted(PERMISSIONS[PERMISSION])
    with ctx.db.snapshot() as session:
        complaint = find_complaint(ctx, session, officer, code)
        rows = session.execute(
            select(
                Staff.id, Staff.username, Staff.full_name, Staff.role, Staff.agency_id, Agency.code
            )
            .outerjoin(Agency, Agency.id == Staff.agency_id)
            .where(
                Staff.site_id == complaint.site_id,
                Staff.active.is_(True),
                Staff.role.in_(roles),
            )
            .order_by(Staff.full_name, Staff.username)
        ).all()
        out = []
        for staff_id, username, full_name, role, agency_id, agency_code in rows:
            candidate = Officer(staff_id, username, full_name, role, agency_id, agency_code)  # type: ignore[arg-type]
            if visible_to(candidate, complaint):
                out.append(Handler(username, full_name or username, role, agency_code))
        return out


def register_counts(ctx: AppContext, officer: Officer) -> RegisterCounts:
    """How many complaints ``officer`` may see are open, and how many of them are overdue."""
    require(officer, PERMISSION)
    with ctx.db.snapshot() as session:
        scope = (Complaint.site_id == ctx.site_id(session), scope_clause(officer))
        open_count = session.scalar(
            select(func.count(Complaint.id)).where(*scope, Complaint.status != "closed")
        )
        overdue = session.scalar(
            select(func.count(Complaint.id)).where(
                *scope, Complaint.status.in_(UNANSWERED), Complaint.due_at < ctx.now()
            )
        )
        return RegisterCounts(int(open_count or 0), int(overdue or 0))
