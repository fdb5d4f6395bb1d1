"""The citizen's kiosk window: header, screens, navigation bar, and the controller between them.

Views are thin: screens show view objects and emit what the citizen asked for; this window
calls the services (kiosk.services.queue, tracking, printjobs) through `Workers`, so the GUI
thread never waits for the database or the printer, and moves between screens.

Kiosk behaviour (see behaviour.py): frameless full screen with the cursor hidden; closing is
refused unless the supervisor PIN was entered (five taps in the top-left corner within three
seconds open the PIN pad); after `idle_timeout_s` without a touch everything the last citizen
typed or chose is cleared and the home screen returns, in the configured language.

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
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QCursor,
    QGuiApplication,
    QImage,
    QPixmap,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError, NotFound, Refused, Unavailable
from kiosk.printing.timefmt import format_date, format_time_zone
from kiosk.services import catalog, opening, printjobs, queue, tracking
from kiosk.services.context import AppContext
from kiosk.ui.i18n import LANGS, LANGUAGE_NAMES, Lang, Translator
from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.base import Screen
from kiosk.ui.kiosk.behaviour import GESTURE_CORNER_DESIGN_PX, KioskEventFilter
from kiosk.ui.kiosk.charter import CharterScreen
from kiosk.ui.kiosk.home import HomeScreen
from kiosk.ui.kiosk.pin import PinPad
from kiosk.ui.kiosk.scan_screens import (
    ApplicationScreen,
    CodeEntryScreen,
    ComplaintStatusScreen,
    MessageScreen,
    RegEntryScreen,
    ScanScreen,
    TicketStatusScreen,
)
from kiosk.ui.kiosk.ticket_screens import (
    AgenciesScreen,
    ConfirmScreen,
    ETicketScreen,
    PrintingScreen,
    PriorityScreen,
    ServiceCardScreen,
    ServicesScreen,
    TicketResultScreen,
)
from kiosk.ui.theme import load_fonts, logo_path, scaled_qss, style_sheet
from kiosk.ui.widgets.common import Metrics, TouchButton, make_label, rescale_tree
from kiosk.ui.widgets.spinner import BusyOverlay
from kiosk.ui.workers import DelayedFlag, SpoolBridge, Workers

log = logging.getLogger(__name__)

DESIGN_SHORT = 1080
DESIGN_LONG = 1920
PRINT_WAIT_S = 3.0
PRINT_POLL_MS = 150
PRINTER_CHECK_MS = 30_000
OPENING_CHECK_MS = 60_000
DEMO_SCALE = 0.45


class KioskWindow(QWidget):
    """The anjungan: the whole citizen-facing application in one window."""

    def __init__(
        self,
        ctx: AppContext,
        *,
        windowed: bool = False,
        printer_uri: str | None = None,
        start_spool: bool = True,
    ) -> None:
        super().__init__()
        load_fonts()
        self.ctx = ctx
        self.windowed = windowed
        self.zone = ctx.zone
        settings = ctx.settings.kiosk
        self.default_lang: Lang = settings.language
        self.device = settings.device_name
        self.printer_uri = printer_uri if printer_uri is not None else ctx.settings.printer_uri(
            "kiosk"
        )  # fmt: skip
        self.translator = Translator(self.default_lang, self)
        self.metrics = Metrics(1.0)
        self.workers = Workers(self)
        self._busy_flag = DelayedFlag(parent=self)
        self._portrait: bool | None = None
        self._qss = style_sheet("kiosk.qss")
        self._applied_scale = 0.0
        self._allow_close = False
        self._shut_down = False
        self._history: list[str] = ["home"]
        self._printer_fault = False
        self._printer_known = False
        self._cursor_hidden = False
        # the current citizen's choices
        self._agency: Any = None
        self._service: Any = None
        self._priority: str | None = None
        self._print_deadline = 0.0
        self._print_job: int | None = None
        self._ticket: Any = None

        self.setObjectName("kioskWindow")
        self.setWindowTitle("MPP Kiosk - Anjungan")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        if not windowed:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)

        self._build_chrome()
        self._build_screens()
        self.overlay = BusyOverlay(self)
        self.pin_pad = PinPad(self, self.translator, self.metrics, settings.exit_pin)
        self.pin_pad.accepted.connect(self._on_pin_accepted)
        self.workers.busy_changed.connect(self._on_busy_changed)
        self._busy_flag.visible_changed.connect(self._on_busy_visible)
        self.translator.language_changed.connect(lambda _lang: self.retranslate_ui())

        self.behaviour = KioskEventFilter(
            self,
            idle_ms=settings.idle_timeout_s * 1000,
            corner_px=lambda: self.metrics.px(GESTURE_CORNER_DESIGN_PX),
        )
        self.behaviour.idle_timeout.connect(self._on_idle)
        self.behaviour.scanned.connect(self._on_scanned)
        self.behaviour.exit_gesture.connect(self.open_pin_pad)
        self.behaviour.install()

        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(1000)
        self._clock_timer.timeout.connect(self._update_clock)
        self._clock_timer.start()
        self._print_timer = QTimer(self)
        self._print_timer.setSingleShot(True)
        self._print_timer.setInterval(PRINT_POLL_MS)
        self._print_timer.timeout.connect(self._poll_print_job)
        self._printer_timer = QTimer(self)
        self._printer_timer.setInterval(PRINTER_CHECK_MS)
        self._printer_timer.timeout.connect(self._check_printer)
        self._printer_timer.start()
        self._opening_timer = QTimer(self)
        self._opening_timer.setInterval(OPENING_CHECK_MS)
        self._opening_timer.timeout.connect(self._check_opening)
        self._opening_timer.start()

        self._bridge = SpoolBridge(self)
        self._bridge.job_changed.connect(self._on_job_changed)
        self.spool: Any = None
        if start_spool and self.printer_uri:
            from kiosk.services.printqueue import PrintSpool  # escpos is imported on first use

            self.spool = PrintSpool(ctx, self.printer_uri, on_change=self._bridge.job_changed.emit)
            self.spool.start()

        self._site_names: tuple[str, str] | None = None
        self.retranslate_ui()
        self._update_clock()
        self._check_printer()
        self._check_opening()
        self.workers.submit(
            lambda: catalog.read_catalog(ctx).site, self._on_site, lambda _exc: None, busy=False
        )
        self._apply_size(self._initial_size())
        self.go("home", remember=False)

    # --- construction ------------------------------------------------------------------------

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

    def _build_chrome(self) -> None:
        self.header = QFrame()
        self.header.setObjectName("header")
        self.logo = QLabel()
        self.logo.setObjectName("logo")
        self._logo_pixmap = QPixmap(str(logo_path()))
        self.app_title = make_label("", "appTitle", wrap=False)
        self.app_subtitle = make_label("", "appSubtitle", wrap=False)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addStretch(1)
        titles.addWidget(self.app_title)
        self.demo_badge = make_label("", "demoBadge", wrap=False)
        self.demo_badge.hide()  # shown on the demo site (services/opening.py)
        subtitle_row = QHBoxLayout()
        subtitle_row.setSpacing(16)
        subtitle_row.addWidget(self.app_subtitle)
        subtitle_row.addWidget(self.demo_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        subtitle_row.addStretch(1)
        titles.addLayout(subtitle_row)
        titles.addStretch(1)
        self.date_label = make_label("", "headerDate", wrap=False,
                                     align=Qt.AlignmentFlag.AlignRight)  # fmt: skip
        self.time_label = make_label("", "headerTime", wrap=False,
                                     align=Qt.AlignmentFlag.AlignRight)  # fmt: skip
        clock = QVBoxLayout()
        clock.setSpacing(0)
        clock.addStretch(1)
        clock.addWidget(self.time_label)
        clock.addWidget(self.date_label)
        clock.addStretch(1)
        head = QHBoxLayout(self.header)
        head.setContentsMargins(32, 12, 40, 12)
        head.setSpacing(24)
        head.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addLayout(titles, 1)
        head.addLayout(clock)

        self.stack = QStackedWidget()
        self.stack.setObjectName("stack")

        self.navbar = QFrame()
        self.navbar.setObjectName("navbar")
        self.back_button = TouchButton("", "nav", self.metrics, icon="back", icon_px=44,
                                       icon_color="#0b3d91")  # fmt: skip
        self.home_button = TouchButton("", "nav", self.metrics, icon="home", icon_px=44,
                                       icon_color="#0b3d91")  # fmt: skip
        for button in (self.back_button, self.home_button):
            # Never narrower than their text: "Kembali" and "Beranda" must read in full.
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.back_button.clicked.connect(self.back)
        self.home_button.clicked.connect(lambda: self.go_home(reset=True))
        self.printer_status = make_label("", "printerStatus")
        self.lang_buttons: dict[str, QPushButton] = {}
        nav = QHBoxLayout(self.navbar)
        nav.setContentsMargins(32, 14, 32, 14)
        nav.setSpacing(20)
        nav.addWidget(self.back_button)
        nav.addWidget(self.home_button)
        nav.addWidget(self.printer_status, 1)
        for lang in LANGS:
            button = TouchButton(LANGUAGE_NAMES[lang], "lang", self.metrics)
            button.setCheckable(True)
            button.clicked.connect(self._language_setter(lang))
            self.lang_buttons[lang] = button
            nav.addWidget(button)

        root = QVBoxLayout(self)
        # No size constraint on the top-level window: its size is the screen's (or the demo's),
        # never the content's minimum (that would also ask the platform to change its hints).
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.header)
        root.addWidget(self.stack, 1)
        root.addWidget(self.navbar)

    def _language_setter(self, lang: Lang) -> Callable[[], None]:
        return lambda: self.set_language(lang)

    def _build_screens(self) -> None:
        self.home = HomeScreen(self)
        self.agencies = AgenciesScreen(self)
        self.services = ServicesScreen(self)
        self.card = ServiceCardScreen(self)
        self.priority = PriorityScreen(self)
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
            self.home, self.agencies, self.services, self.card, self.priority, self.confirm,
            self.printing, self.result, self.eticket, self.scan, self.code_entry,
            self.reg_entry, self.ticket_status, self.application, self.complaint, self.charter,
            self.message,
        ):  # fmt: skip
            self.screens[screen.name] = screen
            self.stack.addWidget(screen)
        self.home.ticket_requested.connect(self._start_ticket)
        self.home.scan_requested.connect(lambda: self.go("scan"))
        self.home.charter_requested.connect(lambda: self.go("charter"))
        self.agencies.agency_chosen.connect(self._choose_agency)
        self.agencies.search_requested.connect(self._search_all)
        self.services.service_chosen.connect(self._choose_service)
        self.card.take_requested.connect(self._take)
        self.priority.priority_chosen.connect(self._choose_priority)
        self.confirm.print_requested.connect(self._issue)
        self.result.done_requested.connect(lambda: self.go_home(reset=True))
        self.eticket.done_requested.connect(lambda: self.go_home(reset=True))
        self.scan.code_entry_requested.connect(lambda: self.go("code_entry"))
        self.scan.reg_entry_requested.connect(lambda: self.go("reg_entry"))
        self.code_entry.submitted.connect(self._resolve)
        self.reg_entry.submitted.connect(self._track_typed)
        self.message.action_requested.connect(self._message_action)
        self._message_action_target = "home"

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
            self.logo.setPixmap(self._logo_pixmap_for(self.metrics.px(104 if portrait else 92)))
            rescale_tree(self, self.metrics)
        self.overlay.setGeometry(self.rect())
        if self.pin_pad.isVisible():
            self.pin_pad.setGeometry(self.rect())

    def _logo_pixmap_for(self, side: int) -> QPixmap:
        """The logo drawn white on the blue header (the shipped file is black on white)."""
        if self._logo_pixmap.isNull():
            return QPixmap()
        gray = self._logo_pixmap.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
        gray = gray.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                           Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        gray.invertPixels()  # dark strokes -> opaque, white paper -> transparent
        out = QImage(gray.size(), QImage.Format.Format_ARGB32_Premultiplied)
        out.fill(QColor("white"))
        out.setAlphaChannel(gray)
        return QPixmap.fromImage(out)

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
        self._clock_timer.stop()
        self._print_timer.stop()
        self._printer_timer.stop()
        self._opening_timer.stop()
        self.workers.cancel_pending()
        if self.spool is not None:
            self.spool.on_change = None
            self.spool.stop()
        self.workers.wait_for_done(10_000)
        if self._cursor_hidden:
            QGuiApplication.restoreOverrideCursor()
            self._cursor_hidden = False

    @Slot()
    def _on_idle(self) -> None:
        if self.current_screen_name() == "printing":
            self.behaviour.idle_timer.start()  # never cut a print short; ends within seconds
            return
        self.go_home(reset=True)

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
        screen = self.screens[name]
        if remember and self._history[-1] != name:
            self._history.append(name)
        self.stack.setCurrentWidget(screen)
        screen.on_enter()
        self._update_nav()

    def back(self) -> None:
        if len(self._history) > 1:
            self._history.pop()
        self.workers.cancel_pending()  # an answer for the screen we leave must not pop up
        target = self._history[-1]
        self.go(target, remember=False)
        if target == "home":
            self.go_home(reset=True)
        elif target == "services":
            self._reload_services()  # waiting counts and closed/quota badges change

    def go_home(self, *, reset: bool = True) -> None:
        """Home, clearing every field and choice of the last citizen."""
        self._print_timer.stop()
        self.workers.cancel_pending()
        if reset:
            self.pin_pad.close_pad()
            self._agency = self._service = self._ticket = None
            self._priority = None
            self._print_job = None
            for screen in self.screens.values():
                screen.reset()
            if self.translator.lang != self.default_lang:
                self.translator.set_language(self.default_lang)
        self._history = ["home"]
        self.go("home", remember=False)
        self._check_opening()

    def _update_nav(self) -> None:
        screen = self.current_screen()
        self.back_button.setVisible(screen.show_back)
        self.home_button.setVisible(screen.show_home)
        on_home = screen.name == "home"
        self.printer_status.setVisible(on_home)
        for button in self.lang_buttons.values():
            button.setVisible(screen.name != "printing")
        self.behaviour.scanning_enabled = screen.accepts_scans

    # --- language ----------------------------------------------------------------------------

    def set_language(self, lang: Lang) -> None:
        self.translator.set_language(lang)
        self._sync_lang_buttons()

    def _sync_lang_buttons(self) -> None:
        for lang, button in self.lang_buttons.items():
            button.setChecked(lang == self.translator.lang)

    def retranslate_ui(self) -> None:
        t = self.translator.t
        self.app_title.setText(t("app_title"))
        self.app_subtitle.setText(self._place_name())
        self.back_button.setText(t("nav_back"))
        self.home_button.setText(t("nav_home"))
        self.overlay.set_text(t("busy"))
        self.demo_badge.setText(t("demo_badge"))
        self._show_printer_status()
        self._update_clock(force=True)
        self._sync_lang_buttons()
        for screen in self.screens.values():
            screen.retranslate_ui()

    def _on_site(self, site: dict[str, Any]) -> None:
        self._site_names = (str(site.get("name_id", "")), str(site.get("name_en", "")))
        self.app_subtitle.setText(self._place_name())

    def _place_name(self) -> str:
        """The header's second line: the site's name from the catalogue without the words of
        the first line ("Mal Pelayanan Publik Kabupaten Probolinggo" -> "Kabupaten
        Probolinggo"), so another MPP shows its own name; the sample's until it is read."""
        title = self.translator.t("app_title")
        if self._site_names is None:
            return self.translator.t("app_subtitle")
        name = self.translator.pick(*self._site_names).strip()
        low, low_title = name.casefold(), title.casefold()
        if low.startswith(low_title):
            name = name[len(title) :].strip()
        elif low.endswith(low_title):
            name = name[: -len(title)].strip()
        return name or self.translator.t("app_subtitle")

    def _update_clock(self, force: bool = False) -> None:
        now = self.ctx.local_now()
        lang = self.translator.lang
        time_text = format_time_zone(now, lang)
        if force or time_text != self.time_label.text():
            self.time_label.setText(time_text)
            self.date_label.setText(format_date(now.date(), lang))

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
        self.demo_badge.setVisible(state.demo)
        self.home.set_opening(state, now)

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
            self._printer_known = True
            self._printer_fault = state.state not in ("ok", "paper_low", "unknown")
        self._show_printer_status()

    @Slot(object)
    def _on_job_changed(self, job: Any) -> None:
        self._printer_known = True
        self._printer_fault = job.status != "done" and bool(job.last_error)
        self._show_printer_status()

    def _show_printer_status(self) -> None:
        key = "printer_fault" if self._printer_fault else "printer_ok"
        self.printer_status.setText(f"\u25cf {self.translator.t(key)}")
        self.printer_status.setProperty("state", "fault" if self._printer_fault else "ok")
        self.printer_status.style().unpolish(self.printer_status)
        self.printer_status.style().polish(self.printer_status)

    @property
    def printer_fault(self) -> bool:
        return self._printer_fault

    # --- ticket flow -------------------------------------------------------------------------

    def _call(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        self.workers.submit(fn, on_done, self._on_service_error)

    def _start_ticket(self) -> None:
        self.go("agencies")
        self._call(lambda: queue.list_agencies(self.ctx), self.agencies.set_agencies)

    def _choose_agency(self, code: str) -> None:
        agency = next((a for a in self.agencies._agencies if a.code == code), None)
        self._agency = agency
        self.services.set_context(agency)
        self.go("services")
        self._call(lambda: queue.list_services(self.ctx, code), self.services.set_services)

    def _search_all(self) -> None:
        self._agency = None
        self.services.set_context(None)
        self.go("services")
        self.services.show_keyboard(True)
        self._call(lambda: queue.list_services(self.ctx), self.services.set_services)

    def _choose_service(self, code: str) -> None:
        service = next((s for s in self.services.shown_services if s.code == code), None)
        if service is None:
            return
        self._service = service
        self._priority = None
        self.card.show_service(service)
        self.go("card")

    def _take(self) -> None:
        service = self._service
        if service is None or service.refusal:
            return
        if service.priority_allowed:
            self.go("priority")
        else:
            self._choose_priority("")

    def _choose_priority(self, kind: str) -> None:
        self._priority = kind or None
        self.confirm.show_choice(self._service, self._priority)
        self.go("confirm")

    def _issue(self) -> None:
        service = self._service
        if service is None:
            return
        self.printing.set_stage("issuing")
        self.go("printing", remember=False)
        code, priority, lang = service.code, self._priority, self.translator.lang
        printer = self.printer_uri or None

        def issue() -> Any:
            return queue.issue_ticket(
                self.ctx, code, priority, device=self.device, printer_uri=printer, lang=lang
            )

        self.workers.submit(issue, self._on_issued, self._on_issue_error, busy=False)

    def _on_issued(self, ticket: Any) -> None:
        self._ticket = ticket
        self.result.show_ticket(ticket)
        if ticket.print_job_id is None:
            self._show_result("result")
            return
        if self.spool is not None:
            self.spool.kick()
        self._print_job = ticket.print_job_id
        self._print_deadline = time.monotonic() + PRINT_WAIT_S
        self.printing.set_stage("printing")
        self._poll_print_job()

    def _poll_print_job(self) -> None:
        job_id = self._print_job
        if job_id is None:
            return
        self.workers.submit(
            lambda: printjobs.job_state(self.ctx, job_id),
            self._on_job_state,
            lambda _exc: self._show_result("eticket"),
            busy=False,
        )

    def _on_job_state(self, job: Any) -> None:
        if job.id != self._print_job:
            return
        if job.status == "done":
            self._printer_fault = False
            self._show_printer_status()
            self._show_result("result")
        elif job.status == "failed" or job.last_error or time.monotonic() >= self._print_deadline:
            self._printer_fault = True
            self._show_printer_status()
            self._show_result("eticket")
        else:
            self._print_timer.start()

    def _show_result(self, name: str) -> None:
        self._print_job = None
        self._print_timer.stop()
        if name == "eticket":
            self.eticket.show_ticket(self._ticket)  # the QR is drawn only when needed
        # Back from the result leads to another ticket of the same agency, never to "confirm"
        # (which would print a second ticket for the same person).
        self._history = ["home", "agencies"] + (["services"] if self._agency is not None else [])
        self.go(name)

    def _on_issue_error(self, exc: BaseException) -> None:
        self._history = self._history[:]  # the printing screen was never remembered
        if isinstance(exc, Refused):
            # The card was read a while ago; the refusal is about now: show today's facts.
            code = self._service.code if self._service is not None else ""
            self.workers.submit(
                lambda: queue.get_service(self.ctx, code),
                lambda service: self._show_refusal(service, exc.reason),
                lambda _err: self._show_refusal(self._service, exc.reason),
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
        self._message_action_target = "back"
        # "Kembali" leads to the (refreshed) list of services, where the badge now says why;
        # never back to "Cetak Tiket", which would only be refused again.
        self._history = ["home", "agencies", "services"]
        self.go("message")

    def _reload_services(self) -> None:
        code = self._agency.code if self._agency is not None else None
        self.workers.submit(
            lambda: queue.list_services(self.ctx, code),
            self.services.set_services,
            lambda _exc: None,
            busy=False,
        )

    # --- scan flow ---------------------------------------------------------------------------

    @Slot(str)
    def _on_scanned(self, text: str) -> None:
        if self.pin_pad.isVisible() or not self.current_screen().accepts_scans:
            return
        self._resolve(text)

    def _resolve(self, raw: str) -> None:
        self._call(lambda: tracking.resolve_scan(self.ctx, raw, self.device), self._show_scan)

    def _track_typed(self, registration: str, last4: str) -> None:
        self._call(
            lambda: tracking.track_typed(self.ctx, registration, last4, self.device),
            lambda result: self._show_scan(result, typed=True),
        )

    def _show_scan(self, result: Any, typed: bool = False) -> None:
        kind = result.kind
        if kind == "ticket" and result.ticket is not None:
            self.ticket_status.show_status(result.ticket)
            self.go("ticket_status")
        elif kind == "application" and result.application is not None:
            self.application.show_application(result.application)
            self.go("application")
        elif kind == "complaint":
            code, status = result.complaint_code or "", result.complaint_status or ""
            self.complaint.show_complaint(code, status)
            self.go("complaint_status")
        elif kind == "throttled":
            self.message.icon.set_icon("clock")
            self.message.show_message(
                "throttled_title", "throttled_hint", "nav_home", seconds=result.retry_after_s
            )
            self._message_action_target = "home"
            self.go("message")
        else:
            self.message.icon.set_icon("warning")
            self.message.show_message(
                "notrec_title", "notrec_typed" if typed else "notrec_hint", "try_again"
            )
            self._message_action_target = "retry"
            self.go("message")

    def _message_action(self) -> None:
        target = self._message_action_target
        if target == "retry":
            previous = self._history[-2] if len(self._history) > 1 else "home"
            self.back()
            if previous == "home":
                self.go("scan")
        elif target == "back":
            self.back()
        else:
            self.go_home(reset=True)

    # --- errors ------------------------------------------------------------------------------

    def _on_service_error(self, exc: BaseException) -> None:
        if not isinstance(exc, KioskError):
            log.error("kiosk: unexpected error", exc_info=exc)
        body = "error_hint"
        if isinstance(exc, Unavailable):
            body = "error_unavailable"
        elif isinstance(exc, NotFound):
            body = "error_not_found"
        self.message.icon.set_icon("warning")
        self.message.show_message("error_title", body, "nav_home")
        self._message_action_target = "home"
        self.go("message")


def create_kiosk_window(ctx: AppContext, windowed: bool = False) -> KioskWindow:
    """The factory app.py registers for the "kiosk" role."""
    windowed = windowed or not ctx.settings.kiosk.fullscreen
    return KioskWindow(ctx, windowed=windowed)


__all__ = ["KioskWindow", "create_kiosk_window"]
