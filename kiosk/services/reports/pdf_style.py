"""The house style of every report PDF (SKM, queue, SOP, complaints): fonts, colours, paragraph
and table styles, and the A4 page with the MPP's header, a red band on every page of a restricted
copy, and a footer with the moment and the page number."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, TableStyle

from kiosk.config import resources_dir
from kiosk.i18n import translate

FONT = "NotoSans"
BOLD = "NotoSans-Bold"
INK = colors.Color(0.12, 0.14, 0.18)
GREY = colors.Color(0.42, 0.45, 0.5)
RULE = colors.Color(0.82, 0.84, 0.87)
SHADE = colors.Color(0.95, 0.96, 0.97)
BRAND = colors.Color(0.05, 0.33, 0.55)
RED = colors.Color(0.72, 0.11, 0.11)
MUTU_COLOURS = {
    "A": colors.Color(0.13, 0.55, 0.33),
    "B": colors.Color(0.16, 0.45, 0.70),
    "C": colors.Color(0.86, 0.56, 0.10),
    "D": colors.Color(0.75, 0.20, 0.18),
}
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm


def register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "NotoSans-Bold.ttf")))


def t(lang: str, msgid: str, **params: Any) -> str:
    """A text of the ``reports`` catalogue."""
    return translate(lang, msgid, "reports", **params)


class Styles:
    def __init__(self) -> None:
        self.title = ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, textColor=INK)
        self.sub = ParagraphStyle("sub", fontName=FONT, fontSize=10.5, leading=14, textColor=GREY)
        self.h2 = ParagraphStyle(
            "h2",
            fontName=BOLD,
            fontSize=11.5,
            leading=15,
            textColor=BRAND,
            spaceBefore=8,
            spaceAfter=4,
        )
        self.body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=12, textColor=INK)
        self.small = ParagraphStyle(
            "small", fontName=FONT, fontSize=7.8, leading=10, textColor=GREY
        )
        self.cell = ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10.5, textColor=INK)
        self.cell_bold = ParagraphStyle("cellb", parent=self.cell, fontName=BOLD)
        self.head = ParagraphStyle(
            "head", fontName=BOLD, fontSize=8, leading=10, textColor=colors.white
        )
        self.banner = ParagraphStyle(
            "banner",
            fontName=BOLD,
            fontSize=9,
            leading=12,
            textColor=colors.white,
            alignment=TA_CENTER,
        )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def truncate(text: str, size: float, width: float, font: str = FONT) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- the summary boxes ---------------------------------------------------------------------------


def table_style(header_rows: int = 1, total_row: bool = False) -> TableStyle:
    commands: list[Any] = [
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), BRAND),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.6),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, SHADE]),
    ]
    if total_row:
        commands += [
            ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK),
            ("BACKGROUND", (0, -1), (-1, -1), colors.white),
        ]
    return TableStyle(commands)


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    """A4 portrait with the house header and footer on every page."""

    def __init__(
        self,
        buf: io.BytesIO,
        *,
        lang: str,
        title: str,
        site: str,
        period: str,
        generated_at: datetime,
        restricted: bool,
        restricted_text: str,
        header: str = "",
    ) -> None:
        super().__init__(
            buf,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=30 * mm,
            bottomMargin=20 * mm,
            title=title,
            author=site,
            subject=period,
        )
        self.lang, self.report_title, self.site, self.period = lang, header or title, site, period
        self.generated_at, self.restricted, self.restricted_text = (
            generated_at,
            restricted,
            restricted_text,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        logo = resources_dir() / "branding" / "logo-mpp.png"
        top = PAGE_H - 12 * mm
        if logo.exists():
            canvas.drawImage(
                str(logo),
                MARGIN,
                top - 12 * mm,
                width=12 * mm,
                height=12 * mm,
                mask="auto",
                preserveAspectRatio=True,
            )
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, 10.5)
        canvas.drawString(MARGIN + 15 * mm, top - 4.5 * mm, self.site)
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN + 15 * mm, top - 9.5 * mm, self.report_title)
        canvas.drawRightString(PAGE_W - MARGIN, top - 9.5 * mm, self.period)
        canvas.setStrokeColor(BRAND)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - 14 * mm, PAGE_W - MARGIN, top - 14 * mm)
        if self.restricted:
            canvas.setFillColor(RED)
            canvas.rect(MARGIN, top - 19.5 * mm, PAGE_W - 2 * MARGIN, 4.5 * mm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(BOLD, 7.5)
            canvas.drawCentredString(PAGE_W / 2, top - 18.3 * mm, self.restricted_text)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, 14 * mm, PAGE_W - MARGIN, 14 * mm)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, 10 * mm, t(self.lang, "pdf_generated", moment=self.generated_at))
        canvas.drawRightString(PAGE_W - MARGIN, 10 * mm, t(self.lang, "pdf_page", page=doc.page))
        canvas.restoreState()
