"""The counter-side screen (layar loket): a small screen or tablet facing the citizen at a loket.

Three pages, chosen from one read (``kiosk.services.ratings.counter_screen_state``):

* serving: the number at the desk, huge; the counter; the officer's name tag (when the site's
  ``counter.show_officer_name`` allows it); the charter's short promises, three at a time;
* rating: when the officer has just finished a visit, four big faces with their words
  (one touch rates it), the question "Ingin menyampaikan teguran atau pengaduan?" and the
  visit's QR code for the kiosk;
* notice: "Terima kasih!" after a touch (or the polite refusal of a second one), for
  NOTICE_MS, then back to serving in the site's language.

Reads and the rating run in workers (kiosk/ui/workers.py); the screen re-reads on every change
the feed reports (kiosk/ui/shared/feed.py), on the periodic refresh, and when the offer to rate
ends. Only public facts reach it: ticket numbers, the counter, the name on the name tag.

Layout: designed in pixels for 1280x800 landscape (800x1280 portrait stacks the columns);
sizes follow the window, with a floor so an 800x480 screen stays readable at arm's length.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import BadInput, Conflict, NotFound, Refused
from kiosk.i18n import Lang, available_languages, error_text, language_name
from kiosk.services import ratings
from kiosk.services.ratings import CounterScreenState, RatingPrompt, RatingRecorded
from kiosk.ui.bootstrap import CounterScreenParts
from kiosk.ui.counter_screen import texts
from kiosk.ui.counter_screen.faces import FaceButton, face_pixmap
from kiosk.ui.counter_screen.parts import QSS, ComplaintStrip, PromiseLine
from kiosk.ui.shared.feed import concerns
from kiosk.ui.shared.fit_label import FitLabel, pixel_font
from kiosk.ui.theme import load_fonts

__all__ = ["CounterScreenWindow"]

log = logging.getLogger(__name__)

NOTICE_MS = 8000
PROMISE_MS = 12000
PROMISES_SHOWN = 3
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
        left, center = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignCenter

        self.header = QFrame()
        self.header.setObjectName("header")
        self.counter_label = FitLabel(family, 60, object_name="counterLabel", align=left)
        self.counter_label.setProperty("role", "accent")
        self.place_label = QLabel()
        self.place_label.setObjectName("placeLabel")
        self.place_label.setProperty("role", "sub")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.counter_label)
        titles.addWidget(self.place_label)
        head = QHBoxLayout(self.header)
        head.addLayout(titles, 1)
        self.lang_buttons: dict[str, QPushButton] = {}
        for lang in available_languages():
            button = QPushButton(language_name(lang))
            button.setObjectName(f"lang_{lang}")
            button.setProperty("role", "lang")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(self._language_setter(lang))
            self.lang_buttons[lang] = button
            head.addWidget(button)

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_serving(family, center))
        self.pages.addWidget(self._build_rating(family, center))
        self.pages.addWidget(self._build_notice(family, center))

        self.offline = QLabel()
        self.offline.setObjectName("offline")
        self.offline.setAlignment(center)
        self.offline.hide()

        root = QVBoxLayout(self)
        # The screen's size is the screen's, never the content's (no size-hint propagation).
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self.header)
        root.addWidget(self.pages, 1)
        root.addWidget(self.offline)

    def _build_serving(self, family: str, center: Qt.AlignmentFlag) -> QWidget:
        self.serving_page = QWidget()
        self.number_panel = QFrame()
        self.number_panel.setObjectName("numberPanel")
        self.number_caption = FitLabel(family, 44, object_name="numberCaption")
        self.number_caption.setProperty("role", "sub")
        self.number_value = FitLabel(family, 300, object_name="numberValue")
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setAlignment(center)
        self.status_label.setWordWrap(True)
        panel = QVBoxLayout(self.number_panel)
        panel.addWidget(self.number_caption, 1)
        panel.addWidget(self.number_value, 5)
        panel.addWidget(self.status_label, 5)

        self.name_tag = QFrame()
        self.name_tag.setObjectName("nameTag")
        self.officer_caption = QLabel()
        self.officer_caption.setObjectName("officerCaption")
        self.officer_caption.setProperty("role", "sub")
        self.officer_name = QLabel()
        self.officer_name.setObjectName("officerName")
        self.officer_name.setWordWrap(True)
        # A name tag's look: a white card with a yellow band along its top edge.
        self.name_stripe = QFrame()
        self.name_stripe.setObjectName("nameTagStripe")
        self.name_words = QVBoxLayout()
        self.name_words.addWidget(self.officer_caption)
        self.name_words.addWidget(self.officer_name)
        tag = QVBoxLayout(self.name_tag)
        tag.setContentsMargins(0, 0, 0, 0)
        tag.setSpacing(0)
        tag.addWidget(self.name_stripe)
        tag.addLayout(self.name_words)

        self.promises = QFrame()
        self.promises.setObjectName("promises")
        self.promises_title = QLabel()
        self.promises_title.setObjectName("promisesTitle")
        self.promises_title.setProperty("role", "accent")
        self.promise_lines = [PromiseLine() for _ in range(PROMISES_SHOWN)]
        box = QVBoxLayout(self.promises)
        box.addWidget(self.promises_title)
        for line in self.promise_lines:
            box.addWidget(line)
        box.addStretch(1)

        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.name_tag)
        side.addWidget(self.promises, 1)
        self.serving_body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self.serving_page)
        self.serving_body.addWidget(self.number_panel, 3)
        self.serving_body.addLayout(side, 2)
        return self.serving_page

    def _build_rating(self, family: str, center: Qt.AlignmentFlag) -> QWidget:
        self.rating_page = QWidget()
        self.rate_title = QLabel()
        self.rate_title.setObjectName("rateTitle")
        self.rate_title.setAlignment(center)
        self.rate_title.setWordWrap(True)
        self.rate_sub = QLabel()
        self.rate_sub.setObjectName("rateSub")
        self.rate_sub.setAlignment(center)
        self.rate_sub.setWordWrap(True)
        self.faces = [FaceButton(value, family) for value in ratings.RATING_VALUES]
        row = QHBoxLayout()
        self.face_row = row
        for face in self.faces:
            face.clicked.connect(self._rate_setter(face.value))
            row.addWidget(face, 1)
        self.rate_complaint = ComplaintStrip("rate")
        page = QVBoxLayout(self.rating_page)
        self.rating_layout = page
        page.addWidget(self.rate_title)
        page.addWidget(self.rate_sub)
        page.addLayout(row, 1)
        page.addWidget(self.rate_complaint)
        return self.rating_page

    def _build_notice(self, family: str, center: Qt.AlignmentFlag) -> QWidget:
        self.notice_page = QWidget()
        self.notice_face = QLabel()
        self.notice_face.setObjectName("noticeFace")
        self.notice_face.setAlignment(center)
        self.notice_title = FitLabel(family, 96, object_name="noticeTitle")
        self.notice_title.setProperty("role", "accent")
        self.notice_body = QLabel()
        self.notice_body.setObjectName("noticeBody")
        self.notice_body.setAlignment(center)
        self.notice_body.setWordWrap(True)
        self.notice_choice = QLabel()
        self.notice_choice.setObjectName("noticeChoice")
        self.notice_choice.setProperty("role", "sub")
        self.notice_choice.setAlignment(center)
        self.notice_complaint = ComplaintStrip("notice")
        page = QVBoxLayout(self.notice_page)
        self.notice_layout = page
        page.addStretch(1)
        page.addWidget(self.notice_face)
        page.addWidget(self.notice_title)
        page.addWidget(self.notice_body)
        page.addWidget(self.notice_choice)
        page.addStretch(1)
        page.addWidget(self.notice_complaint)
        return self.notice_page

    def _language_setter(self, lang: Lang) -> Callable[[], None]:
        return lambda: self.set_language(lang)

    def _rate_setter(self, value: int) -> Callable[[], None]:
        return lambda: self.rate(value)

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
        for face in self.faces:
            face.set_chosen(face.value == value)
            face.setEnabled(False)
        self.rate_sub.setText(self._t("rate_sending"))
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
                self._reset_faces()
                self._show_rating_texts()

        self.workers.submit(
            lambda: ratings.rate_ticket(ctx, ticket_id, value, device, counter_number=number),
            done,
            failed,
            busy=False,
        )

    def _reset_faces(self) -> None:
        for face in self.faces:
            face.set_chosen(False)
            face.setEnabled(True)

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
        for code, button in self.lang_buttons.items():
            button.setChecked(code == self.lang)

    @property
    def page(self) -> str:
        """ "serving", "rating" or "notice": what the citizen sees now."""
        current = self.pages.currentWidget()
        if current is self.rating_page:
            return "rating"
        return "notice" if current is self.notice_page else "serving"

    def retranslate_ui(self) -> None:
        """Every visible string (the counterscreen catalogue) in the current language."""
        for code, button in self.lang_buttons.items():
            button.setChecked(code == self.lang)
        self.counter_label.setText(self._t("counter", number=self.counter_number))
        self.number_caption.setText(self._t("now_serving"))
        self.officer_caption.setText(self._t("officer"))
        self.promises_title.setText(self._t("promises_title"))
        self.rate_title.setText(self._t("rate_title"))
        for face in self.faces:
            face.setText(texts.rating_label(self.lang, face.value))
        question, hint = self._t("complaint_question"), self._t("complaint_hint")
        self.rate_complaint.set_texts(question, hint)
        self.notice_complaint.set_texts(question, hint)
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
                self._reset_faces()
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
            self.place_label.setText(texts.counter_place(name, self.counter_number))
        number = state.serving_number if state is not None else None
        self.number_value.setText(number or "")
        self.number_value.setVisible(number is not None)
        self.number_caption.setVisible(number is not None)
        if number is not None:
            self.status_label.hide()
        else:
            counter_state = state.counter_state if state is not None else "closed"
            key = {"open": "waiting_for_call", "paused": "counter_paused"}.get(
                counter_state, "counter_closed"
            )
            self.status_label.setText(self._t(key) if state is not None else "")
            self.status_label.show()
        officer = state.officer_name if state is not None else None
        self.officer_name.setText(officer or "")
        self.name_tag.setVisible(officer is not None)
        self._show_promises()

    def _show_promises(self) -> None:
        promises = self.state.promises.get(self.lang, ()) if self.state is not None else ()
        self.promises.setVisible(bool(promises))
        pages = max(1, -(-len(promises) // PROMISES_SHOWN))
        start = (self._promise_page % pages) * PROMISES_SHOWN
        shown = promises[start : start + PROMISES_SHOWN]
        for line, text in zip(self.promise_lines, shown, strict=False):
            line.text.setText(text)
            line.show()
        for line in self.promise_lines[len(shown) :]:
            line.hide()

    def _next_promises(self) -> None:
        self._promise_page += 1
        self._show_promises()

    def _show_rating_texts(self) -> None:
        prompt = self.offered
        if self._sending is not None:
            self.rate_sub.setText(self._t("rate_sending"))
        elif prompt is not None:
            line = self._t("rate_for", number=prompt.number)
            if self._rating_error:
                line = f"{self._t('rate_failed')} {line}"
            self.rate_sub.setText(line)
        self.rate_sub.setProperty("role", "error" if self._rating_error else "sub")
        self.rate_sub.style().unpolish(self.rate_sub)
        self.rate_sub.style().polish(self.rate_sub)

    def _show_notice_texts(self) -> None:
        notice = self._notice
        if notice is None:
            return
        kind, detail = notice
        face_px = max(80, round(170 * self._scale)) if self._scale else 170
        if kind == "thanks" and isinstance(detail, int):
            self.notice_title.setText(self._t("thanks_title"))
            self.notice_body.setText(self._t("thanks_body"))
            label = texts.rating_label(self.lang, detail)
            self.notice_choice.setText(self._t("thanks_choice", label=label))
            self.notice_choice.show()
            self.notice_face.setPixmap(face_pixmap(detail, face_px))
            self.notice_face.show()
        else:
            key = "thanks_title" if kind == "conflict" else "sorry_title"
            self.notice_title.setText(self._t(key))
            if isinstance(detail, BaseException):
                self.notice_body.setText(error_text(self.lang, detail))
            self.notice_choice.hide()
            self.notice_face.hide()
        code = self.state.rating.code if self.state and self.state.rating else ""
        self.notice_complaint.set_code(code or self.rate_complaint.qr.data)

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
        family = self.family

        def px(design: float, floor: int = 1) -> int:
            return max(floor, round(design * scale))

        head = self.header.layout()
        assert head is not None
        head.setContentsMargins(px(32), px(10), px(24), px(10))
        head.setSpacing(px(16))
        self.counter_label.set_max_px(px(64, 30))
        self.counter_label.setMinimumHeight(px(70, 34))
        self.place_label.setFont(pixel_font(family, px(26, 16)))
        for button in self.lang_buttons.values():
            button.setFont(pixel_font(family, px(26, 18), bold=True))
            button.setMinimumHeight(px(64, 44))
            button.setMinimumWidth(px(150, 96))

        self.serving_body.setContentsMargins(px(28), px(24), px(28), px(24))
        self.serving_body.setSpacing(px(24))
        self.serving_body.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        panel = self.number_panel.layout()
        assert panel is not None
        panel.setContentsMargins(px(28), px(20), px(28), px(28))
        self.number_caption.set_max_px(px(44, 22))
        self.number_value.set_max_px(px(320))
        self.status_label.setFont(pixel_font(family, px(46, 24), bold=True))
        self.name_stripe.setFixedHeight(px(24, 20))
        self.name_words.setContentsMargins(px(24), px(10), px(24), px(16))
        self.name_words.setSpacing(px(2))
        self.officer_caption.setFont(pixel_font(family, px(24, 16)))
        self.officer_name.setFont(pixel_font(family, px(38, 22), bold=True))
        box = self.promises.layout()
        assert box is not None
        box.setContentsMargins(px(24), px(18), px(24), px(18))
        box.setSpacing(px(14))
        self.promises_title.setFont(pixel_font(family, px(30, 18), bold=True))
        for line in self.promise_lines:
            line.set_px(family, px(30, 19))

        self.rating_layout.setContentsMargins(px(28), px(18), px(28), px(20))
        self.rating_layout.setSpacing(px(12))
        self.rate_title.setFont(pixel_font(family, px(56, 30), bold=True))
        self.rate_sub.setFont(pixel_font(family, px(30, 18)))
        self.face_row.setSpacing(px(20))
        for face in self.faces:
            face.set_px(px(150, 72), px(30, 18), px(24))
        strip = (px(30, 18), px(24, 16), px(150, 100), px(20, 14))
        self.rate_complaint.set_px(family, *strip)
        self.notice_complaint.set_px(family, *strip)
        self.notice_layout.setContentsMargins(px(28), px(18), px(28), px(20))
        self.notice_layout.setSpacing(px(10))
        self.notice_title.set_max_px(px(96, 44))
        self.notice_title.setMinimumHeight(px(110, 52))
        self.notice_body.setFont(pixel_font(family, px(40, 22), bold=True))
        self.notice_choice.setFont(pixel_font(family, px(30, 18)))
        self.offline.setFont(pixel_font(family, px(26, 16), bold=True))
        self.offline.setContentsMargins(0, px(6), 0, px(6))
        self._show_notice_texts()
