"""What every application use case shares: limits, input checks, loading, the audit row."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.codes import (
    format_registration_number,
    normalize_code,
    parse_registration_number,
)
from kiosk.core.phone import clean_phone
from kiosk.db.models import (
    Application,
    AuditLog,
    Service,
    Site,
    Stage,
)
from kiosk.errors import BadInput, NotFound
from kiosk.services.context import AppContext
from kiosk.services.deadlines import (
    open_minutes_between,
)
from kiosk.services.staff import Officer

if TYPE_CHECKING:
    pass


#: Stage codes that mean "issued, ready for pick-up" and "handed over" in the site's dictionary.
READY_CODES = ("izin_terbit", "siap_diambil")
HANDOVER_CODES = ("diserahkan",)
_SYNTHETIC = {
    "siap_diambil": ("Siap diambil", "Ready for pick-up"),
    "diserahkan": ("Diserahkan kepada pemohon", "Handed over to the applicant"),
}
MAX_NAME = 200
MAX_NOTE = 500
#: Kept importable from here (tests and tools use the old names).
_open_minutes_between = open_minutes_between
#: The one phone rule (kiosk.core.phone), shared with the web's booking reminder.
_clean_phone = clean_phone
#: How far back a completion time may lie: older files belong to the archive, not the counter.
MAX_BACKDATE = timedelta(days=31)


@dataclass(frozen=True)
class RegisteredApplication:
    """What the counter shows and prints right after registration."""

    id: int
    registration_number: str
    tracking_code: str
    tracking_code_display: str
    service_code: str
    service_name_id: str
    service_name_en: str
    masked_name: str
    complete_at: datetime
    registered_at: datetime
    due_date: date
    due_at: datetime
    sop_working_days: int | None
    sop_minutes: int | None
    documents_id: tuple[str, ...]
    documents_en: tuple[str, ...]
    print_job_id: int | None
    #: Conditional requirements the officer marked "tidak berlaku" (not applicable).
    not_applicable_id: tuple[str, ...] = ()
    not_applicable_en: tuple[str, ...] = ()
    #: False when the due date counts holidays of a year not confirmed by an admin (estimated
    #: from the holidays package) or of no list at all: the counter and the CLI warn.
    due_confirmed: bool = True


# --- input checks -------------------------------------------------------------------------------


def _clean_text(raw: str, what: str, limit: int, *, required: bool) -> str:
    """One line of human text: NFC, no control characters, bounded length."""
    if not isinstance(raw, str):
        raise BadInput("text_expected", field=what)
    # Line breaks and tabs (a multi-line text box) become spaces; ESC, NUL, bidi overrides and
    # the like are refused: they would reach printers and screens. A lone surrogate (Cs; found
    # by fuzzing) cannot be stored as UTF-8: PostgreSQL's insert failed as an internal error.
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs"} for ch in text):
        raise BadInput("text_control_chars", field=what)
    if required and not text:
        raise BadInput("text_empty", field=what)
    if len(text) > limit:
        raise BadInput("text_too_long", field=what, limit=limit)
    return text


def _complete_moment(ctx: AppContext, complete_at: datetime | None) -> datetime:
    """When the file was complete: now by default; never in the future, at most a month ago."""
    now = ctx.now()
    if complete_at is None:
        return now
    if complete_at.tzinfo is None:
        complete_at = complete_at.replace(tzinfo=ctx.zone)
    complete_at = complete_at.astimezone(UTC)
    if complete_at > now + timedelta(minutes=1):
        raise BadInput("complete_at_future")
    if complete_at < now - MAX_BACKDATE:
        raise BadInput("complete_at_too_old", days=MAX_BACKDATE.days)
    return complete_at


# --- loading ------------------------------------------------------------------------------------


@dataclass
class _Loaded:
    """An application row with what every progress use case needs beside it."""

    app: Application
    service: Service
    site: Site


def _stage_chain(session: Session, site_id: int, service: Service) -> list[dict[str, Any]]:
    """Snapshot of the service's stage chain, always ending in a ready and a hand-over stage."""
    rows = {s.code: s for s in session.scalars(select(Stage).where(Stage.site_id == site_id))}
    codes = list(service.stages) or ["berkas_diterima"]
    handover = codes.pop() if codes[-1] in HANDOVER_CODES else "diserahkan"
    ready = codes.pop() if codes and codes[-1] in READY_CODES else "siap_diambil"
    if not codes:
        codes = ["berkas_diterima"]
    chain: list[dict[str, Any]] = []
    for code, role in [*((c, "work") for c in codes), (ready, "ready"), (handover, "handover")]:
        row = rows.get(code)
        name_id, name_en = (row.name_id, row.name_en) if row else _SYNTHETIC.get(code, (code, code))
        chain.append(
            {
                "code": code,
                "name_id": name_id,
                "name_en": name_en,
                "applicant_action": bool(row.applicant_action) if row and role == "work" else False,
                "role": role,
            }
        )
    return chain


def _site_row(ctx: AppContext, session: Session) -> Site:
    return session.get_one(Site, ctx.site_id(session))


def find_application_id(ctx: AppContext, session: Session, code: str) -> int:
    """Staff lookup by tracking code (any spelling) or registration number; NotFound otherwise."""
    site_id = ctx.site_id(session)
    found: int | None = None
    if isinstance(code, str) and len(code) <= 64:
        canonical = normalize_code(code)
        if canonical is not None:
            found = session.scalar(
                select(Application.id).where(
                    Application.tracking_code == canonical, Application.site_id == site_id
                )
            )
        if found is None:
            parsed = parse_registration_number(code)
            if parsed is not None and parsed[0] == ctx.settings.site.code.upper():
                number = format_registration_number(*parsed)
                found = session.scalar(
                    select(Application.id).where(
                        Application.site_id == site_id,
                        Application.registration_number == number,
                    )
                )
    if found is None:
        raise NotFound("application")
    return found


def _load_for_update(ctx: AppContext, session: Session, code: str) -> _Loaded:
    app_id = find_application_id(ctx, session, code)
    app = session.scalars(
        select(Application).where(Application.id == app_id).with_for_update()
    ).one()
    service = session.get_one(Service, app.service_id)
    return _Loaded(app, service, _site_row(ctx, session))


def _audit(
    session: Session, app: Application, officer: Officer, action: str, now: datetime
) -> None:
    session.add(
        AuditLog(
            site_id=app.site_id,
            at=now,
            staff_id=officer.id,
            action=action,
            entity="application",
            entity_id=app.registration_number,
            # The event count and head tie the application's chain into the audit log's
            # (services/audit.py): a rewritten or deleted history contradicts this row.
            detail={
                "stage": app.current_stage,
                "status": app.status,
                "events": app.event_count,
                "head": app.head_hash,
            },
        )
    )
