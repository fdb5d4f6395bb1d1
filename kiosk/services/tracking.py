"""What a citizen sees when they scan a receipt, a ticket or a complaint slip at the kiosk.

One entry point, :func:`resolve_scan`, takes whatever a USB scanner or the on-screen keyboard
produced and routes it by the code's kind letter (T ticket, A application, C complaint); it never
raises for bad input (10,000-character strings, control characters, SQL fragments, emoji): those
are simply "not recognised". A registration number alone is not enough to see a file: typed
lookups go through :func:`track_typed` with a second factor (last 4 digits of the NIK or phone)
and rate limits per kiosk (5 failures -> 60 s cool-down), per registration number and for the
whole site, kept in the database (kiosk.services.attempts) so they hold across processes and
restarts, counted atomically, and never reset by a right answer.

Privacy (UU PDP, UU Adminduk Pasal 84): the views here carry the masked name only, never the NIK,
the phone or the full name; officers' notes are shown to the applicant with long digit runs
(a NIK or phone typed into a note by mistake) blanked out.

Lateness: a file is late when the moment that counts is past its due moment: now while in
progress, the stop moment while the applicant holds it, the moment it became ready or was
rejected. ``late_working_days`` is then the working days after the due date up to that moment's
day, at least 1 (a file due Friday and unfinished on Saturday is late, by its first working day).
"""

from __future__ import annotations

import re
import time
import weakref
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, load_only

from kiosk.core.codes import (
    code_kind,
    diagnose_typed_code,
    normalize_code,
    parse_registration_number,
)
from kiosk.core.codes import format_registration_number as _format_reg
from kiosk.core.complaints import parse_counter_token
from kiosk.core.links import code_from_link, looks_like_url, token_from_link
from kiosk.core.personal import check_matches
from kiosk.core.privacy import mask_name
from kiosk.core.workdays import WorkCalendar
from kiosk.db.engine import Database
from kiosk.db.models import (
    Agency,
    Application,
    ApplicationEvent,
    Counter,
    LookupThrottle,
    Service,
    Site,
)
from kiosk.errors import BadInput, NotFound
from kiosk.services import attempts
from kiosk.services.context import AppContext
from kiosk.services.holidays import work_calendar
from kiosk.services.personal import keyring

if TYPE_CHECKING:
    from kiosk.services.complaints import ComplaintPublicView
    from kiosk.services.queue import TicketStatus

__all__ = [
    "MAX_FAILURES",
    "PICKUP_EN",
    "PICKUP_ID",
    "THROTTLE_SECONDS",
    "ApplicationView",
    "ScanResult",
    "StageView",
    "build_view",
    "check_typed_code",
    "late_working_days",
    "resolve_scan",
    "track_code",
    "track_typed",
]

#: Typed lookups: this many failures from one kiosk start a cool-down of THROTTLE_SECONDS.
MAX_FAILURES = 5
THROTTLE_SECONDS = 60
#: Raw scans longer than this are not codes; refuse before any work (a QR can hold 4 KB).
MAX_SCAN_LENGTH = 256

PICKUP_ID = (
    "Bawa tanda terima (bukti pendaftaran) ini dan KTP-el asli pemohon. Jika diwakilkan, bawa "
    "surat kuasa bermeterai dan KTP-el penerima kuasa."
)
PICKUP_EN = (
    "Bring this receipt (proof of application) and the applicant's original KTP-el. If someone "
    "collects on the applicant's behalf, bring a stamped power of attorney and their KTP-el."
)
_REJECTED = ("ditolak", "Ditolak", "Rejected")
_DIGIT_RUN = re.compile(r"\+?\d[\d .\-]*\d")
#: A run with this many digits is a phone number or a NIK, not an amount ("Rp 30.000.000").
_PRIVATE_DIGITS = 9

Status = Literal["in_progress", "waiting_applicant", "ready", "handed_over", "rejected"]


@dataclass(frozen=True)
class StageView:
    """One step of the timeline; ``at`` is when the file entered it."""

    code: str
    name_id: str
    name_en: str
    state: Literal["done", "current", "pending"]
    at: datetime | None
    note: str


@dataclass(frozen=True)
class ApplicationView:
    """An application as the applicant may see it: no NIK, no phone, no full name."""

    registration_number: str
    service_code: str
    service_name_id: str
    service_name_en: str
    agency_name_id: str
    agency_name_en: str
    masked_name: str
    status: str
    current_stage: str
    current_stage_name_id: str
    current_stage_name_en: str
    stages: tuple[StageView, ...]
    registered_at: datetime
    complete_at: datetime
    due_date: date
    due_at: datetime
    late_working_days: int
    clock_stopped: bool
    reject_reason: str
    pickup_id: str
    pickup_en: str
    complaint_channel_id: str
    complaint_channel_en: str


@dataclass(frozen=True)
class ScanResult:
    """Where a scan leads: exactly one of ticket/application/complaint is set for those kinds.

    "complaint_counter" is a counter poster's QR (kiosk.core.complaints.counter_token): open the
    complaint entry about ``counter_number``.
    """

    kind: Literal[
        "ticket",
        "application",
        "complaint",
        "complaint_counter",
        "booking",
        "not_recognised",
        "throttled",
    ]
    ticket: TicketStatus | None = None
    application: ApplicationView | None = None
    complaint_code: str | None = None
    complaint_status: str | None = None
    complaint: ComplaintPublicView | None = None
    counter_number: int | None = None
    retry_after_s: int = 0
    #: A booked visit's code (canonical): the kiosk turns it into a ticket
    #: (kiosk.services.booking.redeem_booking).
    booking_code: str | None = None


NOT_RECOGNISED = ScanResult(kind="not_recognised")


# --- the view -----------------------------------------------------------------------------------

#: Lateness on tracking screens uses the holiday calendar cached this long per database: a kiosk
#: answers scans all day, and an administrator's holiday edit may take a minute to show there.
#: Due dates themselves are always computed from a fresh calendar (applications.py).
CALENDAR_TTL_S = 60.0
_CALENDARS: weakref.WeakKeyDictionary[Database, tuple[float, int, WorkCalendar]] = (
    weakref.WeakKeyDictionary()
)


def _calendar(ctx: AppContext, session: Session) -> WorkCalendar:
    site_id = ctx.site_id(session)
    now = time.monotonic()
    hit = _CALENDARS.get(ctx.db)
    if hit is not None and hit[0] > now and hit[1] == site_id:
        return hit[2]
    calendar = work_calendar(ctx, session)
    _CALENDARS[ctx.db] = (now + CALENDAR_TTL_S, site_id, calendar)
    return calendar


def late_working_days(calendar: Any, due_at: datetime, as_of: datetime, zone: Any) -> int:
    """0 when ``as_of`` is not past ``due_at``; else the working days after the due date up to
    ``as_of``'s local day, at least 1."""
    if as_of <= due_at:
        return 0
    due_day = due_at.astimezone(zone).date()
    return max(1, int(calendar.working_days_between(due_day, as_of.astimezone(zone).date())))


def _public_note(note: str) -> str:
    """An officer's note as the applicant may read it: phone numbers and NIKs blanked out."""

    def blank(match: re.Match[str]) -> str:
        digits = sum(ch.isdigit() for ch in match.group(0))
        return "****" if digits >= _PRIVATE_DIGITS else match.group(0)

    return _DIGIT_RUN.sub(blank, note or "")


def _as_of(app: Application, now: datetime) -> datetime:
    if app.status == "waiting_applicant" and app.clock_stopped_at is not None:
        return app.clock_stopped_at
    if app.status in ("ready", "handed_over", "rejected") and app.finished_at is not None:
        return app.finished_at
    return now


def _timeline(app: Application, events: list[ApplicationEvent]) -> list[StageView]:
    entered: dict[str, datetime] = {}
    notes: dict[str, str] = {}
    for ev in events:
        if ev.kind in ("registered", "advanced", "ready", "handed_over"):
            entered.setdefault(ev.stage, ev.at)
        if ev.note and ev.kind != "rejected":
            notes[ev.stage] = _public_note(ev.note)
    chain = list(app.stages)
    codes = [s["code"] for s in chain]
    current = codes.index(app.current_stage) if app.current_stage in codes else 0
    views: list[StageView] = []
    for i, stage in enumerate(chain):
        state: Literal["done", "current", "pending"]
        if app.status == "handed_over" or i < current:
            state = "done"
        elif i == current:
            state = "done" if app.status == "rejected" else "current"
        else:
            if app.status == "rejected":
                break
            state = "pending"
        views.append(
            StageView(
                code=stage["code"],
                name_id=stage["name_id"],
                name_en=stage["name_en"],
                state=state,
                at=entered.get(stage["code"]) if state != "pending" else None,
                note=notes.get(stage["code"], ""),
            )
        )
    if app.status == "rejected":
        code, name_id, name_en = _REJECTED
        views.append(
            StageView(code, name_id, name_en, "current", app.finished_at, app.reject_reason)
        )
    return views


def build_view(
    ctx: AppContext,
    session: Session,
    app: Application,
    service: Service | None = None,
    *,
    agency: Agency | None = None,
    site: Site | None = None,
    events: list[ApplicationEvent] | None = None,
) -> ApplicationView:
    """The public view of ``app`` (read in ``session``); the calendar is read only when late."""
    service = service or session.get_one(Service, app.service_id)
    agency = agency or session.get_one(Agency, service.agency_id)
    site = site or session.get_one(Site, app.site_id)
    if events is None:
        events = list(
            session.scalars(
                select(ApplicationEvent)
                .where(ApplicationEvent.application_id == app.id)
                .order_by(ApplicationEvent.seq)
            )
        )
    stages = _timeline(app, events)
    current = next((s for s in stages if s.state == "current"), stages[-1])
    as_of = _as_of(app, ctx.now())
    late = 0
    if as_of > app.due_at:
        late = late_working_days(_calendar(ctx, session), app.due_at, as_of, ctx.zone)
    return ApplicationView(
        registration_number=app.registration_number,
        service_code=service.code,
        service_name_id=service.name_id,
        service_name_en=service.name_en,
        agency_name_id=agency.name_id,
        agency_name_en=agency.name_en,
        masked_name=app.name_masked or mask_name(""),
        status=app.status,
        current_stage=current.code,
        current_stage_name_id=current.name_id,
        current_stage_name_en=current.name_en,
        stages=tuple(stages),
        registered_at=app.registered_at,
        complete_at=app.complete_at,
        due_date=app.due_at.astimezone(ctx.zone).date(),
        due_at=app.due_at,
        late_working_days=late,
        clock_stopped=app.clock_stopped_at is not None,
        reject_reason=_public_note(app.reject_reason),
        pickup_id=PICKUP_ID,
        pickup_en=PICKUP_EN,
        complaint_channel_id=service.complaints_id or site.complaint_channel_id,
        complaint_channel_en=service.complaints_en or site.complaint_channel_en,
    )


#: What ``build_view`` reads of each row, and nothing else: the look-up runs on every scan and
#: every progress page, and each column fetched costs the driver and the ORM (91 columns -> 33,
#: a third less CPU a look-up).
_VIEW_COLUMNS = (
    load_only(
        Application.id, Application.site_id, Application.service_id,
        Application.registration_number, Application.name_masked, Application.status,
        Application.current_stage, Application.stages, Application.registered_at,
        Application.complete_at, Application.due_at, Application.clock_stopped_at,
        Application.finished_at, Application.reject_reason, raiseload=True,
    ),
    load_only(
        Service.id, Service.agency_id, Service.code, Service.name_id, Service.name_en,
        Service.complaints_id, Service.complaints_en, raiseload=True,
    ),
    load_only(Agency.id, Agency.name_id, Agency.name_en, raiseload=True),
    load_only(Site.id, Site.complaint_channel_id, Site.complaint_channel_en, raiseload=True),
    load_only(
        ApplicationEvent.id, ApplicationEvent.application_id, ApplicationEvent.seq,
        ApplicationEvent.kind, ApplicationEvent.stage, ApplicationEvent.note,
        ApplicationEvent.at, raiseload=True,
    ),
)  # fmt: skip


_VIEW = (
    select(Application, Service, Agency, Site, ApplicationEvent)
    .join(Service, Service.id == Application.service_id)
    .join(Agency, Agency.id == Service.agency_id)
    .join(Site, Site.id == Application.site_id)
    .outerjoin(ApplicationEvent, ApplicationEvent.application_id == Application.id)
    .order_by(ApplicationEvent.seq)
    .options(*_VIEW_COLUMNS)
)
# Built once (building a statement and its cache key costs more than the columns saved).
_VIEW_BY_CODE = _VIEW.where(
    Application.tracking_code == bindparam("code"), Application.site_id == bindparam("site")
)
_VIEW_BY_ID = _VIEW.where(Application.id == bindparam("id"))


def _view_where(
    ctx: AppContext, session: Session, statement: Any, params: dict[str, Any]
) -> ApplicationView | None:
    """ONE query for the application, its catalogue rows and its events (a round trip saved is
    most of a lookup's time on a LAN database): ``_VIEW_BY_CODE`` or ``_VIEW_BY_ID``. Only the
    columns the view needs are read (``_VIEW_COLUMNS``; any other raises at once rather than
    costing a query of its own)."""
    rows = session.execute(statement, params).all()
    if not rows:
        return None
    app, service, agency, site, _ = rows[0]
    events = [row[4] for row in rows if row[4] is not None]
    return build_view(ctx, session, app, service, agency=agency, site=site, events=events)


def track_code(ctx: AppContext, code: str) -> ApplicationView:
    """The application whose receipt QR carries ``code``; NotFound for anything else."""
    canonical = normalize_code(code) if isinstance(code, str) else None
    if canonical is None or code_kind(canonical) != "application":
        raise NotFound("tracking_code")
    # Read-only: a read replica may answer (ctx.reads; the primary when there is none).
    view = ctx.reads.read(
        lambda session: _view_where(
            ctx, session, _VIEW_BY_CODE, {"code": canonical, "site": ctx.site_id(session)}
        )
    )
    if view is None:
        raise NotFound("tracking_code")
    return view


# --- the scan entry point -----------------------------------------------------------------------


def _candidate(raw: str, public_url: str = "") -> str:
    """The code part of a scan: the bare code (the scanner's CR/LF trimmed), or the code in a
    link of OUR web service (``[web] public_url``: ``{public_url}/l/{code}``, ``/t/``, ``/c/``,
    ``/b/`` (a booking),
    or a poster's ``{public_url}/pengaduan/{token}``); any other URL gives "" (not
    recognised), so a foreign QR can never pass for one of ours."""
    text = raw.strip()
    if looks_like_url(text):
        return code_from_link(public_url, text) or token_from_link(public_url, text) or ""
    return text


def resolve_scan(ctx: AppContext, raw: str, device: str = "") -> ScanResult:
    """Route anything scanned or typed at the kiosk; "not_recognised" for whatever is not a known
    code. Database trouble still raises Unavailable: that is not the citizen's bad input."""
    if not isinstance(raw, str) or len(raw) > MAX_SCAN_LENGTH or not raw.isascii():
        return NOT_RECOGNISED
    candidate = _candidate(raw, ctx.settings.web.public_url)
    token = parse_counter_token(candidate)
    if token is not None:
        return _counter_poster(ctx, *token)
    canonical = normalize_code(candidate)
    if canonical is None:
        return NOT_RECOGNISED
    kind = code_kind(canonical)  # None unless the check symbol is right
    try:
        if kind == "application":
            return ScanResult(kind="application", application=track_code(ctx, canonical))
        if kind == "ticket":
            from kiosk.services.queue import ticket_status

            return ScanResult(kind="ticket", ticket=ticket_status(ctx, canonical))
        if kind == "complaint":
            return _complaint(ctx, canonical)
        if kind == "booking":
            from kiosk.services.booking import booking_status

            return ScanResult(kind="booking", booking_code=booking_status(ctx, canonical).code)
    except (NotFound, BadInput):
        return NOT_RECOGNISED
    return NOT_RECOGNISED


def _complaint(ctx: AppContext, canonical: str) -> ScanResult:
    from kiosk.services.complaints import complaint_status

    view = complaint_status(ctx, canonical)  # NotFound -> "not recognised" above
    return ScanResult(
        kind="complaint",
        complaint_code=view.code_display,
        complaint_status=view.status,
        complaint=view,
    )


def _counter_poster(ctx: AppContext, site_code: str, number: int) -> ScanResult:
    """A counter poster's QR: this site's counter N, else "not recognised"."""
    if site_code != ctx.settings.site.code.upper():
        return NOT_RECOGNISED
    with ctx.db.snapshot() as session:
        found = session.scalar(
            select(Counter.id).where(
                Counter.site_id == ctx.site_id(session), Counter.number == number
            )
        )
    if found is None:
        return NOT_RECOGNISED
    return ScanResult(kind="complaint_counter", counter_number=number)


# --- typed codes ----------------------------------------------------------------------------


def check_typed_code(raw: str) -> str:
    """The canonical form of a code a person typed, or BadInput saying what is wrong with the
    typing: ``code_too_short`` / ``code_too_long`` (length, expected), ``code_check`` (the
    check symbol does not match: probably a typo), ``code_registration`` (a registration
    number typed as a code), ``code_characters``, ``code_empty``."""
    problem = diagnose_typed_code(raw)
    if problem is not None:
        reason, params = problem
        raise BadInput(f"code_{reason}", **params)
    canonical = normalize_code(raw)
    assert canonical is not None  # diagnose_typed_code accepted it
    return canonical


# --- typed lookups with a second factor ---------------------------------------------------------

#: Typed look-ups are limited three ways, each counted in the database (kiosk.services.attempts):
#: per device (a kiosk, a web address), per registration number (a botnet guessing one
#: victim's digits) and for the whole site (guesses spread over many numbers).
DEVICE_LIMIT = attempts.Limit(MAX_FAILURES, timedelta(seconds=THROTTLE_SECONDS))
REGISTRATION_LIMIT = attempts.Limit(10, timedelta(hours=1))
GLOBAL_LIMIT = attempts.Limit(50, timedelta(minutes=5))


def _throttled(blocked_until: datetime, now: datetime) -> ScanResult:
    wait = max(1, int((blocked_until - now).total_seconds() + 0.999))
    return ScanResult(kind="throttled", retry_after_s=wait)


def track_typed(
    ctx: AppContext, registration_number: str, check_last4: str, device: str = ""
) -> ScanResult:
    """Registration number (or the receipt's tracking code) + last 4 digits of the applicant's
    NIK or phone.

    A wrong combination counts against the device, the registration number and the site
    (DEVICE_LIMIT, REGISTRATION_LIMIT, GLOBAL_LIMIT); the failure that reaches a limit starts
    its cool-down ("throttled", retry_after_s), and a right answer lowers no count. The rows
    are locked from the check to the count, so parallel guesses queue instead of all passing.
    Malformed input is "not_recognised" without counting: it cannot enumerate anything, and a
    fumbled keypad should not lock a kiosk.
    """
    device_key = attempts.key("d", attempts.device_name(device))
    now = ctx.now()
    typed = registration_number if isinstance(registration_number, str) else ""
    parsed = parse_registration_number(typed)
    # A receipt's tracking code with the 4 digits is accepted too (the CLI's `--check`).
    tracking = normalize_code(typed) if parsed is None else None
    if tracking is not None and code_kind(tracking) != "application":
        tracking = None
    check = check_last4.strip() if isinstance(check_last4, str) else ""
    well_formed = (parsed is not None or tracking is not None) and re.fullmatch(
        r"[0-9]{4}", check
    ) is not None
    if not well_formed:
        with ctx.db.snapshot() as session:
            site_id = ctx.site_id(session)
            rows = session.scalars(
                select(LookupThrottle).where(
                    LookupThrottle.site_id == site_id,
                    LookupThrottle.device.in_((attempts.GLOBAL_KEY, device_key)),
                )
            ).all()
            until = attempts.blocked_until(rows, now)
        return NOT_RECOGNISED if until is None else _throttled(until, now)
    which: Any = None
    if tracking is not None:
        which = Application.tracking_code == tracking
    elif parsed is not None and parsed[0] == ctx.settings.site.code.upper():
        which = Application.registration_number == _format_reg(*parsed)
    ring = keyring(ctx)  # before the row locks: it may read the database itself
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        found = None
        if which is not None:
            found = session.execute(
                select(
                    Application.id,
                    Application.registration_number,
                    Application.nik_check,
                    Application.phone_check,
                ).where(Application.site_id == site_id, which)
            ).first()
        # One bucket per file whichever way it was named; an unknown number by its spelling.
        if found is not None:
            named = str(found[1])
        else:
            named = tracking or (_format_reg(*parsed) if parsed is not None else "")
        rows = attempts.lock(
            session, site_id, [attempts.GLOBAL_KEY, device_key, attempts.key("r", named)]
        )
        until = attempts.blocked_until(rows, now)
        if until is not None:
            return _throttled(until, now)
        # Keyed hashes of (number, digits): nothing is decrypted (services/personal.py).
        right = found is not None and check_matches(ring, *found[1:], check)
        if not right:
            started = attempts.fail(rows, [GLOBAL_LIMIT, DEVICE_LIMIT, REGISTRATION_LIMIT], now)
            return NOT_RECOGNISED if started is None else _throttled(started, now)
    assert found is not None
    # The counting above went to the primary; the file itself may come from a read replica,
    # or from the primary when the replica has not replayed a file registered a moment ago.
    by_id = {"id": found[0]}
    view = ctx.reads.read(lambda session: _view_where(ctx, session, _VIEW_BY_ID, by_id))
    if view is None and ctx.replica is not None:
        view = ctx.db.read(lambda session: _view_where(ctx, session, _VIEW_BY_ID, by_id))
    if view is None:
        return NOT_RECOGNISED
    return ScanResult(kind="application", application=view)
