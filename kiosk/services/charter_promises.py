"""The charter's short promises for the counter-side screen: a few lines a citizen reads while
the officer works ("Layanan kami bebas pungutan liar (pungli).").

Deliberately minimal and on its own: a fuller charter loader (sections, per-site overrides, the
poster) replaces this module; the one thing the counter screen needs from it is
``short_promises(lang)``. Read from resources/charter/charter.<lang>.md, the same file the kiosk
and the lobby ticker show, so an MPP that replaces its charter changes the promises too: every
bullet item (continuation lines joined) short enough to read at a glance, in file order. Numbered
lists (the pact, the sanctions) are left out: they are not promises to the person at the desk.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

from kiosk.config import resources_dir
from kiosk.core.safefile import read_text_file
from kiosk.errors import BadInput

__all__ = ["MAX_CHARS", "MAX_PROMISES", "short_promises"]

#: A promise longer than this is a paragraph, not a line to read over a counter.
MAX_CHARS = 72
MAX_PROMISES = 9

_MAX_BYTES = 200_000  # as kiosk.services.charter.MAX_CHARTER_BYTES
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_lock = threading.Lock()
_cache: dict[Path, tuple[int, tuple[str, ...]]] = {}


def _parse(text: str) -> tuple[str, ...]:
    items: list[str] = []
    current: list[str] | None = None

    def close() -> None:
        nonlocal current
        if current:
            line = re.sub(r"\s+", " ", " ".join(current)).strip()
            if line and len(line) <= MAX_CHARS and line not in items:
                items.append(line)
        current = None

    for raw in text.splitlines():
        bullet = _BULLET.match(raw)
        if bullet:
            close()
            current = [bullet.group(1).strip()]
        elif current is not None and raw.startswith((" ", "\t")) and raw.strip():
            current.append(raw.strip())
        else:
            close()
    close()
    return tuple(items[:MAX_PROMISES])


def short_promises(lang: str, folder: Path | None = None) -> tuple[str, ...]:
    """The short promises in ``lang`` (Indonesian when that language has no charter file);
    empty when there is no charter at all (the screen then shows none). Cached per file and
    re-read when the file changes."""
    base = folder or resources_dir() / "charter"
    for candidate in (base / f"charter.{lang}.md", base / "charter.id.md"):
        try:
            mtime = candidate.stat().st_mtime_ns
        except OSError:
            continue
        with _lock:
            hit = _cache.get(candidate)
            if hit is not None and hit[0] == mtime:
                return hit[1]
        try:
            promises = _parse(read_text_file(candidate, _MAX_BYTES, encoding="utf-8"))
        except BadInput:  # too big, a FIFO, not UTF-8: the next candidate
            continue
        with _lock:
            _cache[candidate] = (mtime, promises)
        return promises
    return ()
