"""The booking listing's per-process cache (kiosk.services.booking.slots.LISTING_TTL_S): a
catalogue change made by another process shows within the bound, and the places are never
cached, so a booking (here or in another process) shows at once (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from kiosk.core.clock import FixedClock
from kiosk.services import booking
from kiosk.services.booking.slots import LISTING_TTL_S
from kiosk.services.context import AppContext, build_context
from tests.conftest import settings_for

KTP = "KTP_EL"  # 30-minute slots, 4 places each (sample catalogue)
TUESDAY = "2026-03-03"  # the day after the ctx fixture's clock
ROOT = Path(__file__).resolve().parents[2]

#: Another process (an administrator's edit): KTP_EL's slots get 2 places instead of 4.
ADMIN_EDIT = """
import sys
from sqlalchemy import select
from kiosk.config import load_settings
from kiosk.db.models import Service
from kiosk.services.context import build_context

ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": sys.argv[1]}))
with ctx.db.transaction() as s:
    service = s.scalar(select(Service).where(Service.code == "KTP_EL"))
    service.booking = {**service.booking, "per_slot": 2}
ctx.db.dispose()
"""


def _places(ctx: AppContext) -> dict[str, tuple[int, int]]:
    _, _, slots = booking.day_slots_of(ctx, KTP, TUESDAY)
    return {s.key: (s.capacity, s.left) for s in slots}


def test_another_process_s_catalogue_change_shows_within_the_bound(
    ctx: AppContext, db_url: str
) -> None:
    started = time.monotonic()
    assert set(_places(ctx).values()) == {(4, 4)}  # read, and now cached
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-c", ADMIN_EDIT, db_url], check=True, env=env, timeout=60)
    time.sleep(max(0.0, started + LISTING_TTL_S + 0.1 - time.monotonic()))
    assert set(_places(ctx).values()) == {(2, 2)}
    _, days = booking.booking_days(ctx, KTP)
    tuesday = next(d for d in days if d.day.isoformat() == TUESDAY)
    assert tuesday.left == 2 * tuesday.slots  # the days page follows too


def test_a_booking_shows_at_once_in_this_process_and_from_another(
    ctx: AppContext, db_url: str, clock: FixedClock
) -> None:
    assert _places(ctx)["10:00"] == (4, 4)
    _, days = booking.booking_days(ctx, KTP)
    day_left = next(d.left for d in days if d.day.isoformat() == TUESDAY)
    booking.book_visit(ctx, KTP, TUESDAY, "10:00")
    assert _places(ctx)["10:00"] == (4, 3)  # no wait: the places are counted live
    other = build_context(settings_for(db_url), clock)  # another process's own engine
    try:
        booking.book_visit(other, KTP, TUESDAY, "10:00")
    finally:
        other.db.dispose()
    assert _places(ctx)["10:00"] == (4, 2)
    _, days = booking.booking_days(ctx, KTP)
    assert next(d.left for d in days if d.day.isoformat() == TUESDAY) == day_left - 2
