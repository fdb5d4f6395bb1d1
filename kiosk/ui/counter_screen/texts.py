"""Every string the counter-side screen shows: the ``counterscreen`` gettext domain.

Errors (a second rating, a rating too late) are worded by ``kiosk.i18n.error_text`` from their
codes, like everywhere else, so the screen says what the CLI and the kiosk say.
"""

from __future__ import annotations

from kiosk.i18n import Lang
from kiosk.i18n import translate as shared_translate

DOMAIN = "counterscreen"


def translate(lang: Lang, key: str, **values: object) -> str:
    """One message; a missing key shows the key (visible, never a crash)."""
    return shared_translate(lang, key, DOMAIN, **values)


def rating_label(lang: Lang, value: int) -> str:
    """The word under face ``value`` (1 tidak puas .. 4 sangat puas)."""
    return translate(lang, f"rate_{value}")


def counter_place(name: str, number: int) -> str:
    """The part of a counter's name after its number ("Loket 1 - Dispendukcapil" ->
    "Dispendukcapil"), since the number is shown large already; the whole name otherwise."""
    head, sep, tail = name.partition(" - ")
    if sep and head.strip().endswith(str(number)):
        return tail.strip()
    return name.strip()
