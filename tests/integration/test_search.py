"""Finding a service the way citizens type: old names (IMB), typos, word starts, not letters.

Over the real sample catalogue in a real database (list_services), and through the CLI in a
fresh process (`catalog search`, `catalog list`, a mistyped `ticket issue` code).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.errors import BadInput, NotFound
from kiosk.i18n import error_text
from kiosk.services import catalog, queue, search
from kiosk.services.context import AppContext


def codes(services: list[queue.ServiceView]) -> list[str]:
    return [s.code for s in services]


def found(ctx: AppContext, text: str) -> list[str]:
    return codes(queue.list_services(ctx, query=text))


def test_imb_the_old_name_finds_pbg_and_no_longer_limbah(ctx: AppContext) -> None:
    hits = found(ctx, "IMB")
    assert hits[0] == "PBG"
    assert set(hits) == {"PBG", "PBG_RUMAH"}
    for code in ("TPS_B3", "KUMPUL_B3", "AIR_LIMBAH"):  # "lIMBah": letters, not a word
        assert code not in hits
    assert "AIR_LIMBAH" in found(ctx, "limbah")  # the word itself still finds them


def test_a_typo_still_finds_the_service(ctx: AppContext) -> None:
    assert found(ctx, "akta kelahirn") == ["AKTA_LAHIR"]
    assert found(ctx, "pasport")[:2] == ["PASPOR", "E_PASPOR"]


def test_short_words_never_match_fuzzily(ctx: AppContext) -> None:
    assert found(ctx, "KTP") == ["KTP_EL"]
    assert found(ctx, "SKCK") == ["SKCK_BARU", "SKCK_PERPANJANG"]
    # The alias SIM is a whole word: before services whose words only start with "sim".
    assert found(ctx, "sim")[0] == "SIM_PERPANJANG"


def test_every_word_must_match_and_exact_hits_come_before_typos(ctx: AppContext) -> None:
    assert found(ctx, "dokter gigi") == ["SIP_DRG", "SIP_DRG_SP"]
    ranked = found(ctx, "rumah")
    # Names first ("Rumah Sakit", "PBG Rumah ..."), then the keyword hit (PBG: "rumah").
    assert ranked.index("PBG_RUMAH") < ranked.index("PBG")
    assert found(ctx, "") == codes(queue.list_services(ctx))


def test_a_wrong_code_suggests_close_ones(ctx: AppContext) -> None:
    with pytest.raises(NotFound) as caught:
        queue.issue_ticket(ctx, "KTPEL")
    assert caught.value.reason == "service_similar"
    assert caught.value.params == {"code": "KTPEL", "suggestions": ["KTP_EL"]}
    assert error_text("id", caught.value).endswith("Kode yang mirip: KTP_EL.")
    with pytest.raises(NotFound) as caught:
        queue.get_service(ctx, "IMB")
    assert caught.value.params["suggestions"][0] == "PBG"
    with pytest.raises(NotFound) as caught:
        queue.get_service(ctx, "QQQQQQ")
    assert caught.value.reason == "service" and "suggestions" not in caught.value.params
    assert error_text("en", caught.value) == "There is no service QQQQQQ."


def test_names_show_their_code_once() -> None:
    assert search.name_with_code("Tanda Daftar Gudang (TDG)", "TDG") == "Tanda Daftar Gudang (TDG)"
    assert search.name_with_code("Akta Kelahiran", "AKTA_LAHIR") == "Akta Kelahiran (AKTA_LAHIR)"


# --- the catalogue file -------------------------------------------------------------------


def _sample() -> dict:  # type: ignore[type-arg]
    return tomllib.loads(catalog.sample_catalog_path().read_text(encoding="utf-8"))


def test_aliases_are_validated() -> None:
    doc = _sample()
    doc["service"][0]["aliases"] = ["KTP", "ktp"]
    with pytest.raises(BadInput) as err:
        catalog.parse_catalog(doc, "x.toml")
    assert error_text("en", err.value) == (
        """x.toml: service #1 'KTP_EL': aliases: "ktp" appears twice."""
    )
    doc["service"][0]["aliases"] = ["x" * 81]
    with pytest.raises(BadInput) as err:
        catalog.parse_catalog(doc, "x.toml")
    assert (err.value.reason, err.value.params["limit"]) == ("catalog_term_too_long", 80)
    assert "longer than 80 characters" in error_text("en", err.value)
    doc["service"][0]["aliases"] = "KTP"
    with pytest.raises(BadInput) as err:
        catalog.parse_catalog(doc, "x.toml")
    assert "aliases must be a list of non-empty texts" in error_text("en", err.value)


def test_aliases_and_keywords_are_exported(ctx: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "export.toml"
    catalog.export_catalog(ctx, out)
    services = {s["code"]: s for s in tomllib.loads(out.read_text(encoding="utf-8"))["service"]}
    assert services["PBG"]["aliases"] == ["IMB", "Izin Mendirikan Bangunan"]
    assert "rumah" in services["PBG"]["keywords"]
    assert "aliases" not in services["KK"]  # empty lists are left out


# --- the CLI ------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kiosk.cli", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def sqlite_db(ctx: AppContext) -> str:
    if ctx.db.dialect != "sqlite":
        pytest.skip("one backend is enough for the CLI's output")
    return ctx.settings.database_url


def test_cli_search_gives_the_kiosk_order(sqlite_db: str, ctx: AppContext) -> None:
    proc = run_cli("catalog", "search", "akta", "--db", sqlite_db, "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [s["code"] for s in data["services"]] == found(ctx, "akta")
    proc = run_cli("catalog", "search", "IMB", "--db", sqlite_db)
    assert proc.stdout.splitlines()[0].split()[0] == "PBG"
    assert "Persetujuan Bangunan Gedung (PBG)" in proc.stdout


def test_cli_list_by_agency(sqlite_db: str) -> None:
    proc = run_cli("catalog", "list", "--agency", "POLRES", "--db", sqlite_db, "--json")
    assert proc.returncode == 0, proc.stderr
    listed = [s["code"] for s in json.loads(proc.stdout)["services"]]
    assert listed == ["SKCK_BARU", "SKCK_PERPANJANG", "SIM_PERPANJANG"]
    proc = run_cli("catalog", "list", "--agency", "NOPE", "--db", sqlite_db)
    assert proc.returncode == 3 and "NOPE" in proc.stderr


def test_cli_wrong_code_names_the_close_ones(sqlite_db: str) -> None:
    proc = run_cli("ticket", "issue", "KTPEL", "--db", sqlite_db, "--json")
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert "KTP_EL" in proc.stderr.strip().splitlines()[0]
    assert "KTP_EL" in proc.stdout
    assert json.loads(proc.stdout)["ok"] is False


def test_cli_ticket_names_the_service_once(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.sqlite3'}"  # the demo site: open at whatever hour CI runs
    assert run_cli("demo", "--no-window", "--db", db).returncode == 0
    proc = run_cli("ticket", "issue", "TDG", "--db", db)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first.endswith("Tanda Daftar Gudang (TDG)"), first
    proc = run_cli("ticket", "issue", "AKTA_LAHIR", "--db", db)
    assert proc.stdout.splitlines()[0].endswith("Akta Kelahiran (AKTA_LAHIR)")
