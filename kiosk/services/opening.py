"""When the MPP and its services are open: catalogue hours, holidays, and the demo site.

The queue engine asks here for a service's effective hours and the holidays that close the
building, so the demo rule lives in one place: a site prepared by `mpp-kiosk demo`
(``Site.demo``) is open 00:00-24:00 every day, holidays included, whatever the sample
catalogue's hours say (the catalogue stays a faithful example for production).

`site_opening` tells the kiosk's home screen whether any service takes tickets now and, when
none does, when the first one opens again ("MPP sedang tutup. Buka kembali Senin, 08.00.").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.core.hours import AlwaysOpen, OpeningHours
from kiosk.db.models import Holiday, Service, Site
from kiosk.services.context import AppContext

__all__ = ["ALWAYS_OPEN", "SiteOpening", "closing_holidays", "service_hours", "site_opening"]

ALWAYS_OPEN = AlwaysOpen()


@dataclass(frozen=True)
class SiteOpening:
    """For the kiosk's header and home screen. ``next_opening`` is local time (WIB), None
    while something is open or when nothing ever opens (no hours in the catalogue)."""

    demo: bool
    open_now: bool
    next_opening: datetime | None


def service_hours(service: Service, site: Site) -> OpeningHours:
    """The service's own hours, else the site's default hours; always open on the demo site."""
    if site.demo:
        return ALWAYS_OPEN
    return OpeningHours.from_mapping(service.hours or site.default_hours or {})


def closing_holidays(session: Session, site_id: int) -> dict[date, str]:
    """The listed holidays, which close the whole MPP; none on the demo site."""
    site = session.get(Site, site_id)
    if site is not None and site.demo:
        return {}
    # Two columns, not ORM rows: this runs in every ticket's transaction.
    rows = session.execute(select(Holiday.day, Holiday.name).where(Holiday.site_id == site_id))
    return {day: name for day, name in rows}


def site_opening(ctx: AppContext) -> SiteOpening:
    """Whether any active service is open now, else the earliest moment one opens again."""
    now = ctx.local_now()
    with ctx.db.snapshot() as session:
        site = session.get_one(Site, ctx.site_id(session))
        holidays = closing_holidays(session, site.id)
        services = list(
            session.scalars(
                select(Service).where(Service.site_id == site.id, Service.active.is_(True))
            )
        )
        demo = bool(site.demo)

        def working(day: date) -> bool:
            return day not in holidays

        openings = [
            moment
            for s in services
            if (moment := service_hours(s, site).next_opening(now, working)) is not None
        ]
    if any(moment <= now for moment in openings):
        return SiteOpening(demo, True, None)
    return SiteOpening(demo, False, min(openings) if openings else None)
