"""The counter station (loket): wiring between the serve loop, the views and the services.

The serve loop's state (step, counter, enabled actions, the no-show question, the status line)
is ``kiosk.flows.counter.CounterFlow``, tested without Qt; this window renders it and runs the
service calls it hands over (``Command``) in a worker, so the GUI never waits for the database or
a printer. Views: signin, header, queue_panel, register_panel, progress_panel, worklist_panel.
Sign-in, the counter choice and leaving: session.py; reading the counter and the queue tab's
actions and F-keys: serve_loop.py; the application tabs' calls: files.py; for complaint
handlers (supervisor, admin) the "Pengaduan" tab and its badge: complaints.py. Authorisation is
the services' business: refusals are one readable line worded by ``texts.error_text``. Workers,
change watcher and spool come from ``kiosk.ui.bootstrap.build_counter``; the change feed
triggers a re-read of the counter.

Keys: F1 call next, F2 recall, F3 start serving, F4 finish, F5 no-show (F5 again confirms, Esc
cancels), F6 transfer, F7 pause or open; they work wherever the focus is once an officer is at a
counter (and bring the queue tab to the front), and do nothing a disabled button would not do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Slot
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QTabWidget, QVBoxLayout, QWidget

from kiosk.errors import KioskError
from kiosk.flows.counter import CounterFlow, CounterState
from kiosk.services import catalog, printjobs, queue
from kiosk.services.printjobs import JobState
from kiosk.services.queue import ServiceView
from kiosk.services.staff import Officer
from kiosk.ui.bootstrap import CounterParts
from kiosk.ui.counter import style
from kiosk.ui.counter.complaints import ComplaintsController
from kiosk.ui.counter.files import FilesController
from kiosk.ui.counter.header import CounterHeader, FaultBanner, repolish
from kiosk.ui.counter.progress_panel import ProgressPanel
from kiosk.ui.counter.queue_panel import QueuePanel
from kiosk.ui.counter.register_panel import RegisterPanel
from kiosk.ui.counter.retention import RetentionTimer
from kiosk.ui.counter.serve_loop import ServeLoop
from kiosk.ui.counter.session import CounterSession
from kiosk.ui.counter.signin import ChoicePage, SignInPage, label
from kiosk.ui.counter.texts import CounterTranslator, error_text
from kiosk.ui.counter.worklist_panel import WorkListPanel
from kiosk.ui.i18n import Lang
from kiosk.ui.shared.feed import concerns
from kiosk.ui.theme import load_fonts
from kiosk.ui.workers import DelayedFlag

__all__ = ["CounterWindow"]

log = logging.getLogger(__name__)

WINDOWED_SIZE = QSize(1180, 680)


class CounterWindow(QWidget):
    """The loket application in one window."""

    def __init__(self, parts: CounterParts, *, windowed: bool = False, lang: Lang = "id") -> None:
        super().__init__()
        self.family = load_fonts()
        self.parts = parts
        self.ctx = ctx = parts.ctx
        self.zone = ctx.zone
        self.windowed = windowed
        self.tr_ = CounterTranslator(lang, self)
        self.printer_uri = parts.printer_uri
        self.flow = CounterFlow(ctx, fixed_counter=ctx.settings.counter.number or None)
        self.services: list[ServiceView] = []
        self._scale = 0.0
        self._shut_down = False

        self.setObjectName("counterWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        parts.adopt(self)
        self.workers = parts.workers
        self._busy = DelayedFlag(parent=self)
        self.workers.busy_changed.connect(self._busy.set_active)
        self._busy.visible_changed.connect(self._on_busy)
        self.watcher = parts.watcher
        self.watcher.changed.connect(self._on_changed)
        self.watcher.online_changed.connect(lambda online: self.offline.setVisible(not online))
        self.spool = parts.spool
        parts.bridge.job_changed.connect(self._on_job_changed)

        self._build()
        self.files = FilesController(
            ctx,
            self.workers,
            self.tr_,
            (self.register_panel, self.progress_panel, self.worklist_panel),
            officer=lambda: self.flow.officer,
            printer_uri=self.printer_uri,
            receipts_dir=parts.receipts_dir,
            kick_spool=self._kick_spool,
            status=self.show_info,
            show_tab=self.tabs.setCurrentWidget,
            parent=self,
        )
        self.complaints = ComplaintsController(
            ctx, self.workers, self.tr_, self.tabs, officer=lambda: self.flow.officer, parent=self
        )
        self.serve_loop = ServeLoop(
            ctx,
            self.workers,
            self.tr_,
            self.flow,
            self.queue_panel,
            self.tabs,
            window=self,
            call=self._call,
            render_message=self._render_message,
        )
        self.serve_loop.state_shown.connect(self._on_state_shown)
        self.session = CounterSession(
            ctx,
            self.tr_,
            self.flow,
            self.signin,
            self.choice,
            call=self._call,
            show_error=self.show_error,
            render=self._render,
            seat=self.choose_counter,
            unseat=self._stop_watching,
            forget=self._forget_officer,
            parent=self,
        )
        self.header.change_requested.connect(self.session.change_counter)
        self.header.signout_requested.connect(self.session.sign_out)
        # UU PDP retention: the daily purge of expired personal data, on the worker pool.
        self.retention = RetentionTimer(ctx, self.workers, parent=self)
        self.retention.start()

        self.retranslate_ui()
        self.resize(WINDOWED_SIZE if windowed else QSize(1366, 768))
        self._apply_scale()
        self._render()
        self.workers.submit(
            lambda: catalog.read_catalog(ctx).site, self._on_site, lambda _exc: None, busy=False
        )

    # --- what the flow knows, as tests and the panels read it -----------------------------------

    @property
    def officer(self) -> Officer | None:
        return self.flow.officer

    @property
    def counter_number(self) -> int | None:
        return self.flow.counter_number

    @property
    def state(self) -> CounterState | None:
        return self.flow.state

    # --- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        tr = self.tr_
        self.header = header = CounterHeader(tr)
        header.language_requested.connect(self.set_language)
        self.counter_name, self.state_badge = header.counter_name, header.state_badge
        self.officer_label, self.lang_buttons = header.officer_label, header.lang_buttons
        self.change_button, self.signout_button = header.change_button, header.signout_button
        self.fault_banner = FaultBanner(tr)
        self.fault_banner.reprint_requested.connect(self._reprint_fault)
        self.fault_text, self.fault_reprint = self.fault_banner.text, self.fault_banner.reprint
        self.offline = label("", "offlineBanner")
        self.offline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline.hide()

        self.signin = SignInPage(tr)
        self.choice = ChoicePage(tr)
        self.choice.counter_chosen.connect(self.choose_counter)
        self.queue_panel = QueuePanel(tr, self.zone)
        self.register_panel = RegisterPanel(tr, self.zone)
        self.progress_panel = ProgressPanel(tr, self.zone)
        self.worklist_panel = WorkListPanel(tr)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        for panel in (self.queue_panel, self.register_panel, self.progress_panel):
            self.tabs.addTab(panel, "")
        self.tabs.addTab(self.worklist_panel, "")
        self.message = label("", "infoLine")
        self.message.hide()
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.main = QWidget()
        main = QVBoxLayout(self.main)
        main.setContentsMargins(18, 14, 18, 14)
        main.setSpacing(10)
        main.addWidget(self.tabs, 1)
        main.addWidget(self.message)

        self.pages = QStackedWidget()
        for page in (self.signin, self.choice, self.main):
            self.pages.addWidget(page)
        root = QVBoxLayout(self)
        # No minimum size pushed onto the top-level window: it is sized by us (and the offscreen
        # platform of the tests warns about size hints it cannot pass on).
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        for widget in (self.header, self.fault_banner, self.offline):
            root.addWidget(widget)
        root.addWidget(self.pages, 1)

    # --- language and look ---------------------------------------------------------------------

    def set_language(self, lang: str) -> None:
        """Switch every visible string now (no restart)."""
        self.tr_.set_language("en" if lang == "en" else "id")
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.setWindowTitle(t("window_title"))
        self.header.retranslate_ui()
        self.fault_banner.retranslate_ui()
        self.offline.setText(t("offline"))
        for index, key in enumerate(("tab_queue", "tab_register", "tab_progress", "tab_worklist")):
            self.tabs.setTabText(index, t(key))
        for view in (self.signin, self.choice, self.queue_panel, self.register_panel):
            view.retranslate_ui()
        self.progress_panel.retranslate_ui()
        self.worklist_panel.retranslate_ui()
        self.complaints.retranslate_ui()
        self._render()

    def _on_site(self, site: dict[str, Any]) -> None:
        """The header names this MPP as the catalogue does (another MPP, another name)."""
        self.header.site_names = {
            "id": str(site.get("name_id", "")),
            "en": str(site.get("name_en", "")),
        }
        self.header.retranslate_ui()

    def _on_tab_changed(self, _index: int) -> None:
        self.flow.clear_message()  # a line about the queue means nothing on another tab
        self._render_message()
        if self.tabs.currentWidget() is self.worklist_panel:
            self.files.load_worklist()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_scale()

    def _apply_scale(self) -> None:
        scale = style.window_scale(self.width(), self.height())
        if abs(scale - self._scale) < 0.02:
            return
        self._scale = scale
        self.setStyleSheet(style.style_for(scale))
        self.signin.set_scale(scale)
        self.queue_panel.set_scale(scale)

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    # --- rendering the flow --------------------------------------------------------------------

    def _render(self) -> None:
        """Page, header and status line as the flow says."""
        flow = self.flow
        page = {"signin": self.signin, "choose": self.choice, "serve": self.main}[flow.step]
        if self.pages.currentWidget() is not page:
            self.pages.setCurrentWidget(page)
        view = flow.counter_view
        name = None
        if flow.at_counter:
            name = (
                self.tr_.pick(view.name_id, view.name_en)
                if view
                else f"Loket {flow.counter_number}"
            )
        state = flow.state.snapshot.state if flow.state is not None else None
        self.header.show_status(flow.officer, name, state, may_change=flow.may_change_counter)
        self._render_message()

    def _render_message(self) -> None:
        message = self.flow.message
        text, error = "", False
        if message is not None and message.kind == "error" and message.error is not None:
            text, error = error_text(self.tr_.lang, message.error), True
        elif message is not None and message.key:
            text = self.tr_.t(message.key, **message.params)
        self.message.setObjectName("errorLine" if error else "infoLine")
        repolish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def show_error(self, exc: BaseException) -> None:
        """One readable line, never a traceback (unexpected errors are logged in full)."""
        if not isinstance(exc, KioskError):
            log.error("counter: unexpected error", exc_info=exc)
        self.flow.failed(exc)
        self._render_message()

    def show_info(self, text: str) -> None:
        """A line already worded (a registration's number and due date)."""
        self.message.setObjectName("infoLine")
        repolish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- life cycle ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the feed, the spool and the timers; wait briefly for calls in flight."""
        if self._shut_down:
            return
        self._shut_down = True
        self.serve_loop.shutdown()
        self.retention.stop()
        self.parts.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def _call(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """A service call in a worker; errors become the status line unless handled."""
        self.workers.submit(fn, on_done, on_error or self.show_error)

    def _kick_spool(self) -> None:
        if self.spool is not None:
            self.spool.kick()

    # --- at a counter --------------------------------------------------------------------------

    def choose_counter(self, number: int) -> None:
        """Work at counter ``number``: load its state and the services for registration."""
        officer = self.flow.officer
        if officer is None:
            return
        self.flow.choose(number)
        self.queue_panel.show_confirm(None)
        self.files.clear()
        self.register_panel.default_complete_time(self.ctx.now())
        self.tabs.setCurrentWidget(self.queue_panel)
        self._render()
        ctx = self.ctx
        agency = officer.agency_code if officer.role == "officer" else None
        self._call(lambda: queue.list_services(ctx, agency_code=agency), self._on_services)
        self.refresh()
        self.watcher.start()
        self.serve_loop.start()
        self.complaints.start()

    def _on_services(self, services: list[ServiceView]) -> None:
        self.services = services
        self.register_panel.set_services(services)
        self.complaints.set_services(services)

    def _stop_watching(self) -> None:
        self.complaints.stop()
        self.watcher.stop()
        self.serve_loop.stop()
        self.queue_panel.show_confirm(None)
        self.fault_banner.show_faults([], [])

    def _forget_officer(self) -> None:
        self.services = []
        self.files.clear()

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the counter (kiosk/ui/counter/serve_loop.py)."""
        self.serve_loop.refresh()

    @Slot(object)
    def _on_changed(self, tables: object) -> None:
        if isinstance(tables, set) and concerns(tables, "tickets", "counters", "print_jobs"):
            self.refresh()
        if isinstance(tables, set):
            self.complaints.changed(tables)

    def _on_state_shown(self, state: CounterState) -> None:
        current = state.snapshot.current
        self.register_panel.set_current_ticket(
            current.number if current else None, current.code if current else None
        )
        self.fault_banner.show_faults(state.faults, state.kiosk_faults)
        self._render()

    # --- printer faults ------------------------------------------------------------------------

    def _reprint_fault(self) -> None:
        state = self.flow.state
        if state is None or not state.faults:
            return
        officer = self.flow.officer
        if officer is None:
            return
        job_id = state.faults[0].id
        ctx, uri = self.ctx, self.printer_uri

        def done(_new_id: Any) -> None:
            self.flow.info("info_reprinted")
            self._render_message()
            self._kick_spool()
            self.refresh()

        self._call(lambda: printjobs.reprint(ctx, officer, job_id, printer_uri=uri), done)

    @Slot(object)
    def _on_job_changed(self, job: JobState) -> None:
        self.files.job_changed(job)
        self.refresh()
