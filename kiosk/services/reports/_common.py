"""What the supervisor's reports (queue, SOP, complaints) share: the query, who may run it, the
scope, period bounds, SQL epoch seconds, the local clock hour, and the tables the CSV and the PDF
both print.

Authorisation (``authorise``): every one of these reports needs a signed-in officer holding
``reports.view`` (supervisor, admin). A supervisor of one agency gets that agency's report only:
without ``--agency`` the report is scoped to their agency, another agency (or a service of
another agency) is refused. ``restricted`` adds what must never be published (per-officer
figures, files and complaints by number); the default is the public copy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Float, cast, func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Agency, Service, Site
from kiosk.errors import BadInput, Forbidden, NotFound
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer, require

__all__ = [
    "MAX_PERIOD_DAYS",
    "Column",
    "ReportQuery",
    "Scope",
    "Section",
    "authorise",
    "epoch_seconds",
    "local_date",
    "local_hour",
    "period_bounds",
    "resolve_scope",
]

MAX_PERIOD_DAYS = 3700
PERMISSION = "reports.view"


@dataclass(frozen=True)
class ReportQuery:
    """A period (local days, both included) and an optional agency or service (catalogue codes)."""

    date_from: date
    date_to: date
    agency: str | None = None
    service: str | None = None


@dataclass(frozen=True)
class Scope:
    """The query resolved against the catalogue: ids for the SQL, names for the title."""

    site_id: int
    site_names: Mapping[str, str]
    agency_id: int | None = None
    service_id: int | None = None
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def service_ids(self) -> Any:
        """A subquery of the services in scope (None: every service of the site)."""
        if self.service_id is not None:
            return select(Service.id).where(Service.id == self.service_id).scalar_subquery()
        if self.agency_id is not None:
            return select(Service.id).where(Service.agency_id == self.agency_id).scalar_subquery()
        return None


def check_period(query: ReportQuery) -> None:
    if not isinstance(query.date_from, date) or not isinstance(query.date_to, date):
        raise BadInput("report_period_format")
    if query.date_from > query.date_to:
        raise BadInput("report_period_order", date_from=query.date_from, date_to=query.date_to)
    if (query.date_to - query.date_from).days > MAX_PERIOD_DAYS:
        raise BadInput("report_period_long", days=MAX_PERIOD_DAYS)


def authorise(officer: Officer | None, query: ReportQuery) -> ReportQuery:
    """The query ``officer`` may run (module docstring); raises Forbidden otherwise."""
    check_period(query)
    if officer is None:
        raise Forbidden("sign_in_needed")
    require(officer, PERMISSION)
    own = officer.agency_code
    if officer.role == "supervisor" and own:
        if query.agency is None:
            return replace(query, agency=own)
        if query.agency.strip().upper() != own.upper():
            raise Forbidden("other_agency")
    return query


def resolve_scope(ctx: AppContext, session: Session, query: ReportQuery) -> Scope:
    """Look the agency and service codes up; a service outside the given agency is refused."""
    site_id = ctx.site_id(session)
    site = session.get_one(Site, site_id)
    names: dict[str, dict[str, str]] = {}
    agency_id = service_id = None
    if query.agency:
        agency = session.scalar(
            select(Agency).where(Agency.site_id == site_id, Agency.code == query.agency.upper())
        )
        if agency is None:
            raise NotFound("agency", code=query.agency[:40])
        agency_id = agency.id
        names["agency"] = {"id": agency.name_id, "en": agency.name_en, "code": agency.code}
    if query.service:
        from kiosk.services.queue._common import find_service

        service = find_service(ctx, session, query.service)
        if agency_id is not None and service.agency_id != agency_id:
            raise Forbidden("other_agency")
        service_id = service.id
        names["service"] = {"id": service.name_id, "en": service.name_en, "code": service.code}
    return Scope(site_id, {"id": site.name_id, "en": site.name_en}, agency_id, service_id, names)


def period_bounds(query: ReportQuery, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """[start, end) in UTC of the local days ``date_from``..``date_to``."""
    start = datetime.combine(query.date_from, time(0), zone).astimezone(UTC)
    end = datetime.combine(query.date_to + timedelta(days=1), time(0), zone).astimezone(UTC)
    return start, end


def epoch_seconds(session: Session | Any, column: Any) -> ColumnElement[float]:
    """Seconds since 1970 of a UTC datetime column, computed by the database: a year of rows
    comes back as numbers instead of 600,000 datetimes parsed in Python (SQLite stores text)."""
    bind = session.get_bind() if isinstance(session, Session) else session
    if bind.dialect.name == "sqlite":
        # julianday's double keeps ~40 microseconds at today's dates (local_hour and
        # local_date allow for that: 08:00:00 may come back as 07:59:59.99996)
        return cast((func.julianday(column) - 2440587.5) * 86400.0, Float)
    return cast(func.extract("epoch", column), Float)


def local_hour(zone: ZoneInfo) -> Callable[[float], int]:
    """A fast epoch -> local clock hour (0-23) for ``zone``, memoised per quarter hour (every
    UTC offset in use is a multiple of 15 minutes, so the hour is constant inside a quarter)."""
    memo: dict[int, int] = {}

    def hour(epoch: float) -> int:
        quarter = int((epoch + 0.001) // 900)
        found = memo.get(quarter)
        if found is None:
            found = memo[quarter] = datetime.fromtimestamp(quarter * 900, zone).hour
        return found

    return hour


def local_date(zone: ZoneInfo) -> Callable[[float], date]:
    """epoch -> local calendar day in ``zone``, memoised per quarter hour like local_hour."""
    memo: dict[int, date] = {}

    def day(epoch: float) -> date:
        quarter = int((epoch + 0.001) // 900)
        found = memo.get(quarter)
        if found is None:
            found = memo[quarter] = datetime.fromtimestamp(quarter * 900, zone).date()
        return found

    return day


def name_in(names: Mapping[str, str], lang: str) -> str:
    return names.get(lang) or names.get("id") or ""


# --- tables shared by the CSV and the PDF ----------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A table column: its key in the rows, its heading's msgid, how it is printed."""

    key: str
    heading: str  # msgid in the ``reports`` domain
    kind: str = "text"  # text | int | minutes | percent | date


@dataclass(frozen=True)
class Section:
    """One table of a report: the same rows go to the CSV (section column = key) and the PDF."""

    key: str
    title: str  # msgid in the ``reports`` domain
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, Any]]
    restricted: bool = False
