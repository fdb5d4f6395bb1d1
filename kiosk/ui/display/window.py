"""The lobby display (layar antrian): the latest call huge, the calls before it, who is waiting.

What it reads: ``queue.board`` (kiosk/services/queue/board.py: the latest call of each ticket
from the append-only call record, newest first, and the waiting counts per prefix). Nothing
else, so no name, NIK or service can reach the lobby screen or its voice (UU PDP;
shared/domain/queue-calling.md), and a transfer, no-show or finish cannot rewrite what it shows.

When it reads: on every change the feed reports (kiosk/ui/shared/feed.py: data_version on
SQLite, LISTEN/NOTIFY on PostgreSQL), plus a full refresh every 45 s; reads run in a worker and
never overlap (a change during a read schedules one more read).

A call is new when its call event was not on screen before: a recall is a new event, so it is
announced again. The first read after start-up announces nothing
(the lobby does not need this morning's calls read out after a restart). New calls flash for
FLASH_MS and are spoken in order by the AnnouncementPlayer (kiosk/ui/audio.py), which is silent
where there is no sound and never blocks the screen.

Layout: designed in pixels for 1920x1080 (landscape, the usual TV) and 1080x1920 (portrait);
sizes follow the window (a demo window is small). Indonesian is the main language, English
the subtitle; ``set_language("en")`` swaps them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import format_date, format_time_zone
from kiosk.services import catalog, queue
from kiosk.services.context import AppContext
from kiosk.services.queue import BoardCall, QueueWaiting
from kiosk.services.reports.public import ScreenFigures, screen_figures
from kiosk.ui.audio import AnnouncementPlayer
from kiosk.ui.bootstrap import DisplayParts
from kiosk.ui.display import texts
from kiosk.ui.display.parts import QSS, Chip, HistoryRow, Pair
from kiosk.ui.display.widgets import FitLabel, Ticker, pixel_font
from kiosk.ui.i18n import Lang
from kiosk.ui.shared.feed import concerns
from kiosk.ui.shared.minute_timer import MinuteTimer
from kiosk.ui.theme import load_fonts, logo_path

__all__ = ["DisplayWindow", "LobbyState"]

log = logging.getLogger(__name__)

#: Calls shown besides the latest one.
HISTORY = 5
#: Queues shown with their waiting count (one row on a landscape screen, two in portrait).
CHIP_SLOTS = 8
FLASH_MS = 6000
FLASH_STEP_MS = 500
#: How often the month's public figures are read again (they change a few times a day).
FIGURES_REFRESH_MS = 10 * 60 * 1000
DEMO_SIZE = QSize(960, 540)


@dataclass(frozen=True)
class LobbyState:
    """One read of what the lobby may see: calls and counts, nothing personal."""

    calls: tuple[BoardCall, ...]
    waiting: tuple[QueueWaiting, ...]


def call_key(call: BoardCall) -> int:
    """A call's identity: its event in the append-only call record (a recall is a new one)."""
    return call.event_id


def read_lobby(ctx: AppContext) -> LobbyState:
    """The display's only read (runs in a worker): the board, as kiosk.services.queue.board
    defines it (the latest call of each ticket, newest first; transfers change nothing)."""
    board = queue.board(ctx, HISTORY)
    return LobbyState(calls=board.calls, waiting=board.waiting)


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
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(QSS)
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
        self._seen: set[int] = set()
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
        left = Qt.AlignmentFlag.AlignLeft
        right = Qt.AlignmentFlag.AlignRight
        center = Qt.AlignmentFlag.AlignCenter

        self.header = QFrame()
        self.header.setObjectName("header")
        self.logo = QLabel()
        self._logo = QPixmap(str(logo_path()))
        self.title = Pair(family, "title", left)
        self.date = Pair(family, "date", right, fit=False)
        self.time_label = QLabel()
        self.time_label.setObjectName("time")
        self.time_label.setProperty("role", "accent")
        self.time_label.setAlignment(right | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout(self.header)
        head.addWidget(self.logo)
        head.addWidget(self.title, 1)
        # Time above the date on the right: narrow enough for a portrait screen's header.
        clock = QVBoxLayout()
        clock.setSpacing(0)
        clock.addWidget(self.time_label)
        clock.addWidget(self.date)
        head.addLayout(clock)

        # the latest call
        self.hero = QFrame()
        self.hero.setObjectName("hero")
        self.hero.setProperty("flash", False)
        self.hero_caption = Pair(family, "heroCaption", center)
        self.hero_number = FitLabel(family, 340, object_name="heroNumber")
        self.hero_goto = Pair(family, "heroGoto", center)
        self.hero_counter = FitLabel(family, 200, object_name="heroCounter")
        self.hero_counter_sub = FitLabel(
            family, 36, bold=False, object_name="heroCounterSub", align=center
        )
        self.hero_counter_sub.setProperty("role", "sub")
        hero = QVBoxLayout(self.hero)
        hero.addWidget(self.hero_caption)
        hero.addWidget(self.hero_number, 5)
        hero.addWidget(self.hero_goto)
        hero.addWidget(self.hero_counter, 3)
        hero.addWidget(self.hero_counter_sub)

        # previous calls
        self.history = QFrame()
        self.history.setObjectName("history")
        self.history_title = Pair(family, "historyTitle", left)
        self.history_rows = [HistoryRow(family) for _ in range(HISTORY)]
        self.history_empty = FitLabel(
            family, 36, bold=False, object_name="historyEmpty", align=center
        )
        self.history_empty.setProperty("role", "sub")
        hist = QVBoxLayout(self.history)
        hist.addWidget(self.history_title)
        for row in self.history_rows:
            hist.addWidget(row, 1)
        hist.addWidget(self.history_empty, 1)

        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.body.addWidget(self.hero, 3)
        self.body.addWidget(self.history, 2)

        # waiting per queue
        self.waiting_panel = QFrame()
        self.waiting_panel.setObjectName("waitingPanel")
        self.waiting_title = Pair(family, "waitingTitle", left)
        self.chips = [Chip(family) for _ in range(CHIP_SLOTS)]
        self.chip_grid = QGridLayout()
        self.waiting_none = FitLabel(family, 36, bold=False, object_name="waitingNone", align=left)
        self.waiting_none.setProperty("role", "sub")
        wait = QHBoxLayout(self.waiting_panel)
        wait.addWidget(self.waiting_title)
        wait.addLayout(self.chip_grid, 1)
        wait.addWidget(self.waiting_none, 10)  # the whole row when no chip is shown

        self.offline = QLabel()
        self.offline.setObjectName("offline")
        self.offline.setAlignment(center)
        self.offline.hide()
        self.ticker = Ticker(family)

        self.root = QVBoxLayout(self)
        self.root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.root.setContentsMargins(0, 0, 0, 0)
        self.root.setSpacing(0)
        self.root.addWidget(self.header)
        self.content = QVBoxLayout()
        self.content.addLayout(self.body, 1)
        self.content.addWidget(self.waiting_panel)
        self.root.addLayout(self.content, 1)
        self.root.addWidget(self.offline)
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
        keys = [call_key(c) for c in state.calls]
        new = [] if first else [c for c in state.calls if call_key(c) not in self._seen]
        self._seen = set(keys) | (self._seen if len(self._seen) < 500 else set())
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

    def _both(self, key: str, **values: object) -> tuple[str, str]:
        """(main language, subtitle language)."""
        sub = texts.other(self.lang)
        return texts.translate(self.lang, key, **values), texts.translate(sub, key, **values)

    def set_language(self, lang: Lang) -> None:
        """Make ``lang`` the main language (the other one becomes the subtitle)."""
        if lang != self.lang:
            self.lang = lang
            self.retranslate_ui()

    def retranslate_ui(self) -> None:
        """Every visible string (display catalogue), in the main and the subtitle language."""
        self.title.set_texts(self._t("title"), self._place())
        self.history_title.set_texts(*self._both("previous"))
        self.waiting_title.set_texts(*self._both("waiting"))
        self.waiting_none.setText(self._t("waiting_none"))
        self.history_empty.setText(self._t("previous_none"))
        self.offline.setText("  /  ".join(self._both("offline")))
        self.ticker.set_segments(self._ticker_segments())
        self._update_clock()
        if self.state is not None:
            self._show_state(self.state)
        else:
            self._show_calls(())

    def _show_state(self, state: LobbyState) -> None:
        self._show_calls(state.calls)
        self._show_waiting(state.waiting)

    def _show_calls(self, calls: tuple[BoardCall, ...]) -> None:
        if calls:
            latest = calls[0]
            self.hero_caption.set_texts(*self._both("now_calling"))
            self.hero_number.setText(latest.number)
            self.hero_goto.set_texts(*self._both("go_to"))
            self.hero_counter.setText(self._t("counter", number=latest.counter_number))
            self.hero_counter_sub.setText(
                self._t("counter", texts.other(self.lang), number=latest.counter_number)
            )
        else:
            self.hero_caption.set_texts(*self._both("no_calls"))
            self.hero_number.setText("")
            self.hero_goto.set_texts(*self._both("no_calls_hint"))
            self.hero_counter.setText("")
            self.hero_counter_sub.setText("")
        previous = calls[1 : HISTORY + 1]
        for row, call in zip(self.history_rows, previous, strict=False):
            row.number.setText(call.number)
            row.counter.setText(self._t("counter", number=call.counter_number))
            row.show()
        for row in self.history_rows[len(previous) :]:
            row.hide()
        self.history_empty.setVisible(not previous)

    def _show_waiting(self, waiting: tuple[QueueWaiting, ...]) -> None:
        queues = [w for w in waiting if w.waiting > 0]
        slots = self._chip_slots()
        shown = queues if len(queues) <= slots else queues[: slots - 1]
        for chip, item in zip(self.chips, shown, strict=False):
            chip.prefix.setText(item.prefix)
            chip.count.setText(str(item.waiting))
            chip.setToolTip(self._t("waiting_count", count=item.waiting))
            chip.show()
        used = len(shown)
        if len(queues) > len(shown):
            more = sum(1 for _ in queues[len(shown) :])
            chip = self.chips[used]
            chip.prefix.setText("+")
            chip.count.setText(str(more))
            chip.setToolTip(self._t("waiting_more", count=more))
            chip.show()
            used += 1
        for chip in self.chips[used:]:
            chip.hide()
        self.waiting_none.setVisible(not queues)

    def _show_offline(self, offline: bool) -> None:
        self.offline.setVisible(offline)

    def _update_clock(self) -> None:
        now = self.ctx.local_now()
        sub = texts.other(self.lang)
        self.date.set_texts(format_date(now.date(), self.lang), format_date(now.date(), sub))
        text = format_time_zone(now, self.lang)
        if self.time_label.text() != text:
            self.time_label.setText(text)

    # --- flashing ------------------------------------------------------------------------------

    def _start_flash(self) -> None:
        self._flash_left = FLASH_MS // FLASH_STEP_MS
        self._set_flash(True)
        self._flash.start()

    def stop_flash(self) -> None:
        """End the highlight now (shutdown; a steady picture for screenshots)."""
        self._flash.stop()
        self._set_flash(False)

    def _flash_step(self) -> None:
        self._flash_left -= 1
        if self._flash_left <= 0:
            self._flash.stop()
            self._set_flash(False)
            return
        self._set_flash(not self.flashing)

    @property
    def flashing(self) -> bool:
        """The hero is in its highlight colour right now (it blinks while a call is new)."""
        return bool(self.hero.property("flash"))

    @property
    def announcing(self) -> bool:
        """A new call is being highlighted (blinking for FLASH_MS)."""
        return self._flash.isActive()

    def _set_flash(self, on: bool) -> None:
        if self.flashing == on:
            return
        self.hero.setProperty("flash", on)
        for widget in [self.hero, *self.hero.findChildren(QWidget)]:
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.hero.update()

    # --- layout --------------------------------------------------------------------------------

    def _chip_slots(self) -> int:
        return CHIP_SLOTS

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

        head = self.header.layout()
        assert head is not None
        head.setContentsMargins(px(32), px(12), px(40), px(12))
        head.setSpacing(px(28))
        side = px(96)
        if not self._logo.isNull():
            self.logo.setPixmap(
                self._logo.scaled(
                    side,
                    side,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        self.title.set_px(px(46), px(30))
        self.date.set_px(px(26), px(21), bold=False)
        self.time_label.setFont(pixel_font(self.family, px(58), bold=True))

        self.content.setContentsMargins(px(32), px(28), px(32), px(24))
        self.content.setSpacing(px(24))
        self.body.setSpacing(px(28))
        self.body.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.body.setStretch(0, 5 if portrait else 3)
        self.body.setStretch(1, 4 if portrait else 2)

        hero = self.hero.layout()
        assert hero is not None
        hero.setContentsMargins(px(40), px(28), px(40), px(32))
        hero.setSpacing(px(12))
        self.hero_caption.set_px(px(60), px(34))
        self.hero_number.set_max_px(px(360 if portrait else 340))
        self.hero_goto.set_px(px(46), px(30))
        self.hero_counter.set_max_px(px(190 if portrait else 200))
        self.hero_counter_sub.set_max_px(px(36))

        hist = self.history.layout()
        assert hist is not None
        hist.setContentsMargins(px(36), px(24), px(36), px(24))
        hist.setSpacing(px(6))
        self.history_title.set_px(px(44), px(28))
        for row in self.history_rows:
            row.number.set_max_px(px(84))
            row.counter.set_max_px(px(64))
            row_layout = row.layout()
            assert row_layout is not None
            row_layout.setContentsMargins(px(8), px(2), px(8), px(2))
        self.history_empty.set_max_px(px(36))

        wait = self.waiting_panel.layout()
        assert wait is not None
        wait.setContentsMargins(px(32), px(16), px(32), px(16))
        wait.setSpacing(px(28))
        self.waiting_title.set_px(px(40), px(26))
        self.waiting_title.setFixedWidth(px(250))
        self.chip_grid.setHorizontalSpacing(px(16))
        self.chip_grid.setVerticalSpacing(px(12))
        for chip in self.chips:
            chip.prefix.set_max_px(px(56))
            chip.count.set_max_px(px(56))
            chip.setFixedHeight(px(84))
            chip_layout = chip.layout()
            assert chip_layout is not None
            chip_layout.setContentsMargins(px(12), px(2), px(16), px(2))
        self.waiting_none.set_max_px(px(34))
        if orientation_changed:
            self._arrange_chips()

        self.offline.setFont(pixel_font(self.family, px(28), bold=True))
        self.offline.setContentsMargins(0, px(6), 0, px(6))
        self.ticker.set_font_px(px(34), speed_px_s=px(130))
        if self.state is not None:
            self._show_waiting(self.state.waiting)

    def _arrange_chips(self) -> None:
        for chip in self.chips:
            self.chip_grid.removeWidget(chip)
        columns = CHIP_SLOTS // 2 if self._portrait else CHIP_SLOTS
        for index, chip in enumerate(self.chips):
            self.chip_grid.addWidget(chip, index // columns, index % columns)
        for column in range(CHIP_SLOTS):
            self.chip_grid.setColumnStretch(column, 1 if column < columns else 0)
