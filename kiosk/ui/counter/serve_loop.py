"""The serve loop on the counter's queue tab: reading the counter's state and running its actions.

Reading: the state (``kiosk.flows.counter.read_counter``: the current ticket, who is waiting,
this counter's printer faults, and for supervisors the kiosks' printers) is read in a worker
when the window asks (a change the feed reports, an action done, a reprint), and for
supervisors every heartbeat interval (device heartbeats send no change notification on
PostgreSQL); reads never overlap (a change during a read queues one more). The "called
3 minutes ago" line is re-drawn every CLOCK_MS without a read.

Actions: the seven buttons of the queue tab and their function keys (F1-F7; Esc cancels the
no-show question), as ``kiosk.flows.counter.CounterFlow`` decides: run now, ask first (the
no-show question, which lapses after CONFIRM_S), or open the transfer dialog; and calling a
waiting number out of turn. The flow's commands run in the window's workers and the counter
is read again after each.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QWidget

from kiosk.errors import KioskError
from kiosk.flows.counter import CONFIRM_S, Command, CounterFlow, CounterState, read_counter
from kiosk.services import queue
from kiosk.services.context import AppContext
from kiosk.services.queue import CounterView, ServiceView
from kiosk.ui.counter.queue_panel import ACTIONS, QueuePanel, TransferDialog
from kiosk.ui.counter.texts import CounterTranslator
from kiosk.ui.workers import Workers

__all__ = ["CLOCK_MS", "SUPERVISING_ROLES", "ServeLoop"]

log = logging.getLogger(__name__)

#: The "called 3 minutes ago" line is re-drawn this often (no database read).
CLOCK_MS = 20_000
#: Roles whose counter also shows the kiosks' printer faults (and re-reads them every
#: heartbeat interval: device heartbeats send no change notification on PostgreSQL).
SUPERVISING_ROLES = ("supervisor", "admin")

#: A service call in the window's workers: (call, on_done, on_error or the status line).
Call = Callable[..., None]


class ServeLoop(QObject):
    """The queue tab wired to the serve loop (module docstring).

    Signals:
        state_shown(object): a CounterState the flow accepted is on the queue tab; the window
            shows the rest of it (header, fault banner, the register tab's ticket).
    """

    state_shown = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        workers: Workers,
        tr: CounterTranslator,
        flow: CounterFlow,
        queue_panel: QueuePanel,
        tabs: QTabWidget,
        *,
        window: QWidget,
        call: Call,
        render_message: Callable[[], None],
    ) -> None:
        """``window`` owns the function keys and the transfer dialog (and this object)."""
        super().__init__(window)
        self.ctx, self.workers, self.tr_, self.flow = ctx, workers, tr, flow
        self.queue_panel, self.tabs, self.window = queue_panel, tabs, window
        self._call, self._render_message = call, render_message
        self.transfer_dialog: TransferDialog | None = None
        self._loading = False
        self._dirty = False
        self._shut_down = False

        queue_panel.action_requested.connect(self.do_action)
        queue_panel.call_requested.connect(self.call_number)
        queue_panel.confirm_requested.connect(self._confirmed)
        queue_panel.cancel_requested.connect(self.cancel_confirm)
        self.shortcuts: dict[str, QShortcut] = {}
        for name, key, _text, _kind in ACTIONS:
            self._shortcut(name, key, functools.partial(self._on_key, name))
        self._shortcut("cancel", "Esc", self.cancel_confirm)
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._redraw_times)
        self._devices_timer = QTimer(self)
        self._devices_timer.setInterval(
            max(1000, round(ctx.settings.devices.heartbeat_interval_s * 1000))
        )
        self._devices_timer.timeout.connect(self.refresh)
        self._confirm_timer = QTimer(self)
        self._confirm_timer.setSingleShot(True)
        self._confirm_timer.timeout.connect(self.show_confirm)

    def _shortcut(self, name: str, key: str, slot: Callable[[], None]) -> None:
        shortcut = QShortcut(QKeySequence(key), self.window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(slot)
        self.shortcuts[name] = shortcut

    # --- at a counter ----------------------------------------------------------------------

    def start(self) -> None:
        """An officer sat down at a counter: keep its times fresh (and, for a supervisor, the
        kiosks' printers)."""
        self._clock.start()
        officer = self.flow.officer
        if officer is not None and officer.role in SUPERVISING_ROLES:
            self._devices_timer.start()

    def stop(self) -> None:
        """The officer left the counter: no more re-draws, re-reads or pending question."""
        self._clock.stop()
        self._devices_timer.stop()
        self._confirm_timer.stop()

    def shutdown(self) -> None:
        """The window closes: stop, and read no more."""
        self._shut_down = True
        self.stop()

    # --- reading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the counter (one read at a time; a change meanwhile queues one more)."""
        number = self.flow.counter_number
        if number is None or self._shut_down:
            return
        if self._loading:
            self._dirty = True
            return
        self._loading = True
        self._dirty = False
        ctx = self.ctx
        officer = self.flow.officer
        supervises = officer is not None and officer.role in SUPERVISING_ROLES
        self.workers.submit(
            lambda: read_counter(ctx, number, kiosk_printers=supervises),
            self._on_state,
            self._on_read_error,
            busy=False,
        )

    def _on_read_error(self, exc: BaseException) -> None:
        self._loading = False
        if not isinstance(exc, KioskError):
            log.error("counter: read failed", exc_info=exc)
        self.flow.read_failed(exc)
        self._render_message()
        if self._dirty:
            QTimer.singleShot(0, self, self.refresh)

    def _on_state(self, state: CounterState) -> None:
        self._loading = False
        if self.flow.state_read(state):
            self.queue_panel.show_state(state.snapshot, state.waiting, self.ctx.now())
            self.show_confirm()
            self.state_shown.emit(state)
        if self._dirty:
            QTimer.singleShot(0, self, self.refresh)

    def _redraw_times(self) -> None:
        state = self.flow.state
        if state is not None:
            self.queue_panel.show_state(state.snapshot, state.waiting, self.ctx.now())

    # --- actions ---------------------------------------------------------------------------

    def run(self, command: Command | None) -> None:
        """A flow command in a worker: its line on success, the error otherwise; then re-read."""
        if command is None:
            return

        def done(result: Any) -> None:
            self.flow.succeeded(command, result)
            self._render_message()
            self.refresh()

        self._call(command.run, done)

    def _dialog_open(self) -> bool:
        """Is the transfer dialog open (the F-keys then belong to it)?"""
        dialog = self.transfer_dialog
        try:
            return dialog is not None and dialog.isVisible()
        except RuntimeError:  # already deleted by Qt
            return False

    def _on_key(self, name: str) -> None:
        if not self.flow.at_counter or self._dialog_open():
            return
        self.tabs.setCurrentWidget(self.queue_panel)
        self.do_action(name)

    def do_action(self, name: str) -> None:
        """One of the seven counter actions (button or F-key), as the flow decides."""
        decision = self.flow.request(name)
        if decision == "dialog":
            self.open_transfer()
        elif decision == "confirm":
            self._confirm_timer.start(round(CONFIRM_S * 1000) + 50)  # then the question lapses
            self.show_confirm()
        elif decision == "run":
            self.show_confirm()
            self.run(self.flow.command(name))

    def show_confirm(self) -> None:
        """The no-show question while it stands (a lapsed one is hidden)."""
        pending = self.flow.live_pending()
        self.queue_panel.show_confirm(pending.number if pending is not None else None)

    def _confirmed(self) -> None:
        action = self.flow.confirm()
        self.show_confirm()
        if action is not None:
            self.run(self.flow.command(action))

    def cancel_confirm(self) -> None:
        self.flow.cancel()
        self.show_confirm()

    def call_number(self, ticket_number: str) -> None:
        """Call a waiting number out of turn (the waiting list's button)."""
        self.run(self.flow.call_ticket(ticket_number))

    def open_transfer(self) -> None:
        """The transfer dialog for the current ticket (window-modal, non-blocking); it appears
        as ``self.transfer_dialog`` once the services and counters are read."""
        state = self.flow.state
        current = state.snapshot.current if state is not None else None
        number = self.flow.counter_number
        if current is None or number is None:
            return
        ctx = self.ctx

        def show(data: tuple[list[ServiceView], list[CounterView]]) -> None:
            services, counters = data
            dialog = TransferDialog(
                self.tr_, current.number, services, counters, number, self.window
            )
            dialog.accepted.connect(lambda: self.run(self.flow.transfer(*dialog.choice())))
            dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
            self.transfer_dialog = dialog
            dialog.open()

        self._call(lambda: (queue.list_services(ctx), queue.list_counters(ctx)), show)

    def _dialog_closed(self, dialog: TransferDialog) -> None:
        """Back to the counter window: the F-keys work again at once."""
        if self.transfer_dialog is dialog:
            self.transfer_dialog = None
        dialog.deleteLater()
        self.window.activateWindow()
