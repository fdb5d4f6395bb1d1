"""The kiosk's live language switch over the shared catalogues (``kiosk.i18n``).

Every string the kiosk shows is a message of the ``kiosk`` gettext domain
(resources/locale/<lang>/LC_MESSAGES/kiosk.po), so translators use ordinary tools and a third
language is a new catalogue folder. The core and the services return codes (``Refused.reason``,
ticket and application statuses); they are worded there, never in the service layer.

Indonesian is baku (KBBI: "silakan", "izin", "praktik") with one deliberate exception: the menu
says "Antrian" (KBBI: "antrean") because the issue names the button "Ambil Antrian" and that is
the word on the MPP's own signs and in its spoken calls ("Nomor antrian ..."), so citizens
recognise it.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from kiosk.i18n import CORE_LANGS as LANGS
from kiosk.i18n import Lang, available_languages, placeholders
from kiosk.i18n import translate as shared_translate
from kiosk.i18n.languages import LANGUAGE_NAMES

__all__ = ["LANGS", "LANGUAGE_NAMES", "Lang", "Translator", "placeholders", "translate"]

DOMAIN = "kiosk"


def translate(lang: Lang, key: str, **values: object) -> str:
    """One kiosk message; a missing key shows the key (visible, never a crash)."""
    return shared_translate(lang, key, DOMAIN, **values)


class Translator(QObject):
    """The kiosk's current language; screens re-label themselves on ``language_changed``.

    Signals:
        language_changed(str): the new language code ("id" or "en").
    """

    language_changed = Signal(str)
    domain = DOMAIN

    def __init__(self, lang: Lang = "id", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lang: Lang = lang

    @property
    def lang(self) -> Lang:
        return self._lang

    def set_language(self, lang: Lang) -> None:
        """Switch every visible string at run time (no restart)."""
        if lang not in available_languages():
            raise ValueError(f"unsupported language {lang!r}")
        if lang != self._lang:
            self._lang = lang
            self.language_changed.emit(lang)

    def t(self, key: str, **values: object) -> str:
        return shared_translate(self._lang, key, self.domain, **values)

    def pick(self, text_id: str, text_en: str) -> str:
        """Choose between a data field's two languages, falling back to Indonesian."""
        if self._lang == "en" and text_en:
            return text_en
        return text_id

    def pick_seq(self, seq_id: tuple[str, ...], seq_en: tuple[str, ...]) -> tuple[str, ...]:
        if self._lang == "en" and seq_en:
            return tuple(seq_en)
        return tuple(seq_id)
