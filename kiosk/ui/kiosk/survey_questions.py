"""One survey question per screen: "Pertanyaan 3 dari 9", the unsur, the question, four big
answers (a face and the regulation's exact words).

An answer moves on by itself: one tap per question. The chosen answer lights up for a moment
first, so the citizen sees what was taken, and taps in that moment are ignored (an elderly
hand's double tap must not answer the next question too). Kembali shows the previous question
with its answer lit.

Answers run 1..4 as on the paper form (a..d), left to right in landscape and top to bottom in
portrait; the faces' colours (red .. green), mouths and the words say the same thing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from kiosk.ui.kiosk.base import Screen, Shell, repolish
from kiosk.ui.shared.faces import face_pixmap
from kiosk.ui.widgets.common import Metrics, make_label, set_layout_margins

__all__ = ["ANSWER_DELAY_MS", "AnswerButton", "QuestionScreen", "SurveyProgress"]

#: How long the chosen answer stays lit before the next question (and taps are ignored).
ANSWER_DELAY_MS = 280


class FaceLabel(QWidget):
    """A face (kiosk.ui.shared.faces) at a size in design pixels."""

    def __init__(self, value: int, design_px: int, metrics: Metrics) -> None:
        super().__init__()
        self.value = value
        self._design_px = design_px
        self._metrics = metrics
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.apply_scale()

    def set_design_px(self, design_px: int) -> None:
        self._design_px = design_px
        self.apply_scale()

    def apply_scale(self) -> None:
        side = self._metrics.px(self._design_px)
        self.setFixedSize(side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        side = min(self.width(), self.height())
        if side <= 0:
            return
        painter = QPainter(self)
        ratio = self.devicePixelRatioF()
        pixmap = face_pixmap(self.value, round(side * ratio))
        pixmap.setDevicePixelRatio(ratio)
        painter.drawPixmap((self.width() - side) // 2, (self.height() - side) // 2, pixmap)
        painter.end()


class AnswerButton(QPushButton):
    """A whole tile is the touch target: the face and the answer's words."""

    def __init__(self, value: int, metrics: Metrics) -> None:
        super().__init__()
        self.value = value
        self._metrics = metrics
        self.setObjectName("answer")
        self.setProperty("value", value)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.face = FaceLabel(value, 124, metrics)
        self.label = make_label("", "answerLabel")
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        # [stretch, face, words, stretch]: the outer stretches centre the group when stacked.
        self._box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self._box.setContentsMargins(32, 16, 32, 16)
        self._box.setSpacing(32)
        self._box.addStretch(0)
        self._box.addWidget(self.face, 0, Qt.AlignmentFlag.AlignCenter)
        self._box.addWidget(self.label, 1)
        self._box.addStretch(0)
        self._chosen = False
        self._vertical = False

    def apply_scale(self) -> None:
        """Stacked (landscape), the words get two lines' height whatever their length, so the
        four faces stand in one line (called by rescale_tree after the style sheet)."""
        self.label.ensurePolished()
        two_lines = self.label.fontMetrics().lineSpacing() * 2
        self.label.setMinimumHeight(two_lines if self._vertical else 0)

    def set_vertical(self, vertical: bool) -> None:
        """Face above the words (landscape columns) or beside them (portrait rows)."""
        self._box.setDirection(
            QBoxLayout.Direction.TopToBottom if vertical else QBoxLayout.Direction.LeftToRight
        )
        for index, stretch in enumerate((1, 0, 0, 1) if vertical else (0, 0, 1, 0)):
            self._box.setStretch(index, stretch)
        set_layout_margins(self._box, self._metrics, (32, 16, 32, 16), 20 if vertical else 32)
        align = Qt.AlignmentFlag.AlignHCenter if vertical else Qt.AlignmentFlag.AlignLeft
        self.label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        self.face.set_design_px(160 if vertical else 124)
        self._vertical = vertical
        self.apply_scale()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)

    def text_shown(self) -> str:
        return self.label.text()

    @property
    def chosen(self) -> bool:
        return self._chosen

    def set_chosen(self, chosen: bool) -> None:
        if chosen != self._chosen:
            self._chosen = chosen
            self.setProperty("chosen", chosen)
            repolish(self)


class SurveyProgress(QWidget):
    """A row of segments, one per question: answered ones blue, the current one yellow."""

    DONE = QColor("#0b3d91")
    CURRENT = QColor("#f2a900")
    PENDING = QColor("#cbd5e1")

    def __init__(self, metrics: Metrics) -> None:
        super().__init__()
        self._metrics = metrics
        self._position = (1, 1)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.apply_scale()

    def apply_scale(self) -> None:
        self.setFixedHeight(self._metrics.px(20))

    def set_position(self, number: int, total: int) -> None:
        self._position = (number, max(1, total))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        number, total = self._position
        gap = self._metrics.px(10)
        width = (self.width() - gap * (total - 1)) / total
        if width <= 0:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        radius = self.height() / 2
        for i in range(total):
            n = i + 1
            colour = self.DONE if n < number else self.CURRENT if n == number else self.PENDING
            path = QPainterPath()
            path.addRoundedRect(QRectF(i * (width + gap), 0, width, self.height()), radius, radius)
            painter.fillPath(path, colour)
        painter.end()


class QuestionScreen(Screen):
    """The question on screen; the window gives it the journey's state.

    Signals:
        answered(int): the value (1..4) of the tapped answer, after the short highlight.
    """

    name = "survey_question"
    accepts_scans: ClassVar[bool] = False  # a scan here would throw the answers away
    answered = Signal(int)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._question: Any = None
        self._position = (1, 1)
        self._service: tuple[str, str] | None = None
        self._title: Any = None
        self._locked = False
        self.survey_title = make_label("", "sectionTitle")
        self.progress_label = make_label("", "surveyProgress", wrap=False)
        self.progress = SurveyProgress(self.metrics)
        self.service = make_label("", "surveyService")
        self.question_name = make_label("", "questionName")
        self.question_text = make_label("", "questionText")
        self.answers = [AnswerButton(value, self.metrics) for value in (1, 2, 3, 4)]
        for button in self.answers:
            button.clicked.connect(self._clicked)
        self.answers_host = QWidget()
        self._grid = QGridLayout(self.answers_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setSpacing(20)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ANSWER_DELAY_MS)
        self._timer.timeout.connect(self._emit_answer)
        self._pending = 0
        top = QHBoxLayout()
        top.setSpacing(24)
        top.addWidget(self.survey_title, 1)
        top.addWidget(self.progress_label, 0, Qt.AlignmentFlag.AlignBottom)
        layout = self.content_layout
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.service)
        layout.addSpacing(8)
        layout.addWidget(self.question_name)
        layout.addWidget(self.question_text)
        layout.addSpacing(8)
        layout.addWidget(self.answers_host, 1)
        self._place(True)

    # --- state -------------------------------------------------------------------------------

    def show_question(
        self,
        questionnaire: Any,
        question: Any,
        position: tuple[int, int],
        chosen: int | None,
        service: tuple[str, str] | None,
    ) -> None:
        """``question`` is a kiosk.services.survey.Question; ``chosen`` its earlier answer."""
        self._timer.stop()
        self._locked = False
        self._title = questionnaire
        self._question = question
        self._position = position
        self._service = service
        for button in self.answers:
            button.set_chosen(button.value == chosen)
        self.retranslate_ui()

    def _clicked(self) -> None:
        button = self.sender()
        if self._locked or not isinstance(button, AnswerButton):
            return
        self._locked = True
        for other in self.answers:
            other.set_chosen(other is button)
        self._pending = button.value
        self._timer.start()

    def _emit_answer(self) -> None:
        self.answered.emit(self._pending)

    def reset(self) -> None:
        self._timer.stop()
        self._locked = False
        self._question = None
        self._service = None
        for button in self.answers:
            button.set_chosen(False)

    # --- hooks -------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        lang = self.tr_.lang
        number, total = self._position
        self.progress_label.setText(self.tr_.t("survey_progress", number=number, total=total))
        self.progress.set_position(number, total)
        self.survey_title.setText(self._title.title(lang) if self._title is not None else "")
        if self._service:
            name = self.tr_.pick(*self._service)
            self.service.setText(self.tr_.t("survey_service_line", service=name))
        self.service.setVisible(bool(self._service))
        q = self._question
        if q is None:
            return
        self.question_name.setText(q.name(lang))
        self.question_text.setText(q.text(lang))
        for button in self.answers:
            button.set_text(q.label(button.value, lang))

    def _place(self, portrait: bool) -> None:
        for button in self.answers:
            self._grid.removeWidget(button)
        for i, button in enumerate(self.answers):
            if portrait:
                self._grid.addWidget(button, i, 0)
            else:
                self._grid.addWidget(button, 0, i)
            button.set_vertical(not portrait)
        for i in range(4):
            self._grid.setRowStretch(i, 1 if portrait or i == 0 else 0)
            self._grid.setColumnStretch(i, 1 if not portrait or i == 0 else 0)

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._place(portrait)
