"""Staff accounts in the admin window: create, change role or agency, disable, reset password.

Admins manage everyone. A supervisor manages the officers and supervisors of their own agency
only, cannot make anyone an admin, and nobody disables or demotes themselves (an MPP must not
lock out its last administrator by a slip). Passwords never reach the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from kiosk.db.models import Agency, Staff
from kiosk.errors import BadInput, Forbidden, NotFound
from kiosk.services import staff
from kiosk.services.admin.access import is_site_admin, record_change, require_agency, require_open
from kiosk.services.context import AppContext
from kiosk.services.staff import MIN_PASSWORD, ROLES, USERNAME, Officer

__all__ = ["StaffRow", "create_staff", "list_staff", "reset_password", "update_staff"]


@dataclass(frozen=True)
class StaffRow:
    username: str
    full_name: str
    role: str
    agency: str  # "" = no agency
    active: bool


def _row(s: Staff, codes: dict[int, str]) -> StaffRow:
    agency = codes.get(s.agency_id, "") if s.agency_id is not None else ""
    return StaffRow(s.username, s.full_name, s.role, agency, s.active)


def list_staff(ctx: AppContext, officer: Officer) -> list[StaffRow]:
    """Everyone an admin manages; a supervisor sees their agency's staff."""
    require_open(officer)
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        codes = dict(
            session.execute(select(Agency.id, Agency.code).where(Agency.site_id == site_id)).all()
        )
        stmt = select(Staff).where(Staff.site_id == site_id).order_by(Staff.username)
        if not is_site_admin(officer):
            stmt = stmt.where(Staff.agency_id == officer.agency_id)
        return [_row(s, codes) for s in session.scalars(stmt)]


def _check_role(officer: Officer, role: str, agency_id: int | None) -> None:
    if role not in ROLES:
        raise BadInput("role_unknown", role=role, roles=list(ROLES))
    if not is_site_admin(officer) and role == "admin":
        raise Forbidden("role", role=officer.role, permission="staff.manage")
    if role == "officer" and agency_id is None:
        raise BadInput("officer_needs_agency")
    require_agency(officer, agency_id)


def create_staff(
    ctx: AppContext,
    officer: Officer,
    *,
    username: str,
    password: str,
    role: str,
    full_name: str = "",
    agency: str = "",
) -> StaffRow:
    """A new account under ``staff.add_staff``'s rules, written and audited in one transaction."""
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise BadInput("username_format", username=username)
    if len(password) < MIN_PASSWORD:
        raise BadInput("password_short", minimum=MIN_PASSWORD)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        agency_id = _agency(session, site_id, agency)
        _check_role(officer, role, agency_id)
        taken = session.scalar(
            select(Staff.id).where(Staff.site_id == site_id, Staff.username == username)
        )
        if taken is not None:
            raise BadInput("username_taken", username=username)
        row = Staff(
            site_id=site_id,
            username=username,
            full_name=full_name.strip() or username,
            role=role,
            agency_id=agency_id,
            password_hash=staff.hash_secret(password),
            created_at=ctx.now(),
        )
        session.add(row)
        made = StaffRow(username, row.full_name, role, agency, True)
        record_change(
            ctx, session, officer, action="staff.create", entity="staff",
            entity_id=username, before=None, after=made.__dict__,
        )  # fmt: skip
        return made


def _agency(session: object, site_id: int, code: str) -> int | None:
    if not code:
        return None
    found = session.scalar(  # type: ignore[attr-defined]
        select(Agency.id).where(Agency.site_id == site_id, Agency.code == code)
    )
    if found is None:
        raise NotFound("agency", code=code)
    return int(found)


def update_staff(
    ctx: AppContext,
    officer: Officer,
    username: str,
    *,
    full_name: str | None = None,
    role: str | None = None,
    agency: str | None = None,
    active: bool | None = None,
) -> StaffRow:
    """Change an account's name, role, agency or whether it may sign in."""
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        row = session.scalar(
            select(Staff).where(Staff.site_id == site_id, Staff.username == username)
        )
        if row is None:
            raise NotFound("staff", username=username)
        codes = dict(
            session.execute(select(Agency.id, Agency.code).where(Agency.site_id == site_id)).all()
        )
        before = _row(row, codes)
        if before.role == "admin" and not is_site_admin(officer):
            raise Forbidden("role", role=officer.role, permission="staff.manage")
        require_agency(officer, row.agency_id)
        new_agency = row.agency_id if agency is None else _agency(session, site_id, agency)
        new_role = role or row.role
        _check_role(officer, new_role, new_agency)
        if row.id == officer.id and (active is False or new_role != row.role):
            raise BadInput("admin_not_yourself")
        if full_name is not None:
            row.full_name = full_name.strip() or row.username
        row.role, row.agency_id = new_role, new_agency
        if active is not None:
            row.active = active
        after = _row(row, codes)
        record_change(
            ctx, session, officer, action="staff.update", entity="staff", entity_id=username,
            before=before.__dict__, after=after.__dict__,
        )  # fmt: skip
        return after


def reset_password(ctx: AppContext, officer: Officer, username: str, password: str) -> None:
    """A new password the officer is told in person; unlocks the account."""
    if len(password) < MIN_PASSWORD:
        raise BadInput("password_short", minimum=MIN_PASSWORD)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        row = session.scalar(
            select(Staff).where(Staff.site_id == site_id, Staff.username == username)
        )
        if row is None:
            raise NotFound("staff", username=username)
        if row.role == "admin" and not is_site_admin(officer):
            raise Forbidden("role", role=officer.role, permission="staff.manage")
        require_agency(officer, row.agency_id)
        row.password_hash = staff.hash_secret(password)
        row.failed_logins, row.locked_until = 0, None
        record_change(
            ctx, session, officer, action="staff.reset_password", entity="staff",
            entity_id=username, before=None, after={"password": "changed"},
        )  # fmt: skip
