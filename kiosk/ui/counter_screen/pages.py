"""The counter-side screen's header and its three pages: serving (the number, the name tag, the
charter's promises), rating (four faces, the complaint question and the visit's QR) and the
notice after a touch.

Views only: each builds its labels, shows what the window gives it in the language it is told,
and sizes itself from the design pixels the window hands it (``px``); the header and the rating
page emit what the citizen touched. Which page shows, and when, is the window's business
(kiosk/ui/counter_screen/window.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import Lang, available_languages, error_text, language_name
from kiosk.services import ratings
from kiosk.services.ratings import CounterScreenState
from kiosk.ui.counter_screen import texts
from kiosk.ui.counter_screen.faces import FaceButton, face_pixmap
from kiosk.ui.counter_screen.parts import ComplaintStrip, PromiseLine
from kiosk.ui.shared.fit_label import FitLabel, pixel_font

__all__ = ["PROMISES_SHOWN", "CounterScreenHeader", "NoticePage", "Px", "RatingPage", "ServingPage"]

#: Promises on screen at a time (the window turns the page every PROMISE_MS).
PROMISES_SHOWN = 3

CENTER = Qt.AlignmentFlag.AlignCenter


class Px(Protocol):
    """A design size at 1280x800 -> pixels of this window, never below ``floor``."""

    def __call__(self, design: float, floor: int = 1) -> int: ...


def _repolish(widget: QWidget) -> None:
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class CounterScreenHeader(QFrame):
    """The counter's number and place, and a button per language.

    Signals:
        language_requested(str): a language button was touched.
    """

    language_requested = Signal(str)

    def __init__(self, family: str) -> None:
        super().__init__()
        self.setObjectName("header")
        self.family = family
        self.counter_label = FitLabel(
            family, 60, object_name="counterLabel", align=Qt.AlignmentFlag.AlignLeft
        )
        self.counter_label.setProperty("role", "accent")
        self.place_label = QLabel()
        self.place_label.setObjectName("placeLabel")
        self.place_label.setProperty("role", "sub")
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.counter_label)
        titles.addWidget(self.place_label)
        head = QHBoxLayout(self)
        head.addLayout(titles, 1)
        self.lang_buttons: dict[str, QPushButton] = {}
        for lang in available_languages():
            button = QPushButton(language_name(lang))
            button.setObjectName(f"lang_{lang}")
            button.setProperty("role", "lang")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(self._language_requester(lang))
            self.lang_buttons[lang] = button
            head.addWidget(button)

    def _language_requester(self, lang: Lang) -> Callable[[], None]:
        return lambda: self.language_requested.emit(lang)

    def show_language(self, lang: Lang) -> None:
        """The button of the language on screen is the pressed one."""
        for code, button in self.lang_buttons.items():
            button.setChecked(code == lang)

    def retranslate_ui(self, lang: Lang, counter_number: int) -> None:
        self.show_language(lang)
        self.counter_label.setText(texts.translate(lang, "counter", number=counter_number))

    def set_scale(self, px: Px) -> None:
        head = self.layout()
        assert head is not None
        head.setContentsMargins(px(32), px(10), px(24), px(10))
        head.setSpacing(px(16))
        self.counter_label.set_max_px(px(64, 30))
        self.counter_label.setMinimumHeight(px(70, 34))
        self.place_label.setFont(pixel_font(self.family, px(26, 16)))
        for button in self.lang_buttons.values():
            button.setFont(pixel_font(self.family, px(26, 18), bold=True))
            button.setMinimumHeight(px(64, 44))
            button.setMinimumWidth(px(150, 96))


class ServingPage(QWidget):
    """The number at the desk, huge (or what the counter is doing), the officer's name tag and
    the charter's promises, PROMISES_SHOWN at a time."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family
        self.number_panel = QFrame()
        self.number_panel.setObjectName("numberPanel")
        self.number_caption = FitLabel(family, 44, object_name="numberCaption")
        self.number_caption.setProperty("role", "sub")
        self.number_value = FitLabel(family, 300, object_name="numberValue")
        self.status_label = QLabel()
        self.status_label.setObjectName("statusLabel")
        self.status_label.setAlignment(CENTER)
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
        self.body = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.body.addWidget(self.number_panel, 3)
        self.body.addLayout(side, 2)

    def retranslate_ui(self, lang: Lang) -> None:
        self.number_caption.setText(texts.translate(lang, "now_serving"))
        self.officer_caption.setText(texts.translate(lang, "officer"))
        self.promises_title.setText(texts.translate(lang, "promises_title"))

    def show_state(self, state: CounterScreenState | None, lang: Lang, promise_page: int) -> None:
        """The number served, or the counter's state while nobody is; the name tag when the
        read carries a name; the promises of page ``promise_page``."""
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
            self.status_label.setText(texts.translate(lang, key) if state is not None else "")
            self.status_label.show()
        officer = state.officer_name if state is not None else None
        self.officer_name.setText(officer or "")
        self.name_tag.setVisible(officer is not None)
        self.show_promises(state, lang, promise_page)

    def show_promises(self, state: CounterScreenState | None, lang: Lang, page: int) -> None:
        """Page ``page`` of the promises (it wraps around), or no box when there are none."""
        promises = state.promises.get(lang, ()) if state is not None else ()
        self.promises.setVisible(bool(promises))
        pages = max(1, -(-len(promises) // PROMISES_SHOWN))
        start = (page % pages) * PROMISES_SHOWN
        shown = promises[start : start + PROMISES_SHOWN]
        for line, text in zip(self.promise_lines, shown, strict=False):
            line.text.setText(text)
            line.show()
        for line in self.promise_lines[len(shown) :]:
            line.hide()

    def set_scale(self, px: Px, portrait: bool) -> None:
        family = self.family
        self.body.setContentsMargins(px(28), px(24), px(28), px(24))
        self.body.setSpacing(px(24))
        self.body.setDirection(
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


class RatingPage(QWidget):
    """Four faces to rate the visit just finished, the complaint question and the visit's QR.

    Signals:
        rate_requested(int): a face was touched (its value, 1 .. 4).
    """

    rate_requested = Signal(int)

    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family
        self.title = QLabel()
        self.title.setObjectName("rateTitle")
        self.title.setAlignment(CENTER)
        self.title.setWordWrap(True)
        self.sub = QLabel()
        self.sub.setObjectName("rateSub")
        self.sub.setAlignment(CENTER)
        self.sub.setWordWrap(True)
        self.faces = [FaceButton(value, family) for value in ratings.RATING_VALUES]
        self.face_row = QHBoxLayout()
        for face in self.faces:
            face.clicked.connect(self._rate_requester(face.value))
            self.face_row.addWidget(face, 1)
        self.complaint = ComplaintStrip("rate")
        self.page_layout = QVBoxLayout(self)
        self.page_layout.addWidget(self.title)
        self.page_layout.addWidget(self.sub)
        self.page_layout.addLayout(self.face_row, 1)
        self.page_layout.addWidget(self.complaint)

    def _rate_requester(self, value: int) -> Callable[[], None]:
        return lambda: self.rate_requested.emit(value)

    def retranslate_ui(self, lang: Lang) -> None:
        self.title.setText(texts.translate(lang, "rate_title"))
        for face in self.faces:
            face.setText(texts.rating_label(lang, face.value))
        self.complaint.set_texts(
            texts.translate(lang, "complaint_question"), texts.translate(lang, "complaint_hint")
        )

    def hold_choice(self, value: int) -> None:
        """Ring the touched face; no face can be touched until ``reset_faces``."""
        for face in self.faces:
            face.set_chosen(face.value == value)
            face.setEnabled(False)

    def reset_faces(self) -> None:
        for face in self.faces:
            face.set_chosen(False)
            face.setEnabled(True)

    def show_line(self, text: str | None, *, error: bool | None = None) -> None:
        """The line under the title (``None`` keeps the text), in the error colour or not
        (``None`` keeps the colour)."""
        if text is not None:
            self.sub.setText(text)
        if error is not None:
            self.sub.setProperty("role", "error" if error else "sub")
            _repolish(self.sub)

    def set_scale(self, px: Px) -> None:
        family = self.family
        self.page_layout.setContentsMargins(px(28), px(18), px(28), px(20))
        self.page_layout.setSpacing(px(12))
        self.title.setFont(pixel_font(family, px(56, 30), bold=True))
        self.sub.setFont(pixel_font(family, px(30, 18)))
        self.face_row.setSpacing(px(20))
        for face in self.faces:
            face.set_px(px(150, 72), px(30, 18), px(24))
        self.complaint.set_px(family, *complaint_px(px))


class NoticePage(QWidget):
    """ "Terima kasih!" with the face chosen, or the polite refusal of a rating; the complaint
    question and the visit's QR stay under it."""

    def __init__(self, family: str) -> None:
        super().__init__()
        self.family = family
        self.face = QLabel()
        self.face.setObjectName("noticeFace")
        self.face.setAlignment(CENTER)
        self.title = FitLabel(family, 96, object_name="noticeTitle")
        self.title.setProperty("role", "accent")
        self.body = QLabel()
        self.body.setObjectName("noticeBody")
        self.body.setAlignment(CENTER)
        self.body.setWordWrap(True)
        self.choice = QLabel()
        self.choice.setObjectName("noticeChoice")
        self.choice.setProperty("role", "sub")
        self.choice.setAlignment(CENTER)
        self.complaint = ComplaintStrip("notice")
        self.page_layout = QVBoxLayout(self)
        self.page_layout.addStretch(1)
        self.page_layout.addWidget(self.face)
        self.page_layout.addWidget(self.title)
        self.page_layout.addWidget(self.body)
        self.page_layout.addWidget(self.choice)
        self.page_layout.addStretch(1)
        self.page_layout.addWidget(self.complaint)

    def retranslate_ui(self, lang: Lang) -> None:
        self.complaint.set_texts(
            texts.translate(lang, "complaint_question"), texts.translate(lang, "complaint_hint")
        )

    def show_notice(
        self, kind: str, detail: object, lang: Lang, *, face_px: int, code: str
    ) -> None:
        """``("thanks", value)``: the thanks with the face chosen; ``("conflict"|"refused",
        exception)``: the error worded from its code. ``code``: the visit's QR."""
        if kind == "thanks" and isinstance(detail, int):
            self.title.setText(texts.translate(lang, "thanks_title"))
            self.body.setText(texts.translate(lang, "thanks_body"))
            label = texts.rating_label(lang, detail)
            self.choice.setText(texts.translate(lang, "thanks_choice", label=label))
            self.choice.show()
            self.face.setPixmap(face_pixmap(detail, face_px))
            self.face.show()
        else:
            key = "thanks_title" if kind == "conflict" else "sorry_title"
            self.title.setText(texts.translate(lang, key))
            if isinstance(detail, BaseException):
                self.body.setText(error_text(lang, detail))
            self.choice.hide()
            self.face.hide()
        self.complaint.set_code(code)

    def set_scale(self, px: Px) -> None:
        family = self.family
        self.complaint.set_px(family, *complaint_px(px))
        self.page_layout.setContentsMargins(px(28), px(18), px(28), px(20))
        self.page_layout.setSpacing(px(10))
        self.title.set_max_px(px(96, 44))
        self.title.setMinimumHeight(px(110, 52))
        self.body.setFont(pixel_font(family, px(40, 22), bold=True))
        self.choice.setFont(pixel_font(family, px(30, 18)))


def complaint_px(px: Px) -> tuple[int, int, int, int]:
    """The complaint strip's sizes (question, hint, QR, padding), the same on both pages."""
    return px(30, 18), px(24, 16), px(150, 100), px(20, 14)
