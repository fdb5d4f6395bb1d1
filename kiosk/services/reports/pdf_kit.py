"""The house style of the supervisor's report PDFs (queue, SOP, complaints), as in the SKM PDF:
the MPP's header with the report's title and period, a red band on every page of a restricted
copy, KPI boxes, charts drawn by reportlab's own graphics (``reportlab.graphics.charts``),
tables from the same ``Section`` rows as the CSV, and a footer with the moment and the page.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from xml.sax.saxutils import escape

from babel.numbers import format_decimal
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table

from kiosk.i18n import translate
from kiosk.i18n.format import babel_locale
from kiosk.services.reports._common import Column, Section, name_in
from kiosk.services.reports.pdf_style import (
    BOLD,
    BRAND,
    FONT,
    GREY,
    INK,
    MUTU_COLOURS,
    RULE,
    SHADE,
    ReportDoc,
    Styles,
    register_fonts,
    table_style,
    truncate,
)

__all__ = [
    "GOOD",
    "LATE",
    "Kpi",
    "ReportDoc",
    "fmt",
    "hbar_chart",
    "kpi_boxes",
    "render",
    "section_table",
    "vbar_chart",
]

GOOD = MUTU_COLOURS["A"]
LATE = MUTU_COLOURS["D"]
WARN = MUTU_COLOURS["C"]


def t(lang: str, msgid: str, domain: str = "reports", **params: Any) -> str:
    return translate(lang, msgid, domain, **params)


def fmt(value: Any, kind: str, lang: str) -> str:
    """A table cell: "-" for a figure that cannot be computed, locale decimals otherwise."""
    if value is None or value == "":
        return "-"
    loc = babel_locale(lang)
    if kind == "int":
        return format_decimal(value, format="#,##0", locale=loc)
    if kind in ("minutes", "days"):
        return format_decimal(value, format="#,##0.0", locale=loc)
    if kind == "percent":
        return format_decimal(100 * value, format="#,##0.0", locale=loc) + " %"
    if kind == "score":  # a mean on the 1-4 rating scale
        return format_decimal(value, format="#,##0.00", locale=loc)
    if kind == "date" and isinstance(value, str):
        return t(lang, "cell_date", day=date.fromisoformat(value))
    return str(value)


@dataclass(frozen=True)
class Kpi:
    label: str
    value: str
    note: str = ""
    colour: colors.Color = INK


def _wrap(text: str, size: float, width: float, font: str, lines: int) -> list[str]:
    """Words of ``text`` on at most ``lines`` lines of ``width``; the last one truncated."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out: list[str] = []
    words = text.split()
    while words and len(out) < lines:
        line = words.pop(0)
        while words and stringWidth(f"{line} {words[0]}", font, size) <= width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        out[-1] = truncate(out[-1] + " " + " ".join(words), size, width, font)
    return out


def kpi_boxes(items: Sequence[Kpi], width: float) -> Drawing:
    """A row of rounded boxes, each a label (up to two lines), a big figure and a small note."""
    height = 27 * mm
    gap = 3 * mm
    n = max(1, len(items))
    box = (width - gap * (n - 1)) / n
    inner = box - 7 * mm
    d = Drawing(width, height)
    for i, k in enumerate(items):
        x = i * (box + gap)
        d.add(Rect(x, 0, box, height, rx=3 * mm, ry=3 * mm, fillColor=SHADE, strokeColor=RULE))
        for j, line in enumerate(_wrap(k.label, 7.5, inner, BOLD, 2)):
            d.add(
                String(
                    x + 3.5 * mm,
                    height - 6 * mm - j * 3.3 * mm,
                    line,
                    fontName=BOLD,
                    fontSize=7.5,
                    fillColor=GREY,
                )
            )
        # a note up to two lines: cut at one, a percentile note lost its mean
        notes = _wrap(k.note, 6.5, inner, FONT, 2) if k.note else []
        size = 19.0
        while size > 10 and _width(k.value, size) > inner:
            size -= 1
        base = 9.5 * mm if len(notes) > 1 else 8 * mm
        d.add(String(x + 3.5 * mm, base, k.value, fontName=BOLD, fontSize=size, fillColor=k.colour))
        for j, line in enumerate(notes):
            d.add(
                String(
                    x + 3.5 * mm,
                    (5.4 if len(notes) > 1 else 3.2) * mm - j * 2.8 * mm,
                    line,
                    fontName=FONT,
                    fontSize=6.5,
                    fillColor=GREY,
                )
            )
    return d


def _width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, BOLD, size))


def vbar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    width: float,
    *,
    height: float = 55 * mm,
    colour: colors.Color = BRAND,
    bar_colours: Sequence[colors.Color] | None = None,
    value_format: Callable[[float], str] = lambda v: str(int(v)),
) -> Drawing:
    """A column chart (reportlab's VerticalBarChart) with the value above each column."""
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 12 * mm, 9 * mm
    chart.width, chart.height = width - 14 * mm, height - 14 * mm
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = GREY
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.gridStrokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.valueMin = 0
    peak = max(values, default=0)
    chart.valueAxis.valueStep = _step(peak)
    chart.valueAxis.valueMax = max(1, peak) * 1.1
    chart.valueAxis.labelTextFormat = lambda v: format_decimal(v, format="#,##0")
    chart.bars[0].fillColor = colour
    chart.bars[0].strokeColor = None
    if bar_colours:
        for i, c in enumerate(bar_colours):
            chart.bars[(0, i)].fillColor = c
    chart.barLabelFormat = lambda v: value_format(v) if v else ""
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 6.5
    chart.barLabels.fillColor = INK
    chart.barLabels.nudge = 5
    chart.barWidth = 6
    chart.groupSpacing = 3
    d.add(chart)
    return d


def _step(peak: float) -> int:
    """A whole-number grid step giving about five lines up to ``peak``."""
    raw = max(1.0, peak / 5)
    magnitude = 10 ** int(f"{raw:e}".split("e")[1])
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return int(factor * magnitude)
    return int(10 * magnitude)


def hbar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    width: float,
    *,
    colour: colors.Color = BRAND,
    value_format: Callable[[float], str] = lambda v: str(int(v)),
) -> Drawing:
    """A bar chart lying down (reportlab's HorizontalBarChart), labels on the left."""
    row = 6 * mm
    height = row * max(1, len(labels)) + 10 * mm
    label_w = width * 0.42
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 6 * mm
    chart.width, chart.height = width - label_w - 14 * mm, height - 9 * mm
    # reportlab draws the first category at the bottom: reverse, so the list reads downwards
    chart.data = [list(reversed(values)) or [0]]
    chart.categoryAxis.categoryNames = [
        truncate(x, 7.5, label_w - 3 * mm) for x in reversed(labels)
    ]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.strokeColor = RULE
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = GREY
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueStep = _step(max(values, default=0))
    chart.valueAxis.valueMax = max(1, max(values, default=0)) * 1.15
    chart.valueAxis.labelTextFormat = lambda v: format_decimal(v, format="#,##0")
    chart.bars[0].fillColor = colour
    chart.bars[0].strokeColor = None
    chart.barLabelFormat = lambda v: value_format(v)
    chart.barLabels.fontName = FONT
    chart.barLabels.fontSize = 7
    chart.barLabels.fillColor = INK
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    d.add(chart)
    return d


def section_table(
    section: Section,
    lang: str,
    width: float,
    *,
    keys: Sequence[str] | None = None,
    first_share: float = 0.34,
    limit: int = 40,
) -> Table:
    """The section's rows as a table (the first text column takes ``first_share``)."""
    st = Styles()
    head_style = ParagraphStyle("head7", parent=st.head, fontSize=7, leading=8.5)
    columns = [c for c in section.columns if keys is None or c.key in keys]
    if keys is not None:
        columns.sort(key=lambda c: list(keys).index(c.key))
    head = [Paragraph(escape(t(lang, c.heading)), head_style) for c in columns]
    rows: list[list[Any]] = [head]
    for row in list(section.rows)[:limit]:
        cells: list[Any] = []
        for c in columns:
            value = row.get(c.key)
            if c.kind == "text" and c is columns[0] and len(columns) > 1:
                cells.append(str(value or ""))
            elif c.kind == "text":
                cells.append(Paragraph(escape(str(value or "")), st.cell))
            else:
                cells.append(fmt(value, c.kind, lang))
        rows.append(cells)
    if len(section.rows) > limit:
        more = t(lang, "pdf_more_rows", count=len(section.rows) - limit)
        rows.append([Paragraph(escape(more), st.small)] + [""] * (len(columns) - 1))
    text_cols = [i for i, c in enumerate(columns) if c.kind == "text"]
    numeric = len(columns) - len(text_cols)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    firsts = [str(r.get(columns[0].key) or "") for r in list(section.rows)[:limit]]
    first_w = min(
        34 * mm, max(16 * mm, max((stringWidth(x, FONT, 7.8) for x in firsts), default=0) + 5 * mm)
    )
    rest_text = max(0, len(text_cols) - 1)
    num_w = 14 * mm if numeric > 6 else 16 * mm if numeric > 4 else 19 * mm

    def fits_heading(c: Column) -> float:
        # never narrower than the heading's longest word, which must not break mid-word
        words = t(lang, c.heading).replace("(", " ").split()
        longest = max((stringWidth(w, head_style.fontName, 7) for w in words), default=0)
        return float(max(num_w, longest + 7))

    num_ws = {i: fits_heading(c) for i, c in enumerate(columns) if c.kind != "text"}
    numbers_w = sum(num_ws.values())
    text_w = (width - first_w - numbers_w) / max(1, rest_text) if rest_text else 0
    widths = []
    for i, c in enumerate(columns):
        if i == 0:
            widths.append(first_w)
        elif c.kind == "text":
            widths.append(text_w)
        else:
            widths.append(num_ws[i])
    if not rest_text:
        widths[0] = width - numbers_w
    del first_share
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = table_style()
    style.add("FONT", (0, 1), (-1, -1), FONT, 7.8)
    style.add("LEFTPADDING", (0, 0), (-1, -1), 3)
    style.add("RIGHTPADDING", (0, 0), (-1, -1), 3)
    for i, c in enumerate(columns):
        if c.kind != "text":
            style.add("ALIGN", (i, 0), (i, -1), "RIGHT")
    table.setStyle(style)
    return table


def render(report: Any, kind: str, lang: str, story: Callable[[float], list[Any]]) -> bytes:
    """Build one report's PDF: the doc with the house header, then ``story(frame_width)``."""
    register_fonts()
    buf = io.BytesIO()
    period = t(lang, "pdf_period", date_from=report.query.date_from, date_to=report.query.date_to)
    doc = ReportDoc(
        buf,
        lang=lang,
        title=t(lang, f"ops_title_{kind}"),
        site=name_in(report.scope.site_names, lang),
        period=period,
        generated_at=report.generated_at,
        restricted=report.restricted,
        restricted_text=t(lang, f"ops_restricted_{kind}"),
    )
    doc.build(story(doc.width))
    return buf.getvalue()


def heading(report: Any, kind: str, lang: str) -> list[Any]:
    """The title block of page 1: title, period, scope."""
    from reportlab.platypus import Spacer

    st = Styles()
    scope = [name_in(names, lang) for names in report.scope.names.values()]
    return [
        Paragraph(escape(t(lang, f"ops_title_{kind}").upper()), st.title),
        Spacer(1, 1.5 * mm),
        Paragraph(
            escape(
                t(
                    lang,
                    "pdf_period",
                    date_from=report.query.date_from,
                    date_to=report.query.date_to,
                )
            ),
            st.sub,
        ),
        Paragraph(escape(" · ".join(scope) if scope else t(lang, "pdf_scope_all")), st.sub),
        Spacer(1, 4 * mm),
    ]


def block(title: str, flowable: Any) -> Any:
    """A heading kept on the page of the table or chart it introduces."""
    from reportlab.platypus import KeepTogether

    return KeepTogether([h2(title), flowable])


def h2(text: str) -> Paragraph:
    return Paragraph(escape(text), Styles().h2)


def small(text: str) -> Paragraph:
    return Paragraph(escape(text), Styles().small)


__all__ += ["WARN", "block", "h2", "heading", "small", "t"]
