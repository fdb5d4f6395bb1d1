"""One byte spelling of a record for hashing and signing: the hash chains and the anchors.

Canonical JSON = sorted keys, no spaces, UTF-8 (not ASCII-escaped); moments as UTC
``YYYY-MM-DDTHH:MM:SS.ffffffZ`` (SQLite gives naive UTC, PostgreSQL aware: one spelling for both).
Anything stored in a JSON column goes through :func:`json_roundtrip` first, so the hash of a value
as the code built it equals the hash of the value read back from the database (tuples become
lists, integer keys text).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

__all__ = ["canonical", "json_roundtrip", "sha256_hex", "utc_text"]


def utc_text(moment: datetime | None) -> str | None:
    """One spelling of a moment on every backend (naive values are taken as UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def json_roundtrip(value: Any) -> Any:
    """``value`` as a JSON column gives it back."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def canonical(payload: Any) -> bytes:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def sha256_hex(payload: Any) -> str:
    """The SHA-256 of ``payload``'s canonical JSON, as 64 hex digits."""
    return hashlib.sha256(canonical(payload)).hexdigest()
