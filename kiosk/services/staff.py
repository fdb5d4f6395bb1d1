"""Staff accounts and sign-in: argon2id hashes, roles, and the permission check used by use cases.

Authorisation lives here (not in widgets): every staff use case calls `require(...)` with the
signed-in officer, so the CLI and the counter window enforce the same rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select

from kiosk.db.models import Agency, AuditLog, Staff
from kiosk.errors import BadInput, Forbidden, NotFound
from kiosk.services.context import AppContext

Role = Literal["officer", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("officer", "supervisor", "admin")
MIN_PASSWORD = 8
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)
_USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,63}$")

# What each role may do; use cases name a permission, never a role.
PERMISSIONS: dict[str, frozenset[Role]] = {
    "queue.operate": frozenset({"officer", "supervisor", "admin"}),
    "application.register": frozenset({"officer", "supervisor", "admin"}),
    "application.progress": frozenset({"officer", "supervisor", "admin"}),
    "application.view_pii": frozenset({"officer", "supervisor", "admin"}),
    "queue.supervise": frozenset({"supervisor", "admin"}),
    "reports.view": frozenset({"supervisor", "admin"}),
    "complaints.handle": frozenset({"supervisor", "admin"}),
    # Reading a complaint reporter's contact (audited; never in a register view).
    "complaints.contact": frozenset({"supervisor", "admin"}),
    "catalog.edit": frozenset({"admin"}),
    "staff.manage": frozenset({"admin"}),
    # Personal data (services/privacy.py): a data subject's export, retention, the keys.
    "privacy.export": frozenset({"supervisor", "admin"}),
    "privacy.purge": frozenset({"admin"}),
    "privacy.rotate": frozenset({"admin"}),
}

_hasher = PasswordHasher()


def use_password_hasher(hasher: PasswordHasher) -> None:
    """Hash new secrets with ``hasher`` (verification always follows the parameters stored in
    each hash). The test suite uses argon2id at its lowest cost because it hashes and checks
    thousands of passwords; installations keep argon2-cffi's defaults."""
    global _hasher
    _hasher = hasher


@dataclass(frozen=True)
class Officer:
    """The signed-in staff member, as use cases see them (no password hash)."""

    id: int
    username: str
    full_name: str
    role: Role
    agency_id: int | None
    agency_code: str | None

    def can(self, permission: str) -> bool:
        return self.role in PERMISSIONS[permission]

    def may_act_for_agency(self, agency_id: int | None) -> bool:
        """Officers act only for their own agency; supervisors and admins for all."""
        if self.role != "officer" or self.agency_id is None:
            return True
        return agency_id == self.agency_id


def require(officer: Officer, permission: str, agency_id: int | None = None) -> None:
    """Raise Forbidden unless `officer` holds `permission` (for that agency, when given)."""
    if not officer.can(permission):
        raise Forbidden("role", role=officer.role, permission=permission)
    if agency_id is not None and not officer.may_act_for_agency(agency_id):
        raise Forbidden("other_agency")


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def verify_secret(stored_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(stored_hash, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def add_staff(
    ctx: AppContext,
    username: str,
    password: str,
    role: str,
    *,
    full_name: str = "",
    agency_code: str | None = None,
) -> Officer:
    """Create a staff account (one transaction, audited)."""
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise BadInput("username_format", username=username)
    if role not in ROLES:
        raise BadInput("role_unknown", role=role, roles=list(ROLES))
    if len(password) < MIN_PASSWORD:
        raise BadInput("password_short", minimum=MIN_PASSWORD)
    if role == "officer" and not agency_code:
        raise BadInput("officer_needs_agency")
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        agency_id = None
        if agency_code:
            agency_id = session.scalar(
                select(Agency.id).where(Agency.site_id == site_id, Agency.code == agency_code)
            )
            if agency_id is None:
                raise NotFound("agency", code=agency_code)
        exists = session.scalar(
            select(Staff.id).where(Staff.site_id == site_id, Staff.username == username)
        )
        if exists is not None:
            raise BadInput("username_taken", username=username)
        staff = Staff(
            site_id=site_id,
            username=username,
            full_name=full_name.strip() or username,
            role=role,
            agency_id=agency_id,
            password_hash=hash_secret(password),
            created_at=ctx.now(),
        )
        session.add(staff)
        session.flush()
        session.add(
            AuditLog(
                site_id=site_id,
                at=ctx.now(),
                action="staff.add",
                entity="staff",
                entity_id=str(staff.id),
                detail={"username": username, "role": role, "agency": agency_code},
            )
        )
        return Officer(staff.id, username, staff.full_name, role, agency_id, agency_code)


def authenticate(ctx: AppContext, username: str, password: str) -> Officer:
    """Check a password; five failures lock the account for five minutes."""
    username = username.strip().lower()
    refusal: Forbidden | None = None
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        staff = session.scalar(
            select(Staff).where(Staff.site_id == site_id, Staff.username == username)
        )
        now = ctx.now()
        if staff is None or not staff.active:
            refusal = Forbidden("wrong_password")
        elif staff.locked_until is not None and staff.locked_until > now:
            refusal = Forbidden("locked", until=staff.locked_until.astimezone(ctx.zone))
        elif not verify_secret(staff.password_hash, password):
            # The failure count is committed with this transaction, then we refuse.
            staff.failed_logins += 1
            if staff.failed_logins >= MAX_FAILED_LOGINS:
                staff.locked_until = now + LOCKOUT
                staff.failed_logins = 0
            session.add(
                AuditLog(site_id=site_id, at=now, staff_id=staff.id, action="staff.login_failed")
            )
            refusal = Forbidden("wrong_password")
        else:
            staff.failed_logins = 0
            staff.locked_until = None
            agency_code = None
            if staff.agency_id is not None:
                agency_code = session.scalar(
                    select(Agency.code).where(Agency.id == staff.agency_id)
                )
            session.add(AuditLog(site_id=site_id, at=now, staff_id=staff.id, action="staff.login"))
            officer = Officer(
                staff.id,
                staff.username,
                staff.full_name,
                staff.role,  # type: ignore[arg-type]
                staff.agency_id,
                agency_code,
            )
    if refusal is not None:
        raise refusal
    return officer
