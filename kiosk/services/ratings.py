"""The counter-side screen's use cases: what the citizen at a loket sees, and the one-touch
rating of the visit that just ended (issue 9, item 2).

What the screen may show is public: the number being served, the counter, the officer's name
as on their name tag (only when ``counter.show_officer_name`` is on; never anything else about
them), the charter's short promises. No per-officer figures: ratings are stored here and read
only by the supervisor's reports.

The rating rule, in one place so the screen, a second screen and a test cannot disagree:

* a ticket is ratable once it is finished (``done``; a no-show was not served) at a counter,
  for ``counter.rating_window_s`` seconds (90 by default) after ``finished_at``;
* at most once (``UNIQUE(ticket_id)``; a second try is ``Conflict("ticket_rated")``, worded
  politely by errors.po, and changes nothing);
* the screen stops offering it earlier when the next visitor takes the seat: when the next
  ticket at that counter is being served, or ``NEXT_CALL_GRACE_S`` after it was called (time
  enough for the last visitor to rate while the next one walks over, not so long that the
  next one rates a visit that was not theirs). ``rate_ticket`` itself keeps the full window,
  so a touch already on its way is not refused because the officer was quick.

The rating is stored against the ticket and, copied at rating time, its service, its counter
and the officer who served it (the latest call or recall of the ticket at that counter, from
the append-only call record; else the ticket's own officer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.db.models import CallEvent, Counter, Staff, Ticket, TicketRating
from kiosk.errors import BadInput, Conflict, NotFound, Refused
from kiosk.i18n import CORE_LANGS
from kiosk.services import charter_promises
from kiosk.services.context import AppContext
from kiosk.services.queue._common import ACTIVE, find_counter, moment
from kiosk.services.queue.status import ticket_by_code
from kiosk.services.queue.views import format_number

__all__ = [
    "NEXT_CALL_GRACE_S",
    "RATING_VALUES",
    "CounterScreenState",
    "RatingPrompt",
    "RatingRecorded",
    "counter_screen_state",
    "rate_ticket",
    "screen_device_name",
]

RATING_VALUES = (1, 2, 3, 4)
#: After the next ticket is called at the counter, the last visitor may still rate this long.
NEXT_CALL_GRACE_S = 20
_DEVICE_MAX = 64


@dataclass(frozen=True)
class RatingPrompt:
    """A finished visit the screen offers to rate: its printed number, its QR code (the kiosk
    routes it: status, later a complaint about that visit) and when the offer ends."""

    ticket_id: int
    number: str
    code: str
    finished_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class CounterScreenState:
    """One read of what the citizen-facing screen of a counter shows."""

    counter_number: int
    counter_name_id: str
    counter_name_en: str
    #: open | paused | closed
    counter_state: str
    #: The number at the desk now ("A005"), None when nobody is called.
    serving_number: str | None
    #: called | serving, None with no number.
    serving_status: str | None
    #: The name on the officer's name tag, None when the setting hides it or nobody is signed in.
    officer_name: str | None
    rating: RatingPrompt | None
    #: The charter's short promises per language.
    promises: Mapping[str, tuple[str, ...]]
    read_at: datetime


@dataclass(frozen=True)
class RatingRecorded:
    number: str
    value: int
    counter_number: int
    rated_at: datetime


def screen_device_name(ctx: AppContext, counter_number: int) -> str:
    """The name ratings from this counter's screen are stored with."""
    configured = ctx.settings.counter.screen_device_name.strip()
    return configured or f"layar-loket-{counter_number}"


def _window(ctx: AppContext) -> timedelta:
    return timedelta(seconds=ctx.settings.counter.rating_window_s)


def _current(session: Session, counter: Counter, day: object) -> Ticket | None:
    return session.scalar(
        select(Ticket)
        .where(
            Ticket.site_id == counter.site_id,
            Ticket.counter_id == counter.id,
            Ticket.day == day,
            Ticket.status.in_(ACTIVE),
        )
        .order_by(Ticket.called_at.desc(), Ticket.id.desc())
        .limit(1)
    )


def _officer_name(ctx: AppContext, session: Session, counter: Counter) -> str | None:
    if not ctx.settings.counter.show_officer_name:
        return None
    if counter.state == "closed" or counter.staff_id is None:
        return None
    name = session.scalar(select(Staff.full_name).where(Staff.id == counter.staff_id))
    return (name or "").strip() or None


def _prompt(
    ctx: AppContext, session: Session, counter: Counter, current: Ticket | None, now: datetime
) -> RatingPrompt | None:
    window = _window(ctx)
    # The window's first local day: both queries then ride the (site_id, day, ...) indexes.
    since = (now - window).astimezone(ctx.zone).date()
    last = session.scalar(
        select(Ticket)
        .where(
            Ticket.site_id == counter.site_id,
            Ticket.day >= since,
            Ticket.counter_id == counter.id,
            Ticket.status == "done",
            Ticket.finished_at.is_not(None),
            Ticket.finished_at > now - window,
        )
        .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
        .limit(1)
    )
    if last is None or last.finished_at is None:
        return None
    rated = session.scalar(select(TicketRating.id).where(TicketRating.ticket_id == last.id))
    if rated is not None:
        return None
    if current is not None and current.status == "serving" and current.id != last.id:
        return None  # the next visitor has taken the seat
    expires = last.finished_at + window
    next_call = session.scalar(
        select(CallEvent.at)
        .where(
            CallEvent.site_id == counter.site_id,
            CallEvent.day >= since,
            CallEvent.counter_id == counter.id,
            CallEvent.ticket_id != last.id,
            CallEvent.at >= last.finished_at,
        )
        .order_by(CallEvent.at, CallEvent.id)
        .limit(1)
    )
    if next_call is not None:
        expires = min(expires, next_call + timedelta(seconds=NEXT_CALL_GRACE_S))
    if expires <= now:
        return None
    return RatingPrompt(
        ticket_id=last.id,
        number=format_number(last.prefix, last.number),
        code=last.code,
        finished_at=last.finished_at,
        expires_at=expires,
    )


def counter_screen_state(
    ctx: AppContext, counter_number: int, langs: Iterable[str] = CORE_LANGS
) -> CounterScreenState:
    """What the screen facing the citizen at ``counter_number`` shows now (a read-only
    snapshot; NotFound when the site has no such counter)."""
    with ctx.db.snapshot() as session:
        t = moment(ctx)
        counter = find_counter(ctx, session, counter_number)
        current = _current(session, counter, t.today)
        prompt = _prompt(ctx, session, counter, current, t.now)
        officer = _officer_name(ctx, session, counter)
        promises = {lang: charter_promises.short_promises(lang) for lang in langs}
        return CounterScreenState(
            counter_number=counter.number,
            counter_name_id=counter.name_id,
            counter_name_en=counter.name_en,
            counter_state=counter.state,
            serving_number=format_number(current.prefix, current.number) if current else None,
            serving_status=current.status if current else None,
            officer_name=officer,
            rating=prompt,
            promises=MappingProxyType(promises),
            read_at=t.now,
        )


def _ticket(ctx: AppContext, session: Session, ref: int | str) -> Ticket:
    ticket: Ticket | None
    if isinstance(ref, bool):
        raise NotFound("ticket")
    if isinstance(ref, int):
        ticket = session.get(Ticket, ref)
        if ticket is None or ticket.site_id != ctx.site_id(session):
            raise NotFound("ticket")
    else:
        ticket = ticket_by_code(ctx, session, ref)
    # No row lock: a finished ticket does not change, and UNIQUE(ticket_id) settles two screens
    # rating at once (the display's database role may read tickets, not lock them).
    return ticket


def _served_by(session: Session, ticket: Ticket) -> int | None:
    """The officer of the ticket's latest call or recall at its counter (the call record)."""
    staff_id = session.scalar(
        select(CallEvent.staff_id)
        .where(CallEvent.ticket_id == ticket.id, CallEvent.counter_id == ticket.counter_id)
        .order_by(CallEvent.id.desc())
        .limit(1)
    )
    return staff_id if staff_id is not None else ticket.staff_id


def rate_ticket(
    ctx: AppContext,
    ticket_code_or_id: int | str,
    value: int,
    device: str,
    *,
    counter_number: int | None = None,
) -> RatingRecorded:
    """Store the citizen's rating (1..4) of a visit just finished: once per ticket.

    ``counter_number`` (the screen's counter) must be where the ticket was finished. Refused
    when the ticket is not finished, was finished elsewhere or longer ago than the window;
    ``Conflict("ticket_rated")`` when it already has a rating (nothing changes).
    """
    if isinstance(value, bool) or not isinstance(value, int) or value not in RATING_VALUES:
        raise BadInput("rating_value", value=str(value)[:20])
    device_name = "".join(ch for ch in str(device) if ch.isprintable()).strip()[:_DEVICE_MAX]
    with ctx.db.transaction() as session:
        t = moment(ctx)
        ticket = _ticket(ctx, session, ticket_code_or_id)
        number = format_number(ticket.prefix, ticket.number)
        if session.scalar(select(TicketRating.id).where(TicketRating.ticket_id == ticket.id)):
            raise Conflict("ticket_rated", number=number)
        if ticket.status != "done" or ticket.finished_at is None or ticket.counter_id is None:
            raise Refused("rating_not_finished", number=number)
        counter = session.get_one(Counter, ticket.counter_id)
        if counter_number is not None and counter.number != counter_number:
            raise Refused("rating_wrong_counter", number=number, counter=counter_number)
        if t.now - ticket.finished_at > _window(ctx):
            raise Refused("rating_window_closed", number=number)
        session.add(
            TicketRating(
                site_id=ticket.site_id,
                ticket_id=ticket.id,
                value=value,
                service_id=ticket.service_id,
                counter_id=counter.id,
                staff_id=_served_by(session, ticket),
                day=ticket.day,
                created_at=t.now,
                device=device_name,
            )
        )
        try:
            session.flush()
        except IntegrityError:  # another screen rated it in the same instant
            raise Conflict("ticket_rated", number=number) from None
        return RatingRecorded(
            number=number, value=value, counter_number=counter.number, rated_at=t.now
        )
