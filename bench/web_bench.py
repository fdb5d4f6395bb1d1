"""Web bench: the tracking page and API under load from a bounded async client on 127.0.0.1.

Fill: a fresh database with N applications (bench.tracking_bench.fill: real stage chains, two
hash-chained events each; SQLite file, and PostgreSQL in its own schema when
MPP_KIOSK_TEST_POSTGRES_URL or --pg names a server).

Serve: ``mpp-kiosk web`` in its own process (one uvicorn worker, as shipped), rate limits lifted
by environment variables so the load is measured, not refused.

Load: httpx.AsyncClient with at most ``--connections`` connections, requests started at a fixed
rate (``--rate`` per second, open loop: a slow answer does not slow the sender) for
``--seconds`` per kind: the progress page of existing codes (/l/), the same through the API,
unknown codes (the miss path, which waits for a drawn hit time by design), and the booking
listing over half-booked days (bench.booking_bench.fill): a day's slots (``/antrean/{service}/
{day}``) and a service's days (``/antrean/{service}``). Figures: p50,
p95, p99 in ms as the client sees them, achieved rate, errors. Then the page weight: the HTML
of a progress page (padded to its size class) plus the stylesheet, the logo apart.

Goals (issue 11): p95 < 20 ms at 200 requests/s on these 2 cores; page < 30 KB without images.

Run: ``python -m bench.web_bench [-n 200000] [--rate 200] [--seconds 10] [--pg URL]``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.tracking_bench import PG_ENV, _context, _database, _pct, fill

GOAL_P95_MS = 20.0
GOAL_PAGE_KB = 30.0
ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    kind: str
    samples: list[float]
    seconds: float
    errors: int

    def line(self) -> str:
        rate = len(self.samples) / self.seconds if self.seconds else 0.0
        p95 = _pct(self.samples, 95) if self.samples else float("nan")
        ok = "OK" if p95 < GOAL_P95_MS else "MISSED"
        return (
            f"  {self.kind:<10}{len(self.samples):>7}{rate:>9.0f}/s"
            f"{statistics.median(self.samples):>9.2f}{p95:>8.2f}{_pct(self.samples, 99):>8.2f}"
            f"{self.errors:>8}   {ok}"
        )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(url: str, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "MPP_KIOSK_DATABASE_URL": url,
        "MPP_KIOSK_WEB_LOOKUPS_PER_MINUTE": "100000000",
        "MPP_KIOSK_WEB_GLOBAL_LOOKUPS_PER_MINUTE": "100000000",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("MPP_KIOSK_DB", None)
    command = [sys.executable, "-m", "kiosk.cli", "web", "--port", str(port)]
    # Its output goes to a file, never to a pipe nobody reads: a full pipe blocks the server's
    # next log line, and with it every request (one access line each).
    log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the server; closed with it)
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(log.read().decode(errors="replace")) from None
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("the web service did not start")


async def _load(base: str, paths: list[str], rate: float, connections: int, kind: str) -> Run:
    import httpx

    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    samples: list[float] = []
    errors = 0
    gate = asyncio.Semaphore(connections * 4)  # bounded: never more in flight than this
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=10) as client:

        async def one(path: str) -> None:
            nonlocal errors
            async with gate:
                t0 = time.perf_counter()
                try:
                    answer = await client.get(path)
                    good = answer.status_code in (200, 404)
                except httpx.HTTPError:
                    good = False
                if good:
                    samples.append((time.perf_counter() - t0) * 1000)
                else:
                    errors += 1

        for path in paths[:50]:  # warm-up: connections, caches, the equalizer's hits
            await one(path)
        samples.clear()
        started = time.perf_counter()
        tasks = []
        for i, path in enumerate(paths):
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(path)))
        await asyncio.gather(*tasks)
        return Run(kind, samples, time.perf_counter() - started, errors)


def _weight(base: str, code: str) -> tuple[int, int, int]:
    import httpx

    page = httpx.get(f"{base}/l/{code}")
    css = httpx.get(f"{base}/static/site.css")
    html_unpadded = len(page.content.rsplit(b"<!--", 1)[0])
    return len(page.content), html_unpadded, len(css.content)


def fill_bookings(url: str, share: float = 0.5, quiet: bool = False) -> list[tuple[str, str]]:
    """Book ``share`` of every bookable day (the real use case); the (service, day) pairs."""
    from bench.booking_bench import fill as fill_days

    pairs, made, seconds = fill_days(url, share, random.Random(11))
    if not quiet:
        print(f"  {made:,} bookings over {len(pairs)} service-days in {seconds:.1f} s", flush=True)
    return pairs


def listing_paths(
    pairs: list[tuple[str, str]], n: int, rng: random.Random
) -> tuple[list[str], list[str]]:
    """``n`` slot pages and ``n`` day pages over the bookable (service, day) pairs."""
    picks = [rng.choice(pairs) for _ in range(n)]
    return [f"/antrean/{s}/{d}" for s, d in picks], [f"/antrean/{s}" for s, _ in picks]


def measure(backend: str, url: str, count: int, rate: float, seconds: float, conns: int) -> None:
    from kiosk.core.codes import format_code, new_tracking_code

    ctx = _context(url)
    try:
        sample, fill_s = fill(ctx, count)
    finally:
        ctx.db.dispose()
    print(f"{backend}: {count:,} applications filled in {fill_s:.0f} s", flush=True)
    pairs = fill_bookings(url)
    port = _free_port()
    proc = _serve(url, port)
    base = f"http://127.0.0.1:{port}"
    try:
        rng = random.Random(3)
        n = int(rate * seconds)
        hits = [f"/l/{format_code(rng.choice(sample))}" for _ in range(n)]
        api = [f"/api/v1/applications/{rng.choice(sample)}" for _ in range(n)]
        misses = [f"/l/{new_tracking_code('A')}" for _ in range(n)]
        runs = [
            asyncio.run(_load(base, hits, rate, conns, "page hit")),
            asyncio.run(_load(base, api, rate, conns, "api hit")),
            asyncio.run(_load(base, misses, rate, conns, "page miss")),
        ]
        if pairs:
            slots, days = listing_paths(pairs, n, rng)
            runs.append(asyncio.run(_load(base, slots, rate, conns, "slot page")))
            runs.append(asyncio.run(_load(base, days, rate, conns, "day page")))
        print(f"  {'kind':<10}{'reqs':>7}{'rate':>11}{'p50 ms':>9}{'p95':>8}{'p99':>8}"
              f"{'errors':>8}   goal p95 < {GOAL_P95_MS:g} ms at {rate:g}/s")  # fmt: skip
        for run in runs:
            print(run.line(), flush=True)
        padded, html, css = _weight(base, sample[0])
        total = (padded + css) / 1024
        print(
            f"  page weight: HTML {html / 1024:.1f} KB (padded to {padded / 1024:.0f} KB) + CSS "
            f"{css / 1024:.1f} KB = {total:.1f} KB without the logo   "
            f"{'OK' if total < GOAL_PAGE_KB else 'MISSED'} (goal < {GOAL_PAGE_KB:g} KB)",
            flush=True,
        )
    finally:
        proc.terminate()
        proc.wait(10)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.web_bench", description=__doc__)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(PG_ENV))
    parser.add_argument("-n", "--count", type=int, default=200_000, help="applications")
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=10.0, help="per kind of request")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    backends = ["sqlite"] + (["postgresql"] if args.pg and not args.sqlite_only else [])
    for backend in backends:
        with _database(backend, args.pg) as url:
            measure(backend, url, args.count, args.rate, args.seconds, args.connections)
    return 0


if __name__ == "__main__":
    sys.exit(main())
