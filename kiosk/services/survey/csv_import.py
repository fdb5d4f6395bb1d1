"""Paper questionnaires typed into a spreadsheet: `mpp-kiosk survey import CSV`.

Format (UTF-8, a BOM is fine; comma-separated, or semicolons as an Indonesian Excel writes):
header ``date,service,u1,...,u9`` (the questionnaire's question codes, any case), optional
``gender,age,education,job,time`` (its profile fields) and ``suggestion``; one sheet per line;
``date`` YYYY-MM-DD; ``service`` a catalogue code; answers 1-4 or empty for unanswered. Profile
values are the choice codes or their words in Indonesian or English ("L", "Perempuan", "SMA");
``age`` may be a number of years; ``time`` may be a clock time ("09:30", "14.15").

All or nothing: the whole file is checked first and written in ONE transaction only when every
line is good. The error names the first bad line and column; ``params["problems"]`` lists up to
50 of them (line, column, reason, value) for a person fixing the sheet.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from kiosk.core.safefile import read_text_file
from kiosk.core.usertext import clean_user_text
from kiosk.db.models import AuditLog, Service, SurveyResponse
from kiosk.errors import BadInput
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer
from kiosk.services.survey.questionnaires import ProfileField, Questionnaire, get_questionnaire
from kiosk.services.survey.responses import MAX_SUGGESTION, time_slot

__all__ = ["MAX_BYTES", "MAX_ROWS", "ImportResult", "import_csv", "read_csv"]

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 200_000
_PROBLEMS_KEPT = 50
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")


@dataclass(frozen=True)
class _Sheet:
    line: int
    day: date
    at: time
    service_id: int
    answers: dict[str, int]
    profile: dict[str, str]
    suggestion: str


@dataclass
class ImportResult:
    """What was imported: for the CLI's summary and --json."""

    file: str
    questionnaire: str
    rows: int = 0
    first_day: date | None = None
    last_day: date | None = None
    by_service: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "questionnaire": self.questionnaire,
            "imported": self.rows,
            "first_day": self.first_day.isoformat() if self.first_day else None,
            "last_day": self.last_day.isoformat() if self.last_day else None,
            "by_service": dict(sorted(self.by_service.items())),
        }


class _Problems:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self.total = 0

    def add(self, reason: str, line: int, column: str = "", **params: Any) -> None:
        self.total += 1
        if len(self.items) < _PROBLEMS_KEPT:
            self.items.append({"reason": reason, "line": line, "column": column, **params})

    def raise_first(self) -> None:
        if not self.items:
            return
        first = dict(self.items[0])
        kind = str(first.pop("reason")).removeprefix("survey_csv_")
        raise BadInput(f"survey_csv_{kind}", **first, errors=self.total, problems=self.items)


def _shown(value: str) -> str:
    """A bad cell as an error shows it: short, one line, printable."""
    text = "".join(ch if ch.isprintable() else "?" for ch in value[:40])
    return text + ("..." if len(value) > 40 else "")


def _choice_lookup(f: ProfileField) -> dict[str, str]:
    table: dict[str, str] = {}
    for choice in f.choices:
        for word in (choice.code, *choice.labels.values()):
            table.setdefault(word.strip().casefold(), choice.code)
    return table


def _profile_value(f: ProfileField, raw: str, table: dict[str, str]) -> str | None:
    found = table.get(raw.casefold())
    if found is not None:
        return found
    if raw.isdigit() and any(c.low is not None or c.high is not None for c in f.choices):
        years = int(raw)
        for choice in f.choices:
            if (choice.low is None or years >= choice.low) and (
                choice.high is None or years <= choice.high
            ):
                return choice.code
    if f.code == "time":
        clock = _CLOCK.match(raw)
        if clock and int(clock.group(1)) < 24 and int(clock.group(2)) < 60:
            return time_slot(datetime(2000, 1, 1, int(clock.group(1)), int(clock.group(2))))
    return None


def _decode(path: Path) -> str:
    try:
        return read_text_file(path, MAX_BYTES)
    except BadInput as exc:
        if exc.reason == "file_too_large":  # the survey's own wording of the same limit
            raise BadInput("survey_csv_too_large", **exc.params) from None
        raise


def read_csv(
    ctx: AppContext, path: str | Path, q: Questionnaire
) -> tuple[list[_Sheet], dict[int, str]]:
    """Every sheet of the file, or BadInput naming the first bad line and column."""
    text = _decode(Path(path))
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems = _Problems()
    try:
        header = next(reader)
    except StopIteration:
        raise BadInput("survey_csv_empty", path=str(path)) from None
    except csv.Error:
        raise BadInput("survey_csv_syntax", line=1, path=str(path)) from None
    names = [h.strip().lower() for h in header]
    question_cols = {code.lower(): code for code in q.codes}
    profile_cols = {f.code.lower(): f for f in q.profile}
    known = {"date", "service", "suggestion", *question_cols, *profile_cols}
    for name in names:
        if name not in known:
            problems.add("survey_csv_column_unknown", 1, _shown(name), known=sorted(known))
    missing = [c for c in ("date", "service", *question_cols) if c not in names]
    if missing:
        problems.add("survey_csv_column_missing", 1, missing[0], missing=missing)
    if len(set(names)) != len(names):
        twice = next(n for n in names if names.count(n) > 1)
        problems.add("survey_csv_column_twice", 1, twice)
    problems.raise_first()

    with ctx.db.snapshot() as session:
        services = {
            code.upper(): (sid, code)
            for sid, code in session.execute(
                select(Service.id, Service.code).where(Service.site_id == ctx.site_id(session))
            )
        }
    today = ctx.today()
    lookups = {f.code: _choice_lookup(f) for f in q.profile}
    sheets: list[_Sheet] = []
    service_codes: dict[int, str] = {}
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank lines between blocks of sheets
            if len(sheets) >= MAX_ROWS:
                raise BadInput("survey_csv_too_many", line=line, limit=MAX_ROWS)
            if len(row) != len(names):
                problems.add("survey_csv_cells", line, "", expected=len(names), got=len(row))
                continue
            cells = {name: cell.strip() for name, cell in zip(names, row, strict=True)}
            bad_before = problems.total
            raw_day = cells["date"]
            day: date | None = None
            if _DATE.match(raw_day):
                try:
                    day = date.fromisoformat(raw_day)
                except ValueError:
                    day = None
            if day is None:
                problems.add("survey_csv_date", line, "date", value=_shown(raw_day))
            elif day > today:
                problems.add("survey_csv_date_future", line, "date", value=raw_day)
            found = services.get(cells["service"].upper())
            if found is None:
                problems.add("survey_csv_service", line, "service", value=_shown(cells["service"]))
            answers: dict[str, int] = {}
            for col, code in question_cols.items():
                value = cells[col]
                if value == "":
                    continue
                if value in ("1", "2", "3", "4"):
                    answers[code] = int(value)
                else:
                    problems.add("survey_csv_answer", line, col, value=_shown(value))
            if not answers and problems.total == bad_before:
                problems.add("survey_csv_no_answers", line, "")
            profile: dict[str, str] = {}
            at = time(12, 0)
            for col, f in profile_cols.items():
                value = cells.get(col, "")
                if value == "":
                    continue
                chosen = _profile_value(f, value, lookups[f.code])
                if chosen is None:
                    problems.add(
                        "survey_csv_choice",
                        line,
                        col,
                        value=_shown(value),
                        choices=[c.code for c in f.choices],
                    )
                    continue
                profile[f.code] = chosen
                clock = _CLOCK.match(value) if f.code == "time" else None
                if clock is not None:
                    at = time(int(clock.group(1)), int(clock.group(2)))
                elif f.code == "time":
                    at = time(9, 0) if chosen == "08_12" else time(14, 0)
            suggestion, _ = clean_user_text(cells.get("suggestion", ""), MAX_SUGGESTION)
            if problems.total == bad_before and day is not None and found is not None:
                service_codes[found[0]] = found[1]
                sheets.append(_Sheet(line, day, at, found[0], answers, profile, suggestion))
    except csv.Error:
        problems.add("survey_csv_syntax", reader.line_num or line, "")
    problems.raise_first()
    if not sheets:
        raise BadInput("survey_csv_empty", path=str(path))
    return sheets, service_codes


def import_csv(
    ctx: AppContext,
    path: str | Path,
    *,
    questionnaire: str = "skm",
    officer: Officer | None = None,
    device: str = "csv",
) -> ImportResult:
    """Check the whole file, then store every sheet as a ``paper`` response in one transaction
    (audited, with the signed-in officer when there is one)."""
    q = get_questionnaire(questionnaire)
    sheets, service_codes = read_csv(ctx, path, q)
    zone = ctx.zone
    now = ctx.now()
    counts: Counter[str] = Counter()
    with ctx.db.transaction() as session:
        site_id = ctx.site_id(session)
        rows = []
        for sheet in sheets:
            counts[service_codes[sheet.service_id]] += 1
            rows.append(
                {
                    "site_id": site_id,
                    "questionnaire": q.code,
                    "service_id": sheet.service_id,
                    "day": sheet.day,
                    "source": "paper",
                    "answers": sheet.answers,
                    "profile": sheet.profile,
                    "suggestion": sheet.suggestion,
                    "created_at": datetime.combine(sheet.day, sheet.at, tzinfo=zone),
                    "device": device[:64],
                }
            )
        for start in range(0, len(rows), 5000):
            session.execute(insert(SurveyResponse), rows[start : start + 5000])
        result = ImportResult(
            file=str(path),
            questionnaire=q.code,
            rows=len(rows),
            first_day=min(s.day for s in sheets),
            last_day=max(s.day for s in sheets),
            by_service=dict(counts),
        )
        session.add(
            AuditLog(
                site_id=site_id,
                at=now,
                staff_id=officer.id if officer else None,
                action="survey.import",
                entity="survey_responses",
                detail={
                    "file": Path(path).name,
                    "questionnaire": q.code,
                    "rows": len(rows),
                    "first_day": result.first_day.isoformat() if result.first_day else None,
                    "last_day": result.last_day.isoformat() if result.last_day else None,
                },
            )
        )
    return result
