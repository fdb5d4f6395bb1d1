"""The citizen's kiosk window: wiring between the screens, the journeys and the services.

The journeys (kiosk.flows: Navigation, TicketJourney, ScanJourney, SurveyJourney,
IdlePolicy) decide which step
comes next, what Kembali/Beranda do, when the kiosk warns and goes home; screens show what
they are given and emit what the citizen asked for. This window calls the services
(kiosk.services.queue, popular, tracking, printjobs, survey) through `Workers`, so the GUI
thread never waits for the database or the printer, and renders the journey's current step.

Kiosk behaviour (see behaviour.py): frameless full screen with the cursor hidden; closing is
refused unless the supervisor PIN was entered (five taps in the top-left corner within three
seconds open the PIN pad); after `idle_timeout_s` without a touch everything the last citizen
typed or chose is cleared and the home screen returns, in the configured language, after a
"Masih di sini?" countdown; the result screen goes home after `result_timeout_s`.

The print flow: issue_ticket(..., printer_uri) commits the ticket and its print job in one
transaction; the window's PrintSpool (a daemon thread) sends the job; the window polls
job_state for up to PRINT_WAIT_S. Printed -> "Silakan ambil tiket Anda"; a failed attempt or
no answer in time -> the e-ticket (number + QR on screen, "Silakan foto layar ini") and a
discreet printer-fault note on the home screen. The ticket exists either way.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QCursor, QGuiApplication, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from kiosk.flows.complaint import ComplaintJourney
from kiosk.flows.idle import IdlePolicy
from kiosk.flows.nav import HOME, Navigation
from kiosk.flows.scan import ScanJourney
from kiosk.flows.survey import SurveyJourney
from kiosk.flows.ticket import PRINT_WAIT_S, TicketJourney
from kiosk.services import catalog, opening, popular, queue
from kiosk.services.context import AppContext
from kiosk.services.reports.public import screen_figures
from kiosk.ui.bootstrap import KioskParts, build_kiosk
from kiosk.ui.i18n import Lang, Translator
from kiosk.ui.kiosk.base import Screen
from kiosk.ui.kiosk.behaviour import GESTURE_CORNER_DESIGN_PX, KioskEventFilter
from kiosk.ui.kiosk.charter import CharterScreen
from kiosk.ui.kiosk.chrome import KioskHeader, NavBar
from kiosk.ui.kiosk.complaint_wiring import ComplaintWiring
from kiosk.ui.kiosk.home import POPULAR_TILES, HomeScreen
from kiosk.ui.kiosk.idle_overlay import IdleOverlay
from kiosk.ui.kiosk.pin import PinPad
from kiosk.ui.kiosk.print_wiring import PrintWiring
from kiosk.ui.kiosk.scan_entry import CodeEntryScreen, RegEntryScreen, ScanScreen
from kiosk.ui.kiosk.scan_results import (
    ApplicationScreen,
    ComplaintStatusScreen,
    MessageScreen,
    TicketStatusScreen,
)
from kiosk.ui.kiosk.scan_wiring import ScanWiring
from kiosk.ui.kiosk.survey_wiring import SurveyWiring
from kiosk.ui.kiosk.ticket_card import ServiceCardScreen
from kiosk.ui.kiosk.ticket_choose import AgenciesScreen, ServicesScreen
from kiosk.ui.kiosk.ticket_confirm import ConfirmScreen
from kiosk.ui.kiosk.ticket_result import ETicketScreen, PrintingScreen, TicketResultScreen
from kiosk.ui.shared.minute_timer import MinuteTimer
from kiosk.ui.theme import load_fonts, scaled_qss, style_sheet
from kiosk.ui.widgets.common import Metrics, rescale_tree
from kiosk.ui.widgets.spinner import BusyOverlay
from kiosk.ui.workers import DelayedFlag

log = logging.getLogger(__name__)

DESIGN_SHORT = 1080
DESIGN_LONG = 1920
PRINT_POLL_MS = 150
PRINTER_CHECK_MS = 30_000
OPENING_CHECK_MS = 60_000
#: The idle check: every second while nobody is being warned, 4 times a second during the
#: "Masih di sini?" countdown (issue 13: an idle kiosk woke 4 times a second for nothing).
IDLE_TICK_MS = 1000
COUNTDOWN_TICK_MS = 250
DEMO_SCALE = 0.45

__all__ = ["PRINT_WAIT_S", "KioskWindow", "create_kiosk_window"]


class KioskWindow(SurveyWiring, ComplaintWiring, PrintWiring, ScanWiring, QWidget):
    """The anjungan: the whole citizen-facing application in one window."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        windowed: bool = False,
        printer_uri: str | None = None,
        start_spool: bool = True,
        parts: KioskParts | None = None,
    ) -> None:
        """``parts`` come from ``kiosk.ui.bootstrap.build_kiosk`` (the role's factory passes
        them); without them the window builds the same with ``printer_uri``/``start_spool``."""
        super().__init__()
        if parts is None:
            parts = build_kiosk(ctx, printer_uri=printer_uri, start_spool=start_spool)
        parts.adopt(self)
        load_fonts()
        self.ctx = ctx
        self.windowed = windowed
        self.zone = ctx.zone
        settings = ctx.settings.kiosk
        self.default_lang: Lang = settings.language
        self.device = settings.device_name
        self.printer_uri = parts.printer_uri
        self.translator = Translator(self.default_lang, self)
        self.metrics = Metrics(1.0)
        self.workers = parts.workers
        self._busy_flag = DelayedFlag(parent=self)
        self._portrait: bool | None = None
        self._qss = style_sheet("kiosk.qss")
        self._applied_scale = 0.0
        self._allow_close = False
        self._shut_down = False
        self._printer_fault = False
        self._cursor_hidden = False
        self.nav = Navigation()
        self.ticket_flow = TicketJourney(self.nav)
        self.complaint_flow = ComplaintJourney(self.nav)
        self.scan_flow = ScanJourney(self.nav, self.complaint_flow)
        self.survey_flow = SurveyJourney(self.nav)
        self.idle_policy = IdlePolicy(
            float(settings.idle_timeout_s), float(settings.idle_warning_s),
            float(settings.result_timeout_s),
        )  # fmt: skip

        self.setObjectName("kioskWindow")
        self.setWindowTitle("MPP Kiosk - Anjungan")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        if not windowed:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)

        self.header = KioskHeader(self.translator)
        self.stack = QStackedWidget()
        self.stack.setObjectName("stack")
        self.navbar = NavBar(self.translator, self.metrics, self.set_language)
        self.back_button = self.navbar.back_button
        self.home_button = self.navbar.home_button
        self.printer_status = self.navbar.printer_status
        self.lang_buttons = self.navbar.lang_buttons
        self.back_button.clicked.connect(self.back)
        self.home_button.clicked.connect(lambda: self.go_home(reset=True))
        root = QVBoxLayout(self)
        # No size constraint on the top-level window: its size is the screen's (or the demo's),
        # never the content's minimum (that would also ask the platform to change its hints).
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.header)
        root.addWidget(self.stack, 1)
        root.addWidget(self.navbar)
        self._build_screens()
        self.overlay = BusyOverlay(self)
        self.idle_overlay = IdleOverlay(self, self.translator, self.metrics)
        self.idle_overlay.continue_requested.connect(self._on_idle_continue)
        self.pin_pad = PinPad(self, self.translator, self.metrics, settings.exit_pin)
        self.pin_pad.accepted.connect(self._on_pin_accepted)
        self.workers.busy_changed.connect(self._on_busy_changed)
        self._busy_flag.visible_changed.connect(self._on_busy_visible)
        self.translator.language_changed.connect(lambda _lang: self.retranslate_ui())

        self.behaviour = KioskEventFilter(
            self, corner_px=lambda: self.metrics.px(GESTURE_CORNER_DESIGN_PX)
        )
        self.behaviour.scanned.connect(self._on_scanned)
        self.behaviour.exit_gesture.connect(self.open_pin_pad)
        self.behaviour.install()

        self._clock_timer = MinuteTimer(self._update_clock, self)  # the header shows minutes
        self._clock_timer.start()
        self._idle_timer = self._timer(IDLE_TICK_MS, self._on_idle_tick)
        self._printer_timer = self._timer(PRINTER_CHECK_MS, self._check_printer)
        self._opening_timer = self._timer(OPENING_CHECK_MS, self._check_opening)
        self._print_timer = self._timer(PRINT_POLL_MS, self._poll_print_job, start=False)
        self._print_timer.setSingleShot(True)

        self._bridge = parts.bridge
        self._bridge.job_changed.connect(self._on_job_changed)
        self.spool: Any = parts.spool

        self.retranslate_ui()
        self._check_printer()
        self._check_opening()
        self.workers.submit(
            lambda: catalog.read_catalog(ctx).site, self._on_site, lambda _exc: None, busy=False
        )
        self._apply_size(self._initial_size())
        self._render()
        self._load_popular()
        self._check_surveys()

    # --- construction ------------------------------------------------------------------------

    def _timer(self, ms: int, slot: Callable[[], None], start: bool = True) -> QTimer:
        timer = QTimer(self)
        timer.setInterval(ms)
        timer.timeout.connect(slot)
        if start:
            timer.start()
        return timer

    def _initial_size(self) -> QSize:
        portrait = self.ctx.settings.kiosk.orientation == "portrait"
        w, h = (DESIGN_SHORT, DESIGN_LONG) if portrait else (DESIGN_LONG, DESIGN_SHORT)
        if self.windowed:
            scale = DEMO_SCALE if portrait else 0.5
            return QSize(round(w * scale), round(h * scale))
        return QSize(w, h)

    def _apply_size(self, size: QSize) -> None:
        self.resize(size)
        self._relayout(size.width(), size.height())

    def _build_screens(self) -> None:
        self.home = HomeScreen(self)
        self.agencies = AgenciesScreen(self)
        self.services = ServicesScreen(self)
        self.card = ServiceCardScreen(self)
        self.confirm = ConfirmScreen(self)
        self.printing = PrintingScreen(self)
        self.result = TicketResultScreen(self)
        self.eticket = ETicketScreen(self)
        self.scan = ScanScreen(self)
        self.code_entry = CodeEntryScreen(self)
        self.reg_entry = RegEntryScreen(self)
        self.ticket_status = TicketStatusScreen(self)
        self.application = ApplicationScreen(self)
        self.complaint = ComplaintStatusScreen(self)
        self.charter = CharterScreen(self)
        self.message = MessageScreen(self, "message")
        self.screens: dict[str, Screen] = {}
        for screen in (
            self.home, self.agencies, self.services, self.card, self.confirm, self.printing,
            self.result, self.eticket, self.scan, self.code_entry, self.reg_entry,
            self.ticket_status, self.application, self.complaint, self.charter, self.message,
            *self._build_survey_screens(),
            *self._build_complaint_screens(),
        ):  # fmt: skip
            self.screens[screen.name] = screen
            self.stack.addWidget(screen)
        flow, scan = self.ticket_flow, self.scan_flow
        self.home.ticket_requested.connect(self._start_ticket)
        self.home.popular_chosen.connect(self._choose_popular)
        self.home.scan_requested.connect(lambda: self._show(scan.start()))
        self.home.charter_requested.connect(self._open_charter)
        self.agencies.agency_chosen.connect(self._choose_agency)
        self.agencies.search_requested.connect(self._search_all)
        self.services.service_chosen.connect(self._choose_service)
        self.card.take_requested.connect(lambda: self._show(flow.take()))
        self.confirm.card_requested.connect(lambda: self._show(flow.show_card()))
        self.confirm.queue_chosen.connect(self._issue)
        self.result.done_requested.connect(lambda: self.go_home(reset=True))
        self.eticket.done_requested.connect(lambda: self.go_home(reset=True))
        self.scan.code_entry_requested.connect(lambda: self._show(scan.type_code()))
        self.scan.reg_entry_requested.connect(lambda: self._show(scan.type_registration()))
        self.code_entry.submitted.connect(self._resolve_typed)
        self.reg_entry.submitted.connect(self._track_typed)
        self.message.action_requested.connect(self._message_action)
        self._wire_survey()

    # --- layout, scale, orientation ----------------------------------------------------------

    @property
    def portrait(self) -> bool:
        return bool(self._portrait) if self._portrait is not None else True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout(event.size().width(), event.size().height())

    def _relayout(self, width: int, height: int) -> None:
        """Adapt to the window's size: scale the style sheet, switch portrait/landscape."""
        if width <= 0 or height <= 0:
            return
        portrait = height >= width
        long_side, short_side = (height, width) if portrait else (width, height)
        scale = min(short_side / DESIGN_SHORT, long_side / DESIGN_LONG)
        rotated = portrait != self._portrait
        rescaled = abs(scale - self._applied_scale) > 0.005
        if rotated:
            self._portrait = portrait
            self.setProperty("orientation", "portrait" if portrait else "landscape")
        if rescaled:
            self._applied_scale = scale
            self.metrics.scale = scale
        if rotated:
            # First, so widgets a screen parents only now (tiles, rows) are rescaled below.
            for screen in self.screens.values():
                screen.set_orientation(portrait)
        if rotated or rescaled:
            # The sheet has orientation-specific rules, so it is re-applied on rotation too.
            self.setStyleSheet(scaled_qss(self._qss, scale))
            self.header.set_logo_side(self.metrics.px(104 if portrait else 92))
            rescale_tree(self, self.metrics)
        for cover in (self.overlay, self.idle_overlay, self.pin_pad):
            if cover is self.overlay or cover.isVisible():
                cover.setGeometry(self.rect())

    # --- kiosk behaviour ---------------------------------------------------------------------

    def showFullScreen(self) -> None:
        """Full screen unless configured windowed (`kiosk.fullscreen = false`, the demo)."""
        if self.windowed:
            self.show()
            return
        super().showFullScreen()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self.windowed and not self._cursor_hidden:
            QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))
            self._cursor_hidden = True

    def closeEvent(self, event: QCloseEvent) -> None:
        """Refused (Alt+F4, close()) unless windowed or the supervisor PIN was entered."""
        if not (self._allow_close or self.windowed):
            event.ignore()
            return
        self.shutdown()
        event.accept()

    def open_pin_pad(self) -> None:
        self.pin_pad.open()

    @Slot()
    def _on_pin_accepted(self) -> None:
        self._allow_close = True
        self.close()

    def shutdown(self) -> None:
        """Stop the spool and timers, restore the cursor; safe to call twice."""
        if self._shut_down:
            return
        self._shut_down = True
        self.behaviour.uninstall()
        timers = (self._clock_timer, self._idle_timer, self._print_timer, self._printer_timer)
        for timer in (*timers, self._opening_timer):
            timer.stop()
        self._complaint_timer.stop()
        self.workers.cancel_pending()
        if self.spool is not None:
            self.spool.on_change = None
            self.spool.stop()
        self.workers.wait_for_done(10_000)
        if self._cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False

    def set_idle_policy(self, policy: IdlePolicy) -> None:
        """Change when the kiosk warns and goes home (tests, a supervisor's setting)."""
        self.idle_policy = policy
        self.behaviour.touch()

    @Slot()
    def _on_idle_tick(self) -> None:
        idle_s = time.monotonic() - self.behaviour.last_activity
        state = self.idle_policy.state(self.nav.current, idle_s)
        if state.action == "reset":
            self.idle_overlay.hide()
            self.go_home(reset=True)
            self.behaviour.touch()
        elif state.action == "warn" and not self.pin_pad.isVisible():
            self.idle_overlay.show_countdown(state.remaining_s)
        elif self.idle_overlay.isVisible():
            self.idle_overlay.hide()
        tick = COUNTDOWN_TICK_MS if self.idle_overlay.isVisible() else IDLE_TICK_MS
        if self._idle_timer.interval() != tick:
            self._idle_timer.setInterval(tick)

    @Slot()
    def _on_idle_continue(self) -> None:
        self.behaviour.touch()
        self.idle_overlay.hide()

    @Slot(bool)
    def _on_busy_changed(self, busy: bool) -> None:
        if busy:
            self.overlay.block()
        else:
            self.overlay.unblock()
        self._busy_flag.set_active(busy)

    @Slot(bool)
    def _on_busy_visible(self, visible: bool) -> None:
        if visible and self.workers.is_busy:
            self.overlay.set_text(self.translator.t("busy"))
            self.overlay.reveal(self.metrics.px(110))

    # --- navigation --------------------------------------------------------------------------

    def current_screen(self) -> Screen:
        widget = self.stack.currentWidget()
        assert isinstance(widget, Screen)
        return widget

    def current_screen_name(self) -> str:
        return self.current_screen().name

    def go(self, name: str, *, remember: bool = True) -> None:
        """Show a screen as a step of the journey (also used by the screenshot suite)."""
        self._show(self.nav.go(name, remember=remember))

    def _show(self, step: str | None) -> None:
        """Render a step the journey moved to (None: the tap changed nothing)."""
        if step is not None:
            self._render()

    def _render(self) -> None:
        screen = self.screens[self.nav.current]
        if self.stack.currentWidget() is not screen:
            self.stack.setCurrentWidget(screen)
        screen.on_enter()
        self.navbar.show_for(screen.name, screen.show_back, screen.show_home)
        self.behaviour.scanning_enabled = screen.accepts_scans

    def back(self) -> None:
        self.workers.cancel_pending()  # an answer for the screen we leave must not pop up
        if self._survey_back():
            return
        step = self.nav.back()
        if step == HOME:
            self.go_home(reset=True)
            return
        self._render()
        if self.ticket_flow.reload_needed(step):
            self._reload_services()

    def go_home(self, *, reset: bool = True) -> None:
        """Home, clearing every field and choice of the last citizen."""
        self._print_timer.stop()
        self.workers.cancel_pending()
        if reset:
            self.pin_pad.close_pad()
            self.idle_overlay.hide()
            self.ticket_flow.reset()
            self.scan_flow.reset()
            self.survey_flow.reset()  # a half-filled survey is discarded: nothing was stored
            self._reset_complaint()
            for screen in self.screens.values():
                screen.reset()
            if self.translator.lang != self.default_lang:
                self.translator.set_language(self.default_lang)
        self.nav.home()
        self._render()
        if reset:
            self._load_popular()
        self._check_opening()

    def _check_opening(self) -> None:
        """Is anything open (else: when again)? Is this the demo site? Read in a worker."""
        ctx = self.ctx
        self.workers.submit(
            lambda: (opening.site_opening(ctx), ctx.local_now()),
            self._on_opening,
            lambda _exc: None,
            busy=False,
        )

    def _on_opening(self, result: tuple[Any, Any]) -> None:
        state, now = result
        self.header.demo_badge.setVisible(state.demo)
        self.home.set_opening(state, now)

    # --- language, header --------------------------------------------------------------------

    def set_language(self, lang: Lang) -> None:
        self.translator.set_language(lang)
        self.navbar.retranslate_ui(self._printer_fault)

    def retranslate_ui(self) -> None:
        self.header.retranslate_ui()
        self.navbar.retranslate_ui(self._printer_fault)
        self.overlay.set_text(self.translator.t("busy"))
        self.idle_overlay.retranslate_ui()
        self._update_clock(force=True)
        for screen in self.screens.values():
            screen.retranslate_ui()

    def _on_site(self, site: dict[str, Any]) -> None:
        self.header.set_site(str(site.get("name_id", "")), str(site.get("name_en", "")))

    def _open_charter(self) -> None:
        """The charter, with this month's public figures above it when the site shows them."""
        self._show(self.nav.go("charter"))
        if not self.ctx.settings.kiosk.public_figures:
            self.charter.set_figures(None)
            return
        ctx = self.ctx
        # A nicety: without the figures the charter reads as before.
        self.workers.submit(
            lambda: screen_figures(ctx), self.charter.set_figures, lambda _exc: None, busy=False
        )

    def _update_clock(self, force: bool = False) -> None:
        self.header.show_time(self.ctx.local_now(), force)

    # --- ticket journey ----------------------------------------------------------------------

    def _call(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.workers.submit(fn, on_done, self._on_service_error)

    def _load_popular(self) -> None:
        self.workers.submit(
            lambda: popular.popular_services(self.ctx, POPULAR_TILES),
            self.home.set_popular,
            lambda _exc: None,  # the row is a shortcut: without it, "Ambil Antrian" still works
            busy=False,
        )

    def _start_ticket(self) -> None:
        self._show(self.ticket_flow.start())
        self._call(lambda: queue.list_agencies(self.ctx), self._on_agencies)

    def _on_agencies(self, agencies: list[Any]) -> None:
        self.ticket_flow.agencies_loaded(agencies)
        self.agencies.set_agencies(agencies)

    def _choose_agency(self, code: str) -> None:
        agency = self.ticket_flow.choose_agency(code)
        if agency is None:
            return
        self.services.set_context(agency)
        self._render()
        self._call(lambda: queue.list_services(self.ctx, code), self._on_services)

    def _search_all(self) -> None:
        self.ticket_flow.search_all()
        self.services.set_context(None)
        self._render()
        self.services.show_keyboard(True)
        self._call(lambda: queue.list_services(self.ctx), self._on_services)

    def _on_services(self, services: list[Any]) -> None:
        self.ticket_flow.services_loaded(services)
        self.services.set_services(services)

    def _reload_services(self) -> None:
        agency = self.ticket_flow.agency
        code = agency.code if agency is not None else None
        self.workers.submit(
            lambda: queue.list_services(self.ctx, code), self._on_services, lambda _exc: None,
            busy=False,
        )  # fmt: skip

    def _choose_service(self, code: str) -> None:
        self._open_service(self.ticket_flow.choose_service(code))

    def _choose_popular(self, code: str) -> None:
        service = next((s for s in self.home.popular if s.code == code), None)
        if service is not None:
            self._open_service(self.ticket_flow.choose_popular(service))

    def _open_service(self, step: str | None) -> None:
        service = self.ticket_flow.service
        if step is None or service is None:
            return
        self.card.show_service(service)
        self.confirm.show_service(service)
        self._render()


def create_kiosk_window(ctx: AppContext, windowed: bool = False) -> KioskWindow:
    """The kiosk's window from its bootstrap (``kiosk.ui.bootstrap.kiosk_window``)."""
    windowed = windowed or not ctx.settings.kiosk.fullscreen
    return KioskWindow(ctx, windowed=windowed, parts=build_kiosk(ctx))
