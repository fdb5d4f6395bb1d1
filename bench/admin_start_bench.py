"""Start time of the admin window (issue 10; goal under 1.5 s), and the time to a usable tab.

Each run is a fresh process (cold imports, as when a supervisor opens ``mpp-kiosk admin``) on a
prepared SQLite database (and PostgreSQL with ``--pg`` / MPP_KIOSK_TEST_POSTGRES_URL), Qt's
offscreen platform unless DISPLAY is set. Measured from the process's start (before any import)
to: ``shown`` (the sign-in page painted), and ``services`` (signed in, the services tab read
and filled: 81 services of the sample catalogue). The figure is the median of ``--runs``.

Run: ``python -m bench.admin_start_bench [--runs 5] [--pg URL]``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.queue_bench import _database

GOAL_S = 1.5
PG_ENV = "MPP_KIOSK_TEST_POSTGRES_URL"

CHILD = r"""
import time
t0 = time.perf_counter()
import json, os, sys
from PySide6.QtWidgets import QApplication
from kiosk.config import load_settings
from kiosk.services.context import build_context
from kiosk.ui.app import ensure_app
from kiosk.ui.bootstrap import admin_window
app = ensure_app()
ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": sys.argv[1]}))
window = admin_window(ctx, windowed=True)
window.show()
app.processEvents()
window.grab()  # painted, not just constructed
shown = time.perf_counter() - t0
window.signin.username.setText("admin")
window.signin.password.setText("demo12345")
window.signin.button.click()
page = None
deadline = time.perf_counter() + 30
while time.perf_counter() < deadline:
    app.processEvents()
    if window.pages:
        page = window.pages[0].widget
        if page.data is not None and not page.loading and page.table.rowCount():
            break
    time.sleep(0.002)
services = time.perf_counter() - t0
rows = page.table.rowCount() if page is not None else 0
window.shutdown()
print(json.dumps({"shown": shown, "services": services, "rows": rows}))
"""


#: What every role's process pays before its window: Qt, the settings and the database layer.
FLOOR = r"""
import time
t0 = time.perf_counter()
import json
from kiosk.services.context import build_context
from kiosk.config import load_settings
from kiosk.ui.app import ensure_app
ensure_app()
print(json.dumps({"floor": time.perf_counter() - t0}))
"""


def run_once(url: str, data_dir: str, code: str = CHILD) -> dict[str, float]:
    env = dict(os.environ, MPP_KIOSK_DATA_DIR=data_dir)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    out = subprocess.run(
        [sys.executable, "-c", code, url], env=env, capture_output=True, text=True, check=True
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def measure(backends: Sequence[str], runs: int, pg_url: str | None) -> dict[str, dict[str, float]]:
    """Per backend: median ``shown``, its max, median ``services`` (tab filled), the floor, rows."""
    out: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["MPP_KIOSK_DATA_DIR"] = tmp
        from kiosk.config import load_settings
        from kiosk.services.context import build_context
        from kiosk.services.setup import prepare_database

        for backend in backends:
            with _database(backend, Path(tmp), pg_url) as url:
                ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}))
                prepare_database(ctx, demo_accounts=True)
                ctx.db.dispose()
                run_once(url, tmp)  # warm the OS file cache (the first run after install)
                samples = [run_once(url, tmp) for _ in range(runs)]
                floor = statistics.median(run_once(url, tmp, FLOOR)["floor"] for _ in range(runs))
            out[backend] = {
                "shown": statistics.median(r["shown"] for r in samples),
                "max": max(r["shown"] for r in samples),
                "services": statistics.median(r["services"] for r in samples),
                "floor": floor,
                "rows": samples[0]["rows"],
            }
    return out


def summary_rows(pg_url: str | None) -> list[Any]:
    """The `make bench` row: the admin window shown, median of 3 cold starts per backend."""
    from bench.summary import Row

    backends = ["sqlite"] + (["postgresql"] if pg_url else [])
    figures = measure(backends, 3, pg_url)
    row = Row("admin window start (shown)", "s", goal=f"< {GOAL_S} s")
    for backend, f in figures.items():
        row.values[backend] = f["shown"]
    return [row]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", default=os.environ.get(PG_ENV), help="also on this PostgreSQL")
    args = parser.parse_args(argv)
    backends = ["sqlite"] + (["postgresql"] if args.pg else [])
    figures = measure(backends, args.runs, args.pg)
    for backend, f in figures.items():
        print(
            f"admin window {backend:10s}: shown {f['shown']:.2f} s (max {f['max']:.2f}), "
            f"services tab filled {f['services']:.2f} s ({int(f['rows'])} rows); "
            f"of which Qt + database layer (any role) {f['floor']:.2f} s; "
            f"median of {args.runs}; goal shown < {GOAL_S} s"
        )
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores while measuring")
    return 0 if max(f["shown"] for f in figures.values()) < GOAL_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
