"""Which services, days and slots can be booked, and how many places each still has.

The count is the same function for the pages' listing (a snapshot) and for a booking (under the
day's lock, so there it is exact): a slot's places are its ``per_slot`` minus what is booked in
it, bounded by what the day still allows (the service's ``daily`` booking limit and its daily
quota; for today also the tickets already issued and the bookings still to come). A slot that
has started cannot be booked any more.

The listing (``booking_days``, ``day_slots_of``, ``bookable_services``) runs on every page view,
so it reads the catalogue part (the service's rule and hours, the site's policy, the holidays)
through a per-process cache of at most ``LISTING_TTL_S`` seconds: an administrator's change
(from any process) shows on the pages within that bound. The places are never cached: every
listing counts the bookings live, so a page never shows more places than the database holds
after a booking, and ``book_visit`` reads the catalogue uncached under the day's lock.
"""

from __future__ import annotations

import time
import weakref
from collections import Counter as Tally
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, bindparam, case, cast, func, literal, null, or_, select, union_all
from sqlalchemy.orm import Session

from kiosk.core.hours import OpeningHours
from kiosk.core.slots import BookingPolicy, SlotRule, day_slots
from kiosk.db.engine import Database
from kiosk.db.models import Agency, Booking, Holiday, Service, Site, Ticket
from kiosk.errors import BadInput, NotFound
from kiosk.services.booking.views import BookableService, DayPlaces, SlotPlaces
from kiosk.services.catalog_booking import policy_of, slot_rule_of
from kiosk.services.context import AppContext
from kiosk.services.opening import ALWAYS_OPEN
from kiosk.services.queue._common import moment

__all__ = [
    "LISTING_TTL_S",
    "Bookable",
    "bookable_services",
    "booking_days",
    "day_slots_of",
    "listed_bookable",
    "load_bookable",
    "open_days",
    "parse_day",
    "places",
]

#: Counted against a slot: cancelled bookings give their place back, the others hold it.
HOLDING = ("booked", "used", "expired")
#: How long the listing may show a catalogue change late (seconds; places are always live).
LISTING_TTL_S = 2.0


@dataclass
class Bookable:
    """A bookable service read in one query: its rule, hours, the site's policy, and the
    holidays of the booking range (plain values: the listing runs on every page view)."""

    site_id: int
    service_id: int
    prefix: str
    daily_quota: int | None
    hours: OpeningHours
    rule: SlotRule
    policy: BookingPolicy
    holidays: set[date]
    summary: BookableService


# Built once: the listing runs on every page view, and building a statement costs more than
# running it on SQLite (SQLAlchemy caches the compiled form under the same statement).
_SERVICE_ROW = (
    select(
        Service.id, Service.code, Service.name_id, Service.name_en, Service.queue_prefix,
        Service.daily_quota, Service.hours, Service.booking, Service.active,
        Agency.code, Agency.name_id, Agency.name_en,
        Site.default_hours, Site.booking, Site.demo,
    )
    .join(Agency, Agency.id == Service.agency_id)
    .join(Site, Site.id == Service.site_id)
    .where(Service.site_id == bindparam("site"), Service.code == bindparam("code"))
)  # fmt: skip
_HOLIDAYS = select(Holiday.day).where(
    Holiday.site_id == bindparam("site"),
    Holiday.day >= bindparam("first"),
    Holiday.day <= bindparam("last"),
)
#: Everything ``places`` counts, in one statement (one round trip): per slot with bookings of
#: the range, the places held, those that still count against the day (used, or booked and not
#: over) and those still to come (booked, not over); then, for today only, the tickets issued
#: (a row with no slot). A booking under the day's lock reads the same, so quotas stay exact.
_HOLDS_DAY = or_(
    Booking.status == "used", and_(Booking.status == "booked", Booking.slot_end > bindparam("now"))
)
_COMING = and_(Booking.status == "booked", Booking.slot_end > bindparam("now"))
_COUNTED = union_all(
    select(
        Booking.day,
        Booking.slot_start,
        func.count(Booking.id),
        func.sum(case((_HOLDS_DAY, 1), else_=0)),
        func.sum(case((_COMING, 1), else_=0)),
    )
    .where(
        Booking.service_id == bindparam("service"),
        Booking.day >= bindparam("first"),
        Booking.day <= bindparam("last"),
        Booking.status.in_(HOLDING),
    )
    .group_by(Booking.day, Booking.slot_start),
    select(
        Ticket.day,
        cast(null(), Booking.slot_start.type),
        func.count(Ticket.id),
        literal(0),
        literal(0),
    )
    .where(Ticket.service_id == bindparam("service"), Ticket.day == bindparam("ticket_day"))
    .group_by(Ticket.day),
)
#: No day has this date: ``ticket_day`` when today is not counted (no daily quota, or today is
#: not in the range), so the tickets' part of ``_COUNTED`` finds nothing.
_NO_DAY = date(1, 1, 1)


def load_bookable(ctx: AppContext, session: Session, service_code: str, today: date) -> Bookable:
    """The service and its booking rules; NotFound("booking_service") when it takes none."""
    wanted = service_code.strip().upper()[:16] if isinstance(service_code, str) else ""
    site_id = ctx.site_id(session)
    row = session.execute(_SERVICE_ROW, {"site": site_id, "code": wanted}).first()
    rule = slot_rule_of(row[7]) if row is not None else None
    if row is None or rule is None or not row[8]:
        raise NotFound("booking_service", code=wanted[:40])
    policy = policy_of(row[13])
    hours = ALWAYS_OPEN if row[14] else OpeningHours.from_mapping(row[6] or row[12] or {})
    holidays: set[date] = set()
    if not row[14]:  # the demo site is open every day, holidays included
        last = today + timedelta(days=policy.days_ahead)
        holidays = set(session.scalars(_HOLIDAYS, {"site": site_id, "first": today, "last": last}))
    summary = BookableService(row[1], row[2], row[3], row[9], row[10], row[11], rule.slot_minutes)
    return Bookable(site_id, row[0], row[4], row[5], hours, rule, policy, holidays, summary)


Slots = list[tuple[datetime, datetime]]
_Entry = tuple[float, object]
_LISTED: weakref.WeakKeyDictionary[Database, dict[tuple[object, ...], _Entry]] = (
    weakref.WeakKeyDictionary()
)


def _cached(ctx: AppContext, key: tuple[object, ...]) -> object | None:
    hit = _LISTED.get(ctx.db, {}).get((ctx.settings.site.code, *key))
    return hit[1] if hit is not None and hit[0] > time.monotonic() else None


def _keep(ctx: AppContext, key: tuple[object, ...], value: object) -> None:
    entries = _LISTED.setdefault(ctx.db, {})
    if len(entries) > 512:  # unknown codes typed by readers: bounded, never a leak
        entries.clear()
    entries[(ctx.settings.site.code, *key)] = (time.monotonic() + LISTING_TTL_S, value)


def listed_bookable(
    ctx: AppContext, session: Session, service_code: str, today: date
) -> tuple[Bookable, list[tuple[date, Slots]]]:
    """``load_bookable`` and ``open_days`` for the listing pages, read at most every
    ``LISTING_TTL_S`` seconds. Never for a booking (that reads the catalogue under its lock)."""
    key = ("bookable", service_code, today)
    hit = _cached(ctx, key)
    if isinstance(hit, tuple):
        return hit
    b = load_bookable(ctx, session, service_code, today)
    loaded = (b, open_days(ctx, b, today))
    _keep(ctx, key, loaded)
    return loaded


def parse_day(value: object) -> date:
    """A day from a form or the API ("2026-03-04"); BadInput("booking_day") otherwise."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise BadInput("booking_day", value=str(value)[:20]) from None


def open_days(ctx: AppContext, b: Bookable, today: date) -> list[tuple[date, Slots]]:
    """The working days from today to ``days_ahead`` with their slots (weekends and closed
    weekdays by the service's hours, holidays from the holidays table)."""
    hours = b.hours
    out = []
    for offset in range(b.policy.days_ahead + 1):
        day = today + timedelta(days=offset)
        if day in b.holidays:
            continue
        slots = day_slots(hours, day, b.rule.slot_minutes, ctx.zone)
        if slots:
            out.append((day, slots))
    return out


def places(
    session: Session,
    b: Bookable,
    days: Iterable[tuple[date, list[tuple[datetime, datetime]]]],
    now: datetime,
    today: date,
    rooms: dict[date, int] | None = None,
) -> dict[date, list[SlotPlaces]]:
    """Places left in every slot of ``days`` (one statement, ``_COUNTED``, for their bookings
    and today's tickets); ``rooms`` gets what each day still allows in all (its slots together
    never offer more)."""
    wanted = list(days)
    if not wanted:
        return {}
    first, last = wanted[0][0], wanted[-1][0]
    quota = b.daily_quota
    counts_today = quota is not None and first <= today <= last
    rows = session.connection().execute(
        _COUNTED,
        {"service": b.service_id, "first": first, "last": last, "now": now,
         "ticket_day": today if counts_today else _NO_DAY},
    )  # fmt: skip
    in_slot: dict[tuple[date, datetime], int] = {}
    in_day: Tally[date] = Tally()
    coming: Tally[date] = Tally()
    issued = 0
    for day, start, held, holds_day, still_coming in rows:
        if start is None:  # the tickets' row
            issued = int(held)
            continue
        in_slot[(day, start)] = int(held)
        in_day[day] += int(holds_day)  # an unused booking past its window gave its place back
        coming[day] += int(still_coming)
    caps = [n for n in (b.rule.daily, quota) if n is not None]
    out: dict[date, list[SlotPlaces]] = {}
    for day, slots in wanted:
        room = min(caps) - in_day[day] if caps else 1 << 30
        if day == today and quota is not None:
            room = min(room, quota - issued - coming[day])
        if rooms is not None:
            rooms[day] = max(0, room)
        listed = []
        for start, end in slots:
            held = in_slot.get((day, start), 0)
            left = 0 if start <= now else max(0, min(b.rule.per_slot - held, room))
            listed.append(SlotPlaces(start, end, b.rule.per_slot, left))
        out[day] = listed
    return out


def bookable_services(ctx: AppContext) -> list[BookableService]:
    """The active services that take bookings, in catalogue order."""
    hit = _cached(ctx, ("services",))
    if isinstance(hit, list):
        return list(hit)

    def work(session: Session) -> list[BookableService]:
        rows = session.execute(
            select(Service, Agency)
            .join(Agency, Agency.id == Service.agency_id)
            .where(Service.site_id == ctx.site_id(session), Service.active.is_(True))
            .order_by(Agency.position, Service.position, Service.id)
        )
        found: list[BookableService] = []
        for service, agency in rows:
            rule = slot_rule_of(service.booking)
            if rule is None:
                continue
            found.append(
                BookableService(
                    service.code,
                    service.name_id,
                    service.name_en,
                    agency.code,
                    agency.name_id,
                    agency.name_en,
                    rule.slot_minutes,
                )
            )
        return found

    found = ctx.db.read(work)
    _keep(ctx, ("services",), list(found))
    return found


def booking_days(ctx: AppContext, service_code: str) -> tuple[BookableService, list[DayPlaces]]:
    """The service and its bookable days with the places left (days with none included, so a
    full day reads "penuh" rather than disappearing)."""
    t = moment(ctx)

    def work(session: Session) -> tuple[BookableService, list[DayPlaces]]:
        b, days = listed_bookable(ctx, session, service_code, t.today)
        rooms: dict[date, int] = {}
        counted = places(session, b, days, t.now, t.today, rooms)
        listed = []
        for day, slots in counted.items():
            future = [s for s in slots if s.start > t.now]
            if future:
                left = min(sum(s.left for s in future), rooms[day])
                listed.append(DayPlaces(day, left, len(future)))
        return b.summary, listed

    # A read (one round trip on PostgreSQL, kiosk.db.engine) on the primary, never a replica:
    # a place just taken must not be shown free.
    return ctx.db.read(work)


def day_slots_of(
    ctx: AppContext, service_code: str, day: object
) -> tuple[BookableService, date, list[SlotPlaces]]:
    """The slots of one bookable day with their places; NotFound("booking_day_closed") for a
    day outside the booking range or not a working day of the service."""
    wanted = parse_day(day)
    t = moment(ctx)

    def work(session: Session) -> tuple[BookableService, date, list[SlotPlaces]]:
        b, listed = listed_bookable(ctx, session, service_code, t.today)
        days = [d for d in listed if d[0] == wanted]
        if not days:
            raise NotFound("booking_day_closed", day=wanted.isoformat())
        slots = [s for s in places(session, b, days, t.now, t.today)[wanted] if s.start > t.now]
        return b.summary, wanted, slots

    return ctx.db.read(work)  # the primary, as booking_days
