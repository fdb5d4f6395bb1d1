"""Issuance under load (issue 13): p50/p95 per ticket and tickets/s at 1, 4 and 8 kiosk processes
on ONE queue, on SQLite and PostgreSQL; and the cost of a ticket at 0 and at 2,000 tickets already
served today (the wait estimate must not grow with the day).

Each process is a kiosk with its own engine; every ticket gets a print job (not printed). The
numbers are checked afterwards: exactly 1..N, or the run fails. The machine's load average is
printed with the table, because these 2 cores are shared.

Run: ``python -m bench.issuance_bench [--pg URL] [--per-process 100]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.queue_bench import PG_ENV, SERVICE, START, _check_numbers, _context, _database

PROCESSES = (1, 4, 8)
SERVED_TODAY = 2000


def _kiosk(url: str, count: int, barrier: Any) -> list[float]:
    """One kiosk: the ms of each of its tickets."""
    from kiosk.services import queue

    ctx = _context(url)
    try:
        queue.issue_ticket(ctx, "TDG", device="warmup")  # connect and warm caches
        barrier.wait(120)
        out = []
        for _ in range(count):
            t0 = time.perf_counter()
            queue.issue_ticket(ctx, SERVICE, printer_uri="preview://bench-not-printed", device="b")
            out.append((time.perf_counter() - t0) * 1000)
        return out
    finally:
        ctx.db.dispose()


def _concurrent(url: str, processes: int, per_process: int) -> tuple[list[float], float]:
    mp = multiprocessing.get_context("spawn")
    with mp.Manager() as manager:
        barrier = manager.Barrier(processes + 1)
        with mp.Pool(processes) as pool:
            pending = [
                pool.apply_async(_kiosk, (url, per_process, barrier)) for _ in range(processes)
            ]
            barrier.wait(180)
            started = time.perf_counter()
            samples = [s for p in pending for s in p.get(timeout=600)]
            elapsed = time.perf_counter() - started
    _check_numbers(url)
    return samples, processes * per_process / elapsed


def _serve_many(url: str, count: int) -> None:
    """`count` tickets of today, finished, spread over the day's queues (bulk rows)."""
    from sqlalchemy import insert, select

    from kiosk.core.codes import new_tracking_code
    from kiosk.db.models import Service, Site, Ticket
    from kiosk.services import queue_stats

    ctx = _context(url)
    try:
        with ctx.db.transaction() as s:
            site_id = s.scalar(select(Site.id))
            services = s.execute(select(Service.id, Service.queue_prefix)).all()
            day = START.date()
            rows = []
            for i in range(count):
                service_id, prefix = services[i % len(services)]
                issued = START - timedelta(hours=2) + timedelta(seconds=3 * i)
                rows.append(
                    {
                        "site_id": site_id, "service_id": service_id, "prefix": prefix,
                        "day": day, "number": 10_000 + i, "code": new_tracking_code("T"),
                        "status": "done", "issued_at": issued, "queued_at": issued,
                        "called_at": issued + timedelta(minutes=5),
                        "serving_at": issued + timedelta(minutes=6),
                        "finished_at": issued + timedelta(minutes=6 + i % 9),
                        "device": "seed", "recalls": 0,
                    }
                )  # fmt: skip
            s.execute(insert(Ticket), rows)
            # bulk rows, not finished at a counter: their queues' latest times from them
            queue_stats.rebuild_service_times(s, site_id, day)
    finally:
        ctx.db.dispose()


def _single_pair(urls: Sequence[str], n: int) -> list[list[float]]:
    """One kiosk per database, their tickets taken in turn (the order swapped every round), so
    a change in the machine's load weighs on both alike: the ms of each database's tickets."""
    from kiosk.services import queue

    contexts = [_context(url) for url in urls]
    try:
        for ctx in contexts:
            for _ in range(10):
                queue.issue_ticket(ctx, "TDG", device="warmup")
        out: list[list[float]] = [[] for _ in contexts]
        for i in range(n):
            order = range(len(contexts)) if i % 2 == 0 else reversed(range(len(contexts)))
            for k in order:
                t0 = time.perf_counter()
                queue.issue_ticket(
                    contexts[k], SERVICE, printer_uri="preview://bench-not-printed", device="b"
                )
                out[k].append((time.perf_counter() - t0) * 1000)
        return out
    finally:
        for ctx in contexts:
            ctx.db.dispose()


def _pct(samples: Sequence[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def run(backends: Sequence[str], pg_url: str | None, per_process: int, n_day: int) -> str:
    lines = [
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"{'backend':<11}{'kiosks':>7}{'tickets':>9}{'p50 ms':>9}{'p95 ms':>9}{'tickets/s':>11}",
    ]
    day_lines = [
        "",
        f"issue_ticket alone, {n_day} tickets: 0 vs {SERVED_TODAY} served today, taken in turn",
        f"{'backend':<11}{'served':>8}{'p50 ms':>9}{'p95 ms':>9}",
    ]
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp:
        os.environ.setdefault("MPP_KIOSK_DATA_DIR", tmp)
        for backend in backends:
            for processes in PROCESSES:
                with _database(backend, Path(tmp), pg_url) as url:
                    samples, rate = _concurrent(url, processes, per_process)
                lines.append(
                    f"{backend:<11}{processes:>7}{len(samples):>9}{_pct(samples, 50):>9.1f}"
                    f"{_pct(samples, 95):>9.1f}{rate:>11.0f}"
                )
            with (
                _database(backend, Path(tmp), pg_url) as empty_url,
                _database(backend, Path(tmp), pg_url) as served_url,
            ):
                _serve_many(served_url, SERVED_TODAY)
                by_served = _single_pair([empty_url, served_url], n_day)
            for served, samples in zip((0, SERVED_TODAY), by_served, strict=True):
                day_lines.append(
                    f"{backend:<11}{served:>8}{_pct(samples, 50):>9.2f}{_pct(samples, 95):>9.2f}"
                )
            p50s = [_pct(samples, 50) for samples in by_served]
            day_lines.append(f"{'':<11}{'p50 +%':>8}{100 * (p50s[1] / p50s[0] - 1):>9.1f}")
    lines.extend(day_lines)
    lines.append(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.issuance_bench", description=__doc__)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(PG_ENV))
    parser.add_argument("--per-process", type=int, default=100)
    parser.add_argument("--day-tickets", type=int, default=200)
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    backends = ["sqlite"] + (["postgresql"] if args.pg else [])
    print(run(backends, args.pg, args.per_process, args.day_tickets))
    if not args.pg:
        print(f"(PostgreSQL skipped: set {PG_ENV} or pass --pg URL)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
