"""Issuing tickets: the race-free daily number, the refusals, the print job, the slip payload."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import String, bindparam, func, insert, literal, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.core.codes import format_code, new_tracking_code
from kiosk.core.estimate import WaitEstimate
from kiosk.core.links import public_link
from kiosk.db.models import Agency, Base, Counter, QueueSequence, Service, Site, Ticket
from kiosk.errors import BadInput, LocalText, Refused
from kiosk.i18n import available_languages
from kiosk.printing.slips import DEFAULT_LOGO, TicketSlipData
from kiosk.services import printjobs, queue_stats
from kiosk.services.catalogue_cache import catalogue_snapshot, counters_and_version
from kiosk.services.context import AppContext
from kiosk.services.queue._common import (
    Clock,
    ahead_of,
    counters_of,
    day_tickets,
    fee_text,
    find_service,
    hours_of,
    moment,
    not_holiday,
    outstanding_bookings,
    serving,
    wait_estimate,
)
from kiosk.services.queue.views import PRIORITY_KINDS, PRIORITY_LABELS, IssuedTicket, format_number

__all__ = ["issue_in", "issue_ticket", "lock_queue_day", "ticket_slip_payload"]


_TICKETS = Base.metadata.tables[Ticket.__tablename__]
_INSERT_TICKET = insert(_TICKETS).returning(_TICKETS.c.id)


#: The first key of the queues' advisory locks ("MPP"), apart from other software's.
_LOCK_CLASS = 0x4D5050


def _queue_turn() -> Any:
    """PostgreSQL: wait for this queue's turn in a first-come-first-served line.

    A row lock is no queue: when its holder commits, every kiosk waiting for it wakes, and
    one that just arrived may take it before them, again and again on a busy CPU (8 kiosks:
    p50 24 ms but p95 160 ms). An advisory lock waits in the lock manager's queue, which grants
    in order; the sequence row behind it is then never contended. Released at commit, like
    the row lock (the key is the schema, site, queue and day; a hash collision only makes two
    queues take turns)."""
    key = func.hashtext(func.current_schema() + ":" + bindparam("turn", type_=String))
    return select(func.pg_advisory_xact_lock(_LOCK_CLASS, key).label("turn")).cte("turn")


def _upsert(dialect: str, *, take_number: bool) -> Any:
    """The queue's daily sequence upsert with bound parameters, built once per dialect (on
    PostgreSQL after the queue's turn: the row's values are selected from it)."""
    table = Base.metadata.tables[QueueSequence.__tablename__]  # Core: no ORM bulk-insert path
    last = 1 if take_number else 0
    if dialect == "postgresql":
        c = table.c
        values = select(
            bindparam("site", type_=c.site_id.type),
            bindparam("prefix", type_=c.prefix.type),
            bindparam("day", type_=c.day.type),
            literal(last),
        )
        stmt: Any = postgresql.insert(table).from_select(
            ["site_id", "prefix", "day", "last"], values.select_from(_queue_turn())
        )
    else:
        stmt = sqlite.insert(table).values(
            site_id=bindparam("site"), prefix=bindparam("prefix"), day=bindparam("day"), last=last
        )
    upsert = stmt.on_conflict_do_update(
        index_elements=[table.c.site_id, table.c.prefix, table.c.day],
        set_={"last": table.c.last + 1 if take_number else table.c.last},
    )
    return upsert.returning(table.c.last) if take_number else upsert


_UPSERTS = {
    (dialect, take): _upsert(dialect, take_number=take)
    for dialect in ("postgresql", "sqlite")
    for take in (True, False)
}


def _queue_params(site_id: int, prefix: str, day: date) -> dict[str, Any]:
    """The upsert's parameters: the sequence row's key, and its turn's (PostgreSQL)."""
    return {"site": site_id, "prefix": prefix, "day": day, "turn": f"{site_id}:{prefix}:{day}"}


#: The ticket's columns besides its number, in the order the numbered INSERT lists them.
_TICKET_VALUES = (
    "site_id", "service_id", "prefix", "day", "code", "priority_kind", "status", "issued_at",
    "queued_at", "device", "recalls",
)  # fmt: skip


def _numbered_insert_pg() -> Any:
    """PostgreSQL: the sequence upsert in a CTE feeding the ticket's INSERT, so the statement
    that takes the queue's row lock also writes the ticket (one round trip fewer while other
    kiosks wait for that lock)."""
    seq = _UPSERTS["postgresql", True].cte("seq")
    values = [bindparam(f"t_{c}", type_=_TICKETS.c[c].type) for c in _TICKET_VALUES]
    return (
        insert(_TICKETS)
        .from_select([*_TICKET_VALUES, "number"], select(*values, seq.c.last))
        .returning(_TICKETS.c.id, _TICKETS.c.number)
    )


_NUMBERED_INSERT_PG = _numbered_insert_pg()


def _insert_numbered(ctx: AppContext, session: Session, row: dict[str, Any]) -> tuple[int, int]:
    """Take the queue's next number (the race-free daily counter: one upsert, row-locked
    until this transaction ends) and insert the ticket with it; (ticket id, number)."""
    params = _queue_params(row["site_id"], row["prefix"], row["day"])
    if ctx.db.dialect == "postgresql":
        params |= {f"t_{c}": row[c] for c in _TICKET_VALUES}
        found = session.execute(_NUMBERED_INSERT_PG, params).one()
        return int(found[0]), int(found[1])
    # SQLite has no INSERT in a CTE; its writer lock is the whole transaction's anyway.
    number = int(session.execute(_UPSERTS["sqlite", True], params).scalar_one())
    ticket_id = session.execute(_INSERT_TICKET, {**row, "number": number}).scalar_one()
    return int(ticket_id), number


def lock_queue_day(ctx: AppContext, session: Session, site_id: int, prefix: str, day: date) -> None:
    """Take the queue's daily sequence row lock without using a number (a booking for today
    waits here like a kiosk issuing a ticket, so the daily quota's count stays exact)."""
    session.execute(_UPSERTS[ctx.db.dialect, False], _queue_params(site_id, prefix, day))


def _check_open(service: Service, site: Site, t: Clock, holidays: dict[date, str]) -> None:
    """Refuse with the reason and when it opens next (the front end words it)."""
    hours = hours_of(service, site)
    if t.today in holidays:
        nxt = hours.next_opening(t.local, not_holiday(holidays))
        raise Refused("holiday", holiday=holidays[t.today], next_opening=nxt)
    if not hours.is_open(t.local, not_holiday(holidays)):
        nxt = hours.next_opening(t.local, not_holiday(holidays))
        raise Refused(
            "closed",
            service=service.code,
            hours=LocalText(hours.describe("id"), hours.describe("en")),
            next_opening=nxt,
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
        raise BadInput("priority_kind", kind=str(priority_kind)[:40], allowed=PRIORITY_KINDS)
    if lang not in available_languages():
        raise BadInput("language_unknown", language=str(lang)[:10])
    slip_lang: Literal["id", "en"] = "en" if lang == "en" else "id"
    with ctx.db.transaction() as session:
        # One integer read (with the counters) instead of four catalogue reads
        # (services/catalogue_cache.py).
        counters, version = counters_and_version(session, ctx.site_id(session))
        catalogue = catalogue_snapshot(ctx, session, version)
        site = catalogue.site
        wanted = service_code.strip().upper() if isinstance(service_code, str) else ""
        service = catalogue.services.get(wanted) or find_service(ctx, session, service_code)
        if not service.active:
            raise Refused("inactive", service=service.code)
        if priority_kind is not None and not service.priority_allowed:
            raise Refused("priority_not_allowed", service=service.code)
        t = moment(ctx)
        holidays = dict(catalogue.holidays)
        _check_open(service, site, t, holidays)
        return issue_in(
            ctx,
            session,
            site,
            service,
            t,
            holidays,
            priority_kind,
            device,
            printer_uri,
            slip_lang,
            agency=catalogue.agencies.get(service.agency_id),
            counters=counters,
        )


def issue_in(
    ctx: AppContext,
    session: Session,
    site: Site,
    service: Service,
    t: Clock,
    holidays: dict[date, str],
    priority_kind: str | None,
    device: str,
    printer_uri: str | None,
    slip_lang: Literal["id", "en"],
    *,
    queued_at: datetime | None = None,
    booked: bool = False,
    agency: Agency | None = None,
    counters: list[Counter] | None = None,
) -> IssuedTicket:
    """The ticket itself, inside the caller's transaction (issue_ticket, or a booking used at
    a kiosk: ``booked`` skips the quota check, its place was counted when it was booked, and
    ``queued_at`` may put it at its slot's start). ``agency`` (the service's) and
    ``counters`` (the site's, read in this transaction) when the caller holds them already."""
    prefix = service.queue_prefix
    # Everything that does not depend on the number is read BEFORE the queue's sequence row
    # is locked: other kiosks on this queue wait for that lock until this commit (issue 13).
    if counters is None:
        counters = counters_of(session, site.id)
    minutes = queue_stats.service_minutes(session, site.id, t.today, prefix)
    if agency is None:
        agency = session.get_one(Agency, service.agency_id)
    serving_numbers = tuple(c.number for c in serving(counters, prefix))
    row: dict[str, Any] = {
        "site_id": site.id,
        "service_id": service.id,
        "prefix": prefix,
        "day": t.today,
        "code": new_tracking_code("T"),
        "priority_kind": priority_kind,
        "status": "waiting",
        "issued_at": t.now,
        "queued_at": queued_at or t.now,
        "device": device[:64],
        "recalls": 0,
    }
    # Core INSERTs, not ORM flushes (issue 13: a sixth of a ticket's CPU); the transient
    # Ticket only carries the values to ahead_of and the slip.
    ticket_id, number = _insert_numbered(ctx, session, row)
    ticket = Ticket(id=ticket_id, number=number, **row)
    if service.daily_quota is not None and not booked:
        # After the upsert: the queue's sequence row is locked, so this count is exact (a
        # booking for today takes the same lock). Booked places still to come are not ours;
        # this ticket is counted already (a refusal rolls it back with its number).
        taken = day_tickets(session, service.id, t.today) + outstanding_bookings(
            session, service.id, t.today, t.now
        )
        if taken > service.daily_quota:
            nxt = hours_of(service, site).next_opening(
                t.local.replace(hour=23, minute=59), not_holiday(holidays)
            )
            raise Refused(
                "quota", service=service.code, quota=service.daily_quota, next_opening=nxt
            )
    # After the lock: every earlier ticket of this queue has committed, so this is exact.
    ahead = ahead_of(session, ticket, prefix, counters)
    wait = wait_estimate(ahead, service, site, counters, minutes, t, holidays)
    job_id = None
    if printer_uri:
        payload = ticket_slip_payload(
            site,
            service,
            agency,
            ticket,
            ahead,
            wait,
            slip_lang,
            ctx.zone,
            serving_numbers,
            public_url=ctx.settings.web.public_url,
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
        wait=wait,
        counters=serving_numbers,
        print_job_id=job_id,
    )


def ticket_slip_payload(
    site: Site,
    service: Service,
    agency: Agency,
    ticket: Ticket,
    ahead: int,
    wait: WaitEstimate | int | None,
    lang: Literal["id", "en"],
    zone: Any,
    counters: tuple[int, ...] = (),
    *,
    public_url: str = "",
) -> dict[str, Any]:
    """The JSON-able TicketSlipData fields of a print job, so it can be re-rendered later;
    ``counters`` are the lokets serving the queue (the same list the kiosk's screen names).
    With ``public_url`` (``[web] public_url``) the QR holds the ticket's status page link.

    ``wait`` is the estimate the kiosk screen shows (an int or None is taken as minutes or
    unknown, for old callers), so the paper says what the screen says.
    """
    if not isinstance(wait, WaitEstimate):
        wait = WaitEstimate.unknown() if wait is None else WaitEstimate.of_minutes(wait)
    priority = PRIORITY_LABELS[ticket.priority_kind][lang] if ticket.priority_kind else None
    data = TicketSlipData(
        site_name=site.name_id if lang == "id" else site.name_en,
        logo=DEFAULT_LOGO if DEFAULT_LOGO.is_file() else None,
        ticket_number=format_number(ticket.prefix, ticket.number),
        service_name=service.name_id if lang == "id" else service.name_en,
        agency_name=agency.name_id if lang == "id" else agency.name_en,
        issued_at=ticket.issued_at.astimezone(zone),
        ahead=ahead,
        est_wait_minutes=wait.minutes,
        est_wait_kind=wait.kind,
        est_wait_opens=wait.next_opening.astimezone(zone) if wait.next_opening else None,
        status_code=format_code(ticket.code),
        qr_data=public_link(public_url, "ticket", ticket.code) if public_url else "",
        priority_label=priority,
        complaint_channel=(
            site.complaint_channel_id if lang == "id" else site.complaint_channel_en
        ),
        lang=lang,
        fee_text=fee_text(service.fee),
        counters=counters,
    )
    return printjobs.encode_slip_data(data)
