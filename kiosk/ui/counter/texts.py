"""The counter window's words: the ``counter`` catalogue (resources/locale/*/counter.po), and
service errors as one readable line through the shared ``kiosk.i18n.error_text``.

Kept apart from the kiosk's catalogue so the two windows can be worded and reviewed separately.
Indonesian is baku ("silakan", "izin").
"""

from __future__ import annotations

import logging

from kiosk.errors import KioskError
from kiosk.i18n import error_text as shared_error_text
from kiosk.i18n import has_message
from kiosk.i18n import translate as shared_translate
from kiosk.ui.i18n import Lang, Translator

log = logging.getLogger(__name__)


DOMAIN = "counter"


def translate(lang: Lang, key: str, **values: object) -> str:
    """One counter message (the ``counter`` catalogue); a missing key shows the key."""
    return shared_translate(lang, key, DOMAIN, **values)


class CounterTranslator(Translator):
    """The kiosk's Translator (language switch, pick/pick_seq) over the counter's messages."""

    domain = DOMAIN


def error_text(lang: Lang, exc: BaseException) -> str:
    """A service error as one readable line in ``lang`` (never a traceback): the ONE place the
    counter words an error, through the shared ``kiosk.i18n.error_text`` (codes, not sentences)."""
    if not isinstance(exc, KioskError):
        log.error("counter: unexpected error", exc_info=exc)
    return shared_error_text(lang, exc)


def printer_error_text(lang: Lang, last_error: str) -> str:
    """A print job's last error ("<kind>: <technical detail>") as words in ``lang``.

    The spool stores the printer module's error kind first; staff read the kind in their language,
    the technical detail (address, byte counts) stays in the tooltip and the logs.
    """
    kind = last_error.split(":", 1)[0].strip()
    key = f"printer_err_{kind}"
    if has_message(key, DOMAIN):
        return translate(lang, key)
    return (last_error.strip().splitlines() or [""])[0][:120]
