"""Indonesian phone numbers as staff and citizens type them: one rule for the counter's
registration and the web's booking reminder, so both accept and refuse the same numbers."""

from __future__ import annotations

import re

from kiosk.errors import BadInput

__all__ = ["clean_mobile", "clean_phone"]

_PHONE_RE = re.compile(r"\+?[0-9][0-9 .\-]{6,22}")
#: Mobile numbers: 08.., or 628.. / +628.. (the country code for the leading 0).
_MOBILE_PREFIXES = ("08", "628", "+628")


def clean_phone(raw: str) -> str:
    """Digits (with an optional leading +) of an Indonesian phone number, or "" when absent."""
    raw = (raw or "").strip()
    if not raw:
        return ""
    if not raw.isascii() or not _PHONE_RE.fullmatch(raw):
        raise BadInput("phone_format")
    digits = re.sub(r"[^0-9]", "", raw)
    if not 8 <= len(digits) <= 15:
        raise BadInput("phone_format")
    return ("+" if raw.startswith("+") else "") + digits


def clean_mobile(raw: str) -> str:
    """A mobile number that can take an SMS or WhatsApp message (a landline cannot), or ""
    when absent; BadInput("phone_format" | "phone_not_mobile") otherwise."""
    phone = clean_phone(raw)
    if phone and not phone.startswith(_MOBILE_PREFIXES):
        raise BadInput("phone_not_mobile")
    return phone
