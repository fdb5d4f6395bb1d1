"""The lobby display and a counter while the PostgreSQL server crashes and comes back: both
show their offline line (not a frozen or blank screen), and both catch up by themselves: the
display shows the call made after the restart, the counter calls again with no sign-in."""

from __future__ import annotations

import os
import time

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from kiosk.core.clock import FixedClock
from kiosk.errors import Unavailable
from kiosk.services import queue, staff
from kiosk.services.context import build_context
from kiosk.services.setup import prepare_database
from kiosk.ui.bootstrap import build_display
from kiosk.ui.display.window import DisplayWindow
from tests.conftest import settings_for
from tests.faults.conftest import PrivatePostgres
from tests.ui.test_counter_flows import PASSWORD
from tests.ui.test_display import _call

pytestmark = pytest.mark.postgres


def _call_when_back(ctx: object, counter: int, within_s: float = 20.0) -> str:
    """A counter PC's officer presses "call" until the server answers again."""
    deadline = time.monotonic() + within_s
    while True:
        try:
            return _call(ctx, counter)  # type: ignore[arg-type]
        except Unavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_the_display_shows_offline_then_catches_up_after_a_server_crash(
    private_postgres: PrivatePostgres, clock: FixedClock, qtbot: object
) -> None:
    ctx = build_context(settings_for(private_postgres.fresh_database()), clock)
    prepare_database(ctx, demo_accounts=True)
    window = DisplayWindow(build_display(ctx, poll_ms=300), windowed=True, voice=False)
    qtbot.addWidget(window)  # type: ignore[attr-defined]
    window.show()
    try:
        qtbot.waitUntil(lambda: window.state is not None)  # type: ignore[attr-defined]
        first = _call(ctx, 5)
        qtbot.waitUntil(lambda: window.hero_number.text() == first, timeout=5000)  # type: ignore[attr-defined]
        assert not window.offline.isVisible()

        private_postgres.crash()
        qtbot.waitUntil(window.offline.isVisible, timeout=10_000)  # type: ignore[attr-defined]
        assert window.hero_number.text() == first, "the last call stays on screen while offline"
        private_postgres.start()

        second = _call_when_back(ctx, 6)
        qtbot.waitUntil(lambda: window.hero_number.text() == second, timeout=10_000)  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: not window.offline.isVisible(), timeout=10_000)  # type: ignore[attr-defined]
        assert window.hero_counter.text() == "Loket 6"
    finally:
        window.shutdown()
        ctx.db.dispose()


def test_a_signed_in_officer_calls_again_after_a_server_crash_without_signing_in(
    private_postgres: PrivatePostgres, clock: FixedClock
) -> None:
    ctx = build_context(settings_for(private_postgres.fresh_database()), clock)
    prepare_database(ctx, demo_accounts=True)
    officer = staff.authenticate(ctx, "supervisor", PASSWORD)
    queue.open_counter(ctx, officer, 5)
    queue.issue_ticket(ctx, "REKLAME")
    queue.issue_ticket(ctx, "REKLAME")
    assert queue.call_next(ctx, officer, 5) is not None
    private_postgres.crash()
    with pytest.raises(Unavailable):
        queue.finish(ctx, officer, 5)
    private_postgres.start()
    deadline = time.monotonic() + 20
    while True:
        try:
            queue.finish(ctx, officer, 5)
            break
        except Unavailable:
            assert time.monotonic() < deadline, "the pooled connections never recovered"
            time.sleep(0.3)
    clock.advance(seconds=20)
    called = queue.call_next(ctx, officer, 5)
    assert called is not None and queue.counter_snapshot(ctx, 5).current is not None
    ctx.db.dispose()
