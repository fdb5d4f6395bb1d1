"""``mpp-kiosk admin``: sign in (the counter's sign-in page, supervisors and admins only), then
one tab per part of the MPP the supervisor keeps: services, counters, staff, holidays,
agencies, charter texts, printers.

The tabs are a plain list of (title, widget) pages built after sign-in (``_build_pages``), so
another part (the devices panel) is one more entry. Every read and save runs in a worker
(kiosk/ui/workers.py); the pages only map data to widgets and show a refusal as one line in
the officer's language. Changes reach running kiosks, counters and displays through the change
feed (the services announce them), not through this window.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.services import staff
from kiosk.services.admin import access
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer
from kiosk.ui.admin import style
from kiosk.ui.admin.texts import AdminTranslator, error_text
from kiosk.ui.counter.signin import SignInPage
from kiosk.ui.i18n import Lang
from kiosk.ui.workers import Workers

__all__ = ["AdminParts", "AdminWindow", "Page"]

#: The pages' modules (and the admin use cases under them): imported in a worker while the
#: sign-in page waits for a password, not before the window shows (the start-up goal, 1.5 s).
PAGE_MODULES = (
    "kiosk.ui.admin.catalogue_pages",
    "kiosk.ui.admin.people_pages",
    "kiosk.ui.admin.site_pages",
)


def _import_pages() -> None:
    for name in PAGE_MODULES:
        importlib.import_module(name)


@dataclass
class AdminParts:
    """The admin window's collaborators: the services' context and a worker pool."""

    ctx: AppContext
    workers: Workers


@dataclass
class Page:
    """One tab: its title's message key (or a ready text) and its widget."""

    title: str
    widget: QWidget


def _sign_in(ctx: AppContext, username: str, password: str) -> Officer:
    officer = staff.authenticate(ctx, username, password)
    access.require_open(officer)
    return officer


class AdminWindow(QWidget):
    """The supervisor's window; ``pages`` lists the tabs once an officer is signed in."""

    def __init__(self, parts: AdminParts, *, lang: str | None = None) -> None:
        super().__init__()
        self.ctx = parts.ctx
        self.workers = parts.workers
        self.workers.setParent(self)
        self.setObjectName("adminWindow")
        self.tr_ = AdminTranslator(
            "en" if (lang or self.ctx.settings.site.language) == "en" else "id", self
        )
        self.officer: Officer | None = None
        self.pages: list[Page] = []
        self.header = QFrame()
        self.header.setObjectName("header")
        self.app_title = QLabel()
        self.app_title.setObjectName("appTitle")
        self.officer_label = QLabel()
        self.officer_label.setObjectName("officerLabel")
        self.lang_button = QPushButton()
        self.lang_button.setObjectName("langButton")
        self.signout_button = QPushButton()
        self.signout_button.setObjectName("signoutButton")
        self.signout_button.hide()
        bar = QHBoxLayout(self.header)
        bar.setContentsMargins(16, 8, 16, 8)
        bar.addWidget(self.app_title)
        bar.addSpacing(16)
        bar.addWidget(self.officer_label, 1)
        bar.addWidget(self.lang_button)
        bar.addWidget(self.signout_button)
        self.signin = SignInPage(self.tr_)
        self.signin.set_scale(1.0)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("adminTabs")
        self.tabs.currentChanged.connect(self._on_tab)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.signin)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        # The window's minimum size must not follow its pages: a tab widget changing it after
        # show makes Qt re-send size hints to the platform window (a warning offscreen).
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.header)
        layout.addWidget(self.stack, 1)
        self.setStyleSheet(style.QSS)
        self.signin.signin_requested.connect(self._on_signin)
        self.signout_button.clicked.connect(self.sign_out)
        self.lang_button.clicked.connect(self._toggle_language)
        self.tr_.language_changed.connect(self._on_language)
        self.resize(1280, 800)
        self.retranslate_ui()
        self.workers.submit(_import_pages, lambda _r: None, lambda _e: None, busy=False)

    # --- sign-in -------------------------------------------------------------------------------

    def _on_signin(self, username: str, password: str) -> None:
        self.signin.set_busy(True)
        ctx = self.ctx
        self.workers.submit(
            lambda: _sign_in(ctx, username, password), self._on_signed_in, self._on_signin_error
        )

    def _on_signin_error(self, exc: BaseException) -> None:
        self.signin.set_busy(False)
        self.signin.password.clear()
        self.signin.show_error(error_text(self.tr_, exc))

    def _on_signed_in(self, officer: Officer) -> None:
        self.signin.set_busy(False)
        self.signin.reset()
        self.officer = officer
        self.pages = self._build_pages(officer)
        self.tabs.blockSignals(True)
        for page in self.pages:
            self.tabs.addTab(page.widget, "")
        self.tabs.blockSignals(False)
        self.stack.setCurrentWidget(self.tabs)
        self.signout_button.show()
        self.retranslate_ui()
        self._on_tab(self.tabs.currentIndex())

    def _build_pages(self, officer: Officer) -> list[Page]:
        """The tabs, in order. A new part of the window is one more ``Page`` here, e.g. the
        devices panel: ``Page("tab_devices", DevicesPanel(...))`` (its title is in the admin
        catalogue already)."""
        from kiosk.ui.admin.catalogue_pages import AgenciesPage, CountersPage, ServicesPage
        from kiosk.ui.admin.people_pages import StaffPage
        from kiosk.ui.admin.site_pages import CharterPage, HolidaysPage, PrintersPage
        from kiosk.ui.devices.panel import DevicesPanel

        args = (self.tr_, self.workers, self.ctx, officer)
        return [
            Page("tab_services", ServicesPage(*args)),
            Page("tab_counters", CountersPage(*args)),
            Page("tab_staff", StaffPage(*args)),
            Page("tab_holidays", HolidaysPage(*args)),
            Page("tab_agencies", AgenciesPage(*args)),
            Page("tab_charter", CharterPage(*args)),
            Page("tab_printers", PrintersPage(*args)),
            # every kiosk, counter, display and web service, live: silent ones and printer
            # faults stand out (kiosk/ui/devices/panel.py)
            Page("tab_devices", DevicesPanel(self.ctx, workers=self.workers, lang=self.tr_.lang)),
        ]

    def add_page(self, title: str, widget: QWidget) -> None:
        """Add a tab after sign-in (``title``: a message key or a ready text)."""
        self.pages.append(Page(title, widget))
        self.tabs.addTab(widget, "")
        self.retranslate_ui()

    def page(self, title: str) -> Any:
        """The widget of the tab titled ``title`` (tests, screenshots)."""
        return next(p.widget for p in self.pages if p.title == title)

    def show_page(self, title: str) -> Any:
        widget = self.page(title)
        self.tabs.setCurrentWidget(widget)
        return widget

    def _stop_pages(self) -> None:
        for page in self.pages:
            stop = getattr(page.widget, "stop", None)
            if callable(stop):
                stop()

    def sign_out(self) -> None:
        self._stop_pages()
        self.workers.cancel_pending()
        self.officer = None
        self.stack.setCurrentWidget(self.signin)
        while self.tabs.count():
            widget = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if widget is not None:
                widget.deleteLater()
        self.pages = []
        self.signout_button.hide()
        self.signin.reset()
        self.retranslate_ui()

    def _on_tab(self, index: int) -> None:
        """Each tab re-reads when it is shown (another supervisor may have changed it)."""
        if 0 <= index < len(self.pages):
            reload = getattr(self.pages[index].widget, "reload", None)
            if callable(reload):
                reload()

    # --- language ------------------------------------------------------------------------------

    def _on_language(self, _lang: str) -> None:
        """Every label and cell in the new language; a half-typed form is kept."""
        self.retranslate_ui()

    def _toggle_language(self) -> None:
        self.tr_.set_language("en" if self.tr_.lang == "id" else "id")

    def set_language(self, lang: Lang) -> None:
        self.tr_.set_language(lang)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.setWindowTitle(t("window_title"))
        self.app_title.setText(t("window_title"))
        self.lang_button.setText("English" if self.tr_.lang == "id" else "Bahasa Indonesia")
        self.signout_button.setText(t("sign_out"))
        officer = self.officer
        if officer is None:
            self.officer_label.setText("")
        else:
            scope = officer.agency_code if not access.is_site_admin(officer) else t("whole_site")
            self.officer_label.setText(
                t("signed_in_as", name=officer.full_name, role=t(f"role_{officer.role}"),
                  scope=scope or t("no_agency"))
            )  # fmt: skip
        self.signin.retranslate_ui()
        for i, page in enumerate(self.pages):
            title = t(page.title) if page.title.startswith("tab_") else page.title
            self.tabs.setTabText(i, title)
            follow = getattr(page.widget, "set_language", None)
            retranslate = getattr(page.widget, "retranslate_ui", None)
            if callable(follow):
                follow(self.tr_.lang)  # a page with its own language (the devices panel)
            elif callable(retranslate):
                retranslate()

    def shutdown(self) -> None:
        self._stop_pages()
        self.workers.cancel_pending()
        self.workers.wait_for_done(3000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def create_admin_window(ctx: AppContext, windowed: bool = True) -> AdminWindow:
    """The admin role's window (always a normal window: it is an office PC's program)."""
    window = AdminWindow(AdminParts(ctx=ctx, workers=Workers()))
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    return window
