"""The reader's language (``?lang=`` then the ``lang`` cookie, Indonesian first) and the words
of the ``web`` catalogue domain."""

from __future__ import annotations

from typing import Any

from kiosk.i18n import SOURCE_LANG, Lang, available_languages, language_name, translate

__all__ = ["DOMAIN", "LANG_COOKIE", "Words", "choose_lang"]

DOMAIN = "web"
LANG_COOKIE = "lang"


class Words:
    """``t("msgid", **params)`` in one language, for templates and JSON messages."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def __call__(self, msgid: str, **params: Any) -> str:
        return translate(self.lang, msgid, DOMAIN, **params)

    def pick(self, text_id: str, text_en: str) -> str:
        """A catalogue row's two texts (services, stages): English only for English readers;
        any other language falls back to Indonesian, the source."""
        return text_en if self.lang == "en" and text_en else text_id

    def others(self) -> list[tuple[Lang, str]]:
        """The languages to switch to, each named in itself ("English", "Bahasa Indonesia")."""
        return [(lang, language_name(lang)) for lang in available_languages() if lang != self.lang]


def choose_lang(query: str | None, cookie: str | None) -> tuple[Lang, bool]:
    """(language, whether to remember it in the cookie): the query wins, then the cookie."""
    shipped = available_languages()
    if query and query in shipped:
        return query, query != cookie
    if cookie and cookie in shipped:
        return cookie, False
    return SOURCE_LANG, False
