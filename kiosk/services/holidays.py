"""The site's holiday calendar: admin-editable data (cuti bersama changes mid-year).

Confirmed and provisional days. The shipped CSV (2025-2026) and every CSV an admin imports are
the confirmed calendar. A year nobody has imported is seeded from the ``holidays`` package's
Indonesian calendar (``core.workdays.estimated_holidays``) with ``provisional = true``: its days
count as holidays, so a due date in February 2027 skips 1 January, Imlek and Idulfitri 2027
instead of ignoring them, but the due date is flagged "past the confirmed calendar" until an
admin checks the year against its SKB and runs ``holidays confirm --year Y`` (or imports the
year's CSV, which replaces the estimates of that year).

When seeding happens: on demand, inside the transaction that computes a due date
(``calendar_for_span``), for exactly the years the due date reaches. Seeding ahead at
``db upgrade`` or demo time would be simpler but not robust: an MPP that upgrades once and runs
for years would reach an unseeded year again, and a 365-working-day SOP reaches 1.5 years ahead
of any "seed next year" rule. The inserts are ``ON CONFLICT DO NOTHING`` on (site, day), so
seeding is idempotent, two counters registering at once cannot collide, and a confirmed row is
never overwritten. A year with any row (confirmed or provisional) is never seeded again, so an
admin's deletion of a wrong estimate sticks. ``holidays seed --year Y`` seeds ahead by hand.
Cost: the package's first use in a process takes 1-3 s on a loaded PC (import plus its
Indonesian tables), paid inside that one registration's transaction, once per newly reached
year per site; every later due date reads the rows (measured: 12 ms per further year).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.config import resources_dir
from kiosk.core.safefile import read_text_file, shown_path
from kiosk.core.workdays import Holiday as HolidayDay
from kiosk.core.workdays import WorkCalendar, estimated_holidays, parse_holidays_csv
from kiosk.db.changefeed import announce
from kiosk.db.models import AuditLog, Holiday
from kiosk.errors import BadInput
from kiosk.services.catalog_check import check_name, column_limit
from kiosk.services.context import AppContext

SAMPLE_HOLIDAYS = "holidays/holidays-id-2025-2026.csv"
MAX_HOLIDAY_FILE_BYTES = 2**20
#: Years the package can estimate (and the CLI accepts).
MIN_YEAR, MAX_YEAR = 2000, 2100


def sample_holidays_path() -> Path:
    return resources_dir() / SAMPLE_HOLIDAYS


def read_holidays_file(path: str | Path) -> list[HolidayDay]:
    """Read and check a holiday CSV (bounded, see kiosk.core.safefile); one BadInput per problem.

    Names follow the catalogue's rules (kiosk.services.catalog_check.check_name): no longer
    than the database keeps (PostgreSQL refused a 201-character name mid-import with a raw
    DataError), no control or bidirectional formatting characters.
    """
    shown = shown_path(path)
    text = read_text_file(path, MAX_HOLIDAY_FILE_BYTES)
    try:
        days = parse_holidays_csv(text, source=Path(path).name)
    except ValueError as exc:
        raise BadInput("holidays_file", path=shown, detail=str(exc)) from None
    limit = column_limit(Holiday, "name")
    for day in days:
        where = f"{day.date.isoformat()}"
        check_name(day.name, limit, source=shown, entry=where, key="name")
    return days


def import_holidays(
    ctx: AppContext, days: list[HolidayDay], *, staff_id: int | None = None
) -> dict[str, int]:
    """Add or update each listed day as CONFIRMED (one transaction); confirmed days not listed
    are kept. The estimates (provisional rows) of every year the file lists are replaced by the
    file: the official list supersedes the guess, including a guess that fell on the wrong day.
    """
    added = updated = dropped = 0
    years = {d.date.year for d in days}
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        existing = {
            h.day: h for h in session.scalars(select(Holiday).where(Holiday.site_id == site_id))
        }
        listed = {d.date for d in days}
        for when, estimate in list(existing.items()):
            if estimate.provisional and when.year in years and when not in listed:
                session.delete(estimate)
                del existing[when]
                dropped += 1
        for day in days:
            row = existing.get(day.date)
            if row is None:
                session.add(Holiday(site_id=site_id, day=day.date, kind=day.kind, name=day.name))
                added += 1
            elif (row.kind, row.name, row.provisional) != (day.kind, day.name, False):
                row.kind, row.name, row.provisional = day.kind, day.name, False
                updated += 1
        session.add(
            AuditLog(
                site_id=site_id,
                at=ctx.now(),
                staff_id=staff_id,
                action="holidays.import",
                detail={"added": added, "updated": updated, "estimates_dropped": dropped},
            )
        )
        announce(session, "holidays")
    return {"added": added, "updated": updated, "listed": len(days), "estimates_dropped": dropped}


def work_calendar(ctx: AppContext, session: Session) -> WorkCalendar:
    """The calendar used for SOP deadlines, from the site's holiday rows (estimates included,
    and known as such)."""
    site_id = ctx.site_id(session)
    rows = session.execute(
        select(Holiday.day, Holiday.provisional).where(Holiday.site_id == site_id)
    ).all()
    return WorkCalendar(
        (day for day, _ in rows), provisional=(day for day, provisional in rows if provisional)
    )


def _check_year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        raise BadInput("holiday_year", year=year, first=MIN_YEAR, last=MAX_YEAR)
    return year


def seed_estimates(ctx: AppContext, session: Session, years: Iterable[int]) -> dict[int, int]:
    """Insert the package's estimate of each year that has no holiday row yet, as provisional,
    in the caller's transaction; returns the rows added per year attempted (see the module
    docstring)."""
    site_id = ctx.site_id(session)
    wanted = sorted({_check_year(y) for y in years})
    if not wanted:
        return {}
    listed = set(
        session.scalars(
            select(Holiday.day).where(
                Holiday.site_id == site_id,
                Holiday.day >= date(wanted[0], 1, 1),
                Holiday.day <= date(wanted[-1], 12, 31),
            )
        )
    )
    listed_years = {d.year for d in listed}
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    added: dict[int, int] = {}
    for year in wanted:
        if year in listed_years:
            continue
        rows = [
            {"site_id": site_id, "day": h.date, "kind": h.kind, "name": h.name, "provisional": True}
            for h in estimated_holidays(year)
        ]
        if not rows:
            continue
        stmt = (
            insert(Holiday)
            .values(rows)
            .on_conflict_do_nothing(index_elements=[Holiday.site_id, Holiday.day])
            .returning(Holiday.day)
        )
        added[year] = len(session.execute(stmt).all())  # rowcount is -1 here on psycopg
    if any(added.values()):
        session.add(
            AuditLog(
                site_id=site_id,
                at=ctx.now(),
                action="holidays.seed",
                detail={"estimated": {str(y): n for y, n in added.items() if n}},
            )
        )
        session.flush()
    # A year whose rows a concurrent registration inserted first appears with 0: the caller
    # must still re-read the calendar, which now sees them.
    return added


def calendar_for_span(
    ctx: AppContext, session: Session, start: date, end_of: Callable[[WorkCalendar], date]
) -> tuple[WorkCalendar, date]:
    """The calendar and ``end_of(calendar)`` (a due day counted from ``start``), after seeding
    every year from ``start`` to that day that had no holidays: seeding a year can push the due
    day into the next one, so this repeats until the span is covered (twice at most in practice).
    """
    calendar = work_calendar(ctx, session)
    end = end_of(calendar)
    for _ in range(6):
        missing = [y for y in calendar.missing_years(start, end) if MIN_YEAR <= y <= MAX_YEAR]
        if not missing or not seed_estimates(ctx, session, missing):
            break
        calendar = work_calendar(ctx, session)
        end = end_of(calendar)
    return calendar, end


def seed_year(ctx: AppContext, year: int) -> dict[str, Any]:
    """`holidays seed --year Y`: seed one year ahead by hand (nothing when it has rows)."""
    _check_year(year)
    with ctx.db.transaction() as session:
        added = seed_estimates(ctx, session, [year])
    return {"year": year, "added": added.get(year, 0)}


def confirm_year(ctx: AppContext, year: int) -> dict[str, Any]:
    """`holidays confirm --year Y`: the admin checked the year's estimated days against the SKB
    (after deleting or importing corrections); they become the confirmed calendar."""
    _check_year(year)
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        in_year = (
            Holiday.site_id == site_id,
            Holiday.day >= date(year, 1, 1),
            Holiday.day <= date(year, 12, 31),
        )
        total = session.scalar(select(func.count(Holiday.id)).where(*in_year)) or 0
        if not total:
            raise BadInput("holiday_year_empty", year=year)
        result: Any = session.execute(
            update(Holiday).where(*in_year, Holiday.provisional.is_(True)).values(provisional=False)
        )
        confirmed = int(result.rowcount or 0)
        session.add(
            AuditLog(
                site_id=site_id,
                at=ctx.now(),
                action="holidays.confirm",
                detail={"year": year, "confirmed": confirmed},
            )
        )
    return {"year": year, "confirmed": confirmed, "holidays": int(total)}


def year_status(ctx: AppContext, session: Session, years: Iterable[int]) -> dict[int, str]:
    """ "confirmed", "provisional" or "missing" for each year (the admin's overview)."""
    calendar = work_calendar(ctx, session)
    out: dict[int, str] = {}
    for year in years:
        if year in calendar.confirmed_years:
            out[year] = "confirmed"
        elif year in calendar.listed_years:
            out[year] = "provisional"
        else:
            out[year] = "missing"
    return out
