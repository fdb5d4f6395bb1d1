"""The holiday calendar in the admin window: list a year, add or change a day, delete one,
import the official CSV, load a year's estimate from the ``holidays`` package, confirm it.

Site-wide, so admins only. Working days decide every SOP due date: each edit is one audited
transaction (before/after) and is announced, so counters compute the next due date with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kiosk.core.workdays import HOLIDAY_KINDS, estimated_holidays
from kiosk.db.models import Holiday
from kiosk.errors import BadInput, NotFound
from kiosk.services import holidays
from kiosk.services.admin.access import record_change, require_open, require_site
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer

__all__ = [
    "HolidayRow",
    "confirm_year",
    "delete_holiday",
    "import_csv",
    "list_year",
    "load_estimate",
    "save_holiday",
]

MAX_NAME = 200


@dataclass(frozen=True)
class HolidayRow:
    day: date
    kind: str
    name: str
    provisional: bool


def _as_dict(row: Holiday) -> dict[str, Any]:
    return {
        "day": row.day.isoformat(),
        "kind": row.kind,
        "name": row.name,
        "provisional": row.provisional,
    }


def list_year(ctx: AppContext, officer: Officer, year: int) -> list[HolidayRow]:
    require_open(officer)
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        rows = session.scalars(
            select(Holiday)
            .where(
                Holiday.site_id == site_id,
                Holiday.day >= date(year, 1, 1),
                Holiday.day <= date(year, 12, 31),
            )
            .order_by(Holiday.day)
        )
        return [HolidayRow(r.day, r.kind, r.name, r.provisional) for r in rows]


def save_holiday(ctx: AppContext, officer: Officer, day: date, kind: str, name: str) -> None:
    """Add a day or change its kind and name; the admin's word makes it confirmed."""
    require_site(officer)
    name = name.strip()
    if kind not in HOLIDAY_KINDS:
        raise BadInput("admin_holiday_kind", value=kind, kinds=", ".join(HOLIDAY_KINDS))
    if not name or len(name) > MAX_NAME:
        raise BadInput("admin_holiday_name", limit=MAX_NAME)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        row = session.scalar(select(Holiday).where(Holiday.site_id == site_id, Holiday.day == day))
        before = _as_dict(row) if row is not None else None
        if row is None:
            row = Holiday(site_id=site_id, day=day)
            session.add(row)
        row.kind, row.name, row.provisional = kind, name, False
        record_change(
            ctx, session, officer, action="holiday.save", entity="holidays",
            entity_id=day.isoformat(), before=before, after=_as_dict(row),
        )  # fmt: skip


def delete_holiday(ctx: AppContext, officer: Officer, day: date) -> None:
    """The day is a working day after all (a wrong estimate, a moved cuti bersama)."""
    require_site(officer)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        row = session.scalar(select(Holiday).where(Holiday.site_id == site_id, Holiday.day == day))
        if row is None:
            raise NotFound("holiday", day=day.isoformat())
        before = _as_dict(row)
        session.delete(row)
        record_change(
            ctx, session, officer, action="holiday.delete", entity="holidays",
            entity_id=day.isoformat(), before=before, after=None,
        )  # fmt: skip


def import_csv(ctx: AppContext, officer: Officer, path: str | Path) -> dict[str, int]:
    """The official list (services/holidays.py's CSV format), all or nothing."""
    require_site(officer)
    days = holidays.read_holidays_file(path)
    return holidays.import_holidays(ctx, days, staff_id=officer.id)


def load_estimate(ctx: AppContext, officer: Officer, year: int) -> int:
    """Add the ``holidays`` package's days of ``year`` (libur nasional and cuti bersama) that
    are not listed yet, as provisional; days already listed are left as they are. Returns how
    many were added. Slow the first time in a process (the package's tables): call it in a
    worker."""
    require_site(officer)
    if not holidays.MIN_YEAR <= year <= holidays.MAX_YEAR:
        raise BadInput("holiday_year", year=year, first=holidays.MIN_YEAR, last=holidays.MAX_YEAR)
    estimate = estimated_holidays(year)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        listed = set(
            session.scalars(
                select(Holiday.day).where(
                    Holiday.site_id == site_id,
                    Holiday.day >= date(year, 1, 1),
                    Holiday.day <= date(year, 12, 31),
                )
            )
        )
        added = [h for h in estimate if h.date not in listed]
        for h in added:
            session.add(
                Holiday(site_id=site_id, day=h.date, kind=h.kind, name=h.name, provisional=True)
            )
        record_change(
            ctx, session, officer, action="holidays.estimate", entity="holidays",
            entity_id=str(year), before=None,
            after={"added": [h.date.isoformat() for h in added]},
        )  # fmt: skip
        return len(added)


def confirm_year(ctx: AppContext, officer: Officer, year: int) -> dict[str, Any]:
    """The year's estimated days were checked against the SKB: they become confirmed."""
    require_site(officer)
    return holidays.confirm_year(ctx, year)
