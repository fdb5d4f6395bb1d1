"""The web service's own log, read from a real `mpp-kiosk web` process's output (the journal).

The process-wide log scrubber once dropped every record's arguments, which uvicorn's access
formatter unpacks: each request then wrote logging's error report (a traceback) instead of its
access line, and a stderr nobody drained filled up and froze the server mid-request.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from kiosk.services.context import AppContext

REPO = Path(__file__).resolve().parents[2]
NIK = "3513014506902741"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # one start is enough
def test_access_lines_reach_the_journal_scrubbed_and_without_errors(ctx: AppContext) -> None:
    port = _free_port()
    env = {**os.environ, "MPP_KIOSK_DATABASE_URL": ctx.db.url, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "web", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,  # uvicorn writes access lines to stdout, the rest to stderr
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        statuses = []
        while time.monotonic() < deadline:
            try:
                with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
                    statuses = [client.get(f"/l/{NIK}").status_code for _ in range(3)]
                break
            except httpx.TransportError:
                assert proc.poll() is None, "the web service stopped"
                time.sleep(0.1)
    finally:
        proc.terminate()
        out, _err = proc.communicate(timeout=15)
    journal = out.decode("utf-8", "replace")
    assert statuses == [404, 404, 404]
    assert "Logging error" not in journal and "Traceback" not in journal, journal[-2000:]
    access = [line for line in journal.splitlines() if "GET /l/" in line]
    assert len(access) == 3, journal[-2000:]
    assert all("/l/[NIK]" in line and "404" in line for line in access)
    assert NIK not in journal


@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)  # what a real site runs
def test_web_workers_share_one_socket_and_stop_together(ctx: AppContext) -> None:
    """``[web] workers = 2``: two processes answer on one port, a worker killed is started
    again, and SIGTERM to the parent ends every one of them."""
    port = _free_port()
    env = {**os.environ, "MPP_KIOSK_DATABASE_URL": ctx.db.url, "PYTHONPATH": str(REPO),
           "MPP_KIOSK_WEB_WORKERS": "2"}  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "web", "--port", str(port)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )

    def workers() -> set[int]:
        found = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True)
        return {int(pid) for pid in found.stdout.split()}

    def answers() -> list[int]:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            return [client.get(f"/l/{NIK}").status_code for _ in range(4)]

    try:
        deadline = time.monotonic() + 30
        while len(workers()) < 2 or not _accepts(port):
            assert proc.poll() is None and time.monotonic() < deadline, "the workers never started"
            time.sleep(0.1)
        first = workers()
        assert answers() == [404] * 4
        os.kill(min(first), 9)
        while len(workers() - first) < 1:
            assert time.monotonic() < deadline + 15, "the killed worker was not started again"
            time.sleep(0.1)
        assert len(workers()) == 2
        assert answers() == [404] * 4
        survivors = workers()
    finally:
        proc.terminate()
        out, _err = proc.communicate(timeout=15)
    assert proc.returncode == 0, out.decode("utf-8", "replace")[-2000:]
    assert not any(os.path.exists(f"/proc/{pid}") for pid in survivors)
    assert "starting it again" in out.decode("utf-8", "replace")


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False
