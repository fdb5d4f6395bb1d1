"""The catalogue rows every ticket reads (its site, services, agencies, holidays), kept per
process and checked against one integer per ticket.

Issuing used to read them for every ticket: four ORM statements, a third of a ticket's CPU on
PostgreSQL (issue 13). Database triggers bump ``catalogue_version`` in the same transaction as
any change to those tables, whoever makes it (admin, ``catalog import``, a script; migration
0017), so the held copy is used only while the version read in the ticket's own transaction is
the one it was loaded at: deactivating a service refuses the very next ticket in every process.
A plain time-to-live could not promise that.

The rows are detached ORM instances, loaded in one transaction after the version was read (so
they are at least that new): read-only by contract, never added to a session. Counters (who
serves a queue) are not here; they change all day and stay live.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from kiosk.db.models import Agency, Base, CatalogueVersion, Counter, Service, Site
from kiosk.services import opening
from kiosk.services.context import AppContext

__all__ = ["CatalogueSnapshot", "catalogue_snapshot", "counters_and_version"]

_MEMO_KEY = "catalogue_snapshot"
_TABLE = Base.metadata.tables[CatalogueVersion.__tablename__]
_VERSION = select(_TABLE.c.version).where(_TABLE.c.id == 1)  # Core: the cheapest statement


@dataclass(frozen=True)
class CatalogueSnapshot:
    """This site's catalogue as of ``version`` (None: the database has no counter; never held)."""

    version: int | None
    site: Site
    services: Mapping[str, Service]  # by code, upper case as stored
    agencies: Mapping[int, Agency]
    holidays: Mapping[date, str]  # the days that close the MPP (none on the demo site)


def catalogue_snapshot(
    ctx: AppContext, session: Session, version: int | None = None
) -> CatalogueSnapshot:
    """The held snapshot when the database's version still matches it, else a fresh one read
    in ``session`` (the caller's transaction) and held for the next call. ``version``: read by
    the caller in this transaction already (with the counters, :func:`counters_and_version`)."""
    if version is None:
        version = session.scalar(_VERSION)
    held = ctx.memo.get(_MEMO_KEY)
    if isinstance(held, CatalogueSnapshot) and version is not None and held.version == version:
        return held
    snapshot = _load(ctx, session, version)
    if version is not None:
        ctx.memo[_MEMO_KEY] = snapshot
    return snapshot


_COUNTERS_AND_VERSION = (
    select(Counter, _VERSION.scalar_subquery())
    .where(Counter.site_id == bindparam("site"))
    .order_by(Counter.number)
)


def counters_and_version(session: Session, site_id: int) -> tuple[list[Counter], int | None]:
    """The site's counters (live: who serves which queue) and the catalogue version, in ONE
    round trip: on PostgreSQL a round trip costs about as much as the work of a ticket's
    statement (issue 13). None when the site has no counter (the version then needs its own)."""
    rows = session.execute(_COUNTERS_AND_VERSION, {"site": site_id}).all()
    counters = [counter for counter, _ in rows]
    return counters, (int(rows[0][1]) if rows and rows[0][1] is not None else None)


def _load(ctx: AppContext, session: Session, version: int | None) -> CatalogueSnapshot:
    site_id = ctx.site_id(session)
    site = session.get_one(Site, site_id)
    services = list(session.scalars(select(Service).where(Service.site_id == site_id)))
    agencies = list(session.scalars(select(Agency).where(Agency.site_id == site_id)))
    holidays = opening.closing_holidays(session, site_id)
    # Detached: the caller's commit must not expire them, and nothing may flush them.
    for row in (site, *services, *agencies):
        session.expunge(row)
    return CatalogueSnapshot(
        version=version,
        site=site,
        services={s.code: s for s in services},
        agencies={a.id: a for a in agencies},
        holidays=dict(holidays),
    )
