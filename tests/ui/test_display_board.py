"""The field report, on the real lobby display: after a no-show and two transfers the big panel
must still send each visitor to the counter that really called them last.

Reported: "no-show P002 at loket 6, call P003 and transfer it -> the big panel shows P002
'Silakan menuju Loket 6' again and P003 vanishes; call P004 at loket 5 and transfer it -> the
display shows the already served P003 'Silakan menuju Loket 5'."
"""

from __future__ import annotations

from kiosk.core.clock import FixedClock
from kiosk.services import queue, staff
from kiosk.services.context import AppContext
from kiosk.ui.display.window import DisplayWindow
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    PASSWORD,
    DisplayFactory,
    make_display_fixture,
)


def _hero(window: DisplayWindow) -> tuple[str, str, str]:
    return (window.hero_number.text(), window.hero_goto.main.text(), window.hero_counter.text())


def _history(window: DisplayWindow) -> list[tuple[str, str]]:
    return [(r.number.text(), r.counter.text()) for r in window.history_rows if r.isVisible()]


def test_transfers_and_no_shows_never_send_people_to_the_wrong_counter(
    ctx: AppContext, make_display: DisplayFactory, qtbot: object
) -> None:
    me = staff.authenticate(ctx, "petugas", PASSWORD)
    assert isinstance(ctx.clock, FixedClock)
    for _ in range(4):
        queue.issue_ticket(ctx, "REKLAME")  # P001..P004, queue P (counters 5 and 6)
    queue.open_counter(ctx, me, 5)
    queue.open_counter(ctx, me, 6)
    window = make_display()
    spoken: list[tuple[str, int]] = []
    window.player.started.connect(lambda n, c: spoken.append((n, c)))

    def step(expected_hero: tuple[str, int]) -> None:
        number, counter = expected_hero
        want = (number, "Silakan menuju", f"Loket {counter}")
        qtbot.waitUntil(lambda: _hero(window) == want, timeout=3000)  # type: ignore[attr-defined]
        ctx.clock.advance(seconds=30)  # type: ignore[attr-defined]

    assert queue.call_next(ctx, me, 6).number == "P001"  # type: ignore[union-attr]
    step(("P001", 6))
    queue.finish(ctx, me, 6)
    assert queue.call_next(ctx, me, 6).number == "P002"  # type: ignore[union-attr]
    step(("P002", 6))
    queue.no_show(ctx, me, 6)
    assert queue.call_next(ctx, me, 6).number == "P003"  # type: ignore[union-attr]
    step(("P003", 6))
    queue.transfer(ctx, me, 6, to_service_code="TDG")  # same queue, keeps its place
    qtbot.wait(400)  # type: ignore[attr-defined]  # several feed polls: nothing may change
    assert _hero(window) == ("P003", "Silakan menuju", "Loket 6"), "not P002 again"
    assert _history(window) == [("P002", "Loket 6"), ("P001", "Loket 6")]

    called = queue.call_next(ctx, me, 5)  # the transferred visitor is first in line
    assert called is not None and called.number == "P003"
    step(("P003", 5))
    assert ("P003", "Loket 6") not in _history(window), "one ticket, one place: its latest call"
    queue.finish(ctx, me, 5)
    assert queue.call_next(ctx, me, 5).number == "P004"  # type: ignore[union-attr]
    step(("P004", 5))
    queue.transfer(ctx, me, 5, to_service_code="TDG")
    qtbot.wait(400)  # type: ignore[attr-defined]
    assert _hero(window) == ("P004", "Silakan menuju", "Loket 5"), "not the served P003"
    assert _history(window) == [("P003", "Loket 5"), ("P002", "Loket 6"), ("P001", "Loket 6")]

    # The voice said every real call once, in order, and nothing after the transfers.
    qtbot.waitUntil(lambda: not window.player.busy, timeout=10_000)  # type: ignore[attr-defined]
    assert spoken == [("P001", 6), ("P002", 6), ("P003", 6), ("P003", 5), ("P004", 5)]
