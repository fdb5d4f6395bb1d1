"""Failed-attempt buckets: typed look-ups and sign-ins of unknown names (table lookup_throttles).

One row per key: ``g:*`` (the whole site), ``d:<device>``, ``r:<registration number>``,
``u:<username>``. A row counts failures; the failure that reaches its limit starts a cool-down
and the count starts again from zero. A success never lowers a count.

Exact under concurrency: the caller's transaction locks every row it will check before it
checks (``SELECT ... FOR UPDATE`` on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), always in the
order given, so parallel attempts queue on the lock and each sees the count the previous one
left (16 parallel guesses against a limit of 5: 5 evaluated, 11 refused).
"""

from __future__ import annotations

import hashlib
import ipaddress
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kiosk.db.models import LookupThrottle

__all__ = ["GLOBAL_KEY", "Limit", "blocked_until", "device_name", "fail", "key", "lock"]

GLOBAL_KEY = "g:*"
_KEY_LENGTH = 64  # lookup_throttles.device


@dataclass(frozen=True)
class Limit:
    """``failures`` failures start a cool-down of ``cooldown``."""

    failures: int
    cooldown: timedelta


def device_name(device: object) -> str:
    """One spelling per device: NFKC, case-folded, letters and digits only ("Anjungan-1 ",
    "anjungan 1" and "ＡＮＪＵＮＧＡＮ１" are one kiosk); a web client's address in its
    canonical form, IPv6 by its /64 (one household's prefix), IPv4-mapped as IPv4."""
    text = unicodedata.normalize("NFKC", device if isinstance(device, str) else "").casefold()
    prefix, sep, rest = text.partition(":")
    if sep and prefix.strip() == "web":
        address = rest.strip().strip("[]")
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            pass
        else:
            if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
                ip = ip.ipv4_mapped
            if isinstance(ip, ipaddress.IPv6Address):
                return "web:" + str(ipaddress.ip_network(f"{ip}/64", strict=False))
            return f"web:{ip}"
    return "".join(ch for ch in text if ch.isalnum())


def key(kind: str, name: str) -> str:
    """The row key for ``name`` of ``kind`` ("d", "r", "u"); long names by their digest."""
    full = f"{kind}:{name}"
    if len(full) <= _KEY_LENGTH:
        return full
    return f"{kind}:#{hashlib.sha256(name.encode('utf-8')).hexdigest()[: _KEY_LENGTH - 3]}"


def lock(session: Session, site_id: int, keys: Sequence[str]) -> list[LookupThrottle]:
    """The rows of ``keys`` (created when missing), locked until the transaction ends."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    rows = []
    for k in keys:
        session.execute(
            insert(LookupThrottle)
            .values(site_id=site_id, device=k, failures=0, blocked_until=None)
            .on_conflict_do_nothing(index_elements=[LookupThrottle.site_id, LookupThrottle.device])
        )
        row = session.scalars(
            select(LookupThrottle)
            .where(LookupThrottle.site_id == site_id, LookupThrottle.device == k)
            .with_for_update()
            .execution_options(populate_existing=True)
        ).one()
        rows.append(row)
    return rows


def blocked_until(rows: Sequence[LookupThrottle], now: datetime) -> datetime | None:
    """The latest running cool-down among ``rows``, or None."""
    running = [r.blocked_until for r in rows if r.blocked_until and r.blocked_until > now]
    return max(running) if running else None


def fail(rows: Sequence[LookupThrottle], limits: Sequence[Limit], now: datetime) -> datetime | None:
    """Count one failure in each (locked) row; the end of the cool-down this started, if any."""
    started: datetime | None = None
    for row, limit in zip(rows, limits, strict=True):
        row.failures = (row.failures or 0) + 1
        if row.failures >= limit.failures:
            row.failures = 0
            row.blocked_until = now + limit.cooldown
            started = row.blocked_until if started is None else max(started, row.blocked_until)
    return started
