"""The site's holiday calendar: admin-editable data (cuti bersama changes mid-year)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.config import resources_dir
from kiosk.core.workdays import Holiday as HolidayDay
from kiosk.core.workdays import WorkCalendar, load_holidays_csv
from kiosk.db.models import AuditLog, Holiday
from kiosk.errors import BadInput
from kiosk.services.context import AppContext

SAMPLE_HOLIDAYS = "holidays/holidays-id-2025-2026.csv"


def sample_holidays_path() -> Path:
    return resources_dir() / SAMPLE_HOLIDAYS


def read_holidays_file(path: str | Path) -> list[HolidayDay]:
    try:
        return load_holidays_csv(path)
    except FileNotFoundError:
        raise BadInput("file_not_found", path=str(path)) from None
    except UnicodeDecodeError:
        raise BadInput("file_not_utf8", path=str(path)) from None
    except ValueError as exc:
        raise BadInput("holidays_file", path=str(path), detail=str(exc)) from None


def import_holidays(ctx: AppContext, days: list[HolidayDay]) -> dict[str, int]:
    """Add or update each listed day (one transaction); days not listed are kept."""
    added = updated = 0
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        existing = {
            h.day: h for h in session.scalars(select(Holiday).where(Holiday.site_id == site_id))
        }
        for day in days:
            row = existing.get(day.date)
            if row is None:
                session.add(Holiday(site_id=site_id, day=day.date, kind=day.kind, name=day.name))
                added += 1
            elif (row.kind, row.name) != (day.kind, day.name):
                row.kind, row.name = day.kind, day.name
                updated += 1
        session.add(
            AuditLog(
                site_id=site_id,
                at=ctx.now(),
                action="holidays.import",
                detail={"added": added, "updated": updated},
            )
        )
    return {"added": added, "updated": updated, "listed": len(days)}


def work_calendar(ctx: AppContext, session: Session) -> WorkCalendar:
    """The calendar used for SOP deadlines, from the site's holiday rows."""
    site_id = ctx.site_id(session)
    days = session.scalars(select(Holiday.day).where(Holiday.site_id == site_id))
    return WorkCalendar(days)
