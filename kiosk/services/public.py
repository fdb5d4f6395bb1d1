"""Reads the public web service needs besides tracking itself: who the MPP is.

The web pages put the site's name and complaint channel on every page; a page view must not
cost a database round trip for it, so the answer is cached per database for a minute (an
administrator's rename shows within that time).
"""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass

from sqlalchemy import select

from kiosk.db.engine import Database
from kiosk.db.models import Site
from kiosk.errors import NotFound
from kiosk.services.context import AppContext

__all__ = ["SiteIdentity", "site_identity"]

IDENTITY_TTL_S = 60.0


@dataclass(frozen=True)
class SiteIdentity:
    """The MPP as every public page names it."""

    code: str
    name_id: str
    name_en: str
    complaint_channel_id: str
    complaint_channel_en: str
    demo: bool


_CACHE: weakref.WeakKeyDictionary[Database, tuple[float, SiteIdentity]] = (
    weakref.WeakKeyDictionary()
)


def site_identity(ctx: AppContext) -> SiteIdentity:
    """This installation's site (``site.code``); NotFound before a catalogue is loaded."""
    now = time.monotonic()
    hit = _CACHE.get(ctx.db)
    if hit is not None and hit[0] > now and hit[1].code == ctx.settings.site.code:
        return hit[1]
    query = select(
        Site.code,
        Site.name_id,
        Site.name_en,
        Site.complaint_channel_id,
        Site.complaint_channel_en,
        Site.demo,
    ).where(Site.code == ctx.settings.site.code)
    row = ctx.reads.read(lambda session: session.execute(query).first())
    if row is None:
        raise NotFound("site_catalogue", site=ctx.settings.site.code)
    identity = SiteIdentity(*row)
    _CACHE[ctx.db] = (now + IDENTITY_TTL_S, identity)
    return identity
