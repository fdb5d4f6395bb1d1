"""The queue engine: catalogue views for the kiosk, ticket issuing, counter operations, status.

Every public function is one use case in one transaction (`ctx.db.transaction()` or a read-only
`snapshot()`), shared by the kiosk and counter windows, the CLI and the tests.

Decisions (shared/domain/queue-calling.md explains the anchors' bugs these avoid):

* Numbering. Each queue (a prefix such as "A") has one row per local day in
  ``queue_sequences``; issuing a ticket upserts it (``INSERT .. ON CONFLICT DO UPDATE SET last =
  last + 1 RETURNING last``) in the same transaction as the ticket insert, and
  ``UNIQUE(site_id, prefix, day, number)`` backs it up. The row lock taken by the upsert also
  serialises the daily-quota count of every service in that queue, so two kiosks cannot both
  take the last quota slot. The day is the site's LOCAL day (WIB), so numbers restart at local
  midnight, not at 07:00 WIB. Number text: prefix + at least three digits ("A001", "A1000").
* Opening hours: the service's own hours, else the site's default hours; listed holidays close
  the whole MPP (weekends are closed only if the hours say so, so a Saturday-opening MPP works).
* A ticket's printed identity (``prefix``, ``number``, ``day``) and its QR status code never
  change. The queue it WAITS in is its service's ``queue_prefix``: a transfer to another service
  changes ``service_id`` (remembering ``transferred_from_id``) and keeps ``queued_at``, so the
  visitor holding "A005" keeps that slip, is called as "A005" at the new counters, and is not
  sent to the back. A transfer to a counter sets ``target_counter_id``: only that counter calls
  the ticket afterwards.
* Priority interleave per counter (``Counter.priority_interleave`` = N): one priority ticket
  after every N regular ones (``regular_since_priority`` counts them); when only one kind is
  waiting it is served at once, so neither side waits for the other to exist; a counter that
  opens serves a waiting priority visitor first. N >= 1 never starves either side. N = 0 means
  "priority always first", which CAN starve regular tickets on a busy priority queue; use it
  only for a dedicated priority counter.
* People ahead: waiting tickets of the same queue queued earlier. For a priority ticket the
  count is the priority tickets ahead plus the regular ones the interleave lets through first
  (at most N per priority ticket, N = the smallest interleave of the queue's counters): an
  estimate, kept simple on purpose.
* Estimated wait: ahead x the median service time of the queue's last 20 tickets finished today
  (serving or call -> finish), divided by the open counters serving the queue (all configured
  ones before any is open); 5 minutes per person when there is no data yet today. None when no
  counter serves the queue at all.
* Counter operations check ``queue.operate`` and the counter's agency (an officer of another
  agency is refused; counters without an agency, like an information desk, are shared), and
  that the ticket belongs to the counter (its queue is one of the counter's prefixes, or it was
  transferred to this counter). Each one writes an AuditLog row.
"""

from __future__ import annotations

import math
import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import and_, func, or_, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.core.announce import format_ticket_number
from kiosk.core.codes import format_code, new_tracking_code, normalize_code
from kiosk.core.hours import OpeningHours
from kiosk.db.models import (
    Agency,
    AuditLog,
    Counter,
    Holiday,
    QueueSequence,
    Service,
    Site,
    Ticket,
)
from kiosk.errors import BadInput, NotFound, Refused
from kiosk.printing.slips import DEFAULT_LOGO, TicketSlipData
from kiosk.printing.timefmt import format_datetime
from kiosk.services import printjobs
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer, require

__all__ = [
    "DEFAULT_SERVICE_MINUTES",
    "PRIORITY_KINDS",
    "PRIORITY_LABELS",
    "AgencyView",
    "CallView",
    "CounterSnapshot",
    "CounterTicket",
    "CounterView",
    "IssuedTicket",
    "QueueWaiting",
    "ServiceView",
    "TicketStatus",
    "WaitingTicket",
    "call_next",
    "call_ticket",
    "called_tickets",
    "close_counter",
    "counter_snapshot",
    "finish",
    "format_number",
    "get_service",
    "issue_ticket",
    "list_agencies",
    "list_counters",
    "list_services",
    "no_show",
    "open_counter",
    "pause_counter",
    "recall",
    "start_serving",
    "ticket_slip_payload",
    "ticket_status",
    "transfer",
    "waiting_by_queue",
    "waiting_tickets",
]

PRIORITY_KINDS = ("lansia", "disabilitas", "ibu_hamil", "anak", "korban_bencana")
#: Printed on the slip and shown by the UI (UU 25/2009 Pasal 29 groups).
PRIORITY_LABELS: dict[str, dict[str, str]] = {
    "lansia": {"id": "Lansia", "en": "Senior citizen"},
    "disabilitas": {"id": "Penyandang disabilitas", "en": "Person with a disability"},
    "ibu_hamil": {"id": "Ibu hamil", "en": "Pregnant woman"},
    "anak": {"id": "Anak-anak", "en": "Child"},
    "korban_bencana": {"id": "Korban bencana", "en": "Disaster victim"},
}
#: Minutes per person when no ticket of the queue has been finished today.
DEFAULT_SERVICE_MINUTES = 5.0
#: How many recent service times the estimate looks at.
_RECENT_SERVICES = 20
_ACTIVE = ("called", "serving")
_NUMBER_RE = re.compile(r"^([A-Z]{1,3})[- ]?(\d{1,5})$")

Refusal = Literal["closed", "holiday", "quota", "inactive"]


# --- views -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencyView:
    """An agency tile on the kiosk."""

    code: str
    name_id: str
    name_en: str
    icon: str
    service_count: int


@dataclass(frozen=True)
class ServiceView:
    """A service card: the published standard plus live queue facts and why it is refused.

    ``next_opening`` is in the site's time zone (WIB), ready for display; ``waiting`` and
    ``est_wait_minutes`` are those of the queue (prefix) the service's tickets join.
    """

    code: str
    kind: str
    name_id: str
    name_en: str
    agency_code: str
    agency_name_id: str
    agency_name_en: str
    queue_prefix: str
    sop_working_days: int | None
    sop_minutes: int | None
    fee: int
    fee_note_id: str
    fee_note_en: str
    requirements_id: tuple[str, ...]
    requirements_en: tuple[str, ...]
    procedure_id: str
    procedure_en: str
    product_id: str
    product_en: str
    complaints_id: str
    complaints_en: str
    priority_allowed: bool
    daily_quota: int | None
    issued_today: int
    is_open_now: bool
    hours_text_id: str
    hours_text_en: str
    next_opening: datetime | None
    waiting: int
    est_wait_minutes: int | None
    refusal: Refusal | None


@dataclass(frozen=True)
class IssuedTicket:
    """What the kiosk shows (and the e-ticket carries) after a ticket was issued."""

    id: int
    number: str
    code: str
    service_code: str
    service_name_id: str
    service_name_en: str
    agency_name_id: str
    agency_name_en: str
    priority_kind: str | None
    issued_at: datetime
    ahead: int
    est_wait_minutes: int | None
    counters: tuple[int, ...]
    print_job_id: int | None


@dataclass(frozen=True)
class TicketStatus:
    """The answer to a scanned ticket QR: no name, no service history, just where to go."""

    number: str
    code: str
    status: str
    service_code: str
    service_name_id: str
    service_name_en: str
    counter_number: int | None
    ahead: int
    est_wait_minutes: int | None
    issued_at: datetime
    called_at: datetime | None


@dataclass(frozen=True)
class CounterTicket:
    """A ticket as the counter window sees it."""

    id: int
    number: str
    code: str
    status: str
    service_code: str
    service_name_id: str
    service_name_en: str
    priority_kind: str | None
    counter_number: int | None
    recalls: int
    issued_at: datetime
    queued_at: datetime
    called_at: datetime | None
    serving_at: datetime | None
    finished_at: datetime | None
    transferred: bool


@dataclass(frozen=True)
class CounterSnapshot:
    """Everything the counter window shows at a glance."""

    number: int
    name_id: str
    name_en: str
    agency_code: str | None
    state: str
    prefixes: tuple[str, ...]
    priority_interleave: int
    current: CounterTicket | None
    waiting: tuple[tuple[str, int], ...]
    waiting_priority: int
    waiting_for_counter: int
    served_today: int
    no_show_today: int


@dataclass(frozen=True)
class CallView:
    """One call on the lobby display: the number and the counter, nothing personal."""

    number: str
    counter_number: int
    called_at: datetime
    recalls: int
    status: str


@dataclass(frozen=True)
class CounterView:
    """A counter in the sign-in choice: who it belongs to and whether it is staffed."""

    number: int
    name_id: str
    name_en: str
    agency_id: int | None
    agency_code: str | None
    state: str
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class WaitingTicket:
    """A waiting ticket in the counter's list: its number and its service."""

    number: str
    priority: bool
    for_this_counter: bool
    queued_at: datetime
    service_name_id: str = ""
    service_name_en: str = ""


@dataclass(frozen=True)
class QueueWaiting:
    """Waiting tickets of one queue (prefix) for the lobby display: counts, nothing personal."""

    prefix: str
    waiting: int
    priority: int


# "A" + 22 -> "A022": the one formatting rule, shared with the voice and the display.
format_number = format_ticket_number


# --- shared helpers --------------------------------------------------------------------------


@dataclass
class _Clock:
    """The moments a use case works with, read once so one transaction sees one time."""

    now: datetime
    local: datetime
    today: date


def _moment(ctx: AppContext) -> _Clock:
    now = ctx.now()
    local = now.astimezone(ctx.zone)
    return _Clock(now, local, local.date())


def _site(ctx: AppContext, session: Session) -> Site:
    return session.get_one(Site, ctx.site_id(session))


def _holidays(session: Session, site_id: int) -> dict[date, str]:
    return {
        h.day: h.name for h in session.scalars(select(Holiday).where(Holiday.site_id == site_id))
    }


def _hours(service: Service, site: Site) -> OpeningHours:
    return OpeningHours.from_mapping(service.hours or site.default_hours or {})


def _not_holiday(holidays: dict[date, str]) -> Callable[[date], bool]:
    return lambda d: d not in holidays


def _counters(session: Session, site_id: int) -> list[Counter]:
    return list(
        session.scalars(select(Counter).where(Counter.site_id == site_id).order_by(Counter.number))
    )


def _serving(counters: Iterable[Counter], prefix: str) -> list[Counter]:
    return [c for c in counters if prefix in (c.prefixes or [])]


def _fee_text(fee: int) -> str | None:
    """None means free (the slip then says GRATIS); else "Rp50.000" (PUEBI: no space)."""
    return None if fee <= 0 else "Rp" + f"{fee:,}".replace(",", ".")


def _service_minutes(session: Session, site_id: int, day: date) -> dict[str, float]:
    """Median minutes per person of each queue's most recent services today."""
    rows = session.execute(
        select(Service.queue_prefix, Ticket.called_at, Ticket.serving_at, Ticket.finished_at)
        .join(Service, Service.id == Ticket.service_id)
        .where(
            Ticket.site_id == site_id,
            Ticket.day == day,
            Ticket.status == "done",
            Ticket.finished_at.is_not(None),
        )
        .order_by(Ticket.finished_at.desc())
    )
    samples: dict[str, list[float]] = defaultdict(list)
    for prefix, called_at, serving_at, finished_at in rows:
        start = serving_at or called_at
        if start is None or finished_at is None or len(samples[prefix]) >= _RECENT_SERVICES:
            continue
        samples[prefix].append(max(0.0, (finished_at - start).total_seconds() / 60))
    return {p: statistics.median(v) for p, v in samples.items() if v}


def _estimate(
    ahead: int, prefix: str, counters: Sequence[Counter], minutes: dict[str, float]
) -> int | None:
    serving = _serving(counters, prefix)
    if not serving:
        return None
    if ahead <= 0:
        return 0
    open_now = sum(1 for c in serving if c.state == "open") or len(serving)
    per_person = minutes.get(prefix, DEFAULT_SERVICE_MINUTES)
    return math.ceil(ahead * per_person / open_now)


def _waiting_query(site_id: int, day: date, prefix: str) -> Any:
    """Waiting tickets of one queue today (the queue is the ticket's service's prefix)."""
    return (
        select(func.count(Ticket.id))
        .join(Service, Service.id == Ticket.service_id)
        .where(
            Ticket.site_id == site_id,
            Ticket.day == day,
            Ticket.status == "waiting",
            Service.queue_prefix == prefix,
        )
    )


def _ahead(session: Session, ticket: Ticket, prefix: str, counters: Sequence[Counter]) -> int:
    """Waiting tickets of the same queue that will be called before this one (see module doc)."""
    earlier = or_(
        Ticket.queued_at < ticket.queued_at,
        and_(Ticket.queued_at == ticket.queued_at, Ticket.id < ticket.id),
    )
    base = _waiting_query(ticket.site_id, ticket.day, prefix).where(earlier, Ticket.id != ticket.id)
    if ticket.priority_kind is None:
        return int(session.scalar(base) or 0)
    priority_ahead = int(session.scalar(base.where(Ticket.priority_kind.is_not(None))) or 0)
    regular_ahead = int(session.scalar(base.where(Ticket.priority_kind.is_(None))) or 0)
    serving = _serving(counters, prefix)
    interleave = min((c.priority_interleave for c in serving), default=0)
    return priority_ahead + min(regular_ahead, interleave * (priority_ahead + 1))


def _audit(
    session: Session,
    site_id: int,
    at: datetime,
    action: str,
    officer: Officer | None,
    ticket: Ticket | None = None,
    **detail: Any,
) -> None:
    session.add(
        AuditLog(
            site_id=site_id,
            at=at,
            staff_id=officer.id if officer else None,
            action=action,
            entity="ticket" if ticket is not None else "counter",
            entity_id=str(ticket.id) if ticket is not None else str(detail.get("counter", "")),
            detail=({"number": format_number(ticket.prefix, ticket.number)} if ticket else {})
            | detail,
        )
    )


def _when(moment: datetime | None, lang: Literal["id", "en"], zone: Any) -> str:
    if moment is None:
        return "-"
    return format_datetime(moment, lang, tz=zone)


# --- catalogue views -------------------------------------------------------------------------


def list_agencies(ctx: AppContext) -> list[AgencyView]:
    """Agencies that offer at least one active service, in catalogue order."""
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        counts = dict(
            session.execute(
                select(Service.agency_id, func.count(Service.id))
                .where(Service.site_id == site_id, Service.active.is_(True))
                .group_by(Service.agency_id)
            ).all()
        )
        agencies = session.scalars(
            select(Agency).where(Agency.site_id == site_id).order_by(Agency.position, Agency.id)
        )
        return [
            AgencyView(a.code, a.name_id, a.name_en, a.icon, int(counts[a.id]))
            for a in agencies
            if counts.get(a.id)
        ]


def list_services(
    ctx: AppContext, agency_code: str | None = None, query: str = ""
) -> list[ServiceView]:
    """Active services, optionally of one agency and matching a typed query (code or name)."""
    needle = " ".join(query.split()).casefold()[:100]
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        stmt = (
            select(Service)
            .join(Agency, Agency.id == Service.agency_id)
            .where(Service.site_id == site_id, Service.active.is_(True))
            .order_by(Agency.position, Service.position, Service.id)
        )
        if agency_code is not None:
            stmt = stmt.where(Agency.code == agency_code.strip().upper())
        services = [
            s
            for s in session.scalars(stmt)
            if not needle
            or needle in s.code.casefold()
            or needle in s.name_id.casefold()
            or needle in s.name_en.casefold()
        ]
        return _service_views(ctx, session, services)


def get_service(ctx: AppContext, code: str) -> ServiceView:
    """One service card (also for a retired service, whose refusal is "inactive")."""
    with ctx.db.snapshot() as session:
        service = _find_service(ctx, session, code)
        return _service_views(ctx, session, [service])[0]


def _find_service(ctx: AppContext, session: Session, code: str) -> Service:
    wanted = code.strip().upper() if isinstance(code, str) else ""
    service = session.scalar(
        select(Service).where(Service.site_id == ctx.site_id(session), Service.code == wanted)
    )
    if service is None:
        raise NotFound(f"service {code!r} is not in the catalogue")
    return service


def _service_views(
    ctx: AppContext, session: Session, services: Sequence[Service]
) -> list[ServiceView]:
    if not services:
        return []
    site = _site(ctx, session)
    t = _moment(ctx)
    holidays = _holidays(session, site.id)
    counters = _counters(session, site.id)
    minutes = _service_minutes(session, site.id, t.today)
    issued = dict(
        session.execute(
            select(Ticket.service_id, func.count(Ticket.id))
            .where(Ticket.site_id == site.id, Ticket.day == t.today)
            .group_by(Ticket.service_id)
        ).all()
    )
    waiting = dict(
        session.execute(
            select(Service.queue_prefix, func.count(Ticket.id))
            .join(Service, Service.id == Ticket.service_id)
            .where(Ticket.site_id == site.id, Ticket.day == t.today, Ticket.status == "waiting")
            .group_by(Service.queue_prefix)
        ).all()
    )
    agencies = {a.id: a for a in session.scalars(select(Agency).where(Agency.site_id == site.id))}
    views = []
    for s in services:
        agency = agencies[s.agency_id]
        hours = _hours(s, site)
        is_open = hours.is_open(t.local, _not_holiday(holidays))
        count = int(issued.get(s.id, 0))
        refusal: Refusal | None = None
        if not s.active:
            refusal = "inactive"
        elif t.today in holidays:
            refusal = "holiday"
        elif not is_open:
            refusal = "closed"
        elif s.daily_quota is not None and count >= s.daily_quota:
            refusal = "quota"
        queued = int(waiting.get(s.queue_prefix, 0))
        views.append(
            ServiceView(
                code=s.code,
                kind=s.kind,
                name_id=s.name_id,
                name_en=s.name_en,
                agency_code=agency.code,
                agency_name_id=agency.name_id,
                agency_name_en=agency.name_en,
                queue_prefix=s.queue_prefix,
                sop_working_days=s.sop_working_days,
                sop_minutes=s.sop_minutes,
                fee=s.fee,
                fee_note_id=s.fee_note_id,
                fee_note_en=s.fee_note_en,
                requirements_id=tuple(s.requirements_id or ()),
                requirements_en=tuple(s.requirements_en or ()),
                procedure_id=s.procedure_id,
                procedure_en=s.procedure_en,
                product_id=s.product_id,
                product_en=s.product_en,
                complaints_id=s.complaints_id or site.complaint_channel_id,
                complaints_en=s.complaints_en or site.complaint_channel_en,
                priority_allowed=s.priority_allowed,
                daily_quota=s.daily_quota,
                issued_today=count,
                is_open_now=is_open,
                hours_text_id=hours.describe("id"),
                hours_text_en=hours.describe("en"),
                next_opening=hours.next_opening(t.local, _not_holiday(holidays)),
                waiting=queued,
                est_wait_minutes=_estimate(queued, s.queue_prefix, counters, minutes),
                refusal=refusal,
            )
        )
    return views


# --- issuing ---------------------------------------------------------------------------------


def _next_number(ctx: AppContext, session: Session, site_id: int, prefix: str, day: date) -> int:
    """The race-free daily counter: one upsert, row-locked until this transaction ends."""
    dialect_insert = postgresql.insert if ctx.db.dialect == "postgresql" else sqlite.insert
    stmt = (
        dialect_insert(QueueSequence)
        .values(site_id=site_id, prefix=prefix, day=day, last=1)
        .on_conflict_do_update(
            index_elements=[QueueSequence.site_id, QueueSequence.prefix, QueueSequence.day],
            set_={"last": QueueSequence.last + 1},
        )
        .returning(QueueSequence.last)
    )
    return int(session.execute(stmt).scalar_one())


def _check_open(
    service: Service, site: Site, t: _Clock, holidays: dict[date, str], zone: Any
) -> None:
    """Refuse with the reason and when it opens next, in both languages."""
    hours = _hours(service, site)
    if t.today in holidays:
        nxt = hours.next_opening(t.local, _not_holiday(holidays))
        raise Refused(
            f"Hari ini libur ({holidays[t.today]}); MPP buka lagi {_when(nxt, 'id', zone)} / "
            f"today is a public holiday; the MPP opens again {_when(nxt, 'en', zone)}",
            reason="holiday",
        )
    if not hours.is_open(t.local, _not_holiday(holidays)):
        nxt = hours.next_opening(t.local, _not_holiday(holidays))
        raise Refused(
            f"Layanan {service.name_id} sedang tutup (jam layanan: {hours.describe('id')}); "
            f"buka lagi {_when(nxt, 'id', zone)} / {service.name_en} is closed "
            f"(hours: {hours.describe('en')}); it opens again {_when(nxt, 'en', zone)}",
            reason="closed",
        )


def issue_ticket(
    ctx: AppContext,
    service_code: str,
    priority_kind: str | None = None,
    device: str = "",
    printer_uri: str | None = None,
    lang: str = "id",
) -> IssuedTicket:
    """Take a number: checks, number, ticket and (with a printer) its print job in ONE transaction.

    The print job is only a row here; a PrintSpool sends it after commit, so a printer fault can
    never undo or orphan the ticket.
    """
    if priority_kind is not None and priority_kind not in PRIORITY_KINDS:
        raise BadInput(
            f"unknown priority kind {priority_kind!r}: one of {', '.join(PRIORITY_KINDS)}"
        )
    if lang not in ("id", "en"):
        raise BadInput(f"unsupported language {lang!r}: 'id' or 'en'")
    slip_lang: Literal["id", "en"] = "en" if lang == "en" else "id"
    with ctx.db.transaction() as session:
        site = _site(ctx, session)
        service = _find_service(ctx, session, service_code)
        if not service.active:
            raise Refused(
                f"Layanan {service.name_id} tidak tersedia lagi / "
                f"{service.name_en} is no longer offered",
                reason="inactive",
            )
        if priority_kind is not None and not service.priority_allowed:
            raise Refused(
                f"Layanan {service.name_id} tidak memakai antrian prioritas; silakan ambil "
                f"antrian biasa / {service.name_en} has no priority queue; please take a "
                "regular ticket",
                reason="priority_not_allowed",
            )
        t = _moment(ctx)
        holidays = _holidays(session, site.id)
        _check_open(service, site, t, holidays, ctx.zone)
        prefix = service.queue_prefix
        number = _next_number(ctx, session, site.id, prefix, t.today)
        if service.daily_quota is not None:
            # After the upsert: the queue's sequence row is locked, so this count is exact.
            taken = session.scalar(
                select(func.count(Ticket.id)).where(
                    Ticket.site_id == site.id,
                    Ticket.service_id == service.id,
                    Ticket.day == t.today,
                )
            )
            if int(taken or 0) >= service.daily_quota:
                nxt = _hours(service, site).next_opening(
                    t.local.replace(hour=23, minute=59), _not_holiday(holidays)
                )
                raise Refused(
                    f"Kuota harian {service.name_id} ({service.daily_quota} tiket) sudah habis; "
                    f"silakan datang lagi {_when(nxt, 'id', ctx.zone)} / the daily quota of "
                    f"{service.name_en} ({service.daily_quota} tickets) is used up; please come "
                    f"again {_when(nxt, 'en', ctx.zone)}",
                    reason="quota",
                )
        ticket = Ticket(
            site_id=site.id,
            service_id=service.id,
            prefix=prefix,
            day=t.today,
            number=number,
            code=new_tracking_code("T"),
            priority_kind=priority_kind,
            status="waiting",
            issued_at=t.now,
            queued_at=t.now,
            device=device[:64],
        )
        session.add(ticket)
        session.flush()
        counters = _counters(session, site.id)
        ahead = _ahead(session, ticket, prefix, counters)
        est = _estimate(ahead, prefix, counters, _service_minutes(session, site.id, t.today))
        agency = session.get_one(Agency, service.agency_id)
        job_id = None
        if printer_uri:
            payload = ticket_slip_payload(
                site, service, agency, ticket, ahead, est, slip_lang, ctx.zone
            )
            job_id = printjobs.enqueue(
                session, site.id, printer_uri, "ticket", payload, t.now, ticket_id=ticket.id
            )
        return IssuedTicket(
            id=ticket.id,
            number=format_number(prefix, number),
            code=ticket.code,
            service_code=service.code,
            service_name_id=service.name_id,
            service_name_en=service.name_en,
            agency_name_id=agency.name_id,
            agency_name_en=agency.name_en,
            priority_kind=priority_kind,
            issued_at=t.now,
            ahead=ahead,
            est_wait_minutes=est,
            counters=tuple(c.number for c in _serving(counters, prefix)),
            print_job_id=job_id,
        )


def ticket_slip_payload(
    site: Site,
    service: Service,
    agency: Agency,
    ticket: Ticket,
    ahead: int,
    est_wait_minutes: int | None,
    lang: Literal["id", "en"],
    zone: Any,
) -> dict[str, Any]:
    """The JSON-able TicketSlipData fields of a print job, so it can be re-rendered later."""
    priority = PRIORITY_LABELS[ticket.priority_kind][lang] if ticket.priority_kind else None
    data = TicketSlipData(
        site_name=site.name_id if lang == "id" else site.name_en,
        logo=DEFAULT_LOGO if DEFAULT_LOGO.is_file() else None,
        ticket_number=format_number(ticket.prefix, ticket.number),
        service_name=service.name_id if lang == "id" else service.name_en,
        agency_name=agency.name_id if lang == "id" else agency.name_en,
        issued_at=ticket.issued_at.astimezone(zone),
        ahead=ahead,
        est_wait_minutes=est_wait_minutes,
        status_code=format_code(ticket.code),
        priority_label=priority,
        complaint_channel=(
            site.complaint_channel_id if lang == "id" else site.complaint_channel_en
        ),
        lang=lang,
        fee_text=_fee_text(service.fee),
    )
    return printjobs.encode_slip_data(data)


# --- status ----------------------------------------------------------------------------------


def _parse_number(raw: str) -> tuple[str, int] | None:
    match = _NUMBER_RE.match(raw.strip().upper()) if isinstance(raw, str) else None
    if match is None:
        return None
    return match.group(1), int(match.group(2))


def _ticket_by_code(ctx: AppContext, session: Session, code: str) -> Ticket:
    canonical = normalize_code(code)
    ticket = None
    if canonical is not None:
        ticket = session.scalar(
            select(Ticket).where(Ticket.site_id == ctx.site_id(session), Ticket.code == canonical)
        )
    if ticket is None:
        raise NotFound("no ticket with that code / tidak ada tiket dengan kode itu")
    return ticket


def ticket_status(ctx: AppContext, code: str) -> TicketStatus:
    """Where a ticket stands; a ticket still open from an earlier day is "expired"."""
    with ctx.db.snapshot() as session:
        ticket = _ticket_by_code(ctx, session, code)
        service = session.get_one(Service, ticket.service_id)
        t = _moment(ctx)
        status = ticket.status
        if ticket.day < t.today and status in ("waiting", *_ACTIVE):
            status = "expired"
        ahead, est = 0, None
        counter_id = ticket.counter_id
        if status == "waiting":
            counters = _counters(session, ticket.site_id)
            ahead = _ahead(session, ticket, service.queue_prefix, counters)
            minutes = _service_minutes(session, ticket.site_id, ticket.day)
            est = _estimate(ahead, service.queue_prefix, counters, minutes)
            counter_id = ticket.target_counter_id
        counter_number = None
        if counter_id is not None:
            counter_number = session.scalar(select(Counter.number).where(Counter.id == counter_id))
        return TicketStatus(
            number=format_number(ticket.prefix, ticket.number),
            code=ticket.code,
            status=status,
            service_code=service.code,
            service_name_id=service.name_id,
            service_name_en=service.name_en,
            counter_number=counter_number,
            ahead=ahead,
            est_wait_minutes=est,
            issued_at=ticket.issued_at,
            called_at=ticket.called_at,
        )


# --- counter operations ----------------------------------------------------------------------


def _counter_for(
    ctx: AppContext, session: Session, officer: Officer, counter_number: int
) -> Counter:
    """The counter row, locked (one operation at a time per counter), after the permission check."""
    counter = session.scalar(
        select(Counter)
        .where(Counter.site_id == ctx.site_id(session), Counter.number == counter_number)
        .with_for_update()
    )
    if counter is None:
        raise NotFound(f"counter (loket) {counter_number} does not exist")
    require(officer, "queue.operate", counter.agency_id)
    return counter


def _require_open(counter: Counter) -> None:
    if counter.state == "open":
        return
    if counter.state == "paused":
        raise Refused(
            f"Loket {counter.number} sedang dijeda; buka lagi dulu / "
            f"counter {counter.number} is paused; resume it first",
            reason="counter_paused",
        )
    raise Refused(
        f"Loket {counter.number} belum dibuka / counter {counter.number} is not open",
        reason="counter_closed",
    )


def _current(session: Session, counter: Counter, day: date) -> Ticket | None:
    return session.scalar(
        select(Ticket)
        .where(
            Ticket.site_id == counter.site_id,
            Ticket.counter_id == counter.id,
            Ticket.day == day,
            Ticket.status.in_(_ACTIVE),
        )
        .order_by(Ticket.called_at.desc())
        .limit(1)
        .with_for_update()
    )


def _require_idle(session: Session, counter: Counter, day: date) -> None:
    busy = _current(session, counter, day)
    if busy is not None:
        number = format_number(busy.prefix, busy.number)
        raise Refused(
            f"Loket {counter.number} masih melayani {number}; selesaikan atau lewati dulu / "
            f"counter {counter.number} still has {number}; finish or skip it first",
            reason="busy",
        )


def _belongs(ticket: Ticket, service: Service, counter: Counter) -> bool:
    if ticket.target_counter_id is not None:
        return ticket.target_counter_id == counter.id
    return service.queue_prefix in (counter.prefixes or [])


def _view(session: Session, ticket: Ticket) -> CounterTicket:
    service = session.get_one(Service, ticket.service_id)
    counter_number = None
    if ticket.counter_id is not None:
        counter_number = session.scalar(
            select(Counter.number).where(Counter.id == ticket.counter_id)
        )
    return CounterTicket(
        id=ticket.id,
        number=format_number(ticket.prefix, ticket.number),
        code=ticket.code,
        status=ticket.status,
        service_code=service.code,
        service_name_id=service.name_id,
        service_name_en=service.name_en,
        priority_kind=ticket.priority_kind,
        counter_number=counter_number,
        recalls=ticket.recalls,
        issued_at=ticket.issued_at,
        queued_at=ticket.queued_at,
        called_at=ticket.called_at,
        serving_at=ticket.serving_at,
        finished_at=ticket.finished_at,
        transferred=ticket.transferred_from_id is not None or ticket.target_counter_id is not None,
    )


def _set_state(
    ctx: AppContext, officer: Officer, counter_number: int, state: str
) -> CounterSnapshot:
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        t = _moment(ctx)
        if state == "closed":
            _require_idle(session, counter, t.today)
        previous = counter.state
        counter.state = state
        counter.staff_id = None if state == "closed" else officer.id
        if state == "open" and previous == "closed":
            # A fresh counter owes nothing to regular tickets: a waiting priority visitor first.
            counter.regular_since_priority = counter.priority_interleave
        _audit(
            session,
            counter.site_id,
            t.now,
            f"queue.counter_{state}",
            officer,
            counter=counter.number,
            previous=previous,
        )
        session.flush()
        return _snapshot(session, counter, t.today, _current(session, counter, t.today))


def open_counter(ctx: AppContext, officer: Officer, counter_number: int) -> CounterSnapshot:
    """Open (or resume) a counter: it is counted for wait estimates and may call tickets."""
    return _set_state(ctx, officer, counter_number, "open")


def pause_counter(ctx: AppContext, officer: Officer, counter_number: int) -> CounterSnapshot:
    """Hold the counter (a break): no new calls; the ticket in service may be finished."""
    return _set_state(ctx, officer, counter_number, "paused")


def close_counter(ctx: AppContext, officer: Officer, counter_number: int) -> CounterSnapshot:
    """Close the counter at the end of a shift; refused while a ticket is still at it."""
    return _set_state(ctx, officer, counter_number, "closed")


def _waiting_candidates(session: Session, counter: Counter, day: date, priority: bool) -> Any:
    kind = Ticket.priority_kind.is_not(None) if priority else Ticket.priority_kind.is_(None)
    prefixes = list(counter.prefixes or [])
    stmt = (
        select(Ticket)
        .join(Service, Service.id == Ticket.service_id)
        .where(
            Ticket.site_id == counter.site_id,
            Ticket.day == day,
            Ticket.status == "waiting",
            kind,
            or_(
                Ticket.target_counter_id == counter.id,
                and_(Ticket.target_counter_id.is_(None), Service.queue_prefix.in_(prefixes)),
            ),
        )
        .order_by(Ticket.queued_at, Ticket.id)
        .limit(1)
        # Two counters of one queue on PostgreSQL: the second skips the row the first locked.
        .with_for_update(skip_locked=True, of=Ticket)
    )
    return session.scalar(stmt)


def _do_call(
    session: Session, counter: Counter, ticket: Ticket, officer: Officer, t: _Clock, action: str
) -> CounterTicket:
    ticket.status = "called"
    ticket.counter_id = counter.id
    ticket.staff_id = officer.id
    ticket.called_at = t.now
    ticket.serving_at = None
    ticket.finished_at = None
    if ticket.priority_kind is not None:
        counter.regular_since_priority = 0
    else:
        counter.regular_since_priority = counter.regular_since_priority + 1
    _audit(session, counter.site_id, t.now, action, officer, ticket, counter=counter.number)
    session.flush()
    return _view(session, ticket)


def call_next(ctx: AppContext, officer: Officer, counter_number: int) -> CounterTicket | None:
    """Call the next ticket by the interleave rule (module doc); None when nobody waits."""
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        _require_open(counter)
        t = _moment(ctx)
        _require_idle(session, counter, t.today)
        priority = _waiting_candidates(session, counter, t.today, priority=True)
        regular = _waiting_candidates(session, counter, t.today, priority=False)
        if priority is None and regular is None:
            return None
        if priority is None or regular is None:
            chosen = priority or regular
        elif counter.regular_since_priority >= counter.priority_interleave:
            chosen = priority  # also N = 0: priority always first
        else:
            chosen = regular
        assert chosen is not None
        return _do_call(session, counter, chosen, officer, t, "queue.call_next")


def _find_ticket(ctx: AppContext, session: Session, ref: str, day: date) -> Ticket:
    """A ticket by its printed number today ("A005") or by its status code."""
    parsed = _parse_number(ref)
    if parsed is not None:
        ticket = session.scalar(
            select(Ticket)
            .where(
                Ticket.site_id == ctx.site_id(session),
                Ticket.day == day,
                Ticket.prefix == parsed[0],
                Ticket.number == parsed[1],
            )
            .with_for_update()
        )
        if ticket is None:
            raise NotFound(f"no ticket {ref.strip().upper()} today / tidak ada tiket itu hari ini")
        return ticket
    ticket = _ticket_by_code(ctx, session, ref)
    return session.scalar(select(Ticket).where(Ticket.id == ticket.id).with_for_update()) or ticket


def call_ticket(ctx: AppContext, officer: Officer, counter_number: int, ref: str) -> CounterTicket:
    """Call one ticket out of order: a waiting one, or a skipped (no-show) visitor who came back."""
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        _require_open(counter)
        t = _moment(ctx)
        _require_idle(session, counter, t.today)
        ticket = _find_ticket(ctx, session, ref, t.today)
        service = session.get_one(Service, ticket.service_id)
        if ticket.day != t.today:
            raise Refused(
                "that ticket is from another day / tiket itu bukan untuk hari ini", reason="expired"
            )
        if ticket.status not in ("waiting", "no_show"):
            number = format_number(ticket.prefix, ticket.number)
            raise Refused(
                f"{number} tidak sedang menunggu ({ticket.status}) / "
                f"{number} is not waiting ({ticket.status})",
                reason="not_waiting",
            )
        if not _belongs(ticket, service, counter):
            raise Refused(
                f"Loket {counter.number} tidak melayani antrian {service.queue_prefix} / "
                f"counter {counter.number} does not serve queue {service.queue_prefix}",
                reason="wrong_counter",
            )
        return _do_call(session, counter, ticket, officer, t, "queue.call_ticket")


def _own_ticket(
    ctx: AppContext, session: Session, counter: Counter, ref: str | None, day: date
) -> Ticket:
    """The counter's current ticket, or the one named, which must be at this counter."""
    if ref is None:
        ticket = _current(session, counter, day)
        if ticket is None:
            raise Refused(
                f"Loket {counter.number} belum memanggil tiket / "
                f"counter {counter.number} has no ticket called",
                reason="no_ticket",
            )
        return ticket
    ticket = _find_ticket(ctx, session, ref, day)
    if ticket.counter_id != counter.id or ticket.status not in _ACTIVE:
        number = format_number(ticket.prefix, ticket.number)
        raise Refused(
            f"{number} tidak sedang di loket {counter.number} / "
            f"{number} is not at counter {counter.number}",
            reason="wrong_counter",
        )
    return ticket


# One step on the counter's own ticket: it changes the row (or raises Refused) and returns the
# audit action plus extra audit fields, or None when nothing changed (then nothing is logged).
_Step = Callable[[Ticket, _Clock], tuple[str, dict[str, Any]] | None]


def _step_own_ticket(
    ctx: AppContext, officer: Officer, counter_number: int, ticket: str | None, step: _Step
) -> CounterTicket:
    """The shared shape of recall / start / finish / no-show: one transaction, one audit row."""
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        t = _moment(ctx)
        row = _own_ticket(ctx, session, counter, ticket, t.today)
        done = step(row, t)
        if done is not None:
            action, extra = done
            _audit(
                session, counter.site_id, t.now, action, officer, row,
                counter=counter.number, **extra,
            )  # fmt: skip
            session.flush()
        return _view(session, row)


def _require_called(row: Ticket, message: str) -> None:
    if row.status != "called":
        raise Refused(message, reason="not_called")


def recall(
    ctx: AppContext, officer: Officer, counter_number: int, ticket: str | None = None
) -> CounterTicket:
    """Call the same ticket again (the display re-announces it; ``called_at`` is the last call)."""

    def step(row: Ticket, t: _Clock) -> tuple[str, dict[str, Any]]:
        _require_called(
            row,
            "tiket sudah dilayani; tidak perlu dipanggil ulang / "
            "the ticket is already being served",
        )
        row.recalls += 1
        row.called_at = t.now
        return "queue.recall", {"recalls": row.recalls}

    return _step_own_ticket(ctx, officer, counter_number, ticket, step)


def start_serving(
    ctx: AppContext, officer: Officer, counter_number: int, ticket: str | None = None
) -> CounterTicket:
    """The visitor arrived at the counter: the service time starts now."""

    def step(row: Ticket, t: _Clock) -> tuple[str, dict[str, Any]] | None:
        if row.status != "called":
            return None  # already serving: nothing to do
        row.status = "serving"
        row.serving_at = t.now
        return "queue.start", {}

    return _step_own_ticket(ctx, officer, counter_number, ticket, step)


def finish(
    ctx: AppContext, officer: Officer, counter_number: int, ticket: str | None = None
) -> CounterTicket:
    """Done; straight from "called" counts the call as the start of service."""

    def step(row: Ticket, t: _Clock) -> tuple[str, dict[str, Any]]:
        if row.serving_at is None:
            row.serving_at = row.called_at or t.now
        row.status = "done"
        row.finished_at = t.now
        return "queue.finish", {}

    return _step_own_ticket(ctx, officer, counter_number, ticket, step)


def no_show(
    ctx: AppContext, officer: Officer, counter_number: int, ticket: str | None = None
) -> CounterTicket:
    """Skip a called visitor who did not come; call_ticket can still call them later today."""

    def step(row: Ticket, t: _Clock) -> tuple[str, dict[str, Any]]:
        _require_called(
            row, "tiket sedang dilayani; pilih selesai / the ticket is being served; finish it"
        )
        row.status = "no_show"
        row.finished_at = t.now
        return "queue.no_show", {}

    return _step_own_ticket(ctx, officer, counter_number, ticket, step)


def transfer(
    ctx: AppContext,
    officer: Officer,
    counter_number: int,
    ticket: str | None = None,
    to_service_code: str | None = None,
    to_counter_number: int | None = None,
) -> CounterTicket:
    """Send a visitor on to another service and/or counter, keeping the place in the queue.

    The printed number and the QR code stay valid (see the module doc); ``queued_at`` keeps the
    original issue time, so the visitor is called ahead of everyone who came later.
    """
    if to_service_code is None and to_counter_number is None:
        raise BadInput("transfer needs a service (--to-service) or a counter (--to-counter)")
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        t = _moment(ctx)
        if ticket is None:
            row = _own_ticket(ctx, session, counter, None, t.today)
        else:
            row = _find_ticket(ctx, session, ticket, t.today)
            service = session.get_one(Service, row.service_id)
            at_counter = row.counter_id == counter.id and row.status in _ACTIVE
            if not at_counter and not (row.status == "waiting" and _belongs(row, service, counter)):
                number = format_number(row.prefix, row.number)
                raise Refused(
                    f"{number} bukan tiket loket {counter.number} / "
                    f"{number} is not a ticket of counter {counter.number}",
                    reason="wrong_counter",
                )
        if row.day != t.today:
            raise Refused(
                "that ticket is from another day / tiket itu bukan untuk hari ini", reason="expired"
            )
        old_service_id = row.service_id
        detail: dict[str, Any] = {"counter": counter.number}
        if to_service_code is not None:
            target = _find_service(ctx, session, to_service_code)
            if not target.active:
                raise Refused(
                    f"Layanan {target.name_id} tidak tersedia lagi / "
                    f"{target.name_en} is no longer offered",
                    reason="inactive",
                )
            if target.id != row.service_id:
                row.transferred_from_id = old_service_id
                row.service_id = target.id
            detail["to_service"] = target.code
        row.target_counter_id = None
        if to_counter_number is not None:
            dest = session.scalar(
                select(Counter).where(
                    Counter.site_id == counter.site_id, Counter.number == to_counter_number
                )
            )
            if dest is None:
                raise NotFound(f"counter (loket) {to_counter_number} does not exist")
            row.target_counter_id = dest.id
            detail["to_counter"] = dest.number
        row.status = "waiting"
        row.counter_id = None
        row.called_at = None
        row.serving_at = None
        row.finished_at = None
        row.recalls = 0
        _audit(session, counter.site_id, t.now, "queue.transfer", officer, row, **detail)
        session.flush()
        return _view(session, row)


# --- read models for the counter window and the lobby display -------------------------------


def _snapshot(
    session: Session, counter: Counter, day: date, current: Ticket | None
) -> CounterSnapshot:
    prefixes = tuple(counter.prefixes or ())
    waiting_rows = session.execute(
        select(Service.queue_prefix, Ticket.priority_kind.is_not(None), func.count(Ticket.id))
        .join(Service, Service.id == Ticket.service_id)
        .where(
            Ticket.site_id == counter.site_id,
            Ticket.day == day,
            Ticket.status == "waiting",
            Ticket.target_counter_id.is_(None),
            Service.queue_prefix.in_(prefixes),
        )
        .group_by(Service.queue_prefix, Ticket.priority_kind.is_not(None))
    ).all()
    per_prefix: dict[str, int] = dict.fromkeys(prefixes, 0)
    priority = 0
    for prefix, is_priority, count in waiting_rows:
        per_prefix[prefix] += int(count)
        if is_priority:
            priority += int(count)
    for_counter = session.scalar(
        select(func.count(Ticket.id)).where(
            Ticket.target_counter_id == counter.id,
            Ticket.day == day,
            Ticket.status == "waiting",
        )
    )
    finished = dict(
        session.execute(
            select(Ticket.status, func.count(Ticket.id))
            .where(
                Ticket.counter_id == counter.id,
                Ticket.day == day,
                Ticket.status.in_(("done", "no_show")),
            )
            .group_by(Ticket.status)
        ).all()
    )
    agency_code = None
    if counter.agency_id is not None:
        agency_code = session.scalar(select(Agency.code).where(Agency.id == counter.agency_id))
    return CounterSnapshot(
        number=counter.number,
        name_id=counter.name_id,
        name_en=counter.name_en,
        agency_code=agency_code,
        state=counter.state,
        prefixes=prefixes,
        priority_interleave=counter.priority_interleave,
        current=_view(session, current) if current is not None else None,
        waiting=tuple(per_prefix.items()),
        waiting_priority=priority,
        waiting_for_counter=int(for_counter or 0),
        served_today=int(finished.get("done", 0)),
        no_show_today=int(finished.get("no_show", 0)),
    )


def counter_snapshot(ctx: AppContext, counter_number: int) -> CounterSnapshot:
    """The counter window's refresh: current ticket and who is waiting (read-only)."""
    with ctx.db.snapshot() as session:
        counter = session.scalar(
            select(Counter).where(
                Counter.site_id == ctx.site_id(session), Counter.number == counter_number
            )
        )
        if counter is None:
            raise NotFound(f"counter (loket) {counter_number} does not exist")
        day = ctx.today()
        current = session.scalar(
            select(Ticket)
            .where(
                Ticket.counter_id == counter.id,
                Ticket.day == day,
                Ticket.status.in_(_ACTIVE),
            )
            .order_by(Ticket.called_at.desc())
            .limit(1)
        )
        return _snapshot(session, counter, day, current)


def called_tickets(ctx: AppContext, limit: int = 10) -> list[CallView]:
    """Today's most recent calls for the lobby display: number and counter, nothing personal."""
    limit = max(1, min(int(limit), 100))
    with ctx.db.snapshot() as session:
        rows = session.execute(
            select(Ticket, Counter.number)
            .join(Counter, Counter.id == Ticket.counter_id)
            .where(
                Ticket.site_id == ctx.site_id(session),
                Ticket.day == ctx.today(),
                Ticket.called_at.is_not(None),
            )
            .order_by(Ticket.called_at.desc(), Ticket.id.desc())
            .limit(limit)
        ).all()
        return [
            CallView(
                number=format_number(ticket.prefix, ticket.number),
                counter_number=int(number),
                called_at=ticket.called_at,
                recalls=ticket.recalls,
                status=ticket.status,
            )
            for ticket, number in rows
            if ticket.called_at is not None
        ]


def list_counters(ctx: AppContext) -> list[CounterView]:
    """Every counter of the site in number order (the counter window filters by agency)."""
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        codes = dict(
            session.execute(select(Agency.id, Agency.code).where(Agency.site_id == site_id)).all()
        )
        return [
            CounterView(
                number=c.number,
                name_id=c.name_id,
                name_en=c.name_en,
                agency_id=c.agency_id,
                agency_code=codes.get(c.agency_id) if c.agency_id is not None else None,
                state=c.state,
                prefixes=tuple(c.prefixes or ()),
            )
            for c in _counters(session, site_id)
        ]


def waiting_tickets(ctx: AppContext, counter_number: int, limit: int = 50) -> list[WaitingTicket]:
    """Today's tickets this counter may call, in queue order (transferred-here ones included)."""
    limit = max(1, min(int(limit), 500))
    with ctx.db.snapshot() as session:
        counter = session.scalar(
            select(Counter).where(
                Counter.site_id == ctx.site_id(session), Counter.number == counter_number
            )
        )
        if counter is None:
            raise NotFound(f"counter (loket) {counter_number} does not exist")
        rows = session.execute(
            select(
                Ticket.prefix,
                Ticket.number,
                Ticket.priority_kind,
                Ticket.target_counter_id,
                Ticket.queued_at,
                Service.name_id,
                Service.name_en,
            )
            .join(Service, Service.id == Ticket.service_id)
            .where(
                Ticket.site_id == counter.site_id,
                Ticket.day == ctx.today(),
                Ticket.status == "waiting",
                or_(
                    Ticket.target_counter_id == counter.id,
                    and_(
                        Ticket.target_counter_id.is_(None),
                        Service.queue_prefix.in_(list(counter.prefixes or [])),
                    ),
                ),
            )
            .order_by(Ticket.queued_at, Ticket.id)
            .limit(limit)
        ).all()
        return [
            WaitingTicket(
                number=format_number(prefix, number),
                priority=kind is not None,
                for_this_counter=target is not None,
                queued_at=queued_at,
                service_name_id=name_id,
                service_name_en=name_en,
            )
            for prefix, number, kind, target, queued_at, name_id, name_en in rows
        ]


def waiting_by_queue(ctx: AppContext) -> list[QueueWaiting]:
    """Waiting tickets per queue today, for the lobby display (queues with nobody waiting are
    left out)."""
    with ctx.db.snapshot() as session:
        rows = session.execute(
            select(Service.queue_prefix, Ticket.priority_kind.is_not(None), func.count(Ticket.id))
            .join(Service, Service.id == Ticket.service_id)
            .where(
                Ticket.site_id == ctx.site_id(session),
                Ticket.day == ctx.today(),
                Ticket.status == "waiting",
            )
            .group_by(Service.queue_prefix, Ticket.priority_kind.is_not(None))
        ).all()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for prefix, is_priority, count in rows:
        totals[prefix][0] += int(count)
        if is_priority:
            totals[prefix][1] += int(count)
    return [QueueWaiting(p, t[0], t[1]) for p, t in sorted(totals.items())]
