"""The first two screens of the counter window: sign-in, then the choice of counter.

Views only: they emit what the officer asked for (``signin_requested``, ``counter_chosen``);
the window checks the password and lists the counters through the services, in a worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.counter.texts import CounterTranslator

if TYPE_CHECKING:  # annotations only: the admin window's start does not load the queue services
    from kiosk.services.queue import CounterView


def label(text: str = "", name: str = "", *, wrap: bool = True) -> QLabel:
    """A QLabel with an object name for the style sheet."""
    widget = QLabel(text)
    if name:
        widget.setObjectName(name)
    widget.setWordWrap(wrap)
    return widget


class SignInPage(QWidget):
    """Username and password; one-line errors below the button.

    Signals:
        signin_requested(str, str): username and password, both non-empty.
    """

    signin_requested = Signal(str, str)

    def __init__(self, tr: CounterTranslator) -> None:
        super().__init__()
        self.tr_ = tr
        self.card = QFrame()
        self.card.setObjectName("card")
        self.title = label("", "pageTitle")
        self.hint = label("", "hint", wrap=False)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.username.setMaxLength(64)
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setMaxLength(256)
        self.username_label = label("", wrap=False)
        self.password_label = label("", wrap=False)
        form = QFormLayout()
        form.setVerticalSpacing(12)
        form.addRow(self.username_label, self.username)
        form.addRow(self.password_label, self.password)
        self.button = QPushButton()
        self.button.setObjectName("primary")
        self.button.setDefault(True)
        self.error = label("", "errorLine")
        self.error.hide()
        inner = QVBoxLayout(self.card)
        inner.setContentsMargins(32, 28, 32, 28)
        inner.setSpacing(14)
        inner.addWidget(self.title)
        inner.addWidget(self.hint)
        inner.addLayout(form)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignRight)
        inner.addWidget(self.error)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        self.button.clicked.connect(self._submit)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self._submit)

    def set_scale(self, scale: float) -> None:
        """The card keeps its proportions on a larger screen (its texts grow with the QSS)."""
        self.card.setFixedWidth(round(480 * scale))

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("signin_title"))
        self.hint.setText(t("signin_hint"))
        self.username_label.setText(t("username"))
        self.password_label.setText(t("password"))
        self.button.setText(t("signin"))

    def reset(self) -> None:
        """Back to an empty form (after sign-out): no password stays in memory on screen."""
        self.username.clear()
        self.password.clear()
        self.show_error("")
        self.set_busy(False)
        self.username.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.button.setText(self.tr_.t("signing_in" if busy else "signin"))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _submit(self) -> None:
        user, password = self.username.text().strip(), self.password.text()
        if not user or not password:
            self.show_error(self.tr_.t("signin_missing"))
            return
        self.show_error("")
        self.signin_requested.emit(user, password)


class ChoicePage(QWidget):
    """The counters this officer may staff, as buttons.

    Signals:
        counter_chosen(int): the counter number.
    """

    counter_chosen = Signal(int)

    def __init__(self, tr: CounterTranslator) -> None:
        super().__init__()
        self.tr_ = tr
        self.counters: list[CounterView] = []
        self.name = ""
        self.buttons: list[QPushButton] = []
        self.title = label("", "pageTitle")
        self.hint = label("", "hint")
        self.empty = label("", "errorLine")
        self.grid_host = QWidget()
        self.grid_host.setObjectName("scrollBody")
        self.grid = QGridLayout()
        self.grid.setSpacing(10)
        host = QVBoxLayout(self.grid_host)
        host.setContentsMargins(0, 0, 0, 0)
        host.addLayout(self.grid)
        host.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid_host)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 28, 40, 28)
        layout.setSpacing(12)
        layout.addWidget(self.title)
        layout.addWidget(self.hint)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)

    def set_counters(self, name: str, counters: list[CounterView]) -> None:
        self.name = name
        self.counters = counters
        for button in self.buttons:
            button.deleteLater()
        self.buttons = []
        for index, counter in enumerate(counters):
            button = QPushButton()
            button.setObjectName("counterTile")
            button.setProperty("counter_number", counter.number)
            button.clicked.connect(
                lambda _checked=False, n=counter.number: self.counter_chosen.emit(n)
            )
            self.grid.addWidget(button, index // 2, index % 2)
            self.buttons.append(button)
        self.retranslate_ui()

    def hold(self) -> None:
        """The list is being reloaded: the tiles still show the states of a moment ago, so they
        cannot be tapped until the fresh list replaces them."""
        for button in self.buttons:
            button.setEnabled(False)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("choose_title"))
        self.hint.setText(t("choose_hint", name=self.name))
        self.empty.setText(t("choose_none"))
        self.empty.setVisible(not self.counters)
        for button, counter in zip(self.buttons, self.counters, strict=True):
            name = self.tr_.pick(counter.name_id, counter.name_en)
            state = t(f"state_{counter.state}")
            queues = t("queues", prefixes=", ".join(counter.prefixes) or "-")
            button.setText(f"{name}\n{queues}  \u00b7  {state}")
