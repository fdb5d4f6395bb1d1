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
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from kiosk.services.reports.pdf_style import (
    BOLD,
    FONT,
    GREY,
    MUTU_COLOURS,
    ReportDoc,
    Styles,
    para,
    register_fonts,
    t,
    table_style,
)
from kiosk.services.reports.skm import GroupFigure, SkmReport
from kiosk.services.reports.skm_charts import (
    _fixed,
    _hbars,
    _int,
    _profile_grid,
    _summary,
    _unsur_chart,
)

__all__ = ["render_report_pdf", "write_report_pdf"]

MAX_SERVICES = 15


def _unsur_table(report: SkmReport, lang: str, st: Styles, width: float) -> Table:
    is_ikm = report.questionnaire.index == "ikm"
    head = [
        para(t(lang, "pdf_col_code"), st.head),
        para(t(lang, "pdf_col_unsur" if is_ikm else "pdf_col_question"), st.head),
        para(t(lang, "pdf_col_answered"), st.head),
        para(t(lang, "pdf_col_answers"), st.head),
        para(t(lang, "pdf_col_nrr"), st.head),
        para(t(lang, "pdf_col_weighted"), st.head),
    ]
    rows: list[list[Any]] = [head]
    for f in report.questions:
        rows.append(
            [
                f.code,
                para(f.name(lang), st.cell),
                _int(f.answered, lang),
                " / ".join(_int(n, lang) for n in f.distribution),
                _fixed(f.nrr, 3, lang),
                _fixed(f.nrr_weighted, 3, lang),
            ]
        )
    rows.append(
        [
            "",
            para(t(lang, "pdf_total_row"), st.cell_bold),
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
    style = table_style(total_row=True)
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
    st: Styles,
    width: float,
) -> Table:
    with_mutu = report.questionnaire.index == "ikm"
    head = [
        para(first_col, st.head),
        para(t(lang, "pdf_col_responses"), st.head),
        para(t(lang, "pdf_ikm" if with_mutu else "pdf_index"), st.head),
    ]
    if with_mutu:
        head.append(para(t(lang, "pdf_col_mutu"), st.head))
    rows: list[list[Any]] = [head]
    shown = list(groups[:MAX_SERVICES])
    for g in shown:
        row = [para(g.name(lang), st.cell), _int(g.responses, lang), _fixed(g.result.ikm, 2, lang)]
        if with_mutu:
            row.append(g.result.mutu or "-")
        rows.append(row)
    rest = groups[MAX_SERVICES:]
    if rest:
        text = t(
            lang, "pdf_more_services", count=len(rest), responses=sum(g.responses for g in rest)
        )
        rows.append([para(text, st.small), "", ""] + ([""] if with_mutu else []))
    fixed = 24 * mm + 20 * mm + (16 * mm if with_mutu else 0)
    widths = [width - fixed, 24 * mm, 20 * mm] + ([16 * mm] if with_mutu else [])
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = table_style()
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


def _title(report: SkmReport, lang: str) -> str:
    return t(lang, "pdf_title", title=report.questionnaire.title(lang))


def _story(report: SkmReport, lang: str, width: float) -> list[Any]:
    st = Styles()
    q = report.questionnaire
    is_ikm = q.index == "ikm"
    story: list[Any] = [
        para(_title(report, lang).upper(), st.title),
        Spacer(1, 1.5 * mm),
        para(
            t(lang, "pdf_period", date_from=report.query.date_from, date_to=report.query.date_to),
            st.sub,
        ),
    ]
    scope = [f"{names.get(lang) or names['id']}" for names in report.scope.values()]
    story.append(para(" · ".join(scope) if scope else t(lang, "pdf_scope_all"), st.sub))
    if q.sample:
        story.append(para(t(lang, "pdf_sample_questionnaire"), st.small))
    story += [Spacer(1, 5 * mm), _summary(report, lang, width), Spacer(1, 2.5 * mm)]
    line = t(
        lang,
        "pdf_responses_line",
        responses=report.responses,
        needed=report.sample_needed,
        visits=report.population,
    )
    if report.sample_needed:
        missing = report.sample_needed - report.responses
        line += " " + (
            t(lang, "pdf_sample_met")
            if missing <= 0
            else t(lang, "pdf_sample_short", missing=missing)
        )
    story.append(para(line, st.body))
    if not report.responses:
        story += [Spacer(1, 6 * mm), para(t(lang, "pdf_no_responses"), st.h2)]
        return story
    if report.ikm is None:
        story.append(para(t(lang, "pdf_no_index"), st.body))
    story += [
        para(t(lang, "pdf_chart_unsur"), st.h2),
        _unsur_chart(report, lang, width),
        para(t(lang, "pdf_table_unsur"), st.h2),
        _unsur_table(report, lang, st, width),
    ]
    if is_ikm:
        story += [Spacer(1, 2 * mm), para(t(lang, "pdf_bands"), st.small)]
    story.append(PageBreak())
    # page 2
    sample_items = [
        (t(lang, "pdf_bar_population"), report.population),
        (t(lang, "pdf_bar_sample"), report.sample_needed),
        (t(lang, "pdf_bar_responses"), report.responses),
    ]
    source_items = [
        (t(lang, f"pdf_source_{source}"), report.by_source.get(source, 0))
        for source in ("kiosk", "web", "paper")
    ]
    half = (width - 8 * mm) / 2
    pair = Table(
        [
            [
                _hbars(
                    t(lang, "pdf_chart_sample"), sample_items, half, lang, MUTU_COLOURS["B"], False
                ),
                _hbars(t(lang, "pdf_by_source"), source_items, half, lang, GREY),
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
    story += [para(t(lang, "pdf_col_responses"), st.h2), pair]
    grid = _profile_grid(report, lang, width)
    if grid is not None:
        story += [para(t(lang, "pdf_profile"), st.h2), grid]
    if report.by_service:
        story += [
            CondPageBreak(40 * mm),
            para(t(lang, "pdf_by_service" if is_ikm else "pdf_by_service_plain"), st.h2),
            _group_table(report.by_service, t(lang, "pdf_col_service"), report, lang, st, width),
        ]
    if report.by_officer is not None:
        story += [
            CondPageBreak(40 * mm),
            para(t(lang, "pdf_by_officer"), st.h2),
            _group_table(report.by_officer, t(lang, "pdf_col_officer"), report, lang, st, width),
        ]
    story += [
        Spacer(1, 5 * mm),
        KeepTogether([para(t(lang, "pdf_method" if is_ikm else "pdf_method_plain"), st.small)]),
    ]
    return story


def render_report_pdf(report: SkmReport, lang: str = "id") -> bytes:
    """The report's PDF bytes (A4 portrait)."""
    register_fonts()
    buf = io.BytesIO()
    doc = ReportDoc(
        buf,
        lang=lang,
        title=_title(report, lang),
        header=report.questionnaire.title(lang),
        site=report.site_names.get(lang) or report.site_names["id"],
        period=t(
            lang, "pdf_period", date_from=report.query.date_from, date_to=report.query.date_to
        ),
        generated_at=report.generated_at,
        restricted=report.restricted,
        restricted_text=t(lang, "pdf_restricted"),
    )
    doc.build(_story(report, lang, doc.width))
    return buf.getvalue()


def write_report_pdf(report: SkmReport, path: str | Path, lang: str = "id") -> Path:
    out = Path(path)
    out.write_bytes(render_report_pdf(report, lang))
    return out
