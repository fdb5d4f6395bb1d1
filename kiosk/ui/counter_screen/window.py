"""The counter-side screen (layar loket): a small screen or tablet facing the citizen at a loket.

Three pages, chosen from one read (``kiosk.services.ratings.counter_screen_state``):

* serving: the number at the desk, huge; the counter; the officer's name tag (when the site's
  ``counter.show_officer_name`` allows it); the charter's short promises, three at a time;
* rating: when the officer has just finished a visit, four big faces with their words
  (one touch rates it), the question "Ingin menyampaikan teguran atau pengaduan?" and the
  visit's QR code for the kiosk;
* notice: "Terima kasih!" after a touch (or the polite refusal of a second one), for
  NOTICE_MS, then back to serving in the site's language.

The header and the pages are views (kiosk/ui/counter_screen/pages.py); this window decides
which page shows and when. Reads and the rating run in workers (kiosk/ui/workers.py); the
screen re-reads on every change the feed reports (kiosk/ui/shared/feed.py), on the periodic
refresh, and when the offer to rate ends. Only public facts reach it: ticket numbers, the
counter, the name on the name tag.

Layout: designed in pixels for 1280x800 landscape (800x1280 portrait stacks the columns);
sizes follow the window, with a floor so an 800x480 screen stays readable at arm's length.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from kiosk.errors import BadInput, Conflict, NotFound, Refused
from kiosk.i18n import Lang, available_languages
from kiosk.services import ratings
from kiosk.services.ratings import CounterScreenState, RatingPrompt, RatingRecorded
from kiosk.ui.bootstrap import CounterScreenParts
from kiosk.ui.counter_screen import texts
from kiosk.ui.counter_screen.pages import (
    CounterScreenHeader,
    NoticePage,
    RatingPage,
    ServingPage,
)
from kiosk.ui.counter_screen.parts import QSS
from kiosk.ui.shared.feed import concerns
from kiosk.ui.shared.fit_label import pixel_font
from kiosk.ui.theme import load_fonts

__all__ = ["CounterScreenWindow"]

log = logging.getLogger(__name__)

NOTICE_MS = 8000
PROMISE_MS = 12000
DESIGN = (1280, 800)


class CounterScreenWindow(QWidget):
    """The citizen's side of a loket: the number served, the name tag, promises, the rating."""

    def __init__(
        self, parts: CounterScreenParts, *, windowed: bool = False, start: bool = True
    ) -> None:
        """``parts`` come from kiosk.ui.bootstrap.build_counter_screen."""
        super().__init__()
        self.family = load_fonts()
        self.ctx = parts.ctx
        self.counter_number = parts.counter_number
        self.device = parts.device
        self.windowed = windowed
        language = self.ctx.settings.site.language
        self.default_lang: Lang = language if language in available_languages() else "id"
        self.lang: Lang = self.default_lang
        self.setObjectName("counterScreen")
        self.setWindowTitle(f"MPP Kiosk - Layar Loket {self.counter_number}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(QSS)
        if not windowed:
            self.setWindowFlags(Qt.WindowType.FramelessWindowHint | Qt.WindowType.Window)

        parts.adopt(self)
        self.workers = parts.workers
        self.watcher = parts.watcher
        self.watcher.changed.connect(self._on_changed)
        self.watcher.online_changed.connect(lambda online: self.offline.setVisible(not online))

        self.state: CounterScreenState | None = None
        self._loading = False
        self._dirty = False
        self._shut_down = False
        #: Visits this screen has rated (or been told are rated): never offered again here.
        self._rated: set[int] = set()
        self._rating_for: int | None = None
        self._sending: int | None = None
        self._rating_error = False
        #: What the notice page says: ("thanks", value) | ("conflict"|"refused", exception).
        self._notice: tuple[str, object] | None = None
        self._promise_page = 0
        self._portrait: bool | None = None
        self._scale = 0.0

        self._build()
        self._notice_timer = QTimer(self)
        self._notice_timer.setSingleShot(True)
        self._notice_timer.setInterval(NOTICE_MS)
        self._notice_timer.timeout.connect(self._end_notice)
        self._expiry = QTimer(self)
        self._expiry.setSingleShot(True)
        self._expiry.timeout.connect(self.refresh)
        self._promise_timer = QTimer(self)
        self._promise_timer.setInterval(PROMISE_MS)
        self._promise_timer.timeout.connect(self._next_promises)
        self._promise_timer.start()

        self.retranslate_ui()
        self.resize(QSize(*DESIGN))
        self._relayout()
        if start:
            self.start()

    # --- construction --------------------------------------------------------------------------

    def _build(self) -> None:
        family = self.family
        self.header = CounterScreenHeader(family)
        self.header.language_requested.connect(self.set_language)
        self.serving_page = ServingPage(family)
        self.rating_page = RatingPage(family)
        self.rating_page.rate_requested.connect(self.rate)
        self.notice_page = NoticePage(family)
        # The parts tests read, by window name.
        self.lang_buttons = self.header.lang_buttons
        self.number_value, self.name_tag = (
            self.serving_page.number_value,
            self.serving_page.name_tag,
        )
        self.faces, self.rate_complaint = self.rating_page.faces, self.rating_page.complaint

        self.pages = QStackedWidget()
        for page in (self.serving_page, self.rating_page, self.notice_page):
            self.pages.addWidget(page)

        self.offline = QLabel()
        self.offline.setObjectName("offline")
        self.offline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.offline.hide()

        root = QVBoxLayout(self)
        # The screen's size is the screen's, never the content's (no size-hint propagation).
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.header)
        root.addWidget(self.pages, 1)
        root.addWidget(self.offline)

    # --- life cycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Watch the database and read the first state."""
        self.watcher.start()
        self.refresh()

    def shutdown(self) -> None:
        """Stop timers and the feed; wait briefly for a read in flight."""
        if self._shut_down:
            return
        self._shut_down = True
        for timer in (self._notice_timer, self._expiry, self._promise_timer):
            timer.stop()
        self.watcher.stop()
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
        """Read the counter's state in a worker (one read at a time; changes queue one more)."""
        if self._shut_down:
            return
        if self._loading:
            self._dirty = True
            return
        self._loading, self._dirty = True, False
        ctx, number = self.ctx, self.counter_number
        self.workers.submit(
            lambda: ratings.counter_screen_state(ctx, number),
            self._on_state,
            self._on_read_error,
            busy=False,
        )

    @Slot(object)
    def _on_changed(self, tables: object) -> None:
        if isinstance(tables, set) and concerns(tables, "call_events", "tickets", "counters"):
            self.refresh()

    def _on_read_error(self, exc: BaseException) -> None:
        self._loading = False
        log.info("counter screen %s: cannot read: %s", self.counter_number, exc)
        self.offline.show()
        if self._dirty:
            QTimer.singleShot(0, self, self.refresh)

    def _on_state(self, state: CounterScreenState) -> None:
        self._loading = False
        previous = self.state
        self.state = state
        if self.watcher.online:
            self.offline.hide()
        new_visitor = state.serving_number is not None and (
            previous is None or previous.serving_number != state.serving_number
        )
        self._schedule_expiry(state)
        self._show()
        if new_visitor and self.page == "serving":
            self._reset_language()  # the next citizen starts in the site's language
        if self._dirty:
            QTimer.singleShot(0, self, self.refresh)

    def _schedule_expiry(self, state: CounterScreenState) -> None:
        self._expiry.stop()
        if state.rating is not None:
            left = (state.rating.expires_at - state.read_at).total_seconds()
            self._expiry.start(max(200, round(left * 1000) + 200))

    # --- the rating ----------------------------------------------------------------------------

    @property
    def offered(self) -> RatingPrompt | None:
        """The visit this screen offers to rate now (None: not on the rating page)."""
        prompt = self.state.rating if self.state is not None else None
        if prompt is None or prompt.ticket_id in self._rated or self._notice is not None:
            return None
        return prompt

    def rate(self, value: int) -> None:
        """One touch on a face: store it (in a worker); further touches wait for the answer."""
        prompt = self.offered
        if prompt is None or self._sending is not None:
            return
        self._sending = value
        self._rating_error = False
        self.rating_page.hold_choice(value)
        self.rating_page.show_line(self._t("rate_sending"))
        ctx, device, number = self.ctx, self.device, self.counter_number
        ticket_id = prompt.ticket_id

        def done(result: RatingRecorded) -> None:
            self._rated.add(ticket_id)
            self._sending = None
            self._show_notice("thanks", result.value)

        def failed(exc: BaseException) -> None:
            self._sending = None
            if isinstance(exc, Conflict):
                self._rated.add(ticket_id)
                self._show_notice("conflict", exc)
            elif isinstance(exc, Refused | NotFound | BadInput):
                self._rated.add(ticket_id)
                self._show_notice("refused", exc)
            else:  # the database is away: let the citizen touch once more
                log.info("counter screen %s: rating not stored: %s", number, exc)
                self._rating_error = True
                self.rating_page.reset_faces()
                self._show_rating_texts()

        self.workers.submit(
            lambda: ratings.rate_ticket(ctx, ticket_id, value, device, counter_number=number),
            done,
            failed,
            busy=False,
        )

    def _show_notice(self, kind: str, detail: object) -> None:
        self._notice = (kind, detail)
        self._notice_timer.start()
        self._show_notice_texts()
        self._show()
        self.refresh()

    def _end_notice(self) -> None:
        self._notice = None
        self._show()

    def _reset_language(self) -> None:
        if self.lang != self.default_lang:
            self.lang = self.default_lang
            self.retranslate_ui()

    # --- showing -------------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return texts.translate(self.lang, key, **values)

    def set_language(self, lang: Lang) -> None:
        if lang != self.lang and lang in available_languages():
            self.lang = lang
            self.retranslate_ui()
        self.header.show_language(self.lang)

    @property
    def page(self) -> str:
        """ "serving", "rating" or "notice": what the citizen sees now."""
        current = self.pages.currentWidget()
        if current is self.rating_page:
            return "rating"
        return "notice" if current is self.notice_page else "serving"

    def retranslate_ui(self) -> None:
        """Every visible string (the counterscreen catalogue) in the current language."""
        self.header.retranslate_ui(self.lang, self.counter_number)
        for page in (self.serving_page, self.rating_page, self.notice_page):
            page.retranslate_ui(self.lang)
        self.offline.setText(self._t("offline"))
        self._show_serving()
        self._show_rating_texts()
        self._show_notice_texts()

    def _show(self) -> None:
        self._show_serving()
        prompt = self.offered
        if self._notice is not None:
            self.pages.setCurrentWidget(self.notice_page)
        elif prompt is not None:
            if prompt.ticket_id != self._rating_for:
                self._rating_for = prompt.ticket_id
                self._rating_error = False
                self.rating_page.reset_faces()
            self.rate_complaint.set_code(prompt.code)
            self._show_rating_texts()
            self.pages.setCurrentWidget(self.rating_page)
        else:
            leaving = self.pages.currentWidget() is not self.serving_page
            self.pages.setCurrentWidget(self.serving_page)
            if leaving:  # the visit is over: the next person starts in the site's language
                self._reset_language()

    def _show_serving(self) -> None:
        state = self.state
        if state is not None:
            name = state.counter_name_en if self.lang == "en" else state.counter_name_id
            self.header.place_label.setText(texts.counter_place(name, self.counter_number))
        self.serving_page.show_state(state, self.lang, self._promise_page)

    def _next_promises(self) -> None:
        self._promise_page += 1
        self.serving_page.show_promises(self.state, self.lang, self._promise_page)

    def _show_rating_texts(self) -> None:
        prompt = self.offered
        line: str | None = None
        if self._sending is not None:
            line = self._t("rate_sending")
        elif prompt is not None:
            line = self._t("rate_for", number=prompt.number)
            if self._rating_error:
                line = f"{self._t('rate_failed')} {line}"
        self.rating_page.show_line(line, error=self._rating_error)

    def _show_notice_texts(self) -> None:
        notice = self._notice
        if notice is None:
            return
        kind, detail = notice
        face_px = max(80, round(170 * self._scale)) if self._scale else 170
        code = self.state.rating.code if self.state and self.state.rating else ""
        self.notice_page.show_notice(
            kind, detail, self.lang, face_px=face_px, code=code or self.rate_complaint.qr.data
        )

    # --- layout --------------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _relayout(self) -> None:
        w, h = max(1, self.width()), max(1, self.height())
        portrait = h > w
        dw, dh = (DESIGN[1], DESIGN[0]) if portrait else DESIGN
        scale = min(w / dw, h / dh)
        if portrait == self._portrait and abs(scale - self._scale) < 1e-3:
            return
        self._portrait, self._scale = portrait, scale

        def px(design: float, floor: int = 1) -> int:
            return max(floor, round(design * scale))

        self.header.set_scale(px)
        self.serving_page.set_scale(px, portrait)
        self.rating_page.set_scale(px)
        self.notice_page.set_scale(px)
        self.offline.setFont(pixel_font(self.family, px(26, 16), bold=True))
        self.offline.setContentsMargins(0, px(6), 0, px(6))
        self._show_notice_texts()
