"""What the year's generators share: the progress bar, bulk inserts, the catalogue as read once,
the working days and local times."""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

__all__ = ["BATCH", "WIB", "Progress"]

WIB = ZoneInfo("Asia/Jakarta")
BATCH = 10_000


class Progress:
    """A one-line progress bar on stderr: ``tickets [#####.....] 52% 312,000/600,000 14 s``."""

    def __init__(self, label: str, total: int, stream: Any = None) -> None:
        # sys.stderr looked up now, not at import (a test's or a caller's redirection)
        self.label, self.total = label, max(1, total)
        self.stream = stream if stream is not None else sys.stderr
        self.done = 0
        self.started = time.perf_counter()
        self._shown = -1

    def add(self, n: int) -> None:
        self.done += n
        pct = min(100, int(100 * self.done / self.total))
        if pct != self._shown:
            self._shown = pct
            bar = "#" * (pct // 4) + "." * (25 - pct // 4)
            elapsed = time.perf_counter() - self.started
            self.stream.write(
                f"\r{self.label:<13}[{bar}] {pct:3d}% {self.done:>9,}/{self.total:,}"
                f" {elapsed:5.0f} s"
            )
            self.stream.flush()

    def close(self) -> float:
        elapsed = time.perf_counter() - self.started
        self.stream.write("\n")
        self.stream.flush()
        return elapsed


def _batches(rows: Sequence[dict[str, Any]]) -> Iterator[Sequence[dict[str, Any]]]:
    for i in range(0, len(rows), BATCH):
        yield rows[i : i + BATCH]


@dataclass
class Catalogue:
    site_id: int
    services: list[Any]  # rows: id, code, prefix, agency_id, sop_working_days, sop_minutes
    counters: dict[str, list[tuple[int, int]]]  # prefix -> [(counter id, officer id)]
    stages: dict[int, list[dict[str, Any]]]
    next_ids: dict[str, int]


def insert_rows(session: Any, model: Any, rows: Sequence[dict[str, Any]], bar: Progress) -> None:
    """executemany in batches; on PostgreSQL, COPY (about 10 times faster than INSERTs)."""
    from sqlalchemy import JSON, insert

    if not rows:
        return
    conn = session.connection()
    if conn.dialect.name != "postgresql":
        for chunk in _batches(rows):
            session.execute(insert(model), chunk)
            bar.add(len(chunk))
        return
    import json

    table = model.__table__
    keys = list(rows[0])
    as_json = {k for k in keys if isinstance(table.c[k].type, JSON)}
    cursor = conn.connection.dbapi_connection.cursor()
    columns = ", ".join(f'"{k}"' for k in keys)
    with cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
        for i, row in enumerate(rows, start=1):
            copy.write_row([json.dumps(row[k]) if k in as_json else row[k] for k in keys])
            if i % BATCH == 0:
                bar.add(BATCH)
    bar.add(len(rows) % BATCH)


def read_catalogue(ctx: Any) -> Catalogue:
    """The services, one officer per counter (created here), the stage chains, the next ids."""
    from sqlalchemy import func, insert, select

    from kiosk.db.models import Application, Counter, Service, Staff, Ticket
    from kiosk.services.applications._base import _stage_chain
    from kiosk.services.staff import hash_secret

    with ctx.db.transaction() as s:
        site_id = ctx.site_id(s)
        services = list(s.scalars(select(Service).where(Service.site_id == site_id)))
        stages = {svc.id: _stage_chain(s, site_id, svc) for svc in services}
        service_rows = [
            SimpleNamespace(
                id=x.id,
                code=x.code,
                prefix=x.queue_prefix,
                agency_id=x.agency_id,
                sop_working_days=x.sop_working_days,
                sop_minutes=x.sop_minutes,
                hours=x.hours,
                kind=x.kind,
            )
            for x in services
        ]
        counters = list(s.scalars(select(Counter).where(Counter.site_id == site_id)))
        password = hash_secret("bench-officer-password")
        existing = set(s.scalars(select(Staff.username).where(Staff.site_id == site_id)))
        now = ctx.now()
        new = [
            {
                "site_id": site_id,
                "username": f"loket{c.number:02d}",
                "full_name": f"Petugas Loket {c.number}",
                "role": "officer",
                "agency_id": c.agency_id,
                "password_hash": password,
                "active": True,
                "failed_logins": 0,
                "created_at": now,
            }
            for c in counters
            if f"loket{c.number:02d}" not in existing
        ]
        if new:
            s.execute(insert(Staff), new)
        officer_of = {
            name: sid
            for name, sid in s.execute(
                select(Staff.username, Staff.id).where(Staff.site_id == site_id)
            )
        }
        by_prefix: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for c in counters:
            for prefix in c.prefixes or []:
                by_prefix[prefix].append((c.id, officer_of[f"loket{c.number:02d}"]))
        next_ids = {
            "tickets": int(s.scalar(select(func.max(Ticket.id))) or 0) + 1,
            "applications": int(s.scalar(select(func.max(Application.id))) or 0) + 1,
        }
    return Catalogue(site_id, service_rows, dict(by_prefix), stages, next_ids)


def working_days(calendar: Any, year: int) -> list[date]:
    d, out = date(year, 1, 1), []
    while d.year == year:
        if calendar.is_working_day(d):
            out.append(d)
        d += timedelta(days=1)
    return out


def local(day: date, minutes: float) -> datetime:
    """``minutes`` after local midnight of ``day``, as aware UTC."""
    return (
        datetime(day.year, day.month, day.day, tzinfo=WIB) + timedelta(minutes=minutes)
    ).astimezone(UTC)


HOUR_WEIGHTS = [(8, 14), (9, 22), (10, 20), (11, 15), (12, 8), (13, 12), (14, 9)]
