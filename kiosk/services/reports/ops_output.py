"""The queue, SOP and complaints reports as JSON (``--json``) and CSV, and the tables their PDFs
print. The CSV and the PDF tables come from the same ``Section`` rows, so they cannot disagree.

Numbers: minutes and working days to 2 decimals, shares to 4 (0.8125 = 81.25 %); None when a
figure cannot be computed (no ticket called: no wait). CSV: UTF-8 with BOM (Excel reads the
accents), one row per table row, a ``section`` column naming the table, dot decimals.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from kiosk.core.stats import Durations
from kiosk.i18n import translate
from kiosk.services.reports._common import Column, Scope, Section, name_in
from kiosk.services.reports.complaints import DEADLINE_STATES, ComplaintsReport
from kiosk.services.reports.queue import QueueGroup, QueueReport
from kiosk.services.reports.sop import SopGroup, SopReport

__all__ = [
    "complaints_dict",
    "complaints_sections",
    "queue_dict",
    "queue_sections",
    "sop_dict",
    "sop_sections",
    "write_sections_csv",
]


def _t(lang: str, msgid: str, domain: str = "reports", **params: Any) -> str:
    return translate(lang, msgid, domain, **params)


def _r(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _durations(d: Durations) -> dict[str, Any]:
    return {"count": d.count, "mean": _r(d.mean), "p50": _r(d.p50), "p90": _r(d.p90)}


def _head(kind: str, report: Any, lang: str) -> dict[str, Any]:
    scope: Scope = report.scope
    return {
        "report": kind,
        "title": _t(lang, f"ops_title_{kind}"),
        "site": name_in(scope.site_names, lang),
        "period": {
            "from": report.query.date_from.isoformat(),
            "to": report.query.date_to.isoformat(),
        },
        "scope": {
            key: {"code": names["code"], "name": name_in(names, lang)}
            for key, names in scope.names.items()
        },
        "restricted": report.restricted,
        "generated_at": report.generated_at.isoformat(),
    }


# --- queue ----------------------------------------------------------------------------------


def _queue_group(g: QueueGroup, lang: str, rated: bool = False) -> dict[str, Any]:
    data = {
        "code": g.code,
        "name": g.name(lang),
        "tickets": g.tickets,
        "served": g.served,
        "no_shows": g.no_shows,
        "cancelled": g.cancelled,
        "priority": g.priority,
        "no_show_share": _r(g.no_show_share, 4),
        "priority_share": _r(g.priority_share, 4),
        "wait_minutes": _durations(g.wait),
        "service_minutes": _durations(g.service),
    }
    if rated:  # per counter and officer: the citizens' 1-4 ratings of the visits
        data["ratings"] = {"count": g.ratings, "mean": _r(g.rating_mean)}
    return data


def queue_dict(report: QueueReport, lang: str = "id") -> dict[str, Any]:
    data = _head("queue", report, lang)
    data |= {
        "totals": _queue_group(report.totals, lang),
        "priority_kinds": dict(report.priority_kinds),
        "by_service": [_queue_group(g, lang) for g in report.by_service],
        "by_hour": [_queue_group(g, lang) for g in report.by_hour],
        "by_counter": [_queue_group(g, lang, rated=True) for g in report.by_counter],
    }
    if report.by_officer is not None:
        data["by_officer"] = [_queue_group(g, lang, rated=True) for g in report.by_officer]
    return data


QUEUE_COLUMNS = (
    Column("code", "col_code"),
    Column("name", "col_name"),
    Column("tickets", "col_tickets", "int"),
    Column("served", "col_served", "int"),
    Column("no_shows", "col_no_shows", "int"),
    Column("priority", "col_priority", "int"),
    Column("wait_mean", "col_wait_mean", "minutes"),
    Column("wait_p50", "col_wait_p50", "minutes"),
    Column("wait_p90", "col_wait_p90", "minutes"),
    Column("service_mean", "col_service_mean", "minutes"),
    Column("service_p50", "col_service_p50", "minutes"),
    Column("service_p90", "col_service_p90", "minutes"),
)
#: Per counter and officer only: how many visits were rated, and the mean of the 1-4 faces.
RATING_COLUMNS = (
    Column("ratings", "col_ratings", "int"),
    Column("rating_mean", "col_rating_mean", "score"),
)


def _queue_row(g: QueueGroup, lang: str, rated: bool = False) -> dict[str, Any]:
    row = {
        "code": g.code,
        "name": g.name(lang),
        "tickets": g.tickets,
        "served": g.served,
        "no_shows": g.no_shows,
        "priority": g.priority,
        "wait_mean": _r(g.wait.mean),
        "wait_p50": _r(g.wait.p50),
        "wait_p90": _r(g.wait.p90),
        "service_mean": _r(g.service.mean),
        "service_p50": _r(g.service.p50),
        "service_p90": _r(g.service.p90),
    }
    if rated:
        row |= {"ratings": g.ratings, "rating_mean": _r(g.rating_mean)}
    return row


def queue_sections(report: QueueReport, lang: str = "id") -> list[Section]:
    def section(key: str, groups: Sequence[QueueGroup], restricted: bool = False) -> Section:
        rated = key in ("by_counter", "by_officer")
        return Section(
            key,
            f"sec_{key}",
            QUEUE_COLUMNS + RATING_COLUMNS if rated else QUEUE_COLUMNS,
            [_queue_row(g, lang, rated) for g in groups],
            restricted,
        )

    sections = [
        section("totals", [report.totals]),
        section("by_service", report.by_service),
        section("by_hour", report.by_hour),
        section("by_counter", report.by_counter),
        Section(
            "priority_kinds",
            "sec_priority_kinds",
            (
                Column("code", "col_code"),
                Column("name", "col_name"),
                Column("tickets", "col_tickets", "int"),
            ),
            [
                {"code": k, "name": _t(lang, f"priority_{k}", "kiosk"), "tickets": n}
                for k, n in report.priority_kinds.items()
            ],
        ),
    ]
    if report.by_officer is not None:
        sections.append(section("by_officer", report.by_officer, restricted=True))
    return sections


# --- SOP ------------------------------------------------------------------------------------


def _sop_group(g: SopGroup, lang: str) -> dict[str, Any]:
    return {
        "code": g.code,
        "name": g.name(lang),
        "sop_working_days": g.sop_days,
        "completed": g.completed,
        "on_time": g.on_time,
        "late": g.late,
        "on_time_share": _r(g.on_time_share, 4),
        "rejected": g.rejected,
        "working_days_used": _durations(g.used),
        "clock_stopped_files": g.stopped_files,
        "clock_stopped_working_days": g.stopped_days,
        "overdue_now": g.overdue_now,
    }


def sop_dict(report: SopReport, lang: str = "id") -> dict[str, Any]:
    data = _head("sop", report, lang)
    data |= {
        "as_of": report.as_of.isoformat(),
        "totals": _sop_group(report.totals, lang),
        "by_service": [_sop_group(g, lang) for g in report.by_service],
        "by_agency": [_sop_group(g, lang) for g in report.by_agency],
        "distribution": {str(k): n for k, n in report.distribution.items()},
    }
    if report.overdue is not None:
        data["overdue"] = [
            {
                "registration_number": f.registration_number,
                "service": f.service_code,
                "stage": f.stage,
                "status": f.status,
                "due_date": f.due_date.isoformat(),
                "late_working_days": f.late_working_days,
            }
            for f in report.overdue
        ]
    return data


SOP_COLUMNS = (
    Column("code", "col_code"),
    Column("name", "col_name"),
    Column("sop_days", "col_sop_days", "int"),
    Column("completed", "col_completed", "int"),
    Column("on_time", "col_on_time", "int"),
    Column("late", "col_late", "int"),
    Column("on_time_share", "col_on_time_share", "percent"),
    Column("used_mean", "col_used_mean", "days"),
    Column("used_p90", "col_used_p90", "days"),
    Column("stopped_files", "col_stopped_files", "int"),
    Column("stopped_days", "col_stopped_days", "int"),
    Column("rejected", "col_rejected", "int"),
    Column("overdue_now", "col_overdue_now", "int"),
)


def _sop_row(g: SopGroup, lang: str) -> dict[str, Any]:
    return {
        "code": g.code,
        "name": g.name(lang),
        "sop_days": g.sop_days,
        "completed": g.completed,
        "on_time": g.on_time,
        "late": g.late,
        "on_time_share": _r(g.on_time_share, 4),
        "used_mean": _r(g.used.mean),
        "used_p90": _r(g.used.p90),
        "stopped_files": g.stopped_files,
        "stopped_days": g.stopped_days,
        "rejected": g.rejected,
        "overdue_now": g.overdue_now,
    }


def distribution_label(offset: int, lang: str) -> str:
    if offset <= -5:
        return _t(lang, "dist_early_more", days=5)
    if offset >= 5:
        return _t(lang, "dist_late_more", days=5)
    if offset < 0:
        return _t(lang, "dist_early", days=-offset)
    if offset > 0:
        return _t(lang, "dist_late", days=offset)
    return _t(lang, "dist_exact")


def sop_sections(report: SopReport, lang: str = "id") -> list[Section]:
    agency_columns = [c for c in SOP_COLUMNS if c.key != "sop_days"]
    sections = [
        Section("totals", "sec_totals", agency_columns, [_sop_row(report.totals, lang)]),
        Section(
            "by_agency",
            "sec_by_agency",
            agency_columns,
            [_sop_row(g, lang) for g in report.by_agency],
        ),
        Section(
            "by_service",
            "sec_by_service",
            SOP_COLUMNS,
            [_sop_row(g, lang) for g in report.by_service],
        ),
        Section(
            "distribution",
            "sec_distribution",
            (
                Column("code", "col_code"),
                Column("name", "col_name"),
                Column("files", "col_files", "int"),
            ),
            [
                {"code": str(k), "name": distribution_label(k, lang), "files": n}
                for k, n in report.distribution.items()
            ],
        ),
    ]
    if report.overdue is not None:
        sections.append(
            Section(
                "overdue",
                "sec_overdue",
                (
                    Column("code", "col_registration"),
                    Column("service", "col_service"),
                    Column("stage", "col_stage"),
                    Column("due_date", "col_due_date", "date"),
                    Column("late_days", "col_late_days", "int"),
                ),
                [
                    {
                        "code": f.registration_number,
                        "service": f.service_code,
                        "stage": f.stage,
                        "due_date": f.due_date.isoformat(),
                        "late_days": f.late_working_days,
                    }
                    for f in report.overdue
                ],
                restricted=True,
            )
        )
    return sections


# --- complaints -----------------------------------------------------------------------------


def _label(lang: str, family: str, code: str) -> str:
    if family == "class" and code == "unclassified":
        return _t(lang, "complaint_unclassified")
    if family == "deadline":
        return _t(lang, f"deadline_{code}")
    return _t(lang, f"complaint_{family}_{code}", "common")


def complaints_dict(report: ComplaintsReport, lang: str = "id") -> dict[str, Any]:
    data = _head("complaints", report, lang)
    data |= {
        "as_of": report.as_of.isoformat(),
        "received": report.received,
        "by_category": dict(report.by_category),
        "by_class": dict(report.by_class),
        "by_status": dict(report.by_status),
        "deadline": dict(report.deadline),
        "answered_on_time_share": _r(report.answered_on_time_share, 4),
        "closed": report.closed,
        "founded": report.founded,
        "unfounded": report.unfounded,
        "outcomes": dict(report.outcomes),
        "by_agency": [
            {"code": a.code, "name": a.name(lang), "received": a.received, **a.deadline}
            for a in report.by_agency
        ],
    }
    if report.late_list is not None:
        data["overdue"] = [
            {
                "code": c.code,
                "category": c.category,
                "class": c.complaint_class,
                "status": c.status,
                "agency": c.agency_code,
                "due_date": c.due_date.isoformat(),
            }
            for c in report.late_list
        ]
    return data


def complaints_sections(report: ComplaintsReport, lang: str = "id") -> list[Section]:
    count_cols = (
        Column("code", "col_code"),
        Column("name", "col_name"),
        Column("count", "col_count", "int"),
    )

    def counts(key: str, family: str, values: Mapping[str, int]) -> Section:
        rows = [{"code": k, "name": _label(lang, family, k), "count": n} for k, n in values.items()]
        return Section(key, f"sec_{key}", count_cols, rows)

    sections = [
        counts("by_category", "category", report.by_category),
        counts("by_class", "class", report.by_class),
        counts("by_status", "status", report.by_status),
        counts("deadline", "deadline", report.deadline),
        counts("outcomes", "outcome", report.outcomes),
        Section(
            "by_agency",
            "sec_by_agency",
            (
                Column("code", "col_code"),
                Column("name", "col_name"),
                Column("count", "col_received", "int"),
                Column("on_time", "deadline_on_time", "int"),
                Column("late", "deadline_late", "int"),
                Column("overdue", "deadline_overdue", "int"),
                Column("pending", "deadline_pending", "int"),
            ),
            [
                {
                    "code": a.code,
                    "name": a.name(lang),
                    "count": a.received,
                    **{s: a.deadline[s] for s in DEADLINE_STATES},
                }
                for a in report.by_agency
            ],
        ),
    ]
    if report.late_list is not None:
        sections.append(
            Section(
                "overdue",
                "sec_overdue_complaints",
                (
                    Column("code", "col_complaint_code"),
                    Column("name", "col_category"),
                    Column("class", "col_class"),
                    Column("agency", "col_agency"),
                    Column("due_date", "col_due_date", "date"),
                ),
                [
                    {
                        "code": c.code,
                        "name": _label(lang, "category", c.category),
                        "class": _label(lang, "class", c.complaint_class),
                        "agency": c.agency_code,
                        "due_date": c.due_date.isoformat(),
                    }
                    for c in report.late_list
                ],
                restricted=True,
            )
        )
    return sections


# --- CSV ------------------------------------------------------------------------------------


def _csv_value(value: Any, kind: str) -> Any:
    if value is None:
        return ""
    if kind in ("minutes", "days") and isinstance(value, float):
        return f"{value:.2f}"
    if kind == "percent" and isinstance(value, float):
        return f"{value:.4f}"
    if kind == "score" and isinstance(value, float):
        return f"{value:.2f}"
    return value


def write_sections_csv(sections: Sequence[Section], path: str | Path) -> Path:
    """One table: ``section`` + the union of every section's columns, in first-seen order."""
    out = Path(path)
    keys: list[str] = ["section"]
    kinds: dict[str, str] = {}
    for s in sections:
        for c in s.columns:
            if c.key not in kinds:
                keys.append(c.key)
                kinds[c.key] = c.kind
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=keys)
        writer.writeheader()
        for s in sections:
            for row in s.rows:
                line = {"section": s.key}
                line |= {c.key: _csv_value(row.get(c.key), c.kind) for c in s.columns}
                writer.writerow(line)
    return out
