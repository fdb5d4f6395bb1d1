"""The queue report's figures, aggregated by the database (bench.reports_bench: a year of
600,000 tickets in a few seconds).

One base relation of the period's tickets (queue_stats' definitions, see reports/queue.py):
its service, local hour of issue, final counter, the officer key (the final officer, only for
tickets that reached a counter; 0 = none recorded), status, priority kind, and the wait and
service minutes (NULL when there is none; negative clock differences count as 0).

* PostgreSQL: one ``GROUP BY GROUPING SETS`` over it, ``percentile_cont`` for p50/p90 (the
  same R-7 rule as kiosk.core.stats), so only a few hundred rows come back.
* SQLite has no percentile aggregate: the counts are one ``GROUP BY`` per (service, hour,
  counter, officer) combination, and only the durations are streamed, two numbers a row
  with the combination's small number, already sorted by SQLite (``ORDER BY``), so each
  group's percentiles are read off sorted lists without sorting 600,000 rows in Python.

The first call of a ticket is its earliest ``call`` event (queue_stats.first_calls).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Float, Integer, and_, case, cast, func, literal, select, tuple_
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.engine import Connection

from kiosk.core.stats import Durations, percentile
from kiosk.db.models import CallEvent, Ticket, TicketRating
from kiosk.services.queue_stats import first_calls, service_start
from kiosk.services.reports._common import Scope, epoch_seconds

__all__ = ["DIMENSIONS", "Figures", "Ratings", "queue_figures", "rating_figures"]

#: The tables of the report; "total" has the one key None.
DIMENSIONS = ("total", "service", "hour", "counter", "officer")
#: The officer key of a ticket that reached a counter with no officer recorded.
NO_OFFICER = 0


@dataclass
class Figures:
    """Counts and durations of one group of tickets."""

    tickets: int = 0
    served: int = 0
    no_shows: int = 0
    cancelled: int = 0
    priority: int = 0
    wait: Durations = field(default_factory=Durations.empty)
    service: Durations = field(default_factory=Durations.empty)


@dataclass(frozen=True)
class Ratings:
    """The citizens' 1-4 ratings of one counter or officer's visits."""

    count: int
    total: int

    @property
    def mean(self) -> float | None:
        return self.total / self.count if self.count else None


Groups = dict[str, dict[Any, Figures]]


def _minutes(conn: Connection, seconds: Any, known: Any) -> Any:
    """Seconds -> minutes, a negative clock difference as 0, NULL when ``known`` is false.
    SQLite's two-argument max() is NULL when an argument is (and evaluates the correlated
    first call once); PostgreSQL's greatest() ignores a NULL, hence the guard there."""
    if conn.dialect.name == "sqlite":
        return func.max(seconds, 0.0) / 60.0
    return case((known, func.greatest(seconds, 0.0) / 60.0), else_=None)


def _local_hour(conn: Connection, zone: ZoneInfo, day_from: date, day_to: date) -> Any:
    """The local clock hour of issue, in SQL (an epoch number when the zone changed its clock
    in the period: the caller's local_hour reads it then)."""
    offset = _fixed_offset(zone, day_from, day_to)
    if conn.dialect.name == "postgresql":
        if offset is None:
            return cast(func.date_part("hour", func.timezone(zone.key, Ticket.issued_at)), Float)
        # plain arithmetic: timezone() looks the zone up for every row
        seconds = func.date_part("epoch", Ticket.issued_at) + offset * 60
        return cast(cast(func.floor(seconds / 3600), Integer) % 24, Float)
    if offset is None:
        return epoch_seconds(conn, Ticket.issued_at)
    return cast(func.strftime("%H", Ticket.issued_at, f"{offset:+d} minutes"), Float)


def _seconds(conn: Connection, later: Any, earlier: Any) -> Any:
    """later - earlier in seconds; on PostgreSQL date_part of the interval (a double, where
    EXTRACT's numeric costs seconds over a year of rows)."""
    if conn.dialect.name == "postgresql":
        return func.date_part("epoch", later - earlier)
    return epoch_seconds(conn, later) - epoch_seconds(conn, earlier)


def _fixed_offset(zone: ZoneInfo, day_from: date, day_to: date) -> int | None:
    """The zone's UTC offset in minutes when it is the same through the period, else None."""
    seen = set()
    day = day_from - timedelta(days=1)
    while day <= day_to + timedelta(days=1):
        for hour in (0, 12):
            off = datetime(day.year, day.month, day.day, hour, tzinfo=zone).utcoffset()
            seen.add(int(off.total_seconds() // 60) if off is not None else 0)
        day += timedelta(days=1)
    return seen.pop() if len(seen) == 1 else None


def _base(
    conn: Connection, scope: Scope, day_from: date, day_to: date, zone: ZoneInfo
) -> tuple[Any, bool]:
    """The period's tickets as the module docstring's base relation; (subquery, hour_is_epoch)."""
    hour = _local_hour(conn, zone, day_from, day_to)
    hour_is_epoch = (
        conn.dialect.name != "postgresql" and _fixed_offset(zone, day_from, day_to) is None
    )
    if conn.dialect.name == "postgresql":
        calls = first_calls(scope.site_id, day_from, day_to)
        wait = _seconds(conn, calls.c.first_at, Ticket.issued_at)
        called = calls.c.first_at.is_not(None)
    else:
        # a correlated minimum: one seek of ix_call_events_ticket_id per ticket, no temp
        # B-tree; "+ 0" keeps SQLite off ix_call_events_latest (site, day: a year per ticket)
        first_at = (
            select(func.min(epoch_seconds(conn, CallEvent.at)))
            .where(
                CallEvent.ticket_id == Ticket.id,
                CallEvent.kind == "call",
                CallEvent.site_id + 0 == scope.site_id,
                CallEvent.day >= day_from,
                CallEvent.day <= day_to,
            )
            .scalar_subquery()
        )
        wait = first_at - epoch_seconds(conn, Ticket.issued_at)
        called = None
    took = _seconds(conn, Ticket.finished_at, service_start())
    stmt = select(
        Ticket.service_id.label("sid"),
        hour.label("hour"),
        Ticket.counter_id.label("cid"),
        case(
            (Ticket.counter_id.is_not(None), func.coalesce(Ticket.staff_id, NO_OFFICER)),
            else_=None,
        ).label("who"),
        Ticket.status.label("status"),
        Ticket.priority_kind.label("kind"),
        _minutes(conn, wait, called).label("wait"),
        case(
            (
                Ticket.status == "done",
                _minutes(
                    conn,
                    took,
                    and_(Ticket.finished_at.is_not(None), service_start().is_not(None)),
                ),
            ),
            else_=None,
        ).label("took"),
    ).where(
        Ticket.site_id == scope.site_id,
        Ticket.day >= day_from,
        Ticket.day <= day_to,
    )
    if conn.dialect.name == "postgresql":
        stmt = stmt.outerjoin(calls, calls.c.ticket_id == Ticket.id)
    ids = scope.service_ids()
    if ids is not None:
        stmt = stmt.where(Ticket.service_id.in_(ids))
    return stmt.subquery("base"), hour_is_epoch


def queue_figures(
    conn: Connection,
    scope: Scope,
    day_from: date,
    day_to: date,
    zone: ZoneInfo,
    *,
    officers: bool,
) -> tuple[Groups, dict[str, int]]:
    """({dimension: {key: Figures}}, {priority kind: tickets}); ``officers`` adds the
    per-officer table (key None: no officer recorded)."""
    base, hour_is_epoch = _base(conn, scope, day_from, day_to, zone)
    if conn.dialect.name == "postgresql":
        groups = _pg_groups(conn, base, officers)
        kinds = {
            kind: int(n)
            for kind, n in conn.execute(
                select(base.c.kind, func.count())
                .where(base.c.kind.is_not(None))
                .group_by(base.c.kind)
                .order_by(base.c.kind)
            )
        }
    else:
        groups, kinds = _sqlite_groups(conn, base, officers, zone if hour_is_epoch else None)
    if officers and NO_OFFICER in groups["officer"]:
        groups["officer"][None] = groups["officer"].pop(NO_OFFICER)
    return groups, kinds


def _counts(b: Any) -> list[Any]:
    return [
        func.count(),
        func.count().filter(b.c.status == "done"),
        func.count().filter(b.c.status == "no_show"),
        func.count().filter(b.c.status == "cancelled"),
        func.count(b.c.kind),
    ]


def _pg_groups(conn: Connection, b: Any, officers: bool) -> Groups:
    dims = ["service", "hour", "counter"] + (["officer"] if officers else [])
    keys = [b.c.sid, b.c.hour, b.c.cid, b.c.who][: len(dims)]
    pcts = array([0.5, 0.9])
    # A year is one big query: JIT compilation alone took 2.3 s of it (its cost estimate is
    # far above jit_above_cost), and the sorts of the grouping sets spill to disk at the
    # default 4 MB; both for this read-only transaction only.
    conn.exec_driver_sql("SET LOCAL jit = off")
    conn.exec_driver_sql("SET LOCAL work_mem = '128MB'")
    # Each ticket's first call: the planner's estimate prefers hashing every call of the
    # year (2.4 s) to reading ix_call_events_first_call in ticket order and merging (0.9 s);
    # the grouping sets sort anyway (ordered-set aggregates are never hashed).
    conn.exec_driver_sql("SET LOCAL enable_hashagg = off")
    conn.exec_driver_sql("SET LOCAL enable_hashjoin = off")
    stmt = select(
        func.grouping(*keys),
        *keys,
        *[literal(None)] * (4 - len(keys)),
        *_counts(b),
        func.count(b.c.wait),
        func.avg(b.c.wait),
        func.percentile_cont(pcts).within_group(b.c.wait),
        func.count(b.c.took),
        func.avg(b.c.took),
        func.percentile_cont(pcts).within_group(b.c.took),
    ).group_by(func.grouping_sets(tuple_(), *keys))
    # GROUPING(keys...): a bit set for each key NOT grouped by, the first key the highest
    full = (1 << len(keys)) - 1
    by_bits: dict[int, tuple[str, int | None]] = {full: ("total", None)}
    for i, dim in enumerate(dims):
        by_bits[full ^ (1 << (len(keys) - 1 - i))] = (dim, i)
    groups: Groups = {d: {} for d in DIMENSIONS}
    for row in conn.execute(stmt):
        dim, at = by_bits[row[0]]
        key = None if at is None else row[1 + at]
        if key is None and dim in ("counter", "officer"):
            continue  # tickets that never reached a counter
        if dim == "hour" and key is not None:
            key = int(key)
        tickets, served, no_shows, cancelled, priority = (int(x) for x in row[5:10])
        groups[dim][key] = Figures(
            tickets,
            served,
            no_shows,
            cancelled,
            priority,
            _durations(row[10], row[11], row[12]),
            _durations(row[13], row[14], row[15]),
        )
    return groups


def _durations(count: Any, mean: Any, pcts: Any) -> Durations:
    if not count:
        return Durations.empty()
    return Durations(int(count), float(mean), float(pcts[0]), float(pcts[1]))


def _sqlite_groups(
    conn: Connection, b: Any, officers: bool, zone: ZoneInfo | None
) -> tuple[Groups, dict[str, int]]:
    """One pass over the base relation (SQLite computes the hour, the first call and the
    minutes); counts and durations are kept per (service, hour, counter, officer)
    combination, each combination's durations sorted, then merged into the tables (timsort
    merges sorted runs). Measured faster than SQLite's GROUP BY plus sorted streams, each a
    pass of its own (bench.reports_bench)."""
    from kiosk.services.reports._common import local_hour

    hour_of = local_hour(zone) if zone is not None else None
    combos: dict[tuple[Any, ...], _Combo] = {}
    kinds: dict[str, int] = {}
    stmt = select(b.c.sid, b.c.hour, b.c.cid, b.c.who, b.c.status, b.c.kind, b.c.wait, b.c.took)
    # the DBAPI cursor's plain tuples: no SQLAlchemy Row per ticket (none of these columns
    # needs a result processor on SQLite), about a fifth of the Python time of the loop
    result = conn.execute(stmt)
    rows = result.cursor.fetchall() if result.cursor is not None else result.fetchall()
    result.close()
    for sid, hour, cid, who, status, kind, wait, took in rows:
        key = (sid, hour, cid, who)
        acc = combos.get(key)
        if acc is None:
            acc = combos[key] = _Combo()
        acc.tickets += 1
        if status == "done":
            acc.served += 1
            if took is not None:
                acc.took.append(took)
        elif status == "no_show":
            acc.no_shows += 1
        elif status == "cancelled":
            acc.cancelled += 1
        if kind:
            acc.priority += 1
            kinds[kind] = kinds.get(kind, 0) + 1
        if wait is not None:
            acc.wait.append(wait)
    groups: Groups = {d: {} for d in DIMENSIONS}
    waits: dict[int, list[float]] = {}
    tooks: dict[int, list[float]] = {}
    for (sid, hour, cid, who), acc in combos.items():
        acc.wait.sort()
        acc.took.sort()
        hour = int(hour_of(hour)) if hour_of is not None else int(hour)
        keys: list[tuple[str, Any]] = [("total", None), ("service", sid), ("hour", hour)]
        if cid is not None:
            keys.append(("counter", cid))
            if officers:
                keys.append(("officer", who))
        for dim, k in keys:
            fig = _get(groups[dim], k)
            fig.tickets += acc.tickets
            fig.served += acc.served
            fig.no_shows += acc.no_shows
            fig.cancelled += acc.cancelled
            fig.priority += acc.priority
            waits.setdefault(id(fig), []).extend(acc.wait)
            tooks.setdefault(id(fig), []).extend(acc.took)
    for table in groups.values():
        for fig in table.values():
            fig.wait = _summary(waits.get(id(fig), []))
            fig.service = _summary(tooks.get(id(fig), []))
    return groups, dict(sorted(kinds.items()))


class _Combo:
    __slots__ = ("cancelled", "no_shows", "priority", "served", "tickets", "took", "wait")

    def __init__(self) -> None:
        self.tickets = self.served = self.no_shows = self.cancelled = self.priority = 0
        self.wait: list[float] = []
        self.took: list[float] = []


def _summary(values: list[float]) -> Durations:
    if not values:
        return Durations.empty()
    values.sort()
    return Durations(
        len(values), sum(values) / len(values), percentile(values, 0.5), percentile(values, 0.9)
    )


def _get(table: dict[Any, Figures], key: Any) -> Figures:
    fig = table.get(key)
    if fig is None:
        fig = table[key] = Figures()
    return fig


def rating_figures(
    conn: Connection, scope: Scope, day_from: date, day_to: date
) -> tuple[Mapping[int, Ratings], Mapping[int | None, Ratings]]:
    """({counter id: Ratings}, {officer id or None: Ratings}) of the visits rated in the
    period (the rating's own copy of its counter and officer, kiosk.services.ratings)."""
    stmt = select(
        TicketRating.counter_id,
        TicketRating.staff_id,
        func.count(),
        func.sum(TicketRating.value),
    ).where(
        TicketRating.site_id == scope.site_id,
        TicketRating.day >= day_from,
        TicketRating.day <= day_to,
    )
    ids = scope.service_ids()
    if ids is not None:
        stmt = stmt.where(TicketRating.service_id.in_(ids))
    counters: dict[int, list[int]] = {}
    officers: dict[int | None, list[int]] = {}
    for cid, who, n, total in conn.execute(
        stmt.group_by(TicketRating.counter_id, TicketRating.staff_id)
    ):
        for acc in (counters.setdefault(cid, [0, 0]), officers.setdefault(who, [0, 0])):
            acc[0] += int(n)
            acc[1] += int(total or 0)
    return (
        {k: Ratings(n, t) for k, (n, t) in counters.items()},
        {k: Ratings(n, t) for k, (n, t) in officers.items()},
    )
