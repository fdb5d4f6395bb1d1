"""The anchor slip: today's signed digest of the hash chains, printed for the supervisor.

A paper copy of an anchor (services/anchors.py) kept away from the database server: if the anchor
files and the database were both rewritten, the slip in the supervisor's drawer still shows the
digest and the audit log's head as they were. Registered in kiosk/printing/kinds.py as the
"anchor" kind. Hex strings are printed in groups of 16 so they fit 58 mm paper (32 columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.i18n import Lang, format_datetime
from kiosk.printing.layout import Cut, Element, Feed, Field, QrCode, Rule, Slip, Text
from kiosk.printing.slips import _require_aware, _t

__all__ = ["AnchorSlipData", "build_anchor_slip", "hex_groups"]

_QR_MODULE = 4
_GROUP = 16


@dataclass(frozen=True, kw_only=True)
class AnchorSlipData:
    """What an anchor slip prints; ``digest`` and ``audit_head`` are 64 hex digits."""

    site_name: str
    number: int
    at: datetime
    digest: str
    audit_rows: int
    audit_head: str
    applications: int
    fingerprint: str
    lang: Lang = "id"

    def __post_init__(self) -> None:
        _require_aware("at", self.at)
        _t(self.lang)
        for name in ("digest", "audit_head"):
            value = getattr(self, name)
            if len(value) != 64 or any(ch not in "0123456789abcdef" for ch in value):
                raise ValueError(f"{name} must be 64 lowercase hex digits")


def hex_groups(value: str, size: int = _GROUP) -> list[str]:
    """``value`` in lines of ``size`` characters, each split in two for the eye."""
    half = size // 2
    return [
        f"{value[i : i + half]} {value[i + half : i + size]}".strip()
        for i in range(0, len(value), size)
    ]


def _fingerprint_lines(value: str) -> list[str]:
    """ "SHA256:" on a line of its own, then the digits like the digest's."""
    scheme, _, digits = value.rpartition(":")
    return [f"{scheme}:", *hex_groups(digits)] if scheme else hex_groups(digits)


def build_anchor_slip(data: AnchorSlipData) -> Slip:
    t = _t(data.lang)
    els: list[Element] = [
        Text(data.site_name, align="center", bold=True),
        Rule(),
        Text(t["anchor_title"], size="large", align="center", bold=True),
        Text(t["anchor_subtitle"], align="center"),
        Feed(),
        Field(t["anchor_number"], f"#{data.number}", bold=True),
        Field(t["anchor_at"], format_datetime(data.at, data.lang)),
        Field(t["anchor_applications"], str(data.applications)),
        Field(t["anchor_audit_rows"], str(data.audit_rows)),
        Rule(),
        Text(t["anchor_digest"], bold=True),
        *(Text(line, align="center") for line in hex_groups(data.digest)),
        Text(t["anchor_audit_head"], bold=True),
        *(Text(line, align="center") for line in hex_groups(data.audit_head)),
        Text(t["anchor_key"], bold=True),
        *(Text(line, align="center") for line in _fingerprint_lines(data.fingerprint)),
        Rule(),
        QrCode(f"MPP-ANCHOR:{data.number}:{data.digest}", size=_QR_MODULE),
        Text(t["anchor_keep"]),
        Cut(),
    ]
    return Slip(tuple(els), title=f"{t['anchor_title'].title()} {data.number}")
