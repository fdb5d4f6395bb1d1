"""Unused bookings released on a schedule by the web service itself: no extra process to run.

A background task of the application's lifespan calls kiosk.services.booking.release_expired
at start and then every ``[web] booking_sweep_minutes``, in a worker thread, so a request never
waits for it. A failed sweep (the database away) is logged and tried again at the next tick;
it never stops the service. Several workers sweep side by side harmlessly: the update is
idempotent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from starlette.concurrency import run_in_threadpool

from kiosk.services.booking import release_expired
from kiosk.services.context import AppContext

__all__ = ["lifespan_for", "sweep_forever"]

log = logging.getLogger("kiosk.web.sweep")


async def sweep_forever(ctx: AppContext, every_s: float) -> None:
    while True:
        try:
            released = await run_in_threadpool(release_expired, ctx)
        except Exception as exc:  # logged, never raised: the pages keep being served
            log.warning("booking sweep failed (%s); next try in %.0f s", type(exc).__name__,
                        every_s)  # fmt: skip
        else:
            if released:
                log.info("booking sweep: %d unused booking(s) expired", released)
        await asyncio.sleep(every_s)


def lifespan_for(ctx: AppContext) -> Any:
    """The application's lifespan: the sweep runs while the application does."""

    @asynccontextmanager
    async def lifespan(_app: Any) -> AsyncIterator[None]:
        task = asyncio.create_task(
            sweep_forever(ctx, ctx.settings.web.booking_sweep_minutes * 60.0),
            name="booking-sweep",
        )
        try:
            yield
        finally:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task

    return lifespan
