"""The queue report: tickets per service, per hour of the day, per counter and (restricted) per
officer; waits and service times (mean, p50, p90); no-shows; the priority share.

Definitions, shared with the kiosk's wait estimate (kiosk/services/queue_stats.py):

* a ticket belongs to the period by its local day (the day its number was issued);
* wait = issue -> its FIRST call (call_events), for every ticket that was called (no-shows too);
* service time = start of service (or the call, when the officer went straight to "finish") ->
  finish, for tickets served (``done``);
* no-show = marked absent after being called; cancelled tickets count as issued, nothing else;
* per counter and per officer: the counter and officer the ticket ended with (who served it or
  marked it absent, after any transfer); hour of day: the local hour the ticket was issued;
* ratings (per counter and officer): the citizens' one-touch 1-4 ratings of visits of the
  period, by the counter and officer the rating recorded (kiosk.services.ratings): how many,
  and their mean.

The database aggregates (reports/queue_sql.py); percentiles by the R-7 rule of
kiosk.core.stats (PostgreSQL's percentile_cont).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from kiosk.core.stats import Durations
from kiosk.db.models import Counter as CounterRow
from kiosk.db.models import Service, Staff
from kiosk.services.context import AppContext
from kiosk.services.reports._common import ReportQuery, Scope, authorise, resolve_scope
from kiosk.services.reports.queue_sql import Figures, Ratings, queue_figures, rating_figures
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
    #: the citizens' 1-4 ratings of the visits (per counter and officer only; else 0 / None)
    ratings: int = 0
    rating_mean: float | None = None

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


def queue_report(
    ctx: AppContext, query: ReportQuery, *, officer: Officer | None, restricted: bool = False
) -> QueueReport:
    """The figures of one period and scope; ``restricted`` adds the per-officer table."""
    query = authorise(officer, query)
    with ctx.db.snapshot() as session:
        scope = resolve_scope(ctx, session, query)
        conn = session.connection()  # Core rows: the database aggregates (queue_sql)
        groups, kinds = queue_figures(
            conn, scope, query.date_from, query.date_to, ctx.zone, officers=restricted
        )
        rated_counters, rated_officers = rating_figures(conn, scope, query.date_from, query.date_to)
        services, counters = groups["service"], groups["counter"]
        officers = groups["officer"]
        service_rows = _rows(session, Service, services)
        counter_rows = _rows(session, CounterRow, counters)
        staff_rows = _rows(session, Staff, officers) if restricted else {}
        by_service = sorted(
            (
                _group(
                    fig,
                    service_rows[sid].code,
                    {"id": service_rows[sid].name_id, "en": service_rows[sid].name_en},
                )
                for sid, fig in services.items()
            ),
            key=lambda g: (-g.tickets, g.code),
        )
        by_counter = sorted(
            (
                (
                    counter_rows[cid].number,
                    _group(
                        fig,
                        str(counter_rows[cid].number),
                        {"id": counter_rows[cid].name_id, "en": counter_rows[cid].name_en},
                        rated_counters.get(cid),
                    ),
                )
                for cid, fig in counters.items()
            ),
            key=lambda pair: pair[0],
        )
        by_officer = None
        if restricted:
            by_officer = tuple(
                sorted(
                    (
                        _group(
                            fig,
                            staff_rows[who].username if who in staff_rows else "",
                            {"id": staff_rows[who].full_name}
                            if who in staff_rows
                            else {"id": "Tanpa petugas tercatat", "en": "No officer recorded"},
                            rated_officers.get(who),
                        )
                        for who, fig in officers.items()
                    ),
                    key=lambda g: (g.code == "", -g.tickets, g.code),
                )
            )
        hours = groups["hour"]
        return QueueReport(
            query=query,
            scope=scope,
            totals=_group(groups["total"].get(None, Figures()), "", {"id": "Semua", "en": "All"}),
            by_service=tuple(by_service),
            by_hour=tuple(
                _group(hours[h], f"{h:02d}", {"id": f"{h:02d}.00", "en": f"{h:02d}:00"})
                for h in sorted(hours)
            ),
            by_counter=tuple(g for _, g in by_counter),
            by_officer=by_officer,
            priority_kinds=kinds,
            generated_at=ctx.local_now(),
            restricted=restricted,
        )


def _group(
    fig: Figures, code: str, names: Mapping[str, str], ratings: Ratings | None = None
) -> QueueGroup:
    return QueueGroup(
        code,
        names,
        fig.tickets,
        fig.served,
        fig.no_shows,
        fig.cancelled,
        fig.priority,
        fig.wait,
        fig.service,
        ratings.count if ratings else 0,
        ratings.mean if ratings else None,
    )


def _rows(session: Any, model: Any, groups: Mapping[Any, Any]) -> dict[int, Any]:
    ids = [k for k in groups if k is not None]
    if not ids:
        return {}
    return {row.id: row for row in session.scalars(select(model).where(model.id.in_(ids)))}
