"""The home screen's "layanan terpopuler": the services people take most, learned from tickets.

Why here and not in queue.py: it is one small read-only use case (queue.py is being split).
Score = 3 x today's tickets + the tickets of the previous ``days`` days, so the row follows the
day (a morning rush for KTP-el) but is not empty at opening time. Only active services count;
when the history has fewer than ``limit`` services, the catalogue order fills the row, so a new
MPP's kiosk shows its first services rather than nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import case, func, select

from kiosk.db.models import Agency, Service, Ticket
from kiosk.services import queue
from kiosk.services.context import AppContext

__all__ = ["POPULAR_DAYS", "POPULAR_LIMIT", "TODAY_WEIGHT", "popular_codes", "popular_services"]

POPULAR_LIMIT = 4
POPULAR_DAYS = 7
TODAY_WEIGHT = 3


def popular_codes(
    ctx: AppContext, limit: int = POPULAR_LIMIT, days: int = POPULAR_DAYS
) -> list[str]:
    """Codes of the top ``limit`` active services by score, best first (ties: catalogue)."""
    if limit <= 0:
        return []
    today = ctx.today()
    since = today - timedelta(days=max(0, days))
    with ctx.db.snapshot() as session:
        site_id = ctx.site_id(session)
        score = func.sum(case((Ticket.day == today, TODAY_WEIGHT), else_=1))
        rows = session.execute(
            select(Service.code, score.label("score"))
            .join(Ticket, Ticket.service_id == Service.id)
            .where(
                Ticket.site_id == site_id,
                Ticket.day >= since,
                Ticket.day <= today,
                Service.active.is_(True),
            )
            .group_by(Service.id, Service.code, Service.position)
            .order_by(score.desc(), Service.position, Service.id)
            .limit(limit)
        ).all()
    return [str(code) for code, _score in rows]


def _catalogue_codes(ctx: AppContext, limit: int) -> list[str]:
    """The first ``limit`` active services in catalogue order (the fallback)."""
    with ctx.db.snapshot() as session:
        rows = session.scalars(
            select(Service.code)
            .join(Agency, Agency.id == Service.agency_id)
            .where(Service.site_id == ctx.site_id(session), Service.active.is_(True))
            .order_by(Agency.position, Service.position, Service.id)
            .limit(limit)
        )
        return [str(code) for code in rows]


def popular_services(
    ctx: AppContext, limit: int = POPULAR_LIMIT, days: int = POPULAR_DAYS
) -> list[queue.ServiceView]:
    """The popular row's service cards (live status, waiting counts), best first; topped up
    from the catalogue order when there is not enough history. Only these few cards are
    built (the home screen reads this after every citizen)."""
    codes = popular_codes(ctx, limit, days)
    if len(codes) < limit:
        for code in _catalogue_codes(ctx, 2 * limit):
            if len(codes) >= limit:
                break
            if code not in codes:
                codes.append(code)
    return [queue.get_service(ctx, code) for code in codes[:limit]]
