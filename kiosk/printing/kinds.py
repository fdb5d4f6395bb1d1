"""Slip kinds: the one registry from a print job's kind to its data class and slip builder.

A print job stores slip DATA (a frozen dataclass as JSON), never rendered bytes, so a reprint can
go to another printer of another paper width. Everything that differs between kinds lives in one
:class:`SlipKind` entry: the data class, the builder, and the label that names the job in a
preview folder or a CUPS queue. A new printout (complaint receipt, survey slip, report) is a data
class and a builder function plus ONE entry in :data:`SLIP_KINDS`; the print queue, reprints and
the JSON codec need no change.
"""

from __future__ import annotations

import dataclasses
import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk.printing.anchor_slip import AnchorSlipData, build_anchor_slip
from kiosk.printing.complaint_slip import ComplaintSlipData, build_complaint_slip
from kiosk.printing.layout import PaperProfile, Slip
from kiosk.printing.slips import (
    ReceiptSlipData,
    TestSlipData,
    TicketSlipData,
    build_receipt_slip,
    build_test_slip_for,
    build_ticket_slip,
)

__all__ = [
    "PAYLOAD_VERSION",
    "SLIP_KINDS",
    "PrintTarget",
    "SlipKind",
    "build_slip",
    "decode_slip_data",
    "encode_slip_data",
    "job_label",
    "slip_kind",
]

PAYLOAD_VERSION = 1


@dataclass(frozen=True)
class PrintTarget:
    """What a builder may know about the printer it builds for (the test page describes it)."""

    profile: PaperProfile
    printer_uri: str = ""


@dataclass(frozen=True)
class SlipKind:
    """One printout kind: how its data is typed, turned into a slip, and named."""

    name: str
    data_class: type[Any]
    build: Callable[[Any, PrintTarget], Slip]
    label_field: str = ""  # the data field that names a job ("ticket-A022-12"); "" for none


SLIP_KINDS: dict[str, SlipKind] = {
    kind.name: kind
    for kind in (
        SlipKind("ticket", TicketSlipData, lambda d, _t: build_ticket_slip(d), "ticket_number"),
        SlipKind(
            "receipt", ReceiptSlipData, lambda d, _t: build_receipt_slip(d), "registration_number"
        ),
        SlipKind("complaint", ComplaintSlipData, lambda d, _t: build_complaint_slip(d), "code"),
        SlipKind("anchor", AnchorSlipData, lambda d, _t: build_anchor_slip(d), "number"),
        SlipKind(
            "test", TestSlipData, lambda d, t: build_test_slip_for(d, t.printer_uri, t.profile)
        ),
    )
}


def slip_kind(kind: str) -> SlipKind:
    """The registry entry of ``kind``; ValueError for a kind nobody registered."""
    try:
        return SLIP_KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown print job kind {kind!r}") from None


def encode_slip_data(data: Any) -> dict[str, Any]:
    """Slip data -> a JSON-able payload (datetimes/dates as ISO text, paths as text)."""
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(data):
        value = getattr(data, f.name)
        if isinstance(value, datetime | date):
            value = value.isoformat()
        elif isinstance(value, Path):
            value = str(value)
        elif isinstance(value, tuple):
            value = list(value)
        fields[f.name] = value
    return {"v": PAYLOAD_VERSION, "data": fields}


def decode_slip_data(kind: str, payload: dict[str, Any]) -> Any:
    """The inverse of encode_slip_data; ValueError when the payload is not a slip of ``kind``.

    A payload without "v"/"data" is read as the data itself (test pages were once queued so).
    """
    cls = slip_kind(kind).data_class
    raw: Any = None
    if isinstance(payload, dict):
        raw = payload.get("data") if ("data" in payload or "v" in payload) else payload
    if not isinstance(raw, dict):
        raise ValueError(f"print job payload is not a {kind} slip")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name not in raw:
            continue
        value = raw[f.name]
        hint = hints[f.name]
        args = typing.get_args(hint) or (hint,)
        if value is not None:
            if datetime in args:
                value = datetime.fromisoformat(value)
            elif date in args:
                value = date.fromisoformat(value)
            elif Path in args:
                value = Path(value)
            elif typing.get_origin(hint) is tuple and isinstance(value, list):
                value = tuple(value)
        values[f.name] = value
    try:
        return cls(**values)
    except TypeError as exc:
        raise ValueError(f"print job payload is not a {kind} slip: {exc}") from None


def build_slip(kind: str, payload: dict[str, Any], target: PrintTarget) -> Slip:
    """Rebuild the slip of a stored job for ``target``'s printer."""
    entry = slip_kind(kind)
    return entry.build(decode_slip_data(kind, payload), target)


def job_label(kind: str, payload: dict[str, Any]) -> str:
    """The human part of a job's name ("A022", "MPP/2026/11/000123"), "" when there is none."""
    entry = SLIP_KINDS.get(kind)
    data = payload.get("data") if isinstance(payload, dict) else None
    if entry is None or not entry.label_field or not isinstance(data, dict):
        return ""
    return str(data.get(entry.label_field) or "")
