"""Catalogue views for the kiosk: agency tiles, service lists and the service card.

A card carries live queue facts (waiting, the wait estimate) and, when a ticket would be
refused, why: inactive, holiday, closed (outside the service's hours) or the daily quota.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.db.models import Agency, Service, Ticket
from kiosk.services import queue_stats, search
from kiosk.services.context import AppContext
from kiosk.services.queue._common import (
    counters_of,
    find_service,
    holidays_of,
    hours_of,
    moment,
    not_holiday,
    site_of,
    wait_estimate,
)
from kiosk.services.queue.views import AgencyView, Refusal, ServiceView
from kiosk.services.requirements import service_requirements

__all__ = ["get_service", "list_agencies", "list_services"]


def list_agencies(ctx: AppContext) -> list[AgencyView]:
    """Agencies that offer at least one active service, in catalogue order."""
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        counts = dict(
            session.execute(
                select(Service.agency_id, func.count(Service.id))
                .where(Service.site_id == site_id, Service.active.is_(True))
                .group_by(Service.agency_id)
            ).all()
        )
        agencies = session.scalars(
            select(Agency).where(Agency.site_id == site_id).order_by(Agency.position, Agency.id)
        )
        return [
            AgencyView(a.code, a.name_id, a.name_en, a.icon, int(counts[a.id]))
            for a in agencies
            if counts.get(a.id)
        ]


def list_services(
    ctx: AppContext, agency_code: str | None = None, query: str = ""
) -> list[ServiceView]:
    """Active services, optionally of one agency, ranked for a typed query (services/search)."""
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        stmt = (
            select(Service)
            .join(Agency, Agency.id == Service.agency_id)
            .where(Service.site_id == site_id, Service.active.is_(True))
            .order_by(Agency.position, Service.position, Service.id)
        )
        if agency_code is not None:
            stmt = stmt.where(Agency.code == agency_code.strip().upper())
        return search.rank_services(
            _service_views(ctx, session, list(session.scalars(stmt))), query
        )


def get_service(ctx: AppContext, code: str) -> ServiceView:
    """One service card (also for a retired service, whose refusal is "inactive")."""
    with ctx.db.snapshot() as session:
        service = find_service(ctx, session, code)
        return _service_views(ctx, session, [service])[0]


def _service_views(
    ctx: AppContext, session: Session, services: Sequence[Service]
) -> list[ServiceView]:
    if not services:
        return []
    site = site_of(ctx, session)
    t = moment(ctx)
    holidays = holidays_of(session, site.id)
    counters = counters_of(session, site.id)
    minutes = queue_stats.service_minutes(session, site.id, t.today)
    issued = dict(
        session.execute(
            select(Ticket.service_id, func.count(Ticket.id))
            .where(Ticket.site_id == site.id, Ticket.day == t.today)
            .group_by(Ticket.service_id)
        ).all()
    )
    waiting = dict(
        session.execute(
            select(Service.queue_prefix, func.count(Ticket.id))
            .join(Service, Service.id == Ticket.service_id)
            .where(Ticket.site_id == site.id, Ticket.day == t.today, Ticket.status == "waiting")
            .group_by(Service.queue_prefix)
        ).all()
    )
    agencies = {a.id: a for a in session.scalars(select(Agency).where(Agency.site_id == site.id))}
    views = []
    for s in services:
        agency = agencies[s.agency_id]
        hours = hours_of(s, site)
        is_open = hours.is_open(t.local, not_holiday(holidays))
        count = int(issued.get(s.id, 0))
        refusal: Refusal | None = None
        if not s.active:
            refusal = "inactive"
        elif t.today in holidays:
            refusal = "holiday"
        elif not is_open:
            refusal = "closed"
        elif s.daily_quota is not None and count >= s.daily_quota:
            refusal = "quota"
        queued = int(waiting.get(s.queue_prefix, 0))
        reqs = service_requirements(
            s.requirements_id or (), s.requirements_en or (), s.requirement_conditions or ()
        )
        views.append(
            ServiceView(
                code=s.code,
                kind=s.kind,
                name_id=s.name_id,
                name_en=s.name_en,
                agency_code=agency.code,
                agency_name_id=agency.name_id,
                agency_name_en=agency.name_en,
                queue_prefix=s.queue_prefix,
                sop_working_days=s.sop_working_days,
                sop_minutes=s.sop_minutes,
                fee=s.fee,
                fee_note_id=s.fee_note_id,
                fee_note_en=s.fee_note_en,
                requirements_id=tuple(r.label("id") for r in reqs),
                requirements_en=tuple(r.label("en") for r in reqs),
                requirements_conditional=tuple(r.conditional for r in reqs),
                aliases=tuple(s.aliases or ()),
                keywords=tuple(s.keywords or ()),
                procedure_id=s.procedure_id,
                procedure_en=s.procedure_en,
                product_id=s.product_id,
                product_en=s.product_en,
                complaints_id=s.complaints_id or site.complaint_channel_id,
                complaints_en=s.complaints_en or site.complaint_channel_en,
                priority_allowed=s.priority_allowed,
                daily_quota=s.daily_quota,
                issued_today=count,
                is_open_now=is_open,
                hours_text_id=hours.describe("id"),
                hours_text_en=hours.describe("en"),
                next_opening=hours.next_opening(t.local, not_holiday(holidays)),
                waiting=queued,
                wait=wait_estimate(queued, s, site, counters, minutes, t, holidays),
                refusal=refusal,
            )
        )
    return views
