"""The kiosk window's half for the scan journey: scanner bursts, typed codes, the answers and
the message screen (also used for errors). A mixin of KioskWindow, split out to keep the window
file readable; it uses only the window's public parts (screens, journeys, workers)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot

from kiosk.errors import KioskError, NotFound, Refused, Unavailable
from kiosk.flows.scan import BOOKING_REFUSALS, Message
from kiosk.services import booking, tracking

log = logging.getLogger(__name__)


class ScanWiring:
    """Scan journey <-> tracking service <-> scan screens (mixed into KioskWindow)."""

    ctx: Any
    device: str
    nav: Any
    scan_flow: Any
    ticket_flow: Any
    pin_pad: Any
    message: Any
    code_entry: Any
    ticket_status: Any
    application: Any
    complaint: Any
    printing: Any
    translator: Any
    printer_uri: str
    workers: Any

    if TYPE_CHECKING:  # provided by KioskWindow; never defined here at run time

        def _call(self, fn: Any, on_done: Any) -> None: ...

        def _render(self) -> None: ...

        def current_screen(self) -> Any: ...

        def go_home(self, *, reset: bool = True) -> None: ...

        def _reload_services(self) -> None: ...

        def _on_issued(self, ticket: Any) -> None: ...

    # --- scan journey ------------------------------------------------------------------------

    @Slot(str)
    def _on_scanned(self, text: str) -> None:
        if self.pin_pad.isVisible() or not self.current_screen().accepts_scans:
            return
        self._resolve(text)

    def _resolve(self, raw: str) -> None:
        self._call(
            lambda: tracking.resolve_scan(self.ctx, raw, self.device),
            lambda result: self._show_scan(result, code=raw),
        )

    def _resolve_typed(self, text: str) -> None:
        problem = self.scan_flow.typed_code_problem(text)
        if problem is not None:
            key, values = problem
            self.code_entry.show_problem(key, **values)
            return
        self._call(
            lambda: tracking.resolve_scan(self.ctx, text, self.device),
            lambda result: self._show_scan(result, typed=True, code=text),
        )

    def _track_typed(self, registration: str, last4: str) -> None:
        self._call(
            lambda: tracking.track_typed(self.ctx, registration, last4, self.device),
            lambda result: self._show_scan(result, typed=True),
        )

    def _show_scan(self, result: Any, typed: bool = False, code: str = "") -> None:
        if result.kind == "ticket" and result.ticket is not None:
            self.ticket_status.show_status(result.ticket)
        elif result.kind == "application" and result.application is not None:
            self.application.show_application(result.application)
        elif result.kind == "complaint" and result.complaint is not None:
            self.complaint.show_view(result.complaint)
        elif result.kind == "complaint":
            code, status = result.complaint_code or "", result.complaint_status or ""
            self.complaint.show_complaint(code, status)
        answer = self.scan_flow.answer(result, typed)
        if answer.message is not None:
            self._put_message(answer.message)
        self._render()
        if result.kind == "booking" and answer.step == "printing":
            self._redeem(result.booking_code or "")
        if code and answer.step in ("ticket_status", "application"):
            self._scan_answered(code)

    # --- a booked visit --------------------------------------------------------------------

    def _redeem(self, code: str) -> None:
        """A booking's QR within its window: the real ticket, printed like any other (the
        result and e-ticket steps of the ticket journey follow, PrintWiring._on_issued)."""
        self.printing.set_stage("issuing")
        self._render()
        lang, printer = self.translator.lang, self.printer_uri or None

        def redeem() -> Any:
            return booking.redeem_booking(
                self.ctx, code, device=self.device, printer_uri=printer, lang=lang
            )

        self.workers.submit(redeem, self._on_issued, self._on_redeem_error, busy=False)

    def _on_redeem_error(self, exc: BaseException) -> None:
        if isinstance(exc, Refused) and exc.reason in BOOKING_REFUSALS:
            answer = self.scan_flow.booking_refused(exc.reason, exc.params)
            if answer.message is not None:
                self._put_message(answer.message)
            self._render()
            return
        self._on_service_error(exc)

    def _scan_answered(self, code: str) -> None:
        """Hook: a ticket's or receipt's answer is on screen for ``code`` (the survey offers
        "Isi survei" there: SurveyWiring)."""

    def _put_message(self, message: Message) -> None:
        self.message.icon.set_icon(message.icon)
        self.message.show_message(message.title, message.body, message.action, **message.values)

    def _message_action(self) -> None:
        step, fresh_home = self.scan_flow.message_action()
        if fresh_home:
            self.go_home(reset=True)
            return
        self._render()
        if self.ticket_flow.reload_needed(step):
            self._reload_services()

    # --- errors ------------------------------------------------------------------------------

    def _on_service_error(self, exc: BaseException) -> None:
        if not isinstance(exc, KioskError):
            log.error("kiosk: unexpected error", exc_info=exc)
        body = "error_hint"
        if isinstance(exc, Unavailable):
            body = "error_unavailable"
        elif isinstance(exc, NotFound):
            body = "error_not_found"
        message = Message("warning", "error_title", body, "nav_home", "home")
        self.scan_flow.show(message)
        self._put_message(message)
        self._render()
