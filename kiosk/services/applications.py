"""Permit applications: registration at the counter, progress through stages, the receipt.

The charter's promise (shared/domain/mpp-permits-tracking.md): every application carries a
certain completion date and its progress is visible to the applicant. Each use case below is one
transaction that changes the application row AND appends a hash-chained event (audit.py), so the
history the kiosk shows is the history that happened.

Rules decided here (printed on receipts and shown on the kiosk, so they must be one rule):

* Completeness. An application is registered only when its file is complete: every requirement
  of the service must be among the documents received (by default all of them are), or, for a
  conditional one ("bagi badan usaha"), marked not applicable (requirements.py has the rules).
  An incomplete file is refused with the list of what is missing, because the SOP clock starts
  at completeness ("berkas lengkap dan benar"); the applicant gets the checklist, not a promise.
  A document that is not a requirement of the service is refused by name (a typo, most often).
* Due date. Working-day SOPs: ``WorkCalendar.add_working_days`` from the completion time (the
  completion day is day 0 when it is a working day; weekends, libur nasional and cuti bersama of
  the site's calendar are skipped); the due moment is the END of that local day. Minute SOPs
  (same-day services): that many minutes of OPEN time of the service's hours from completion.
* Clock stops. The clock stops when the file is returned to the applicant (``return_to_applicant``)
  or enters a stage with ``applicant_action = true`` (e.g. pembayaran). It restarts when the
  applicant is back (``resume``, or advancing out of that stage, or a rejection while stopped).
  On restart the due date moves later by the working days the applicant held the file: the
  working days AFTER the stop day up to AND INCLUDING the restart day
  (``working_days_between(stop_day, restart_day)``). Stop and restart on the same day move
  nothing; stop Monday, restart Wednesday moves it two working days; a weekend or holiday in
  between moves nothing extra. Minute SOPs move by the open minutes between stop and restart.
* Lateness (tracking.py): counted at the moment that matters: now while in progress, the stop
  moment while the applicant holds the file, the moment it became ready (or was rejected).
* Stage chain. The service's stages are copied onto the application at registration (a later
  catalogue change does not rewrite promises). The chain always ends with a "ready" stage
  (``izin_terbit``/``siap_diambil``, added as "Siap diambil" when the service lacks one) and a
  hand-over stage (``diserahkan``, added when missing). Stages are taken one at a time:
  ``advance`` moves to the NEXT stage only, so no stage of the promised chain is skipped
  silently. Advancing into the ready stage marks the file ready; into the hand-over stage hands
  it over.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.core.codes import (
    format_code,
    format_registration_number,
    new_tracking_code,
    normalize_code,
    parse_registration_number,
)
from kiosk.core.nik import validate_nik
from kiosk.core.privacy import mask_name
from kiosk.db.models import (
    Agency,
    Application,
    ApplicationSequence,
    AuditLog,
    Service,
    Site,
    Staff,
    Stage,
    Ticket,
)
from kiosk.errors import BadInput, LocalText, NotFound, Refused
from kiosk.i18n import Lang, available_languages
from kiosk.printing.slips import DEFAULT_LOGO, ReceiptSlipData
from kiosk.services.audit import append_event
from kiosk.services.context import AppContext
from kiosk.services.deadlines import (
    due_for,
    end_of_day,
    moved_due_day,
    open_minutes_between,
    promised_due,
    service_hours,
)
from kiosk.services.holidays import work_calendar
from kiosk.services.requirements import match_documents, record_label, service_requirements
from kiosk.services.staff import Officer, require

if TYPE_CHECKING:
    from kiosk.services.tracking import ApplicationView

__all__ = [
    "HANDOVER_CODES",
    "READY_CODES",
    "RegisteredApplication",
    "advance",
    "due_for",
    "hand_over",
    "mark_ready",
    "print_receipt",
    "receipt_data",
    "receipt_pdf",
    "register",
    "reject",
    "resume",
    "return_to_applicant",
    "service_hours",
    "staff_view",
]


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
#: How far back a completion time may lie: older files belong to the archive, not the counter.
MAX_BACKDATE = timedelta(days=31)
_PHONE_RE = re.compile(r"\+?[0-9][0-9 .\-]{6,22}")


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
    #: Conditional requirements the officer marked "tidak berlaku" / not applicable.
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
    # the like are refused: they would reach printers and screens.
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in text):
        raise BadInput("text_control_chars", field=what)
    if required and not text:
        raise BadInput("text_empty", field=what)
    if len(text) > limit:
        raise BadInput("text_too_long", field=what, limit=limit)
    return text


def _clean_phone(raw: str) -> str:
    """Digits (with an optional leading +) of an Indonesian phone number, or "" when absent."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if not raw.isascii() or not _PHONE_RE.fullmatch(raw):
        raise BadInput("phone_format")
    digits = re.sub(r"[^0-9]", "", raw)
    if not 8 <= len(digits) <= 15:
        raise BadInput("phone_format")
    return ("+" if raw.startswith("+") else "") + digits


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
) -> RegisteredApplication:
    """Register a complete file: number, tracking secret, due date, stage chain, first event,
    and (with a printer) the receipt's print job, all in ONE transaction.

    ``documents`` are the requirements received (text or number; None: all of them),
    ``not_applicable`` the conditional ones that do not apply to this applicant."""
    name = _clean_text(name, "name", MAX_NAME, required=True)
    nik_info = validate_nik(nik)
    phone = _clean_phone(phone)
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
        app = Application(
            site_id=site.id,
            service_id=service.id,
            registration_number=format_registration_number(site.code, year, seq),
            year=year,
            sequence=seq,
            tracking_code=_new_code(session),
            applicant_name=name,
            nik=nik_info.nik,
            nik_last4=nik_info.last4,
            phone=phone,
            phone_last4=phone[-4:] if phone else "",
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
            detail={"stage": app.current_stage, "status": app.status},
        )
    )


# --- progress -----------------------------------------------------------------------------------


def _restart_clock(ctx: AppContext, session: Session, loaded: _Loaded, now: datetime) -> int:
    """End a clock stop: move the due date by the time the applicant held the file.

    Returns the working days held (the module docstring states the exact rule).
    """
    app, service = loaded.app, loaded.service
    stopped = app.clock_stopped_at
    if stopped is None:
        return 0
    calendar = work_calendar(ctx, session)
    zone = ctx.zone
    stop_local, now_local = stopped.astimezone(zone), now.astimezone(zone)
    held = max(0, calendar.working_days_between(stop_local.date(), now_local.date()))
    if service.sop_minutes is not None:
        hours = service_hours(service, loaded.site)
        minutes = open_minutes_between(calendar, hours, stop_local, now_local)
        if minutes:
            moved = calendar.due_datetime_same_day(app.due_at.astimezone(zone), minutes, hours)
            app.due_at = moved.astimezone(UTC)
    elif held:
        _, moved_day = moved_due_day(ctx, session, app.due_at.astimezone(zone).date(), held)
        app.due_at = end_of_day(moved_day, zone)
    app.clock_stopped_at = None
    app.paused_working_days += held
    app.status = "in_progress"
    return held


def _refuse_finished(app: Application) -> None:
    if app.status in ("handed_over", "rejected"):
        raise Refused(f"application_{app.status}", number=app.registration_number)


def _finish(
    ctx: AppContext, session: Session, loaded: _Loaded, officer: Officer, action: str
) -> ApplicationView:
    """Audit the change and return the fresh tracking view (built in the same transaction)."""
    from kiosk.services.tracking import build_view
    from kiosk.services.worklist import staff_application_view

    _audit(session, loaded.app, officer, action, ctx.now())
    session.flush()
    view = build_view(ctx, session, loaded.app, loaded.service)
    name, agency_id = loaded.app.applicant_name, loaded.service.agency_id
    return staff_application_view(officer, view, name, agency_id)


def advance(
    ctx: AppContext, officer: Officer, code: str, to_stage: str, note: str = ""
) -> ApplicationView:
    """Move the file to the NEXT stage of its chain (``to_stage`` must name it).

    Entering an applicant-action stage stops the clock; leaving a stopped state restarts it
    first (recorded as a "resumed" event). Entering the ready stage marks the file ready for
    pick-up; entering the hand-over stage hands it over. Returns the ApplicationView.
    """
    note = _clean_text(note, "note", MAX_NOTE, required=False)
    target = (to_stage or "").strip().lower()
    with ctx.db.transaction() as session:
        loaded = _load_for_update(ctx, session, code)
        app = loaded.app
        require(officer, "application.progress", loaded.service.agency_id)
        now = ctx.now()
        _refuse_finished(app)
        chain = list(app.stages)
        codes = [s["code"] for s in chain]
        current = codes.index(app.current_stage) if app.current_stage in codes else 0
        nxt = chain[current + 1]
        if target != nxt["code"]:
            if target not in codes:
                raise BadInput("stage_unknown", stage=target[:40], stages=codes)
            raise Refused(
                "not_next_stage",
                stage=LocalText(nxt["name_id"], nxt["name_en"]),
                code=nxt["code"],
            )
        if app.clock_stopped_at is not None:
            _restart_clock(ctx, session, loaded, now)
            append_event(session, app, kind="resumed", staff_id=officer.id, at=now)
        app.current_stage = nxt["code"]
        role = nxt.get("role", "work")
        if role == "ready":
            app.status, app.finished_at, kind = "ready", now, "ready"
        elif role == "handover":
            app.status, kind = "handed_over", "handed_over"
        elif nxt.get("applicant_action"):
            app.status, app.clock_stopped_at, kind = "waiting_applicant", now, "advanced"
        else:
            app.status, kind = "in_progress", "advanced"
        append_event(session, app, kind=kind, note=note, staff_id=officer.id, at=now)
        return _finish(ctx, session, loaded, officer, f"application.{kind}")


def staff_view(ctx: AppContext, officer: Officer, code: str) -> ApplicationView:
    """The counter's look-up by tracking code or registration number. No second factor: the
    officer is signed in, and only officers who may progress the file (its agency) see it,
    with the applicant's full name (worklist.staff_application_view)."""
    from kiosk.services.tracking import build_view
    from kiosk.services.worklist import staff_application_view

    with ctx.db.snapshot() as session:
        app = session.get_one(Application, find_application_id(ctx, session, code))
        service = session.get_one(Service, app.service_id)
        require(officer, "application.progress", service.agency_id)
        view = build_view(ctx, session, app, service)
        return staff_application_view(officer, view, app.applicant_name, service.agency_id)


def _stage_with_role(ctx: AppContext, code: str, role: str) -> str:
    with ctx.db.snapshot() as session:
        app = session.get_one(Application, find_application_id(ctx, session, code))
        return str(next(s["code"] for s in app.stages if s.get("role") == role))


def mark_ready(ctx: AppContext, officer: Officer, code: str, note: str = "") -> ApplicationView:
    """The permit is issued: advance into the chain's ready stage (from its last work stage)."""
    return advance(ctx, officer, code, _stage_with_role(ctx, code, "ready"), note)


def hand_over(ctx: AppContext, officer: Officer, code: str, note: str = "") -> ApplicationView:
    """The applicant collected the result: advance into the hand-over stage (from ready)."""
    return advance(ctx, officer, code, _stage_with_role(ctx, code, "handover"), note)


def return_to_applicant(ctx: AppContext, officer: Officer, code: str, note: str) -> ApplicationView:
    """Give the file back to the applicant (missing document, correction): the clock stops.

    ``note`` says what the applicant must bring or do; it is shown on the tracking screen.
    """
    note = _clean_text(note, "note", MAX_NOTE, required=True)
    with ctx.db.transaction() as session:
        loaded = _load_for_update(ctx, session, code)
        app = loaded.app
        require(officer, "application.progress", loaded.service.agency_id)
        now = ctx.now()
        _refuse_finished(app)
        if app.status == "ready":
            raise Refused("application_ready")
        if app.status == "waiting_applicant":
            raise Refused("application_waiting_applicant")
        app.status, app.clock_stopped_at = "waiting_applicant", now
        append_event(session, app, kind="returned", note=note, staff_id=officer.id, at=now)
        return _finish(ctx, session, loaded, officer, "application.returned")


def resume(ctx: AppContext, officer: Officer, code: str, note: str = "") -> ApplicationView:
    """The applicant is back with what was asked: the clock restarts, the due date moves."""
    note = _clean_text(note, "note", MAX_NOTE, required=False)
    with ctx.db.transaction() as session:
        loaded = _load_for_update(ctx, session, code)
        app = loaded.app
        require(officer, "application.progress", loaded.service.agency_id)
        now = ctx.now()
        _refuse_finished(app)
        if app.status != "waiting_applicant":
            raise Refused("application_not_waiting")
        stage: dict[str, Any] = next((s for s in app.stages if s["code"] == app.current_stage), {})
        if stage.get("applicant_action"):
            raise Refused(
                "applicant_action_stage", stage=LocalText(stage["name_id"], stage["name_en"])
            )
        _restart_clock(ctx, session, loaded, now)
        append_event(session, app, kind="resumed", note=note, staff_id=officer.id, at=now)
        return _finish(ctx, session, loaded, officer, "application.resumed")


def reject(ctx: AppContext, officer: Officer, code: str, reason: str) -> ApplicationView:
    """Refuse the application with a reason the applicant will read on the kiosk."""
    reason = _clean_text(reason, "reason", MAX_NOTE, required=True)
    with ctx.db.transaction() as session:
        loaded = _load_for_update(ctx, session, code)
        app = loaded.app
        require(officer, "application.progress", loaded.service.agency_id)
        now = ctx.now()
        _refuse_finished(app)
        if app.status == "ready":
            raise Refused("application_ready_no_reject")
        _restart_clock(ctx, session, loaded, now)
        app.status, app.reject_reason, app.finished_at = "rejected", reason, now
        append_event(session, app, kind="rejected", note=reason, staff_id=officer.id, at=now)
        return _finish(ctx, session, loaded, officer, "application.rejected")


# --- receipts -----------------------------------------------------------------------------------


def fee_text(fee: int, note: str, lang: Lang) -> str:
    """ "Gratis" / "Free", or "Rp30.000" (PUEBI: no space, thousands dots, as on queue tickets)
    plus the fee note."""
    if fee <= 0:
        return "Gratis" if lang == "id" else "Free"
    amount = "Rp" + f"{fee:,}".replace(",", ".")
    return f"{amount} ({note})" if note else amount


def sop_text(service: Service, lang: Lang) -> str:
    if service.sop_minutes is not None:
        return f"{service.sop_minutes} menit" if lang == "id" else f"{service.sop_minutes} minutes"
    days = service.sop_working_days or 0
    return f"{days} hari kerja" if lang == "id" else f"{days} working days"


HOW_TO_TRACK = {
    "id": (
        "Pindai QR ini di anjungan MPP, atau ketik nomor registrasi dan 4 angka terakhir NIK "
        "atau nomor HP Anda di menu Lacak Permohonan."
    ),
    "en": (
        "Scan this QR at the MPP kiosk, or type the registration number and the last 4 digits "
        "of your NIK or phone number in the Track Application menu."
    ),
}


def _receipt_from(
    ctx: AppContext, session: Session, app: Application, lang: Lang
) -> ReceiptSlipData:
    service = session.get_one(Service, app.service_id)
    agency = session.get_one(Agency, service.agency_id)
    site = session.get_one(Site, app.site_id)
    officer_name = ""
    if app.officer_id is not None:
        found = session.scalar(select(Staff.full_name).where(Staff.id == app.officer_id))
        officer_name = found or ""
    en = lang == "en"
    channel = (service.complaints_en if en else service.complaints_id) or (
        site.complaint_channel_en if en else site.complaint_channel_id
    )
    return ReceiptSlipData(
        site_name=site.name_en if en else site.name_id,
        logo=DEFAULT_LOGO if DEFAULT_LOGO.is_file() else None,
        registration_number=app.registration_number,
        tracking_code=format_code(app.tracking_code),
        service_name=service.name_en if en else service.name_id,
        agency_name=agency.name_en if en else agency.name_id,
        masked_name=mask_name(app.applicant_name),
        nik_last4=app.nik_last4,
        documents=[record_label(d, lang) for d in app.documents],
        not_applicable=[record_label(d, lang) for d in app.documents_not_applicable or []],
        received_at=app.complete_at.astimezone(ctx.zone),
        sop_text=sop_text(service, lang),
        due_date=app.due_at.astimezone(ctx.zone).date(),
        fee_text=fee_text(service.fee, service.fee_note_en if en else service.fee_note_id, lang),
        officer_name=officer_name,
        how_to_track=HOW_TO_TRACK[lang],
        complaint_channel=channel,
        lang=lang,
    )


def receipt_data(ctx: AppContext, code: str, lang: Lang = "id") -> ReceiptSlipData:
    """The receipt (bukti pendaftaran) of an application as ReceiptSlipData: masked name and
    the NIK's last 4 digits only, so it is safe to reprint or preview anywhere."""
    if lang not in available_languages():
        raise BadInput("language_unknown", language=lang)
    with ctx.db.snapshot() as session:
        app = session.get_one(Application, find_application_id(ctx, session, code))
        return _receipt_from(ctx, session, app, lang)


def _enqueue_receipt(
    ctx: AppContext, session: Session, app: Application, printer_uri: str, lang: Lang
) -> int:
    from kiosk.services import printjobs

    data = _receipt_from(ctx, session, app, lang)
    return int(
        printjobs.enqueue(
            session,
            app.site_id,
            printer_uri,
            "receipt",
            printjobs.encode_slip_data(data),
            ctx.now(),
            application_id=app.id,
        )
    )


def print_receipt(
    ctx: AppContext, officer: Officer, code: str, printer_uri: str, lang: Lang = "id"
) -> int:
    """Queue a reprint of the receipt on ``printer_uri`` (staff only); returns the job id."""
    if lang not in available_languages():
        raise BadInput("language_unknown", language=lang)
    with ctx.db.transaction() as session:
        app = session.get_one(Application, find_application_id(ctx, session, code))
        service = session.get_one(Service, app.service_id)
        require(officer, "application.register", service.agency_id)
        return _enqueue_receipt(ctx, session, app, printer_uri, lang)


def receipt_pdf(
    ctx: AppContext,
    code: str,
    path: str | Path,
    *,
    page: Literal["A5", "A4"] = "A5",
    lang: Lang = "id",
) -> Path:
    """Write the receipt as an A5 (default) or A4 PDF; the file appears whole or not at all."""
    from kiosk.printing.pdf_render import render_pdf
    from kiosk.printing.slips import build_receipt_slip

    data = receipt_data(ctx, code, lang)
    pdf = render_pdf(build_receipt_slip(data), page)
    target = Path(path)
    tmp = target.with_name(f".{target.name}.part")
    try:
        tmp.write_bytes(pdf)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise BadInput("file_write", path=str(target), detail=exc.strerror) from None
    return target
