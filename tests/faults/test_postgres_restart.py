"""The PostgreSQL server goes down (power cut, restart) while kiosks issue tickets.

Guarantees: every process reconnects by itself once the server is back (no restart of the
kiosk); while it is down a kiosk gets the coded "database unreachable" refusal, never a raw
driver error; no ticket is duplicated; every ticket a kiosk was told it has exists, with its
print job; numbers stay unique and in order.
"""

from __future__ import annotations

import multiprocessing
import time
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from tests.faults.conftest import PrivatePostgres

pytestmark = pytest.mark.postgres

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
SERVICE = "REKLAME"  # queue "P" of the sample catalogue, no daily quota
KIOSKS = 4


def _context(url: str) -> Any:
    from kiosk.config import load_settings
    from kiosk.core.clock import FixedClock
    from kiosk.services.context import build_context

    return build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), FixedClock(START))


def _kiosk(url: str, name: str, ready: Any, stop: Any, out: Any) -> None:
    """A kiosk whose citizens keep tapping "take a number" (one tap every 20 ms)."""
    from kiosk.errors import KioskError
    from kiosk.services import queue

    ctx = _context(url)
    issued: list[tuple[int, str, float]] = []
    refusals: list[str] = []
    raw: list[str] = []
    try:
        while not stop.is_set():
            try:
                ticket = queue.issue_ticket(ctx, SERVICE, device=name, printer_uri="preview://x")
                issued.append((ticket.id, ticket.number, time.time()))
                ready.release()
            except KioskError as exc:
                refusals.append(f"{exc.code}.{exc.reason}")
            except Exception as exc:  # what the kiosk would show as "internal error"
                raw.append(f"{type(exc).__name__}: {str(exc).splitlines()[0][:120]}")
            time.sleep(0.02)
    finally:
        ctx.db.dispose()
        out.put((name, issued, refusals, raw))


def test_a_server_crash_mid_issuing_loses_and_duplicates_nothing_and_kiosks_reconnect(
    private_postgres: PrivatePostgres,
) -> None:
    from kiosk.db.models import PrintJob, Ticket
    from kiosk.services.setup import prepare_database

    url = private_postgres.fresh_database()
    ctx = _context(url)
    prepare_database(ctx)
    ctx.db.dispose()

    mp = multiprocessing.get_context("spawn")
    out, stop = mp.Queue(), mp.Event()
    ready = [mp.Semaphore(0) for _ in range(KIOSKS)]
    kiosks = [
        mp.Process(target=_kiosk, args=(url, f"kiosk-{i}", ready[i], stop, out))
        for i in range(KIOSKS)
    ]
    for p in kiosks:
        p.start()
    for gate in ready:  # every kiosk has issued a few tickets: it is connected and busy
        for _ in range(3):
            assert gate.acquire(timeout=90), "a kiosk process did not start issuing"
    down_at = time.time()
    private_postgres.crash()
    time.sleep(2.0)
    private_postgres.start()
    up_at = time.time()
    time.sleep(6.0)
    stop.set()
    results = [out.get(timeout=60) for _ in kiosks]
    for p in kiosks:
        p.join(30)

    raw = [r for _name, _issued, _refused, raws in results for r in raws]
    assert raw == [], f"a kiosk got a raw driver error instead of a coded refusal: {raw[:3]}"
    refused = {code for _n, _i, codes, _r in results for code in codes}
    assert refused <= {"unavailable.database_unreachable"}, refused
    for name, issued, _refused, _raw in results:
        before = [t for t in issued if t[2] < down_at]
        after = [t for t in issued if t[2] > up_at + 3.0]
        assert before, f"{name} issued nothing before the crash"
        assert after, f"{name} did not reconnect by itself within 3 s of the server's return"

    told = [ticket_id for _n, issued, _r, _w in results for ticket_id, _num, _at in issued]
    assert len(told) == len(set(told)), "two kiosks were given the same ticket"
    ctx = _context(url)
    try:
        with ctx.db.snapshot() as s:
            rows = s.execute(select(Ticket.id, Ticket.number).where(Ticket.prefix == "P")).all()
            jobs = dict(
                s.execute(
                    select(PrintJob.ticket_id, func.count()).group_by(PrintJob.ticket_id)
                ).all()
            )
    finally:
        ctx.db.dispose()
    stored = {ticket_id for ticket_id, _number in rows}
    assert set(told) <= stored, "a kiosk was told it has a ticket that is not stored"
    numbers = sorted(number for _id, number in rows)
    assert numbers == list(range(1, len(numbers) + 1)), "numbers lost or repeated"
    assert all(jobs.get(ticket_id) == 1 for ticket_id in stored), "a ticket without its print job"
