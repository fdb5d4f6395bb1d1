"""The integrity charter reader: pages of resources/charter/charter.{id,en}.md, or the site's
own copy in <data folder>/charter/ (kiosk.services.charter.charter_file).

The files are plain Markdown an administrator can replace: pages are separated by a line
"---" and each starts with "# Title". The body is rendered by Qt's own Markdown reader
(headings, lists, bold); lines inside a paragraph are joined (soft breaks), so text written
for a narrow poster reflows to the kiosk's width instead of keeping odd line breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from kiosk.i18n import format_fixed, month_name
from kiosk.services.charter import charter_file
from kiosk.ui.i18n import Lang
from kiosk.ui.kiosk.base import Screen, Shell
from kiosk.ui.widgets.common import Pager, make_label, set_layout_margins

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SEPARATOR = re.compile(r"^\s*---+\s*$", re.MULTILINE)
MAX_CHARTER_BYTES = 200_000


@dataclass(frozen=True)
class CharterPage:
    title: str
    body: str  # Markdown without the title line


def charter_path(lang: Lang) -> Path:
    return charter_file(lang)


def parse_charter(text: str) -> list[CharterPage]:
    """Split a charter file into pages; a page without "# Title" keeps an empty title."""
    text = _COMMENT.sub("", text.replace("\r\n", "\n"))
    pages: list[CharterPage] = []
    for chunk in _SEPARATOR.split(text):
        lines = chunk.strip("\n").splitlines()
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            continue
        title = ""
        if lines[0].startswith("# "):
            title = lines.pop(0)[2:].strip()
        body = "\n".join(lines).strip()
        if title or body:
            pages.append(CharterPage(title, body))
    return pages


def load_charter(lang: Lang) -> list[CharterPage]:
    """The charter in `lang`, falling back to Indonesian; [] when no file is readable."""
    candidates: tuple[Lang, ...] = (lang, "id")
    for candidate in candidates:
        path = charter_path(candidate)
        try:
            if path.stat().st_size > MAX_CHARTER_BYTES:
                continue
            return parse_charter(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
    return []


class PageDots(QWidget):
    """One dot per page, the current one filled: shows at a glance how much is left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(14)
        self._row.addStretch(1)
        self._row.addStretch(1)
        self._dots: list[QLabel] = []

    def set_state(self, pages: int, current: int) -> None:
        while len(self._dots) < pages:
            dot = QLabel(self)
            dot.setObjectName("dot")
            self._row.insertWidget(len(self._dots) + 1, dot)
            self._dots.append(dot)
        for i, dot in enumerate(self._dots):
            dot.setVisible(i < pages)
            dot.setProperty("current", i == current)
            dot.style().unpolish(dot)
            dot.style().polish(dot)


class CharterScreen(Screen):
    """Large-text pages with previous/next and page dots."""

    name = "charter"

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._pages: dict[Lang, list[CharterPage]] = {}
        self._index = 0
        self.title = make_label("", "screenTitle")
        # This month's public figures (counts and the index only), when the site shows them.
        self.figures = make_label("", "charterFigures")
        self.figures.hide()
        self._figures: Any | None = None
        self.page_title = make_label("", "charterHeading")
        self.body = QLabel()
        self.body.setObjectName("charterBody")
        self.body.setTextFormat(Qt.TextFormat.MarkdownText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.body.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        self.sheet = QFrame()
        self.sheet.setObjectName("sheet")
        sheet_layout = QVBoxLayout(self.sheet)
        sheet_layout.setContentsMargins(56, 48, 56, 48)
        sheet_layout.setSpacing(28)
        self._sheet_layout = sheet_layout
        sheet_layout.addWidget(self.page_title)
        sheet_layout.addWidget(self.body, 1)
        self._portrait = True
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self.fit_text)
        self.dots = PageDots()
        self.pager = Pager(shell.metrics)
        self.pager.page_changed.connect(self._show_page)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addWidget(self.figures)
        layout.addWidget(self.sheet, 1)
        layout.addWidget(self.dots)
        layout.addWidget(self.pager)

    def pages(self) -> list[CharterPage]:
        lang = self.tr_.lang
        if lang not in self._pages:
            self._pages[lang] = load_charter(lang)
        return self._pages[lang]

    def reset(self) -> None:
        self._index = 0
        self._pages.clear()  # an admin may have replaced the files: re-read on next visit

    def on_enter(self) -> None:
        self._show_page(self._index)
        self._fit_timer.start()

    def set_figures(self, figures: Any | None) -> None:
        """kiosk.services.reports.ScreenFigures, or None to hide the band."""
        self._figures = figures
        self._show_figures()

    def _show_figures(self) -> None:
        if self._figures is None:
            self.figures.hide()
            return
        ikm, complaints = self._figures.ikm, self._figures.complaints
        t, lang = self.tr_.t, self.tr_.lang
        lines = [
            t("figures_complaints", month=month_name(complaints.month, lang),
              received=complaints.received, on_time=complaints.answered_on_time)
        ]  # fmt: skip
        if ikm.ikm is not None and ikm.month is not None:
            lines.append(
                t("figures_ikm", month=month_name(ikm.month, lang),
                  ikm=format_fixed(ikm.ikm, 2, lang), mutu=ikm.mutu or "",
                  kinerja=ikm.kinerja(lang) or "")
            )  # fmt: skip
        self.figures.setText("\n".join(lines))
        self.figures.show()

    def retranslate_ui(self) -> None:
        self.title.setText(self.tr_.t("charter_title"))
        self._show_figures()
        self.pager.set_texts(
            self.tr_.t("prev_page"), self.tr_.t("next_page"), self.tr_.t("page_of")
        )
        self._show_page(self._index)

    def _show_page(self, index: int) -> None:
        pages = self.pages()
        if not pages:
            self.page_title.setText("")
            self.body.setText(self.tr_.t("charter_missing"))
            self.pager.set_pages(1)
            self.dots.set_state(0, 0)
            return
        self._index = min(max(0, index), len(pages) - 1)
        page = pages[self._index]
        self.page_title.setText(page.title)
        self.page_title.setVisible(bool(page.title))
        self.body.setText(page.body)
        self.pager.set_pages(len(pages), self._index)
        self.dots.set_state(len(pages), self._index)
        self._fit_timer.start()

    def fit_text(self) -> None:
        """Largest body size (down to a floor) at which the whole page fits its sheet.

        Pages are admin-written text of varying length; shrinking a long page a little is
        better than cutting it off or making people scroll inside a page.
        """
        width = self.body.width()
        height = self.body.height()
        if width <= 0 or height <= 0 or not self.isVisible():
            return  # fitted when shown (on_enter, resize)
        size = self.metrics.px(40 if self._portrait else 34)
        floor = self.metrics.px(22)
        while True:
            self.body.setStyleSheet(f"font-size: {size}px;")
            if size <= floor or self.body.heightForWidth(width) <= height:
                break
            size = max(floor, size - max(1, size // 12))
        self.fitted_px = size

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_timer.start()

    def set_orientation(self, portrait: bool) -> None:
        """Landscape is short: the page's own heading replaces the screen title, and the
        pager's "Halaman 1 dari 6" replaces the dots, so the text keeps a readable size."""
        self.set_margins(portrait)
        self._portrait = portrait
        self.title.setVisible(portrait)
        self.dots.setVisible(portrait)
        margins = (56, 48, 56, 48) if portrait else (48, 28, 48, 28)
        set_layout_margins(self._sheet_layout, self.metrics, margins, 28 if portrait else 16)
        self._fit_timer.start()
