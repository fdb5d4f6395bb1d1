"""The counter's serve loop without Qt and without a database: steps, the no-show confirmation,
the status line, leaving a counter. Commands are built but never run here (their service calls
are exercised by the integration and UI tests)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from typing import Any, cast

from kiosk.errors import Unavailable
from kiosk.flows.counter import CONFIRM_S, CounterFlow, CounterState, enabled_actions
from kiosk.services.context import AppContext
from kiosk.services.queue import CounterSnapshot, CounterTicket, CounterView
from kiosk.services.staff import Officer

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
OFFICER = Officer(1, "petugas", "Petugas Demo", "officer", 7, "DPMPTSP")
COUNTERS = [
    CounterView(1, "Loket 1", "Counter 1", 3, "DUKCAPIL", "closed", ("A",)),
    CounterView(5, "Loket 5", "Counter 5", 7, "DPMPTSP", "closed", ("P",)),
    CounterView(9, "Loket 9", "Counter 9", None, None, "closed", ("Z",)),
]


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def ticket(number: str = "P001", status: str = "called") -> CounterTicket:
    return CounterTicket(
        1, number, "T1", status, "REKLAME", "Reklame", "Billboard", None, 5, 0, NOW, NOW, NOW,
        None, None, False,
    )  # fmt: skip


def state(counter_state: str = "open", current: CounterTicket | None = None) -> CounterState:
    snapshot = CounterSnapshot(
        5, "Loket 5", "Counter 5", "DPMPTSP", counter_state, ("P",), 3, current, (("P", 2),),
        0, 0, 0, 0,
    )  # fmt: skip
    return CounterState(snapshot, [], [])


def serving_flow(clock: Clock | None = None, **kwargs: Any) -> CounterFlow:
    flow = CounterFlow(cast(AppContext, object()), clock=clock or Clock(), **kwargs)
    flow.signed_in(OFFICER)
    flow.counters_loaded(COUNTERS)
    flow.choose(5)
    return flow


def test_sign_in_choose_serve_and_the_counters_an_officer_is_offered() -> None:
    flow = CounterFlow(cast(AppContext, object()))
    assert flow.step == "signin" and not flow.at_counter
    flow.signed_in(OFFICER)
    assert flow.counters_loaded(COUNTERS) is None and flow.step == "choose"
    assert [c.number for c in flow.offered()] == [5, 9], "own agency's and shared counters"
    flow.choose(5)
    assert flow.step == "serve" and flow.at_counter and flow.may_change_counter
    assert flow.counter_view is COUNTERS[1]
    # a late answer to an earlier counter list does not take the officer off the counter
    flow.counters_loaded(COUNTERS)
    assert flow.step == "serve"


def test_a_pc_fixed_to_one_counter_skips_the_choice_and_cannot_change() -> None:
    flow = CounterFlow(cast(AppContext, object()), fixed_counter=5)
    flow.signed_in(OFFICER)
    assert flow.counters_loaded(COUNTERS) == 5
    assert flow.step == "serve" and not flow.may_change_counter


def test_which_actions_make_sense() -> None:
    assert enabled_actions(None) == dict.fromkeys(enabled_actions(None), False)
    closed = enabled_actions(state("closed").snapshot)
    assert [name for name, on in closed.items() if on] == ["toggle"]
    called = enabled_actions(state("open", ticket()).snapshot)
    assert not called["call_next"] and called["no_show"] and called["recall"]
    serving = enabled_actions(state("open", ticket(status="serving")).snapshot)
    assert serving["finish"] and not serving["no_show"] and not serving["recall"]


def test_no_show_asks_first_then_runs_on_the_second_press_or_yes() -> None:
    clock = Clock()
    flow = serving_flow(clock)
    assert flow.request("no_show") == "ignore", "nothing read yet: nothing to mark"
    assert flow.state_read(state("open", ticket()))
    assert flow.request("no_show") == "confirm"
    assert flow.pending is not None and flow.pending.number == "P001"
    assert flow.request("no_show") == "run" and flow.pending is None

    assert flow.request("no_show") == "confirm"
    assert flow.confirm() == "no_show" and flow.pending is None
    assert flow.request("no_show") == "confirm"
    flow.cancel()
    assert flow.confirm() is None, "cancelled: nothing to run"


def test_the_question_lapses_and_ends_when_the_visitor_is_gone() -> None:
    clock = Clock()
    flow = serving_flow(clock)
    flow.state_read(state("open", ticket()))
    assert flow.request("no_show") == "confirm"
    clock.now += CONFIRM_S + 0.1
    assert flow.live_pending() is None
    assert flow.request("no_show") == "confirm", "a lapsed question is asked again"
    # another PC finished P001 meanwhile: the question about P001 goes
    flow.state_read(state("open", ticket("P002")))
    assert flow.pending is None
    # any other action drops the question
    assert flow.request("no_show") == "confirm"
    assert flow.request("recall") == "run" and flow.pending is None


def test_transfer_opens_a_dialog_and_the_commands_word_their_result() -> None:
    flow = serving_flow()
    flow.state_read(state("open", ticket()))
    assert flow.request("transfer") == "dialog"
    command = flow.command("call_next")
    assert command is not None
    assert command.success_line(None) == ("info_none_waiting", {})
    assert command.success_line(ticket("P004")) == (
        "info_called",
        {"number": "P004", "counter": 5},
    )
    finish = flow.command("finish")
    assert finish is not None and finish.success_line(None) == ("info_finished", {"number": "P001"})
    toggle = flow.command("toggle")
    assert toggle is not None and toggle.info == "info_paused"


def test_the_status_line_a_read_error_goes_with_the_next_good_read() -> None:
    flow = serving_flow()
    flow.read_failed(Unavailable("database down"))
    assert flow.message is not None and flow.message.kind == "error"
    flow.state_read(state())
    assert flow.message is None
    flow.failed(Unavailable("refused"))
    flow.state_read(state())
    assert flow.message is not None, "an action's refusal stays until the next action"
    command = flow.command("toggle")
    assert command is not None
    flow.succeeded(command, None)
    assert flow.message is not None and flow.message.kind == "info"
    assert flow.message.key == "info_paused"


def test_leaving_closes_the_counter_unless_it_is_closed_already() -> None:
    flow = serving_flow()
    flow.state_read(state("open"))
    command = flow.leave()
    assert command is not None and command.info == "info_closed"
    flow.state_read(state("closed"))
    assert flow.leave() is None
    flow.left_counter()
    assert flow.step == "choose" and flow.counter_number is None and flow.state is None
    assert not flow.state_read(state()), "a late read of the counter left behind is dropped"
    flow.signed_out()
    assert flow.step == "signin" and flow.officer is None and flow.leave() is None


def test_the_flow_imports_no_qt() -> None:
    code = "import sys, kiosk.flows.counter; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
