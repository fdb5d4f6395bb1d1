"""Call -> board across processes (issue 13): an officer's process calls tickets; a display
process (a real ChangeWatcher in a Qt event loop, as the lobby display runs it) wakes on the
change feed and reads the board. The figure is commit -> board read in the display's process.

SQLite: the file watch on the database's -wal file (with the slow poll as fallback); with
``--poll-only`` the old 300 ms ``data_version`` poll, for comparison. PostgreSQL: LISTEN/NOTIFY.

Run: ``python -m bench.board_bench [--pg URL] [-n 60] [--poll-only]``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.queue_bench import PG_ENV, _context, _database

OFFICER = ("benchboard", "bench-password")


def _officer_process(url: str, n: int, ready: Any, commits: Any) -> None:
    """Issue and call tickets at random gaps; put each call's commit time on `commits`."""
    from kiosk.services import queue, staff

    ctx = _context(url)
    try:
        staff.add_staff(ctx, OFFICER[0], OFFICER[1], "supervisor")
        officer = staff.authenticate(ctx, *OFFICER)
        queue.open_counter(ctx, officer, 5)
        for _ in range(n):
            queue.issue_ticket(ctx, "REKLAME")
        ready.wait(60)
        for _ in range(n):
            time.sleep(random.uniform(0.25, 0.6))  # people press the button, not a loop
            queue.call_next(ctx, officer, 5)
            commits.put(time.time())
            time.sleep(random.uniform(0.25, 0.6))
            queue.finish(ctx, officer, 5)
        commits.put(None)
    finally:
        ctx.db.dispose()


def _display(url: str, n: int, poll_only: bool) -> list[float]:
    """The display's side: ms from the call's commit to the board read after the wake-up."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QCoreApplication, QTimer

    from kiosk.db import changefeed
    from kiosk.services import queue
    from kiosk.ui.shared.feed import ChangeWatcher
    from kiosk.ui.workers import Workers

    app = QCoreApplication.instance() or QCoreApplication([])
    ctx = _context(url)
    mp = multiprocessing.get_context("spawn")
    ready, commits = mp.Event(), mp.Queue()
    officer = mp.Process(target=_officer_process, args=(url, n, ready, commits))
    officer.start()
    workers = Workers()
    factory = changefeed.open_feed
    if poll_only:

        def factory(u: str) -> Any:
            feed = changefeed.open_feed(u)
            if feed is not None:
                feed.watch_paths = lambda: ()  # type: ignore[method-assign]
            return feed

    watcher = ChangeWatcher(url, workers, feed_factory=factory)
    wakes: list[float] = []
    last_called: list[str | None] = [None]

    def on_change(_tables: object) -> None:
        latest = queue.board(ctx).latest
        head = latest.number if latest is not None else None
        if head != last_called[0]:
            last_called[0] = head
            wakes.append(time.time())

    watcher.changed.connect(on_change)
    watcher.start()
    latencies: list[float] = []
    done = [False]

    def collect() -> None:
        while True:
            try:
                at = commits.get_nowait()
            except Exception:
                return
            if at is None:
                done[0] = True
                return
            latencies.append(at)

    timer = QTimer()
    timer.timeout.connect(collect)
    timer.start(50)
    QTimer.singleShot(1500, ready.set)
    deadline = time.monotonic() + 30 + n * 1.5
    while not done[0] and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.001)
    end = time.monotonic() + 1.0
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.001)
    watcher.stop()
    officer.join(30)
    ctx.db.dispose()
    out = []
    for commit in latencies:
        later = [w for w in wakes if w >= commit - 0.002]
        if later:
            out.append(max(0.0, (min(later) - commit) * 1000))
    return out


def _pct(samples: Sequence[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.board_bench", description=__doc__)
    parser.add_argument("--pg", metavar="URL", default=os.environ.get(PG_ENV))
    parser.add_argument("-n", type=int, default=60, help="calls")
    parser.add_argument("--poll-only", action="store_true")
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'backend':<11}{'feed':<16}{'calls':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}")
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp:
        os.environ.setdefault("MPP_KIOSK_DATA_DIR", tmp)
        runs = [("sqlite", False)] + ([("sqlite", True)] if args.poll_only else [])
        runs += [("postgresql", False)] if args.pg else []
        for backend, poll_only in runs:
            with _database(backend, Path(tmp), args.pg) as url:
                samples = _display(url, args.n, poll_only)
            feed = "listen/notify" if backend == "postgresql" else (
                "poll 300 ms" if poll_only else "file watch")  # fmt: skip
            if len(samples) < 2:
                print(f"{backend:<11}{feed:<16}{len(samples):>6}  (too few wake-ups)")
                continue
            print(
                f"{backend:<11}{feed:<16}{len(samples):>6}{_pct(samples, 50):>9.1f}"
                f"{_pct(samples, 95):>9.1f}{max(samples):>9.1f}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
