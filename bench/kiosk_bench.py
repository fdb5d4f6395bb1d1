"""Kiosk bench: cold start to the home screen, and memory over 10,000 simulated citizens.

Cold start: a fresh Python process (QT_QPA_PLATFORM=offscreen) imports the program, opens the
SQLite database, builds the kiosk window with every screen, starts its print spool and shows
the home screen; the time is measured by the parent from spawning the process to the child's
"home shown" line, after the first paint. Median of 5 runs (goal, issue 4: < 1.5 s on the
project's 2-core machines).

Memory: one kiosk window serves N flows (default 10,000): home -> agency -> service ->
confirm with the queue choice -> issue_ticket against the real SQLite database -> result -> home
(idle reset). The screens are driven directly rather than by synthetic clicks, but each step
runs the same code a click does (the window's controller and the screens' fill/translate
code) with real service data. RSS is read from /proc after a warm-up and at the end; a leak of
one small widget per flow would show as megabytes here. The database grows by one ticket per
flow, and SQLite's page caches grow with it (a few MiB over 10,000 tickets), so a second run
re-shows already issued tickets (`--ui-flows`, default 2,000) to isolate the window's own memory.

Run: ``make bench`` or ``python -m bench.kiosk_bench [--flows N] [--starts N]``.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
COLD_START_GOAL_S = 1.5
# Agency and service of each simulated flow, rotating (all open at 09:00, no daily quota).
FLOWS = (
    ("DINKES", "SIP_DR_SP", "lansia"),
    ("DPMPTSP", "REKLAME", None),
    ("DINKES", "SIP_DR", None),
)

CHILD = """
import sys, time
from kiosk.config import load_settings
from kiosk.services.context import build_context
from kiosk.ui.app import create_window, ensure_app
from PySide6.QtCore import QTimer

app = ensure_app()
ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": sys.argv[1],
                                       "MPP_KIOSK_KIOSK_PRINTER": sys.argv[2]}))
window = create_window(ctx, "kiosk", False)
window.showFullScreen()

def shown():
    print("home shown", window.current_screen_name(), flush=True)
    window.shutdown()
    app.exit(0)  # quit() would ask the window to close, and a kiosk refuses without the PIN

QTimer.singleShot(0, shown)
app.exec()
"""


def rss_mb() -> float:
    """Resident set size of this process (Linux /proc), in MiB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _prepared_database(folder: Path) -> str:
    from kiosk.config import load_settings
    from kiosk.core.clock import FixedClock
    from kiosk.services.context import build_context
    from kiosk.services.setup import prepare_database

    url = f"sqlite:///{folder / 'bench.sqlite3'}"
    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), FixedClock(START))
    prepare_database(ctx, demo_accounts=False)
    ctx.db.dispose()
    return url


def cold_start(url: str, preview: Path, runs: int) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", MPP_KIOSK_DATA_DIR=str(preview.parent))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, url, f"preview://{preview}"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert child.stdout is not None
        line = child.stdout.readline()
        elapsed = time.perf_counter() - started
        _, err = child.communicate(timeout=60)
        if "home shown home" not in line:
            raise RuntimeError(f"the kiosk did not start: {line!r} {err[-500:]}")
        times.append(elapsed)
    return times


def flows(url: str, count: int, *, new_tickets: bool = True) -> dict[str, Any]:
    """Run `count` flows; `new_tickets=False` re-shows the first ticket of each service instead
    of issuing a new one, so the database stops growing and only the window's memory counts."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from kiosk.config import load_settings
    from kiosk.core.clock import FixedClock
    from kiosk.flows.idle import IdlePolicy
    from kiosk.services import queue
    from kiosk.services.context import build_context
    from kiosk.ui.app import ensure_app
    from kiosk.ui.kiosk.window import KioskWindow

    app = ensure_app()
    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), FixedClock(START))
    window = KioskWindow(ctx, printer_uri="", start_spool=False)
    window.resize(1080, 1920)
    window.show()
    # The flows run back to back without input events: the idle reset must not cut in.
    window.set_idle_policy(IdlePolicy(timeout_s=2e9, warn_s=0, result_s=2e9))
    app.processEvents()

    issued: dict[tuple[str, str | None], Any] = {}

    def one(i: int) -> None:
        agency_code, service_code, priority = FLOWS[i % len(FLOWS)]
        flow = window.ticket_flow
        window.go(flow.start())
        agencies = queue.list_agencies(ctx)
        window._on_agencies(agencies)
        window.services.set_context(flow.choose_agency(agency_code))
        window.go("services")
        window._on_services(queue.list_services(ctx, agency_code))
        window._choose_service(service_code)
        assert window.current_screen_name() == "confirm"
        flow.request_print(priority or "")
        window.go("printing", remember=False)
        key = (service_code, priority)
        ticket = issued.get(key) if not new_tickets else None
        if ticket is None:
            ticket = issued[key] = queue.issue_ticket(ctx, service_code, priority, device="bench")
        window._on_issued(ticket)
        if i % 2:
            window.set_language("en" if window.translator.lang == "id" else "id")
        app.processEvents()
        assert window.current_screen_name() == "result"
        window.go_home(reset=True)
        app.processEvents()

    warmup = min(500, max(1, count // 10))
    for i in range(warmup):
        one(i)
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    checkpoints = []
    for i in range(warmup, warmup + count):
        one(i)
        if (i - warmup + 1) % max(1, count // 5) == 0:
            gc.collect()
            checkpoints.append((i - warmup + 1, rss_mb()))
    elapsed = time.perf_counter() - started
    gc.collect()
    after = rss_mb()
    window.shutdown()
    window._allow_close = True
    window.close()
    ctx.db.dispose()
    return {
        "flows": count,
        "warmup": warmup,
        "rss_before_mb": before,
        "rss_after_mb": after,
        "checkpoints": checkpoints,
        "ms_per_flow": elapsed * 1000 / count,
    }


def _checkpoints(result: dict[str, Any]) -> str:
    return "  RSS at " + ", ".join(f"{n} flows {mb:.2f} MiB" for n, mb in result["checkpoints"])


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.kiosk_bench", description=__doc__)
    parser.add_argument(
        "--flows", type=int, default=int(os.environ.get("KIOSK_BENCH_FLOWS", 10_000))
    )
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument(
        "--ui-flows", type=int, default=2000, help="flows of the window-only check (0: skip)"
    )
    args = parser.parse_args(argv if argv is not None else [])
    with tempfile.TemporaryDirectory(prefix="kiosk-bench-") as tmp:
        folder = Path(tmp)
        os.environ["MPP_KIOSK_DATA_DIR"] = str(folder / "data")
        url = _prepared_database(folder)
        preview = folder / "data" / "preview"
        times = cold_start(url, preview, args.starts)
        median = statistics.median(times)
        verdict = "ok" if median < COLD_START_GOAL_S else "SLOWER THAN THE GOAL"
        print(
            f"cold start to the home screen: median {median:.2f} s of {len(times)} "
            f"(min {min(times):.2f}, max {max(times):.2f}); goal < {COLD_START_GOAL_S} s: {verdict}"
        )
        if args.flows:
            result = flows(url, args.flows)
            growth = result["rss_after_mb"] - result["rss_before_mb"]
            print(
                f"memory over {result['flows']} flows (after {result['warmup']} warm-up flows): "
                f"RSS {result['rss_before_mb']:.1f} MiB before, {result['rss_after_mb']:.1f} MiB "
                f"after ({growth:+.1f} MiB); {result['ms_per_flow']:.1f} ms per flow"
            )
            print(_checkpoints(result))
        if args.ui_flows:
            # The same flows without new tickets: what is left is the window's own memory (the
            # growth above includes SQLite's page caches filling as the tickets table grows).
            ui = flows(url, args.ui_flows, new_tickets=False)
            print(
                f"window only, {ui['flows']} flows without new tickets: RSS "
                f"{ui['rss_before_mb']:.1f} -> {ui['rss_after_mb']:.1f} MiB "
                f"({ui['rss_after_mb'] - ui['rss_before_mb']:+.2f} MiB)"
            )
            print(_checkpoints(ui))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
