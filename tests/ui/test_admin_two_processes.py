"""Two processes: a lobby display already running in its own process shows the queue of a
service created in the admin window, then the new counter calling it, without a restart."""

from __future__ import annotations

import json
import os
import queue as stdlib_queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from kiosk.services import queue, staff
from kiosk.services.context import AppContext
from tests.ui.test_admin_window import (  # noqa: F401 (fixture)
    NEW_COUNTER,
    NEW_SERVICE,
    AdminFactory,
    click,
    fill,
    make_admin_fixture,
    open_tab,
    save,
    signed_in,
)

REPO = Path(__file__).resolve().parents[2]


class DisplayProcess:
    """tests/support/display_process.py as a child; its report lines collected by a thread."""

    def __init__(self, url: str, now: str, seconds: float = 60) -> None:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        env["PYTHONPATH"] = os.pathsep.join([str(REPO), env.get("PYTHONPATH", "")])
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tests.support.display_process", url, str(seconds), now],
            cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        self.lines: stdlib_queue.Queue[dict[str, Any]] = stdlib_queue.Queue()
        self.seen: list[dict[str, Any]] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(json.loads(line))

    def shows(self, predicate: Any) -> bool:
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return bool(self.seen) and predicate(self.seen[-1])

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)
        self.reader.join(5)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


def test_a_display_in_another_process_shows_the_new_queue_and_counter(
    ctx: AppContext, make_admin: AdminFactory, qtbot: Any
) -> None:
    display = DisplayProcess(ctx.db.url, ctx.now().isoformat())
    try:
        qtbot.waitUntil(lambda: display.shows(lambda s: "number" in s), timeout=30000)
        admin = make_admin()
        signed_in(qtbot, admin, "admin")
        services = open_tab(qtbot, admin, "tab_services")
        click(qtbot, services.new_button)
        fill(qtbot, services, NEW_SERVICE)
        save(qtbot, services)
        counters = open_tab(qtbot, admin, "tab_counters")
        click(qtbot, counters.new_button)
        fill(qtbot, counters, NEW_COUNTER)
        save(qtbot, counters)
        assert not services.error.isVisible() and not counters.error.isVisible()

        assert queue.issue_ticket(ctx, "IZIN_BARU").number == "PB001"
        qtbot.waitUntil(lambda: display.shows(lambda s: ["PB", "1"] in s["chips"]), timeout=5000)
        officer = staff.authenticate(ctx, "admin", "demo12345")
        queue.open_counter(ctx, officer, 31)
        queue.call_next(ctx, officer, 31)
        qtbot.waitUntil(
            lambda: display.shows(lambda s: (s["number"], s["counter"]) == ("PB001", "Loket 31")),
            timeout=5000,
        )
    finally:
        display.stop()
