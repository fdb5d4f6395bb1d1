"""The lobby display (layar antrian): the latest call huge, the calls before it, who is waiting.

What it reads and what counts as a new call: kiosk/ui/display/lobby.py (the board only, so
nothing personal reaches the lobby screen or its voice). The panels that show it:
kiosk/ui/display/panels.py; the charter ticker: kiosk/ui/display/widgets.py.

When it reads: on every change the feed reports (kiosk/ui/shared/feed.py: data_version on
SQLite, LISTEN/NOTIFY on PostgreSQL), plus a full refresh every 45 s; reads run in a worker and
never overlap (a change during a read schedules one more read).

New calls flash for FLASH_MS and are spoken in order by the AnnouncementPlayer
(kiosk/ui/audio.py), which is silent where there is no sound and never blocks the screen.

Layout: designed in pixels for 1920x1080 (landscape, the usual TV) and 1080x1920 (portrait);
sizes follow the window (a demo window is small). Indonesian is the main language, English
the subtitle; ``set_language("en")`` swaps them.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import QBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.services import catalog
from kiosk.services.queue import BoardCall
from kiosk.services.reports.public import ScreenFigures, screen_figures
from kiosk.ui.audio import AnnouncementPlayer
from kiosk.ui.bootstrap import DisplayParts
from kiosk.ui.display import texts
from kiosk.ui.display.lobby import HISTORY, CallMemory, LobbyState, read_lobby
from kiosk.ui.display.panels import DisplayHeader, HeroPanel, HistoryPanel, WaitingPanel
from kiosk.ui.display.parts import QSS, WINDOW_BACKGROUND
from kiosk.ui.display.widgets import Ticker, pixel_font
from kiosk.ui.i18n import Lang
from kiosk.ui.shared.feed import concerns
from kiosk.ui.shared.minute_timer import MinuteTimer
from kiosk.ui.theme import load_fonts

__all__ = ["DisplayWindow"]

log = logging.getLogger(__name__)

FLASH_MS = 6000
FLASH_STEP_MS = 500
#: How often the month's public figures are read again (they change a few times a day).
FIGURES_REFRESH_MS = 10 * 60 * 1000
DEMO_SIZE = QSize(960, 540)


class DisplayWindow(QWidget):
    """The layar antrian: no input, everything readable from 10 m."""

    def __init__(
        self,
        parts: DisplayParts,
        *,
        windowed: bool = False,
        voice: bool | None = None,
        voice_dir: Path | None = None,
        start: bool = True,
    ) -> None:
        """``parts`` come from kiosk.ui.bootstrap.build_display (workers, change watcher)."""
        super().__init__()
        self.family = load_fonts()
        ctx = parts.ctx
        self.ctx = ctx
        self.windowed = windowed
        self.lang: Lang = "id"
        settings = ctx.settings.display
        self.setObjectName("displayWindow")
        self.setWindowTitle("MPP Kiosk - Layar Antrian")
        # The window's own colour, without a style sheet: see _build (the ticker).
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW_BACKGROUND))
        self.setPalette(palette)
        if not windowed:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)
            self.setCursor(Qt.CursorShape.BlankCursor)

        parts.adopt(self)
        self.workers = parts.workers
        folder = voice_dir or (Path(settings.voice_dir) if settings.voice_dir else None)
        self.player = AnnouncementPlayer(
            folder, enabled=settings.voice if voice is None else voice, parent=self
        )
        self.watcher = parts.watcher
        self.watcher.changed.connect(self._on_changed)
        self.watcher.online_changed.connect(self._on_online)

        self.state: LobbyState | None = None
        self._site_names: dict[str, str] = {}
        self._calls = CallMemory()
        self._loading = False
        self._dirty = False
        self._read_failed = False
        self._flash_left = 0
        self._portrait: bool | None = None
        self._scale = 0.0
        self._shut_down = False

        self._build()
        self._clock = MinuteTimer(self._update_clock, self)  # the clock shows minutes
        self._clock.start()
        self._flash = QTimer(self)
        self._flash.setInterval(FLASH_STEP_MS)
        self._flash.timeout.connect(self._flash_step)
        # This month's public figures (issue 9 item 7) lead the ticker when the site wants them.
        self._figures: ScreenFigures | None = None
        self._figures_timer = QTimer(self)
        self._figures_timer.setInterval(FIGURES_REFRESH_MS)
        self._figures_timer.timeout.connect(self._load_figures)

        self.retranslate_ui()
        self._update_clock()
        self.resize(DEMO_SIZE if windowed else QSize(1920, 1080))
        self._relayout()
        if start:
            self.start()

    # --- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        family = self.family
        self.header = DisplayHeader(family)
        self.hero = HeroPanel(family)
        self.history = HistoryPanel(family)
        self.waiting_panel = WaitingPanel(family)
        # The labels tests, screenshots and the display's helper process read, by window name.
        self.title, self.date, self.time_label = (
            self.header.title,
            self.header.date,
            self.header.time_label,
        )
        self.hero_caption, self.hero_number = self.hero.caption, self.hero.number
        self.hero_goto, self.hero_counter = self.hero.goto, self.hero.counter
        self.hero_counter_sub = self.hero.counter_sub
        self.history_rows = self.history.rows
        self.chips, self.waiting_none = self.waiting_panel.chips, self.waiting_panel.none

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addWidget(self.hero, 3)
        self.body.addWidget(self.history, 2)

        self.offline = QLabel()
        self.offline.setObjectName("offline")
        self.offline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline.hide()
        self.ticker = Ticker(family)

        # Everything but the ticker is styled by QSS. The ticker sits outside: a widget under a
        # style sheet paints through QStyleSheetStyle, which made each of its frames (about 16
        # a second, all day) a fifth dearer: 0.88% -> 0.73% of a core (issue 13).
        styled_part = QWidget()
        styled_part.setObjectName("displayStyled")
        styled_part.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        styled_part.setStyleSheet(QSS)
        styled = QVBoxLayout(styled_part)
        styled.setContentsMargins(0, 0, 0, 0)
        styled.setSpacing(0)
        styled.addWidget(self.header)
        self.content = QVBoxLayout()
        self.content.addLayout(self.body, 1)
        self.content.addWidget(self.waiting_panel)
        styled.addLayout(self.content, 1)
        styled.addWidget(self.offline)

        self.root = QVBoxLayout(self)
        self.root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.root.setContentsMargins(0, 0, 0, 0)
        self.root.setSpacing(0)
        self.root.addWidget(styled_part, 1)
        self.root.addWidget(self.ticker)

    # --- life cycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Watch the database and read the first state (and, once, the site's name)."""
        self.watcher.start()
        self.refresh()
        ctx = self.ctx
        self.workers.submit(
            lambda: catalog.read_catalog(ctx).site, self._on_site, lambda _exc: None, busy=False
        )
        if ctx.settings.display.public_figures:
            self._load_figures()
            self._figures_timer.start()

    def _load_figures(self) -> None:
        ctx = self.ctx
        # The ticker is a nicety: without the figures it shows the charter alone.
        self.workers.submit(
            lambda: screen_figures(ctx), self._on_figures, lambda _exc: None, busy=False
        )

    def _on_figures(self, figures: ScreenFigures) -> None:
        if figures != self._figures:
            self._figures = figures
            self.ticker.set_segments(self._ticker_segments())

    def _ticker_segments(self) -> list[tuple[str, str]]:
        return texts.ticker_segments(self.lang, self._figures)

    def _on_site(self, site: dict[str, Any]) -> None:
        self._site_names = {
            "id": str(site.get("name_id", "")),
            "en": str(site.get("name_en", "")),
        }
        self.retranslate_ui()

    def _place(self) -> str:
        """The header's second line: this MPP's place, the sample's until the site is read."""
        name = texts.place_name(self._site_names.get(self.lang, ""), self._t("title"))
        return name or self._t("subtitle")

    def shutdown(self) -> None:
        """Stop timers, the feed and the voice; wait briefly for a read in flight."""
        if self._shut_down:
            return
        self._shut_down = True
        self._clock.stop()
        self.stop_flash()
        self.ticker.set_running(False)
        self.watcher.stop()
        self.player.shutdown()
        self.workers.cancel_pending()
        self.workers.wait_for_done(3000)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    def showFullScreen(self) -> None:
        screen = self.screen()
        if screen is not None:
            self.resize(screen.size())
        super().showFullScreen()

    # --- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read calls and counts in a worker (one read at a time; changes meanwhile queue one)."""
        if self._shut_down:
            return
        if self._loading:
            self._dirty = True
            return
        self._loading = True
        self._dirty = False
        ctx = self.ctx
        self.workers.submit(lambda: read_lobby(ctx), self._on_state, self._on_read_error,
                            busy=False)  # fmt: skip

    @Slot(object)
    def _on_changed(self, tables: object) -> None:
        if isinstance(tables, set) and concerns(tables, "call_events", "tickets", "counters"):
            self.refresh()

    def _on_online(self, online: bool) -> None:
        self._show_offline(not online)

    def _on_read_error(self, exc: BaseException) -> None:
        self._loading = False
        log.info("display: cannot read the queue: %s", exc)
        self._read_failed = True
        self._show_offline(True)
        if self._dirty:
            QTimer.singleShot(0, self, self.refresh)

    def _on_state(self, state: LobbyState) -> None:
        self._loading = False
        first = self.state is None
        if self._read_failed:
            self._read_failed = False
            self._show_offline(not self.watcher.online)
        new = self._calls.new_calls(state.calls, first=first)
        self.state = state
        self._show_state(state)
        for call in reversed(new):  # oldest first
            self.player.announce(call.number, call.counter_number)
        if new and new[0] is state.calls[0]:
            self._start_flash()
        if self._dirty:
            QTimer.singleShot(0, self, self.refresh)

    # --- showing -------------------------------------------------------------------------------

    def _t(self, key: str, lang: Lang | None = None, **values: object) -> str:
        return texts.translate(lang or self.lang, key, **values)

    def set_language(self, lang: Lang) -> None:
        """Make ``lang`` the main language (the other one becomes the subtitle)."""
        if lang != self.lang:
            self.lang = lang
            self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every visible string (display catalogue), in the main and the subtitle language."""
        self.title.set_texts(self._t("title"), self._place())
        self.history.retranslate_ui(self.lang)
        self.waiting_panel.retranslate_ui(self.lang)
        self.offline.setText("  /  ".join(texts.both(self.lang, "offline")))
        self.ticker.set_segments(self._ticker_segments())
        self._update_clock()
        if self.state is not None:
            self._show_state(self.state)
        else:
            self._show_calls(())

    def _show_state(self, state: LobbyState) -> None:
        self._show_calls(state.calls)
        self.waiting_panel.show_waiting(state.waiting, self.lang)

    def _show_calls(self, calls: tuple[BoardCall, ...]) -> None:
        self.hero.show_call(calls[0] if calls else None, self.lang)
        self.history.show_calls(calls[1 : HISTORY + 1], self.lang)

    def _show_offline(self, offline: bool) -> None:
        self.offline.setVisible(offline)

    def _update_clock(self) -> None:
        self.header.show_clock(self.ctx.local_now(), self.lang)

    # --- flashing ------------------------------------------------------------------------------

    def _start_flash(self) -> None:
        self._flash_left = FLASH_MS // FLASH_STEP_MS
        self.hero.set_flash(True)
        self._flash.start()

    def stop_flash(self) -> None:
        """End the highlight now (shutdown; a steady picture for screenshots)."""
        self._flash.stop()
        self.hero.set_flash(False)

    def _flash_step(self) -> None:
        self._flash_left -= 1
        if self._flash_left <= 0:
            self._flash.stop()
            self.hero.set_flash(False)
            return
        self.hero.set_flash(not self.flashing)

    @property
    def flashing(self) -> bool:
        """The hero is in its highlight colour right now (it blinks while a call is new)."""
        return self.hero.flashing

    @property
    def announcing(self) -> bool:
        """A new call is being highlighted (blinking for FLASH_MS)."""
        return self._flash.isActive()

    # --- layout --------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        portrait = h > w
        scale = min(w / 1080, h / 1920) if portrait else min(w / 1920, h / 1080)
        if portrait == self._portrait and abs(scale - self._scale) < 1e-3:
            return
        orientation_changed = portrait != self._portrait
        self._portrait, self._scale = portrait, scale

        def px(design: float) -> int:
            return max(1, round(design * scale))

        self.header.set_scale(px)
        self.content.setContentsMargins(px(32), px(28), px(32), px(24))
        self.content.setSpacing(px(24))
        self.body.setSpacing(px(28))
        self.body.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.body.setStretch(0, 5 if portrait else 3)
        self.body.setStretch(1, 4 if portrait else 2)
        self.hero.set_scale(px, portrait)
        self.history.set_scale(px)
        self.waiting_panel.set_scale(px)
        if orientation_changed:
            self.waiting_panel.arrange_chips(portrait)

        self.offline.setFont(pixel_font(self.family, px(28), bold=True))
        self.offline.setContentsMargins(0, px(6), 0, px(6))
        self.ticker.set_font_px(px(34), speed_px_s=px(130))
        if self.state is not None:
            self.waiting_panel.show_waiting(self.state.waiting, self.lang)
