"""Filing a complaint (kiosk, web form, or a paper form typed in by staff) and the citizen's
status view. No sign-in: the receipt's code is the only key, and the public view names nobody.

The target is best found from the visit: a ticket's code gives the service, the counter and the
officer who called it (the ticket's last call, which is where the citizen was served); an
application's code or registration number gives the service, the officer who registered it and
the counter of the ticket that brought the applicant. Otherwise a counter (its agency) or a
service; or nothing, for a complaint about the building itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.codes import code_kind, format_code, new_tracking_code, normalize_code
from kiosk.core.complaints import (
    CATEGORIES,
    MAX_CONTACT,
    MAX_TEXT,
    SOURCES,
    clean_line,
    clean_text,
)
from kiosk.core.personal import CONTACT
from kiosk.db.models import (
    Agency,
    Application,
    CallEvent,
    Complaint,
    Counter,
    Service,
    Site,
    Ticket,
)
from kiosk.errors import BadInput, NotFound
from kiosk.i18n import Lang, available_languages
from kiosk.services.complaints._common import deadline, is_overdue, record_step
from kiosk.services.context import AppContext
from kiosk.services.personal import keyring
from kiosk.services.staff import Officer

__all__ = [
    "ComplaintPublicView",
    "ComplaintReceipt",
    "ComplaintTarget",
    "complaint_status",
    "complaint_target",
    "file_complaint",
    "public_view",
]

_MAX_DEVICE = 64


@dataclass(frozen=True)
class ComplaintReceipt:
    """What the citizen takes away: the code (QR), the category and the first response's due
    date. ``print_job_id`` is the queued receipt slip when a printer was given."""

    code: str  # canonical, as stored
    code_display: str  # grouped: C-XXXX-XXXX-XXXX-X (what the QR and the slip carry)
    category: str
    source: str
    received_at: datetime
    due_date: date
    due_at: datetime
    working_days: int
    due_confirmed: bool
    anonymous: bool
    counter_number: int | None
    service_code: str | None
    print_job_id: int | None = None


@dataclass(frozen=True)
class ComplaintPublicView:
    """What anyone holding the receipt may see: status, deadline, the public response and its
    dates. No names, no contact, not the text (the slip may be lost in the lobby)."""

    code: str
    code_display: str
    category: str
    status: str
    complaint_class: str | None
    received_at: datetime
    due_date: date
    due_at: datetime
    working_days: int
    overdue: bool
    response: str
    responded_at: datetime | None
    closed_at: datetime | None
    counter_number: int | None
    service_code: str | None
    service_name_id: str
    service_name_en: str


@dataclass(frozen=True)
class ComplaintTarget:
    """What a complaint form says it is about before the citizen writes: the service and the
    counter of the visit (or the poster's counter). Never the officer: the register names them."""

    service_code: str | None
    service_name_id: str
    service_name_en: str
    counter_number: int | None
    counter_name_id: str
    counter_name_en: str


@dataclass
class _Target:
    ticket_id: int | None = None
    application_id: int | None = None
    service_id: int | None = None
    counter_id: int | None = None
    staff_id: int | None = None


def _from_ticket(session: Session, site_id: int, canonical: str) -> _Target | None:
    ticket = session.scalar(
        select(Ticket).where(Ticket.site_id == site_id, Ticket.code == canonical)
    )
    if ticket is None:
        return None
    counter_id, staff_id = ticket.counter_id, ticket.staff_id
    last_call = session.execute(
        select(CallEvent.counter_id, CallEvent.staff_id)
        .where(CallEvent.ticket_id == ticket.id)
        .order_by(CallEvent.id.desc())
        .limit(1)
    ).first()
    if last_call is not None:  # the counter and officer that really called the citizen
        counter_id = last_call[0]
        staff_id = last_call[1] if last_call[1] is not None else staff_id
    return _Target(ticket.id, None, ticket.service_id, counter_id, staff_id)


def _from_application(ctx: AppContext, session: Session, raw: str) -> _Target | None:
    from kiosk.services.applications._base import find_application_id

    try:
        app = session.get_one(Application, find_application_id(ctx, session, raw))
    except NotFound:
        return None
    counter_id = None
    if app.ticket_id is not None:
        counter_id = session.scalar(select(Ticket.counter_id).where(Ticket.id == app.ticket_id))
    return _Target(app.ticket_id, app.id, app.service_id, counter_id, app.officer_id)


def _resolve_target(
    ctx: AppContext,
    session: Session,
    visit_code: str | None,
    counter_number: int | None,
    service_code: str | None,
) -> tuple[_Target, int | None]:
    """The target and its agency; NotFound naming what was not found."""
    from kiosk.services.queue._common import find_counter, find_service

    site_id = ctx.site_id(session)
    given = [v for v in (visit_code, counter_number, service_code) if v not in (None, "")]
    if len(given) > 1:
        raise BadInput("complaint_target_many")
    target = _Target()
    if visit_code:
        raw = visit_code if isinstance(visit_code, str) and len(visit_code) <= 64 else ""
        canonical = normalize_code(raw)
        found = None
        if canonical is not None and code_kind(canonical) == "ticket":
            found = _from_ticket(session, site_id, canonical)
        elif raw:
            found = _from_application(ctx, session, raw)
        if found is None:
            raise NotFound("complaint_visit")
        target = found
    elif counter_number is not None:
        if isinstance(counter_number, bool) or not isinstance(counter_number, int):
            raise BadInput("complaint_counter", counter=str(counter_number)[:20])
        target.counter_id = find_counter(ctx, session, counter_number).id
    elif service_code:
        target.service_id = find_service(ctx, session, service_code).id
    agency_id = None
    if target.service_id is not None:
        agency_id = session.scalar(select(Service.agency_id).where(Service.id == target.service_id))
    if agency_id is None and target.counter_id is not None:
        agency_id = session.scalar(select(Counter.agency_id).where(Counter.id == target.counter_id))
    return target, agency_id


def _clean_device(device: object) -> str:
    text = device if isinstance(device, str) else ""
    return "".join(ch for ch in text if ch.isprintable())[:_MAX_DEVICE]


def file_complaint(
    ctx: AppContext,
    *,
    category: str,
    text: str,
    contact: str | None = None,
    visit_code: str | None = None,
    counter_number: int | None = None,
    service_code: str | None = None,
    device: str,
    source: str,
    officer: Officer | None = None,
    printer_uri: str | None = None,
    lang: str = "id",
) -> ComplaintReceipt:
    """File a complaint in one transaction (with its receipt's print job when ``printer_uri``
    is given) and return the receipt's data.

    Anonymous unless ``contact`` is given; the contact is stored for the handling supervisor and
    never shown in the register or on any slip. ``officer`` is the staff member typing in a
    paper form (recorded as the filer; any staff account may do it). Bad input raises BadInput
    with a reason: complaint_category, complaint_source, complaint_text_empty,
    complaint_text_long, complaint_contact_long, complaint_target_many, complaint_counter; an
    unknown visit, counter or service raises NotFound.
    """
    if category not in CATEGORIES:
        raise BadInput("complaint_category", category=str(category)[:32], allowed=CATEGORIES)
    if source not in SOURCES:
        raise BadInput("complaint_source", source=str(source)[:16], allowed=SOURCES)
    if lang not in available_languages():
        raise BadInput("language_unknown", language=str(lang)[:8])
    body, problem = clean_text(text, MAX_TEXT)
    if problem is not None:
        raise BadInput(f"complaint_text_{problem}", limit=MAX_TEXT)
    reach, problem = clean_line(contact, MAX_CONTACT)
    if problem == "long":
        raise BadInput("complaint_contact_long", limit=MAX_CONTACT)
    now = ctx.now()
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        target, agency_id = _resolve_target(ctx, session, visit_code, counter_number, service_code)
        due = deadline(ctx, session, now, None)
        complaint = Complaint(
            site_id=site_id,
            code=new_tracking_code("C"),
            source=source,
            device=_clean_device(device),
            category=category,
            text=body,
            contact_sealed=keyring(ctx).seal(CONTACT, reach),
            anonymous=not reach,
            ticket_id=target.ticket_id,
            application_id=target.application_id,
            service_id=target.service_id,
            counter_id=target.counter_id,
            staff_id=target.staff_id,
            agency_id=agency_id,
            filed_by_id=officer.id if officer else None,
            status="received",
            received_at=now,
            due_at=due.due_at,
            response="",
            outcome="none",
            outcome_result="",
        )
        session.add(complaint)
        session.flush()
        record_step(
            session,
            complaint,
            now,
            "filed",
            officer,
            source=source,
            category=category,
            due_date=due.due_date.isoformat(),
        )
        counter = session.get(Counter, target.counter_id) if target.counter_id else None
        service = session.get(Service, target.service_id) if target.service_id else None
        job_id = None
        if printer_uri:
            from kiosk.services import printjobs
            from kiosk.services.complaints.receipts import slip_data

            data = slip_data(ctx, session, complaint, lang)
            job_id = printjobs.enqueue(
                session, site_id, printer_uri, "complaint", printjobs.encode_slip_data(data), now
            )
        return ComplaintReceipt(
            code=complaint.code,
            code_display=format_code(complaint.code),
            category=category,
            source=source,
            received_at=now,
            due_date=due.due_date,
            due_at=due.due_at,
            working_days=due.working_days,
            due_confirmed=due.confirmed,
            anonymous=complaint.anonymous,
            counter_number=counter.number if counter else None,
            service_code=service.code if service else None,
            print_job_id=job_id,
        )


def complaint_target(
    ctx: AppContext, *, visit_code: str | None = None, counter_number: int | None = None
) -> ComplaintTarget:
    """What a complaint about this visit (ticket or receipt code) or counter would be about;
    NotFound ("complaint_visit", "counter") as filing would raise it."""
    with ctx.db.snapshot() as session:
        target, _agency = _resolve_target(ctx, session, visit_code, counter_number, None)
        counter = session.get(Counter, target.counter_id) if target.counter_id else None
        service = session.get(Service, target.service_id) if target.service_id else None
        return ComplaintTarget(
            service_code=service.code if service else None,
            service_name_id=service.name_id if service else "",
            service_name_en=service.name_en if service else "",
            counter_number=counter.number if counter else None,
            counter_name_id=counter.name_id if counter else "",
            counter_name_en=counter.name_en if counter else "",
        )


def public_view(ctx: AppContext, session: Session, complaint: Complaint) -> ComplaintPublicView:
    """The public view of a loaded complaint (also used by the kiosk's scan)."""
    from kiosk.core.complaints import CLASS_WORKING_DAYS, FIRST_RESPONSE_CLASS

    counter = session.get(Counter, complaint.counter_id) if complaint.counter_id else None
    service = session.get(Service, complaint.service_id) if complaint.service_id else None
    return ComplaintPublicView(
        code=complaint.code,
        code_display=format_code(complaint.code),
        category=complaint.category,
        status=complaint.status,
        complaint_class=complaint.complaint_class,
        received_at=complaint.received_at,
        due_date=complaint.due_at.astimezone(ctx.zone).date(),
        due_at=complaint.due_at,
        working_days=CLASS_WORKING_DAYS[complaint.complaint_class or FIRST_RESPONSE_CLASS],
        overdue=is_overdue(complaint, ctx.now()),
        response=complaint.response if complaint.status in ("responded", "closed") else "",
        responded_at=complaint.responded_at,
        closed_at=complaint.closed_at,
        counter_number=counter.number if counter else None,
        service_code=service.code if service else None,
        service_name_id=service.name_id if service else "",
        service_name_en=service.name_en if service else "",
    )


def complaint_status(ctx: AppContext, code: str) -> ComplaintPublicView:
    """The citizen's view of the complaint whose receipt carries ``code``; NotFound otherwise."""
    canonical = normalize_code(code) if isinstance(code, str) else None
    if canonical is None or code_kind(canonical) != "complaint":
        raise NotFound("complaint")
    with ctx.db.snapshot() as session:
        complaint = session.scalar(
            select(Complaint).where(
                Complaint.site_id == ctx.site_id(session), Complaint.code == canonical
            )
        )
        if complaint is None:
            raise NotFound("complaint")
        return public_view(ctx, session, complaint)


def site_texts(session: Session, site_id: int, lang: Lang) -> tuple[str, str]:
    """(site name, complaint channel) in ``lang``."""
    site = session.get_one(Site, site_id)
    en = lang == "en"
    return (
        site.name_en if en else site.name_id,
        site.complaint_channel_en if en else site.complaint_channel_id,
    )


def agency_code(session: Session, agency_id: int | None) -> str | None:
    if agency_id is None:
        return None
    return session.scalar(select(Agency.code).where(Agency.id == agency_id))
