"""``translate``: one message id, one language, parameters formatted for the reader.

Parameters may carry a format spec that reads naturally to a translator:
``{until:time}`` (13.05 WIB), ``{day:date}`` (Senin, 2 Maret 2026), ``{day:shortdate}``
(2 Maret 2026), ``{moment:datetime}``, ``{amount:rupiah}``, ``{items:list}`` ("A, B, dan C"),
``{count:number}``. Without a spec, dates and moments get their full form and lists their
serial-comma form, so a value never shows as ``2026-03-02 13:05:00+07:00``.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from kiosk.i18n.catalog import lookup
from kiosk.i18n.languages import Lang


class LocalValue:
    """Wraps one parameter so ``str.format`` specs render it in the reader's language."""

    __slots__ = ("lang", "value")

    def __init__(self, value: Any, lang: Lang) -> None:
        self.value = value
        self.lang = lang

    def __format__(self, spec: str) -> str:
        from kiosk.i18n import format as fmt

        value, lang = self.value, self.lang
        if value is None:
            # "when it opens next" that is not known: say so rather than print "None".
            return lookup(lang, "value_unknown", "common") or "-"
        if hasattr(value, "pick"):
            return format(value.pick(lang), spec)
        if isinstance(value, datetime):
            if spec == "time":
                return (
                    fmt.format_time_zone(value, lang)
                    if value.tzinfo
                    else fmt.format_time(value, lang)
                )
            if spec in ("date", "shortdate"):
                return fmt.format_date(value.date(), lang, weekday=spec == "date")
            if value.tzinfo is None:
                return f"{fmt.format_date(value.date(), lang)} {fmt.format_time(value, lang)}"
            return fmt.format_datetime(value, lang)
        if isinstance(value, date):
            return fmt.format_date(value, lang, weekday=spec != "shortdate")
        if isinstance(value, (list, tuple)):
            return fmt.join_list(
                [v.pick(lang) if hasattr(v, "pick") else str(v) for v in value], lang
            )
        if spec == "rupiah":
            return fmt.rupiah(int(value), lang)
        if spec == "number" and isinstance(value, (int, float)):
            return fmt.format_number(value, lang)
        return format(value, spec)

    def __str__(self) -> str:
        return self.__format__("")


class _Formatter(string.Formatter):
    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def get_value(self, key: int | str, args: Any, kwargs: Mapping[str, Any]) -> Any:
        try:
            value = super().get_value(key, args, kwargs)
        except (KeyError, IndexError):
            return "{" + str(key) + "}"  # a missing parameter shows, it never crashes a screen
        return LocalValue(value, self.lang)


def format_message(lang: Lang, text: str, params: Mapping[str, Any]) -> str:
    if not params and "{" not in text:
        return text
    try:
        return _Formatter(lang).vformat(text, (), params)
    except (ValueError, TypeError):
        return text  # a translator's broken spec: show the raw text rather than nothing


def translate(lang: Lang, msgid: str, domain: str = "common", /, **params: Any) -> str:
    """The message in ``lang`` (Indonesian for ids the language lacks; the id itself if none)."""
    text = lookup(lang, msgid, domain)
    if text is None:
        return msgid
    return format_message(lang, text, params)
