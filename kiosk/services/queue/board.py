"""The lobby board: what the big screen (and its voice) shows, read from the call record.

Calls are events. Every call and recall appends one ``call_events`` row in the transaction of
the call (``record_call``); nothing ever updates or deletes one. The board is derived from
that record alone, never from the tickets' mutable ``called_at``/``counter_id``, which a
transfer or a second call rewrites (the field bug: after "no-show P002 at loket 6, call P003
and transfer it" the old board showed P002 at loket 6 again and P003 vanished).

The rule (tests/integration/test_board_property.py checks it against a reference model over
random operation sequences):

1. Only a call or a recall changes the board. A transfer, no-show, start, finish, pause, open
   or close of a counter leaves it as it was: a counter's last call stays its last real call.
2. The board lists today's called tickets by their LATEST call, newest first. The first is
   "now calling" (the hero); the next ``history`` ones are the previous calls.
3. A ticket appears once, at the counter of its latest call: a transferred ticket called
   again elsewhere shows there (and no longer at the first counter); a recall moves the ticket
   back to the top at the same counter.
4. Calls of earlier days never show (the day is the site's local day).

Each entry carries its event id: a display announces an entry whose id it has not seen (a
recall is a new event, so it is spoken again).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from kiosk.db.models import CallEvent, Counter, Service, Ticket
from kiosk.services.context import AppContext
from kiosk.services.queue.views import CallView, QueueWaiting, format_number
from kiosk.services.staff import Officer

__all__ = ["Board", "BoardCall", "board", "called_tickets", "record_call", "waiting_counts"]

#: Previous calls the lobby board lists under the hero.
HISTORY = 5
_MAX_HISTORY = 100


@dataclass(frozen=True)
class BoardCall:
    """One line of the board: a ticket number and where to go, nothing personal."""

    event_id: int
    number: str
    counter_number: int
    kind: str  # call | recall
    called_at: datetime


@dataclass(frozen=True)
class Board:
    """What the lobby board shows now: the latest call, the previous ones, who is waiting."""

    latest: BoardCall | None
    previous: tuple[BoardCall, ...]
    waiting: tuple[QueueWaiting, ...]

    @property
    def calls(self) -> tuple[BoardCall, ...]:
        """The latest call first, then the previous ones (newest first)."""
        return ((self.latest,) if self.latest is not None else ()) + self.previous


def record_call(
    session: Session,
    ticket: Ticket,
    counter: Counter,
    officer: Officer | None,
    kind: str,
    at: datetime,
) -> None:
    """Append the call (or recall) to the record, in the caller's transaction."""
    session.add(
        CallEvent(
            site_id=counter.site_id,
            day=ticket.day,
            ticket_id=ticket.id,
            counter_id=counter.id,
            staff_id=officer.id if officer is not None else None,
            kind=kind,
            at=at,
        )
    )


def _latest_calls(session: Session, site_id: int, day: date, limit: int) -> list[BoardCall]:
    """Each ticket's latest call today, newest first (rule 2 and 3 of the module doc)."""
    later = aliased(CallEvent)
    newer_of_same_ticket = (
        select(later.id)
        .where(later.ticket_id == CallEvent.ticket_id, later.id > CallEvent.id)
        .exists()
    )
    rows = session.execute(
        select(
            CallEvent.id, CallEvent.kind, CallEvent.at, Ticket.prefix, Ticket.number, Counter.number
        )
        .join(Ticket, Ticket.id == CallEvent.ticket_id)
        .join(Counter, Counter.id == CallEvent.counter_id)
        .where(CallEvent.site_id == site_id, CallEvent.day == day, ~newer_of_same_ticket)
        .order_by(CallEvent.id.desc())
        .limit(limit)
    ).all()
    return [
        BoardCall(int(event_id), format_number(prefix, number), int(counter), kind, at)
        for event_id, kind, at, prefix, number, counter in rows
    ]


def waiting_counts(session: Session, site_id: int, day: date) -> list[QueueWaiting]:
    """Waiting tickets per queue (queues with nobody waiting are left out)."""
    rows = session.execute(
        select(Service.queue_prefix, Ticket.priority_kind.is_not(None), func.count(Ticket.id))
        .join(Service, Service.id == Ticket.service_id)
        .where(Ticket.site_id == site_id, Ticket.day == day, Ticket.status == "waiting")
        .group_by(Service.queue_prefix, Ticket.priority_kind.is_not(None))
    ).all()
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for prefix, is_priority, count in rows:
        totals[prefix][0] += int(count)
        if is_priority:
            totals[prefix][1] += int(count)
    return [QueueWaiting(p, t[0], t[1]) for p, t in sorted(totals.items())]


def board(ctx: AppContext, history: int = HISTORY) -> Board:
    """The lobby board now (one read-only snapshot): the display, its voice and the CLI."""
    history = max(0, min(int(history), _MAX_HISTORY))
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        day = ctx.today()
        calls = _latest_calls(session, site_id, day, history + 1)
        waiting = waiting_counts(session, site_id, day)
    return Board(
        latest=calls[0] if calls else None, previous=tuple(calls[1:]), waiting=tuple(waiting)
    )


def called_tickets(ctx: AppContext, limit: int = 10) -> list[CallView]:
    """The board's calls as CallView rows (number, counter, time, recalls, status).

    Kept for older callers; the time and counter come from the call record, the recall count
    and status from the ticket as it is now.
    """
    limit = max(1, min(int(limit), _MAX_HISTORY))
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        calls = _latest_calls(session, site_id, ctx.today(), limit)
        ids = [c.event_id for c in calls]
        facts = {
            int(event_id): (int(recalls), status)
            for event_id, recalls, status in session.execute(
                select(CallEvent.id, Ticket.recalls, Ticket.status)
                .join(Ticket, and_(Ticket.id == CallEvent.ticket_id))
                .where(CallEvent.id.in_(ids))
            )
        }
    return [
        CallView(c.number, c.counter_number, c.called_at, *facts.get(c.event_id, (0, "")))
        for c in calls
    ]
