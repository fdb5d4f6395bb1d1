"""Where a ticket's time goes (issue 13), in figures a loaded machine does not distort much:
statements per ticket (and how many of them run while the queue's sequence row is locked),
the lock hold time (from the statement that takes the row lock to the end of COMMIT, measured
in the kiosk process), and the kiosk process's CPU per ticket; with p50/p95 and tickets/s at
1, 4 and 8 kiosk processes on ONE queue. The numbers are checked afterwards (exactly 1..N).

On SQLite the whole write transaction holds the database lock (BEGIN IMMEDIATE); "lock" here
is still measured from the sequence upsert, so the figures compare with PostgreSQL's.

Run: ``python -m bench.issuance_profile [--pg URL] [--per-process 100] [--backend postgresql]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.queue_bench import PG_ENV, SERVICE, _check_numbers, _context, _database

PROCESSES = (1, 4, 8)


class _Probe:
    """Counts one ticket's statements and times its lock (SQLAlchemy events, no patching)."""

    def __init__(self) -> None:
        self.statements = 0
        self.locked_statements = 0
        self.locked_at: float | None = None
        self.hold_ms: float | None = None

    def reset(self) -> None:
        self.statements = self.locked_statements = 0
        self.locked_at = self.hold_ms = None

    def before_execute(self, *_: Any) -> None:
        self.statements += 1
        if self.locked_at is not None:
            self.locked_statements += 1

    def after_execute(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if self.locked_at is None and "queue_sequences" in statement:
            self.locked_at = time.perf_counter()

    def after_commit(self, _session: Any) -> None:
        if self.locked_at is not None:
            self.hold_ms = (time.perf_counter() - self.locked_at) * 1000


def _kiosk(url: str, count: int, barrier: Any) -> list[tuple[float, float, float, int, int]]:
    """One kiosk: per ticket (ms, lock hold ms, CPU ms, statements, statements under lock)."""
    from sqlalchemy import event

    from kiosk.services import queue

    ctx = _context(url)
    probe = _Probe()
    event.listen(ctx.db.engine, "before_cursor_execute", probe.before_execute)
    event.listen(ctx.db.engine, "after_cursor_execute", probe.after_execute)
    event.listen(ctx.db._write, "after_commit", probe.after_commit)
    try:
        queue.issue_ticket(ctx, "TDG", device="warmup")  # connect and warm caches
        queue.issue_ticket(ctx, SERVICE, printer_uri="preview://bench-not-printed", device="w")
        barrier.wait(120)
        out = []
        for _ in range(count):
            probe.reset()
            c0, t0 = time.process_time(), time.perf_counter()
            queue.issue_ticket(ctx, SERVICE, printer_uri="preview://bench-not-printed", device="b")
            ms = (time.perf_counter() - t0) * 1000
            cpu = (time.process_time() - c0) * 1000
            # +1: COMMIT is a round trip too (not a cursor execute).
            locked = probe.locked_statements + 1
            out.append((ms, probe.hold_ms or 0.0, cpu, probe.statements + 1, locked))
        return out
    finally:
        ctx.db.dispose()


def _concurrent(url: str, processes: int, per_process: int) -> tuple[list[Any], float]:
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
    _check_count(url, processes * (per_process + 2))  # + 2 warm-up tickets
    return samples, processes * per_process / elapsed


def _check_count(url: str, expected: int) -> None:
    """1..N is checked by _check_numbers; N must also be every ticket the kiosks issued."""
    from sqlalchemy import func, select

    from kiosk.db.models import Ticket

    ctx = _context(url)
    try:
        with ctx.db.snapshot() as s:
            found = s.scalar(select(func.count(Ticket.id)).where(Ticket.prefix == "P"))
    finally:
        ctx.db.dispose()
    if found != expected:
        raise RuntimeError(f"{found} tickets on queue P, {expected} issued")


def _pct(samples: Sequence[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def run(backends: Sequence[str], pg_url: str | None, per_process: int) -> str:
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"load average at start: {load}",
        f"{'backend':<11}{'kiosks':>7}{'p50 ms':>8}{'p95 ms':>8}{'tick/s':>8}"
        f"{'hold p50':>9}{'hold p95':>9}{'cpu ms':>8}{'stmts':>6}{'locked':>7}",
    ]
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp:
        os.environ.setdefault("MPP_KIOSK_DATA_DIR", tmp)
        for backend in backends:
            for processes in PROCESSES:
                with _database(backend, Path(tmp), pg_url) as url:
                    samples, rate = _concurrent(url, processes, per_process)
                ms, hold, cpu, stmts, locked = (list(c) for c in zip(*samples, strict=True))
                lines.append(
                    f"{backend:<11}{processes:>7}{_pct(ms, 50):>8.1f}{_pct(ms, 95):>8.1f}"
                    f"{rate:>8.0f}{_pct(hold, 50):>9.2f}{_pct(hold, 95):>9.2f}"
                    f"{statistics.mean(cpu):>8.2f}{statistics.mean(stmts):>6.1f}"
                    f"{statistics.mean(locked):>7.1f}"
                )
    lines.append(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    lines.append("hold: sequence row lock taken -> COMMIT done; cpu: kiosk process CPU per ticket;")
    lines.append("stmts: round trips per ticket incl. COMMIT; locked: of them after the lock")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.issuance_profile", description=__doc__)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(PG_ENV))
    parser.add_argument("--per-process", type=int, default=100)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), action="append")
    args = parser.parse_args(argv)
    backends = args.backend or (["sqlite"] + (["postgresql"] if args.pg else []))
    print(run(backends, args.pg, args.per_process))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
