"""After the questions: the optional anonymous profile (one screen of big chips) and the
optional suggestion (the on-screen keyboard), then "Kirim".

Both are skippable with one tap: the profile's button says "Lewati" until a chip is chosen (then
"Lanjut"), and "Kirim" under an empty suggestion sends the answers without one. A chip tapped
again is cleared. The suggestion stops at the service's bound (MAX_SUGGESTION) while typing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.kiosk.base import Screen, Shell, orient_pair, repolish
from kiosk.ui.widgets.common import TouchButton, make_label, rescale_tree
from kiosk.ui.widgets.keyboard import OnScreenKeyboard

__all__ = ["Chip", "ProfileScreen", "SuggestionBox", "SuggestionScreen"]


class Chip(QPushButton):
    """A checkable choice whose words wrap ("Pegawai swasta", "Junior high school")."""

    def __init__(self, field: str, code: str) -> None:
        super().__init__()
        self.field = field
        self.code = code
        self.setObjectName("chip")
        self.setCheckable(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label = make_label("", "chipLabel", align=Qt.AlignmentFlag.AlignCenter)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 6, 12, 6)
        box.addWidget(self.label)
        self.toggled.connect(self._on_toggled)

    def _on_toggled(self, checked: bool) -> None:
        self.label.setProperty("checked", checked)
        repolish(self.label)

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.setAccessibleName(text)


class _FieldBlock(QWidget):
    """A profile field: its label and a grid of chips."""

    def __init__(self, field: Any) -> None:
        super().__init__()
        self.field = field
        self.title = make_label("", "profileLabel")
        self.chips = [Chip(field.code, c.code) for c in field.choices]
        self._grid = QGridLayout()
        self._grid.setSpacing(14)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        box.addWidget(self.title)
        box.addLayout(self._grid)

    def place(self, columns: int) -> None:
        for chip in self.chips:
            self._grid.removeWidget(chip)
        # Few chips (gender): as wide as the grid's columns would make them, not stretched.
        for i, chip in enumerate(self.chips):
            self._grid.addWidget(chip, i // columns, i % columns)
        for c in range(8):
            self._grid.setColumnStretch(c, 1 if c < columns else 0)

    def retranslate(self, lang: str) -> None:
        self.title.setText(self.field.label(lang))
        for chip, choice in zip(self.chips, self.field.choices, strict=True):
            chip.set_text(choice.label(lang))


class ProfileScreen(Screen):
    """ "Tentang Anda (tidak wajib)": gender, age band, education, job as chips.

    Signals:
        choice_changed(str, str): field code and choice code ("" when cleared).
        done_requested(): "Lewati" / "Lanjut".
    """

    name = "survey_profile"
    accepts_scans: ClassVar[bool] = False
    choice_changed = Signal(str, str)
    done_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._fields: tuple[Any, ...] = ()
        self._blocks: list[_FieldBlock] = []
        self._portrait = True
        self.title = make_label("", "screenTitle")
        self.hint = make_label("", "screenHint")
        self.done_button = TouchButton("", "primaryBig", self.metrics, icon="next")
        self.done_button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.done_button.clicked.connect(self.done_requested.emit)
        self._left = QVBoxLayout()
        self._left.setSpacing(28)
        self._right = QVBoxLayout()
        self._right.setSpacing(28)
        self._columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self._columns.setSpacing(48)
        self._columns.addLayout(self._left, 1)
        self._columns.addLayout(self._right, 1)
        self._bottom = QVBoxLayout()
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addLayout(self._columns, 1)
        layout.addLayout(self._bottom)

    @property
    def chips(self) -> list[Chip]:
        return [chip for block in self._blocks for chip in block.chips]

    def set_fields(self, fields: tuple[Any, ...]) -> None:
        """The questionnaire's asked profile fields (kiosk.services.survey.ProfileField)."""
        if tuple(f.code for f in fields) == tuple(f.code for f in self._fields) and all(
            a is b for a, b in zip(fields, self._fields, strict=True)
        ):
            return
        for block in self._blocks:
            block.hide()
            block.setParent(None)
            block.deleteLater()
        self._fields = tuple(fields)
        self._blocks = [_FieldBlock(f) for f in self._fields]
        for block in self._blocks:
            for chip in block.chips:
                chip.clicked.connect(self._chip_clicked)
        self._arrange()
        rescale_tree(self, self.metrics)
        self.retranslate_ui()

    def _chip_clicked(self) -> None:
        chip = self.sender()
        if not isinstance(chip, Chip):
            return
        for other in self.chips:
            if other.field == chip.field and other is not chip:
                other.setChecked(False)
        self.choice_changed.emit(chip.field, chip.code if chip.isChecked() else "")
        self._update_button()

    def _update_button(self) -> None:
        chosen = any(chip.isChecked() for chip in self.chips)
        self.done_button.setText(self.tr_.t("survey_next" if chosen else "survey_skip"))

    def _arrange(self) -> None:
        for layout in (self._left, self._right, self._bottom):
            while layout.count():
                layout.takeAt(0)
        portrait = self._portrait
        half = len(self._blocks) if portrait else -(-len(self._blocks) // 2)
        for i, block in enumerate(self._blocks):
            (self._left if i < half else self._right).addWidget(block)
            # Up to four chips a line in portrait; three in a landscape half, so long words
            # ("Diploma (D1-D3)", "Junior high school") keep whole lines.
            block.place(min(len(block.chips), 4 if portrait else 3))
        # Portrait: the button under everything; landscape: under the shorter left column.
        (self._bottom if portrait else self._left).addWidget(self.done_button)
        self._left.addStretch(1)
        self._right.addStretch(1)
        self._columns.setStretch(1, 0 if portrait else 1)

    def reset(self) -> None:
        for chip in self.chips:
            chip.setChecked(False)
        self._update_button()

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("survey_profile_title"))
        self.hint.setText(t("survey_profile_hint"))
        for block in self._blocks:
            block.retranslate(self.tr_.lang)
        self._update_button()

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        self._portrait = portrait
        self._arrange()


class SuggestionBox(QPlainTextEdit):
    """Shows what the citizen types on the on-screen keyboard, wrapped over several lines.

    It takes no focus and no key presses: there is no keyboard at a kiosk, and every key event
    comes from the scanner (kiosk.ui.kiosk.behaviour). The keyboard types through text() /
    setText(), bounded by maxLength() like a QLineEdit.
    """

    def __init__(self, max_length: int) -> None:
        super().__init__()
        self.setObjectName("suggestionBox")
        self._max_length = max_length
        self.setReadOnly(True)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str) -> None:
        self.setPlainText(text[: self._max_length])
        self.moveCursor(QTextCursor.MoveOperation.End)
        self.ensureCursorVisible()

    def maxLength(self) -> int:
        return self._max_length


class SuggestionScreen(Screen):
    """The questionnaire's prompt ("Saran dan masukan (tidak wajib)"), the text, the keyboard.

    Signals:
        send_requested(str): "Kirim" (on the screen or the keyboard) with the text typed.
    """

    name = "survey_suggestion"
    accepts_scans: ClassVar[bool] = False
    send_requested = Signal(str)

    def __init__(self, shell: Shell, max_length: int) -> None:
        super().__init__(shell)
        self._questionnaire: Any = None
        self.title = make_label("", "screenTitle")
        self.hint = make_label("", "screenHint")
        self.box = SuggestionBox(max_length)
        right = Qt.AlignmentFlag.AlignRight
        self.count = make_label("", "suggestionCount", wrap=False, align=right)
        self.send_button = TouchButton("", "primaryBig", self.metrics, icon="check")
        self.send_button.clicked.connect(self._send)
        self.keyboard = OnScreenKeyboard(prose=True)
        self.keyboard.set_target(self.box)
        self.keyboard.done_requested.connect(self._send)
        self.keyboard.text_edited.connect(lambda _text: self._update_count())
        form = QVBoxLayout()
        form.setSpacing(12)
        form.addWidget(self.hint)
        form.addWidget(self.box, 1)
        form.addWidget(self.count)
        form.addWidget(self.send_button)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addLayout(form, 2)
        self._body.addWidget(self.keyboard, 3)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addLayout(self._body, 1)

    def set_questionnaire(self, questionnaire: Any) -> None:
        self._questionnaire = questionnaire
        self.retranslate_ui()

    @property
    def text(self) -> str:
        return self.box.text()

    def _send(self) -> None:
        self.send_requested.emit(self.box.text())

    def _update_count(self) -> None:
        self.count.setText(f"{len(self.box.text())}/{self.box.maxLength()}")

    def reset(self) -> None:
        self.box.setText("")
        self._update_count()

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        q = self._questionnaire
        prompt = q.suggestion_prompt(self.tr_.lang) if q is not None else ""
        self.title.setText(prompt or t("survey_suggestion_title"))
        self.hint.setText(t("survey_suggestion_hint"))
        self.send_button.setText(t("survey_send"))
        self.keyboard.set_texts(
            t("key_space"), t("key_backspace"), t("key_clear"), t("survey_send")
        )
        self._update_count()

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        orient_pair(self._body, portrait, (2, 3), (4, 5))
