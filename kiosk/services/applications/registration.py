"""Registering a complete file: number, tracking code, due date, chain, first event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.core.codes import (
    format_code,
    format_registration_number,
    new_tracking_code,
    normalize_code,
)
from kiosk.core.nik import validate_nik
from kiosk.core.personal import seal_applicant
from kiosk.core.privacy import mask_name
from kiosk.db.models import (
    Application,
    ApplicationSequence,
    Service,
    Ticket,
)
from kiosk.errors import BadInput, LocalText, NotFound, Refused
from kiosk.i18n import Lang, available_languages
from kiosk.services.audit import append_event
from kiosk.services.context import AppContext
from kiosk.services.deadlines import (
    promised_due,
)
from kiosk.services.personal import keyring
from kiosk.services.requirements import match_documents, service_requirements
from kiosk.services.staff import Officer, require

if TYPE_CHECKING:
    pass

from kiosk.services.applications._base import (
    MAX_NAME,
    RegisteredApplication,
    _audit,
    _clean_phone,
    _clean_text,
    _complete_moment,
    _site_row,
    _stage_chain,
)
from kiosk.services.applications.receipts import (
    _enqueue_receipt,
)

# --- registration -------------------------------------------------------------------------------


def _next_sequence(session: Session, site_id: int, year: int) -> int:
    """Race-free yearly counter: upsert + RETURNING in the caller's transaction."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    seq = ApplicationSequence
    stmt = (
        insert(seq)
        .values(site_id=site_id, year=year, last=1)
        .on_conflict_do_update(index_elements=[seq.site_id, seq.year], set_={"last": seq.last + 1})
        .returning(seq.last)
    )
    return int(session.execute(stmt).scalar_one())


def _new_code(session: Session) -> str:
    """A fresh tracking code; 60 random bits make a clash astronomically rare, but check."""
    for _ in range(5):
        code = new_tracking_code("A")
        taken = session.scalar(select(Application.id).where(Application.tracking_code == code))
        if taken is None:
            return code
    raise RuntimeError("could not draw an unused tracking code")  # pragma: no cover


def register(
    ctx: AppContext,
    officer: Officer,
    service_code: str,
    *,
    name: str,
    nik: str,
    phone: str = "",
    documents: Sequence[str] | None = None,
    not_applicable: Sequence[str] = (),
    complete_at: datetime | None = None,
    ticket_code: str | None = None,
    printer_uri: str | None = None,
    lang: Lang = "id",
    notify_opt_in: bool = False,
) -> RegisteredApplication:
    """Register a complete file: number, tracking secret, due date, stage chain, first event,
    and (with a printer) the receipt's print job, all in ONE transaction.

    ``documents`` are the requirements received (text or number; None: all of them),
    ``not_applicable`` the conditional ones that do not apply to this applicant;
    ``notify_opt_in``: the applicant agreed to messages on that phone (kiosk.services.notify)."""
    name = _clean_text(name, "name", MAX_NAME, required=True)
    nik_info = validate_nik(nik)
    phone = _clean_phone(phone)
    if notify_opt_in and not phone:
        raise BadInput("notify_needs_phone")
    complete = _complete_moment(ctx, complete_at)
    if lang not in available_languages():
        raise BadInput("language_unknown", language=lang)
    code = (service_code or "").strip().upper()
    with ctx.db.transaction() as session:
        site = _site_row(ctx, session)
        service = session.scalar(
            select(Service).where(Service.site_id == site.id, Service.code == code)
        )
        if service is None:
            raise NotFound("service", code=code[:20])
        require(officer, "application.register", service.agency_id)
        if not service.active:
            raise Refused("service_inactive", service=LocalText(service.name_id, service.name_en))
        received, skipped = match_documents(
            service_requirements(
                service.requirements_id,
                service.requirements_en,
                service.requirement_conditions or [],
            ),
            documents,
            not_applicable,
        )
        ticket_id = None
        if ticket_code:
            canonical = normalize_code(ticket_code)
            ticket_id = session.scalar(
                select(Ticket.id).where(Ticket.site_id == site.id, Ticket.code == canonical)
            )
            if ticket_id is None:
                raise NotFound("ticket")
        now = ctx.now()
        due, due_confirmed = promised_due(ctx, session, service, site, complete)
        year = now.astimezone(ctx.zone).year
        seq = _next_sequence(session, site.id, year)
        chain = _stage_chain(session, site.id, service)
        number = format_registration_number(site.code, year, seq)
        app = Application(
            site_id=site.id,
            service_id=service.id,
            registration_number=number,
            year=year,
            sequence=seq,
            tracking_code=_new_code(session),
            **seal_applicant(keyring(ctx), number, name, nik_info.nik, phone),
            documents=[r.as_record() for r in received],
            documents_not_applicable=[r.as_record() for r in skipped],
            stages=chain,
            status="in_progress",
            current_stage=chain[0]["code"],
            complete_at=complete,
            due_at=due,
            clock_stopped_at=None,
            paused_working_days=0,
            registered_at=now,
            officer_id=officer.id,
            ticket_id=ticket_id,
            reject_reason="",
            event_count=0,
            head_hash="",
            notify_opt_in=bool(notify_opt_in),
        )
        if chain[0]["applicant_action"]:
            app.status, app.clock_stopped_at = "waiting_applicant", now
        session.add(app)
        session.flush()
        append_event(session, app, kind="registered", staff_id=officer.id, at=now)
        _audit(session, app, officer, "application.register", now)
        job_id = None
        if printer_uri:
            job_id = _enqueue_receipt(ctx, session, app, printer_uri, lang)
        return RegisteredApplication(
            id=app.id,
            registration_number=app.registration_number,
            tracking_code=app.tracking_code,
            tracking_code_display=format_code(app.tracking_code),
            service_code=service.code,
            service_name_id=service.name_id,
            service_name_en=service.name_en,
            masked_name=mask_name(name),
            complete_at=complete,
            registered_at=now,
            due_date=due.astimezone(ctx.zone).date(),
            due_at=due,
            sop_working_days=service.sop_working_days,
            sop_minutes=service.sop_minutes,
            documents_id=tuple(r.label("id") for r in received),
            documents_en=tuple(r.label("en") for r in received),
            not_applicable_id=tuple(r.label("id") for r in skipped),
            not_applicable_en=tuple(r.label("en") for r in skipped),
            print_job_id=job_id,
            due_confirmed=due_confirmed,
        )
