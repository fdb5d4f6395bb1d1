"""The kiosk window's part for complaints (pengaduan / teguran): the screens, the journey
(kiosk.flows.complaint), scans during an unfinished complaint, and filing with its receipt
printed like a ticket (kiosk.services.complaints.file_complaint queues the print job in the same
transaction; the spool sends it; the window watches it for up to PRINT_WAIT_S; a failed printer
shows the receipt on screen to photograph). A mixin of KioskWindow, like print_wiring.py and
scan_wiring.py; it uses only the window's public parts.

Nothing is stored before "Kirim pengaduan": the window's go_home (Beranda, idle reset) calls
_reset_complaint, and every screen's reset() clears what was typed.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from kiosk.errors import KioskError, Unavailable
from kiosk.flows.complaint import GENERAL, PRINTING_STEP, ComplaintJourney, Target
from kiosk.flows.scan import Message
from kiosk.services import complaints, printjobs, queue, tracking
from kiosk.ui.kiosk.base import Screen
from kiosk.ui.kiosk.complaint_form import (
    ComplaintCategoryScreen,
    ComplaintConfirmScreen,
    ComplaintContactScreen,
    ComplaintTextScreen,
)
from kiosk.ui.kiosk.complaint_result import (
    ComplaintEResultScreen,
    ComplaintPrintingScreen,
    ComplaintResultScreen,
)
from kiosk.ui.kiosk.complaint_target import (
    ComplaintAboutScreen,
    ComplaintAgenciesScreen,
    ComplaintCountersScreen,
    ComplaintServicesScreen,
    ComplaintStep,
)

COMPLAINT_POLL_MS = 150


class ComplaintWiring:
    """Complaint journey <-> complaints/queue/printjobs services <-> complaint screens."""

    ctx: Any
    device: str
    printer_uri: str
    spool: Any
    translator: Any
    workers: Any
    behaviour: Any
    nav: Any
    scan_flow: Any
    complaint_flow: ComplaintJourney
    pin_pad: Any
    home: Any
    ticket_status: Any

    if TYPE_CHECKING:  # provided by KioskWindow and the other mixins; never defined here

        def _call(self, fn: Any, on_done: Any) -> None: ...

        def _render(self) -> None: ...

        def _show(self, step: str | None) -> None: ...

        def _put_message(self, message: Message) -> None: ...

        def _set_printer_fault(self, fault: bool) -> None: ...

        def go_home(self, *, reset: bool = True) -> None: ...

    # --- construction ------------------------------------------------------------------------

    def _build_complaint_screens(self) -> list[Screen]:
        """The complaint screens (the window adds them to its stack) and their signals."""
        shell: Any = self
        self.complaint_about = ComplaintAboutScreen(shell)
        self.complaint_counters = ComplaintCountersScreen(shell)
        self.complaint_agencies = ComplaintAgenciesScreen(shell)
        self.complaint_services = ComplaintServicesScreen(shell)
        self.complaint_category = ComplaintCategoryScreen(shell)
        self.complaint_text = ComplaintTextScreen(shell)
        self.complaint_contact = ComplaintContactScreen(shell)
        self.complaint_confirm = ComplaintConfirmScreen(shell)
        self.complaint_printing = ComplaintPrintingScreen(shell)
        self.complaint_result = ComplaintResultScreen(shell)
        self.complaint_eresult = ComplaintEResultScreen(shell)
        flow = self.complaint_flow
        self.home.complaint_requested.connect(lambda: self._show(flow.start()))
        self.ticket_status.complaint_requested.connect(self._complain_about_ticket)
        about = self.complaint_about
        about.counters_requested.connect(self._complaint_counters)
        about.services_requested.connect(self._complaint_agency_list)
        about.general_requested.connect(lambda: self._complaint_target(GENERAL))
        self.complaint_counters.counter_chosen.connect(self._complaint_counter_chosen)
        self.complaint_agencies.agency_chosen.connect(self._complaint_agency_chosen)
        self.complaint_agencies.search_requested.connect(self._complaint_search)
        self.complaint_services.service_chosen.connect(self._complaint_service_chosen)
        self.complaint_category.category_chosen.connect(self._complaint_category_chosen)
        self.complaint_text.text_submitted.connect(self._complaint_text_submitted)
        self.complaint_contact.contact_submitted.connect(self._complaint_contact_submitted)
        self.complaint_confirm.file_requested.connect(self._file_complaint)
        self.complaint_result.done_requested.connect(lambda: self.go_home(reset=True))
        self.complaint_eresult.done_requested.connect(lambda: self.go_home(reset=True))
        self._complaint_agencies_seen: list[Any] = []
        self._complaint_timer = QTimer(shell)
        self._complaint_timer.setInterval(COMPLAINT_POLL_MS)
        self._complaint_timer.setSingleShot(True)
        self._complaint_timer.timeout.connect(self._poll_complaint_job)
        return [
            self.complaint_about, self.complaint_counters, self.complaint_agencies,
            self.complaint_services, self.complaint_category, self.complaint_text,
            self.complaint_contact, self.complaint_confirm, self.complaint_printing,
            self.complaint_result, self.complaint_eresult,
        ]  # fmt: skip

    def _reset_complaint(self) -> None:
        """Home or idle reset: forget the unfinished complaint (the screens reset themselves)."""
        self._complaint_timer.stop()
        self.complaint_flow.reset()

    # --- what it is about --------------------------------------------------------------------

    def _form_screens(self) -> tuple[ComplaintStep, ...]:
        return (
            self.complaint_category, self.complaint_text, self.complaint_contact,
            self.complaint_confirm,
        )  # fmt: skip

    def _complaint_target_changed(self) -> None:
        for screen in self._form_screens():
            screen.show_target(self.complaint_flow.target)

    def _complaint_target(self, target: Target) -> None:
        step = self.complaint_flow.choose_target(target)
        self._complaint_target_changed()
        self._show(step)

    def _complain_about_ticket(self) -> None:
        """ "Sampaikan pengaduan" on a scanned ticket's status."""
        status = self.ticket_status.status
        if status is None:
            return
        step = self.complaint_flow.start(Target.from_ticket(status))
        self._complaint_target_changed()
        self._show(step)

    def _complaint_counters(self) -> None:
        self._show(self.complaint_flow.choose_counters())
        self._call(lambda: queue.list_counters(self.ctx), self.complaint_counters.set_counters)

    def _complaint_counter_chosen(self, number: int) -> None:
        counter = self.complaint_counters.counter(number)
        if counter is None:
            return
        self._complaint_target(Target.from_counter(number, counter.name_id, counter.name_en))

    def _complaint_agency_list(self) -> None:
        self._show(self.complaint_flow.choose_services())

        def loaded(agencies: list[Any]) -> None:
            self._complaint_agencies_seen = list(agencies)
            self.complaint_agencies.set_agencies(agencies)

        self._call(lambda: queue.list_agencies(self.ctx), loaded)

    def _complaint_agency_chosen(self, code: str) -> None:
        agency = next((a for a in self._complaint_agencies_seen if a.code == code), None)
        if agency is None:
            return
        self.complaint_services.set_context(agency)
        self._show(self.complaint_flow.agency_chosen())
        self._call(
            lambda: queue.list_services(self.ctx, code), self.complaint_services.set_services
        )

    def _complaint_search(self) -> None:
        self.complaint_services.set_context(None)
        self._show(self.complaint_flow.search_services())
        self.complaint_services.show_keyboard(True)
        self._call(lambda: queue.list_services(self.ctx), self.complaint_services.set_services)

    def _complaint_service_chosen(self, code: str) -> None:
        service = next((s for s in self.complaint_services.shown_services if s.code == code), None)
        if service is not None:
            self._complaint_target(Target.from_service(service))

    # --- scans -------------------------------------------------------------------------------

    def _on_scanned(self, text: str) -> None:
        """During an unfinished complaint a ticket or receipt says what it is about; anything
        else (a complaint receipt, a poster, garbage) is answered as usual."""
        if self.complaint_flow.in_form(self.nav.current) and not self.pin_pad.isVisible():
            self._call(
                lambda: tracking.resolve_scan(self.ctx, text, self.device), self._on_form_scan
            )
            return
        super()._on_scanned(text)  # type: ignore[misc]

    def _on_form_scan(self, result: Any) -> None:
        target = None
        if result.kind == "ticket" and result.ticket is not None:
            target = Target.from_ticket(result.ticket)
        elif result.kind == "application" and result.application is not None:
            target = Target.from_application(result.application)
        if target is None:
            self._show_scan(result)
            return
        step = self.complaint_flow.scanned(target)
        self._complaint_target_changed()
        self._show(step)

    def _show_scan(self, result: Any, typed: bool = False, code: str = "") -> None:
        """A poster's QR starts (or retargets) a complaint: its screens learn the counter."""
        super()._show_scan(result, typed, code)  # type: ignore[misc]
        if self.complaint_flow.in_form(self.nav.current):
            self._complaint_target_changed()

    # --- the form ----------------------------------------------------------------------------

    def _complaint_category_chosen(self, category: str) -> None:
        self._show(self.complaint_flow.choose_category(category))

    def _complaint_text_submitted(self, text: str) -> None:
        problem = self.complaint_flow.text_problem(text)
        if problem is not None:
            self.complaint_text.show_problem(problem)
            return
        self._show(self.complaint_flow.submit_text(text))

    def _complaint_contact_submitted(self, contact: str) -> None:
        problem = self.complaint_flow.contact_problem(contact)
        if problem is not None:
            self.complaint_contact.show_problem(problem)
            return
        flow = self.complaint_flow
        if flow.category is not None:
            self.complaint_confirm.show_complaint(flow.category, flow.text, contact.strip())
        self._show(flow.submit_contact(contact))

    # --- filing and printing -----------------------------------------------------------------

    def _file_complaint(self) -> None:
        request = self.complaint_flow.request_filing()
        if request is None:
            return
        self.complaint_printing.set_stage("issuing")
        self._render()
        printer = self.printer_uri or None
        lang = self.translator.lang

        def file() -> Any:
            return complaints.file_complaint(
                self.ctx,
                category=request.category,
                text=request.text,
                contact=request.contact,
                visit_code=request.visit_code,
                counter_number=request.counter_number,
                service_code=request.service_code,
                device=self.device,
                source="kiosk",
                printer_uri=printer,
                lang=lang,
            )

        self.workers.submit(file, self._on_complaint_filed, self._on_complaint_error, busy=False)

    def _on_complaint_filed(self, receipt: Any) -> None:
        self.complaint_result.show_receipt(receipt)
        self.complaint_eresult.show_receipt(receipt)
        step = self.complaint_flow.filed(receipt, time.monotonic())
        if step != PRINTING_STEP:
            self._complaint_done()
            return
        if self.spool is not None:
            self.spool.kick()
        self.complaint_printing.set_stage("printing")
        self._poll_complaint_job()

    def _poll_complaint_job(self) -> None:
        watch = self.complaint_flow.watch
        if watch is None:
            return
        job_id = watch.job_id

        def failed(_exc: BaseException) -> None:
            self.complaint_flow.finish("complaint_eresult")
            self._complaint_done()

        self.workers.submit(
            lambda: printjobs.job_state(self.ctx, job_id), self._on_complaint_job, failed,
            busy=False,
        )  # fmt: skip

    def _on_complaint_job(self, job: Any) -> None:
        step = self.complaint_flow.job_update(
            job.id, job.status, job.last_error or "", time.monotonic()
        )
        if step is None:
            if self.complaint_flow.watch is not None:
                self._complaint_timer.start()
            return
        self._set_printer_fault(step == "complaint_eresult")
        self._complaint_done()

    def _complaint_done(self) -> None:
        self._complaint_timer.stop()
        self.behaviour.touch()  # the result's own short time starts now
        self._render()

    def _on_complaint_error(self, exc: BaseException) -> None:
        """Not filed (database away, a visit no longer found): say so; "Kembali" returns to
        the confirm step with everything typed still there."""
        import logging

        if not isinstance(exc, KioskError):
            logging.getLogger(__name__).error("kiosk: complaint not filed", exc_info=exc)
        self.complaint_flow.filing_failed()
        body = "error_unavailable" if isinstance(exc, Unavailable) else "complaint_not_filed"
        message = Message("warning", "error_title", body, "nav_back", "back")
        self.scan_flow.show(message)
        self._put_message(message)
        self._render()
