"""Figures for the public screens (lobby display, kiosk): this month's IKM and mutu and its
complaints (received, answered within the deadline), no names.

Item 7 of issue 9 ("public accountability without names"). Qt-free: the display and the kiosk
call :func:`public_figures` from a worker and render the result. The month shown is the one
asked for when it has a complete index (every unsur answered at least once); otherwise the
latest complete month of the year before it, so the screen shows the newest real figure and
says which month it belongs to; ``ikm`` is None when there is none.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from kiosk.db.models import Complaint
from kiosk.errors import BadInput
from kiosk.services.context import AppContext
from kiosk.services.reports.skm import SkmQuery, skm_report

__all__ = [
    "LOOK_BACK_MONTHS",
    "MonthComplaints",
    "PublicFigures",
    "ScreenFigures",
    "month_complaints",
    "public_figures",
    "screen_figures",
]

#: How many months before the asked one may supply "the latest IKM".
LOOK_BACK_MONTHS = 12


@dataclass(frozen=True)
class PublicFigures:
    """What a public screen may show. ``month`` is the first day of the month the IKM is from."""

    asked_month: date
    month: date | None
    responses: int
    ikm: Decimal | None
    mutu: str | None
    kinerja_id: str | None
    kinerja_en: str | None

    def kinerja(self, lang: str = "id") -> str | None:
        return self.kinerja_en if lang == "en" else self.kinerja_id


def _month(value: date | str | None, today: date) -> date:
    if value is None:
        return today.replace(day=1)
    if isinstance(value, date):
        return value.replace(day=1)
    text = value.strip() if isinstance(value, str) else ""
    try:
        year, month = text.split("-")[:2]
        return date(int(year), int(month), 1)
    except ValueError:
        raise BadInput("report_month", value=text[:20]) from None


def _previous(month: date) -> date:
    return (month.replace(day=1) - date.resolution).replace(day=1)


def public_figures(
    ctx: AppContext, month: date | str | None = None, *, questionnaire: str = "skm"
) -> PublicFigures:
    """The latest IKM and mutu up to ``month`` (a date in it, "YYYY-MM", or None for now)."""
    asked = _month(month, ctx.today())
    current = asked
    for _ in range(LOOK_BACK_MONTHS + 1):
        last = calendar.monthrange(current.year, current.month)[1]
        report = skm_report(
            ctx, SkmQuery(current, current.replace(day=last), questionnaire=questionnaire)
        )
        if report.ikm is not None:
            return PublicFigures(
                asked_month=asked,
                month=current,
                responses=report.responses,
                ikm=report.ikm,
                mutu=report.mutu,
                kinerja_id=report.kinerja("id"),
                kinerja_en=report.kinerja("en"),
            )
        current = _previous(current)
    return PublicFigures(asked, None, 0, None, None, None, None)


@dataclass(frozen=True)
class MonthComplaints:
    """This month's complaints as a public screen may count them: received, answered (a
    response given), answered within the deadline. Counts only: no text, no names."""

    month: date
    received: int
    answered: int
    answered_on_time: int


def _month_bounds(month: date, zone: ZoneInfo) -> tuple[datetime, datetime]:
    last = calendar.monthrange(month.year, month.month)[1]
    start = datetime.combine(month, time.min, zone)
    end = datetime.combine(month.replace(day=last), time.max, zone)
    return start, end


def month_complaints(ctx: AppContext, month: date | str | None = None) -> MonthComplaints:
    """Counts of the complaints received in ``month`` (default: this month)."""
    asked = _month(month, ctx.today())
    start, end = _month_bounds(asked, ctx.zone)
    answered = Complaint.responded_at.is_not(None)
    on_time = answered & (Complaint.responded_at <= Complaint.due_at)
    with ctx.db.snapshot() as session:
        row = session.execute(
            select(
                func.count(Complaint.id),
                func.count(Complaint.id).filter(answered),
                func.count(Complaint.id).filter(on_time),
            ).where(
                Complaint.site_id == ctx.site_id(session),
                Complaint.received_at >= start,
                Complaint.received_at <= end,
            )
        ).one()
    return MonthComplaints(asked, int(row[0]), int(row[1]), int(row[2]))


@dataclass(frozen=True)
class ScreenFigures:
    """What the lobby display and the kiosk show: the latest IKM and this month's complaints."""

    ikm: PublicFigures
    complaints: MonthComplaints


def screen_figures(ctx: AppContext) -> ScreenFigures:
    """One read for a public screen (called from its worker)."""
    return ScreenFigures(public_figures(ctx), month_complaints(ctx))
