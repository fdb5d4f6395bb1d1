"""Staff accounts and sign-in: argon2id hashes, roles, and the permission check used by use cases.

Authorisation lives here (not in widgets): every staff use case calls `require(...)` with the
signed-in officer, so the CLI and the counter window enforce the same rules.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Agency, AuditLog, Site, Staff
from kiosk.errors import BadInput, Forbidden, NotFound
from kiosk.services import attempts
from kiosk.services.catalog_check import check_name, column_limit
from kiosk.services.context import AppContext

Role = Literal["officer", "supervisor", "admin"]
ROLES: tuple[Role, ...] = ("officer", "supervisor", "admin")
MIN_PASSWORD = 8
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)
USERNAME = re.compile(r"^[a-z][a-z0-9._-]{2,63}$")

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
    # The admin window: supervisors manage their own agency's services, counters and staff
    # there (kiosk/services/admin/access.py); site-wide settings stay with "catalog.edit".
    "admin.open": frozenset({"supervisor", "admin"}),
    "staff.manage": frozenset({"admin"}),
    # `mpp-kiosk audit verify`: names the applications whose history was changed.
    "audit.verify": frozenset({"supervisor", "admin"}),
    # Personal data (services/privacy.py): a data subject's export, retention, the keys.
    "privacy.export": frozenset({"supervisor", "admin"}),
    "privacy.purge": frozenset({"admin"}),
    "privacy.rotate": frozenset({"admin"}),
    # `mpp-kiosk db backup|restore|roles`: a backup is every applicant's file; roles are rights.
    "database.manage": frozenset({"admin"}),
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
    actor: Officer | None = None,
) -> Officer:
    """Create a staff account (one transaction, audited). ``actor``, when given (the CLI
    always gives one), must hold staff.manage; in-process set-up (the demo) passes none."""
    if actor is not None:
        require(actor, "staff.manage")
    username, role = _checked(username, password, role, agency_code)
    with ctx.db.transaction() as session:
        return _insert(ctx, session, ctx.site_id(session), username, password, role,
                       full_name, agency_code, actor)  # fmt: skip


def add_first_admin(
    ctx: AppContext, username: str, password: str, *, full_name: str = ""
) -> Officer:
    """The first account of an empty site: an admin, with nobody signed in (the one step of a
    new installation that cannot be). Refused (sign in) once the site has any account. When
    the catalogue is not imported yet the site's row is created with its code as its name;
    the catalogue's import (by this admin) fills it in."""
    username, role = _checked(username, password, "admin", None)
    code = ctx.settings.site.code
    with ctx.db.transaction() as session:
        site = session.scalar(select(Site).where(Site.code == code).with_for_update())
        if site is None:
            site = Site(code=code, name_id=code, name_en=code, timezone=ctx.settings.site.timezone)
            session.add(site)
            session.flush()
        if session.scalar(select(func.count(Staff.id)).where(Staff.site_id == site.id)):
            raise Forbidden("cli_sign_in")
        return _insert(ctx, session, site.id, username, password, role, full_name, None, None)


def _checked(username: str, password: str, role: str, agency_code: str | None) -> tuple[str, Role]:
    username = username.strip().lower()
    if not USERNAME.match(username):
        raise BadInput("username_format", username=username)
    if role not in ROLES:
        raise BadInput("role_unknown", role=role, roles=list(ROLES))
    if len(password) < MIN_PASSWORD:
        raise BadInput("password_short", minimum=MIN_PASSWORD)
    if role == "officer" and not agency_code:
        raise BadInput("officer_needs_agency")
    return username, role


def _insert(
    ctx: AppContext,
    session: Session,
    site_id: int,
    username: str,
    password: str,
    role: Role,
    full_name: str,
    agency_code: str | None,
    actor: Officer | None,
) -> Officer:
    # The name tag on the counter-side screen: the catalogue's rules (issue 12, no bidi tricks).
    full_name = check_name(
        full_name.strip(), column_limit(Staff, "full_name"), source="staff", entry=username,
        key="full_name",
    )  # fmt: skip
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
            staff_id=actor.id if actor is not None else None,
            action="staff.add",
            entity="staff",
            entity_id=str(staff.id),
            detail={"username": username, "role": role, "agency": agency_code},
        )
    )
    return Officer(staff.id, username, staff.full_name, role, agency_id, agency_code)


def login_name(username: object) -> str:
    """One spelling per sign-in name (NFKC, case-folded, trimmed): "Petugas ", "PETUGAS" and
    "ｐｅｔｕｇａｓ" are one account and share one lockout."""
    text = username if isinstance(username, str) else ""
    return unicodedata.normalize("NFKC", text).strip().casefold()


_dummy: tuple[PasswordHasher, str] | None = None


def _dummy_hash() -> str:
    """A hash made by the current hasher, verified for names without an account so that their
    refusal costs what a real account's costs (timing must not tell which names exist)."""
    global _dummy
    if _dummy is None or _dummy[0] is not _hasher:
        _dummy = (_hasher, _hasher.hash(secrets.token_urlsafe(24)))
    return _dummy[1]


def authenticate(ctx: AppContext, username: str, password: str) -> Officer:
    """Check a password; five failures lock the name for five minutes.

    The account's row is locked (SELECT ... FOR UPDATE) from the check to the count, so
    parallel guesses queue: exactly MAX_FAILED_LOGINS are checked, the rest are "locked" (on
    PostgreSQL as on SQLite). A name without an account is refused the same way: a dummy hash
    is verified and its failures are counted in its own bucket (kiosk.services.attempts), so
    it too is "locked" after five, and neither the answer nor the time tells it exists.
    """
    name = login_name(username)
    secret = password if isinstance(password, str) else ""
    refusal: Forbidden | None = None
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        now = ctx.now()
        staff = session.scalar(
            select(Staff)
            .where(Staff.site_id == site_id, Staff.username == name)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
        if staff is None or not staff.active:
            refusal = _refuse_unknown(session, site_id, name, secret, now, ctx)
        elif staff.locked_until is not None and staff.locked_until > now:
            refusal = Forbidden("locked", until=staff.locked_until.astimezone(ctx.zone))
        elif not verify_secret(staff.password_hash, secret):
            # The row is locked: this count is exact. It is committed, then we refuse.
            staff.failed_logins = (staff.failed_logins or 0) + 1
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


def _refuse_unknown(
    session: Session, site_id: int, name: str, secret: str, now: datetime, ctx: AppContext
) -> Forbidden:
    """What a real account would answer to a wrong password, for a name without one."""
    (bucket,) = attempts.lock(session, site_id, [attempts.key("u", name)])
    until = attempts.blocked_until([bucket], now)
    if until is not None:
        return Forbidden("locked", until=until.astimezone(ctx.zone))
    verify_secret(_dummy_hash(), secret)
    attempts.fail([bucket], [attempts.Limit(MAX_FAILED_LOGINS, LOCKOUT)], now)
    return Forbidden("wrong_password")
