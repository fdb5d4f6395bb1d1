"""Fuzz the imports an administrator runs (catalogue TOML, holiday CSV, paper-survey CSV)
against a real database: any file is imported whole or refused with one clear line, and a
refused file changes nothing (one transaction per import)."""

from __future__ import annotations

import copy
import csv
import io
import tomllib
from datetime import date
from itertools import count
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.db.models import Agency, Holiday, Service, Stage, SurveyResponse
from kiosk.errors import BadInput
from kiosk.services import catalog, holidays
from kiosk.services.context import AppContext
from kiosk.services.survey.csv_import import import_csv
from tests.fuzz.conftest import assert_clear, fuzz

SAMPLE = tomllib.loads(Path("resources/catalog/sample-catalog.toml").read_text(encoding="utf-8"))
_files = count()
#: The catalogue runs on both backends (PostgreSQL is where a long name was a raw DataError);
#: the CSV imports' rules do not depend on the backend, so they save PostgreSQL's set-up time.
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)

# Strings that broke something once, or may: long, control, bidi, surrogates, NUL, scripts.
nasty_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["B" * 201, "B" * 200, "\u202eanak", "a\x1b[2J", "a\nb", "\x00", "", " ", "Ünïcödé",
         "😀" * 70, "\u200d", "الاسم", "名前" * 60]
    ),
)  # fmt: skip


def _counts(ctx: AppContext, *models: Any) -> tuple[int, ...]:
    with ctx.db.snapshot() as s:
        return tuple(s.scalar(select(func.count()).select_from(m)) or 0 for m in models)


def _write(tmp: Path, data: bytes) -> Path:
    path = tmp / f"fuzz-{next(_files)}"
    path.write_bytes(data)
    return path


# --- the catalogue -----------------------------------------------------------------------------

tables = st.sampled_from(["site", "stage", "agency", "service", "counter"])
catalogue_values = st.one_of(
    nasty_text, st.integers(-3, 10**10), st.booleans(), st.lists(nasty_text, max_size=3),
    st.just({"mon-fri": "08:00-15:00"}), st.just({"mon": "25:00-26:00"}),
)  # fmt: skip


def _mutate(edits: list[tuple[str, int, str, Any]]) -> dict[str, Any]:
    data = copy.deepcopy(SAMPLE)
    for table, index, key, value in edits:
        if table == "site":
            data["site"][key] = value
            continue
        rows = data.get(table, [])
        if rows:
            row = rows[index % len(rows)]
            row[key if key in row else sorted(row)[index % len(row)]] = value
    return data


@fuzz(10)
@given(
    st.lists(
        st.tuples(tables, st.integers(0, 200), st.sampled_from(
            ["name_id", "name_en", "code", "aliases", "queue_prefix", "hours", "number",
             "sop_minutes", "requirements_id", "icon", "prefixes", "x"]
        ), catalogue_values),
        min_size=1,
        max_size=3,
    )
)  # fmt: skip
def test_a_mutated_catalogue_imports_whole_or_not_at_all(
    ctx: AppContext, tmp_path: Path, edits: list[tuple[str, int, str, Any]]
) -> None:
    before = _counts(ctx, Agency, Service, Stage)
    try:
        text = tomli_w.dumps(_mutate(edits)).encode("utf-8")
    except (TypeError, ValueError):  # a value TOML cannot hold: write it raw
        text = b'format = 1\n[site]\nname_id = "\\ud800"\n'
    path = _write(tmp_path, text)
    try:
        parsed = catalog.read_catalog_file(path)
    except BadInput as exc:
        assert_clear(exc)
        assert _counts(ctx, Agency, Service, Stage) == before
        return
    try:
        catalog.import_catalog(ctx, parsed)  # what `catalog check` passed, the import takes
    except BadInput as exc:
        assert exc.reason == "catalog_other_site", exc  # the one rule that needs the database
        assert _counts(ctx, Agency, Service, Stage) == before


@fuzz(20)
@given(st.binary(max_size=300))
def test_any_bytes_as_a_catalogue_are_refused_clearly(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, b"format = 1\n" + data)
    with pytest.raises(BadInput) as caught:
        catalog.read_catalog_file(path)
    assert_clear(caught.value)


# --- holidays ------------------------------------------------------------------------------------

holiday_rows = st.lists(
    st.tuples(
        st.one_of(st.dates(date(2031, 1, 1), date(2031, 12, 31)).map(str), st.text(max_size=11)),
        st.sampled_from(["libur", "cuti_bersama", "x"]),
        nasty_text,
    ),
    min_size=1,
    max_size=5,
)  # fmt: skip


@SQLITE_ONLY
@fuzz(30)
@given(holiday_rows)
def test_a_holiday_file_imports_whole_or_not_at_all(
    ctx: AppContext, tmp_path: Path, rows: list[tuple[str, str, str]]
) -> None:
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(["date", "kind", "name"])
    writer.writerows(rows)
    try:
        data = buf.getvalue().encode("utf-8")
    except UnicodeEncodeError:
        data = buf.getvalue().encode("utf-8", "surrogateescape")
    path = _write(tmp_path, data)
    before = _counts(ctx, Holiday)
    try:
        days = holidays.read_holidays_file(path)
    except BadInput as exc:
        assert_clear(exc)
        assert _counts(ctx, Holiday) == before
        return
    result = holidays.import_holidays(ctx, days)
    assert result["listed"] == len(days)


# --- paper surveys ---------------------------------------------------------------------------

HEADER = "date,service,u1,u2,u3,u4,u5,u6,u7,u8,u9,gender,age,education,job,time\n"
cells = st.one_of(st.sampled_from(["1", "2", "3", "4", "5", "", "x", "L", "P"]), nasty_text)


@SQLITE_ONLY
@fuzz(30)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["2026-02-02", "2026-02-30", "02/02/2026", "", "2026-03-01"]),
            st.sampled_from(["KK", "KTP_EL", "NOPE", ""]),
            st.lists(cells, min_size=0, max_size=16),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_survey_sheet_file_imports_whole_or_not_at_all(
    ctx: AppContext, tmp_path: Path, rows: list[tuple[str, str, list[str]]]
) -> None:
    buf = io.StringIO()
    buf.write(HEADER)
    writer = csv.writer(buf, lineterminator="\n")
    for day, service, rest in rows:
        writer.writerow([day, service, *rest])
    path = _write(tmp_path, buf.getvalue().encode("utf-8", "surrogateescape"))
    before = _counts(ctx, SurveyResponse)
    try:
        result = import_csv(ctx, path)
    except BadInput as exc:
        assert_clear(exc)
        assert _counts(ctx, SurveyResponse) == before
        return
    assert _counts(ctx, SurveyResponse)[0] == before[0] + result.rows
