"""The counter window's top bar and banners: who is signed in at which counter and in what state,
the language switch, *Ganti loket* and *Keluar*; below it the printer-fault banner and the
offline line. Views only: they emit what the officer asked for and show what they are given.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.i18n import available_languages
from kiosk.i18n.devices import printer_state_text
from kiosk.services.devices import DeviceView
from kiosk.services.printjobs import JobState
from kiosk.services.staff import Officer
from kiosk.ui.counter.signin import label
from kiosk.ui.counter.texts import CounterTranslator, printer_error_text
from kiosk.ui.i18n import Lang


def repolish(widget: QWidget) -> None:
    """Re-apply the style sheet after a property or object name changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class CounterHeader(QFrame):
    """Signals:
    language_requested(str): "id" or "en".
    change_requested(): *Ganti loket*.
    signout_requested(): *Keluar*.
    """

    language_requested = Signal(str)
    change_requested = Signal()
    signout_requested = Signal()

    def __init__(self, tr: CounterTranslator) -> None:
        super().__init__()
        self.tr_ = tr
        self.site_names: dict[str, str] = {}
        self.setObjectName("header")
        self.app_title = label("", "appTitle", wrap=False)
        self.app_subtitle = label("", "appSubtitle", wrap=False)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addWidget(self.app_title)
        titles.addWidget(self.app_subtitle)
        self.counter_name = label("", "counterName", wrap=False)
        self.state_badge = label("", "stateBadge", wrap=False)
        self.officer_label = label("", "officerLabel", wrap=False)
        who = QVBoxLayout()
        who.setSpacing(0)
        who.addWidget(self.counter_name)
        who.addWidget(self.officer_label)
        self.lang_buttons: dict[Lang, QPushButton] = {}
        for lang in available_languages():
            button = self._button(f"lang_{lang}")
            button.setText(lang.upper())
            button.setCheckable(True)
            button.clicked.connect(lambda _c=False, code=lang: self.language_requested.emit(code))
            self.lang_buttons[lang] = button
        self.change_button = self._button("changeCounter")
        self.change_button.clicked.connect(self.change_requested)
        self.signout_button = self._button("signout")
        self.signout_button.clicked.connect(self.signout_requested)
        head = QHBoxLayout(self)
        head.setContentsMargins(20, 10, 20, 10)
        head.setSpacing(16)
        head.addLayout(titles)
        head.addSpacing(12)
        head.addLayout(who, 1)
        head.addWidget(self.state_badge)
        for button in self.lang_buttons.values():
            head.addWidget(button)
        head.addWidget(self.change_button)
        head.addWidget(self.signout_button)

    @staticmethod
    def _button(name: str) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        for code, button in self.lang_buttons.items():
            button.setChecked(code == self.tr_.lang)
        self.app_title.setText(t("app_title"))
        self.app_subtitle.setText(self.site_names.get(self.tr_.lang, "") or t("app_subtitle"))
        self.change_button.setText(t("change_counter"))
        self.signout_button.setText(t("signout"))

    def show_status(
        self,
        officer: Officer | None,
        counter_name: str | None,
        state: str | None,
        *,
        may_change: bool,
    ) -> None:
        """Who, where (None: not at a counter), the counter's state (None: not read yet)."""
        t = self.tr_.t
        self.officer_label.setVisible(officer is not None)
        self.signout_button.setVisible(officer is not None)
        self.change_button.setVisible(may_change)
        self.counter_name.setVisible(counter_name is not None)
        self.state_badge.setVisible(counter_name is not None and state is not None)
        if officer is not None:
            who = f"{officer.full_name} ({officer.username})"
            self.officer_label.setText(t("officer", name=who))
        if counter_name is not None:
            self.counter_name.setText(counter_name)
        if state is not None:
            self.state_badge.setText(t("counter_state", state=t(f"state_{state}")))
            self.state_badge.setProperty("state", state)
            repolish(self.state_badge)


class FaultBanner(QFrame):
    """The red line about failed prints, with a reprint button; for supervisors also a line
    naming the kiosks whose printer cannot print (paper out, cover open, offline: from the
    kiosks' heartbeats, kiosk/services/devices.py).

    Signals:
        reprint_requested(): reprint the latest fault on the counter printer.
    """

    reprint_requested = Signal()

    def __init__(self, tr: CounterTranslator) -> None:
        super().__init__()
        self.tr_ = tr
        self.faults: list[JobState] = []
        self.device_faults: list[DeviceView] = []
        self.setObjectName("faultBanner")
        self.text = label("", "faultText")
        self.devices_text = label("", "kioskPrinterFault")
        self.reprint = QPushButton()
        self.reprint.setObjectName("faultReprint")
        self.reprint.clicked.connect(self.reprint_requested)
        texts = QVBoxLayout()
        texts.setContentsMargins(0, 0, 0, 0)
        texts.addWidget(self.text)
        texts.addWidget(self.devices_text)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(20, 6, 20, 6)
        layout.addLayout(texts, 1)
        layout.addWidget(self.reprint)
        self.hide()

    def show_faults(
        self, faults: list[JobState], device_faults: list[DeviceView] | None = None
    ) -> None:
        self.faults = faults
        if device_faults is not None:
            self.device_faults = device_faults
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.reprint.setText(t("fault_reprint"))
        lang = self.tr_.lang
        if self.device_faults:
            listed = ", ".join(
                f"{d.name} ({printer_state_text(lang, d.printer_state)})"
                for d in self.device_faults
            )
            self.devices_text.setText(t("kiosk_printer_banner", devices=listed))
            self.devices_text.setToolTip(
                "\n".join(f"{d.name}: {d.detail}" for d in self.device_faults)
            )
        self.devices_text.setVisible(bool(self.device_faults))
        self.text.setVisible(bool(self.faults))
        self.reprint.setVisible(bool(self.faults))
        if not self.faults and not self.device_faults:
            self.hide()
            return
        if not self.faults:
            self.show()
            return
        latest = self.faults[0]
        label_ = f"#{latest.id}"
        what = t(f"fault_kind_{latest.kind}", label=label_) if latest.kind else label_
        error = printer_error_text(self.tr_.lang, latest.last_error or "")
        self.text.setText(t("fault_banner", count=len(self.faults), what=what, error=error))
        self.text.setToolTip(latest.last_error or "")
        self.show()
