"""`make bench`: every headline figure of the project in ONE table, in under 15 minutes.

Each row runs the same code as its detailed bench module (``python -m bench.<name>`` prints the
long version with its own options), with sizes chosen so the whole table fits in the time:

- ticket issue p50/p95, one kiosk (issuance_bench), and 8 kiosk processes on one queue;
- tracking look-up (resolve_scan) p95 at 1,000,000 applications (tracking_bench), and the web
  tracking page's p95 under an open-loop load on the SAME database (web_bench);
- call -> board latency across processes (board_bench: file watch on SQLite, LISTEN/NOTIFY);
- cold start of the kiosk, counter and display windows;
- kiosk RSS growth over 1,000 simulated citizens (kiosk_bench; its own run does 10,000);
- idle CPU of the display and the kiosk (idle_bench);
- report times over a generated year (reports_bench);
- any other module that exposes ``summary_rows(pg_url) -> list[Row]`` (booking, admin start...).

``--write FILE`` also writes the table as Markdown with the machine it was measured on and the
load average around the run (the machine's 2 cores may be shared: the load says how much).

Run: ``make bench`` or ``python -m bench.summary [--pg URL] [--only KEY ...] [--write F]``.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PG_ENV = "MPP_KIOSK_TEST_POSTGRES_URL"
ROOT = Path(__file__).resolve().parents[1]
BACKENDS = ("sqlite", "postgresql")
#: Requests per web path in the table: 6 s at 200/s (the detailed bench runs longer).
LOAD_REQUESTS = 1200


@dataclass
class Row:
    """One figure of the table: a value per backend (or one for both), its unit and goal."""

    figure: str
    unit: str
    values: dict[str, float] = field(default_factory=dict)
    goal: str = ""
    #: For figures measured once, on SQLite (cold start, idle CPU, kiosk memory).
    single: float | None = None

    def cells(self) -> list[str]:
        def fmt(value: float | None) -> str:
            if value is None:
                return "-"
            return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"

        if self.single is not None:
            return [self.figure, self.unit, fmt(self.single), "", self.goal]
        return [
            self.figure,
            self.unit,
            fmt(self.values.get("sqlite")),
            fmt(self.values.get("postgresql")),
            self.goal,
        ]


def _pct(samples: Sequence[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def _backends(pg_url: str | None) -> list[str]:
    return ["sqlite"] + (["postgresql"] if pg_url else [])


# --- the sections ------------------------------------------------------------------------------


def issuance(pg_url: str | None) -> list[Row]:
    from bench.issuance_bench import SERVED_TODAY, _concurrent, _serve_many, _single_pair
    from bench.queue_bench import _database

    single = Row("ticket issue, one kiosk, p50", "ms", goal="")
    single95 = Row("ticket issue, one kiosk, p95", "ms", goal="< 50 ms")
    served = Row(f"same, {SERVED_TODAY:,} served today, p50 vs none", "% more", goal="< 10 %")
    rate = Row("8 kiosk processes, one queue", "tickets/s", goal=">= 150")
    rate95 = Row("8 kiosk processes, p95", "ms", goal="< 50 ms")
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp:
        os.environ.setdefault("MPP_KIOSK_DATA_DIR", tmp)
        for backend in _backends(pg_url):
            with _database(backend, Path(tmp), pg_url) as url:
                (samples,) = _single_pair([url], 200)
            single.values[backend] = statistics.median(samples)
            single95.values[backend] = _pct(samples, 95)
            # Two kiosks taking tickets in turn cost more each than one alone (caches): the
            # served-today figure compares the two of them, not with the row above.
            with (
                _database(backend, Path(tmp), pg_url) as empty_url,
                _database(backend, Path(tmp), pg_url) as served_url,
            ):
                _serve_many(served_url, SERVED_TODAY)
                by_served = _single_pair([empty_url, served_url], 300)
            ratio = statistics.median(by_served[1]) / statistics.median(by_served[0])
            served.values[backend] = 100 * (ratio - 1)
            with _database(backend, Path(tmp), pg_url) as url:
                samples, per_s = _concurrent(url, 8, 100)
            rate.values[backend] = per_s
            rate95.values[backend] = _pct(samples, 95)
    return [single, single95, served, rate, rate95]


def _call_quietly(target: str, url: str, args: tuple[Any, ...]) -> Any:
    """``module:function(url, *args)`` with its progress output (stderr) discarded."""
    module, name = target.split(":")
    function = getattr(importlib.import_module(module), name)
    with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
        return function(url, *args)


def _side_by_side(target: str, urls: dict[str, str], *args: Any) -> dict[str, Any]:
    """``target(url, *args)`` for every backend AT ONCE: the first in this process, each other
    in a spawned process. The fills (a million applications, a year of tickets) are most of the
    table's time and each keeps one of the 2 cores busy; what is measured afterwards runs one
    backend at a time, on a quiet machine."""
    import multiprocessing

    from kiosk.config import load_settings
    from kiosk.db.keyfile import KeySource

    # One key file for both fills (they seal applicants): made here, before they race for it.
    KeySource.from_settings(load_settings()).keyring()
    backends = list(urls)
    if len(backends) == 1:
        return {backends[0]: _call_quietly(target, urls[backends[0]], args)}
    with multiprocessing.get_context("spawn").Pool(len(backends) - 1) as pool:
        pending = {
            b: pool.apply_async(_call_quietly, (target, urls[b], args)) for b in backends[1:]
        }
        results = {backends[0]: _call_quietly(target, urls[backends[0]], args)}
        for backend, result in pending.items():
            results[backend] = result.get(timeout=3600)
    return results


def tracking_and_web(pg_url: str | None) -> list[Row]:
    """One fill of 1,000,000 applications per backend serves both the look-up and the web load."""
    import asyncio
    import random

    from bench.tracking_bench import NIK_TAIL, _context, _database, _timed
    from bench.web_bench import _load, _serve, _weight, fill_bookings, listing_paths

    count = int(os.environ.get("MPP_BENCH_APPLICATIONS", 1_000_000))
    scan = Row(f"tracking scan p95 at {count:,} applications", "ms", goal="< 5 ms")
    typed = Row("typed look-up (number + 4 digits) p95", "ms", goal="")
    page = Row("web /l/ page p95 at 200 req/s", "ms", goal="< 20 ms")
    page_rate = Row("web /l/ page rate achieved", "req/s", goal="200")
    api = Row("web API p95 at 200 req/s", "ms", goal="< 20 ms")
    weight = Row("web progress page weight", "KB", goal="< 30 KB")
    slots = Row("web slot listing /antrean/{service}/{day} p95 at 200 req/s", "ms", goal="< 20 ms")
    slots_rate = Row("web slot listing rate achieved", "req/s", goal="200")
    days = Row("web booking days /antrean/{service} p95 at 200 req/s", "ms", goal="< 20 ms")
    from kiosk.core.codes import format_code
    from kiosk.services.tracking import resolve_scan, track_typed

    with contextlib.ExitStack() as stack:
        urls = {b: stack.enter_context(_database(b, pg_url)) for b in _backends(pg_url)}
        samples = _side_by_side("bench.tracking_bench:fill_url", urls, count)
        for backend, url in urls.items():
            sample = samples[backend]
            ctx = _context(url)
            try:
                rng = random.Random(11)
                codes = [format_code(rng.choice(sample)) for _ in range(1200)]
                scan.values[backend] = _pct(
                    _timed(resolve_scan, [(ctx, c, "bench") for c in codes], 200), 95
                )
                numbers = [f"PRB-2025-{rng.randint(1, count // 2):06d}" for _ in range(600)]
                typed.values[backend] = _pct(
                    _timed(track_typed, [(ctx, n, NIK_TAIL, "bench") for n in numbers], 100), 95
                )
            finally:
                ctx.db.dispose()
            pairs = fill_bookings(url, quiet=True)
            from bench.web_bench import _free_port

            port = _free_port()
            proc = _serve(url, port)
            base = f"http://127.0.0.1:{port}"
            try:
                hits = [f"/l/{format_code(rng.choice(sample))}" for _ in range(LOAD_REQUESTS)]
                calls = [f"/api/v1/applications/{rng.choice(sample)}" for _ in range(LOAD_REQUESTS)]
                run = asyncio.run(_load(base, hits, 200.0, 16, "page"))
                page.values[backend] = _pct(run.samples, 95)
                page_rate.values[backend] = len(run.samples) / run.seconds
                run = asyncio.run(_load(base, calls, 200.0, 16, "api"))
                api.values[backend] = _pct(run.samples, 95)
                padded, _html, css = _weight(base, sample[0])
                weight.values[backend] = (padded + css) / 1024
                if pairs:
                    slot_paths, day_paths = listing_paths(pairs, LOAD_REQUESTS, rng)
                    run = asyncio.run(_load(base, slot_paths, 200.0, 16, "slots"))
                    slots.values[backend] = _pct(run.samples, 95)
                    slots_rate.values[backend] = len(run.samples) / run.seconds
                    run = asyncio.run(_load(base, day_paths, 200.0, 16, "days"))
                    days.values[backend] = _pct(run.samples, 95)
            finally:
                proc.terminate()
                proc.wait(10)
    return [scan, typed, page, page_rate, api, weight, slots, slots_rate, days]


def board(pg_url: str | None) -> list[Row]:
    from bench.board_bench import _display
    from bench.queue_bench import _database

    p50 = Row("call -> board across processes, p50", "ms", goal="")
    p95 = Row("call -> board across processes, p95", "ms", goal="< 100 / < 30 ms")
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp:
        os.environ.setdefault("MPP_KIOSK_DATA_DIR", tmp)
        for backend in _backends(pg_url):
            with _database(backend, Path(tmp), pg_url) as url:
                samples = _display(url, 25, False)
            if len(samples) >= 2:
                p50.values[backend] = statistics.median(samples)
                p95.values[backend] = _pct(samples, 95)
    return [p50, p95]


COLD_CHILD = """
import sys
from kiosk.config import load_settings
from kiosk.services.context import build_context
from kiosk.ui.app import create_window, ensure_app
from PySide6.QtCore import QTimer

app = ensure_app()
ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": sys.argv[1],
                                       "MPP_KIOSK_KIOSK_PRINTER": sys.argv[2]}))
window = create_window(ctx, sys.argv[3], True)
window.show()

def shown():
    print("shown", flush=True)
    getattr(window, "shutdown", lambda: None)()
    app.exit(0)

QTimer.singleShot(0, shown)
app.exec()
"""


def cold_start(pg_url: str | None) -> list[Row]:
    """Spawn to the first shown frame, SQLite (the database is not what a cold start waits on)."""
    from bench.kiosk_bench import _prepared_database

    rows = []
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp:
        folder = Path(tmp)
        os.environ["MPP_KIOSK_DATA_DIR"] = str(folder / "data")
        url = _prepared_database(folder)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
        for role, goal in (("kiosk", "< 1.5 s"), ("counter", "< 1.5 s"), ("display", "< 1.5 s")):
            times = []
            for _ in range(3):
                started = time.perf_counter()
                child = subprocess.Popen(
                    [sys.executable, "-c", COLD_CHILD, url, f"preview://{folder}/p", role],
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                assert child.stdout is not None
                line = child.stdout.readline()
                elapsed = time.perf_counter() - started
                _, err = child.communicate(timeout=60)
                if "shown" not in line:
                    raise RuntimeError(f"{role} did not start: {err[-400:]}")
                times.append(elapsed)
            rows.append(Row(f"{role} cold start (median of 3)", "s", goal=goal,
                            single=statistics.median(times)))  # fmt: skip
    return rows


def kiosk_memory(pg_url: str | None) -> list[Row]:
    """In a child process: the flows build a QApplication that must not outlive the row."""
    code = (
        "import json, os, tempfile, sys\n"
        "from pathlib import Path\n"
        "from bench.kiosk_bench import _prepared_database, flows\n"
        "tmp = Path(tempfile.mkdtemp(prefix='kiosk-bench-'))\n"
        "os.environ['MPP_KIOSK_DATA_DIR'] = str(tmp / 'data')\n"
        "r = flows(_prepared_database(tmp), int(sys.argv[1]))\n"
        "print(json.dumps(r))\n"
    )
    # 1,000 flows keep the table under 15 minutes (memory is flat after ~400 flows); the
    # detailed `python -m bench.kiosk_bench` serves 10,000.
    flows_n = int(os.environ.get("MPP_BENCH_FLOWS", 1_000))
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code, str(flows_n)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
        check=True,
    )
    import json

    result = json.loads(out.stdout.strip().splitlines()[-1])
    growth = result["rss_after_mb"] - result["rss_before_mb"]
    return [
        Row(f"kiosk RSS after {flows_n:,} flows", "MiB", single=result["rss_after_mb"]),
        Row(f"kiosk RSS growth over {flows_n:,} flows", "MiB", goal="< 20 MiB", single=growth),
        Row("kiosk flow, home -> ticket -> home", "ms", single=result["ms_per_flow"]),
    ]


def idle(pg_url: str | None) -> list[Row]:
    from bench.idle_bench import GOALS_PCT
    from bench.idle_bench import measure as idle_measure
    from bench.queue_bench import _database

    rows = []
    seconds = float(os.environ.get("MPP_BENCH_IDLE_S", 20))
    with (
        tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp,
        _database("sqlite", Path(tmp), None) as url,
    ):
        for role in ("display", "kiosk", "counter"):
            pct, _rss = idle_measure(role, url, tmp, seconds, 8.0)
            rows.append(Row(f"{role} idle CPU", "% of a core",
                            goal=f"< {GOALS_PCT.get(role, 1.0):g} %", single=pct))  # fmt: skip
    return rows


def reports(pg_url: str | None) -> list[Row]:
    from bench.reports_bench import GOALS
    from bench.reports_bench import measure as reports_measure
    from bench.skm_bench import _database

    scale = float(os.environ.get("MPP_BENCH_YEAR_SCALE", 1.0))
    rows: dict[str, Row] = {}
    with contextlib.ExitStack() as stack:
        urls = {
            b: stack.enter_context(_database("sqlite" if b == "sqlite" else "pg", pg_url))
            for b in _backends(pg_url)
        }
        _side_by_side("bench.reports_bench:fill_year", urls, scale)
        measured = {}
        for backend, url in urls.items():
            with contextlib.redirect_stderr(io.StringIO()):
                measured[backend], _plan = reports_measure(url, scale, False)
    for backend, figures in measured.items():
        for name, (seconds, _cpu_s, _pdf_s) in figures["times"].items():
            row = rows.setdefault(
                name,
                Row(
                    f"report {name} over a year (x{scale:g})",
                    "s",
                    goal=f"< {GOALS['sqlite']:g} s / < {GOALS['postgresql']:g} s",
                ),
            )
            row.values[backend] = seconds
    return list(rows.values())


def extra_modules(pg_url: str | None) -> list[Row]:
    """Rows from any bench module that offers ``summary_rows(pg_url)``."""
    import pkgutil

    import bench

    rows: list[Row] = []
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda i: i.name):
        if info.name in {"summary", "__main__"} or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        provider = getattr(module, "summary_rows", None)
        if callable(provider):
            rows.extend(provider(pg_url))
    return rows


SECTIONS: dict[str, Callable[[str | None], list[Row]]] = {
    "issuance": issuance,
    "board": board,
    "tracking": tracking_and_web,
    "cold": cold_start,
    "memory": kiosk_memory,
    "idle": idle,
    "reports": reports,
    "extra": extra_modules,
}


# --- the table ---------------------------------------------------------------------------------


HEADER = ["figure", "unit", "SQLite", "PostgreSQL", "goal"]


def render(rows: Sequence[Row]) -> str:
    cells = [HEADER] + [r.cells() for r in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADER))]
    lines = []
    for n, row in enumerate(cells):
        lines.append(
            "| " + " | ".join(
                c.ljust(w) if i < 2 or i == 4 else c.rjust(w)
                for i, (c, w) in enumerate(zip(row, widths, strict=True))
            ) + " |"
        )  # fmt: skip
        if n == 0:
            lines.append(
                "|" + "|".join(
                    "-" * (w + 1) + (":" if 1 < i < 4 else "-")
                    for i, w in enumerate(widths)
                ) + "|"
            )  # fmt: skip
    return "\n".join(lines)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f", {int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} cores{mem}; {platform.platform()}; "
        f"Python {platform.python_version()}"
    )


def _commit() -> str:
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, check=True)  # fmt: skip
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def markdown(rows: Sequence[Row], started: datetime, seconds: float, loads: list[str]) -> str:
    return (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python -m bench.summary --write BENCHMARKS.md`); each row's\n"
        "detailed bench is `python -m bench.<module>` (see bench/summary.py for the mapping).\n\n"
        f"- Measured: {started:%Y-%m-%d %H:%M} UTC, commit {_commit()}, in {seconds / 60:.1f} min\n"
        f"- Machine: {machine()}\n"
        f"- Load average (1/5/15 min) before / after: {loads[0]} / {loads[-1]}\n"
        "  (a load above about 1 means other work shared these cores: latencies are\n"
        "  pessimistic)\n\n"
        f"{render(rows)}\n"
    )


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.summary", description=__doc__)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(PG_ENV))
    parser.add_argument("--only", action="append", choices=list(SECTIONS), metavar="KEY")
    parser.add_argument("--write", metavar="FILE", help="also write the table as Markdown")
    args = parser.parse_args(argv)
    if args.pg:
        os.environ[PG_ENV] = args.pg
    started, t0 = datetime.now(UTC), time.perf_counter()
    loads = [_load()]
    rows: list[Row] = []
    failed = []
    for key, section in SECTIONS.items():
        if args.only and key not in args.only:
            continue
        s0 = time.perf_counter()
        print(f"bench: {key} ...", file=sys.stderr, flush=True)
        try:
            rows.extend(section(args.pg))
        except Exception as exc:  # one broken section must not hide the others' figures
            failed.append(key)
            print(f"bench: {key} failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        print(f"bench: {key} took {time.perf_counter() - s0:.0f} s (load {_load()})",
              file=sys.stderr, flush=True)  # fmt: skip
    loads.append(_load())
    elapsed = time.perf_counter() - t0
    print(render(rows))
    print(f"\n{elapsed / 60:.1f} min; load average before {loads[0]}, after {loads[-1]}")
    if not args.pg:
        print(f"(PostgreSQL skipped: set {PG_ENV} or pass --pg URL)")
    if args.write:
        Path(args.write).write_text(markdown(rows, started, elapsed, loads), encoding="utf-8")
    if failed:
        print(f"failed sections: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
