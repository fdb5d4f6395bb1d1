"""The booking confirmation as a one-page PDF (A6, for a phone's downloads or a printer): the
site, the booking code large, its facts, the QR a kiosk scans, and the instructions.

The words come worded from the front end (the web's catalogue), so this module only lays them
out; reportlab draws the QR as vectors, sharp at any zoom.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.graphics import renderPDF
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from kiosk.printing.pdf_render import _qr_drawing
from kiosk.printing.poster import _fonts

__all__ = ["BookingPdfData", "render_booking_pdf"]


@dataclass(frozen=True)
class BookingPdfData:
    """Everything on the page, already in the reader's language."""

    site_name: str
    title: str
    code: str
    facts: list[tuple[str, str]]
    qr_data: str
    notes: list[str]
    lang: str = "id"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


def render_booking_pdf(data: BookingPdfData) -> bytes:
    regular, bold = _fonts()
    out = io.BytesIO()
    width, height = A6
    margin = 8 * mm
    inner = width - 2 * margin
    pdf = Canvas(out, pagesize=A6, pageCompression=1)
    pdf.setTitle(f"{data.title} {data.code}")
    pdf.setAuthor(data.site_name)
    y = height - margin - 3 * mm
    for line in _wrap(data.site_name, bold, 9, inner):
        pdf.setFont(bold, 9)
        pdf.drawCentredString(width / 2, y, line)
        y -= 11
    y -= 4
    pdf.setFont(regular, 10)
    pdf.drawCentredString(width / 2, y, data.title)
    y -= 18
    pdf.setFont(bold, 15)
    pdf.drawCentredString(width / 2, y, data.code)
    y -= 8
    side = 42 * mm
    renderPDF.draw(_qr_drawing(data.qr_data, side), pdf, (width - side) / 2, y - side)
    y -= side + 12
    for label, value in data.facts:
        pdf.setFont(regular, 7.5)
        pdf.drawString(margin, y, label)
        y -= 10
        pdf.setFont(bold, 9.5)
        for line in _wrap(value, bold, 9.5, inner):
            pdf.drawString(margin, y, line)
            y -= 11.5
        y -= 2
    pdf.setFont(regular, 7.5)
    for note in data.notes:
        for line in _wrap(note, regular, 7.5, inner):
            pdf.drawString(margin, y, line)
            y -= 9.5
        y -= 2
    pdf.showPage()
    pdf.save()
    return out.getvalue()
