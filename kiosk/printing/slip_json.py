"""A slip and its paper as JSON, so a preview's picture can be drawn later (issue 13).

A preview printer keeps NAME.slip next to NAME.bin instead of drawing NAME.png for every job:
writing this costs well under a millisecond, drawing the PNG ~8 ms plus encoding, work a
backlog of previews must not do on the kiosk's process. Whoever shows a preview draws it
from this file (:func:`kiosk.printing.transports.preview.preview_png`).
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from kiosk.printing.layout import (
    Banner,
    Cut,
    Element,
    Feed,
    Field,
    Logo,
    PaperProfile,
    QrCode,
    Rule,
    Slip,
    Text,
)

__all__ = ["slip_from_json", "slip_to_json"]

_KINDS: dict[str, type[Any]] = {
    cls.__name__: cls for cls in (Text, QrCode, Logo, Rule, Feed, Cut, Field, Banner)
}
VERSION = 1


def _element(el: Element) -> dict[str, Any]:
    data = {f.name: getattr(el, f.name) for f in dataclasses.fields(el)}
    if isinstance(el, Logo):
        data["path"] = str(el.path)
    return {"type": type(el).__name__, **data}


def slip_to_json(slip: Slip, paper: PaperProfile) -> bytes:
    """The slip's elements and the paper they were laid out for."""
    doc = {
        "version": VERSION,
        "title": slip.title,
        "paper": dataclasses.asdict(paper),
        "elements": [_element(el) for el in slip.elements],
    }
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def slip_from_json(data: bytes) -> tuple[Slip, PaperProfile]:
    """The slip and paper back (ValueError for a file this version cannot read)."""
    doc = json.loads(data)
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        raise ValueError("not a slip file of this version")
    elements: list[Element] = []
    for item in doc["elements"]:
        fields = dict(item)
        cls = _KINDS.get(fields.pop("type", ""))
        if cls is None:
            raise ValueError(f"unknown slip element {item.get('type')!r}")
        if cls is Logo:
            fields["path"] = Path(fields["path"])
        elements.append(cls(**fields))
    return Slip(tuple(elements), str(doc["title"])), PaperProfile(**doc["paper"])
