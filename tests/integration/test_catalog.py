"""The catalogue file: the sample's content, validation errors, and a stable round trip."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from kiosk.core.clock import FixedClock
from kiosk.db import migrate
from kiosk.db.models import Service
from kiosk.errors import BadInput
from kiosk.i18n import error_text
from kiosk.services import catalog
from kiosk.services.context import AppContext, build_context
from tests.conftest import settings_for


def fresh_ctx(url: str, clock: FixedClock) -> AppContext:
    ctx = build_context(settings_for(url), clock)
    migrate.upgrade(ctx.db)
    return ctx


def sample_doc() -> dict[str, Any]:
    return tomllib.loads(catalog.sample_catalog_path().read_text(encoding="utf-8"))


def test_sample_has_the_81_permits_and_every_published_field() -> None:
    cat = catalog.read_catalog_file(catalog.sample_catalog_path())
    summary = cat.summary()
    assert summary["permits"] >= 81
    assert summary["services"] > summary["permits"]  # plus the non-permit services
    assert cat.sample is True
    for s in cat.services:
        # the six service-standard components of UU 25/2009, in both languages
        assert s["requirements_id"] and s["requirements_en"]
        assert s["procedure_id"] and s["procedure_en"]
        assert s["sop_working_days"] or s["sop_minutes"]
        assert s["fee"] >= 0
        assert s["product_id"] and s["product_en"]
    served = {p for k in cat.counters for p in k["prefixes"]}
    assert served == {s["queue_prefix"] for s in cat.services}, "every queue needs a counter"


def test_load_sample_export_import_round_trip(
    db_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    ctx = fresh_ctx(db_url, clock)
    catalog.import_catalog(ctx, catalog.read_catalog_file(catalog.sample_catalog_path()))
    first = tmp_path / "first.toml"
    catalog.export_catalog(ctx, first)
    ctx.db.dispose()

    other = fresh_ctx(f"sqlite:///{tmp_path / 'other.sqlite3'}", clock)
    catalog.import_catalog(other, catalog.read_catalog_file(first))
    second = tmp_path / "second.toml"
    catalog.export_catalog(other, second)
    other.db.dispose()
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")
    # and the export says the same as the sample file
    exported = catalog.read_catalog_file(first)
    sample = catalog.read_catalog_file(catalog.sample_catalog_path())
    assert exported == sample


@pytest.mark.postgres
def test_sqlite_and_postgres_hold_the_same_catalogue(
    pg_schema_url: str, clock: FixedClock, tmp_path: Path
) -> None:
    texts = []
    for url in (f"sqlite:///{tmp_path / 'a.sqlite3'}", pg_schema_url):
        ctx = fresh_ctx(url, clock)
        catalog.import_catalog(ctx, catalog.read_catalog_file(catalog.sample_catalog_path()))
        out = tmp_path / f"export-{len(texts)}.toml"
        catalog.export_catalog(ctx, out)
        texts.append(out.read_text(encoding="utf-8"))
        ctx.db.dispose()
    assert texts[0] == texts[1]


def _break(doc: dict[str, Any], how: str) -> dict[str, Any]:
    doc = copy.deepcopy(doc)
    s0, s1 = doc["service"][0], doc["service"][1]
    other_agency = next(s for s in doc["service"] if s["agency"] != s0["agency"])
    match how:
        case "duplicate code":
            s1["code"] = s0["code"]
        case "prefix of another agency":
            other_agency["queue_prefix"] = s0["queue_prefix"]
        case "missing name":
            del s1["name_id"]
        case "zero SOP":
            s1.pop("sop_minutes", None)
            s1["sop_working_days"] = 0
        case "two SOPs":
            s1["sop_working_days"], s1["sop_minutes"] = 3, 30
        case "no SOP":
            s1.pop("sop_working_days", None)
            s1.pop("sop_minutes", None)
        case "unknown agency":
            s1["agency"] = "NOPE"
        case "unknown stage":
            s1["stages"] = [*s1["stages"], "teleportasi"]
        case "requirements mismatch":
            s1["requirements_en"] = s1["requirements_en"][:-1] if len(
                s1["requirements_en"]) > 1 else []  # fmt: skip
        case "bad prefix":
            s1["queue_prefix"] = "a1"
        case "negative fee":
            s1["fee"] = -5
        case "typo key":
            s1["daily_qouta"] = 10
        case "duplicate counter":
            doc["counter"][1]["number"] = doc["counter"][0]["number"]
    return doc


@pytest.mark.parametrize(
    ("how", "reason", "expected"),
    [
        ("duplicate code", "catalog_duplicate", 'duplicate code "'),
        ("prefix of another agency", "catalog_prefix_taken", "is already the queue of agency"),
        ("missing name", "catalog_missing_key", "missing name_id"),
        ("zero SOP", "catalog_range", "sop_working_days must be a whole number from 1 to 365"),
        ("two SOPs", "catalog_sop_choice", "exactly one of sop_working_days"),
        ("no SOP", "catalog_sop_choice", "exactly one of sop_working_days"),
        ("unknown agency", "catalog_unknown_agency", 'unknown agency "NOPE"'),
        ("unknown stage", "catalog_unknown_stage", 'unknown stage "teleportasi"'),
        ("requirements mismatch", "catalog_requirements_count", "requirements"),
        ("bad prefix", "catalog_queue_prefix", "queue_prefix must be 1-3 uppercase letters"),
        ("negative fee", "catalog_range", "fee must be a whole number"),
        ("typo key", "catalog_unknown_key", 'unknown key "daily_qouta"'),
        ("duplicate counter", "catalog_duplicate", 'duplicate number "'),
    ],
)
def test_bad_entries_are_named_and_nothing_is_imported(
    how: str, reason: str, expected: str, sqlite_url: str, clock: FixedClock
) -> None:
    doc = _break(sample_doc(), how)
    with pytest.raises(BadInput) as err:
        catalog.parse_catalog(doc, "mpp.toml")
    assert err.value.reason == reason
    assert err.value.params["source"] == "mpp.toml"
    entry = err.value.params["entry"]
    assert "#" in entry or "counter" in entry  # names the entry
    message = error_text("en", err.value)
    assert expected in message
    assert message.startswith(f"mpp.toml: {entry}: ")
    assert error_text("id", err.value).startswith(f"mpp.toml: {entry}: ")
    ctx = fresh_ctx(sqlite_url, clock)
    with ctx.db.snapshot() as session:
        assert session.scalar(select(func.count(Service.id))) == 0
    ctx.db.dispose()


@pytest.mark.parametrize(
    ("content", "reason", "expected"),
    [
        (None, "file_not_found", "file not found"),
        (b"\xff\xfe format = 1", "file_not_utf8", "not UTF-8"),
        (b"format = \n", "toml_invalid", "not valid TOML: "),
    ],
)
def test_unreadable_catalogue_files_are_one_line_naming_the_file(
    tmp_path: Path, content: bytes | None, reason: str, expected: str
) -> None:
    path = tmp_path / "katalog.toml"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(BadInput) as err:
        catalog.read_catalog_file(path)
    assert err.value.reason == reason
    message = error_text("en", err.value)
    assert message.startswith(f"{path}: ") and expected in message
    assert "\n" not in message


def test_reimport_deactivates_removed_services_but_keeps_their_rows(
    sqlite_url: str, clock: FixedClock
) -> None:
    ctx = fresh_ctx(sqlite_url, clock)
    doc = sample_doc()
    catalog.import_catalog(ctx, catalog.parse_catalog(doc))
    removed = doc["service"].pop()["code"]
    catalog.import_catalog(ctx, catalog.parse_catalog(doc))
    with ctx.db.snapshot() as session:
        row = session.scalar(select(Service).where(Service.code == removed))
        assert row is not None and row.active is False
    assert removed not in {s["code"] for s in catalog.read_catalog(ctx).services}
    ctx.db.dispose()


def test_a_file_for_another_site_is_refused(sqlite_url: str, clock: FixedClock) -> None:
    ctx = fresh_ctx(sqlite_url, clock)
    doc = sample_doc()
    doc["site"]["code"] = "SBY"
    with pytest.raises(BadInput) as err:
        catalog.import_catalog(ctx, catalog.parse_catalog(doc))
    assert err.value.params == {"site": "SBY", "installed": ctx.settings.site.code}
    assert 'catalogue of site "SBY"' in error_text("en", err.value)
    ctx.db.dispose()
