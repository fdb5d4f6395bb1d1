"""Request-rate limits per client address and for the whole service (GCRA, one number a key).

The generic cell rate algorithm keeps, per key, the "theoretical arrival time" of the next
request: ``per_minute`` requests may come at once (the burst), then one every
``60 / per_minute`` seconds. Time comes from the caller (the service's clock), so tests with a
fixed clock are exact: 10,000 requests at one instant let exactly ``per_minute`` through.

Memory is bounded: past ``max_keys`` addresses, keys whose budget is full again are dropped;
if that is not enough, every per-client key is forgotten (the global bucket still holds).
These limits live in one process: with N uvicorn workers the global figure is N times the
setting (documented in docs/web.md); the database's per-address failure count for typed
look-ups (kiosk.services.tracking) holds across workers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Literal

from kiosk.config import WebSettings

__all__ = ["Bucket", "Limits"]

Area = Literal["lookup", "check", "form"]


class Bucket:
    """One GCRA limiter over many keys."""

    def __init__(self, per_minute: int, max_keys: int = 50_000) -> None:
        self.interval = 60.0 / per_minute
        self.tolerance = self.interval * (per_minute - 1)
        self.max_keys = max_keys
        self._tat: dict[str, float] = {}
        self._lock = threading.Lock()

    def take(self, key: str, now: float) -> float:
        """0.0 when the request may go ahead (and counts), else the seconds to wait."""
        with self._lock:
            tat = max(self._tat.get(key, now), now)
            wait = tat - now - self.tolerance
            if wait > 0:
                return wait
            self._tat[key] = tat + self.interval
            if len(self._tat) > self.max_keys:
                self._prune(now)
            return 0.0

    def _prune(self, now: float) -> None:
        self._tat = {k: v for k, v in self._tat.items() if v > now}
        if len(self._tat) > self.max_keys:
            self._tat.clear()


@dataclass
class Limits:
    """The buckets of ``[web]``: look-ups by code, typed checks and sent forms (survey
    responses, complaints), each per client and global."""

    lookup_client: Bucket
    lookup_global: Bucket
    check_client: Bucket
    check_global: Bucket
    form_client: Bucket
    form_global: Bucket

    @classmethod
    def from_settings(cls, web: WebSettings) -> Limits:
        return cls(
            Bucket(web.lookups_per_minute),
            Bucket(web.global_lookups_per_minute),
            Bucket(web.checks_per_minute),
            Bucket(web.global_checks_per_minute),
            Bucket(web.forms_per_minute),
            Bucket(web.global_forms_per_minute),
        )

    def take(self, area: Area, client: str, now: float) -> int:
        """0 when allowed; else whole seconds to wait (for Retry-After). The client's own
        budget is asked first, so one noisy address does not spend everyone's global budget."""
        own, shared = {
            "lookup": (self.lookup_client, self.lookup_global),
            "check": (self.check_client, self.check_global),
            "form": (self.form_client, self.form_global),
        }[area]
        wait = own.take(client, now) or shared.take("*", now)
        return 0 if wait <= 0 else max(1, int(wait + 0.999))
