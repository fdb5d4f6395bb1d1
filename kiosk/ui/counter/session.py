"""An officer's arrival at and departure from the counter window: sign-in, the choice of counter
(skipped where the PC's settings fix the counter), *Ganti loket* and *Keluar*.

The password is checked and the counters are listed by the services, in the window's workers;
the sign-in page shows a refusal as one line. Leaving closes the counter being left first: a
visitor still at the counter keeps the officer there (finish or skip first); other refusals
(another agency's counter) do not. What sitting down at and leaving a counter start and stop
(the feed, the timers, the tabs) is the window's business: it hands ``seat`` and ``unseat``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject

from kiosk.errors import KioskError, Refused
from kiosk.flows.counter import CounterFlow
from kiosk.services import queue, staff
from kiosk.services.context import AppContext
from kiosk.services.queue import CounterView
from kiosk.services.staff import Officer
from kiosk.ui.counter.signin import ChoicePage, SignInPage
from kiosk.ui.counter.texts import CounterTranslator, error_text

__all__ = ["CounterSession"]

log = logging.getLogger(__name__)

#: A service call in the window's workers: (call, on_done, on_error or the status line).
Call = Callable[..., None]


class CounterSession(QObject):
    """Sign-in -> counter choice -> at the counter -> leaving (module docstring)."""

    def __init__(
        self,
        ctx: AppContext,
        tr: CounterTranslator,
        flow: CounterFlow,
        signin: SignInPage,
        choice: ChoicePage,
        *,
        call: Call,
        show_error: Callable[[BaseException], None],
        render: Callable[[], None],
        seat: Callable[[int], None],
        unseat: Callable[[], None],
        forget: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        """``seat(number)``: sit down at counter ``number``; ``unseat()``: stop watching the
        counter left; ``forget()``: drop what the officer who signed out had open."""
        super().__init__(parent)
        self.ctx, self.tr_, self.flow = ctx, tr, flow
        self.signin, self.choice = signin, choice
        self._call, self._show_error, self._render = call, show_error, render
        self._seat, self._unseat, self._forget = seat, unseat, forget
        signin.signin_requested.connect(self.sign_in)

    def sign_in(self, username: str, password: str) -> None:
        ctx = self.ctx
        self.signin.set_busy(True)
        self._call(
            lambda: staff.authenticate(ctx, username, password),
            self._on_signed_in,
            self._on_signin_error,
        )

    def _on_signin_error(self, exc: BaseException) -> None:
        self.signin.set_busy(False)
        self.signin.password.clear()
        self.signin.show_error(error_text(self.tr_.lang, exc))
        if not isinstance(exc, KioskError):
            log.error("counter: sign-in failed", exc_info=exc)

    def _on_signed_in(self, officer: Officer) -> None:
        self.signin.set_busy(False)
        self.signin.password.clear()
        self.flow.signed_in(officer)
        self._load_counters()

    def _load_counters(self) -> None:
        ctx = self.ctx
        self._call(lambda: queue.list_counters(ctx), self._on_counters)

    def _on_counters(self, counters: list[CounterView]) -> None:
        officer = self.flow.officer
        fixed = self.flow.counters_loaded(counters)
        if fixed is not None:
            self._seat(fixed)
        elif officer is not None:
            self.choice.set_counters(officer.full_name, self.flow.offered())
            self._render()

    def _leave(self, then: Callable[[], None]) -> None:
        """Close the counter being left, then ``then`` (module docstring)."""
        command = self.flow.leave()
        if command is None:
            then()
            return

        def refused(exc: BaseException) -> None:
            if isinstance(exc, Refused) and exc.reason == "busy":
                self._show_error(exc)
            else:
                then()

        self._call(command.run, lambda _snapshot: then(), refused)

    def change_counter(self) -> None:
        """*Ganti loket*: close this counter, then choose another."""
        if not self.flow.may_change_counter:
            return

        def changed() -> None:
            self._unseat()
            self.flow.left_counter()
            self.choice.hold()
            self._render()
            self._load_counters()

        self._leave(changed)

    def sign_out(self) -> None:
        """End the shift: close the counter, then sign out."""
        if self.flow.officer is not None:
            self._leave(self._signed_out)

    def _signed_out(self) -> None:
        self._unseat()
        self.flow.signed_out()
        self._forget()
        self.signin.reset()
        self._render()
