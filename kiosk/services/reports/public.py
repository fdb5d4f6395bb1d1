"""Figures for the public screens (lobby display, kiosk): this month's IKM and mutu, no names.

Item 7 of issue 9 ("public accountability without names"). Qt-free: the display and the kiosk
call :func:`public_figures` from a worker and render the result. The month shown is the one
asked for when it has a complete index (every unsur answered at least once); otherwise the
latest complete month of the year before it, so the screen shows the newest real figure and
says which month it belongs to; ``ikm`` is None when there is none.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from kiosk.errors import BadInput
from kiosk.services.context import AppContext
from kiosk.services.reports.skm import SkmQuery, skm_report

__all__ = ["LOOK_BACK_MONTHS", "PublicFigures", "public_figures"]

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
