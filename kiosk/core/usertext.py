"""Free text typed by the public (a survey's suggestion box, a web form): bounded and storable.

Rules, in order: look at no more than a few times the limit (a 10 MB paste costs nothing);
normalise to NFC; CR/CRLF become newlines and tabs spaces; drop control characters (NUL, ESC,
DEL...), lone surrogates (which PostgreSQL and UTF-8 files cannot hold) and invisible format
characters except the zero-width joiner emoji sequences need; keep at most two blank lines in a
row; strip the ends; cut at ``limit`` characters. Emoji and every script stay: they are what the
person wrote, and the database and the reports' fonts take them.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["clean_user_text"]

_KEEP_FORMAT = {"\u200d"}  # zero-width joiner (emoji sequences)
_BLANKS = re.compile(r"\n{3,}")


def clean_user_text(raw: object, limit: int) -> tuple[str, bool]:
    """(cleaned text, whether it was cut to ``limit``); anything not a str is empty."""
    if not isinstance(raw, str) or limit <= 0:
        return "", False
    text = raw[: limit * 4]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
            continue
        if ch == "\t":
            out.append(" ")
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs") or (category == "Cf" and ch not in _KEEP_FORMAT):
            continue
        if category in ("Zl", "Zp"):
            out.append("\n")
            continue
        out.append(ch)
    cleaned = unicodedata.normalize("NFC", "".join(out))
    cleaned = _BLANKS.sub("\n\n", cleaned).strip()
    cut = len(cleaned) > limit or len(raw) > limit * 4
    return cleaned[:limit].rstrip(), cut
