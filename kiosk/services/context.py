"""The composition root's product: what every use case needs, built once per process.

Use cases are plain functions `do_thing(ctx, ...)`; `ctx.db.transaction()` is the unit of
work. Nothing here imports Qt, so the CLI, the tests and the windows share the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.config import Settings
from kiosk.core.clock import Clock, SystemClock
from kiosk.db.engine import Database, Ping
from kiosk.db.keyfile import KeySource
from kiosk.db.models import Site
from kiosk.db.replica import ReadReplica, Reads
from kiosk.errors import NotFound


@dataclass
class AppContext:
    """Settings + database + clock, and the id of this installation's site.

    ``replica`` (the web service with ``[database] read_url``): where ``reads`` go; every write
    goes through ``db``, the primary."""

    settings: Settings
    db: Database
    clock: Clock = field(default_factory=SystemClock)
    _site_id: int | None = None
    replica: ReadReplica | None = None
    #: Per-process memos of use cases (services/catalogue_cache.py), never settings or state.
    memo: dict[str, object] = field(default_factory=dict, repr=False)

    @property
    def reads(self) -> Reads:
        """Read-only use cases run here: the replica when one is open, else the primary."""
        return self.replica if self.replica is not None else self.db

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.settings.site.timezone)

    def now(self) -> datetime:
        return self.clock.now()

    def local_now(self) -> datetime:
        """Wall-clock time at the MPP (WIB for Probolinggo)."""
        return self.clock.now().astimezone(self.zone)

    def today(self) -> date:
        """The local day: ticket numbers reset at local midnight, not UTC midnight."""
        return self.local_now().date()

    def site_id(self, session: Session) -> int:
        """This installation's site row (created by `catalog load-sample`/`import`)."""
        if self._site_id is None:
            code = self.settings.site.code
            found = session.scalar(select(Site.id).where(Site.code == code))
            if found is None:
                raise NotFound("site_catalogue", site=code)
            self._site_id = found
        return self._site_id


def build_context(
    settings: Settings, clock: Clock | None = None, *, ping: Ping = "always"
) -> AppContext:
    """Open the configured database; the CLI and the windows both start here. ``ping``: see
    kiosk.db.engine ("idle" for the web service, which reuses its connections every few
    milliseconds)."""
    db = Database(
        settings.database_url,
        pool_size=settings.database.pool_size,
        keys=KeySource.from_settings(settings),
        ping=ping,
    )
    return AppContext(settings=settings, db=db, clock=clock or SystemClock())


def serving_context(ctx: AppContext) -> AppContext:
    """``ctx`` for a long-running web service: the same settings, clock and site over a
    database whose pool pings idle connections only (kiosk.db.engine); ``ctx``'s own pool is
    closed. The same context when it is that already."""
    if ctx.db.ping == "idle":
        return ctx
    db = Database(
        ctx.db.url, pool_size=ctx.settings.database.pool_size, keys=ctx.db.keys, ping="idle"
    )
    ctx.db.dispose()
    return replace(ctx, db=db)


def open_read_replica(ctx: AppContext) -> ReadReplica | None:
    """Open ``[database] read_url`` as ``ctx.replica`` (``mpp-kiosk web`` does); None when the
    setting is empty. Nothing connects yet: an unreachable replica costs reads nothing but a
    fallback to the primary."""
    url = ctx.settings.database.read_url
    if not url:
        return None
    if ctx.replica is None:
        ctx.replica = ReadReplica(ctx.db, url, pool_size=ctx.settings.database.pool_size)
    return ctx.replica
