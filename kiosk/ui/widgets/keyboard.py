"""On-screen keyboards for a kiosk without a physical keyboard.

`OnScreenKeyboard` has a QWERTY layout with a row of digits (service names, codes, registration
numbers), a digits-only layout (last 4 digits of a NIK, PINs) and a "prose" layout for what a
citizen writes (a complaint, a contact, a survey's suggestion): small letters with a caps key,
comma, "?" and "@".
Keys are plain buttons that never take focus; typing goes straight into the target field with
setText, so no key events are synthesised (they would be mistaken for a scanner burst, see
kiosk.ui.kiosk.behaviour).

Why not Qt Virtual Keyboard: it needs the Addons input-method plugin configured through the
environment before the QApplication exists, shows English labels, and its size and position
are hard to fit into the two kiosk orientations; a 40-key grid is simpler to own.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import (
    QGridLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QWidget,
)

FULL_ROWS = (
    "1234567890",
    "QWERTYUIOP",
    "ASDFGHJKL-",
    "ZXCVBNM/.",
)
DIGIT_ROWS = ("123", "456", "789")
PROSE_ROWS = (
    "1234567890",
    "QWERTYUIOP",
    "ASDFGHJKL-",
    "ZXCVBNM,.?",
)


class _Target(Protocol):
    """A one-line QLineEdit, or a QPlainTextEdit (prose) given a bound by set_target."""

    def text(self) -> str: ...

    def setText(self, text: str) -> None: ...

    def maxLength(self) -> int: ...


class _PlainTarget:
    """A QPlainTextEdit as a keyboard target: its text bounded to ``limit`` characters
    (code points, as the service counts), the view kept at the end."""

    def __init__(self, edit: QPlainTextEdit, limit: int) -> None:
        self.edit = edit
        self.limit = limit

    def text(self) -> str:
        return self.edit.toPlainText()

    def setText(self, text: str) -> None:
        self.edit.setPlainText(text)
        self.edit.moveCursor(QTextCursor.MoveOperation.End)
        self.edit.ensureCursorVisible()

    def maxLength(self) -> int:
        return self.limit

    def clear(self) -> None:
        self.setText("")


class _Key(QPushButton):
    def __init__(self, text: str, object_name: str = "key") -> None:
        super().__init__(text)
        self.setObjectName(object_name)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAutoRepeat(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)


class OnScreenKeyboard(QWidget):
    """Big keys that type into one target line edit at a time.

    Signals:
        done_requested(): the citizen pressed "Selesai" (hide the keyboard / submit).
        text_edited(str): the target's text after a key press.
    """

    done_requested = Signal()
    text_edited = Signal(str)

    def __init__(
        self, parent: QWidget | None = None, *, digits_only: bool = False, prose: bool = False
    ) -> None:
        super().__init__(parent)
        self.setObjectName("keyboard")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._target: QLineEdit | QPlainTextEdit | None = None
        self._sink: _Target | None = None
        self._digits_only = digits_only
        self._prose = prose and not digits_only
        self._caps = False
        self._grid = QGridLayout(self)
        self._grid.setSpacing(10)
        self._grid.setContentsMargins(16, 16, 16, 16)
        self.keys: dict[str, QPushButton] = {}
        self.space_key = _Key("", "keyWide")
        self.backspace_key = _Key("", "keyWide")
        self.clear_key = _Key("", "keyWide")
        self.done_key = _Key("", "keyDone")
        self.space_key.clicked.connect(lambda: self.type_text(" "))
        self.backspace_key.clicked.connect(self.backspace)
        self.clear_key.clicked.connect(self.clear)
        self.done_key.clicked.connect(self.done_requested.emit)
        self.caps_key = _Key("", "keyWide")
        self.caps_key.setCheckable(True)
        self.caps_key.toggled.connect(self.set_caps)
        self.at_key = _Key("@")
        self.at_key.clicked.connect(lambda: self.type_text("@"))
        self._build()

    def _build(self) -> None:
        rows = DIGIT_ROWS if self._digits_only else PROSE_ROWS if self._prose else FULL_ROWS
        width = max(len(row) for row in rows)
        for r, row in enumerate(rows):
            offset = width - len(row)  # in half-keys: shorter rows sit centred
            for c, ch in enumerate(row):
                key = _Key(ch)
                key.clicked.connect(self._typer(ch))
                self.keys[ch] = key
                self._grid.addWidget(key, r, offset + c * 2, 1, 2)
        last = len(rows)
        if self._digits_only:
            zero = _Key("0")
            zero.clicked.connect(self._typer("0"))
            self.keys["0"] = zero
            self._grid.addWidget(self.backspace_key, last, 0, 1, 2)
            self._grid.addWidget(zero, last, 2, 1, 2)
            self._grid.addWidget(self.done_key, last, 4, 1, 2)
            self.space_key.hide()
            self.clear_key.hide()
            self.caps_key.hide()
            self.at_key.hide()
        elif self._prose:
            # Bottom row: caps | @ | space | delete | done; no "clear all" next to a long text.
            self._grid.addWidget(self.caps_key, last, 0, 1, 4)
            self._grid.addWidget(self.at_key, last, 4, 1, 2)
            self._grid.addWidget(self.space_key, last, 6, 1, 6)
            self._grid.addWidget(self.backspace_key, last, 12, 1, 4)
            self._grid.addWidget(self.done_key, last, 16, 1, 4)
            self.clear_key.hide()
            self._label_letters()
        else:
            self.caps_key.hide()
            self.at_key.hide()
            # Bottom row: clear all | space | delete | done (20 half-columns wide).
            self._grid.addWidget(self.clear_key, last, 0, 1, 4)
            self._grid.addWidget(self.space_key, last, 4, 1, 8)
            self._grid.addWidget(self.backspace_key, last, 12, 1, 4)
            self._grid.addWidget(self.done_key, last, 16, 1, 4)
        for r in range(last + 1):
            self._grid.setRowStretch(r, 1)
        for c in range(width * 2):
            self._grid.setColumnStretch(c, 1)

    def _typer(self, ch: str) -> Callable[[], None]:
        if self._prose and ch.isalpha():
            return lambda: self.type_text(ch if self._caps else ch.lower())
        return lambda: self.type_text(ch)

    def set_caps(self, on: bool) -> None:
        """Prose layout: capitals on or off (a lock, simpler than a one-letter shift)."""
        self._caps = bool(on)
        if self.caps_key.isChecked() != self._caps:
            self.caps_key.setChecked(self._caps)
        self._label_letters()

    def _label_letters(self) -> None:
        for ch, key in self.keys.items():
            if ch.isalpha():
                key.setText(ch if self._caps else ch.lower())

    def set_caps_text(self, text: str) -> None:
        self.caps_key.setText(text)

    def set_texts(self, space: str, backspace: str, clear: str, done: str) -> None:
        self.space_key.setText(space)
        self.backspace_key.setText(backspace)
        self.clear_key.setText(clear)
        self.done_key.setText(done)

    def set_target(self, target: QLineEdit | QPlainTextEdit | None, limit: int = 0) -> None:
        """The field keys type into; a QPlainTextEdit needs ``limit`` (characters kept)."""
        self._target = target
        if (
            isinstance(target, QPlainTextEdit)
            and not limit
            and callable(getattr(target, "maxLength", None))
        ):
            self._sink = target  # type: ignore[assignment]  # a box that bounds itself
        elif isinstance(target, QPlainTextEdit):
            self._sink = _PlainTarget(target, max(0, limit))
        else:
            self._sink = target

    @property
    def target(self) -> QLineEdit | QPlainTextEdit | None:
        return self._target

    def type_text(self, text: str) -> None:
        """Type ``text``; one key never goes past the field's bound, and a longer paste
        (tests, a scanner) keeps what fits."""
        target = self._sink
        if target is None:
            return
        current = target.text()
        room = target.maxLength() - len(current)
        if room <= 0 or not text:
            return
        if len(text) > room:
            if len(text) == 1:
                return
            text = text[:room]
        target.setText(current + text)
        self.text_edited.emit(target.text())

    def backspace(self) -> None:
        target = self._sink
        if target is None or not target.text():
            return
        target.setText(target.text()[:-1])
        self.text_edited.emit(target.text())

    def clear(self) -> None:
        target = self._sink
        if target is None or not target.text():
            return
        target.setText("")
        self.text_edited.emit("")
