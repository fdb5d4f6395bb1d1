"""Moved to ``kiosk.i18n`` (Babel-based formatting shared by every front end); re-exported
here until the last importers are updated."""

from __future__ import annotations

from kiosk.i18n.format import (
    format_date,
    format_datetime,
    format_duration_minutes,
    format_time,
    format_time_zone,
    zone_abbreviation,
)
from kiosk.i18n.languages import Lang

__all__ = [
    "Lang",
    "format_date",
    "format_datetime",
    "format_duration_minutes",
    "format_time",
    "format_time_zone",
    "zone_abbreviation",
]
