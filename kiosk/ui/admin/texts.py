"""The admin window's words: the ``admin`` catalogue (resources/locale/*/admin.po), and service
errors as one line in the officer's language.

A catalogue rule names the file and entry it was checking (``{source}: {entry}: {key} ...``,
kiosk/services/catalog_check.py); here the "file" is the form being saved, so the line names
the form ("Layanan"), the entry's code and the field's label as the officer sees them.
"""

from __future__ import annotations

import copy
import logging

from kiosk.errors import KioskError
from kiosk.i18n import error_text as shared_error_text
from kiosk.services.admin.access import SOURCE
from kiosk.ui.counter.texts import CounterTranslator

log = logging.getLogger(__name__)

DOMAIN = "admin"


class AdminTranslator(CounterTranslator):
    """The counter's translator (the sign-in page is the counter's) over the admin messages."""

    domain = DOMAIN


def error_text(
    tr: AdminTranslator,
    exc: BaseException,
    *,
    form: str = "",
    entry: str = "",
    labels: dict[str, str] | None = None,
) -> str:
    """One readable line for a refused save: the form's name, the entry and field labels in
    place of the catalogue file's technical names."""
    if not isinstance(exc, KioskError):
        log.error("admin: unexpected error", exc_info=exc)
        return shared_error_text(tr.lang, exc)
    if exc.params.get("source") == SOURCE:
        exc = copy.copy(exc)
        params = dict(exc.params)
        params["source"] = form or params["source"]
        if entry:
            params["entry"] = entry
        key = params.get("key")
        if labels and isinstance(key, str) and key in labels:
            params["key"] = labels[key]
        exc.params = params
    return shared_error_text(tr.lang, exc)
