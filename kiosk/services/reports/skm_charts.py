"""The SKM report's drawings (reportlab graphics): the IKM / mutu / respondents boxes, the bar
per unsur with the mutu bands' edges, the small horizontal bar charts, the profile grid."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

from babel.numbers import format_decimal
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Table, TableStyle

from kiosk.core.ikm import round_half_up
from kiosk.i18n.format import babel_locale
from kiosk.services.reports.pdf_style import (
    BOLD,
    BRAND,
    FONT,
    GREY,
    INK,
    MUTU_COLOURS,
    RULE,
    SHADE,
    t,
    truncate,
)
from kiosk.services.reports.skm import ProfileFigure, SkmReport

#: The NI (1..4) edges of the mutu bands, for the chart's guide lines.
NI_EDGES = ((Fraction(26, 10), "C"), (Fraction(30644, 10000), "B"), (Fraction(35324, 10000), "A"))


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
    label = t(lang, "pdf_ikm" if is_ikm else "pdf_index")
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
            t(lang, "report_index") + ": " + _fixed(report.result.index, 4, lang),
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
                t(lang, "pdf_mutu"),
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
        kinerja = report.kinerja(lang) or t(lang, "pdf_no_index")
        d.add(
            String(
                x + 22 * mm,
                15 * mm,
                truncate(kinerja, 12, box - 25 * mm, BOLD),
                fontName=BOLD,
                fontSize=12,
                fillColor=INK,
            )
        )
        d.add(
            String(
                x + 22 * mm,
                9 * mm,
                t(lang, "pdf_kinerja"),
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
                t(lang, "pdf_bar_population"),
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
            t(lang, "pdf_bar_responses"),
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
            truncate(
                f"{t(lang, 'pdf_bar_sample')}: {_int(report.sample_needed, lang)}", 7.5, bar_w
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
        label = truncate(f"{f.code}  {f.name(lang)}", 8, label_w - 3 * mm)
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
                truncate(label, 7.5, label_w - 2 * mm),
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
            items.append((t(lang, "report_not_answered"), f.unanswered))
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
