"""The counter station (loket): sign in, call and serve tickets, register and progress files.

The window is the controller between thin views (signin.py, queue_panel.py, register_panel.py,
progress_panel.py) and the use cases (kiosk.services.staff, queue, applications, printjobs).
Every service call runs in a worker (kiosk/ui/workers.py): the GUI never waits for the database
or a printer. Authorisation is the services' business: the window offers every button and shows
a refusal (another agency, a role that may not, a stage out of order) as one readable line.

What the officer sees stays current without pressing anything: the change feed
(kiosk/ui/shared/feed.py: data_version on SQLite, LISTEN/NOTIFY on PostgreSQL) triggers a
re-read of the counter's snapshot, its waiting list and the printer faults.

Receipts are printed like the kiosk's tickets: ``register(..., printer_uri)`` commits the
application and its print job in one transaction, and this window's PrintSpool (a daemon thread)
sends the job to the counter printer (``settings.printer_uri("counter")``); its result comes back
through a queued signal. An A5 PDF can be saved next to the data folder (``receipts/``).

Keys: F1 call next, F2 recall, F3 start serving, F4 finish, F5 no-show, F6 transfer, F7 pause or
open; they work wherever the focus is once an officer is at a counter (and bring the queue tab to
the front), and do nothing a disabled button would not do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import data_dir
from kiosk.errors import KioskError, Refused
from kiosk.printing.timefmt import format_date
from kiosk.services import applications, catalog, printjobs, queue, staff
from kiosk.services.context import AppContext
from kiosk.services.printjobs import JobState
from kiosk.services.queue import CounterSnapshot, CounterView, ServiceView, WaitingTicket
from kiosk.services.staff import Officer
from kiosk.ui.counter import style
from kiosk.ui.counter.progress_panel import ProgressPanel
from kiosk.ui.counter.queue_panel import ACTIONS, QueuePanel, TransferDialog
from kiosk.ui.counter.register_panel import RegisterForm, RegisterPanel
from kiosk.ui.counter.signin import ChoicePage, SignInPage, label
from kiosk.ui.counter.texts import CounterTranslator, error_text, printer_error_text
from kiosk.ui.shared.feed import ChangeWatcher, concerns
from kiosk.ui.i18n import LANGS, Lang
from kiosk.ui.theme import load_fonts
from kiosk.ui.workers import DelayedFlag, SpoolBridge, Workers

__all__ = ["CounterState", "CounterWindow", "create_counter_window"]

log = logging.getLogger(__name__)

WINDOWED_SIZE = QSize(1180, 680)
#: The "called 3 minutes ago" line is re-drawn this often (no database read).
CLOCK_MS = 20_000


@dataclass(frozen=True)
class CounterState:
    """One read of what the counter shows: its snapshot, the waiting numbers, printer faults."""

    snapshot: CounterSnapshot
    waiting: list[WaitingTicket]
    faults: list[JobState]


def read_counter(ctx: AppContext, number: int) -> CounterState:
    """The counter window's refresh (runs in a worker)."""
    return CounterState(
        snapshot=queue.counter_snapshot(ctx, number),
        waiting=queue.waiting_tickets(ctx, number, limit=100),
        faults=printjobs.open_faults(ctx, limit=20),
    )


def counters_for(officer: Officer, counters: list[CounterView]) -> list[CounterView]:
    """The counters an officer may pick: their agency's and shared ones; all for supervisors.

    Only a convenience: queue operations check the agency again (kiosk.services.queue).
    """
    if officer.role != "officer" or officer.agency_id is None:
        return counters
    return [c for c in counters if c.agency_id in (None, officer.agency_id)]


class CounterWindow(QWidget):
    """The loket application in one window."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        windowed: bool = False,
        printer_uri: str | None = None,
        start_spool: bool = True,
        lang: Lang = "id",
        receipts_dir: Path | None = None,
        poll_ms: int | None = None,
    ) -> None:
        super().__init__()
        self.family = load_fonts()
        self.ctx = ctx
        self.zone = ctx.zone
        self.windowed = windowed
        self.tr_ = CounterTranslator(lang, self)
        self.printer_uri = printer_uri or ctx.settings.printer_uri("counter")
        self.receipts_dir = receipts_dir or data_dir() / "receipts"
        self.fixed_counter = ctx.settings.counter.number or None
        self.officer: Officer | None = None
        self.counter_number: int | None = None
        self.counter_view: CounterView | None = None
        self.counters: list[CounterView] = []
        self.services: list[ServiceView] = []
        self.state: CounterState | None = None
        self._loading = False
        self._dirty = False
        self._receipt_job: int | None = None
        self._site_names: dict[str, str] = {}
        self.transfer_dialog: TransferDialog | None = None
        self._scale = 0.0
        self._shut_down = False

        self.setObjectName("counterWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.workers = Workers(self)
        self._busy = DelayedFlag(parent=self)
        self.workers.busy_changed.connect(self._busy.set_active)
        self._busy.visible_changed.connect(self._on_busy)
        watcher_args: dict[str, Any] = {"parent": self}
        if poll_ms is not None:
            watcher_args["poll_ms"] = poll_ms
        self.watcher = ChangeWatcher(ctx.db.url, self.workers, **watcher_args)
        self.watcher.changed.connect(self._on_changed)
        self.watcher.online_changed.connect(lambda online: self.offline.setVisible(not online))

        self._build()
        self._bridge = SpoolBridge(self)
        self._bridge.job_changed.connect(self._on_job_changed)
        self.spool: Any = None
        if start_spool and self.printer_uri:
            from kiosk.printing.spool import PrintSpool  # escpos is imported on first use

            self.spool = PrintSpool(ctx, self.printer_uri, on_change=self._bridge.job_changed.emit)
            self.spool.start()

        self.shortcuts: dict[str, QShortcut] = {}
        for name, key, _text, _kind in ACTIONS:
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(lambda n=name: self._on_key(n))
            self.shortcuts[name] = shortcut
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._redraw_times)

        self.translator_changed()
        self.resize(WINDOWED_SIZE if windowed else QSize(1366, 768))
        self._apply_scale()
        self.pages.setCurrentWidget(self.signin)
        self._sync_header()
        self.workers.submit(
            lambda: catalog.read_catalog(ctx).site, self._on_site, lambda _exc: None, busy=False
        )

    # --- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        self.header = QFrame()
        self.header.setObjectName("header")
        self.app_title = label("", "appTitle", wrap=False)
        self.app_subtitle = label("", "appSubtitle", wrap=False)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.app_title)
        titles.addWidget(self.app_subtitle)
        self.counter_name = label("", "counterName", wrap=False)
        self.state_badge = label("", "stateBadge", wrap=False)
        self.officer_label = label("", "officerLabel", wrap=False)
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self.counter_name)
        who.addWidget(self.officer_label)
        self.lang_buttons: dict[Lang, QPushButton] = {}
        for lang in LANGS:
            button = QPushButton(lang.upper())
            button.setObjectName(f"lang_{lang}")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _c=False, code=lang: self.set_language(code))
            self.lang_buttons[lang] = button
        self.change_button = QPushButton()
        self.change_button.setObjectName("changeCounter")
        self.change_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.change_button.clicked.connect(self._change_counter)
        self.signout_button = QPushButton()
        self.signout_button.setObjectName("signout")
        self.signout_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.signout_button.clicked.connect(self.sign_out)
        head = QHBoxLayout(self.header)
        head.setContentsMargins(20, 10, 20, 10)
        head.setSpacing(16)
        head.addLayout(titles)
        head.addSpacing(12)
        head.addLayout(who, 1)
        head.addWidget(self.state_badge)
        for button in self.lang_buttons.values():
            head.addWidget(button)
        head.addWidget(self.change_button)
        head.addWidget(self.signout_button)

        self.fault_banner = QFrame()
        self.fault_banner.setObjectName("faultBanner")
        self.fault_text = label("", "faultText")
        self.fault_reprint = QPushButton()
        self.fault_reprint.setObjectName("faultReprint")
        self.fault_reprint.clicked.connect(self._reprint_fault)
        fault = QHBoxLayout(self.fault_banner)
        fault.setContentsMargins(20, 6, 20, 6)
        fault.addWidget(self.fault_text, 1)
        fault.addWidget(self.fault_reprint)
        self.fault_banner.hide()
        self.offline = label("", "offlineBanner")
        self.offline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline.hide()

        self.signin = SignInPage(self.tr_)
        self.signin.signin_requested.connect(self._sign_in)
        self.choice = ChoicePage(self.tr_)
        self.choice.counter_chosen.connect(self.choose_counter)

        self.queue_panel = QueuePanel(self.tr_, self.zone)
        self.queue_panel.action_requested.connect(self.do_action)
        self.queue_panel.call_requested.connect(self._call_number)
        self.register_panel = RegisterPanel(self.tr_, self.zone)
        self.register_panel.register_requested.connect(self._register)
        self.register_panel.reprint_requested.connect(self._reprint_receipt)
        self.register_panel.pdf_requested.connect(self._save_pdf)
        self.progress_panel = ProgressPanel(self.tr_, self.zone)
        self.progress_panel.find_requested.connect(self._find_application)
        self.progress_panel.action_requested.connect(self._progress_action)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("tabs")
        self.tabs.addTab(self.queue_panel, "")
        self.tabs.addTab(self.register_panel, "")
        self.tabs.addTab(self.progress_panel, "")
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
        self.pages.addWidget(self.signin)
        self.pages.addWidget(self.choice)
        self.pages.addWidget(self.main)

        root = QVBoxLayout(self)
        # No minimum size pushed onto the top-level window: it is sized by us (and the offscreen
        # platform of the tests warns about size hints it cannot pass on).
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.header)
        root.addWidget(self.fault_banner)
        root.addWidget(self.offline)
        root.addWidget(self.pages, 1)

    # --- language and look ---------------------------------------------------------------------

    def set_language(self, lang: Lang) -> None:
        """Switch every visible string now (no restart)."""
        self.tr_.set_language(lang)
        self.translator_changed()

    def translator_changed(self) -> None:
        for code, button in self.lang_buttons.items():
            button.setChecked(code == self.tr_.lang)
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.setWindowTitle(t("window_title"))
        self.app_title.setText(t("app_title"))
        site = self._site_names.get(self.tr_.lang, "")
        self.app_subtitle.setText(site or t("app_subtitle"))
        self.change_button.setText(t("change_counter"))
        self.signout_button.setText(t("signout"))
        self.fault_reprint.setText(t("fault_reprint"))
        self.offline.setText(t("offline"))
        self.tabs.setTabText(0, t("tab_queue"))
        self.tabs.setTabText(1, t("tab_register"))
        self.tabs.setTabText(2, t("tab_progress"))
        self.signin.retranslate_ui()
        self.choice.retranslate_ui()
        self.queue_panel.retranslate_ui()
        self.register_panel.retranslate_ui()
        self.progress_panel.retranslate_ui()
        self._sync_header()
        if self.state is not None:
            self._show_faults(self.state.faults)

    def _on_site(self, site: dict[str, Any]) -> None:
        """The header names this MPP as the catalogue does (another MPP, another name)."""
        self._site_names = {
            "id": str(site.get("name_id", "")),
            "en": str(site.get("name_en", "")),
        }
        self.retranslate_ui()

    def _on_tab_changed(self, _index: int) -> None:
        self.message.hide()  # a line about the queue means nothing on the registration tab

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

    # --- life cycle ----------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the feed, the spool and the timers; wait briefly for calls in flight."""
        if self._shut_down:
            return
        self._shut_down = True
        self._clock.stop()
        self.watcher.stop()
        self.workers.cancel_pending()
        self.workers.wait_for_done(3000)
        if self.spool is not None:
            self.spool.stop()

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

    # --- sign in and counter choice ------------------------------------------------------------

    def _sign_in(self, username: str, password: str) -> None:
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
        self.officer = officer
        ctx = self.ctx
        self._call(lambda: queue.list_counters(ctx), self._on_counters)

    def _on_counters(self, counters: list[CounterView]) -> None:
        if self.officer is None:
            return
        self.counters = counters
        if self.fixed_counter is not None:
            self.choose_counter(self.fixed_counter)
            return
        self.choice.set_counters(self.officer.full_name, counters_for(self.officer, counters))
        self.pages.setCurrentWidget(self.choice)
        self._sync_header()

    def choose_counter(self, number: int) -> None:
        """Work at counter ``number``: load its state and the services for registration."""
        officer = self.officer
        if officer is None:
            return
        self.counter_number = number
        self.counter_view = next((c for c in self.counters if c.number == number), None)
        self.state = None
        self.message.hide()
        self.progress_panel.clear_view()
        self.register_panel.clear_form()
        self.register_panel.default_complete_time(self.ctx.now())
        self.tabs.setCurrentWidget(self.queue_panel)
        self.pages.setCurrentWidget(self.main)
        self._sync_header()
        ctx = self.ctx
        agency = officer.agency_code if officer.role == "officer" else None
        self._call(lambda: queue.list_services(ctx, agency_code=agency), self._on_services)
        self.refresh()
        self.watcher.start()
        self._clock.start()

    def _on_services(self, services: list[ServiceView]) -> None:
        self.services = services
        self.register_panel.set_services(services)

    def _change_counter(self) -> None:
        if self.officer is None or self.fixed_counter is not None:
            return
        self._leave_counter()
        ctx = self.ctx
        self._call(lambda: queue.list_counters(ctx), self._on_counters)

    def _leave_counter(self) -> None:
        self.watcher.stop()
        self._clock.stop()
        self.counter_number = None
        self.counter_view = None
        self.state = None
        self.fault_banner.hide()

    def sign_out(self) -> None:
        """End the shift: close the counter, then sign out. A visitor still at the counter
        keeps the officer signed in (finish or skip first); any other refusal (a counter of
        another agency) does not."""
        officer, number = self.officer, self.counter_number
        if officer is None:
            return
        snapshot = self.state.snapshot if self.state is not None else None
        if number is None or (snapshot is not None and snapshot.state == "closed"):
            self._signed_out()
            return
        ctx = self.ctx

        def refused(exc: BaseException) -> None:
            if isinstance(exc, Refused) and exc.reason == "busy":
                self.show_error(exc)
            else:
                self._signed_out()

        self._call(
            lambda: queue.close_counter(ctx, officer, number),
            lambda _snap: self._signed_out(),
            refused,
        )

    def _signed_out(self) -> None:
        self._leave_counter()
        self.officer = None
        self.counters = []
        self.services = []
        self.register_panel.clear_form()
        self.progress_panel.clear_view()
        self.progress_panel.code.clear()
        self.message.hide()
        self.signin.reset()
        self.pages.setCurrentWidget(self.signin)
        self._sync_header()

    def _sync_header(self) -> None:
        t = self.tr_.t
        officer = self.officer
        at_counter = self.counter_number is not None and officer is not None
        self.officer_label.setVisible(officer is not None)
        self.signout_button.setVisible(officer is not None)
        self.change_button.setVisible(at_counter and self.fixed_counter is None)
        self.counter_name.setVisible(at_counter)
        self.state_badge.setVisible(at_counter and self.state is not None)
        if officer is not None:
            who = f"{officer.full_name} ({officer.username})"
            self.officer_label.setText(t("officer", name=who))
        if at_counter:
            view = self.counter_view
            name = (
                self.tr_.pick(view.name_id, view.name_en)
                if view is not None
                else f"Loket {self.counter_number}"
            )
            self.counter_name.setText(name)
        if self.state is not None:
            state = self.state.snapshot.state
            self.state_badge.setText(t("counter_state", state=t(f"state_{state}")))
            self.state_badge.setProperty("state", state)
            self.state_badge.style().unpolish(self.state_badge)
            self.state_badge.style().polish(self.state_badge)

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Re-read the counter (one read at a time; a change meanwhile queues one more)."""
        number = self.counter_number
        if number is None or self._shut_down:
            return
        if self._loading:
            self._dirty = True
            return
        self._loading = True
        self._dirty = False
        ctx = self.ctx
        self.workers.submit(
            lambda: read_counter(ctx, number), self._on_state, self._on_read_error, busy=False
        )

    @Slot(object)
    def _on_changed(self, tables: object) -> None:
        if isinstance(tables, set) and concerns(tables, "tickets", "counters", "print_jobs"):
            self.refresh()

    def _on_read_error(self, exc: BaseException) -> None:
        self._loading = False
        self.show_error(exc)
        if self._dirty:
            QTimer.singleShot(0, self, self.refresh)

    def _on_state(self, state: CounterState) -> None:
        self._loading = False
        if state.snapshot.number != self.counter_number:
            return  # the officer moved to another counter meanwhile
        self.state = state
        self.queue_panel.show_state(state.snapshot, state.waiting, self.ctx.now())
        current = state.snapshot.current
        self.register_panel.set_current_ticket(
            current.number if current else None, current.code if current else None
        )
        self._show_faults(state.faults)
        self._sync_header()
        if self._dirty:
            QTimer.singleShot(0, self, self.refresh)

    def _redraw_times(self) -> None:
        if self.state is not None:
            state = self.state
            self.queue_panel.show_state(state.snapshot, state.waiting, self.ctx.now())

    # --- status line ---------------------------------------------------------------------------

    def show_error(self, exc: BaseException | str) -> None:
        """One readable line, never a traceback (unexpected errors are logged in full)."""
        if isinstance(exc, BaseException) and not isinstance(exc, KioskError):
            log.error("counter: unexpected error", exc_info=exc)
        text = exc if isinstance(exc, str) else error_text(self.tr_.lang, exc)
        self._set_message(text, error=True)

    def show_info(self, text: str) -> None:
        self._set_message(text, error=False)

    def _set_message(self, text: str, *, error: bool) -> None:
        self.message.setObjectName("errorLine" if error else "infoLine")
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # --- queue actions -------------------------------------------------------------------------

    def _dialog_open(self) -> bool:
        """Is the transfer dialog open (the F-keys then belong to it)?"""
        dialog = self.transfer_dialog
        try:
            return dialog is not None and dialog.isVisible()
        except RuntimeError:  # already deleted by Qt
            return False

    def _on_key(self, name: str) -> None:
        if self.pages.currentWidget() is not self.main or self.officer is None:
            return
        if self._dialog_open():
            return
        self.tabs.setCurrentWidget(self.queue_panel)
        button = self.queue_panel.buttons[name]
        if button.isEnabled():
            self.do_action(name)

    def do_action(self, name: str) -> None:
        """One of the seven counter actions (button or F-key)."""
        officer, number = self.officer, self.counter_number
        if officer is None or number is None:
            return
        ctx = self.ctx
        t = self.tr_.t
        current = self.state.snapshot.current if self.state is not None else None
        label_ = current.number if current is not None else ""

        def after(text: str) -> Callable[[Any], None]:
            def done(_result: Any) -> None:
                self.show_info(text)
                self.refresh()

            return done

        if name == "call_next":

            def called(ticket: Any) -> None:
                if ticket is None:
                    self.show_info(t("info_none_waiting"))
                else:
                    self.show_info(t("info_called", number=ticket.number, counter=number))
                self.refresh()

            self._call(lambda: queue.call_next(ctx, officer, number), called)
        elif name == "recall":
            self._call(
                lambda: queue.recall(ctx, officer, number),
                after(t("info_recalled", number=label_)),
            )
        elif name == "start":
            self._call(
                lambda: queue.start_serving(ctx, officer, number),
                after(t("info_serving", number=label_)),
            )
        elif name == "finish":
            self._call(
                lambda: queue.finish(ctx, officer, number),
                after(t("info_finished", number=label_)),
            )
        elif name == "no_show":
            self._call(
                lambda: queue.no_show(ctx, officer, number),
                after(t("info_no_show", number=label_)),
            )
        elif name == "transfer":
            self.open_transfer()
        elif name == "toggle":
            is_open = self.state is not None and self.state.snapshot.state == "open"
            if is_open:
                self._call(lambda: queue.pause_counter(ctx, officer, number),
                           after(t("info_paused")))  # fmt: skip
            else:
                self._call(lambda: queue.open_counter(ctx, officer, number),
                           after(t("info_opened")))  # fmt: skip

    def _call_number(self, ticket_number: str) -> None:
        officer, number = self.officer, self.counter_number
        if officer is None or number is None:
            return
        ctx = self.ctx
        t = self.tr_.t

        def called(ticket: Any) -> None:
            self.show_info(t("info_called", number=ticket.number, counter=number))
            self.refresh()

        self._call(lambda: queue.call_ticket(ctx, officer, number, ticket_number), called)

    def open_transfer(self) -> None:
        """The transfer dialog for the current ticket (window-modal, non-blocking); it appears
        as ``self.transfer_dialog`` once the services and counters are read."""
        current = self.state.snapshot.current if self.state is not None else None
        if current is None or self.officer is None or self.counter_number is None:
            return
        ctx = self.ctx

        def show(data: tuple[list[ServiceView], list[CounterView]]) -> None:
            services, counters = data
            dialog = TransferDialog(
                self.tr_, current.number, services, counters, self.counter_number or 0, self
            )
            dialog.accepted.connect(lambda: self._transfer(dialog))
            dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
            self.transfer_dialog = dialog
            dialog.open()

        self._call(lambda: (queue.list_services(ctx), queue.list_counters(ctx)), show)

    def _dialog_closed(self, dialog: TransferDialog) -> None:
        """Back to the counter window: the F-keys work again at once."""
        if self.transfer_dialog is dialog:
            self.transfer_dialog = None
        dialog.deleteLater()
        self.activateWindow()

    def _transfer(self, dialog: TransferDialog) -> None:
        officer, number = self.officer, self.counter_number
        if officer is None or number is None:
            return
        service, counter = dialog.choice()
        ctx = self.ctx
        current = self.state.snapshot.current if self.state is not None else None
        text = self.tr_.t("info_transferred", number=current.number if current else "")

        def done(_ticket: Any) -> None:
            self.show_info(text)
            self.refresh()

        self._call(
            lambda: queue.transfer(
                ctx, officer, number, None, to_service_code=service, to_counter_number=counter
            ),
            done,
        )

    # --- printer faults ------------------------------------------------------------------------

    def _show_faults(self, faults: list[JobState]) -> None:
        if not faults or self.counter_number is None:
            self.fault_banner.hide()
            return
        t = self.tr_.t
        latest = faults[0]
        label_ = f"#{latest.id}"
        what = t(f"fault_kind_{latest.kind}", label=label_) if latest.kind else label_
        error = printer_error_text(self.tr_.lang, latest.last_error or "")
        self.fault_text.setText(t("fault_banner", count=len(faults), what=what, error=error))
        self.fault_text.setToolTip(latest.last_error or "")
        self.fault_banner.show()

    def _reprint_fault(self) -> None:
        if self.state is None or not self.state.faults:
            return
        job_id = self.state.faults[0].id
        ctx, uri = self.ctx, self.printer_uri

        def done(_new_id: Any) -> None:
            self.show_info(self.tr_.t("info_reprinted"))
            if self.spool is not None:
                self.spool.kick()
            self.refresh()

        self._call(lambda: printjobs.reprint(ctx, job_id, printer_uri=uri), done)

    @Slot(object)
    def _on_job_changed(self, job: JobState) -> None:
        if job.id == self._receipt_job:
            t = self.tr_.t
            if job.status == "done":
                self.register_panel.show_print_state(t("print_done"))
            elif job.last_error:
                error = printer_error_text(self.tr_.lang, job.last_error)
                self.register_panel.show_print_state(t("print_failed", error=error), ok=False)
        self.refresh()

    # --- applications --------------------------------------------------------------------------

    def _register(self, form: RegisterForm) -> None:
        officer = self.officer
        if officer is None:
            return
        ctx, uri, lang = self.ctx, self.printer_uri, self.tr_.lang
        folder = self.receipts_dir

        def work() -> tuple[Any, Path | None]:
            result = applications.register(
                ctx,
                officer,
                form.service_code,
                name=form.name,
                nik=form.nik,
                phone=form.phone,
                documents=list(form.documents),
                complete_at=form.complete_at,
                ticket_code=form.ticket_code,
                printer_uri=uri if form.print_receipt else None,
                lang=lang,
            )
            path = None
            if form.save_pdf:
                path = _save_receipt_pdf(ctx, result.registration_number, folder, lang)
            return result, path

        def failed(exc: BaseException) -> None:
            self.register_panel.set_busy(False)
            self.register_panel.show_error(error_text(self.tr_.lang, exc))
            if not isinstance(exc, KioskError):
                log.error("counter: registration failed", exc_info=exc)

        self.register_panel.set_busy(True)
        self._call(work, self._on_registered, failed)

    def _on_registered(self, outcome: tuple[Any, Path | None]) -> None:
        result, path = outcome
        t = self.tr_.t
        self.register_panel.set_busy(False)
        self.register_panel.show_result(result)
        if result.print_job_id is not None:
            self._receipt_job = result.print_job_id
            self.register_panel.show_print_state(t("print_queued"))
            if self.spool is not None:
                self.spool.kick()
        if path is not None:
            self.register_panel.show_pdf_path(t("pdf_saved", path=str(path)))
        due = format_date(result.due_date, self.tr_.lang)
        self.show_info(f"{result.registration_number}: {t('reg_due')} {due}")

    def _reprint_receipt(self, registration_number: str) -> None:
        officer = self.officer
        if officer is None:
            return
        ctx, uri, lang = self.ctx, self.printer_uri, self.tr_.lang

        def done(job_id: int) -> None:
            self._receipt_job = job_id
            self.register_panel.show_print_state(self.tr_.t("print_queued"))
            self.progress_panel.show_info(self.tr_.t("print_queued"))
            if self.spool is not None:
                self.spool.kick()

        self._call(
            lambda: applications.print_receipt(ctx, officer, registration_number, uri, lang), done
        )

    def _save_pdf(self, registration_number: str) -> None:
        ctx, folder, lang = self.ctx, self.receipts_dir, self.tr_.lang
        self._call(
            lambda: _save_receipt_pdf(ctx, registration_number, folder, lang),
            lambda path: self.register_panel.show_pdf_path(self.tr_.t("pdf_saved", path=str(path))),
        )

    def _find_application(self, code: str) -> None:
        officer = self.officer
        if officer is None:
            return
        ctx = self.ctx

        def found(view: Any) -> None:
            self.progress_panel.show_view(view)
            self.progress_panel.show_info("")

        self._call(lambda: applications.staff_view(ctx, officer, code), found, self._progress_error)

    def _progress_error(self, exc: BaseException) -> None:
        self.progress_panel.show_error(error_text(self.tr_.lang, exc))
        if not isinstance(exc, KioskError):
            log.error("counter: application progress failed", exc_info=exc)

    def _progress_action(self, action: str, registration_number: str, note: str) -> None:
        officer = self.officer
        if officer is None:
            return
        if action == "reprint":
            self._reprint_receipt(registration_number)
            return
        ctx = self.ctx
        code = registration_number
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

        self._call(calls[action], done, self._progress_error)


def _save_receipt_pdf(ctx: AppContext, registration_number: str, folder: Path, lang: Lang) -> Path:
    """The A5 receipt PDF as <folder>/<registration number>.pdf."""
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch for ch in registration_number if ch.isalnum() or ch in "-_") or "receipt"
    return applications.receipt_pdf(ctx, registration_number, folder / f"{safe}.pdf", lang=lang)


def create_counter_window(ctx: AppContext, windowed: bool = False) -> CounterWindow:
    """The factory app.py registers for the "counter" role."""
    return CounterWindow(ctx, windowed=windowed)
