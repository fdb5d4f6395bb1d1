"""Scanning a receipt or ticket, or typing its code or the registration number.

Privacy: the NIK is never on screen (only the citizen's own 4 typed digits, while typing).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QGridLayout,
    QHBoxLayout,
    QVBoxLayout,
)

from kiosk.ui.kiosk.base import (
    Screen,
    Shell,
    TouchLineEdit,
    orient_pair,
    repolish,
)
from kiosk.ui.widgets.common import (
    ChoiceButton,
    IconLabel,
    TouchButton,
    make_label,
)
from kiosk.ui.widgets.keyboard import OnScreenKeyboard
from kiosk.ui.widgets.spinner import Spinner


class ScanScreen(Screen):
    """Waits for the scanner, and offers typing for people whose QR is damaged or missing.

    Signals:
        code_entry_requested(), reg_entry_requested()
    """

    name = "scan"
    code_entry_requested = Signal()
    reg_entry_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.title = make_label("", "screenTitle")
        self.illustration = IconLabel("scan", 300, self.metrics)
        self.hint = make_label("", "bigMessage", align=Qt.AlignmentFlag.AlignCenter)
        self.spinner = Spinner()
        self.waiting = make_label("", "screenHint", wrap=False)
        waiting_row = QHBoxLayout()
        waiting_row.addStretch(1)
        waiting_row.addWidget(self.spinner)
        waiting_row.addSpacing(16)
        waiting_row.addWidget(self.waiting)
        waiting_row.addStretch(1)
        self.code_button = ChoiceButton("keyboard", self.metrics, icon_px=80)
        self.reg_button = ChoiceButton("charter", self.metrics, icon_px=80)
        self.code_button.clicked.connect(self.code_entry_requested.emit)
        self.reg_button.clicked.connect(self.reg_entry_requested.emit)
        self._choices = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._choices.setSpacing(24)
        self._choices.addWidget(self.code_button, 1)
        self._choices.addWidget(self.reg_button, 1)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addStretch(1)
        layout.addWidget(self.illustration, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.hint)
        layout.addLayout(waiting_row)
        layout.addStretch(1)
        layout.addLayout(self._choices)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("scan_title"))
        self.hint.setText(t("scan_hint"))
        self.waiting.setText(t("scan_waiting"))
        self.code_button.set_texts(t("scan_type_code"), t("scan_type_code_sub"))
        self.reg_button.set_texts(t("scan_type_reg"), t("scan_type_reg_sub"))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        side = self.metrics.px(48)
        self.spinner.setFixedSize(side, side)
        self._choices.setDirection(
            QBoxLayout.Direction.TopToBottom if portrait else QBoxLayout.Direction.LeftToRight
        )
        self.illustration.set_design_px(300 if portrait else 200)


class CodeEntryScreen(Screen):
    """Type the code printed under the QR (letters and digits, dashes optional).

    Signals:
        submitted(str)
    """

    name = "code_entry"
    submitted = Signal(str)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.title = make_label("", "screenTitle")
        self.label = make_label("", "formLabel")
        self.field = TouchLineEdit(max_length=24)
        self.field.setObjectName("codeField")
        self.message = make_label("", "fieldError")
        self._problem: tuple[str, dict[str, object]] = ("", {})
        self.search_button = TouchButton("", "primaryBig", self.metrics, icon="search")
        self.search_button.clicked.connect(self._submit)
        self.keyboard = OnScreenKeyboard()
        self.keyboard.set_target(self.field)
        self.keyboard.done_requested.connect(self._submit)
        self.keyboard.text_edited.connect(lambda _t: self.show_problem(""))
        form = QVBoxLayout()
        form.setSpacing(16)
        form.addWidget(self.label)
        form.addWidget(self.field)
        form.addWidget(self.message)
        form.addWidget(self.search_button)
        form.addStretch(1)
        # Portrait: the keyboard under the field; landscape: beside it.
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addLayout(form, 2)
        self._body.addWidget(self.keyboard, 3)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addLayout(self._body, 1)

    def _submit(self) -> None:
        text = self.field.text().strip()
        if not text:
            self.show_problem("missing_code")
            return
        self.submitted.emit(text)

    def show_problem(self, key: str, **values: object) -> None:
        """What is wrong with the typed code (a message key, kiosk.flows.scan), "" for none."""
        self._problem = (key, values)
        self.message.setText(self.tr_.t(key, **values) if key else "")

    def reset(self) -> None:
        self.field.clear()
        self.show_problem("")

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("code_title"))
        self.label.setText(t("code_label"))
        self.field.setPlaceholderText(t("code_placeholder"))
        self.search_button.setText(t("search_button"))
        self.keyboard.set_texts(t("key_space"), t("key_backspace"), t("key_clear"),
                                t("search_button"))  # fmt: skip
        key, values = self._problem
        self.message.setText(t(key, **values) if key else "")

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        orient_pair(self._body, portrait, (2, 3), (4, 5))


class RegEntryScreen(Screen):
    """Registration number + last 4 digits of the NIK or phone (the second factor).

    Signals:
        submitted(str, str)
    """

    name = "reg_entry"
    submitted = Signal(str, str)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.title = make_label("", "screenTitle")
        self.reg_label = make_label("", "formLabel")
        self.reg_field = TouchLineEdit(max_length=24)
        self.reg_field.setObjectName("codeField")
        self.last4_label = make_label("", "formLabel")
        self.last4_field = TouchLineEdit(max_length=4)
        self.last4_field.setObjectName("codeField")
        self.message = make_label("", "fieldError")
        self.search_button = TouchButton("", "primaryBig", self.metrics, icon="search")
        self.search_button.clicked.connect(self._submit)
        self.keyboard = OnScreenKeyboard()
        self.digits = OnScreenKeyboard(digits_only=True)
        for kb in (self.keyboard, self.digits):
            kb.done_requested.connect(self._next_or_submit)
            kb.text_edited.connect(lambda _t: self.message.setText(""))
        self.reg_field.tapped.connect(lambda: self._activate(self.reg_field))
        self.last4_field.tapped.connect(lambda: self._activate(self.last4_field))
        form = QGridLayout()
        form.setHorizontalSpacing(24)
        form.setVerticalSpacing(12)
        form.addWidget(self.reg_label, 0, 0)
        form.addWidget(self.reg_field, 1, 0)
        form.addWidget(self.last4_label, 2, 0)
        form.addWidget(self.last4_field, 3, 0)
        keyboards = QHBoxLayout()
        keyboards.addWidget(self.keyboard, 1)
        keyboards.addWidget(self.digits, 1)
        left = QVBoxLayout()
        left.setSpacing(16)
        left.addLayout(form)
        left.addWidget(self.message)
        left.addWidget(self.search_button)
        left.addStretch(1)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addLayout(left, 2)
        self._body.addLayout(keyboards, 3)
        layout = self.content_layout
        layout.addWidget(self.title)
        layout.addLayout(self._body, 1)
        self._activate(self.reg_field)

    def _activate(self, field: TouchLineEdit) -> None:
        """The keyboard follows the field: letters for the number, digits for the last 4."""
        is_reg = field is self.reg_field
        self.keyboard.setVisible(is_reg)
        self.digits.setVisible(not is_reg)
        self.keyboard.set_target(self.reg_field if is_reg else None)
        self.digits.set_target(None if is_reg else self.last4_field)
        for f in (self.reg_field, self.last4_field):
            f.setProperty("active", f is field)
            repolish(f)

    @property
    def active_field(self) -> TouchLineEdit:
        return self.reg_field if self.keyboard.isVisibleTo(self) else self.last4_field

    def _next_or_submit(self) -> None:
        if self.active_field is self.reg_field:
            self._activate(self.last4_field)
        else:
            self._submit()

    def _submit(self) -> None:
        reg = self.reg_field.text().strip()
        last4 = self.last4_field.text().strip()
        if not reg or len(last4) != 4:
            self.message.setText(self.tr_.t("missing_reg"))
            return
        self.submitted.emit(reg, last4)

    def reset(self) -> None:
        self.reg_field.clear()
        self.last4_field.clear()
        self.message.setText("")
        self._activate(self.reg_field)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("reg_title"))
        self.reg_label.setText(t("reg_label"))
        self.last4_label.setText(t("reg_last4"))
        self.search_button.setText(t("search_button"))
        self.keyboard.set_texts(t("key_space"), t("key_backspace"), t("key_clear"),
                                t("next_page"))  # fmt: skip
        self.digits.set_texts(t("key_space"), t("key_backspace"), t("key_clear"),
                              t("search_button"))  # fmt: skip
        if self.message.text():
            self.message.setText(t("missing_reg"))

    def set_orientation(self, portrait: bool) -> None:
        self.set_margins(portrait)
        orient_pair(self._body, portrait, (2, 3), (4, 5))
