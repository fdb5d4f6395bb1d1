"""A service's requirements (persyaratan): always required or conditional, and what the officer
received at registration.

Field trial: "Fotokopi akta pendirian ... (bagi badan usaha)" had to be ticked for an individual
or the file was "incomplete". A requirement may now name whom it applies to (``applies_to`` in
the catalogue, ``Service.requirement_conditions`` in the database); the officer marks such a
requirement received or not applicable ("tidak berlaku"), and the receipt lists both.

Rules (one place, used by the registration use case):

* Every requirement must be received, or, when it is conditional, marked not applicable. A
  conditional requirement left undecided makes the file incomplete like any other: the officer
  decides, the software does not guess who the applicant is.
* A requirement that applies to everyone can never be marked not applicable (refused, coded
  ``requirement_always_applies``); one item cannot be both received and not applicable.
* With no list of documents at all (``documents=None``: the CLI's default "everything was
  handed in"), every requirement counts as received.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from kiosk.errors import BadInput, LocalText, Refused

__all__ = [
    "REQUIREMENT_KEYS",
    "Requirement",
    "match_documents",
    "parse_requirement_list",
    "record_label",
    "requirement_label",
    "requirements_file_form",
    "service_requirements",
]

#: The keys of a conditional requirement's table in the catalogue file.
REQUIREMENT_KEYS = ("text", "applies_to")
_FOR = {"id": "bagi", "en": "for"}


def requirement_label(text: str, applies_to: str | None, lang: str) -> str:
    """What a screen or slip shows: the text, and "(bagi badan usaha)" for a conditional one."""
    if not applies_to:
        return text
    return f"{text} ({_FOR.get(lang, 'for')} {applies_to})"


def record_label(record: dict[str, Any], lang: str) -> str:
    """The label of a requirement kept with an application (``Requirement.as_record``)."""
    if lang == "en":
        return requirement_label(
            str(record.get("en") or record.get("id", "")), record.get("applies_en"), "en"
        )
    return requirement_label(str(record.get("id", "")), record.get("applies_id"), "id")


@dataclass(frozen=True)
class Requirement:
    """One requirement of a service, in both languages; ``applies_*`` empty when it always
    applies."""

    number: int
    text_id: str
    text_en: str
    applies_id: str = ""
    applies_en: str = ""

    @property
    def conditional(self) -> bool:
        return bool(self.applies_id or self.applies_en)

    def label(self, lang: str) -> str:
        if lang == "en":
            return requirement_label(self.text_en or self.text_id, self.applies_en, "en")
        return requirement_label(self.text_id, self.applies_id, "id")

    def as_record(self) -> dict[str, str]:
        """The JSON kept with an application (documents and documents_not_applicable)."""
        record = {"id": self.text_id, "en": self.text_en}
        if self.conditional:
            record |= {"applies_id": self.applies_id, "applies_en": self.applies_en}
        return record


def service_requirements(
    requirements_id: Sequence[str], requirements_en: Sequence[str], conditions: Sequence[Any]
) -> list[Requirement]:
    """The requirements of a service row (conditions parallel to the texts; None = always)."""
    out: list[Requirement] = []
    for i, text_id in enumerate(requirements_id):
        text_en = requirements_en[i] if i < len(requirements_en) else text_id
        cond = conditions[i] if i < len(conditions) else None
        applies_id = str(cond.get("id", "")) if isinstance(cond, dict) else ""
        applies_en = str(cond.get("en", "")) if isinstance(cond, dict) else ""
        out.append(Requirement(i + 1, text_id, text_en, applies_id, applies_en or applies_id))
    return out


def _index(requirements: list[Requirement]) -> dict[str, int]:
    """Lookup by number, by text or by label (any case) in either language."""
    lookup: dict[str, int] = {}
    for i, r in enumerate(requirements):
        for key in (r.text_id, r.text_en, r.label("id"), r.label("en"), str(r.number)):
            lookup.setdefault(" ".join(key.split()).casefold(), i)
    return lookup


def _resolve(lookup: dict[str, int], given: Sequence[str]) -> list[int]:
    found: list[int] = []
    for raw in given:
        key = " ".join(str(raw).split()).casefold()
        if key not in lookup:
            raise BadInput("unknown_document", document=str(raw)[:80])
        if lookup[key] not in found:
            found.append(lookup[key])
    return found


def match_documents(
    requirements: list[Requirement],
    given: Sequence[str] | None,
    not_applicable: Sequence[str] = (),
) -> tuple[list[Requirement], list[Requirement]]:
    """(received, not applicable) requirements, in catalogue order, by the rules above."""
    lookup = _index(requirements)
    skipped = _resolve(lookup, not_applicable)
    for i in skipped:
        r = requirements[i]
        if not r.conditional:
            raise Refused("requirement_always_applies", document=LocalText(r.text_id, r.text_en))
    if given is None:
        received = [i for i in range(len(requirements)) if i not in skipped]
    else:
        received = _resolve(lookup, given)
    for i in received:
        if i in skipped:
            r = requirements[i]
            raise BadInput(
                "document_received_and_not_applicable", document=LocalText(r.text_id, r.text_en)
            )
    missing = [r for i, r in enumerate(requirements) if i not in received and i not in skipped]
    if missing:
        raise Refused(
            "incomplete",
            missing=[LocalText(r.label("id"), r.label("en")) for r in missing],
        )
    return (
        [requirements[i] for i in sorted(received)],
        [requirements[i] for i in sorted(skipped)],
    )


# --- the catalogue file ----------------------------------------------------------------------


def parse_requirement_list(
    value: Any, key: str, source: str, where: str
) -> tuple[list[str], list[str | None]]:
    """A requirements_id/_en list of the catalogue: the texts and, per item, whom it applies to
    (None: everyone). Errors name the file, the entry, the list and the item."""
    if not isinstance(value, list):
        raise BadInput("catalog_requirement_list", source=source, entry=where, list=key)
    texts: list[str] = []
    conditions: list[str | None] = []
    for n, item in enumerate(value, start=1):
        if isinstance(item, str) and item.strip():
            texts.append(item.strip())
            conditions.append(None)
            continue
        where_item = {"source": source, "entry": where, "list": key, "item": n}
        if not isinstance(item, dict):
            raise BadInput("catalog_requirement_item", **where_item)
        extra = sorted(set(item) - set(REQUIREMENT_KEYS))
        if extra:
            raise BadInput("catalog_requirement_key", **where_item, key=extra[0])
        text, applies = item.get("text"), item.get("applies_to")
        if not (isinstance(text, str) and text.strip()):
            raise BadInput("catalog_requirement_item", **where_item)
        if not (isinstance(applies, str) and applies.strip()):
            raise BadInput("catalog_requirement_applies_to", **where_item)
        texts.append(text.strip())
        conditions.append(applies.strip())
    return texts, conditions


def requirements_file_form(
    texts: list[str], conditions: list[Any], lang: str
) -> list[str | dict[str, str]]:
    """The catalogue file's form: plain texts, ``{text, applies_to}`` for conditional ones."""
    out: list[str | dict[str, str]] = []
    for i, text in enumerate(texts):
        cond = conditions[i] if i < len(conditions) else None
        out.append({"text": text, "applies_to": cond[lang]} if cond else text)
    return out
