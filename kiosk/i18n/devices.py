"""Words for device health (issue 10 item 2), shared by the CLI, the devices panel and the
counter's banner: device kinds, the six printer states, "last seen". Qt-free; the messages
live in the ``common`` catalogue (``device_kind_*``, ``printer_state_*``, ``devices_*``).
"""

from __future__ import annotations

from datetime import datetime, tzinfo

from kiosk.i18n.format import format_date, format_time
from kiosk.i18n.languages import Lang
from kiosk.i18n.messages import translate

__all__ = ["device_kind_text", "last_seen_text", "printer_state_text"]


def device_kind_text(lang: Lang, kind: str) -> str:
    """'Anjungan' / 'Kiosk' for ``kiosk``; an unknown kind is shown as it is."""
    text = translate(lang, f"device_kind_{kind}")
    return kind if text == f"device_kind_{kind}" else text


def printer_state_text(lang: Lang, state: str) -> str:
    """'kertas habis' / 'paper out'; "" (no printer) reads 'tanpa printer' / 'no printer'."""
    key = f"printer_state_{state or 'none'}"
    text = translate(lang, key)
    return state if text == key else text


def last_seen_text(lang: Lang, at: datetime | None, now: datetime, zone: tzinfo) -> str:
    """'09.41.07 (12 detik lalu)' today, the date and time before today, 'belum pernah' never."""
    if at is None:
        return translate(lang, "devices_never")
    if at.tzinfo is None:
        at = at.replace(tzinfo=now.tzinfo)
    local = at.astimezone(zone)
    ago = max(0, int((now - at).total_seconds()))
    sep = ":" if format_time(local, lang)[2] == ":" else "."
    clock = f"{format_time(local, lang)}{sep}{local.second:02d}"
    if local.date() != now.astimezone(zone).date():
        return f"{format_date(local.date(), lang, weekday=False)} {clock}"
    if ago < 120:
        return translate(lang, "devices_seen_seconds", clock=clock, seconds=ago)
    return translate(lang, "devices_seen_minutes", clock=clock, minutes=ago // 60)
