"""The SKM report as the PDF an MPP publishes each semester (reportlab, its own charts).

Page 1: the title and period, the IKM / mutu / respondents boxes, a bar per unsur (NRR on the
1-4 scale, with the mutu bands' edges), the table per unsur. Page 2: respondents against the
Krejcie-Morgan sample, how they answered (kiosk, web, paper), the respondent profile as small
bar charts, the index per service, the method. A restricted report (per-officer figures, asked
for by a supervisor) says so in a red band on every page and adds the officers' table.

Every figure comes from the SkmReport (reports.skm); every word from the ``reports`` catalogue
or the questionnaire's data. Text is set in the bundled Noto Sans, so any name prints.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from babel.numbers import format_decimal
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.config import resources_dir
from kiosk.core.ikm import round_half_up
from kiosk.i18n import translate
from kiosk.i18n.format import babel_locale
from kiosk.services.reports.skm import GroupFigure, ProfileFigure, SkmReport

__all__ = ["render_report_pdf", "write_report_pdf"]

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
#: The NI (1..4) edges of the mutu bands, for the chart's guide lines.
NI_EDGES = ((Fraction(26, 10), "C"), (Fraction(30644, 10000), "B"), (Fraction(35324, 10000), "A"))
MAX_SERVICES = 15
PAGE_W, PAGE_H = A4
MARGIN = 18 * mm


def _fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "NotoSans-Bold.ttf")))


def _t(lang: str, msgid: str, **params: Any) -> str:
    return translate(lang, msgid, "reports", **params)


def _fixed(value: Decimal | Fraction | None, places: int, lang: str) -> str:
    """'3,2500' / '3.2500'; '-' for a figure that cannot be computed."""
    if value is None:
        return "-"
    rounded = round_half_up(value if isinstance(value, Fraction) else Fraction(value), places)
    pattern = "#,##0." + "0" * places if places else "#,##0"
    return format_decimal(rounded, format=pattern, locale=babel_locale(lang))


def _int(value: int, lang: str) -> str:
    return format_decimal(value, format="#,##0", locale=babel_locale(lang))


def _band_colour(ikm: Decimal | None, mutu: str | None) -> colors.Color:
    return MUTU_COLOURS.get(mutu or "", GREY) if ikm is not None else GREY


class _Styles:
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


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _truncate(text: str, size: float, width: float, font: str = FONT) -> str:
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


# --- the summary boxes ---------------------------------------------------------------------------


def _summary(report: SkmReport, lang: str, width: float) -> Drawing:
    height = 34 * mm
    gap = 4 * mm
    box = (width - 2 * gap) / 3
    d = Drawing(width, height)
    colour = _band_colour(report.ikm, report.mutu)
    is_ikm = report.questionnaire.index == "ikm"
    boxes = [0.0, box + gap, 2 * (box + gap)]
    for x in boxes:
        d.add(Rect(x, 0, box, height, rx=3 * mm, ry=3 * mm, fillColor=SHADE, strokeColor=RULE))
    # 1: the index
    label = _t(lang, "pdf_ikm" if is_ikm else "pdf_index")
    d.add(
        String(boxes[0] + 5 * mm, height - 8 * mm, label, fontName=BOLD, fontSize=9, fillColor=GREY)
    )
    d.add(
        String(
            boxes[0] + 5 * mm,
            9 * mm,
            _fixed(report.ikm, 2, lang),
            fontName=BOLD,
            fontSize=30,
            fillColor=colour,
        )
    )
    d.add(
        String(
            boxes[0] + 5 * mm,
            4 * mm,
            _t(lang, "report_index") + ": " + _fixed(report.result.index, 4, lang),
            fontName=FONT,
            fontSize=7,
            fillColor=GREY,
        )
    )
    # 2: mutu and kinerja (SKM), or the respondents for another questionnaire
    x = boxes[1]
    if is_ikm:
        d.add(
            String(
                x + 5 * mm,
                height - 8 * mm,
                _t(lang, "pdf_mutu"),
                fontName=BOLD,
                fontSize=9,
                fillColor=GREY,
            )
        )
        d.add(
            String(
                x + 5 * mm, 7 * mm, report.mutu or "-", fontName=BOLD, fontSize=34, fillColor=colour
            )
        )
        kinerja = report.kinerja(lang) or _t(lang, "pdf_no_index")
        d.add(
            String(
                x + 22 * mm,
                15 * mm,
                _truncate(kinerja, 12, box - 25 * mm, BOLD),
                fontName=BOLD,
                fontSize=12,
                fillColor=INK,
            )
        )
        d.add(
            String(
                x + 22 * mm,
                9 * mm,
                _t(lang, "pdf_kinerja"),
                fontName=FONT,
                fontSize=8,
                fillColor=GREY,
            )
        )
    else:
        d.add(
            String(
                x + 5 * mm,
                height - 8 * mm,
                _t(lang, "pdf_bar_population"),
                fontName=BOLD,
                fontSize=9,
                fillColor=GREY,
            )
        )
        d.add(
            String(
                x + 5 * mm,
                9 * mm,
                _int(report.population, lang),
                fontName=BOLD,
                fontSize=26,
                fillColor=INK,
            )
        )
    # 3: respondents against the minimum sample
    x = boxes[2]
    d.add(
        String(
            x + 5 * mm,
            height - 8 * mm,
            _t(lang, "pdf_bar_responses"),
            fontName=BOLD,
            fontSize=9,
            fillColor=GREY,
        )
    )
    d.add(
        String(
            x + 5 * mm,
            14 * mm,
            _int(report.responses, lang),
            fontName=BOLD,
            fontSize=24,
            fillColor=INK,
        )
    )
    bar_w = box - 10 * mm
    share = min(1.0, report.responses / report.sample_needed) if report.sample_needed else 1.0
    met = report.sample_met
    d.add(Rect(x + 5 * mm, 8 * mm, bar_w, 3 * mm, fillColor=colors.white, strokeColor=RULE))
    d.add(
        Rect(
            x + 5 * mm,
            8 * mm,
            bar_w * share,
            3 * mm,
            strokeColor=None,
            fillColor=MUTU_COLOURS["A"] if met else MUTU_COLOURS["C"],
        )
    )
    d.add(
        String(
            x + 5 * mm,
            3.5 * mm,
            _truncate(
                f"{_t(lang, 'pdf_bar_sample')}: {_int(report.sample_needed, lang)}", 7.5, bar_w
            ),
            fontName=FONT,
            fontSize=7.5,
            fillColor=GREY,
        )
    )
    return d


# --- charts --------------------------------------------------------------------------------------


def _unsur_chart(report: SkmReport, lang: str, width: float) -> Drawing:
    rows = report.questions
    row_h = 7.2 * mm
    top = 7 * mm
    label_w = 62 * mm
    value_w = 12 * mm
    plot_w = width - label_w - value_w
    height = top + row_h * len(rows) + 7 * mm
    d = Drawing(width, height)
    x0 = label_w
    bottom = 7 * mm

    def xpos(v: float) -> float:
        return float(x0 + plot_w * v / 4)

    is_ikm = report.questionnaire.index == "ikm"
    # guide lines: the scale and (SKM) the mutu bands' edges
    for v in (0, 1, 2, 3, 4):
        d.add(
            Line(xpos(v), bottom, xpos(v), height - top + 2 * mm, strokeColor=RULE, strokeWidth=0.5)
        )
        d.add(
            String(
                xpos(v),
                2 * mm,
                str(v),
                fontName=FONT,
                fontSize=7,
                fillColor=GREY,
                textAnchor="middle",
            )
        )
    if is_ikm:
        for edge, mutu in NI_EDGES:
            xe = xpos(float(edge))
            d.add(
                Line(
                    xe,
                    bottom,
                    xe,
                    height - top + 2 * mm,
                    strokeColor=MUTU_COLOURS[mutu],
                    strokeWidth=0.6,
                    strokeDashArray=[2, 2],
                )
            )
            d.add(
                String(
                    xe + 1,
                    height - top + 3 * mm,
                    mutu,
                    fontName=BOLD,
                    fontSize=7,
                    fillColor=MUTU_COLOURS[mutu],
                )
            )
        d.add(
            String(
                xpos(1.8),
                height - top + 3 * mm,
                "D",
                fontName=BOLD,
                fontSize=7,
                fillColor=MUTU_COLOURS["D"],
            )
        )
    for i, f in enumerate(rows):
        y = height - top - row_h * (i + 1) + 1.4 * mm
        label = _truncate(f"{f.code}  {f.name(lang)}", 8, label_w - 3 * mm)
        d.add(String(0, y + 1.3 * mm, label, fontName=FONT, fontSize=8, fillColor=INK))
        if f.nrr is None:
            d.add(String(x0 + 2, y + 1.3 * mm, "-", fontName=FONT, fontSize=8, fillColor=GREY))
            continue
        value = float(f.nrr)
        ikm_row = round_half_up(f.nrr * 25, 2)
        colour = MUTU_COLOURS[_mutu_of(ikm_row)] if is_ikm else BRAND
        d.add(Rect(x0, y, plot_w * value / 4, row_h - 2.8 * mm, fillColor=colour, strokeColor=None))
        text = _fixed(f.nrr, 2, lang)
        tx = xpos(value) + 1.5 * mm
        d.add(
            Rect(
                tx - 0.6 * mm,
                y + 0.4 * mm,
                pdfmetrics.stringWidth(text, BOLD, 8) + 1.2 * mm,
                row_h - 3.6 * mm,
                fillColor=colors.white,
                strokeColor=None,
            )
        )
        d.add(String(tx, y + 1.3 * mm, text, fontName=BOLD, fontSize=8, fillColor=INK))
    return d


def _mutu_of(ikm: Decimal) -> str:
    if ikm < Decimal("65.00"):
        return "D"
    if ikm < Decimal("76.61"):
        return "C"
    if ikm < Decimal("88.31"):
        return "B"
    return "A"


def _hbars(
    title: str,
    items: Sequence[tuple[str, int]],
    width: float,
    lang: str,
    colour: colors.Color,
    shares: bool = True,
) -> Drawing:
    """A small chart: one bar per item with its count and share."""
    row_h = 5.6 * mm
    label_w = width * 0.40
    count_w = 19 * mm
    plot_w = width - label_w - count_w
    height = 7 * mm + row_h * len(items) + 1 * mm
    d = Drawing(width, height)
    d.add(String(0, height - 4.5 * mm, title, fontName=BOLD, fontSize=8.5, fillColor=INK))
    total = sum(n for _, n in items) or 1
    peak = max((n for _, n in items), default=0) or 1
    for i, (label, n) in enumerate(items):
        y = height - 7 * mm - row_h * (i + 1) + 1.2 * mm
        d.add(
            String(
                0,
                y + 0.8 * mm,
                _truncate(label, 7.5, label_w - 2 * mm),
                fontName=FONT,
                fontSize=7.5,
                fillColor=INK,
            )
        )
        d.add(Rect(label_w, y, plot_w, row_h - 2.4 * mm, fillColor=SHADE, strokeColor=None))
        d.add(
            Rect(
                label_w, y, plot_w * n / peak, row_h - 2.4 * mm, fillColor=colour, strokeColor=None
            )
        )
        text = _int(n, lang)
        if shares:
            text += f" ({_fixed(Fraction(100 * n, total), 0, lang)}%)"
        d.add(
            String(
                width,
                y + 0.8 * mm,
                text,
                fontName=FONT,
                fontSize=7.5,
                fillColor=GREY,
                textAnchor="end",
            )
        )
    return d


def _profile_grid(report: SkmReport, lang: str, width: float) -> Table | None:
    fields: list[ProfileFigure] = [p for p in report.profile if p.counts]
    if not fields:
        return None
    col = (width - 8 * mm) / 2
    cells = []
    for f in fields:
        items = [(c.label(lang), c.count) for c in f.counts]
        if f.unanswered:
            items.append((_t(lang, "report_not_answered"), f.unanswered))
        cells.append(_hbars(f.label(lang), items, col, lang, BRAND))
    grid = [
        cells[i : i + 2] + ([""] if len(cells[i : i + 2]) == 1 else [])
        for i in range(0, len(cells), 2)
    ]
    table = Table(grid, colWidths=[col + 4 * mm, col + 4 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3 * mm),
            ]
        )
    )
    return table


# --- tables --------------------------------------------------------------------------------------


def _table_style(header_rows: int = 1, total_row: bool = False) -> TableStyle:
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


def _unsur_table(report: SkmReport, lang: str, st: _Styles, width: float) -> Table:
    is_ikm = report.questionnaire.index == "ikm"
    head = [
        _p(_t(lang, "pdf_col_code"), st.head),
        _p(_t(lang, "pdf_col_unsur" if is_ikm else "pdf_col_question"), st.head),
        _p(_t(lang, "pdf_col_answered"), st.head),
        _p(_t(lang, "pdf_col_answers"), st.head),
        _p(_t(lang, "pdf_col_nrr"), st.head),
        _p(_t(lang, "pdf_col_weighted"), st.head),
    ]
    rows: list[list[Any]] = [head]
    for f in report.questions:
        rows.append(
            [
                f.code,
                _p(f.name(lang), st.cell),
                _int(f.answered, lang),
                " / ".join(_int(n, lang) for n in f.distribution),
                _fixed(f.nrr, 3, lang),
                _fixed(f.nrr_weighted, 3, lang),
            ]
        )
    rows.append(
        [
            "",
            _p(_t(lang, "pdf_total_row"), st.cell_bold),
            "",
            "",
            "",
            _fixed(report.result.index, 3, lang),
        ]
    )
    widths = [
        12 * mm,
        width - 12 * mm - 18 * mm - 36 * mm - 16 * mm - 24 * mm,
        18 * mm,
        36 * mm,
        16 * mm,
        24 * mm,
    ]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = _table_style(total_row=True)
    style.add("FONT", (0, 1), (-1, -1), FONT, 8.5)
    style.add("FONT", (-1, -1), (-1, -1), BOLD, 8.5)
    style.add("ALIGN", (2, 0), (-1, -1), "RIGHT")
    table.setStyle(style)
    return table


def _group_table(
    groups: Sequence[GroupFigure],
    first_col: str,
    report: SkmReport,
    lang: str,
    st: _Styles,
    width: float,
) -> Table:
    with_mutu = report.questionnaire.index == "ikm"
    head = [
        _p(first_col, st.head),
        _p(_t(lang, "pdf_col_responses"), st.head),
        _p(_t(lang, "pdf_ikm" if with_mutu else "pdf_index"), st.head),
    ]
    if with_mutu:
        head.append(_p(_t(lang, "pdf_col_mutu"), st.head))
    rows: list[list[Any]] = [head]
    shown = list(groups[:MAX_SERVICES])
    for g in shown:
        row = [_p(g.name(lang), st.cell), _int(g.responses, lang), _fixed(g.result.ikm, 2, lang)]
        if with_mutu:
            row.append(g.result.mutu or "-")
        rows.append(row)
    rest = groups[MAX_SERVICES:]
    if rest:
        text = _t(
            lang, "pdf_more_services", count=len(rest), responses=sum(g.responses for g in rest)
        )
        rows.append([_p(text, st.small), "", ""] + ([""] if with_mutu else []))
    fixed = 24 * mm + 20 * mm + (16 * mm if with_mutu else 0)
    widths = [width - fixed, 24 * mm, 20 * mm] + ([16 * mm] if with_mutu else [])
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = _table_style()
    style.add("FONT", (0, 1), (-1, -1), FONT, 8.5)
    style.add("ALIGN", (1, 0), (-1, -1), "RIGHT")
    if with_mutu:
        style.add("ALIGN", (-1, 0), (-1, -1), "CENTER")
        for i, g in enumerate(shown, start=1):
            if g.result.mutu:
                style.add("TEXTCOLOR", (-1, i), (-1, i), MUTU_COLOURS[g.result.mutu])
                style.add("FONT", (-1, i), (-1, i), BOLD, 9)
    table.setStyle(style)
    return table


# --- the document --------------------------------------------------------------------------------


class _Doc(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no type hints
    def __init__(self, buf: io.BytesIO, report: SkmReport, lang: str) -> None:
        super().__init__(
            buf,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=30 * mm,
            bottomMargin=20 * mm,
            title=_title(report, lang),
            author=report.site_names["id"],
            subject=_t(
                lang, "pdf_period", date_from=report.query.date_from, date_to=report.query.date_to
            ),
        )
        self.report = report
        self.lang = lang
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def _decorate(self, canvas: Canvas, doc: Any) -> None:
        report, lang = self.report, self.lang
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
        site = report.site_names.get(lang) or report.site_names["id"]
        canvas.setFillColor(INK)
        canvas.setFont(BOLD, 10.5)
        canvas.drawString(MARGIN + 15 * mm, top - 4.5 * mm, site)
        canvas.setFont(FONT, 8.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN + 15 * mm, top - 9.5 * mm, report.questionnaire.title(lang))
        canvas.drawRightString(
            PAGE_W - MARGIN,
            top - 9.5 * mm,
            _t(lang, "pdf_period", date_from=report.query.date_from, date_to=report.query.date_to),
        )
        canvas.setStrokeColor(BRAND)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - 14 * mm, PAGE_W - MARGIN, top - 14 * mm)
        if report.restricted:
            canvas.setFillColor(RED)
            canvas.rect(MARGIN, top - 19.5 * mm, PAGE_W - 2 * MARGIN, 4.5 * mm, stroke=0, fill=1)
            canvas.setFillColor(colors.white)
            canvas.setFont(BOLD, 7.5)
            canvas.drawCentredString(PAGE_W / 2, top - 18.3 * mm, _t(lang, "pdf_restricted"))
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, 14 * mm, PAGE_W - MARGIN, 14 * mm)
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, 10 * mm, _t(lang, "pdf_generated", moment=report.generated_at))
        canvas.drawRightString(PAGE_W - MARGIN, 10 * mm, _t(lang, "pdf_page", page=doc.page))
        canvas.restoreState()


def _title(report: SkmReport, lang: str) -> str:
    return _t(lang, "pdf_title", title=report.questionnaire.title(lang))


def _story(report: SkmReport, lang: str, width: float) -> list[Any]:
    st = _Styles()
    q = report.questionnaire
    is_ikm = q.index == "ikm"
    story: list[Any] = [
        _p(_title(report, lang).upper(), st.title),
        Spacer(1, 1.5 * mm),
        _p(
            _t(lang, "pdf_period", date_from=report.query.date_from, date_to=report.query.date_to),
            st.sub,
        ),
    ]
    scope = [f"{names.get(lang) or names['id']}" for names in report.scope.values()]
    story.append(_p(" · ".join(scope) if scope else _t(lang, "pdf_scope_all"), st.sub))
    if q.sample:
        story.append(_p(_t(lang, "pdf_sample_questionnaire"), st.small))
    story += [Spacer(1, 5 * mm), _summary(report, lang, width), Spacer(1, 2.5 * mm)]
    line = _t(
        lang,
        "pdf_responses_line",
        responses=report.responses,
        needed=report.sample_needed,
        visits=report.population,
    )
    if report.sample_needed:
        missing = report.sample_needed - report.responses
        line += " " + (
            _t(lang, "pdf_sample_met")
            if missing <= 0
            else _t(lang, "pdf_sample_short", missing=missing)
        )
    story.append(_p(line, st.body))
    if not report.responses:
        story += [Spacer(1, 6 * mm), _p(_t(lang, "pdf_no_responses"), st.h2)]
        return story
    if report.ikm is None:
        story.append(_p(_t(lang, "pdf_no_index"), st.body))
    story += [
        _p(_t(lang, "pdf_chart_unsur"), st.h2),
        _unsur_chart(report, lang, width),
        _p(_t(lang, "pdf_table_unsur"), st.h2),
        _unsur_table(report, lang, st, width),
    ]
    if is_ikm:
        story += [Spacer(1, 2 * mm), _p(_t(lang, "pdf_bands"), st.small)]
    story.append(PageBreak())
    # page 2
    sample_items = [
        (_t(lang, "pdf_bar_population"), report.population),
        (_t(lang, "pdf_bar_sample"), report.sample_needed),
        (_t(lang, "pdf_bar_responses"), report.responses),
    ]
    source_items = [
        (_t(lang, f"pdf_source_{source}"), report.by_source.get(source, 0))
        for source in ("kiosk", "web", "paper")
    ]
    half = (width - 8 * mm) / 2
    pair = Table(
        [
            [
                _hbars(
                    _t(lang, "pdf_chart_sample"), sample_items, half, lang, MUTU_COLOURS["B"], False
                ),
                _hbars(_t(lang, "pdf_by_source"), source_items, half, lang, GREY),
            ]
        ],
        colWidths=[half + 8 * mm, half],
    )
    pair.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    story += [_p(_t(lang, "pdf_col_responses"), st.h2), pair]
    grid = _profile_grid(report, lang, width)
    if grid is not None:
        story += [_p(_t(lang, "pdf_profile"), st.h2), grid]
    if report.by_service:
        story += [
            CondPageBreak(40 * mm),
            _p(_t(lang, "pdf_by_service" if is_ikm else "pdf_by_service_plain"), st.h2),
            _group_table(report.by_service, _t(lang, "pdf_col_service"), report, lang, st, width),
        ]
    if report.by_officer is not None:
        story += [
            CondPageBreak(40 * mm),
            _p(_t(lang, "pdf_by_officer"), st.h2),
            _group_table(report.by_officer, _t(lang, "pdf_col_officer"), report, lang, st, width),
        ]
    story += [
        Spacer(1, 5 * mm),
        KeepTogether([_p(_t(lang, "pdf_method" if is_ikm else "pdf_method_plain"), st.small)]),
    ]
    return story


def render_report_pdf(report: SkmReport, lang: str = "id") -> bytes:
    """The report's PDF bytes (A4 portrait)."""
    _fonts()
    buf = io.BytesIO()
    doc = _Doc(buf, report, lang)
    doc.build(_story(report, lang, doc.width))
    return buf.getvalue()


def write_report_pdf(report: SkmReport, path: str | Path, lang: str = "id") -> Path:
    out = Path(path)
    out.write_bytes(render_report_pdf(report, lang))
    return out
