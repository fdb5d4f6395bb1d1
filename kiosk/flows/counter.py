"""The counter's serve loop without Qt: which step the officer is at, what they chose, which
actions make sense now, what a gesture does, and what the status line says.

The counter window (kiosk/ui/counter/window.py; its serve_loop.py and session.py) renders this
state and runs the service calls the flow hands it (:class:`Command`, run in a worker); unit
tests drive the flow directly.

Steps: ``signin`` -> ``choose`` (the counters this officer may staff; skipped when the PC is
fixed to one counter) -> ``serve``. "Back" from ``serve`` is *Ganti loket* and "home" is *Keluar*:
both first CLOSE the counter being left (:meth:`CounterFlow.leave`), because a counter left open
with nobody at it keeps receiving wait estimates and calls on the lobby display; a visitor still
at the counter makes the service refuse, and the officer stays.

No-show asks for a confirmation (F5 again, or the "Ya" button; Esc or "Batal" cancels; it lapses
after :data:`CONFIRM_S`). A confirmation rather than an undo: ``queue.no_show`` is final in the
audit trail and an undo would need a new use case that also takes back the lobby's "called"
history; and a visitor marked absent by mistake may already have left the lobby by the time an
undo is noticed. One extra key press on a rare action costs less.

The status line: an action's result replaces the previous line; a failed read of the counter is
cleared by the next successful read; a field error (registration, progress) is the panel's and
is cleared when the field changes or the next action succeeds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from kiosk.services import devices, printjobs, queue
from kiosk.services.context import AppContext
from kiosk.services.devices import DeviceView
from kiosk.services.printjobs import JobState
from kiosk.services.queue import CounterSnapshot, CounterView, WaitingTicket
from kiosk.services.staff import Officer

__all__ = [
    "ACTIONS",
    "CONFIRM_S",
    "Command",
    "CounterFlow",
    "CounterState",
    "Message",
    "Pending",
    "counters_for",
    "enabled_actions",
    "read_counter",
]

Step = Literal["signin", "choose", "serve"]

#: The seven counter actions in key order (F1..F7).
ACTIONS: tuple[str, ...] = (
    "call_next",
    "recall",
    "start",
    "finish",
    "no_show",
    "transfer",
    "toggle",
)
#: Actions that ask "are you sure?" first.
CONFIRMED = ("no_show",)
#: A confirmation lapses after this many seconds (the officer turned to something else).
CONFIRM_S = 10.0


@dataclass(frozen=True)
class CounterState:
    """One read of what the counter shows: its snapshot, the waiting numbers, printer faults
    (failed jobs; for a supervisor also the kiosks whose printer cannot print)."""

    snapshot: CounterSnapshot
    waiting: list[WaitingTicket]
    faults: list[JobState]
    kiosk_faults: list[DeviceView] = field(default_factory=list)


def read_counter(ctx: AppContext, number: int, *, kiosk_printers: bool = False) -> CounterState:
    """The counter window's refresh (runs in a worker); ``kiosk_printers`` for supervisors."""
    return CounterState(
        snapshot=queue.counter_snapshot(ctx, number),
        waiting=queue.waiting_tickets(ctx, number, limit=100),
        faults=printjobs.open_faults(ctx, limit=20),
        kiosk_faults=devices.printer_faults(ctx) if kiosk_printers else [],
    )


def counters_for(officer: Officer, counters: list[CounterView]) -> list[CounterView]:
    """The counters an officer may pick: their agency's and shared ones; all for supervisors.

    Only a convenience: queue operations check the agency again (kiosk.services.queue).
    """
    if officer.role != "officer" or officer.agency_id is None:
        return counters
    return [c for c in counters if c.agency_id in (None, officer.agency_id)]


def enabled_actions(snapshot: CounterSnapshot | None) -> dict[str, bool]:
    """Which of the seven actions make sense for this snapshot (the services check again)."""
    is_open = snapshot is not None and snapshot.state == "open"
    current = snapshot.current if snapshot is not None else None
    called = current is not None and current.status == "called"
    return {
        "call_next": is_open and current is None,
        "recall": called,
        "start": called,
        "finish": current is not None,
        "no_show": called,
        "transfer": current is not None,
        "toggle": snapshot is not None,
    }


@dataclass(frozen=True)
class Message:
    """The status line: an info text (key + values of the counter's texts) or an error."""

    kind: Literal["info", "error"]
    key: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    error: BaseException | None = None
    origin: Literal["action", "read"] = "action"


@dataclass(frozen=True)
class Pending:
    """An action waiting for the officer's confirmation, for one ticket, until ``deadline``."""

    action: str
    number: str
    deadline: float


@dataclass(frozen=True)
class Command:
    """A service call for the window to run in a worker, and the line to show when it worked.

    ``info`` is a text key (its values in ``params``); ``info_from_result`` words the result
    instead (call next: which number came, or nobody waiting).
    """

    run: Callable[[], Any]
    info: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    info_from_result: Callable[[Any], tuple[str, dict[str, Any]]] | None = None

    def success_line(self, result: Any) -> tuple[str, dict[str, Any]]:
        if self.info_from_result is not None:
            return self.info_from_result(result)
        return self.info, self.params


Decision = Literal["ignore", "run", "confirm", "dialog"]


class CounterFlow:
    """The serve loop's state; every method is a gesture or a service answer."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        fixed_counter: int | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ctx = ctx
        self.fixed_counter = fixed_counter
        self._clock = clock
        self.step: Step = "signin"
        self.officer: Officer | None = None
        self.counters: list[CounterView] = []
        self.counter_number: int | None = None
        self.counter_view: CounterView | None = None
        self.state: CounterState | None = None
        self.message: Message | None = None
        self.pending: Pending | None = None

    # --- sign in, counter choice, leaving --------------------------------------------------------

    def signed_in(self, officer: Officer) -> None:
        self.officer = officer

    def counters_loaded(self, counters: list[CounterView]) -> int | None:
        """The counter list arrived: the step becomes ``choose``, or ``serve`` at once on a PC
        fixed to one counter (its number is returned then)."""
        if self.officer is None:
            return None
        self.counters = counters
        if self.step == "serve":
            return None  # the officer already picked one from the previous list
        if self.fixed_counter is not None:
            self.choose(self.fixed_counter)
            return self.fixed_counter
        self.step = "choose"
        return None

    def offered(self) -> list[CounterView]:
        """The counters the choice page offers."""
        return counters_for(self.officer, self.counters) if self.officer is not None else []

    def choose(self, number: int) -> None:
        self.counter_number = number
        self.counter_view = next((c for c in self.counters if c.number == number), None)
        self.state = None
        self.message = None
        self.pending = None
        self.step = "serve"

    @property
    def at_counter(self) -> bool:
        return self.step == "serve" and self.officer is not None and self.counter_number is not None

    @property
    def may_change_counter(self) -> bool:
        return self.at_counter and self.fixed_counter is None

    def leave(self) -> Command | None:
        """Closing the counter before leaving it (change counter, sign out); None when there is
        nothing to close (no counter, or it is closed already)."""
        officer, number = self.officer, self.counter_number
        if officer is None or number is None:
            return None
        if self.state is not None and self.state.snapshot.state == "closed":
            return None
        ctx = self.ctx
        return Command(lambda: queue.close_counter(ctx, officer, number), "info_closed")

    def left_counter(self) -> None:
        """The counter is closed (or was never opened): back to the choice of counter."""
        self.counter_number = None
        self.counter_view = None
        self.state = None
        self.message = None
        self.pending = None
        self.step = "choose" if self.officer is not None else "signin"

    def signed_out(self) -> None:
        self.left_counter()
        self.officer = None
        self.counters = []
        self.step = "signin"

    # --- reading -------------------------------------------------------------------------------

    def state_read(self, state: CounterState) -> bool:
        """A fresh read arrived; False when it is for a counter the officer already left."""
        if state.snapshot.number != self.counter_number:
            return False
        self.state = state
        if self.message is not None and self.message.origin == "read":
            self.message = None  # the database answers again
        pending = self.pending
        current = state.snapshot.current
        if pending is not None and (current is None or current.number != pending.number):
            self.pending = None  # the visitor the question was about is not at the counter now
        return True

    def read_failed(self, exc: BaseException) -> None:
        self.message = Message("error", error=exc, origin="read")

    # --- actions -------------------------------------------------------------------------------

    def enabled(self) -> dict[str, bool]:
        return enabled_actions(self.state.snapshot if self.state is not None else None)

    def request(self, action: str) -> Decision:
        """A button or F-key: ignore it, run it, ask for a confirmation, or open a dialog."""
        if not self.at_counter or not self.enabled().get(action, False):
            return "ignore"
        if action == "transfer":
            return "dialog"
        if action in CONFIRMED:
            pending = self.live_pending()
            if pending is not None and pending.action == action:
                self.pending = None
                return "run"  # the same key twice: confirmed
            current = self._current_number()
            self.pending = Pending(action, current or "", self._clock() + CONFIRM_S)
            return "confirm"
        self.pending = None
        return "run"

    def live_pending(self) -> Pending | None:
        """The confirmation still asked for (a lapsed one is dropped)."""
        if self.pending is not None and self._clock() >= self.pending.deadline:
            self.pending = None
        return self.pending

    def confirm(self) -> str | None:
        """The officer said yes: the action to run now (None when the question lapsed)."""
        pending = self.live_pending()
        self.pending = None
        return pending.action if pending is not None else None

    def cancel(self) -> None:
        self.pending = None

    def _current_number(self) -> str | None:
        current = self.state.snapshot.current if self.state is not None else None
        return current.number if current is not None else None

    def command(self, action: str) -> Command | None:
        """The service call for one of the seven actions (transfer has its own)."""
        officer, number = self.officer, self.counter_number
        if officer is None or number is None:
            return None
        ctx = self.ctx
        label = self._current_number() or ""

        def called(ticket: Any) -> tuple[str, dict[str, Any]]:
            if ticket is None:
                return "info_none_waiting", {}
            return "info_called", {"number": ticket.number, "counter": number}

        if action == "call_next":
            return Command(lambda: queue.call_next(ctx, officer, number), info_from_result=called)
        if action == "recall":
            return Command(
                lambda: queue.recall(ctx, officer, number), "info_recalled", {"number": label}
            )
        if action == "start":
            return Command(
                lambda: queue.start_serving(ctx, officer, number), "info_serving", {"number": label}
            )
        if action == "finish":
            return Command(
                lambda: queue.finish(ctx, officer, number), "info_finished", {"number": label}
            )
        if action == "no_show":
            return Command(
                lambda: queue.no_show(ctx, officer, number), "info_no_show", {"number": label}
            )
        if action == "toggle":
            if self.state is not None and self.state.snapshot.state == "open":
                return Command(lambda: queue.pause_counter(ctx, officer, number), "info_paused")
            return Command(lambda: queue.open_counter(ctx, officer, number), "info_opened")
        return None

    def call_ticket(self, ticket_number: str) -> Command | None:
        """Call a waiting number out of turn."""
        officer, number = self.officer, self.counter_number
        if officer is None or number is None:
            return None
        ctx = self.ctx
        return Command(
            lambda: queue.call_ticket(ctx, officer, number, ticket_number),
            info_from_result=lambda t: ("info_called", {"number": t.number, "counter": number}),
        )

    def transfer(self, service: str | None, counter: int | None) -> Command | None:
        """Send the current visitor to another service and/or counter (same number, same place)."""
        officer, number = self.officer, self.counter_number
        if officer is None or number is None:
            return None
        ctx = self.ctx
        return Command(
            lambda: queue.transfer(
                ctx, officer, number, None, to_service_code=service, to_counter_number=counter
            ),
            "info_transferred",
            {"number": self._current_number() or ""},
        )

    def succeeded(self, command: Command, result: Any) -> None:
        key, params = command.success_line(result)
        self.message = Message("info", key, params)

    def info(self, key: str, **params: Any) -> None:
        self.message = Message("info", key, params)

    def failed(self, exc: BaseException) -> None:
        self.message = Message("error", error=exc)

    def clear_message(self) -> None:
        self.message = None
