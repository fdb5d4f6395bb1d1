"""The queue, SOP and complaints reports as PDFs (A4, house style of pdf_kit).

Page 1 of each: title, period and scope, the KPI boxes, the main chart and the main table;
then the other tables (the restricted ones only in a restricted copy, which carries the red band
on every page) and a note on how the figures are counted. Every figure comes from the report
objects and their ``Section`` rows (ops_output), the same rows the CSV writes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Spacer

from kiosk.services.reports._common import Section
from kiosk.services.reports.complaints import ComplaintsReport
from kiosk.services.reports.ops_output import (
    complaints_sections,
    queue_sections,
    sop_sections,
)
from kiosk.services.reports.pdf_kit import (
    GOOD,
    LATE,
    WARN,
    Kpi,
    block,
    fmt,
    h2,
    hbar_chart,
    heading,
    kpi_boxes,
    render,
    section_table,
    small,
    t,
    vbar_chart,
)
from kiosk.services.reports.queue import QueueReport
from kiosk.services.reports.sop import SopReport

__all__ = [
    "render_complaints_pdf",
    "render_queue_pdf",
    "render_sop_pdf",
    "write_pdf",
]


def _offset(k: int) -> str:
    """The distribution chart's short axis label: "≤-5", "-1", "0", "+2", "≥+5"."""
    if k <= -5:
        return f"≤{k}"
    if k >= 5:
        return f"≥+{k}"
    return f"+{k}" if k > 0 else str(k)


def _by_key(sections: Sequence[Section]) -> dict[str, Section]:
    return {s.key: s for s in sections}


def _minutes(value: float | None, lang: str) -> str:
    return fmt(value, "minutes", lang)


# --- queue ----------------------------------------------------------------------------------


def render_queue_pdf(report: QueueReport, lang: str = "id") -> bytes:
    sections = _by_key(queue_sections(report, lang))
    tot = report.totals

    def story(width: float) -> list[Any]:
        parts: list[Any] = heading(report, "queue", lang)
        parts += [
            kpi_boxes(
                [
                    Kpi(
                        t(lang, "kpi_tickets"),
                        fmt(tot.tickets, "int", lang),
                        t(lang, "kpi_served", count=tot.served),
                    ),
                    Kpi(
                        t(lang, "kpi_wait"),
                        f"{_minutes(tot.wait.p50, lang)} / {_minutes(tot.wait.p90, lang)}",
                        t(lang, "kpi_wait_note", mean=_minutes(tot.wait.mean, lang)),
                    ),
                    Kpi(
                        t(lang, "kpi_service"),
                        f"{_minutes(tot.service.p50, lang)} / {_minutes(tot.service.p90, lang)}",
                        t(lang, "kpi_wait_note", mean=_minutes(tot.service.mean, lang)),
                    ),
                    Kpi(
                        t(lang, "kpi_no_shows"),
                        fmt(tot.no_show_share, "percent", lang),
                        t(lang, "kpi_count", count=tot.no_shows),
                        WARN,
                    ),
                    Kpi(
                        t(lang, "kpi_priority"),
                        fmt(tot.priority_share, "percent", lang),
                        t(lang, "kpi_count", count=tot.priority),
                    ),
                ],
                width,
            ),
            h2(t(lang, "chart_by_hour")),
            vbar_chart(
                [g.code for g in report.by_hour], [g.tickets for g in report.by_hour], width
            ),
            h2(t(lang, "sec_by_service")),
            section_table(
                sections["by_service"],
                lang,
                width,
                keys=(
                    "code",
                    "name",
                    "tickets",
                    "no_shows",
                    "wait_p50",
                    "wait_p90",
                    "service_p50",
                    "service_p90",
                ),
            ),
            CondPageBreak(50 * mm),
            h2(t(lang, "sec_by_hour")),
            section_table(
                sections["by_hour"],
                lang,
                width,
                keys=("code", "tickets", "served", "no_shows", "wait_mean", "wait_p50", "wait_p90"),
            ),
            CondPageBreak(40 * mm),
            h2(t(lang, "sec_by_counter")),
            section_table(
                sections["by_counter"],
                lang,
                width,
                keys=(
                    "code",
                    "name",
                    "tickets",
                    "served",
                    "no_shows",
                    "wait_p50",
                    "service_p50",
                    "service_p90",
                    "ratings",
                    "rating_mean",
                ),
            ),
        ]
        if sections["priority_kinds"].rows:
            parts.append(
                block(
                    t(lang, "sec_priority_kinds"),
                    section_table(sections["priority_kinds"], lang, width),
                )
            )
        if "by_officer" in sections:
            parts += [
                CondPageBreak(40 * mm),
                h2(t(lang, "sec_by_officer")),
                section_table(
                    sections["by_officer"],
                    lang,
                    width,
                    keys=(
                        "code",
                        "name",
                        "tickets",
                        "served",
                        "no_shows",
                        "service_p50",
                        "service_p90",
                        "ratings",
                        "rating_mean",
                    ),
                ),
            ]
        parts += [Spacer(1, 4 * mm), KeepTogether([small(t(lang, "method_queue"))])]
        return parts

    return render(report, "queue", lang, story)


# --- SOP ------------------------------------------------------------------------------------


def render_sop_pdf(report: SopReport, lang: str = "id") -> bytes:
    sections = _by_key(sop_sections(report, lang))
    tot = report.totals

    def story(width: float) -> list[Any]:
        share = tot.on_time_share
        colour = GOOD if share is not None and share >= 0.9 else WARN if share else LATE
        parts: list[Any] = heading(report, "sop", lang)
        parts += [
            kpi_boxes(
                [
                    Kpi(
                        t(lang, "kpi_completed"),
                        fmt(tot.completed, "int", lang),
                        t(lang, "kpi_rejected", count=tot.rejected),
                    ),
                    Kpi(
                        t(lang, "kpi_on_time"),
                        fmt(share, "percent", lang),
                        t(lang, "kpi_on_time_note", on_time=tot.on_time, late=tot.late),
                        colour,
                    ),
                    Kpi(
                        t(lang, "kpi_used"),
                        fmt(tot.used.p50, "days", lang),
                        t(
                            lang,
                            "kpi_used_note",
                            mean=fmt(tot.used.mean, "days", lang),
                            p90=fmt(tot.used.p90, "days", lang),
                        ),
                    ),
                    Kpi(
                        t(lang, "kpi_overdue_now"),
                        fmt(tot.overdue_now, "int", lang),
                        t(lang, "kpi_as_of", moment=report.as_of),
                        LATE if tot.overdue_now else GOOD,
                    ),
                    Kpi(
                        t(lang, "kpi_stopped"),
                        fmt(tot.stopped_days, "int", lang),
                        t(lang, "kpi_stopped_note", files=tot.stopped_files),
                    ),
                ],
                width,
            ),
            h2(t(lang, "chart_distribution")),
            vbar_chart(
                [_offset(k) for k in report.distribution],
                list(report.distribution.values()),
                width,
                bar_colours=[GOOD if k <= 0 else LATE for k in report.distribution],
            ),
            small(t(lang, "chart_distribution_note")),
            h2(t(lang, "sec_by_agency")),
            section_table(
                sections["by_agency"],
                lang,
                width,
                keys=(
                    "code",
                    "name",
                    "completed",
                    "on_time",
                    "late",
                    "on_time_share",
                    "used_mean",
                    "stopped_days",
                    "overdue_now",
                ),
            ),
            CondPageBreak(50 * mm),
            h2(t(lang, "sec_by_service")),
            section_table(
                sections["by_service"],
                lang,
                width,
                keys=(
                    "code",
                    "name",
                    "sop_days",
                    "completed",
                    "late",
                    "on_time_share",
                    "used_mean",
                    "used_p90",
                    "overdue_now",
                ),
            ),
        ]
        if "overdue" in sections:
            parts += [
                CondPageBreak(40 * mm),
                h2(t(lang, "sec_overdue")),
                section_table(sections["overdue"], lang, width, limit=60),
            ]
        parts += [Spacer(1, 4 * mm), KeepTogether([small(t(lang, "method_sop"))])]
        return parts

    return render(report, "sop", lang, story)


# --- complaints -----------------------------------------------------------------------------


def render_complaints_pdf(report: ComplaintsReport, lang: str = "id") -> bytes:
    sections = _by_key(complaints_sections(report, lang))

    def story(width: float) -> list[Any]:
        dl = report.deadline
        share = report.answered_on_time_share
        parts: list[Any] = heading(report, "complaints", lang)
        category = sections["by_category"]
        parts += [
            kpi_boxes(
                [
                    Kpi(t(lang, "kpi_received"), fmt(report.received, "int", lang)),
                    Kpi(
                        t(lang, "kpi_answered_on_time"),
                        fmt(share, "percent", lang),
                        t(lang, "kpi_on_time_note", on_time=dl["on_time"], late=dl["late"]),
                        GOOD if share is not None and share >= 0.9 else WARN,
                    ),
                    Kpi(
                        t(lang, "kpi_unanswered_overdue"),
                        fmt(dl["overdue"], "int", lang),
                        t(lang, "kpi_as_of", moment=report.as_of),
                        LATE if dl["overdue"] else GOOD,
                    ),
                    Kpi(
                        t(lang, "kpi_founded"),
                        fmt(report.founded, "int", lang),
                        t(
                            lang,
                            "kpi_founded_note",
                            closed=report.closed,
                            unfounded=report.unfounded,
                        ),
                    ),
                ],
                width,
            ),
            h2(t(lang, "sec_by_category")),
            hbar_chart(
                [str(r["name"]) for r in category.rows],
                [int(r["count"]) for r in category.rows],
                width,
            ),
        ]
        half = (width - 6 * mm) / 2
        for left, right in (("by_class", "by_status"), ("deadline", "outcomes")):
            from reportlab.platypus import Table, TableStyle

            pair = Table(
                [
                    [h2(t(lang, f"sec_{left}")), h2(t(lang, f"sec_{right}"))],
                    [
                        section_table(sections[left], lang, half, keys=("name", "count")),
                        section_table(sections[right], lang, half, keys=("name", "count")),
                    ],
                ],
                colWidths=[half + 6 * mm, half],
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
            parts.append(pair)
        parts += [
            CondPageBreak(40 * mm),
            h2(t(lang, "sec_by_agency")),
            section_table(sections["by_agency"], lang, width),
        ]
        if "overdue" in sections:
            parts += [
                CondPageBreak(40 * mm),
                h2(t(lang, "sec_overdue_complaints")),
                section_table(sections["overdue"], lang, width, limit=60),
            ]
        parts += [Spacer(1, 4 * mm), KeepTogether([small(t(lang, "method_complaints"))])]
        return parts

    return render(report, "complaints", lang, story)


def write_pdf(report: Any, path: str | Path, lang: str = "id") -> Path:
    """Write any of the three reports' PDF."""
    renderers: dict[type, Callable[[Any, str], bytes]] = {
        QueueReport: render_queue_pdf,
        SopReport: render_sop_pdf,
        ComplaintsReport: render_complaints_pdf,
    }
    out = Path(path)
    out.write_bytes(renderers[type(report)](report, lang))
    return out
