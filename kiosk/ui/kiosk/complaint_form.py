"""The complaint's form: the category (seven big buttons in plain words, pungli first), the
description on the on-screen keyboard (bounded like the service: kiosk.core.complaints.MAX_TEXT),
the optional contact (anonymous by default, kept confidential, never shown to officers), and
the confirmation."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from kiosk.core.complaints import CATEGORIES, MAX_CONTACT, MAX_TEXT
from kiosk.i18n import translate
from kiosk.ui.kiosk.base import Shell, TouchLineEdit, orient_pair
from kiosk.ui.kiosk.complaint_target import ComplaintStep, target_text
from kiosk.ui.widgets.common import ChoiceButton, TouchButton, make_label
from kiosk.ui.widgets.keyboard import OnScreenKeyboard

#: The category's icon (resources/icons).
CATEGORY_ICONS = {
    "pungli": "finance",
    "rude": "people",
    "slow": "clock",
    "procedure": "charter",
    "calo": "warning",
    "facilities": "building",
    "other": "feedback",
}
#: What the confirm screen quotes of a long description.
QUOTE_CHARS = 280


def category_name(lang: str, category: str) -> str:
    """The category's name, as the slip and the register word it (the "common" domain)."""
    return translate(lang, f"complaint_category_{category}", "common")


class ComplaintCategoryScreen(ComplaintStep):
    """ "Apa yang terjadi?": seven categories, each with a plain-words explanation.

    Signals:
        category_chosen(str): the category's code (kiosk.core.complaints.CATEGORIES).
    """

    name = "complaint_category"
    category_chosen = Signal(str)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.buttons: dict[str, ChoiceButton] = {}
        self.grid_host = QWidget()
        self.grid = QGridLayout(self.grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(16)
        for category in CATEGORIES:
            button = ChoiceButton(CATEGORY_ICONS[category], self.metrics,
                                  object_name="complaintCategory", icon_px=72)  # fmt: skip
            button.set_margins(24, 8)
            button.setProperty("category", category)
            button.clicked.connect(self._clicked)
            self.buttons[category] = button
        self.content_layout.addWidget(self.grid_host, 1)
        self._place(True)

    def _clicked(self) -> None:
        button = self.sender()
        category = button.property("category") if button is not None else None
        if category:
            self.category_chosen.emit(str(category))

    def _place(self, portrait: bool) -> None:
        cols = 1 if portrait else 2
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for i, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, i // cols, i % cols)
        rows = -(-len(self.buttons) // cols)
        for r in range(len(self.buttons)):
            self.grid.setRowStretch(r, 1 if r < rows else 0)
        for c in range(2):
            self.grid.setColumnStretch(c, 1 if c < cols else 0)

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        t = self.tr_.t
        self.title.setText(t("complaint_category_title"))
        for category, button in self.buttons.items():
            button.set_texts(
                category_name(self.tr_.lang, category), t(f"complaint_category_{category}_sub")
            )

    def set_orientation(self, portrait: bool) -> None:
        super().set_orientation(portrait)
        self._place(portrait)
        for button in self.buttons.values():
            button.set_vertical(False)
            button.icon_label.set_design_px(72 if portrait else 60)


class ComplaintTextScreen(ComplaintStep):
    """ "Ceritakan apa yang terjadi": the description on the on-screen keyboard.

    Signals:
        text_submitted(str)
    """

    name = "complaint_text"
    text_submitted = Signal(str)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.hint = make_label("", "screenHint")
        self.field = QPlainTextEdit()
        self.field.setObjectName("complaintText")
        # No focus: a scanner burst must reach the kiosk's scanner filter, not this box.
        self.field.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.field.setReadOnly(True)
        self.field.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.field.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.count = make_label("", "screenHint", wrap=False)
        self.problem = make_label("", "fieldError")
        self.problem.hide()
        self.next_button = TouchButton("", "primaryBig", self.metrics, icon="next", icon_px=56)
        self.next_button.clicked.connect(self._submit)
        self.keyboard = OnScreenKeyboard(prose=True)
        self.keyboard.set_target(self.field, MAX_TEXT)
        self.keyboard.text_edited.connect(self._on_edited)
        self.keyboard.done_requested.connect(self._submit)
        left = QWidget()
        left_box = QBoxLayout(QBoxLayout.Direction.TopToBottom, left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.setSpacing(12)
        left_box.addWidget(self.hint)
        left_box.addWidget(self.field, 1)
        left_box.addWidget(self.count, 0, Qt.AlignmentFlag.AlignRight)
        left_box.addWidget(self.problem)
        left_box.addWidget(self.next_button)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addWidget(left, 1)
        self._body.addWidget(self.keyboard, 1)
        self.content_layout.addLayout(self._body, 1)
        self._on_edited("")

    def text(self) -> str:
        return self.field.toPlainText()

    def _on_edited(self, _text: str) -> None:
        self.problem.hide()
        self.count.setText(f"{len(self.text())} / {MAX_TEXT}")
        self.next_button.setEnabled(bool(self.text().strip()))

    def show_problem(self, problem: str) -> None:
        self.problem.setText(self.tr_.t(f"complaint_text_{problem}", limit=MAX_TEXT))
        self.problem.show()

    def _submit(self) -> None:
        self.text_submitted.emit(self.text())

    def reset(self) -> None:
        super().reset()
        self.field.setPlainText("")
        self.keyboard.set_caps(False)
        self._on_edited("")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        t = self.tr_.t
        self.title.setText(t("complaint_text_title"))
        self.hint.setText(t("complaint_text_hint"))
        self.field.setPlaceholderText(t("complaint_text_placeholder"))
        self.next_button.setText(t("complaint_next"))
        self.keyboard.set_texts(t("key_space"), t("key_backspace"), t("key_clear"), t("key_done"))
        self.keyboard.set_caps_text(t("key_caps"))
        self.keyboard.done_key.setText(t("complaint_next"))

    def set_orientation(self, portrait: bool) -> None:
        super().set_orientation(portrait)
        orient_pair(self._body, portrait, (5, 4), (1, 1))


class ComplaintContactScreen(ComplaintStep):
    """ "Kontak (tidak wajib)": anonymous unless the citizen types a phone number or e-mail.

    Signals:
        contact_submitted(str): "" for anonymous.
    """

    name = "complaint_contact"
    contact_submitted = Signal(str)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self.privacy = make_label("", "complaintPrivacy")
        self.field = TouchLineEdit(max_length=MAX_CONTACT)
        self.field.setObjectName("searchField")
        self.field.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.field.setReadOnly(True)
        self.problem = make_label("", "fieldError")
        self.problem.hide()
        self.anonymous_button = TouchButton("", "secondary", self.metrics)
        self.anonymous_button.clicked.connect(lambda: self.contact_submitted.emit(""))
        self.next_button = TouchButton("", "primaryBig", self.metrics, icon="next", icon_px=56)
        self.next_button.clicked.connect(lambda: self.contact_submitted.emit(self.field.text()))
        self.keyboard = OnScreenKeyboard(prose=True)
        self.keyboard.set_target(self.field)
        self.keyboard.text_edited.connect(self._on_edited)
        self.keyboard.done_requested.connect(lambda: self.contact_submitted.emit(self.field.text()))
        left = QWidget()
        left_box = QBoxLayout(QBoxLayout.Direction.TopToBottom, left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.setSpacing(16)
        left_box.addWidget(self.privacy)
        left_box.addWidget(self.field)
        left_box.addWidget(self.problem)
        left_box.addStretch(1)
        left_box.addWidget(self.anonymous_button)
        left_box.addWidget(self.next_button)
        self._body = QBoxLayout(QBoxLayout.Direction.TopToBottom)
        self._body.setSpacing(24)
        self._body.addWidget(left, 1)
        self._body.addWidget(self.keyboard, 1)
        self.content_layout.addLayout(self._body, 1)
        self._on_edited("")

    def _on_edited(self, _text: str) -> None:
        self.problem.hide()
        has = bool(self.field.text().strip())
        self.next_button.setVisible(has)
        self.anonymous_button.setObjectName("secondary" if has else "primaryBig")
        self.anonymous_button.style().unpolish(self.anonymous_button)
        self.anonymous_button.style().polish(self.anonymous_button)

    def show_problem(self, problem: str) -> None:
        self.problem.setText(self.tr_.t(f"complaint_contact_{problem}", limit=MAX_CONTACT))
        self.problem.show()

    def reset(self) -> None:
        super().reset()
        self.field.clear()
        self.keyboard.set_caps(False)
        self._on_edited("")

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        t = self.tr_.t
        self.title.setText(t("complaint_contact_title"))
        self.privacy.setText(t("complaint_contact_privacy"))
        self.field.setPlaceholderText(t("complaint_contact_placeholder"))
        self.anonymous_button.setText(t("complaint_anonymous"))
        self.next_button.setText(t("complaint_with_contact"))
        self.keyboard.set_texts(t("key_space"), t("key_backspace"), t("key_clear"), t("key_done"))
        self.keyboard.set_caps_text(t("key_caps"))

    def set_orientation(self, portrait: bool) -> None:
        super().set_orientation(portrait)
        orient_pair(self._body, portrait, (1, 1), (1, 1))


class ComplaintConfirmScreen(ComplaintStep):
    """What will be sent, and "Kirim pengaduan".

    Signals:
        file_requested()
    """

    name = "complaint_confirm"
    file_requested = Signal()

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell)
        self._category = ""
        self._text = ""
        self._contact = ""
        self.sheet = QFrame()
        self.sheet.setObjectName("sheet")
        grid = QGridLayout(self.sheet)
        grid.setContentsMargins(40, 28, 40, 28)
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(18)
        self.fields: dict[str, tuple[QLabel, QLabel]] = {}
        for row, key in enumerate(("about", "category", "text", "contact")):
            label = make_label("", "formLabel")
            value = make_label("", "formValue")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.fields[key] = (label, value)
        self.fields["text"][1].setObjectName("cardBody")
        grid.setColumnStretch(1, 1)
        self.note = make_label("", "screenHint")
        self.file_button = TouchButton("", "primaryBig", self.metrics, icon="check", icon_px=64)
        self.file_button.clicked.connect(self.file_requested.emit)
        self.about.hide()
        layout = self.content_layout
        layout.addWidget(self.sheet)
        layout.addWidget(self.note)
        layout.addStretch(1)
        layout.addWidget(self.file_button)

    def show_complaint(self, category: str, text: str, contact: str) -> None:
        self._category, self._text, self._contact = category, text, contact
        self.retranslate_ui()

    def _show_about(self) -> None:
        self.about.hide()  # the sheet says what it is about
        if hasattr(self, "fields"):
            self.fields["about"][1].setText(target_text(self.tr_, self._target))

    def reset(self) -> None:
        super().reset()
        self._category = self._text = self._contact = ""

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        t = self.tr_.t
        self.title.setText(t("complaint_confirm_title"))
        for key in self.fields:
            self.fields[key][0].setText(t(f"complaint_confirm_{key}"))
        if self._category:
            self.fields["category"][1].setText(category_name(self.tr_.lang, self._category))
        text = self._text
        if len(text) > QUOTE_CHARS:
            text = text[:QUOTE_CHARS].rstrip() + "\u2026"
        self.fields["text"][1].setText(text)
        self.fields["contact"][1].setText(
            t("complaint_confirm_contact_given") if self._contact else t("complaint_confirm_anon")
        )
        self.note.setText(t("complaint_confirm_note"))
        self.file_button.setText(t("complaint_send"))
