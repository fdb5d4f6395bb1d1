"""Counter operations: open/pause/close, call next or by number, recall, start, finish, no-show,
transfer. Each is one transaction with one audit row; a call or recall also appends a
``call_events`` row in that transaction (kiosk/services/queue/board.py reads them).

Every operation checks ``queue.operate`` and the counter's agency (an officer of another agency
is refused; counters without an agency, like an information desk, are shared), locks the counter
row (one operation at a time per counter), and checks that the ticket belongs to the counter
(its queue is one of the counter's prefixes, or it was transferred to this counter).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from kiosk.db.models import Counter, Service, Ticket
from kiosk.errors import BadInput, NotFound, Refused
from kiosk.services import queue_stats
from kiosk.services.context import AppContext
from kiosk.services.queue._common import (
    ACTIVE,
    Clock,
    audit,
    find_counter,
    find_service,
    moment,
)
from kiosk.services.queue.board import record_call
from kiosk.services.queue.read_models import counter_view, snapshot_of
from kiosk.services.queue.status import parse_number, ticket_by_code
from kiosk.services.queue.views import CounterSnapshot, CounterTicket, format_number
from kiosk.services.staff import Officer, require

__all__ = [
    "call_next",
    "call_ticket",
    "close_counter",
    "finish",
    "no_show",
    "open_counter",
    "pause_counter",
    "recall",
    "start_serving",
    "transfer",
]


def _counter_for(
    ctx: AppContext, session: Session, officer: Officer, counter_number: int
) -> Counter:
    """The counter row, locked (one operation at a time per counter), after the permission check."""
    counter = find_counter(ctx, session, counter_number, lock=True)
    require(officer, "queue.operate", counter.agency_id)
    return counter


def _require_open(counter: Counter) -> None:
    if counter.state == "open":
        return
    if counter.state == "paused":
        raise Refused("counter_paused", counter=counter.number)
    raise Refused("counter_closed", counter=counter.number)


def current_ticket(session: Session, counter: Counter, day: date) -> Ticket | None:
    return session.scalar(
        select(Ticket)
        .where(
            Ticket.site_id == counter.site_id,
            Ticket.counter_id == counter.id,
            Ticket.day == day,
            Ticket.status.in_(ACTIVE),
        )
        .order_by(Ticket.called_at.desc())
        .limit(1)
        .with_for_update()
    )


def _require_idle(session: Session, counter: Counter, day: date) -> None:
    busy = current_ticket(session, counter, day)
    if busy is not None:
        number = format_number(busy.prefix, busy.number)
        raise Refused("busy", counter=counter.number, number=number)


def _belongs(ticket: Ticket, service: Service, counter: Counter) -> bool:
    if ticket.target_counter_id is not None:
        return ticket.target_counter_id == counter.id
    return service.queue_prefix in (counter.prefixes or [])


def _set_state(
    ctx: AppContext, officer: Officer, counter_number: int, state: str
) -> CounterSnapshot:
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        t = moment(ctx)
        if state == "closed":
            _require_idle(session, counter, t.today)
        previous = counter.state
        counter.state = state
        counter.staff_id = None if state == "closed" else officer.id
        if state == "open" and previous == "closed":
            # A fresh counter owes nothing to regular tickets: a waiting priority visitor first.
            counter.regular_since_priority = counter.priority_interleave
        audit(
            session,
            counter.site_id,
            t.now,
            f"queue.counter_{state}",
            officer,
            counter=counter.number,
            previous=previous,
        )
        session.flush()
        return snapshot_of(session, counter, t.today, current_ticket(session, counter, t.today))


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
    session: Session, counter: Counter, ticket: Ticket, officer: Officer, t: Clock, action: str
) -> CounterTicket:
    ticket.status = "called"
    ticket.counter_id = counter.id
    ticket.staff_id = officer.id
    ticket.called_at = t.now
    ticket.serving_at = None
    ticket.finished_at = None
    record_call(session, ticket, counter, officer, "call", t.now)
    if ticket.priority_kind is not None:
        counter.regular_since_priority = 0
    else:
        counter.regular_since_priority = counter.regular_since_priority + 1
    audit(session, counter.site_id, t.now, action, officer, ticket, counter=counter.number)
    session.flush()
    return counter_view(session, ticket)


def call_next(ctx: AppContext, officer: Officer, counter_number: int) -> CounterTicket | None:
    """Call the next ticket by the interleave rule (module doc); None when nobody waits."""
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        _require_open(counter)
        t = moment(ctx)
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
    parsed = parse_number(ref)
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
            raise NotFound("ticket_today", number=format_number(*parsed))
        return ticket
    ticket = ticket_by_code(ctx, session, ref)
    return session.scalar(select(Ticket).where(Ticket.id == ticket.id).with_for_update()) or ticket


def call_ticket(ctx: AppContext, officer: Officer, counter_number: int, ref: str) -> CounterTicket:
    """Call one ticket out of order: a waiting one, or a skipped (no-show) visitor who came back."""
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        _require_open(counter)
        t = moment(ctx)
        _require_idle(session, counter, t.today)
        ticket = _find_ticket(ctx, session, ref, t.today)
        service = session.get_one(Service, ticket.service_id)
        number = format_number(ticket.prefix, ticket.number)
        if ticket.day != t.today:
            raise Refused("expired", number=number)
        if ticket.status not in ("waiting", "no_show"):
            raise Refused("not_waiting", number=number, status=ticket.status)
        if not _belongs(ticket, service, counter):
            raise Refused("wrong_counter", number=number, counter=counter.number)
        return _do_call(session, counter, ticket, officer, t, "queue.call_ticket")


def _own_ticket(
    ctx: AppContext, session: Session, counter: Counter, ref: str | None, day: date
) -> Ticket:
    """The counter's current ticket, or the one named, which must be at this counter."""
    if ref is None:
        ticket = current_ticket(session, counter, day)
        if ticket is None:
            raise Refused("no_ticket", counter=counter.number)
        return ticket
    ticket = _find_ticket(ctx, session, ref, day)
    if ticket.counter_id != counter.id or ticket.status not in ACTIVE:
        number = format_number(ticket.prefix, ticket.number)
        raise Refused("wrong_counter", number=number, counter=counter.number)
    return ticket


# One step on the counter's own ticket: it changes the row (or raises Refused) and returns the
# audit action plus extra audit fields, or None when nothing changed (then nothing is logged).
_Step = Callable[[Ticket, Clock], tuple[str, dict[str, Any]] | None]


def _step_own_ticket(
    ctx: AppContext, officer: Officer, counter_number: int, ticket: str | None, step: _Step
) -> CounterTicket:
    """The shared shape of recall, start, finish and no-show: one transaction, one audit row."""
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        t = moment(ctx)
        row = _own_ticket(ctx, session, counter, ticket, t.today)
        done = step(row, t)
        if done is not None:
            action, extra = done
            if action == "queue.recall":
                record_call(session, row, counter, officer, "recall", t.now)
            elif action == "queue.finish" and row.serving_at is not None:
                prefix = session.get_one(Service, row.service_id).queue_prefix
                queue_stats.record_service(
                    session, row.site_id, row.day, prefix, row.serving_at, t.now
                )
            audit(
                session, counter.site_id, t.now, action, officer, row,
                counter=counter.number, **extra,
            )  # fmt: skip
            session.flush()
        return counter_view(session, row)


def _require_called(row: Ticket) -> None:
    if row.status != "called":
        number = format_number(row.prefix, row.number)
        raise Refused("not_called", number=number, status=row.status)


def recall(
    ctx: AppContext, officer: Officer, counter_number: int, ticket: str | None = None
) -> CounterTicket:
    """Call the same ticket again (the display re-announces it; ``called_at`` is the last call)."""

    def step(row: Ticket, t: Clock) -> tuple[str, dict[str, Any]]:
        _require_called(row)
        row.recalls += 1
        row.called_at = t.now
        return "queue.recall", {"recalls": row.recalls}

    return _step_own_ticket(ctx, officer, counter_number, ticket, step)


def start_serving(
    ctx: AppContext, officer: Officer, counter_number: int, ticket: str | None = None
) -> CounterTicket:
    """The visitor arrived at the counter: the service time starts now."""

    def step(row: Ticket, t: Clock) -> tuple[str, dict[str, Any]] | None:
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

    def step(row: Ticket, t: Clock) -> tuple[str, dict[str, Any]]:
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

    def step(row: Ticket, t: Clock) -> tuple[str, dict[str, Any]]:
        _require_called(row)
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
        raise BadInput("transfer_target")
    with ctx.db.transaction() as session:
        counter = _counter_for(ctx, session, officer, counter_number)
        t = moment(ctx)
        if ticket is None:
            row = _own_ticket(ctx, session, counter, None, t.today)
        else:
            row = _find_ticket(ctx, session, ticket, t.today)
            service = session.get_one(Service, row.service_id)
            at_counter = row.counter_id == counter.id and row.status in ACTIVE
            if not at_counter and not (row.status == "waiting" and _belongs(row, service, counter)):
                number = format_number(row.prefix, row.number)
                raise Refused("wrong_counter", number=number, counter=counter.number)
        if row.day != t.today:
            raise Refused("expired", number=format_number(row.prefix, row.number))
        old_service_id = row.service_id
        detail: dict[str, Any] = {"counter": counter.number}
        if to_service_code is not None:
            target = find_service(ctx, session, to_service_code)
            if not target.active:
                raise Refused("inactive", service=target.code)
            if target.id != row.service_id:
                row.transferred_from_id = old_service_id
                row.service_id = target.id
            detail["to_service"] = target.code
        row.target_counter_id = None
        if to_counter_number is not None:
            dest = find_counter(ctx, session, to_counter_number)
            row.target_counter_id = dest.id
            detail["to_counter"] = dest.number
        row.status = "waiting"
        row.counter_id = None
        row.called_at = None
        row.serving_at = None
        row.finished_at = None
        row.recalls = 0
        audit(session, counter.site_id, t.now, "queue.transfer", officer, row, **detail)
        session.flush()
        return counter_view(session, row)
