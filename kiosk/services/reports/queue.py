"""The queue report: tickets per service, per hour of the day, per counter and (restricted) per
officer; waits and service times (mean, p50, p90); no-shows; the priority share.

Definitions, shared with the kiosk's wait estimate (kiosk/services/queue_stats.py):

* a ticket belongs to the period by its local day (the day its number was issued);
* wait = issue -> its FIRST call (call_events), for every ticket that was called (no-shows too);
* service time = start of service (or the call, when the officer went straight to "finish") ->
  finish, for tickets served (``done``);
* no-show = marked absent after being called; cancelled tickets count as issued, nothing else;
* per counter and per officer: the counter and officer the ticket ended with (who served it or
  marked it absent, after any transfer); hour of day: the local hour the ticket was issued.

One query reads the period's tickets with their first call as epoch seconds (the database does
the date arithmetic), one pass in Python groups them; percentiles by kiosk.core.stats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kiosk.core.stats import Durations, summarise
from kiosk.db.models import Counter as CounterRow
from kiosk.db.models import Service, Staff, Ticket
from kiosk.services.context import AppContext
from kiosk.services.queue_stats import first_call_epochs, first_calls, service_start
from kiosk.services.reports._common import (
    ReportQuery,
    Scope,
    authorise,
    epoch_seconds,
    local_hour,
    resolve_scope,
)
from kiosk.services.staff import Officer

__all__ = ["QueueGroup", "QueueReport", "queue_report"]


@dataclass(frozen=True)
class QueueGroup:
    """The figures of one service, hour, counter or officer (or of everything: the totals)."""

    code: str
    names: Mapping[str, str]
    tickets: int
    served: int
    no_shows: int
    cancelled: int
    priority: int
    wait: Durations
    service: Durations

    def name(self, lang: str = "id") -> str:
        return self.names.get(lang) or self.names.get("id") or self.code

    @property
    def no_show_share(self) -> float | None:
        called = self.served + self.no_shows
        return self.no_shows / called if called else None

    @property
    def priority_share(self) -> float | None:
        return self.priority / self.tickets if self.tickets else None


@dataclass(frozen=True)
class QueueReport:
    query: ReportQuery
    scope: Scope
    totals: QueueGroup
    by_service: tuple[QueueGroup, ...]
    by_hour: tuple[QueueGroup, ...]  # code = "08" .. one per hour with tickets
    by_counter: tuple[QueueGroup, ...]
    by_officer: tuple[QueueGroup, ...] | None
    priority_kinds: Mapping[str, int]
    generated_at: datetime
    restricted: bool


class _Acc:
    __slots__ = ("cancelled", "no_shows", "priority", "served", "service", "tickets", "wait")

    def __init__(self) -> None:
        self.tickets = self.served = self.no_shows = self.cancelled = self.priority = 0
        self.wait: list[float] = []
        self.service: list[float] = []

    def merge(self, other: _Acc) -> None:
        self.tickets += other.tickets
        self.served += other.served
        self.no_shows += other.no_shows
        self.cancelled += other.cancelled
        self.priority += other.priority
        self.wait.extend(other.wait)
        self.service.extend(other.service)

    def group(self, code: str, names: Mapping[str, str]) -> QueueGroup:
        return QueueGroup(
            code,
            names,
            self.tickets,
            self.served,
            self.no_shows,
            self.cancelled,
            self.priority,
            summarise(self.wait),
            summarise(self.service),
        )


def queue_report(
    ctx: AppContext, query: ReportQuery, *, officer: Officer | None, restricted: bool = False
) -> QueueReport:
    """The figures of one period and scope; ``restricted`` adds the per-officer table."""
    query = authorise(officer, query)
    zone = ctx.zone
    hour_of = local_hour(zone)
    with ctx.db.snapshot() as session:
        scope = resolve_scope(ctx, session, query)
        conn = session.connection()  # Core rows: no ORM processing of 600,000 tuples
        # The first call of each ticket (queue_stats' one rule: the earliest "call" event).
        # PostgreSQL takes the minimum in a hash aggregate and sends one row per ticket; SQLite
        # is faster scanning the calls once into a dictionary than with its GROUP BY.
        lookup: dict[int, float] | None = None
        if conn.dialect.name == "postgresql":
            calls = first_calls(scope.site_id, query.date_from, query.date_to)
            head: Any = epoch_seconds(session, calls.c.first_at)
        else:
            lookup = first_call_epochs(conn, scope.site_id, query.date_from, query.date_to)
            head = Ticket.id
        started = service_start()
        stmt = select(
            head,
            Ticket.service_id,
            Ticket.counter_id,
            Ticket.staff_id,
            Ticket.status,
            Ticket.priority_kind,
            epoch_seconds(session, Ticket.issued_at),
            epoch_seconds(session, Ticket.finished_at) - epoch_seconds(session, started),
        ).where(
            Ticket.site_id == scope.site_id,
            Ticket.day >= query.date_from,
            Ticket.day <= query.date_to,
        )
        if lookup is None:
            stmt = stmt.outerjoin(calls, calls.c.ticket_id == Ticket.id)
        ids = scope.service_ids()
        if ids is not None:
            stmt = stmt.where(Ticket.service_id.in_(ids))
        # One accumulator per (service, hour, counter, officer) in the loop, merged into the
        # tables afterwards: one dictionary look-up per ticket instead of five.
        combos: dict[tuple[int, int, int | None, int | None], _Acc] = {}
        kinds: Counter[str] = Counter()
        for first, sid, cid, staff_id, status, kind, issued, took in conn.execute(stmt).fetchall():
            key = (sid, hour_of(issued), cid, staff_id if cid is not None else None)
            acc = combos.get(key)
            if acc is None:
                acc = combos[key] = _Acc()
            acc.tickets += 1
            if status == "done":
                acc.served += 1
                if took is not None:
                    acc.service.append(took / 60 if took > 0 else 0.0)
            elif status == "no_show":
                acc.no_shows += 1
            elif status == "cancelled":
                acc.cancelled += 1
            if kind:
                acc.priority += 1
                kinds[kind] += 1
            called = first if lookup is None else lookup.get(first)
            if called is not None:
                acc.wait.append((called - issued) / 60 if called > issued else 0.0)
        total = _Acc()
        services: dict[int, _Acc] = {}
        hours: dict[int, _Acc] = {}
        counters: dict[int, _Acc] = {}
        officers: dict[int | None, _Acc] = {}
        for (sid, hour, cid, staff_id), acc in combos.items():
            # sorted runs: the groups' sorts below then merge runs (timsort), not sort anew
            acc.wait.sort()
            acc.service.sort()
            targets = [total, _get(services, sid), _get(hours, hour)]
            if cid is not None:
                targets.append(_get(counters, cid))
                if restricted:
                    targets.append(_get(officers, staff_id))
            for target in targets:
                target.merge(acc)
        service_rows = _rows(session, Service, services)
        counter_rows = _rows(session, CounterRow, counters)
        staff_rows = _rows(session, Staff, officers) if restricted else {}
        by_service = sorted(
            (
                acc.group(
                    service_rows[sid].code,
                    {"id": service_rows[sid].name_id, "en": service_rows[sid].name_en},
                )
                for sid, acc in services.items()
            ),
            key=lambda g: (-g.tickets, g.code),
        )
        by_counter = sorted(
            (
                (
                    counter_rows[cid].number,
                    acc.group(
                        str(counter_rows[cid].number),
                        {"id": counter_rows[cid].name_id, "en": counter_rows[cid].name_en},
                    ),
                )
                for cid, acc in counters.items()
            ),
            key=lambda pair: pair[0],
        )
        by_officer = None
        if restricted:
            by_officer = tuple(
                sorted(
                    (
                        acc.group(
                            staff_rows[who].username if who in staff_rows else "",
                            {"id": staff_rows[who].full_name}
                            if who in staff_rows
                            else {"id": "Tanpa petugas tercatat", "en": "No officer recorded"},
                        )
                        for who, acc in officers.items()
                    ),
                    key=lambda g: (g.code == "", -g.tickets, g.code),
                )
            )
        return QueueReport(
            query=query,
            scope=scope,
            totals=total.group("", {"id": "Semua", "en": "All"}),
            by_service=tuple(by_service),
            by_hour=tuple(
                hours[h].group(f"{h:02d}", {"id": f"{h:02d}.00", "en": f"{h:02d}:00"})
                for h in sorted(hours)
            ),
            by_counter=tuple(g for _, g in by_counter),
            by_officer=by_officer,
            priority_kinds=dict(sorted(kinds.items())),
            generated_at=ctx.local_now(),
            restricted=restricted,
        )


def _get(groups: dict[Any, _Acc], key: Any) -> _Acc:
    acc = groups.get(key)
    if acc is None:
        acc = groups[key] = _Acc()
    return acc


def _rows(session: Any, model: Any, groups: Mapping[Any, Any]) -> dict[int, Any]:
    ids = [k for k in groups if k is not None]
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}
