"""The supervisor's way out: a PIN pad opened by a hidden gesture.

The PIN is `settings.kiosk.exit_pin`: plain digits (the demo) or an argon2 hash (production,
so the config file does not reveal it), checked with kiosk.services.staff.verify_secret. The
check runs on the GUI thread on purpose: argon2 takes ~50 ms, happens once per attempt, and a
worker would only add a state where the pad is open and waiting.

A 4-digit PIN at a public kiosk could be guessed by trying: after MAX_FAILURES wrong PINs the pad
refuses every PIN (even the right one) for LOCKOUT_S seconds.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLineEdit, QVBoxLayout, QWidget

from kiosk.services.staff import verify_secret
from kiosk.ui.i18n import Translator
from kiosk.ui.widgets.common import Metrics, TouchButton, make_label
from kiosk.ui.widgets.keyboard import OnScreenKeyboard

MAX_FAILURES = 5
LOCKOUT_S = 60.0


def pin_matches(configured: str, typed: str) -> bool:
    """True when `typed` is the exit PIN; never True when no PIN is configured."""
    if not configured or not typed:
        return False
    if configured.startswith("$argon2"):
        return verify_secret(configured, typed)
    return hmac.compare_digest(configured.encode(), typed.encode())


class PinPad(QWidget):
    """A modal card over the kiosk with a digit pad; ignores everything behind it.

    Signals:
        accepted(): the right PIN was entered.
        cancelled()
    """

    accepted = Signal()
    cancelled = Signal()

    def __init__(
        self,
        parent: QWidget,
        translator: Translator,
        metrics: Metrics,
        configured: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._failures = 0
        self._locked_until = 0.0
        self.setObjectName("pinOverlay")
        self._tr = translator
        self._configured = configured
        self.card = QFrame(self)
        self.card.setObjectName("pinCard")
        self.title = make_label("", "pinTitle", align=Qt.AlignmentFlag.AlignCenter)
        self.field = QLineEdit()
        self.field.setObjectName("pinField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setMaxLength(8)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message = make_label("", "fieldError", align=Qt.AlignmentFlag.AlignCenter)
        self.pad = OnScreenKeyboard(digits_only=True)
        self.pad.set_target(self.field)
        self.pad.done_requested.connect(self._check)
        self.pad.text_edited.connect(lambda _t: self.message.setText(""))
        self.cancel_button = TouchButton("", "secondary", metrics)
        self.cancel_button.clicked.connect(self._cancel)
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(40, 36, 40, 36)
        layout.setSpacing(20)
        layout.addWidget(self.title)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        layout.addWidget(self.pad, 1)
        layout.addWidget(self.cancel_button)
        self._message_key = ""
        translator.language_changed.connect(lambda _lang: self.retranslate_ui())
        self.retranslate_ui()
        self.hide()

    def retranslate_ui(self) -> None:
        t = self._tr.t
        self.title.setText(t("pin_title"))
        self.cancel_button.setText(t("pin_cancel"))
        self.pad.set_texts(t("key_space"), t("key_backspace"), t("key_clear"), t("pin_exit"))
        self.message.setText(t(self._message_key) if self._message_key else "")

    def open(self) -> None:
        self.field.clear()
        self._message_key = "pin_unset" if not self._configured else ""
        self.retranslate_ui()
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self._place_card()
        self.raise_()
        self.show()

    def close_pad(self) -> None:
        self.field.clear()
        self._message_key = ""
        self.hide()

    def _cancel(self) -> None:
        self.close_pad()
        self.cancelled.emit()

    def _check(self) -> None:
        now = self._clock()
        if now < self._locked_until:
            self.field.clear()
            self._message_key = "pin_locked"
            self.retranslate_ui()
            return
        if pin_matches(self._configured, self.field.text()):
            self._failures = 0
            self.close_pad()
            self.accepted.emit()
            return
        self.field.clear()
        self._failures += 1
        if self._failures >= MAX_FAILURES:
            self._failures = 0
            self._locked_until = now + LOCKOUT_S
            self._message_key = "pin_locked"
        else:
            self._message_key = "pin_wrong" if self._configured else "pin_unset"
        self.retranslate_ui()

    def _place_card(self) -> None:
        width = min(self.width() - 40, max(self.width() // 2, int(self.height() * 0.42)))
        height = min(self.height() - 40, int(width * 1.35))
        self.card.setGeometry(
            (self.width() - width) // 2, (self.height() - height) // 2, width, height
        )

    def resizeEvent(self, event: object) -> None:
        self._place_card()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 150))
        painter.end()

    def mousePressEvent(self, event: object) -> None:
        """Taps outside the card do nothing (they must not reach the screen behind)."""
