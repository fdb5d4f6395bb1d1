"""SOP deadlines: the promised completion moment of a file, and the open minutes of a clock.

Split from applications.py (which states the rules in its docstring). ``promised_due`` is the one
place a due date is computed for a new file: it seeds estimated holidays for the years the due
date reaches (services/holidays.py) and says whether the date rests on the confirmed calendar.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from kiosk.core.hours import OpeningHours
from kiosk.core.workdays import WorkCalendar
from kiosk.db.models import Service, Site
from kiosk.services.context import AppContext
from kiosk.services.holidays import calendar_for_span

__all__ = [
    "DEFAULT_HOURS",
    "due_for",
    "end_of_day",
    "moved_due_day",
    "open_minutes_between",
    "promised_due",
    "service_hours",
]

DEFAULT_HOURS = {"mon-fri": "08:00-15:00"}


def service_hours(service: Service, site: Site) -> OpeningHours:
    """The service's own hours, else the site's default hours."""
    return OpeningHours.from_mapping(service.hours or site.default_hours or DEFAULT_HOURS)


def end_of_day(day: date, zone: Any) -> datetime:
    return datetime.combine(day, time(23, 59, 59), zone).astimezone(UTC)


def due_for(
    complete_at: datetime,
    *,
    sop_working_days: int | None,
    sop_minutes: int | None,
    calendar: WorkCalendar,
    hours: OpeningHours,
    zone: Any,
) -> datetime:
    """The promised completion moment (aware UTC) for a file complete at ``complete_at``."""
    local = complete_at.astimezone(zone)
    if sop_minutes is not None:
        return calendar.due_datetime_same_day(local, sop_minutes, hours).astimezone(UTC)
    days = sop_working_days or 0
    return end_of_day(calendar.add_working_days(local.date(), days), zone)


def open_minutes_between(
    calendar: WorkCalendar, hours: OpeningHours, start: datetime, end: datetime
) -> int:
    """Minutes of open time (hours x working days) in [start, end): the clock of minute SOPs."""
    total = timedelta(0)
    t = start
    for _ in range(800):  # bounded: one pass per open window
        if t >= end:
            break
        opening = hours.next_opening(t, calendar.is_working_day)
        if opening is None or opening >= end:
            break
        window = hours.open_window(opening, calendar.is_working_day)
        if window is None:  # pragma: no cover - next_opening returned an open moment
            break
        total += min(window[1], end) - opening
        t = window[1]
    return int(total.total_seconds() // 60)


def promised_due(
    ctx: AppContext, session: Session, service: Service, site: Site, complete: datetime
) -> tuple[datetime, bool]:
    """The due moment of a file of ``service`` complete at ``complete``, and whether every year
    from completion to the due day has a CONFIRMED holiday list (False: the date counts
    estimated holidays, or none, and the counter warns)."""
    hours = service_hours(service, site)
    zone = ctx.zone
    start = complete.astimezone(zone).date()

    def due(calendar: WorkCalendar) -> datetime:
        return due_for(
            complete,
            sop_working_days=service.sop_working_days,
            sop_minutes=service.sop_minutes,
            calendar=calendar,
            hours=hours,
            zone=zone,
        )

    calendar, due_day = calendar_for_span(
        ctx, session, start, lambda cal: due(cal).astimezone(zone).date()
    )
    return due(calendar), calendar.confirmed_between(start, due_day)


def moved_due_day(
    ctx: AppContext, session: Session, due_day: date, held: int
) -> tuple[WorkCalendar, date]:
    """A working-day due date moved later by ``held`` working days (a clock restart), over a
    calendar that covers the moved date."""
    return calendar_for_span(ctx, session, due_day, lambda cal: cal.add_working_days(due_day, held))
