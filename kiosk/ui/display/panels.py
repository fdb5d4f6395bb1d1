"""The lobby display's panels: the header (logo, place, clock), the latest call (the hero), the
calls before it and the waiting counts per queue.

Each panel builds its labels, shows its part of a board read in the main language with the
subtitle language under it, and sizes itself from the design pixels the window hands it
(``px``: a design size at 1920x1080 or 1080x1920 -> pixels of this window). The window decides
what is read, when, and which call is new.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.i18n import format_date, format_time_zone
from kiosk.services.queue import BoardCall, QueueWaiting
from kiosk.ui.display import texts
from kiosk.ui.display.lobby import HISTORY
from kiosk.ui.display.parts import Chip, HistoryRow, Pair
from kiosk.ui.display.widgets import FitLabel, pixel_font
from kiosk.ui.i18n import Lang
from kiosk.ui.theme import logo_path

__all__ = ["CHIP_SLOTS", "DisplayHeader", "HeroPanel", "HistoryPanel", "Px", "WaitingPanel"]

#: Queues shown with their waiting count (one row on a landscape screen, two in portrait).
CHIP_SLOTS = 8

#: A design size in pixels -> pixels of this window (at least 1).
Px = Callable[[float], int]

LEFT = Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignRight
CENTER = Qt.AlignmentFlag.AlignCenter


class DisplayHeader(QFrame):
    """The top bar: the logo, the title with this MPP's place, the time above the date."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.setObjectName("header")
        self.family = family
        self.logo = QLabel()
        self._logo = QPixmap(str(logo_path()))
        self.title = Pair(family, "title", LEFT)
        self.date = Pair(family, "date", RIGHT, fit=False)
        self.time_label = QLabel()
        self.time_label.setObjectName("time")
        self.time_label.setProperty("role", "accent")
        self.time_label.setAlignment(RIGHT | Qt.AlignmentFlag.AlignVCenter)
        head = QHBoxLayout(self)
        head.addWidget(self.logo)
        head.addWidget(self.title, 1)
        # Time above the date on the right: narrow enough for a portrait screen's header.
        clock = QVBoxLayout()
        clock.setSpacing(0)
        clock.addWidget(self.time_label)
        clock.addWidget(self.date)
        head.addLayout(clock)

    def show_clock(self, now: datetime, lang: Lang) -> None:
        """The date in both languages and the time (the label only changes when it must)."""
        sub = texts.other(lang)
        self.date.set_texts(format_date(now.date(), lang), format_date(now.date(), sub))
        text = format_time_zone(now, lang)
        if self.time_label.text() != text:
            self.time_label.setText(text)

    def set_scale(self, px: Px) -> None:
        head = self.layout()
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


class HeroPanel(QFrame):
    """The latest call, huge: "Nomor antrian" / the number / "Silakan menuju" / the counter.

    While a call is new the panel blinks: its ``flash`` property switches the style sheet's
    highlight colours (kiosk/ui/display/parts.py).
    """

    def __init__(self, family: str) -> None:
        super().__init__()
        self.setObjectName("hero")
        self.setProperty("flash", False)
        self.caption = Pair(family, "heroCaption", CENTER)
        self.number = FitLabel(family, 340, object_name="heroNumber")
        self.goto = Pair(family, "heroGoto", CENTER)
        self.counter = FitLabel(family, 200, object_name="heroCounter")
        self.counter_sub = FitLabel(
            family, 36, bold=False, object_name="heroCounterSub", align=CENTER
        )
        self.counter_sub.setProperty("role", "sub")
        hero = QVBoxLayout(self)
        hero.addWidget(self.caption)
        hero.addWidget(self.number, 5)
        hero.addWidget(self.goto)
        hero.addWidget(self.counter, 3)
        hero.addWidget(self.counter_sub)

    def show_call(self, latest: BoardCall | None, lang: Lang) -> None:
        """The latest call, or the line saying nobody has been called yet."""
        if latest is not None:
            self.caption.set_texts(*texts.both(lang, "now_calling"))
            self.number.setText(latest.number)
            self.goto.set_texts(*texts.both(lang, "go_to"))
            self.counter.setText(texts.translate(lang, "counter", number=latest.counter_number))
            self.counter_sub.setText(
                texts.translate(texts.other(lang), "counter", number=latest.counter_number)
            )
        else:
            self.caption.set_texts(*texts.both(lang, "no_calls"))
            self.number.setText("")
            self.goto.set_texts(*texts.both(lang, "no_calls_hint"))
            self.counter.setText("")
            self.counter_sub.setText("")

    @property
    def flashing(self) -> bool:
        """In its highlight colour right now."""
        return bool(self.property("flash"))

    def set_flash(self, on: bool) -> None:
        if self.flashing == on:
            return
        self.setProperty("flash", on)
        for widget in [self, *self.findChildren(QWidget)]:
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.update()

    def set_scale(self, px: Px, portrait: bool) -> None:
        hero = self.layout()
        assert hero is not None
        hero.setContentsMargins(px(40), px(28), px(40), px(32))
        hero.setSpacing(px(12))
        self.caption.set_px(px(60), px(34))
        self.number.set_max_px(px(360 if portrait else 340))
        self.goto.set_px(px(46), px(30))
        self.counter.set_max_px(px(190 if portrait else 200))
        self.counter_sub.set_max_px(px(36))


class HistoryPanel(QFrame):
    """The HISTORY calls before the latest one, newest first, or a line saying there are none."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.setObjectName("history")
        self.title = Pair(family, "historyTitle", LEFT)
        self.rows = [HistoryRow(family) for _ in range(HISTORY)]
        self.empty = FitLabel(family, 36, bold=False, object_name="historyEmpty", align=CENTER)
        self.empty.setProperty("role", "sub")
        hist = QVBoxLayout(self)
        hist.addWidget(self.title)
        for row in self.rows:
            hist.addWidget(row, 1)
        hist.addWidget(self.empty, 1)

    def retranslate_ui(self, lang: Lang) -> None:
        self.title.set_texts(*texts.both(lang, "previous"))
        self.empty.setText(texts.translate(lang, "previous_none"))

    def show_calls(self, previous: tuple[BoardCall, ...], lang: Lang) -> None:
        for row, call in zip(self.rows, previous, strict=False):
            row.number.setText(call.number)
            row.counter.setText(texts.translate(lang, "counter", number=call.counter_number))
            row.show()
        for row in self.rows[len(previous) :]:
            row.hide()
        self.empty.setVisible(not previous)

    def set_scale(self, px: Px) -> None:
        hist = self.layout()
        assert hist is not None
        hist.setContentsMargins(px(36), px(24), px(36), px(24))
        hist.setSpacing(px(6))
        self.title.set_px(px(44), px(28))
        for row in self.rows:
            row.number.set_max_px(px(84))
            row.counter.set_max_px(px(64))
            row_layout = row.layout()
            assert row_layout is not None
            row_layout.setContentsMargins(px(8), px(2), px(8), px(2))
        self.empty.set_max_px(px(36))


class WaitingPanel(QFrame):
    """Who is waiting: a chip per queue with people waiting ("A 12"), "+N" for the queues beyond
    CHIP_SLOTS, or a line saying nobody waits."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.setObjectName("waitingPanel")
        self.title = Pair(family, "waitingTitle", LEFT)
        self.chips = [Chip(family) for _ in range(CHIP_SLOTS)]
        self.chip_grid = QGridLayout()
        self.none = FitLabel(family, 36, bold=False, object_name="waitingNone", align=LEFT)
        self.none.setProperty("role", "sub")
        wait = QHBoxLayout(self)
        wait.addWidget(self.title)
        wait.addLayout(self.chip_grid, 1)
        wait.addWidget(self.none, 10)  # the whole row when no chip is shown

    def retranslate_ui(self, lang: Lang) -> None:
        self.title.set_texts(*texts.both(lang, "waiting"))
        self.none.setText(texts.translate(lang, "waiting_none"))

    def show_waiting(self, waiting: tuple[QueueWaiting, ...], lang: Lang) -> None:
        queues = [w for w in waiting if w.waiting > 0]
        slots = CHIP_SLOTS
        shown = queues if len(queues) <= slots else queues[: slots - 1]
        for chip, item in zip(self.chips, shown, strict=False):
            chip.prefix.setText(item.prefix)
            chip.count.setText(str(item.waiting))
            chip.setToolTip(texts.translate(lang, "waiting_count", count=item.waiting))
            chip.show()
        used = len(shown)
        if len(queues) > len(shown):
            more = sum(1 for _ in queues[len(shown) :])
            chip = self.chips[used]
            chip.prefix.setText("+")
            chip.count.setText(str(more))
            chip.setToolTip(texts.translate(lang, "waiting_more", count=more))
            chip.show()
            used += 1
        for chip in self.chips[used:]:
            chip.hide()
        self.none.setVisible(not queues)

    def set_scale(self, px: Px) -> None:
        wait = self.layout()
        assert wait is not None
        wait.setContentsMargins(px(32), px(16), px(32), px(16))
        wait.setSpacing(px(28))
        self.title.set_px(px(40), px(26))
        self.title.setFixedWidth(px(250))
        self.chip_grid.setHorizontalSpacing(px(16))
        self.chip_grid.setVerticalSpacing(px(12))
        for chip in self.chips:
            chip.prefix.set_max_px(px(56))
            chip.count.set_max_px(px(56))
            chip.setFixedHeight(px(84))
            chip_layout = chip.layout()
            assert chip_layout is not None
            chip_layout.setContentsMargins(px(12), px(2), px(16), px(2))
        self.none.set_max_px(px(34))

    def arrange_chips(self, portrait: bool) -> None:
        """One row of chips on a landscape screen, two rows in portrait."""
        for chip in self.chips:
            self.chip_grid.removeWidget(chip)
        columns = CHIP_SLOTS // 2 if portrait else CHIP_SLOTS
        for index, chip in enumerate(self.chips):
            self.chip_grid.addWidget(chip, index // columns, index % columns)
        for column in range(CHIP_SLOTS):
            self.chip_grid.setColumnStretch(column, 1 if column < columns else 0)
