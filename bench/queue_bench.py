"""Queue bench: from "issue" to ESC/POS bytes handed to the printer, and tickets/s under load.

Latency (one kiosk): ``issue_ticket`` (checks, number, ticket, print job: one transaction) ->
the spool's claim of the job -> slip rebuilt from the job's payload -> ``send`` to a loopback TCP
printer (status query, ESC/POS rendering with python-escpos, bytes written and acknowledged).
That is the path a visitor waits on; marking the job done afterwards is not. The first
``--warmup`` iterations (imports, caches) are not counted.

Throughput: 8 processes issue tickets on ONE queue at once (each its own engine and connections)
with a print job per ticket, as 8 kiosks would; printing is per kiosk and runs in parallel, so it
is left out here.

Goals (issue 3): p95 < 30 ms on SQLite, < 50 ms on PostgreSQL. PostgreSQL is measured when
MPP_KIOSK_TEST_POSTGRES_URL or --pg URL names a server; each run uses a fresh schema, dropped
afterwards.

Run: ``make bench`` or ``python -m bench.queue_bench [--pg URL] [-n 300]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

PG_ENV = "MPP_KIOSK_TEST_POSTGRES_URL"
SERVICE = "REKLAME"  # queue "P" of the sample catalogue, no daily quota
GOALS_MS = {"sqlite": 30.0, "postgresql": 50.0}
# Monday 2 March 2026, 09:00 WIB: a working day inside opening hours.
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))


@dataclass
class Result:
    backend: str
    samples: list[float]
    issue_samples: list[float]
    returned_samples: list[float]
    tickets_per_s: float
    processes: int
    per_process: int
    call_samples: list[float]
    board_samples: list[float]


def _context(url: str) -> Any:
    from kiosk.config import load_settings
    from kiosk.core.clock import FixedClock
    from kiosk.services.context import build_context

    return build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), FixedClock(START))


@contextmanager
def _database(backend: str, workdir: Path, pg_url: str | None) -> Iterator[str]:
    """A fresh database with the sample catalogue; its URL."""
    from kiosk.services.setup import prepare_database

    if backend == "sqlite":
        url = f"sqlite:///{workdir / f'bench-{uuid.uuid4().hex[:8]}.sqlite3'}"
        cleanup = None
    else:
        from sqlalchemy import create_engine, text
        from sqlalchemy.engine import make_url

        assert pg_url is not None
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        admin = create_engine(pg_url)
        with admin.begin() as conn:
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        url = (
            make_url(pg_url)
            .update_query_dict({"options": f"-csearch_path={schema}"})
            .render_as_string(hide_password=False)
        )

        def cleanup() -> None:
            with admin.begin() as conn:
                conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
            admin.dispose()

    ctx = _context(url)
    prepare_database(ctx)
    ctx.db.dispose()
    try:
        yield url
    finally:
        if cleanup is not None:
            cleanup()


def _latency(url: str, n: int, warmup: int) -> tuple[list[float], list[float], list[float]]:
    """Per ticket, in ms: issue -> every job byte received by the loopback printer; issue only;
    issue -> ``send`` returned (which also waits for the printer's ACKs and its close)."""
    from kiosk.printing.escpos_render import render_escpos
    from kiosk.printing.transports import STATUS_QUERY, open_printer, printer_config
    from kiosk.services import printjobs, queue
    from tests.support.tcp_printer import FakeNetworkPrinter

    ctx = _context(url)
    handed, issue_only, returned = [], [], []
    try:
        with FakeNetworkPrinter() as fake:
            uri = fake.uri()
            printer = open_printer(printer_config(uri, ctx.settings.printing.timeout_s))
            paper = printer.config.paper
            for i in range(warmup + n):
                t0 = time.perf_counter()
                ticket = queue.issue_ticket(ctx, SERVICE, printer_uri=uri, device="bench")
                t1 = time.perf_counter()
                job = printjobs.claim_next(ctx, uri, ticket.print_job_id)
                assert job is not None
                slip = printjobs.slip_for_job(job.kind, job.payload, paper, uri)
                data = render_escpos(slip, paper)  # what ``send`` does before ``send_raw``
                sender = threading.Thread(target=printer.send_raw, args=(f"t{i}", data))
                sender.start()
                want = 2 * len(STATUS_QUERY) + len(data)  # status before and after the job
                while not (len(fake.connections) > i and len(fake.connections[i].data) >= want):
                    if not sender.is_alive() and len(fake.connections) <= i:
                        raise RuntimeError("the loopback printer got no connection")
                    time.sleep(0.0001)
                t2 = time.perf_counter()
                sender.join()
                t3 = time.perf_counter()
                if bytes(fake.connections[i].data) != STATUS_QUERY + data + STATUS_QUERY:
                    raise RuntimeError("the loopback printer received other bytes than the job")
                printjobs.mark_done(ctx, job.id)
                if i >= warmup:
                    handed.append((t2 - t0) * 1000)
                    issue_only.append((t1 - t0) * 1000)
                    returned.append((t3 - t0) * 1000)
    finally:
        ctx.db.dispose()
    return handed, issue_only, returned


def _calls(url: str, n: int) -> tuple[list[float], list[float]]:
    """Per call, in ms: ``call_next`` + ``finish`` at one counter (the call also appends to the
    call record) and the lobby board's read right after it (``board()``), on the database the
    latency run filled (its tickets wait in queue P)."""
    from kiosk.services import queue, staff

    ctx = _context(url)
    calls, boards = [], []
    try:
        staff.add_staff(ctx, "bench", "bench-password", "supervisor")
        officer = staff.authenticate(ctx, "bench", "bench-password")
        queue.open_counter(ctx, officer, 5)
        for _ in range(n):
            t0 = time.perf_counter()
            if queue.call_next(ctx, officer, 5) is None:
                break
            queue.finish(ctx, officer, 5)
            t1 = time.perf_counter()
            queue.board(ctx)
            t2 = time.perf_counter()
            calls.append((t1 - t0) * 1000)
            boards.append((t2 - t1) * 1000)
    finally:
        ctx.db.dispose()
    return calls, boards


def _kiosk(url: str, count: int, barrier: Any) -> float:
    """One of the concurrent kiosks; returns its own elapsed seconds."""
    from kiosk.services import queue

    ctx = _context(url)
    try:
        queue.issue_ticket(ctx, "TDG", device="warmup")  # same queue: connect and warm caches
        barrier.wait(120)
        t0 = time.perf_counter()
        for _ in range(count):
            queue.issue_ticket(
                ctx, SERVICE, printer_uri="preview://bench-not-printed", device="bench"
            )
        return time.perf_counter() - t0
    finally:
        ctx.db.dispose()


def _throughput(url: str, processes: int, per_process: int) -> float:
    """Tickets per second with ``processes`` kiosks pressing at once; checks the numbers."""
    mp = multiprocessing.get_context("spawn")
    with mp.Manager() as manager:
        barrier = manager.Barrier(processes + 1)
        with mp.Pool(processes) as pool:
            pending = [
                pool.apply_async(_kiosk, (url, per_process, barrier)) for _ in range(processes)
            ]
            barrier.wait(180)
            started = time.perf_counter()
            for p in pending:
                p.get(timeout=600)
            elapsed = time.perf_counter() - started
    _check_numbers(url)
    return processes * per_process / elapsed


def _check_numbers(url: str) -> None:
    """A bench that produced duplicates or gaps would be measuring the wrong thing."""
    from sqlalchemy import select

    from kiosk.db.models import Ticket

    ctx = _context(url)
    try:
        with ctx.db.snapshot() as s:
            numbers = s.scalars(select(Ticket.number).where(Ticket.prefix == "P")).all()
    finally:
        ctx.db.dispose()
    if sorted(numbers) != list(range(1, len(numbers) + 1)):
        raise RuntimeError("duplicate or missing ticket numbers under load")


def _pct(samples: Sequence[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1]


def run(
    backends: Sequence[str], pg_url: str | None, n: int, warmup: int, processes: int, per: int
) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp:
        os.environ.setdefault("MPP_KIOSK_DATA_DIR", tmp)
        for backend in backends:
            with _database(backend, Path(tmp), pg_url) as url:
                samples, issue, returned = _latency(url, n, warmup)
                calls, boards = _calls(url, n)
            with _database(backend, Path(tmp), pg_url) as url:
                rate = _throughput(url, processes, per)
            results.append(
                Result(backend, samples, issue, returned, rate, processes, per, calls, boards)
            )
    return results


def report(results: Sequence[Result]) -> str:
    lines = [
        "latency, one kiosk: issue_ticket -> job claimed -> slip rendered (ESC/POS) -> every byte",
        "received by a loopback TCP printer (p50/p95/max); 'issue' = issue_ticket alone;",
        "'send ret.' = until send() returned (it also waits for the printer's ACKs and close).",
        "throughput: concurrent kiosks (processes) issuing on ONE queue, with a print job each.",
        "call: call_next + finish at one counter (with the call record); board: board() after it.",
        "",
        f"{'backend':<11}{'n':>5}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'goal p95':>12}"
        f"{'issue p50/95':>14}{'send ret. p50/95':>18}{'kiosks':>8}{'tickets/s':>11}"
        f"{'call p50/95':>14}{'board p50/95':>14}",
    ]
    for r in results:
        p50, p95 = _pct(r.samples, 50), _pct(r.samples, 95)
        goal = GOALS_MS[r.backend]
        verdict = f"<{goal:g} " + ("ok" if p95 < goal else "MISS")
        issue = f"{_pct(r.issue_samples, 50):.1f}/{_pct(r.issue_samples, 95):.1f}"
        ret = f"{_pct(r.returned_samples, 50):.1f}/{_pct(r.returned_samples, 95):.1f}"
        call = f"{_pct(r.call_samples, 50):.1f}/{_pct(r.call_samples, 95):.1f}"
        board = f"{_pct(r.board_samples, 50):.1f}/{_pct(r.board_samples, 95):.1f}"
        lines.append(
            f"{r.backend:<11}{len(r.samples):>5}{p50:>8.1f}{p95:>8.1f}{max(r.samples):>8.1f}"
            f"{verdict:>12}{issue:>14}{ret:>18}{r.processes:>8}{r.tickets_per_s:>11.0f}"
            f"{call:>14}{board:>14}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.queue_bench", description=__doc__)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(PG_ENV))
    parser.add_argument("-n", type=int, default=300, help="measured tickets (latency)")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--per-process", type=int, default=100)
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    backends = ["sqlite"] + (["postgresql"] if args.pg else [])
    results = run(backends, args.pg, args.n, args.warmup, args.processes, args.per_process)
    print(report(results))
    if not args.pg:
        print(f"(PostgreSQL skipped: set {PG_ENV} or pass --pg URL)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
