"""Idle CPU and memory of each window (issue 13): kiosk, counter and lobby display left alone.

Each role runs as its own process (``mpp-kiosk <role> --windowed``, Qt's offscreen platform
unless DISPLAY is set) on a prepared SQLite database; after a warm-up the bench reads the
process's CPU time (utime + stime from /proc) over ``--seconds`` and its RSS. Goals: display
under 1% of a core, kiosk and counter under 0.5%.

Run: ``python -m bench.idle_bench [--seconds 60] [--warmup 8]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from bench.queue_bench import _database

GOALS_PCT = {"kiosk": 0.5, "counter": 0.5, "display": 1.0}
TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def _rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(
    role: str, url: str, data_dir: str, seconds: float, warmup: float
) -> tuple[float, float]:
    env = dict(os.environ, MPP_KIOSK_DATA_DIR=data_dir)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "--db", url, role, "--windowed"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(warmup)
        if proc.poll() is not None:
            raise RuntimeError(f"{role} exited with {proc.returncode}")
        cpu0, t0 = _cpu_s(proc.pid), time.monotonic()
        time.sleep(seconds)
        cpu1, t1 = _cpu_s(proc.pid), time.monotonic()
        return 100 * (cpu1 - cpu0) / (t1 - t0), _rss_mib(proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.idle_bench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=8.0)
    parser.add_argument("--roles", nargs="*", default=list(GOALS_PCT))
    args = parser.parse_args([] if argv is None and __name__ != "__main__" else argv)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"{'role':<10}{'CPU % of a core':>17}{'goal':>8}{'RSS MiB':>10}")
    with tempfile.TemporaryDirectory(prefix="mpp-bench-") as tmp:
        os.environ.setdefault("MPP_KIOSK_DATA_DIR", tmp)
        with _database("sqlite", Path(tmp), None) as url:
            for role in args.roles:
                pct, rss = measure(role, url, tmp, args.seconds, args.warmup)
                goal = GOALS_PCT.get(role, 1.0)
                verdict = "ok" if pct < goal else "MISS"
                print(f"{role:<10}{pct:>17.2f}{f'<{goal:g} {verdict}':>8}{rss:>10.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
