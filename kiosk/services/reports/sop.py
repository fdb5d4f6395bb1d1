"""The SOP compliance report: were permits finished within their promised time?

Definitions (the receipt's promise, kiosk/core/workdays.py and services/deadlines.py):

* completed in the period: an application that became ready (``ready``, later ``handed_over``)
  on a local day of the period; rejected files are counted apart, never as on time or late;
* on time: ready at or before its due moment (the due moment already moved by any clock stop);
* working days used: working days from day 0 (the day the file was complete, or the next
  working day) to the day it became ready, over the holiday table, minus the working days the
  applicant held the file (clock stops). For a working-day SOP, on time <=> used <= SOP;
  the distribution is of used - SOP, from "5 or more early" to "5 or more late". Minute SOPs
  (Samsat, SKCK) count as on time or late by their due moment and stay out of that chart;
* clock-stop time: the working days applicants held files (``paused_working_days``), and how
  many files were stopped at least once;
* overdue today: open files (in progress, or held by the applicant after their due moment had
  passed) past their due moment now, whatever the period: the list the agency must act on.

The public copy has counts per service only; the restricted copy lists the overdue files by
registration number (never the applicant's name).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from kiosk.core.stats import Durations, summarise
from kiosk.db.models import Agency, Application, Service
from kiosk.services.context import AppContext
from kiosk.services.holidays import work_calendar
from kiosk.services.reports._common import (
    ReportQuery,
    Scope,
    authorise,
    epoch_seconds,
    local_date,
    period_bounds,
    resolve_scope,
)
from kiosk.services.staff import Officer
from kiosk.services.tracking import late_working_days

__all__ = ["DISTRIBUTION", "OverdueFile", "SopGroup", "SopReport", "sop_report"]

#: Buckets of (working days used - SOP): -5 means "5 or more early", +5 "5 or more late".
DISTRIBUTION = tuple(range(-5, 6))
COMPLETED = ("ready", "handed_over")
WORKING = ("in_progress", "waiting_applicant")


@dataclass(frozen=True)
class SopGroup:
    """One service or agency (or everything)."""

    code: str
    names: Mapping[str, str]
    sop_days: int | None  # a service's SOP in working days (None: minutes, or a group)
    completed: int
    on_time: int
    late: int
    rejected: int
    used: Durations  # working days used, files with a working-day SOP
    stopped_files: int
    stopped_days: int
    overdue_now: int

    def name(self, lang: str = "id") -> str:
        return self.names.get(lang) or self.names.get("id") or self.code

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.completed if self.completed else None


@dataclass(frozen=True)
class OverdueFile:
    registration_number: str
    service_code: str
    stage: str
    status: str
    due_date: date
    late_working_days: int


@dataclass(frozen=True)
class SopReport:
    query: ReportQuery
    scope: Scope
    totals: SopGroup
    by_service: tuple[SopGroup, ...]
    by_agency: tuple[SopGroup, ...]
    distribution: Mapping[int, int]
    overdue: tuple[OverdueFile, ...] | None  # restricted copy only
    as_of: datetime
    generated_at: datetime
    restricted: bool


class _Acc:
    __slots__ = (
        "completed",
        "late",
        "on_time",
        "overdue",
        "rejected",
        "stopped_days",
        "stopped_files",
        "used",
    )

    def __init__(self) -> None:
        self.completed = self.on_time = self.late = self.rejected = 0
        self.stopped_files = self.stopped_days = self.overdue = 0
        self.used: list[float] = []

    def group(self, code: str, names: Mapping[str, str], sop_days: int | None) -> SopGroup:
        return SopGroup(
            code,
            names,
            sop_days,
            self.completed,
            self.on_time,
            self.late,
            self.rejected,
            summarise(self.used),
            self.stopped_files,
            self.stopped_days,
            self.overdue,
        )


def sop_report(
    ctx: AppContext, query: ReportQuery, *, officer: Officer | None, restricted: bool = False
) -> SopReport:
    """The figures of one period and scope (module docstring); ``restricted`` adds the list."""
    query = authorise(officer, query)
    zone = ctx.zone
    day_of = local_date(zone)
    start, end = period_bounds(query, zone)
    now = ctx.now()
    with ctx.db.snapshot() as session:
        scope = resolve_scope(ctx, session, query)
        calendar = work_calendar(ctx, session)
        ids = scope.service_ids()
        finished = select(
            Application.service_id,
            Application.status,
            Application.paused_working_days,
            epoch_seconds(session, Application.complete_at),
            epoch_seconds(session, Application.due_at),
            epoch_seconds(session, Application.finished_at),
        ).where(
            Application.site_id == scope.site_id,
            Application.status.in_((*COMPLETED, "rejected")),
            Application.finished_at >= start,
            Application.finished_at < end,
        )
        open_files = select(Application).where(
            Application.site_id == scope.site_id,
            Application.status.in_(WORKING),
            Application.due_at < now,
        )
        if ids is not None:
            finished = finished.where(Application.service_id.in_(ids))
            open_files = open_files.where(Application.service_id.in_(ids))
        services = {
            s.id: s
            for s in session.scalars(select(Service).where(Service.site_id == scope.site_id))
        }
        agencies = {
            a.id: a for a in session.scalars(select(Agency).where(Agency.site_id == scope.site_id))
        }
        total = _Acc()
        by_service: dict[int, _Acc] = {}
        by_agency: dict[int, _Acc] = {}
        distribution = dict.fromkeys(DISTRIBUTION, 0)
        between: dict[tuple[date, date], int] = {}
        for sid, status, paused, complete, due, done in session.execute(finished):
            service = services[sid]
            accs = (total, _get(by_service, sid), _get(by_agency, service.agency_id))
            if status == "rejected":
                for acc in accs:
                    acc.rejected += 1
                continue
            on_time = done <= due
            used = None
            if service.sop_minutes is None:
                key = (calendar.day_zero(day_of(complete)), day_of(done))
                elapsed = between.get(key)
                if elapsed is None:
                    elapsed = between[key] = max(0, calendar.working_days_between(*key))
                used = max(0, elapsed - (paused or 0))
                offset = used - (service.sop_working_days or 0)
                distribution[max(-5, min(5, offset))] += 1
            for acc in accs:
                acc.completed += 1
                if on_time:
                    acc.on_time += 1
                else:
                    acc.late += 1
                if used is not None:
                    acc.used.append(used)
                if paused:
                    acc.stopped_files += 1
                    acc.stopped_days += paused
        overdue: list[OverdueFile] = []
        for app in session.scalars(open_files.order_by(Application.due_at, Application.id)):
            as_of = now
            if app.status == "waiting_applicant" and app.clock_stopped_at is not None:
                as_of = app.clock_stopped_at
            late = late_working_days(calendar, app.due_at, as_of, zone)
            if late <= 0:
                continue  # held by the applicant since before its due moment: not the agency's
            service = services[app.service_id]
            for acc in (total, _get(by_service, service.id), _get(by_agency, service.agency_id)):
                acc.overdue += 1
            if restricted:
                overdue.append(
                    OverdueFile(
                        app.registration_number,
                        service.code,
                        app.current_stage,
                        app.status,
                        app.due_at.astimezone(zone).date(),
                        late,
                    )
                )
        service_groups = sorted(
            (
                acc.group(
                    services[sid].code,
                    {"id": services[sid].name_id, "en": services[sid].name_en},
                    services[sid].sop_working_days if services[sid].sop_minutes is None else None,
                )
                for sid, acc in by_service.items()
            ),
            key=lambda g: (-(g.completed + g.overdue_now), g.code),
        )
        agency_groups = sorted(
            (
                acc.group(
                    agencies[aid].code,
                    {"id": agencies[aid].name_id, "en": agencies[aid].name_en},
                    None,
                )
                for aid, acc in by_agency.items()
            ),
            key=lambda g: (-(g.completed + g.overdue_now), g.code),
        )
        return SopReport(
            query=query,
            scope=scope,
            totals=total.group("", {"id": "Semua", "en": "All"}, None),
            by_service=tuple(service_groups),
            by_agency=tuple(agency_groups),
            distribution=distribution,
            overdue=tuple(
                sorted(overdue, key=lambda f: (-f.late_working_days, f.registration_number))
            )
            if restricted
            else None,
            as_of=now.astimezone(zone),
            generated_at=ctx.local_now(),
            restricted=restricted,
        )


def _get(groups: dict[Any, _Acc], key: Any) -> _Acc:
    acc = groups.get(key)
    if acc is None:
        acc = groups[key] = _Acc()
    return acc
