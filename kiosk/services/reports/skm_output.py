"""The SKM report as JSON (``--json``, a web API) and as CSV (a spreadsheet).

Numbers: NRR and the index to 4 decimals (the exact fraction beside it in JSON), the IKM to 2
as the regulation rounds it. Words (unsur names, profile choices, kinerja) in the reader's
language. Per-officer rows appear only in a restricted report (see reports.skm).
"""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path
from typing import Any

from kiosk.core.ikm import IkmResult, round_half_up
from kiosk.i18n import translate
from kiosk.services.reports.skm import GroupFigure, SkmReport

__all__ = ["report_dict", "write_report_csv"]


def _dec(value: Fraction | None, places: int = 4) -> float | None:
    return None if value is None else float(round_half_up(value, places))


def _ikm(result: IkmResult) -> float | None:
    return None if result.ikm is None else float(result.ikm)


def _group(g: GroupFigure, lang: str, with_mutu: bool) -> dict[str, Any]:
    return {
        "code": g.code,
        "name": g.name(lang),
        "responses": g.responses,
        "ikm": _ikm(g.result),
        "mutu": g.result.mutu if with_mutu else None,
    }


def report_dict(report: SkmReport, lang: str = "id") -> dict[str, Any]:
    """Every figure of the report, JSON-ready."""
    q = report.questionnaire
    with_mutu = q.index == "ikm"
    data: dict[str, Any] = {
        "questionnaire": q.code,
        "title": q.title(lang),
        "site": report.site_names.get(lang) or report.site_names["id"],
        "period": {
            "from": report.query.date_from.isoformat(),
            "to": report.query.date_to.isoformat(),
        },
        "scope": {
            key: {"code": names["code"], "name": names.get(lang) or names["id"]}
            for key, names in report.scope.items()
        },
        "responses": report.responses,
        "population": report.population,
        "sample_needed": report.sample_needed,
        "sample_met": report.sample_met,
        "index": _dec(report.result.index),
        "ikm": _ikm(report.result),
        "mutu": report.mutu,
        "kinerja": report.kinerja(lang),
        "unsur": [
            {
                "code": f.code,
                "name": f.name(lang),
                "answered": f.answered,
                "nrr": _dec(f.nrr),
                "nrr_fraction": None if f.nrr is None else str(f.nrr),
                "nrr_weighted": _dec(f.nrr_weighted),
                "answers": {str(v): f.distribution[v - 1] for v in (1, 2, 3, 4)},
            }
            for f in report.questions
        ],
        "by_source": dict(report.by_source),
        "profile": [
            {
                "code": p.code,
                "label": p.label(lang),
                "counts": {c.code: c.count for c in p.counts},
                "labels": {c.code: c.label(lang) for c in p.counts},
                "unanswered": p.unanswered,
            }
            for p in report.profile
        ],
        "by_service": [_group(g, lang, with_mutu) for g in report.by_service],
        "restricted": report.restricted,
        "generated_at": report.generated_at.isoformat(),
    }
    if report.by_officer is not None:
        data["by_officer"] = [_group(g, lang, with_mutu) for g in report.by_officer]
    return data


CSV_COLUMNS = (
    "section", "code", "label", "count", "nrr", "nrr_weighted",
    "answer_1", "answer_2", "answer_3", "answer_4", "value",
)  # fmt: skip


def _t(lang: str, msgid: str, **params: Any) -> str:
    return translate(lang, msgid, "reports", **params)


def write_report_csv(report: SkmReport, path: str | Path, lang: str = "id") -> Path:
    """One table a spreadsheet opens (UTF-8 with BOM, so Excel reads the accents): the summary
    rows, one row per unsur, the profile counts and the services (officers when restricted)."""
    data = report_dict(report, lang)
    out = Path(path)
    rows: list[dict[str, Any]] = []

    def summary(code: str, label: str, value: Any) -> None:
        rows.append({"section": "summary", "code": code, "label": label, "value": value})

    summary("questionnaire", _t(lang, "report_questionnaire"), data["questionnaire"])
    summary("period_from", _t(lang, "report_period_from"), data["period"]["from"])
    summary("period_to", _t(lang, "report_period_to"), data["period"]["to"])
    for key, scope in data["scope"].items():
        summary(key, _t(lang, f"report_scope_{key}"), f"{scope['code']} {scope['name']}")
    summary("responses", _t(lang, "report_responses"), data["responses"])
    summary("population", _t(lang, "report_population"), data["population"])
    summary("sample_needed", _t(lang, "report_sample_needed"), data["sample_needed"])
    summary("index", _t(lang, "report_index"), _num(data["index"], 4))
    summary("ikm", _t(lang, "report_ikm"), _num(data["ikm"], 2))
    if data["mutu"] is not None:
        summary("mutu", _t(lang, "report_mutu"), data["mutu"])
        summary("kinerja", _t(lang, "report_kinerja"), data["kinerja"])
    for source, count in data["by_source"].items():
        summary(f"source_{source}", _t(lang, f"report_source_{source}"), count)
    for u in data["unsur"]:
        rows.append(
            {
                "section": "unsur",
                "code": u["code"],
                "label": u["name"],
                "count": u["answered"],
                "nrr": _num(u["nrr"], 4),
                "nrr_weighted": _num(u["nrr_weighted"], 4),
                **{f"answer_{v}": u["answers"][str(v)] for v in (1, 2, 3, 4)},
            }
        )
    for p in data["profile"]:
        for code, count in p["counts"].items():
            rows.append(
                {
                    "section": "profile",
                    "code": f"{p['code']}:{code}",
                    "label": f"{p['label']}: {p['labels'][code]}",
                    "count": count,
                }
            )
        rows.append(
            {
                "section": "profile",
                "code": f"{p['code']}:",
                "label": f"{p['label']}: {_t(lang, 'report_not_answered')}",
                "count": p["unanswered"],
            }
        )
    for section in ("by_service", "by_officer"):
        for g in data.get(section) or []:
            rows.append(
                {
                    "section": section.removeprefix("by_"),
                    "code": g["code"],
                    "label": g["name"],
                    "count": g["responses"],
                    "value": _num(g["ikm"], 2),
                }
            )
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: row.get(key, "") for key in CSV_COLUMNS})
    return out


def _num(value: float | None, places: int) -> str:
    """A dot-decimal text with a fixed number of places (spreadsheets in any locale parse it)."""
    return "" if value is None else f"{value:.{places}f}"
