"""A lobby display in its own process, reporting what it shows (for two-process UI tests).

``python -m tests.support.display_process URL SECONDS [NOW]`` opens the real DisplayWindow
offscreen on the database at URL (its own process, connections and change feed) and prints
one JSON line each time what a person would read changes: the big number, its counter, and the
waiting chips. NOW (ISO 8601 with an offset) fixes its clock at the test's moment, so "today"
is the test's day. It exits after SECONDS (or when terminated).
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(url: str, seconds: float, now: str = "") -> int:
    from datetime import datetime

    from PySide6.QtCore import QTimer

    from kiosk.config import load_settings
    from kiosk.core.clock import FixedClock
    from kiosk.services.context import build_context
    from kiosk.ui.app import ensure_app
    from kiosk.ui.bootstrap import build_display
    from kiosk.ui.display.window import DisplayWindow

    app = ensure_app()
    clock = FixedClock(datetime.fromisoformat(now)) if now else None
    ctx = build_context(load_settings(env={"MPP_KIOSK_DATABASE_URL": url}), clock)
    window = DisplayWindow(build_display(ctx, poll_ms=100), windowed=True, voice=False)
    window.resize(1920, 1080)
    window.show()
    last: dict[str, object] = {}

    def report() -> None:
        if window.state is None:
            return
        seen = {
            "number": window.hero_number.text(),
            "counter": window.hero_counter.text(),
            "chips": [[c.prefix.text(), c.count.text()] for c in window.chips if c.isVisible()],
        }
        if seen != last:
            last.clear()
            last.update(seen)
            print(json.dumps(seen), flush=True)

    timer = QTimer()
    timer.timeout.connect(report)
    timer.start(50)
    QTimer.singleShot(round(seconds * 1000), app.quit)
    print(json.dumps({"ready": True}), flush=True)
    app.exec()
    window.shutdown()
    ctx.db.dispose()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:2], float(sys.argv[2]), *sys.argv[3:4]))
