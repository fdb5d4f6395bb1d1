"""Languages, message catalogues, error texts and locale formatting for every front end.

No Qt and no database here: the kiosk, counter and display windows, the slips, the CLI and the
web pages all take their words from this package (gettext catalogues under
``resources/locale``, formatting through Babel).
"""

from __future__ import annotations

from kiosk.i18n.catalog import DOMAINS, compile_all, has_message, placeholders, reload
from kiosk.i18n.errors import error_text
from kiosk.i18n.format import (
    format_amount,
    format_date,
    format_datetime,
    format_duration_minutes,
    format_fixed,
    format_number,
    format_time,
    format_time_zone,
    join_list,
    month_name,
    rupiah,
    zone_abbreviation,
)
from kiosk.i18n.languages import (
    CORE_LANGS,
    LANGS,
    SOURCE_LANG,
    Lang,
    available_languages,
    language_name,
    locale_dir,
)
from kiosk.i18n.messages import translate

__all__ = [
    "CORE_LANGS",
    "DOMAINS",
    "LANGS",
    "SOURCE_LANG",
    "Lang",
    "available_languages",
    "compile_all",
    "error_text",
    "format_amount",
    "format_date",
    "format_datetime",
    "format_duration_minutes",
    "format_fixed",
    "format_number",
    "format_time",
    "format_time_zone",
    "has_message",
    "join_list",
    "language_name",
    "locale_dir",
    "month_name",
    "placeholders",
    "reload",
    "rupiah",
    "translate",
    "zone_abbreviation",
]
