"""The counter's application tabs wired to their use cases: registration (with the receipt on the
counter printer and the A5 PDF), the progress of one file, and the agency's work list.

Every call runs in the window's workers; errors are worded by ``texts.error_text`` (the one place
the counter turns errors into words) and shown by the panel that asked.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from kiosk.config import private_dir
from kiosk.errors import KioskError
from kiosk.i18n import format_date
from kiosk.services import applications, worklist
from kiosk.services.context import AppContext
from kiosk.services.printjobs import JobState
from kiosk.services.staff import Officer
from kiosk.ui.counter.progress_panel import ProgressPanel
from kiosk.ui.counter.register_panel import RegisterForm, RegisterPanel
from kiosk.ui.counter.texts import CounterTranslator, error_text, printer_error_text
from kiosk.ui.counter.worklist_panel import WorkListPanel
from kiosk.ui.i18n import Lang
from kiosk.ui.workers import Workers

log = logging.getLogger(__name__)


def save_receipt_pdf(
    ctx: AppContext, officer: Officer, registration_number: str, folder: Path, lang: Lang
) -> Path:
    """The A5 receipt PDF as <folder>/<registration number>.pdf (the officer's agency's only)."""
    private_dir(folder)  # receipts name applicants: the owner's only, as the data folder
    safe = "".join(ch for ch in registration_number if ch.isalnum() or ch in "-_") or "receipt"
    target = folder / f"{safe}.pdf"
    return applications.receipt_pdf(ctx, officer, registration_number, target, lang=lang)


class FilesController(QObject):
    """Registration, progress and work list: the panels' requests become service calls."""

    def __init__(
        self,
        ctx: AppContext,
        workers: Workers,
        tr: CounterTranslator,
        panels: tuple[RegisterPanel, ProgressPanel, WorkListPanel],
        *,
        officer: Callable[[], Officer | None],
        printer_uri: str,
        receipts_dir: Path,
        kick_spool: Callable[[], None],
        status: Callable[[str], None],
        show_tab: Callable[[QWidget], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.workers, self.tr_ = ctx, workers, tr
        self.register_panel, self.progress_panel, self.worklist_panel = panels
        self._officer, self._kick, self._status, self._show_tab = (
            officer,
            kick_spool,
            status,
            show_tab,
        )
        self.printer_uri, self.receipts_dir = printer_uri, receipts_dir
        self.receipt_job: int | None = None
        # The spool may finish a job before the worker that queued it has returned its id (a
        # preview prints in milliseconds): the last states seen are kept to be shown then.
        self._seen_jobs: dict[int, JobState] = {}
        self.register_panel.register_requested.connect(self._register)
        self.register_panel.reprint_requested.connect(self._reprint_receipt)
        self.register_panel.pdf_requested.connect(self._save_pdf)
        self.progress_panel.find_requested.connect(self.find)
        self.progress_panel.action_requested.connect(self._progress_action)
        self.worklist_panel.reload_requested.connect(self.load_worklist)
        self.worklist_panel.open_requested.connect(self.open_in_progress)

    def _error(self, show: Callable[[str], None], what: str) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            show(error_text(self.tr_.lang, exc))
            if not isinstance(exc, KioskError):
                log.error("counter: %s failed", what, exc_info=exc)

        return failed

    # --- registration --------------------------------------------------------------------------

    def _register(self, form: RegisterForm) -> None:
        officer = self._officer()
        if officer is None:
            return
        ctx, uri, lang, folder = self.ctx, self.printer_uri, self.tr_.lang, self.receipts_dir

        def work() -> tuple[Any, Path | None]:
            result = applications.register(
                ctx,
                officer,
                form.service_code,
                name=form.name,
                nik=form.nik,
                phone=form.phone,
                documents=list(form.documents),
                not_applicable=list(form.not_applicable),
                complete_at=form.complete_at,
                ticket_code=form.ticket_code,
                printer_uri=uri if form.print_receipt else None,
                lang=lang,
                notify_opt_in=form.notify_opt_in,
            )
            path = None
            if form.save_pdf:
                path = save_receipt_pdf(ctx, officer, result.registration_number, folder, lang)
            return result, path

        show = self._error(self.register_panel.show_error, "registration")

        def failed(exc: BaseException) -> None:
            self.register_panel.set_busy(False)
            show(exc)

        self.register_panel.set_busy(True)
        self.workers.submit(work, self._on_registered, failed)

    def _on_registered(self, outcome: tuple[Any, Path | None]) -> None:
        result, path = outcome
        t = self.tr_.t
        self.register_panel.set_busy(False)
        self.register_panel.show_result(result)
        if result.print_job_id is not None:
            self._watch_receipt_job(result.print_job_id)
            self._kick()
        if path is not None:
            self.register_panel.show_pdf_path(t("pdf_saved", path=str(path)))
        due = format_date(result.due_date, self.tr_.lang)
        self._status(f"{result.registration_number}: {t('reg_due')} {due}")

    def _reprint_receipt(self, registration_number: str) -> None:
        officer = self._officer()
        if officer is None:
            return
        ctx, uri, lang = self.ctx, self.printer_uri, self.tr_.lang

        def done(job_id: int) -> None:
            self._watch_receipt_job(job_id)
            self.progress_panel.show_info(self.tr_.t("print_queued"))
            self._kick()

        self.workers.submit(
            lambda: applications.print_receipt(ctx, officer, registration_number, uri, lang),
            done,
            self._error(self.progress_panel.show_error, "reprint"),
        )

    def _save_pdf(self, registration_number: str) -> None:
        officer = self._officer()
        if officer is None:
            return
        ctx, folder, lang = self.ctx, self.receipts_dir, self.tr_.lang
        self.workers.submit(
            lambda: save_receipt_pdf(ctx, officer, registration_number, folder, lang),
            lambda path: self.register_panel.show_pdf_path(self.tr_.t("pdf_saved", path=str(path))),
            self._error(self.register_panel.show_error, "PDF"),
        )

    def job_changed(self, job: JobState) -> None:
        """A print job's attempt ended: the receipt's line says so."""
        self._seen_jobs[job.id] = job
        while len(self._seen_jobs) > 32:
            del self._seen_jobs[next(iter(self._seen_jobs))]
        if job.id == self.receipt_job:
            self._show_receipt_job(job)

    def _watch_receipt_job(self, job_id: int) -> None:
        """Follow ``job_id``'s printing; shows its outcome at once if the spool was faster."""
        self.receipt_job = job_id
        self.register_panel.show_print_state(self.tr_.t("print_queued"))
        seen = self._seen_jobs.get(job_id)
        if seen is not None:
            self._show_receipt_job(seen)

    def _show_receipt_job(self, job: JobState) -> None:
        if job.status == "done":
            self.register_panel.show_print_state(self.tr_.t("print_done"))
        elif job.last_error:
            error = printer_error_text(self.tr_.lang, job.last_error)
            self.register_panel.show_print_state(self.tr_.t("print_failed", error=error), ok=False)

    # --- progress ------------------------------------------------------------------------------

    def find(self, code: str) -> None:
        officer = self._officer()
        if officer is None:
            return
        ctx = self.ctx

        def found(view: Any) -> None:
            self.progress_panel.show_view(view)
            self.progress_panel.show_info("")

        self.workers.submit(
            lambda: applications.staff_view(ctx, officer, code),
            found,
            self._error(self.progress_panel.show_error, "application look-up"),
        )

    def open_in_progress(self, registration_number: str) -> None:
        """From the work list: the file in the progress tab."""
        self._show_tab(self.progress_panel)
        self.progress_panel.code.setText(registration_number)
        self.progress_panel.show_error("")
        self.find(registration_number)

    def _progress_action(self, action: str, registration_number: str, note: str) -> None:
        officer = self._officer()
        if officer is None:
            return
        if action == "reprint":
            self._reprint_receipt(registration_number)
            return
        ctx, code = self.ctx, registration_number
        nxt = self.progress_panel.next_stage()
        calls: dict[str, Callable[[], Any]] = {
            "advance": lambda: applications.advance(
                ctx, officer, code, nxt.code if nxt is not None else "", note
            ),
            "ready": lambda: applications.mark_ready(ctx, officer, code, note),
            "handover": lambda: applications.hand_over(ctx, officer, code, note),
            "return": lambda: applications.return_to_applicant(ctx, officer, code, note),
            "resume": lambda: applications.resume(ctx, officer, code, note),
            "reject": lambda: applications.reject(ctx, officer, code, note),
        }

        def done(view: Any) -> None:
            self.progress_panel.show_view(view)
            stage = self.tr_.pick(view.current_stage_name_id, view.current_stage_name_en)
            self.progress_panel.show_info(
                self.tr_.t("prog_updated", number=view.registration_number, stage=stage)
            )

        self.workers.submit(
            calls[action], done, self._error(self.progress_panel.show_error, "progress")
        )

    # --- work list -----------------------------------------------------------------------------

    def load_worklist(self) -> None:
        officer = self._officer()
        if officer is None:
            return
        ctx = self.ctx
        agency = officer.agency_code if officer.role == "officer" else None
        self.workers.submit(
            lambda: worklist.work_list(ctx, officer, agency),
            self.worklist_panel.show_items,
            self._error(self.worklist_panel.show_error, "work list"),
        )

    def clear(self) -> None:
        """Signed out or another counter: no file of the previous officer stays on screen."""
        self.register_panel.clear_form()
        self.progress_panel.clear_view()
        self.progress_panel.code.clear()
        self.worklist_panel.show_items([])
        self.receipt_job = None
