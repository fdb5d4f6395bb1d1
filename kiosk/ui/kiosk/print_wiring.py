"""The kiosk window's half for issuing and printing: the ticket is issued in a worker, the
print job is watched for up to PRINT_WAIT_S (kiosk.flows.ticket.PrintWatch decides), a refusal
shows today's facts; and the printer's state on the home screen. A mixin of KioskWindow, split
out to keep the window file readable; it uses only the window's public parts."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Slot

from kiosk.errors import Refused
from kiosk.flows.scan import Message
from kiosk.services import printjobs, queue
from kiosk.ui.kiosk import texts


class PrintWiring:
    """Ticket journey's last steps <-> queue/printjobs services (mixed into KioskWindow)."""

    ctx: Any
    zone: Any
    device: str
    printer_uri: str
    spool: Any
    translator: Any
    workers: Any
    behaviour: Any
    navbar: Any
    ticket_flow: Any
    scan_flow: Any
    printing: Any
    result: Any
    eticket: Any
    message: Any
    _print_timer: Any
    _printer_fault: bool

    if TYPE_CHECKING:  # provided by KioskWindow; never defined here at run time

        def _render(self) -> None: ...

        def _show(self, step: str | None) -> None: ...

        def _on_service_error(self, exc: BaseException) -> None: ...

    # --- printer status ----------------------------------------------------------------------

    def _check_printer(self) -> None:
        uri = self.printer_uri

        def fetch() -> Any:
            for state in printjobs.printer_states(self.ctx):
                if state.printer_uri == uri[:120]:
                    return state
            return None

        self.workers.submit(fetch, self._on_printer_state, lambda _exc: None, busy=False)

    def _on_printer_state(self, state: Any) -> None:
        if state is not None:
            self._set_printer_fault(state.state not in ("ok", "paper_low", "unknown"))

    @Slot(object)
    def _on_job_changed(self, job: Any) -> None:
        self._set_printer_fault(job.status != "done" and bool(job.last_error))

    def _set_printer_fault(self, fault: bool) -> None:
        self._printer_fault = fault
        self.navbar.show_printer(fault)

    @property
    def printer_fault(self) -> bool:
        return self._printer_fault

    # --- issuing and printing ---

    def _issue(self, kind: str) -> None:
        request = self.ticket_flow.request_print(kind)
        if request is None:
            return
        self.printing.set_stage("issuing")
        self._render()
        code, priority, lang = request.service_code, request.priority, self.translator.lang
        printer = self.printer_uri or None

        def issue() -> Any:
            return queue.issue_ticket(
                self.ctx, code, priority, device=self.device, printer_uri=printer, lang=lang
            )

        self.workers.submit(issue, self._on_issued, self._on_issue_error, busy=False)

    def _on_issued(self, ticket: Any) -> None:
        self.result.show_ticket(ticket)
        step = self.ticket_flow.issued(ticket, time.monotonic())
        if step != "printing":
            self._show_printed(step)
            return
        if self.spool is not None:
            watch = self.ticket_flow.watch  # the visitor's slip before any backlog
            self.spool.kick(watch.job_id if watch is not None else None)
        self.printing.set_stage("printing")
        self._poll_print_job()

    def _poll_print_job(self) -> None:
        watch = self.ticket_flow.watch
        if watch is None:
            return
        job_id = watch.job_id
        self.workers.submit(
            lambda: printjobs.job_state(self.ctx, job_id),
            self._on_job_state,
            lambda _exc: self._show_printed(self.ticket_flow.finish("eticket")),
            busy=False,
        )

    def _on_job_state(self, job: Any) -> None:
        step = self.ticket_flow.job_update(
            job.id, job.status, job.last_error or "", time.monotonic()
        )
        if step is None:
            if self.ticket_flow.watch is not None:
                self._print_timer.start()
            return
        self._set_printer_fault(step == "eticket")
        self._show_printed(step)

    def _show_printed(self, step: str) -> None:
        self._print_timer.stop()
        if step == "eticket":
            self.eticket.show_ticket(self.ticket_flow.ticket)  # the QR is drawn only when needed
        self.behaviour.touch()  # the result's own short time starts now
        self._render()

    def _on_issue_error(self, exc: BaseException) -> None:
        if isinstance(exc, Refused):
            # The card was read a while ago; the refusal is about now: show today's facts.
            chosen = self.ticket_flow.service
            code = chosen.code if chosen is not None else ""
            self.workers.submit(
                lambda: queue.get_service(self.ctx, code),
                lambda service: self._show_refusal(service, exc.reason),
                lambda _err: self._show_refusal(chosen, exc.reason),
            )
            return
        self._on_service_error(exc)

    def _show_refusal(self, service: Any, reason: str) -> None:
        self.message.icon.set_icon("clock" if reason in ("closed", "holiday") else "warning")
        self.message.show_message(
            texts.REFUSAL_KEYS.get(reason, "refusal_refused"),
            "",
            "nav_back",
            extra=lambda: texts.refusal_lines(
                self.translator, service, reason, self.zone, self.ctx.now()
            )[1:],
        )
        self.scan_flow.message = Message("warning", "", "", "nav_back", "back")
        self._show(self.ticket_flow.refused())
