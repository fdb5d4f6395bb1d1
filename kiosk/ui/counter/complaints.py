"""The complaint register in a supervisor's counter window: the "Pengaduan" tab and its badge
("Pengaduan: 4 terbuka, 2 lewat batas waktu", at the right of the tab bar, so it is in sight
whichever tab is open; a click opens the register) wired to ``kiosk.services.complaints``.

The tab exists only while someone holding ``complaints.handle`` is signed in (supervisor,
admin): it is added when they sit down at a counter and removed when they leave, so an
officer's window never has it; the services refuse an officer anyway, and decide everything
else (never a complaint about oneself, an agency's supervisor only their agency's, the contact
only through the audited ``reporter_contact`` for ``complaints.contact``).

Every read and step runs in the window's workers. The list, the badge and an open complaint
are read again when the change feed reports a change (SQLite: any commit; PostgreSQL: the
periodic full refresh, complaints having no trigger of their own), a burst of changes coalesced
into one read, and one read at a time; the feed's periodic refresh also turns a complaint
overdue on screen when its deadline passes without a response.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtWidgets import QPushButton, QTabWidget

from kiosk.errors import KioskError
from kiosk.i18n import format_date
from kiosk.services import complaints
from kiosk.services.complaints import ComplaintDetail, ComplaintRow, RegisterCounts
from kiosk.services.context import AppContext
from kiosk.services.queue import ServiceView
from kiosk.services.staff import Officer
from kiosk.ui.counter.complaint_actions import common_label
from kiosk.ui.counter.complaints_panel import ComplaintsTab
from kiosk.ui.counter.header import repolish
from kiosk.ui.counter.texts import CounterTranslator, error_text
from kiosk.ui.shared.feed import concerns
from kiosk.ui.workers import Workers

__all__ = ["HANDLE", "ComplaintsController"]

log = logging.getLogger(__name__)

HANDLE = "complaints.handle"
CONTACT = "complaints.contact"
#: Changes arriving within this time are read once.
COALESCE_MS = 250


class ComplaintsController(QObject):
    """The register's tab and badge for the signed-in handler (module docstring)."""

    def __init__(
        self,
        ctx: AppContext,
        workers: Workers,
        tr: CounterTranslator,
        tabs: QTabWidget,
        *,
        officer: Callable[[], Officer | None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.workers, self.tr_ = ctx, workers, tr
        self.tabs = tabs
        self._officer = officer
        self.tab = ComplaintsTab(tr, ctx.zone)
        self.list, self.detail = self.tab.list, self.tab.detail
        self.counts: RegisterCounts | None = None
        self._service_names: dict[str, tuple[str, str]] = {}
        self.list.service_name = self.detail.service_name = self._service_name
        self.badge = QPushButton()
        self.badge.setObjectName("complaintBadge")
        self.badge.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.badge.clicked.connect(self.show_register)
        self.badge.hide()
        tabs.setCornerWidget(self.badge, Qt.Corner.TopRightCorner)
        self.active = False
        self._loading = False
        self._dirty = False
        self._coalesce = QTimer(self)
        self._coalesce.setSingleShot(True)
        self._coalesce.setInterval(COALESCE_MS)
        self._coalesce.timeout.connect(self.reload)

        self.list.reload_requested.connect(self.reload)
        self.list.open_requested.connect(self.open)
        self.detail.back_requested.connect(self._back)
        d = self.detail.next_steps
        d.classify_requested.connect(self._classify)
        d.assign_requested.connect(self._assign)
        d.respond_requested.connect(self._respond)
        d.close_requested.connect(self._close)
        d.result_requested.connect(self._result)
        d.contact_requested.connect(self._contact)
        tabs.currentChanged.connect(self._on_tab_changed)

    # --- life cycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """At a counter: the tab and the badge for a handler; nothing for anyone else."""
        officer = self._officer()
        if officer is None or not officer.can(HANDLE):
            self.stop()
            return
        self.detail.next_steps.set_may_contact(officer.can(CONTACT))
        if not self.active:
            self.active = True
            self.tabs.addTab(self.tab, "")
            self.retranslate_ui()
        self.reload()

    def stop(self) -> None:
        """Signed out or left the counter: the tab goes, and nothing of it stays on screen."""
        self.active = False
        self._coalesce.stop()
        index = self.tabs.indexOf(self.tab)
        if index >= 0:
            self.tabs.removeTab(index)
        self.show_counts(None)
        self.list.show_rows([])
        self.detail.clear()
        self.tab.show_list()

    def set_services(self, services: list[ServiceView]) -> None:
        """The catalogue's service names, to show "Izin Reklame" rather than REKLAME."""
        self._service_names = {s.code: (s.name_id, s.name_en) for s in services}
        self.list.retranslate_ui()
        self.detail.retranslate_ui()

    def _service_name(self, code: str) -> str:
        names = self._service_names.get(code)
        return self.tr_.pick(*names) if names else code

    def retranslate_ui(self) -> None:
        index = self.tabs.indexOf(self.tab)
        if index >= 0:
            self.tabs.setTabText(index, self.tr_.t("tab_complaints"))
        self.tab.retranslate_ui()
        self.show_counts(self.counts)

    def show_counts(self, counts: RegisterCounts | None) -> None:
        """The badge: open and overdue complaints (None: not a handler, hidden)."""
        self.counts = counts
        self.badge.setVisible(counts is not None)
        if counts is None:
            return
        level = "overdue" if counts.overdue else "open" if counts.open else "none"
        self.badge.setText(
            self.tr_.t(f"cmp_badge_{level}", open=counts.open, overdue=counts.overdue)
        )
        self.badge.setProperty("level", level)
        repolish(self.badge)

    def changed(self, tables: set[str]) -> None:
        """The change feed's news: read again soon (a burst is one read)."""
        if self.active and concerns(tables, "complaints", "complaint_steps"):
            self._coalesce.start()

    def show_register(self) -> None:
        """The badge: the register's list."""
        if self.active:
            self.tabs.setCurrentWidget(self.tab)
            self._back()

    def _on_tab_changed(self, _index: int) -> None:
        if self.active and self.tabs.currentWidget() is self.tab:
            self.reload()

    # --- reading -------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the list (with the filters on screen), the badge's counts and the complaint that
        is open; one read at a time, a change meanwhile queues one more."""
        officer = self._officer()
        if not self.active or officer is None:
            return
        if self._loading:
            self._dirty = True
            return
        self._loading, self._dirty = True, False
        ctx, filters = self.ctx, self.list.filters()
        code = self.detail.current_code if self.tab.currentWidget() is self.detail else None

        def work() -> tuple[list[ComplaintRow], RegisterCounts, ComplaintDetail | None]:
            rows = complaints.list_complaints(ctx, officer, filters)
            counts = complaints.register_counts(ctx, officer)
            detail = complaints.show_complaint(ctx, officer, code) if code else None
            return rows, counts, detail

        self.workers.submit(work, self._on_read, self._on_read_error, busy=False)

    def _on_read(
        self, result: tuple[list[ComplaintRow], RegisterCounts, ComplaintDetail | None]
    ) -> None:
        self._loading = False
        if self.active:
            rows, counts, detail = result
            self.list.show_rows(rows)
            self.show_counts(counts)
            if detail is not None and detail.row.code == self.detail.current_code:
                self.detail.show_detail(detail)
        self._again()

    def _on_read_error(self, exc: BaseException) -> None:
        self._loading = False
        if self.active:
            self.list.show_error(error_text(self.tr_.lang, exc))
        self._again()

    def _again(self) -> None:
        if self._dirty and self.active:
            QTimer.singleShot(0, self, self.reload)

    def open(self, code: str) -> None:
        """One complaint in the detail page, with the names it may be given to."""
        officer = self._officer()
        if officer is None:
            return
        ctx = self.ctx

        def work() -> tuple[ComplaintDetail, list[complaints.Handler]]:
            detail = complaints.show_complaint(ctx, officer, code)
            return detail, complaints.assignable_staff(ctx, officer, code)

        def done(result: tuple[ComplaintDetail, list[complaints.Handler]]) -> None:
            detail, handlers = result
            self.detail.show_detail(detail, fresh=True)
            self.detail.set_handlers(handlers)
            self.tab.show_detail()

        self.workers.submit(work, done, self._error(self.list.show_error))

    def _back(self) -> None:
        self.detail.next_steps.show_contact(None)  # the contact never stays on screen
        self.tab.show_list()
        self.reload()

    # --- steps ---------------------------------------------------------------------------------

    def _error(self, show: Callable[[str], None]) -> Callable[[BaseException], None]:
        def failed(exc: BaseException) -> None:
            self.detail.set_busy(False)
            show(error_text(self.tr_.lang, exc))
            if not isinstance(exc, KioskError):
                log.error("counter: complaint step failed", exc_info=exc)

        return failed

    def _step(self, call: Callable[[Officer], ComplaintDetail], done_key: str) -> None:
        """A register step in a worker: the complaint as it is now, a line saying what was done,
        the list and badge read again; a refusal is the detail's error line."""
        officer = self._officer()
        if officer is None:
            return

        def done(detail: ComplaintDetail) -> None:
            self.detail.set_busy(False)
            self.detail.show_detail(detail, fresh=True)
            self.detail.show_error("")
            self.detail.show_info(self._done_text(done_key, detail))
            self.reload()

        self.detail.set_busy(True)
        self.workers.submit(lambda: call(officer), done, self._error(self.detail.show_error))

    def _done_text(self, key: str, detail: ComplaintDetail) -> str:
        row = detail.row
        return self.tr_.t(
            key,
            code=row.code_display,
            name=common_label(self.tr_, "class", row.complaint_class),
            date=format_date(row.due_date, self.tr_.lang),
            assignee=row.assignee_username or "",
        )

    def _classify(self, code: str, klass: str, note: str) -> None:
        ctx = self.ctx
        self._step(lambda o: complaints.classify(ctx, o, code, klass, note), "cmp_done_classified")

    def _assign(self, code: str, username: str, note: str) -> None:
        ctx = self.ctx
        self._step(lambda o: complaints.assign(ctx, o, code, username, note), "cmp_done_assigned")

    def _respond(self, code: str, text: str, note: str) -> None:
        ctx = self.ctx
        self._step(lambda o: complaints.respond(ctx, o, code, text, note), "cmp_done_responded")

    def _close(self, code: str, founded: bool, outcome: str, note: str) -> None:
        ctx = self.ctx
        self._step(
            lambda o: complaints.close(ctx, o, code, founded=founded, outcome=outcome, note=note),
            "cmp_done_closed",
        )

    def _result(self, code: str, text: str) -> None:
        ctx = self.ctx
        self._step(
            lambda o: complaints.record_outcome_result(ctx, o, code, text), "cmp_done_result"
        )

    def _contact(self, code: str) -> None:
        officer = self._officer()
        if officer is None:
            return
        ctx = self.ctx

        def done(contact: Any) -> None:
            self.detail.set_busy(False)
            self.detail.next_steps.show_contact(str(contact))

        self.detail.set_busy(True)
        self.workers.submit(
            lambda: complaints.reporter_contact(ctx, officer, code),
            done,
            self._error(self.detail.show_error),
        )
