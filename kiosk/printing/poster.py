"""The charter poster for one counter (A4 or A3, reportlab): the counter's number, the short
promises, the charter's points (Piagam, Pakta Integritas, Maklumat Pelayanan), the sanctions,
how to reprimand or complain, and a QR that opens the complaint entry for that counter.

The text is the charter file's (kiosk.core.charter), so a site that edits its charter reprints
the same poster with its own words. Everything is drawn at A4 sizes times the page's scale; the
sections flow down two columns, and the type shrinks from 120 % (down to 60 %) until all fits.
A charter marked SAMPLE says so in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A3, A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, Paragraph

from kiosk.config import resources_dir
from kiosk.core.charter import Charter, CharterSection
from kiosk.i18n import Lang
from kiosk.printing.slips import _t

__all__ = ["PosterData", "PosterSize", "render_poster"]

PosterSize = Literal["A4", "A3"]

_INK = colors.Color(0.08, 0.12, 0.2)
_ACCENT = colors.Color(0.72, 0.1, 0.12)  # the integrity red of the MPP's posters
_SHADE = colors.Color(0.95, 0.93, 0.88)
_GREY = colors.Color(0.35, 0.35, 0.35)


@dataclass(frozen=True, kw_only=True)
class PosterData:
    """What the poster shows; ``qr_data`` is what its QR holds (a token or a URL)."""

    site_name: str
    counter_number: int
    counter_name: str
    charter: Charter
    qr_data: str
    qr_caption: str  # the token, printed under the QR for a scanner that fails
    lang: Lang = "id"
    size: PosterSize = "A4"
    logo: Path | None = None

    def __post_init__(self) -> None:
        """A poster without a QR or for counter 0 would send citizens nowhere."""
        _t(self.lang)
        if not self.qr_data:
            raise ValueError("qr_data is empty")
        if self.counter_number < 1:
            raise ValueError("counter_number must be 1 or more")
        if self.size not in ("A4", "A3"):
            raise ValueError(f"poster size must be A4 or A3, got {self.size!r}")


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """Noto Sans (shipped, SIL OFL) regular and bold; Helvetica when the files are missing."""
    folder = resources_dir() / "fonts"
    try:
        pdfmetrics.registerFont(TTFont("NotoSans", str(folder / "NotoSans-Regular.ttf")))
        pdfmetrics.registerFont(TTFont("NotoSans-Bold", str(folder / "NotoSans-Bold.ttf")))
    except Exception:  # a broken or missing font file: the built-in font still prints
        return "Helvetica", "Helvetica-Bold"
    return "NotoSans", "NotoSans-Bold"


def _esc(text: str) -> str:
    return escape(text)


class _Styles:
    def __init__(self, k: float, scale: float) -> None:
        """Styles for page factor ``k`` (A3 = 1.414) and text ``scale`` (1.0 down to 0.6)."""
        regular, bold = _fonts()
        base = 10.0 * k * scale
        self.base = base
        self.heading = ParagraphStyle(
            "h", fontName=bold, fontSize=base * 1.3, leading=base * 1.6, textColor=_ACCENT,
            spaceBefore=base * 0.9, spaceAfter=base * 0.25,
        )  # fmt: skip
        self.body = ParagraphStyle(
            "b", fontName=regular, fontSize=base, leading=base * 1.3, textColor=_INK,
            spaceAfter=base * 0.25,
        )  # fmt: skip
        self.item = ParagraphStyle(
            "i", parent=self.body, leftIndent=base * 1.4, bulletIndent=base * 0.2, spaceAfter=1,
            bulletFontName=regular, bulletFontSize=base,
        )  # fmt: skip
        self.bold_item = ParagraphStyle(
            "bi", parent=self.item, fontName=bold, bulletFontName=bold, bulletColor=_ACCENT
        )
        self.center = ParagraphStyle("c", parent=self.body, alignment=TA_CENTER)
        self.left = ParagraphStyle("l", parent=self.body, alignment=TA_LEFT)


class _Together(Flowable):  # type: ignore[misc]  # reportlab ships no type hints
    """Flowables drawn as one block, so a column never ends with a lone heading (a Frame has
    no keep-with-next; platypus's KeepTogether needs a document template)."""

    def __init__(self, parts: list[Flowable]) -> None:
        super().__init__()
        self.parts = parts
        self._sizes: list[tuple[float, float, float]] = []

    def wrap(self, avail_w: float, avail_h: float) -> tuple[float, float]:
        self._sizes = []
        total = 0.0
        for i, part in enumerate(self.parts):
            _w, h = part.wrap(avail_w, avail_h)
            before = part.getSpaceBefore() if i else 0.0
            self._sizes.append((before, h, part.getSpaceAfter()))
            total += before + h + (part.getSpaceAfter() if i < len(self.parts) - 1 else 0.0)
        self.width, self.height = avail_w, total
        return avail_w, total

    def getSpaceAfter(self) -> float:  # reportlab names it so
        return float(self.parts[-1].getSpaceAfter()) if self.parts else 0.0

    def draw(self) -> None:
        y = self.height
        for part, (before, h, after) in zip(self.parts, self._sizes, strict=True):
            y -= before + h
            part.drawOn(self.canv, 0, y)
            y -= after


def _section(section: CharterSection | None, st: _Styles) -> list[Flowable]:
    """A section's flowables; its title is kept with the first block (no orphaned heading)."""
    if section is None:
        return []
    out: list[Flowable] = []
    for block in section.blocks:
        if block.kind == "para":
            out.append(Paragraph(_esc(block.text), st.body))
        elif block.kind == "number":
            out.append(Paragraph(_esc(block.text), st.item, bulletText=f"{block.number}."))
        else:
            out.append(Paragraph(_esc(block.text), st.item, bulletText="\u2022"))
    if section.title:
        title = Paragraph(_esc(section.title), st.heading)
        out[:1] = [_Together([title, *out[:1]])]
    return out


def _height(flowables: Sequence[Flowable], width: float) -> float:
    total = 0.0
    for f in flowables:
        _w, h = f.wrap(width, 10_000)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


def _qr(data: str, side: float) -> Drawing:
    widget = QrCodeWidget(data, barLevel="M", barBorder=2)
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x1 - x0), 0, 0, side / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


def render_poster(data: PosterData) -> bytes:
    """The poster as PDF bytes (one page)."""
    t = _t(data.lang)
    page_w, page_h = A4 if data.size == "A4" else A3
    k = page_w / A4[0]
    regular, bold = _fonts()
    margin = 14 * mm * k
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(page_w, page_h))
    c.setTitle(f"{t['poster_counter'].format(number=data.counter_number)} - {data.site_name}")
    c.setAuthor(data.site_name)
    charter = data.charter

    # Header: the charter's name on the left, the counter's number in a red box on the right.
    top = page_h - margin
    box_w, box_h = 52 * mm * k, 40 * mm * k
    c.setFillColor(_ACCENT)
    c.roundRect(page_w - margin - box_w, top - box_h, box_w, box_h, 4 * mm * k, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont(bold, 13 * k)
    c.drawCentredString(page_w - margin - box_w / 2, top - 11 * mm * k, t["poster_counter_label"])
    c.setFont(bold, 64 * k if data.counter_number < 100 else 46 * k)
    c.drawCentredString(page_w - margin - box_w / 2, top - 34 * mm * k, str(data.counter_number))
    text_x = margin
    if data.logo is not None and data.logo.is_file():
        side = 24 * mm * k
        c.drawImage(str(data.logo), margin, top - side, side, side, mask="auto")
        text_x = margin + side + 5 * mm * k
    head_w = page_w - margin - box_w - 6 * mm * k - text_x
    piagam = charter.section("piagam")
    title = piagam.title if piagam and piagam.title else t["poster_title"]
    head = [
        Paragraph(_esc(data.site_name), ParagraphStyle("s", fontName=bold, fontSize=12 * k,
                                                       leading=15 * k, textColor=_GREY)),
        Paragraph(_esc(title), ParagraphStyle("t", fontName=bold, fontSize=22 * k,
                                              leading=26 * k, textColor=_INK)),
        Paragraph(_esc(data.counter_name), ParagraphStyle("n", fontName=regular, fontSize=11 * k,
                                                          leading=14 * k, textColor=_INK)),
    ]  # fmt: skip
    Frame(text_x, top - box_h, head_w, box_h, 0, 0, 0, 0, showBoundary=0).addFromList(head, c)
    y = top - box_h - 6 * mm * k

    # The short promises in a shaded band, two columns.
    promises = charter.promises
    band_w = page_w - 2 * margin
    janji = charter.section("janji")
    band_title = janji.title if janji and janji.title else t["poster_promises"]
    col_w = (band_w - 12 * mm * k) / 2
    st_band = _Styles(k, 1.05)
    left_items = [
        Paragraph(_esc(p), st_band.bold_item, bulletText="\u2022")
        for p in promises[: (len(promises) + 1) // 2]
    ]
    right_items = [
        Paragraph(_esc(p), st_band.bold_item, bulletText="\u2022")
        for p in promises[(len(promises) + 1) // 2 :]
    ]
    inner = max(_height(left_items, col_w), _height(right_items, col_w))
    band_h = inner + 16 * mm * k
    c.setFillColor(_SHADE)
    c.roundRect(margin, y - band_h, band_w, band_h, 3 * mm * k, stroke=0, fill=1)
    c.setFillColor(_ACCENT)
    c.setFont(bold, 13 * k)
    c.drawString(margin + 5 * mm * k, y - 8 * mm * k, band_title)
    for i, items in enumerate((left_items, right_items)):
        x = margin + 4 * mm * k + i * (col_w + 4 * mm * k)
        Frame(x, y - band_h + 3 * mm * k, col_w, inner + 2 * mm * k, 0, 0, 0, 0).addFromList(
            list(items), c
        )
    y -= band_h + 2 * mm * k

    # Footer line and the QR box at the bottom of the right column.
    footer_h = 10 * mm * k
    body_bottom = margin + footer_h
    gutter = 8 * mm * k
    column_w = (page_w - 2 * margin - gutter) / 2
    qr_side = 42 * mm * k
    qr_box_h = qr_side + 30 * mm * k
    right_x = margin + column_w + gutter

    def flow(scale: float) -> list[Flowable]:
        st = _Styles(k, scale)
        out: list[Flowable] = []
        for sid in ("piagam", "pakta", "maklumat", "sanksi", "pengaduan"):
            parts = _section(charter.section(sid), st)
            # The sanctions are read as one ladder: never split across the columns.
            out.extend([_Together(parts)] if sid == "sanksi" and parts else parts)
        return out

    left_room = y - body_bottom
    right_room = left_room - qr_box_h
    frames = (
        (margin, body_bottom, column_w, left_room),
        (right_x, body_bottom + qr_box_h, column_w, right_room),
    )

    def lay_out(target: Canvas, flowables: list[Flowable]) -> list[Flowable]:
        """Fill the left column, then the right one; returns what did not fit."""
        rest = list(flowables)
        for x0, y0, w, h in frames:
            Frame(x0, y0, w, h, 0, 0, 0, 0).addFromList(rest, target)
        return rest

    # The sections flow down the left column and on into the right one (above the QR box); the
    # type starts at 120 % and shrinks (down to 60 %) until everything fits.
    scale = 1.2
    while scale > 0.6 and lay_out(Canvas(io.BytesIO()), flow(scale)):
        scale = round(scale - 0.04, 2)
    lay_out(c, flow(scale))

    # The QR: opens the complaint entry for this counter at the kiosk (or the web form).
    box_y = body_bottom + 2 * mm * k
    c.setStrokeColor(_ACCENT)
    c.setLineWidth(1.5 * k)
    c.roundRect(right_x, box_y, column_w, qr_box_h - 4 * mm * k, 3 * mm * k, stroke=1, fill=0)
    drawing = _qr(data.qr_data, qr_side)
    renderPDF.draw(drawing, c, right_x + 3 * mm * k, box_y + qr_box_h - 7 * mm * k - qr_side)
    text_w = column_w - qr_side - 9 * mm * k
    caption_st = ParagraphStyle(
        "q", fontName=bold, fontSize=10.5 * k, leading=13 * k, textColor=_INK
    )
    small = ParagraphStyle("qs", fontName=regular, fontSize=8.5 * k, leading=11 * k, textColor=_INK)
    qr_top = box_y + qr_box_h - 7 * mm * k
    Frame(
        right_x + qr_side + 6 * mm * k, qr_top - qr_side, text_w, qr_side, 0, 0, 0, 0
    ).addFromList(
        [Paragraph(_esc(t["poster_scan"].format(number=data.counter_number)), caption_st)], c
    )
    under = [Paragraph(_esc(t["poster_anonymous"]), small)]
    under.append(Paragraph(_esc(t["poster_code"].format(code=data.qr_caption)), small))
    if data.qr_data != data.qr_caption:
        under.append(Paragraph(_esc(data.qr_data), small))
    Frame(
        right_x + 4 * mm * k, box_y + 2 * mm * k, column_w - 8 * mm * k,
        qr_top - qr_side - box_y - 3 * mm * k, 0, 0, 0, 0,
    ).addFromList(under, c)  # fmt: skip

    # Footer.
    c.setStrokeColor(_GREY)
    c.setLineWidth(0.5 * k)
    c.line(margin, margin + footer_h - 2 * mm * k, page_w - margin, margin + footer_h - 2 * mm * k)
    c.setFont(regular, 8.5 * k)
    c.setFillColor(_GREY)
    c.drawString(margin, margin + 2 * mm * k, data.site_name)
    if charter.sample:
        c.setFillColor(_ACCENT)
        c.setFont(bold, 8.5 * k)
        c.drawRightString(page_w - margin, margin + 2 * mm * k, t["poster_sample"])
    c.showPage()
    c.save()
    return buf.getvalue()
