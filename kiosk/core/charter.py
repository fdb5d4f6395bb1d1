"""The integrity charter as data: sections with their paragraphs and list items, read from the
Markdown files in resources/charter (or a site's override; services/charter.py finds the file).

Qt-free, so the kiosk's reader, the lobby ticker, the counter-side screen and the printed poster
all read the same text. A file is pages separated by a "---" line; a page starts with
"# Title" and may carry a marker comment ``<!-- id: janji -->`` naming its role:

======== ===================================================================================
piagam   Piagam Pencanangan Zona Integritas (the charter's points)
pakta    Pakta Integritas (the officer's seven promises)
maklumat Maklumat Pelayanan (the service promise)
hak      the citizen's rights
sanksi   the sanctions for officers (teguran, teguran keras, pemberhentian)
pengaduan how to reprimand or complain
janji    the short promises (the counter-side screen, the ticker, the poster's banner)
======== ===================================================================================

A file whose first comment contains "SAMPLE" is the shipped example text (``sample``): the
poster says so in its footer, so nobody hangs the example as if it had been signed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

__all__ = ["Block", "Charter", "CharterSection", "parse_charter_text"]

_COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
_SEPARATOR = re.compile(r"^\s*---+\s*$", re.MULTILINE)
_ID = re.compile(r"^\s*id:\s*([a-z_]+)\s*$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBER = re.compile(r"^(\d{1,2})[.)]\s+(.*)$")
_MARKUP = re.compile(r"\*\*|__|`")


@dataclass(frozen=True)
class Block:
    """A paragraph (lines joined), a bullet item or a numbered item (``number`` set)."""

    kind: Literal["para", "bullet", "number"]
    text: str
    number: int = 0


@dataclass(frozen=True)
class CharterSection:
    id: str  # "" when the page has no marker
    title: str
    blocks: tuple[Block, ...]

    @property
    def items(self) -> tuple[str, ...]:
        """The list items (bullets and numbers), in order."""
        return tuple(b.text for b in self.blocks if b.kind != "para")

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(b.text for b in self.blocks if b.kind == "para")


@dataclass(frozen=True)
class Charter:
    """One language's charter. ``source`` is the file it came from ("" when none)."""

    lang: str
    sections: tuple[CharterSection, ...]
    sample: bool = False
    source: str = ""

    def section(self, section_id: str) -> CharterSection | None:
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def promises(self) -> tuple[str, ...]:
        """The short promises: the "janji" page's items, else the charter's points."""
        for wanted in ("janji", "piagam"):
            found = self.section(wanted)
            if found is not None and found.items:
                return found.items
        return ()


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", _MARKUP.sub("", text)).strip()


def _blocks(lines: list[str]) -> tuple[Block, ...]:
    blocks: list[Block] = []
    current: list[str] = []
    kind: Literal["para", "bullet", "number"] = "para"
    number = 0

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(Block(kind, _plain(" ".join(current)), number))
        current = []

    for raw in lines:
        line = raw.strip()
        bullet, numbered = _BULLET.match(line), _NUMBER.match(line)
        if not line:
            close()
        elif bullet and not raw.startswith((" ", "\t")):
            close()
            kind, number, current = "bullet", 0, [bullet.group(1)]
        elif numbered and not raw.startswith((" ", "\t")):
            close()
            kind, number, current = "number", int(numbered.group(1)), [numbered.group(2)]
        elif current and (kind == "para" or raw.startswith((" ", "\t"))):
            current.append(line)  # a continuation line
        else:
            close()
            kind, number, current = "para", 0, [line]
    close()
    return tuple(b for b in blocks if b.text)


def parse_charter_text(text: str, lang: str = "id", source: str = "") -> Charter:
    """Parse a charter file's text (never raises on odd text: unknown lines are paragraphs)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    first = _COMMENT.search(text)
    sample = first is not None and "SAMPLE" in first.group(1)
    sections: list[CharterSection] = []
    for chunk in _SEPARATOR.split(text):
        section_id = ""
        for comment in _COMMENT.findall(chunk):
            marker = _ID.match(comment)
            if marker:
                section_id = marker.group(1)
        lines = _COMMENT.sub("", chunk).split("\n")
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            continue
        title = ""
        if lines[0].startswith("# "):
            title = _plain(lines.pop(0)[2:])
        blocks = _blocks(lines)
        if title or blocks:
            sections.append(CharterSection(section_id, title, blocks))
    return Charter(lang, tuple(sections), sample, source)
