"""Slip -> PDF with reportlab: a roll-paper look-alike (slip58/slip80) or a document (A5/A4).

Roll pages are exactly one page, as wide as the paper and as tall as the content, for printers
driven through a desktop print dialog (and for archiving). A5/A4 pages turn the same slip into a
document an applicant can file: a letterhead (the logo and the lines before the first rule), the
labelled values as a ruled table, the QR in a box with its caption beside it, and a footer line.

Text keeps its typography here (PDF fonts have "±", dashes and accents); anything outside the
WinAnsi set of the built-in Helvetica is folded to ASCII so it never prints as a black box.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from typing import Any, Literal
from xml.sax.saxutils import escape

from PIL import Image as PILImage
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.printing.layout import (
    Banner,
    Cut,
    Element,
    Feed,
    Field,
    Logo,
    QrCode,
    Rule,
    Slip,
    Text,
)
from kiosk.printing.text import ascii_safe

__all__ = ["PageKind", "render_pdf"]

log = logging.getLogger(__name__)

PageKind = Literal["slip58", "slip80", "A5", "A4"]

_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
_INK = colors.black
_GREY = colors.Color(0.35, 0.35, 0.35)
_SHADE = colors.Color(0.93, 0.93, 0.93)


@dataclass(frozen=True)
class _PageSpec:
    """Geometry and type sizes of one page kind."""

    width: float
    height: float | None  # None: as tall as the content (roll paper)
    margin: float
    base: float  # body text size in points
    huge: float  # the ticket number
    logo_h: float
    qr: float  # QR side
    document: bool


_PAGES: dict[str, _PageSpec] = {
    "slip58": _PageSpec(58 * mm, None, 3 * mm, 8.0, 34.0, 12 * mm, 24 * mm, False),
    "slip80": _PageSpec(80 * mm, None, 4 * mm, 9.5, 44.0, 14 * mm, 28 * mm, False),
    "A5": _PageSpec(A5[0], A5[1], 9 * mm, 8.5, 36.0, 12 * mm, 24 * mm, True),
    "A4": _PageSpec(A4[0], A4[1], 18 * mm, 10.5, 52.0, 22 * mm, 40 * mm, True),
}


def _pdf_safe(text: str) -> str:
    """Keep what Helvetica (WinAnsi) can show, fold the rest to ASCII, then escape for Paragraph."""
    return escape(_pdf_plain(text.replace("\r\n", "\n"))).replace("\n", "<br/>")


class _Styles:
    """Paragraph styles derived from one page spec."""

    def __init__(self, spec: _PageSpec) -> None:
        """Build the styles for ``spec`` (sizes scale with the page)."""
        self.spec = spec
        self._cache: dict[tuple[str, str, bool], ParagraphStyle] = {}

    def text(self, size: str, align: str, bold: bool) -> ParagraphStyle:
        """Style for a :class:`Text` of ``size``/``align``/``bold``."""
        key = (size, align, bold)
        if key not in self._cache:
            base = self.spec.base
            pt = {"normal": base, "large": base * 1.45, "huge": self.spec.huge}[size]
            self._cache[key] = ParagraphStyle(
                f"t-{size}-{align}-{bold}",
                fontName="Helvetica-Bold" if bold or size == "huge" else "Helvetica",
                fontSize=pt,
                leading=pt * (1.05 if size == "huge" else 1.25),
                alignment=_ALIGN[align],
                spaceBefore=pt * 0.15 if size != "normal" else 0,
                spaceAfter=pt * 0.15 if size != "normal" else 0,
                textColor=_INK,
            )
        return self._cache[key]

    def plain(self, scale: float = 1.0, bold: bool = False, align: str = "left") -> ParagraphStyle:
        """Body text at ``scale`` times the base size."""
        return (
            self.text("normal", align, bold)
            if scale == 1.0
            else ParagraphStyle(
                f"p-{scale}-{bold}-{align}",
                parent=self.text("normal", align, bold),
                fontSize=self.spec.base * scale,
                leading=self.spec.base * scale * 1.25,
            )
        )


def _qr_drawing(data: str, side: float) -> Drawing:
    """A vector QR (error correction M, 2-module quiet zone) of ``side`` points."""
    widget = QrCodeWidget(data, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    w, h = x1 - x0, y1 - y0
    drawing = Drawing(side, side, transform=[side / w, 0, 0, side / h, 0, 0])
    drawing.add(widget)
    return drawing


def _logo(el: Logo, height: float) -> Image | None:
    """The logo at ``height`` points (its own aspect ratio); None when the file is unusable."""
    try:
        with PILImage.open(el.path) as img:
            w, h = img.size
    except OSError as exc:
        log.warning("logo %s not drawn: %s", el.path, exc)
        return None
    return Image(str(el.path), width=height * w / h, height=height)


def _field_table(fields: list[Field], st: _Styles, avail: float) -> Table:
    """Consecutive fields: a borderless two-column list on roll paper, a ruled table on A5/A4."""
    doc = st.spec.document
    label_style = st.plain(0.95 if doc else 1.0, bold=doc)
    rows = [
        [
            Paragraph(_pdf_safe(f.label), label_style),
            Paragraph(_pdf_safe(f.value), st.plain(1.0, bold=f.bold)),
        ]
        for f in fields
    ]
    label_w = avail * (0.32 if doc else 0.36)
    table = Table(rows, colWidths=[label_w, avail - label_w], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4 if doc else 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4 if doc else 2),
        ("TOPPADDING", (0, 0), (-1, -1), st.spec.base * 0.25 if doc else 0.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), st.spec.base * 0.25 if doc else 0.5),
    ]
    if doc:
        commands += [
            ("BACKGROUND", (0, 0), (0, -1), _SHADE),
            ("GRID", (0, 0), (-1, -1), 0.5, _GREY),
            ("BOX", (0, 0), (-1, -1), 0.9, _INK),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _qr_box(el: QrCode, captions: list[Text], st: _Styles, avail: float) -> Flowable:
    """Document QR: the code in a ruled box, its captions beside it."""
    side = st.spec.qr
    cells: list[Flowable] = []
    for n, c in enumerate(captions):
        if n and c.bold:
            cells.append(Spacer(1, 1.5 * mm))  # a bold caption starts a new little section
        cells.append(Paragraph(_pdf_safe(c.text), st.plain(1.0, bold=c.bold)))
    if not any(el.data in c.text for c in captions):  # the code, typed by hand if the QR fails
        cells.append(Paragraph(_pdf_safe(el.data), st.plain(1.1, bold=True)))
    table = Table(
        [[_qr_drawing(el.data, side), cells]],
        colWidths=[side + 6 * mm, avail - side - 6 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.9, _INK),
                ("LINEAFTER", (0, 0), (0, 0), 0.5, _GREY),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, 0), "CENTER"),
                ("TOPPADDING", (0, 0), (-1, -1), 2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return KeepTogether([Spacer(1, 2 * mm), table, Spacer(1, 2 * mm)])


def _header(elements: list[Element], st: _Styles, avail: float) -> list[Flowable]:
    """Document letterhead: logo on the left, the leading lines beside it, then a double rule."""
    logo = next((e for e in elements if isinstance(e, Logo)), None)
    texts = [e for e in elements if isinstance(e, Text)]
    lines: list[Flowable] = []
    for i, t in enumerate(texts):
        style = st.plain(1.5 if i == 0 else 1.0, bold=i == 0 or t.bold)
        lines.append(Paragraph(_pdf_safe(t.text), style))
    img = _logo(logo, st.spec.logo_h) if logo is not None else None
    out: list[Flowable] = []
    if img is not None:
        logo_w = img.drawWidth + 4 * mm
        table = Table([[img, lines]], colWidths=[logo_w, avail - logo_w], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        out.append(table)
    else:
        out.extend(lines)
    out.append(Spacer(1, 2 * mm))
    out.append(HRFlowable(width="100%", thickness=1.6, color=_INK, spaceAfter=0.8))
    out.append(HRFlowable(width="100%", thickness=0.5, color=_INK, spaceAfter=3 * mm))
    return out


def _flowables(slip: Slip, st: _Styles, avail: float) -> list[Flowable]:
    """Turn elements into platypus flowables (documents get a letterhead and boxes)."""
    # A banner (the ticket number) is real text here: PDF fonts have a clean zero, and the text
    # stays searchable and readable by assistive software.
    elements: list[Element] = [
        Text(e.text, size="huge", align="center", bold=True) if isinstance(e, Banner) else e
        for e in slip.elements
    ]
    out: list[Flowable] = []
    doc = st.spec.document
    if doc:
        first_rule = next((i for i, e in enumerate(elements) if isinstance(e, Rule)), 0)
        out += _header(elements[:first_rule], st, avail)
        elements = elements[first_rule + 1 :] if first_rule else elements
    i = 0
    while i < len(elements):
        el = elements[i]
        if isinstance(el, Field):
            group = []
            while i < len(elements) and isinstance(elements[i], Field):
                f = elements[i]
                assert isinstance(f, Field)
                group.append(f)
                i += 1
            out.append(_field_table(group, st, avail))
            if doc:
                out.append(Spacer(1, 3 * mm))
            continue
        if isinstance(el, QrCode) and doc:
            captions: list[Text] = []
            j = i + 1
            while j < len(elements) and isinstance(elements[j], Text):
                t = elements[j]
                assert isinstance(t, Text)
                if t.size != "normal":
                    break
                captions.append(t)
                j += 1
            out.append(_qr_box(el, captions, st, avail))
            i = j
            continue
        if isinstance(el, Text):
            style = st.text(el.size, el.align, el.bold)
            if el.hang:
                indent = stringWidth("0" * el.hang, style.fontName, style.fontSize)
                style = ParagraphStyle(
                    f"{style.name}-hang{el.hang}",
                    parent=style,
                    leftIndent=indent,
                    firstLineIndent=-indent,
                )
            out.append(Paragraph(_pdf_safe(el.text), style))
        elif isinstance(el, QrCode):
            drawing = _qr_drawing(el.data, st.spec.qr)
            drawing.hAlign = "CENTER"
            out += [Spacer(1, 1 * mm), drawing, Spacer(1, 1 * mm)]
        elif isinstance(el, Logo):
            img = _logo(el, st.spec.logo_h)
            if img is not None:
                img.hAlign = "CENTER"
                out += [img, Spacer(1, 1 * mm)]
        elif isinstance(el, Rule):
            out.append(
                HRFlowable(
                    width="100%",
                    thickness=0.5 if doc else 0.7,
                    color=_GREY if doc else _INK,
                    dash=None if doc else [2, 1.5],
                    spaceBefore=1.5 * mm if doc else 1.2 * mm,
                    spaceAfter=1.5 * mm if doc else 1.2 * mm,
                )
            )
        elif isinstance(el, Feed):
            out.append(Spacer(1, el.lines * st.spec.base * 0.9))
        elif isinstance(el, Cut):
            pass  # paper is cut by hand (roll PDF) or is a sheet
        i += 1
    if doc:
        # The closing block (after the last rule) never starts a page on its own or splits.
        last_rule = max((k for k, f in enumerate(out) if isinstance(f, HRFlowable)), default=-1)
        if 0 <= last_rule < len(out) - 1:
            out[last_rule:] = [KeepTogether(out[last_rule:])]
    return out


class _Doc(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    """One frame without padding (tables get exactly ``avail``); remembers where content ends."""

    def __init__(self, buf: io.BytesIO, spec: _PageSpec, height: float, slip: Slip) -> None:
        """Page of ``spec``'s width and ``height``; footer on document pages."""
        bottom = spec.margin + (6 * mm if spec.document else 0)
        super().__init__(
            buf,
            pagesize=(spec.width, height),
            leftMargin=spec.margin,
            rightMargin=spec.margin,
            topMargin=spec.margin,
            bottomMargin=bottom,
            title=slip.title,
            author="MPP Kiosk",
            creator="MPP Kiosk (reportlab)",
            invariant=True,
        )
        frame = Frame(
            spec.margin,
            bottom,
            spec.width - 2 * spec.margin,
            height - spec.margin - bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.spec = spec
        self.slip = slip
        self.lowest_y = height
        self.addPageTemplates([PageTemplate("page", frames=[frame], onPage=self._footer)])

    def afterFlowable(self, flowable: Flowable) -> None:
        """Track the lowest point reached, to size roll-paper pages to their content."""
        frame = getattr(self, "frame", None)
        if frame is not None:
            self.lowest_y = min(self.lowest_y, frame._y)

    def _footer(self, canvas: Canvas, _doc: Any) -> None:
        """Thin rule and the slip title at the foot of each document page."""
        spec = self.spec
        if not spec.document:
            return
        canvas.saveState()
        y = spec.margin
        canvas.setStrokeColor(_GREY)
        canvas.setLineWidth(0.4)
        canvas.line(spec.margin, y + 3 * mm, spec.width - spec.margin, y + 3 * mm)
        canvas.setFont("Helvetica", 7)
        canvas.setFillColor(_GREY)
        canvas.drawString(spec.margin, y, _pdf_plain(self.slip.title))
        canvas.drawRightString(spec.width - spec.margin, y, str(canvas.getPageNumber()))
        canvas.restoreState()


def render_pdf(slip: Slip, page: PageKind = "A4") -> bytes:
    """PDF bytes of ``slip`` on ``page`` ("slip58", "slip80", "A5" or "A4")."""
    try:
        spec = _PAGES[page]
    except KeyError:
        raise ValueError(f"unknown page {page!r} (expected one of {', '.join(_PAGES)})") from None
    st = _Styles(spec)
    avail = spec.width - 2 * spec.margin
    if spec.height is None:
        # Roll paper: lay out once on a very tall page to learn the content height, then again on
        # a page of exactly that height (flowables are single-use, so they are rebuilt).
        tall = 3000 * mm
        probe = _Doc(io.BytesIO(), spec, tall, slip)
        probe.build(_flowables(slip, st, avail))
        height = tall - probe.lowest_y + 2 * spec.margin + 1
    else:
        height = spec.height
    buf = io.BytesIO()
    _Doc(buf, spec, height, slip).build(_flowables(slip, st, avail))
    return buf.getvalue()


def _pdf_plain(text: str) -> str:
    """What Helvetica can show: WinAnsi kept, the rest folded to ASCII, controls dropped."""
    return "".join(
        ch if ch == "\n" or (ch.isprintable() and _cp1252(ch)) else ascii_safe(ch) for ch in text
    )


def _cp1252(ch: str) -> bool:
    """Whether Helvetica's WinAnsi encoding has ``ch``."""
    try:
        ch.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True
