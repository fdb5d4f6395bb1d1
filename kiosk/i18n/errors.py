"""``error_text``: any error a service raises, as one line in the person's language.

Services raise ``KioskError`` subclasses with a family ``code``, a ``reason`` and ``params``
(kiosk/errors.py). The ``errors`` catalogue holds one message per ``<code>.<reason>`` and a
generic one per code; the kiosk, the counter, the CLI and the web pages all call this one
function, so an error reads the same everywhere.
"""

from __future__ import annotations

from kiosk.errors import KioskError
from kiosk.i18n.catalog import lookup
from kiosk.i18n.languages import Lang
from kiosk.i18n.messages import format_message

DOMAIN = "errors"


def error_key(exc: KioskError) -> str:
    return f"{exc.code}.{exc.reason}"


def has_error_text(code: str, reason: str) -> bool:
    from kiosk.i18n.catalog import messages
    from kiosk.i18n.languages import SOURCE_LANG

    return f"{code}.{reason}" in messages(SOURCE_LANG, DOMAIN)


def error_text(lang: Lang, exc: BaseException) -> str:
    """One readable line; never a traceback, never an empty string."""
    if not isinstance(exc, KioskError):
        return lookup(lang, "error.unexpected", DOMAIN) or "error.unexpected"
    text = lookup(lang, error_key(exc), DOMAIN)
    if text is None:
        # A reason without its own text: the family's general line (never the raw code).
        for cls in type(exc).__mro__:
            code = getattr(cls, "code", None)
            if isinstance(code, str):
                text = lookup(lang, f"{code}.generic", DOMAIN)
                if text is not None:
                    break
    if text is None:
        text = lookup(lang, "error.unexpected", DOMAIN) or exc.reason
    params = dict(exc.params)
    field = params.get("field")
    if isinstance(field, str):
        # Field names are words too: "field.name" -> "Nama" / "Name".
        params["field"] = lookup(lang, f"field.{field}", DOMAIN) or field
    return format_message(lang, text, params)
