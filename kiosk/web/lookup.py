"""Look-ups whose misses look like hits: one answer, one size class, one timing.

An address that reads "unknown code" faster, or in a smaller response, than it reads a real
file would tell an enumerator which guesses came close to something. So:

* every miss (malformed, unknown, expired, wrong check digits) runs the same database query a
  hit runs: a malformed code is looked up as a decoy code that cannot exist (60 random bits
  drawn at start, kind letter and check symbol right, never stored);
* after a miss the response waits until a duration drawn from recent hits has passed
  (``Equalizer``), so the two time distributions match; hits are never slowed;
* every response of a look-up route is padded to a size class (``pad_html``/``pad_json``):
  at least ``HTML_MIN`` bytes, then whole ``HTML_STEP``s; hits and misses both fall in the first
  class (a page with very many stages and long notes may reach the next one).

The padding is whitespace, so a reverse proxy that compresses these routes would shrink it
away: docs/web.md says to leave ``/l/``, ``/cek`` and ``/api/`` uncompressed.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections import deque
from datetime import timedelta

from kiosk.core.codes import code_kind, new_tracking_code, normalize_code
from kiosk.errors import NotFound
from kiosk.services.context import AppContext
from kiosk.services.tracking import ApplicationView, track_code
from kiosk.web.present import closed_at

__all__ = [
    "HTML_MIN",
    "Equalizer",
    "expired",
    "find_application",
    "pad_html",
    "pad_json",
]

HTML_MIN = 16_384
HTML_STEP = 4_096
JSON_MIN = 6_144
JSON_STEP = 2_048


def _padded(length: int, minimum: int, step: int) -> int:
    if length <= minimum:
        return minimum
    return minimum + -(-(length - minimum) // step) * step


def pad_html(body: str) -> bytes:
    """The page as UTF-8, padded with an HTML comment of spaces to its size class."""
    raw = body.encode("utf-8")
    filler = _padded(len(raw) + 7, HTML_MIN, HTML_STEP) - len(raw) - 7
    return raw + b"<!--" + b" " * filler + b"-->"


def pad_json(body: bytes) -> bytes:
    """A JSON document padded with trailing spaces (still valid JSON) to its size class."""
    return body + b" " * (_padded(len(body), JSON_MIN, JSON_STEP) - len(body))


class Equalizer:
    """Makes misses take as long as hits: remembers the last ``size`` hit durations and has a
    miss wait until one of them, drawn at random, has passed."""

    def __init__(self, size: int = 128) -> None:
        self._hits: deque[float] = deque(maxlen=size)
        self._lock = threading.Lock()
        self._rng = random.SystemRandom()

    def record_hit(self, seconds: float) -> None:
        with self._lock:
            self._hits.append(seconds)

    def target(self) -> float:
        with self._lock:
            return self._rng.choice(self._hits) if self._hits else 0.0

    async def settle(self, started: float, hit: bool) -> None:
        """Call once the answer is ready, before sending it."""
        elapsed = time.perf_counter() - started
        if hit:
            self.record_hit(elapsed)
            return
        wait = self.target() - elapsed
        if wait > 0:
            await asyncio.sleep(wait)


#: Looked up for malformed codes so they cost a real query (never stored: 60 random bits).
_DECOY = new_tracking_code("A")


def find_application(ctx: AppContext, code: str) -> ApplicationView | None:
    """The application a receipt QR's code names, or None: unknown, malformed, or closed more
    than ``[web] closed_visible_days`` ago; every case runs the same query."""
    canonical = normalize_code(code) if isinstance(code, str) else None
    if canonical is None or code_kind(canonical) != "application":
        canonical = _DECOY  # the same round trip a well-formed code costs
    try:
        view = track_code(ctx, canonical)
    except NotFound:
        return None
    return None if expired(ctx, view) else view


def expired(ctx: AppContext, view: ApplicationView) -> bool:
    """A file closed (handed over, rejected) more than ``closed_visible_days`` ago."""
    closed = closed_at(view)
    days = ctx.settings.web.closed_visible_days
    return closed is not None and ctx.now() - closed > timedelta(days=days)
