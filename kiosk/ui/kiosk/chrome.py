"""The kiosk's frame around every screen: the blue header (logo, MPP name, clock) and the
navigation bar (Kembali, Beranda, printer status, language switch)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

from kiosk.i18n import available_languages, format_date, format_time_zone, language_name
from kiosk.ui.i18n import Lang, Translator
from kiosk.ui.theme import logo_path
from kiosk.ui.widgets.common import Metrics, TouchButton, make_label


class KioskHeader(QFrame):
    """Logo, "Mal Pelayanan Publik" and the site's name, the time and the date."""

    def __init__(self, translator: Translator) -> None:
        super().__init__()
        self.setObjectName("header")
        self._tr = translator
        self._site_names: tuple[str, str] | None = None
        self.logo = QLabel()
        self.logo.setObjectName("logo")
        self._logo_pixmap = QPixmap(str(logo_path()))
        self.app_title = make_label("", "appTitle", wrap=False)
        self.app_subtitle = make_label("", "appSubtitle", wrap=False)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        titles.addStretch(1)
        titles.addWidget(self.app_title)
        self.demo_badge = make_label("", "demoBadge", wrap=False)
        self.demo_badge.hide()  # shown on the demo site (services/opening.py)
        subtitle_row = QHBoxLayout()
        subtitle_row.setSpacing(16)
        subtitle_row.addWidget(self.app_subtitle)
        subtitle_row.addWidget(self.demo_badge, 0, Qt.AlignmentFlag.AlignVCenter)
        subtitle_row.addStretch(1)
        titles.addLayout(subtitle_row)
        titles.addStretch(1)
        right = Qt.AlignmentFlag.AlignRight
        self.date_label = make_label("", "headerDate", wrap=False, align=right)
        self.time_label = make_label("", "headerTime", wrap=False, align=right)
        clock = QVBoxLayout()
        clock.setSpacing(0)
        clock.addStretch(1)
        clock.addWidget(self.time_label)
        clock.addWidget(self.date_label)
        clock.addStretch(1)
        head = QHBoxLayout(self)
        head.setContentsMargins(32, 12, 40, 12)
        head.setSpacing(24)
        head.addWidget(self.logo, 0, Qt.AlignmentFlag.AlignVCenter)
        head.addLayout(titles, 1)
        head.addLayout(clock)

    def set_site(self, name_id: str, name_en: str) -> None:
        self._site_names = (name_id, name_en)
        self.app_subtitle.setText(self.place_name())

    def retranslate_ui(self) -> None:
        self.app_title.setText(self._tr.t("app_title"))
        self.app_subtitle.setText(self.place_name())
        self.demo_badge.setText(self._tr.t("demo_badge"))

    def place_name(self) -> str:
        """The second line: the site's name from the catalogue without the words of the first
        line ("Mal Pelayanan Publik Kabupaten Probolinggo" -> "Kabupaten Probolinggo"), so
        another MPP shows its own name; the sample's until it is read."""
        title = self._tr.t("app_title")
        if self._site_names is None:
            return self._tr.t("app_subtitle")
        name = self._tr.pick(*self._site_names).strip()
        low, low_title = name.casefold(), title.casefold()
        if low.startswith(low_title):
            name = name[len(title) :].strip()
        elif low.endswith(low_title):
            name = name[: -len(title)].strip()
        return name or self._tr.t("app_subtitle")

    def show_time(self, now: datetime, force: bool = False) -> None:
        lang = self._tr.lang
        time_text = format_time_zone(now, lang)
        if force or time_text != self.time_label.text():
            self.time_label.setText(time_text)
            self.date_label.setText(format_date(now.date(), lang))

    def set_logo_side(self, side: int) -> None:
        """The logo drawn white on the blue header (the shipped file is black on white)."""
        if self._logo_pixmap.isNull():
            return
        gray = self._logo_pixmap.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
        gray = gray.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                           Qt.TransformationMode.SmoothTransformation)  # fmt: skip
        gray.invertPixels()  # dark strokes -> opaque, white paper -> transparent
        out = QImage(gray.size(), QImage.Format.Format_ARGB32_Premultiplied)
        out.fill(QColor("white"))
        out.setAlphaChannel(gray)
        self.logo.setPixmap(QPixmap.fromImage(out))


class NavBar(QFrame):
    """Kembali, Beranda, the printer's state (home only) and Indonesia/English."""

    def __init__(
        self, translator: Translator, metrics: Metrics, set_language: Callable[[Lang], None]
    ) -> None:
        super().__init__()
        self.setObjectName("navbar")
        self._tr = translator
        self.back_button = TouchButton("", "nav", metrics, icon="back", icon_px=44,
                                       icon_color="#0b3d91")  # fmt: skip
        self.home_button = TouchButton("", "nav", metrics, icon="home", icon_px=44,
                                       icon_color="#0b3d91")  # fmt: skip
        for button in (self.back_button, self.home_button):
            # Never narrower than their text: "Kembali" and "Beranda" must read in full.
            button.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.printer_status = make_label("", "printerStatus")
        self.lang_buttons: dict[str, QPushButton] = {}
        nav = QHBoxLayout(self)
        nav.setContentsMargins(32, 14, 32, 14)
        nav.setSpacing(20)
        nav.addWidget(self.back_button)
        nav.addWidget(self.home_button)
        nav.addWidget(self.printer_status, 1)
        # Every language with a catalogue gets a button (a third one is a new catalogue folder).
        for lang in available_languages():
            button = TouchButton(language_name(lang), "lang", metrics)
            button.setCheckable(True)
            button.clicked.connect(_setter(set_language, lang))
            self.lang_buttons[lang] = button
            nav.addWidget(button)

    def retranslate_ui(self, printer_fault: bool) -> None:
        self.back_button.setText(self._tr.t("nav_back"))
        self.home_button.setText(self._tr.t("nav_home"))
        self.show_printer(printer_fault)
        for lang, button in self.lang_buttons.items():
            button.setChecked(lang == self._tr.lang)

    def show_printer(self, fault: bool) -> None:
        key = "printer_fault" if fault else "printer_ok"
        self.printer_status.setText(f"\u25cf {self._tr.t(key)}")
        state = "fault" if fault else "ok"
        if self.printer_status.property("state") == state:
            return  # a re-polish per print job cost the GUI thread ~ms in a backlog (issue 13)
        self.printer_status.setProperty("state", state)
        self.printer_status.style().unpolish(self.printer_status)
        self.printer_status.style().polish(self.printer_status)

    def show_for(self, step: str, show_back: bool, show_home: bool) -> None:
        self.back_button.setVisible(show_back)
        self.home_button.setVisible(show_home)
        self.printer_status.setVisible(step == "home")
        for button in self.lang_buttons.values():
            button.setVisible(step != "printing")


def _setter(set_language: Callable[[Lang], None], lang: Lang) -> Callable[[], None]:
    return lambda: set_language(lang)
