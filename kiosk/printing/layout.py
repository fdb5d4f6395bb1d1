"""A slip (queue ticket, receipt, test page) described as data.

Builders in :mod:`kiosk.printing.slips` produce a :class:`Slip`; the renderers turn the same slip
into ESC/POS bytes, a PNG preview or a PDF. Keeping the layout as plain frozen data makes the slips
easy to test (compare elements, not bytes) and guarantees the three outputs say the same thing.

Beyond the basic elements (:class:`Text`, :class:`QrCode`, :class:`Logo`, :class:`Rule`,
:class:`Feed`, :class:`Cut`) there is :class:`Field`, a labelled value: a receipt is mostly "label:
value" rows, and the PDF renderer needs to know they are rows to draw them as a proper table on
A5/A4; and :class:`Banner`, a few very large characters printed as a bitmap (the ticket number).

Margins: roll printers print to the very edge of the paper, where a line is hard to read and
the cutter nibbles it, so every line keeps :data:`MARGIN_COLUMNS` blank columns on each side
(:func:`printed_lines`, :func:`printed_field_lines`, :func:`rule_line`); only a test page's
ruler (``Text(edge=True)``) runs edge to edge.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

__all__ = [
    "MARGIN_COLUMNS",
    "PAPER_58",
    "PAPER_80",
    "Align",
    "Banner",
    "Cut",
    "Element",
    "Feed",
    "Field",
    "Logo",
    "PaperProfile",
    "QrCode",
    "Rule",
    "Size",
    "Slip",
    "Text",
    "columns_for",
    "field_lines",
    "printed_field_lines",
    "printed_lines",
    "rule_line",
    "size_factor",
    "text_lines",
    "wrap_text",
]

Size = Literal["normal", "large", "huge"]
Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Text:
    """A paragraph; wrapped to the paper's column count for its size.

    ``hang`` indents continuation lines by that many columns, so a wrapped list item ("3. Surat
    rekomendasi ...") stays visibly one item.
    """

    text: str
    size: Size = "normal"
    align: Align = "left"
    bold: bool = False
    hang: int = 0
    edge: bool = False  # no margins: a test page's ruler shows every column of the head


@dataclass(frozen=True)
class QrCode:
    """A QR code; ``size`` is the module size in printer dots (ESC/POS ``GS ( k`` size, 1-16)."""

    data: str
    size: int = 6

    def __post_init__(self) -> None:
        """Reject what no printer can print, at build time rather than at the printer."""
        if not self.data:
            raise ValueError("QR code data must not be empty")
        if not 1 <= self.size <= 16:
            raise ValueError(f"QR module size must be 1..16, got {self.size}")


@dataclass(frozen=True)
class Logo:
    """A bitmap (PNG/BMP/...) printed centred, scaled to fit and converted to black and white."""

    path: Path


@dataclass(frozen=True)
class Rule:
    """A horizontal separator across the paper."""


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1

    def __post_init__(self) -> None:
        """ESC/POS cannot feed a negative amount; keep the value in the printer's range."""
        if not 0 <= self.lines <= 255:
            raise ValueError(f"feed lines must be 0..255, got {self.lines}")


@dataclass(frozen=True)
class Cut:
    """End of the slip: cut the paper (or feed past the tear bar when there is no cutter)."""


@dataclass(frozen=True)
class Field:
    """A labelled value ("Layanan: SIP Bidan"); a table row on A5/A4 paper."""

    label: str
    value: str
    bold: bool = False


@dataclass(frozen=True)
class Banner:
    """A few characters (a ticket number) drawn as a centred bitmap in a clean sans-serif.

    Printer fonts dot or slash the zero ("A0̸22"), which citizens misread and which look wrong on
    the lobby screen's numbers; a bitmap rendered with the bundled Noto Sans Bold prints the same
    glyphs on every printer, in the PNG preview and (as text) in the PDF.
    """

    text: str

    def __post_init__(self) -> None:
        """An empty banner would print an empty bitmap."""
        if not self.text.strip():
            raise ValueError("banner text must not be empty")


Element = Text | QrCode | Logo | Rule | Feed | Cut | Field | Banner

#: Blank columns kept on each side of every printed line (at least one character, 58 and 80 mm).
MARGIN_COLUMNS = 1


@dataclass(frozen=True)
class Slip:
    """An ordered list of elements plus a title (used for the PDF's metadata and log lines)."""

    elements: tuple[Element, ...]
    title: str


@dataclass(frozen=True)
class PaperProfile:
    """What the renderers need to know about a roll printer.

    ``dots`` is the printable width (203 dpi heads: 384 dots on 58 mm paper, 576 on 80 mm) and
    ``columns`` the number of Font A characters (12 x 24 dots) per line. ``native_qr`` chooses the
    printer's own QR command (``GS ( k``) over a bitmap: some cheap 58 mm printers lack it.
    """

    name: Literal["58mm", "80mm"]
    dots: int
    columns: int
    cutter: bool = True
    native_qr: bool = True

    @classmethod
    def for_paper(cls, paper: int, *, cutter: bool = True, native_qr: bool = True) -> PaperProfile:
        """Profile for 58 or 80 mm paper."""
        if paper == 58:
            return cls("58mm", 384, 32, cutter=cutter, native_qr=native_qr)
        if paper == 80:
            return cls("80mm", 576, 48, cutter=cutter, native_qr=native_qr)
        raise ValueError(f"paper must be 58 or 80 (mm), got {paper}")

    @property
    def paper_mm(self) -> int:
        """Paper width in millimetres (58 or 80)."""
        return 58 if self.name == "58mm" else 80


PAPER_58 = PaperProfile.for_paper(58)
PAPER_80 = PaperProfile.for_paper(80)


def size_factor(profile: PaperProfile, size: Size) -> int:
    """Character magnification for ``size``.

    "large" doubles width and height; "huge" makes 8 characters fill the paper (x4 on 58 mm, x6 on
    80 mm) so a ticket number such as "A022" reads from across the room on either paper.
    """
    if size == "normal":
        return 1
    if size == "large":
        return 2
    return max(1, min(8, profile.columns // 8))


def text_lines(el: Text, profile: PaperProfile, text: str | None = None) -> list[str]:
    """The printed lines of ``el`` (optionally with ``text`` already cleaned) on ``profile``."""
    width = columns_for(profile, el.size)
    hang = " " * min(el.hang, width // 2)
    return wrap_text(el.text if text is None else text, width, subsequent_indent=hang)


def printed_lines(el: Text, profile: PaperProfile, text: str | None = None) -> list[str]:
    """The lines of ``el`` exactly as printed, margins included.

    Left-aligned lines start with one (magnified) space and right-aligned ones end with one, and
    the wrap width leaves room for at least :data:`MARGIN_COLUMNS` blank columns on the other
    side; centred lines are wrapped so that centring leaves the margin on both sides.
    """
    if el.edge:
        return text_lines(el, profile, text)
    factor = size_factor(profile, el.size)
    room = profile.columns - 2 * MARGIN_COLUMNS
    if el.align != "center":
        room = profile.columns - MARGIN_COLUMNS - max(MARGIN_COLUMNS, factor)
    width = max(1, room // factor)
    hang = " " * min(el.hang, width // 2)
    lines = wrap_text(el.text if text is None else text, width, subsequent_indent=hang)
    if el.align == "left":
        return [f" {line}" for line in lines]
    if el.align == "right":
        return [f"{line} " for line in lines]
    return lines


def printed_field_lines(field: Field, profile: PaperProfile) -> list[tuple[str, str]]:
    """:func:`field_lines` inside the margins (each line starts with the left margin)."""
    pad = " " * MARGIN_COLUMNS
    inner = profile.columns - 2 * MARGIN_COLUMNS
    return [(pad + label, value) for label, value in field_lines(field, inner)]


def rule_line(profile: PaperProfile) -> str:
    """A separator from margin to margin."""
    return " " * MARGIN_COLUMNS + "-" * (profile.columns - 2 * MARGIN_COLUMNS)


def columns_for(profile: PaperProfile, size: Size) -> int:
    """Characters per line at ``size``."""
    return max(1, profile.columns // size_factor(profile, size))


def wrap_text(text: str, width: int, *, indent: str = "", subsequent_indent: str = "") -> list[str]:
    """Wrap ``text`` to ``width`` columns, keeping explicit newlines and splitting over-long words.

    An empty paragraph gives one empty line so a blank line in the source stays a blank line on
    paper.
    """
    if width < 1:
        raise ValueError("width must be >= 1")
    wrapper = textwrap.TextWrapper(
        width=width,
        initial_indent=indent,
        subsequent_indent=subsequent_indent,
        break_long_words=True,
        break_on_hyphens=True,
        replace_whitespace=True,
        drop_whitespace=True,
    )
    lines: list[str] = []
    for paragraph in text.split("\n"):
        wrapped = wrapper.wrap(paragraph)
        lines.extend(wrapped if wrapped else [""])
    return lines


# Label column width on wide paper: fits "Perkiraan selesai" and "Est. completion".
_LABEL_COLUMNS = 17


def field_lines(field: Field, columns: int) -> list[tuple[str, str]]:
    """Lay out a :class:`Field` as monospace lines, each split into (label part, value part).

    The split lets a renderer print the value in bold. On wide paper (>= 40 columns) the label sits
    in a fixed column and the value wraps beside it; on 58 mm paper the value goes under its label,
    indented, because a 12-column label would leave the value only 18 characters.
    """
    if columns >= 40:
        value_w = columns - _LABEL_COLUMNS - 2
        labels = wrap_text(field.label, _LABEL_COLUMNS)
        values = wrap_text(field.value, value_w)
        rows = max(len(labels), len(values))
        labels += [""] * (rows - len(labels))
        values += [""] * (rows - len(values))
        out: list[tuple[str, str]] = []
        for i, (lab, val) in enumerate(zip(labels, values, strict=True)):
            sep = ": " if i == 0 else "  "
            out.append((f"{lab:<{_LABEL_COLUMNS}}{sep}", val))
        return out
    head = [(line, "") for line in wrap_text(f"{field.label}:", columns)]
    body = wrap_text(field.value, columns - 2)
    return head + [("  ", line) for line in body]
