"""Complaint channels as printed: unset or placeholder channels are left out.

A site's channels are one line of text listing several ways to complain ("Meja Pengaduan MPP
(Loket 7), SP4N-LAPOR! (lapor.go.id), WhatsApp pengaduan MPP (nomor diisi admin), atau kotak
pengaduan di lobi"). The sample catalogue marks channels the administrator has not filled in yet
("nomor diisi admin", "number set by the administrator", "08xx-xxxx"); printing such a channel
on every slip sends citizens to a number that does not exist, so it is dropped and the rest is
re-joined with the list rule of :mod:`kiosk.core.lists`.
"""

from __future__ import annotations

import re

from kiosk.core.lists import join_list

__all__ = ["is_placeholder", "printable_channels", "split_channels"]

_PLACEHOLDER = re.compile(
    r"diisi\s+(?:oleh\s+)?admin|belum\s+diisi|isi\s+sendiri|set\s+by\s+the\s+admin"
    r"|to\s+be\s+(?:set|filled|added)|\bTBD\b|\bTODO\b|placeholder|\bx{3,}\b|\d+x{2,}"
    r"|<[^>]*>|\[[^\]]*\]",
    re.IGNORECASE,
)
_LAST = re.compile(r"^(?:atau|or|dan|and)\s+", re.IGNORECASE)


def is_placeholder(channel: str) -> bool:
    """True for a channel an administrator has not filled in (or an empty one)."""
    return not channel.strip() or _PLACEHOLDER.search(channel) is not None


def split_channels(text: str) -> list[str]:
    """Top-level comma-separated items (commas inside brackets stay), "atau"/"or" removed."""
    items: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            items.append(text[start:i])
            start = i + 1
    items.append(text[start:])
    return [_LAST.sub("", item.strip()) for item in items if item.strip()]


def printable_channels(text: str, lang: str = "id") -> str:
    """``text`` without its placeholder channels ("" when none is left); unchanged when every
    channel is real, so an administrator's own wording is printed as typed."""
    items = split_channels(text or "")
    kept = [item for item in items if not is_placeholder(item)]
    if len(kept) == len(items):
        return (text or "").strip()
    return join_list(lang, kept, "or")
