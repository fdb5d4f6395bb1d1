"""Anchors: a history rewritten with every hash recomputed is caught by `audit verify --anchors`.

The attacker here can write the database and uses the project's own hashing (audit.event_hash,
audit.state_hash, ledger.audit_row_hash) to make every chain consistent again: plain `audit
verify` then finds nothing, and only the signed anchors, kept outside the database, show it.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.cli import main
from kiosk.core.clock import FixedClock
from kiosk.db.ledger import GENESIS, LEDGER, audit_row_hash
from kiosk.db.models import Application, ApplicationEvent, AuditLog, ChainHead
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services import applications
from kiosk.services.audit import event_hash, state_hash, verify_chain
from kiosk.services.context import AppContext
from tests.integration.test_applications import officer, register


@pytest.fixture(autouse=True)
def _supervisor_password(monkeypatch: pytest.MonkeyPatch) -> None:
    """`audit verify` signs in (kiosk/cli/common.py); the demo supervisor's password."""
    from kiosk.services.setup import DEMO_PASSWORD

    monkeypatch.setenv("MPP_KIOSK_PASSWORD", DEMO_PASSWORD)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    code = main([*args, "--json"])
    out = capsys.readouterr().out
    return code, json.loads(out)


def rewrite_history(ctx: AppContext, number: str, reason: str) -> None:
    """Change a rejected file's reason (row and event) and back-date its stages by a day, then
    recompute every hash: the file's chain, the audit rows that carry its head, the audit
    log's chain and its head."""
    with Session(ctx.db.engine) as s, s.begin():
        app = s.scalars(select(Application).where(Application.registration_number == number)).one()
        app.reject_reason = reason
        events = list(
            s.scalars(
                select(ApplicationEvent)
                .where(ApplicationEvent.application_id == app.id)
                .order_by(ApplicationEvent.seq)
            )
        )
        renamed: dict[str, str] = {}
        prev = GENESIS
        for ev in events:
            if ev.kind == "rejected":
                ev.note = reason
            if ev is events[-1]:
                ev.state_hash = state_hash(app)
            ev.prev_hash = prev
            new = event_hash(app, ev)
            renamed[ev.hash], ev.hash, prev = new, new, new
        app.head_hash = prev
        prev = GENESIS
        for row in s.scalars(select(AuditLog).order_by(AuditLog.seq)):
            head = (row.detail or {}).get("head")
            if row.entity_id == number and head in renamed:
                row.detail = {**row.detail, "head": renamed[head]}
            row.prev_hash = prev
            row.hash = prev = audit_row_hash(row, prev, row.seq or 0)
        chain_head = s.get_one(ChainHead, (app.site_id, LEDGER))
        chain_head.head_hash = prev


def day_of_work(ctx: AppContext, rejected: bool) -> str:
    who = officer(ctx)
    reg = register(ctx, who)
    applications.advance(ctx, who, reg.tracking_code, "verifikasi", note="ok")
    if rejected:
        applications.reject(ctx, who, reg.tracking_code, "Tanda tangan tidak sah")
    return reg.registration_number


@pytest.fixture
def keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path]:
    key, folder = tmp_path / "secret" / "anchor-key.pem", tmp_path / "anchors"
    code, out = cli(capsys, "audit", "keygen", "--key", str(key), "--dir", str(folder))
    assert code == 0, out
    assert out["fingerprint"].startswith("SHA256:")
    return key, folder


def test_keygen_makes_a_private_key_only_its_owner_reads_and_never_overwrites(
    keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    key, folder = keys
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert (folder / "anchor-public-key.pem").read_bytes().startswith(b"-----BEGIN PUBLIC KEY")
    before = key.read_bytes()
    code = main(["audit", "keygen", "--key", str(key), "--dir", str(folder), "--lang", "en"])
    assert code == 2
    assert "already exists" in capsys.readouterr().err
    assert key.read_bytes() == before


def test_a_recomputed_history_is_caught_by_the_first_anchor_it_contradicts(
    ctx: AppContext, db_url: str, clock: FixedClock, keys: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    key, folder = keys
    anchor = ["audit", "anchor", "--db", db_url, "--dir", str(folder), "--key", str(key)]
    verify = ["audit", "verify", "--user", "supervisor", "--db", db_url, "--anchors", str(folder)]
    day_of_work(ctx, rejected=False)
    victim = day_of_work(ctx, rejected=True)  # rejected on day 1
    code, first = cli(capsys, *anchor)
    assert code == 0 and first["n"] == 1, first
    clock.advance(days=1)
    day_of_work(ctx, rejected=True)
    code, second = cli(capsys, *anchor)
    assert code == 0 and second["n"] == 2 and second["digest"] != first["digest"]
    clock.advance(days=1)
    day_of_work(ctx, rejected=False)  # after the last anchor
    code, intact = cli(capsys, *verify)
    assert code == 0 and intact["ok"] and intact["anchors"] == 2, intact

    rewrite_history(ctx, victim, "Berkas tidak lengkap")
    report = verify_chain(ctx)
    assert report.ok, report.broken  # every hash is consistent again: the plain check is fooled
    assert main(["audit", "verify", "--user", "supervisor", "--db", db_url]) == 0
    capsys.readouterr()

    code, caught = cli(capsys, *verify)
    assert code == 1 and caught["ok"] is False
    assert caught["intact"] is True  # the chains themselves are consistent
    failed = caught["first_failed_anchor"]
    assert failed["n"] == 1 and failed["file"].startswith("anchor-000001-")
    assert "rewritten" in failed["problem"]
    assert main(verify) == 1
    line = capsys.readouterr().out.strip()
    assert line.startswith("RUSAK / BROKEN: anchor #1 (anchor-000001-") and "\n" not in line
    # Nor does the tool bless the forged history with a new anchor.
    assert main([*anchor, "--lang", "en"]) == 2
    assert "earlier anchor no longer matches" in capsys.readouterr().err


def test_a_rewrite_after_the_last_anchor_waits_for_the_next_one(
    ctx: AppContext, db_url: str, keys: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """The honest limit: anchors prove nothing changed BEFORE the last anchor."""
    key, folder = keys
    day_of_work(ctx, rejected=False)
    assert main(["audit", "anchor", "--db", db_url, "--dir", str(folder), "--key", str(key)]) == 0
    capsys.readouterr()
    late = day_of_work(ctx, rejected=True)
    rewrite_history(ctx, late, "Berkas tidak lengkap")
    code, out = cli(
        capsys, "audit", "verify", "--user", "supervisor", "--db", db_url, "--anchors", str(folder)
    )
    assert code == 0 and out["anchors"] == 1


def test_anchor_files_that_were_changed_removed_or_signed_by_another_key_are_named(
    ctx: AppContext, db_url: str, tmp_path: Path, keys: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    key, folder = keys
    anchor = ["audit", "anchor", "--db", db_url, "--dir", str(folder), "--key", str(key)]
    verify = ["audit", "verify", "--user", "supervisor", "--db", db_url, "--anchors", str(folder)]
    for _ in range(3):
        day_of_work(ctx, rejected=False)
        assert main(anchor) == 0
    capsys.readouterr()
    files = sorted(folder.glob("anchor-0*.json"))
    assert len(files) == 3

    second = json.loads(files[1].read_text())
    forged = json.loads(files[1].read_text())
    forged["anchor"]["heads"]["audit_log"]["count"] -= 1
    files[1].write_text(json.dumps(forged))
    code, out = cli(capsys, *verify)
    assert code == 1 and out["first_failed_anchor"]["n"] == 2
    assert "signature does not match" in out["first_failed_anchor"]["problem"]
    files[1].write_text(json.dumps(second))

    kept = files[0].read_bytes()
    files[0].unlink()
    code, out = cli(capsys, *verify)
    assert code == 1 and out["first_failed_anchor"]["problem"] == "anchor #1 is missing"
    files[0].write_bytes(kept)
    assert main(verify) == 0
    capsys.readouterr()

    other_key, other_dir = tmp_path / "other.pem", tmp_path / "other"
    assert main(["audit", "keygen", "--key", str(other_key), "--dir", str(other_dir)]) == 0
    capsys.readouterr()
    code, out = cli(capsys, *verify, "--public-key", str(other_dir / "anchor-public-key.pem"))
    assert code == 1 and "signature does not match" in out["first_failed_anchor"]["problem"]


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_no_anchor_for_a_broken_history_an_open_key_or_an_empty_folder(
    ctx: AppContext, db_url: str, tmp_path: Path, keys: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    key, folder = keys
    anchor = ["audit", "anchor", "--db", db_url, "--dir", str(folder), "--lang", "en", "--key"]
    anchor.append(str(key))
    number = day_of_work(ctx, rejected=True)
    code, out = cli(
        capsys, "audit", "verify", "--user", "supervisor", "--db", db_url, "--anchors", str(folder)
    )
    assert code == 1 and out["anchors"] == 0  # nothing anchored yet

    os.chmod(key, 0o644)
    assert main(anchor) == 2
    assert "chmod 600" in capsys.readouterr().err
    os.chmod(key, 0o600)

    with ctx.db.engine.begin() as conn:
        conn.exec_driver_sql(
            f"UPDATE applications SET reject_reason = 'x' WHERE registration_number = '{number}'"
        )
    assert main(anchor) == 2
    err = capsys.readouterr().err.strip()
    assert "history is broken" in err and number in err and "\n" not in err
    assert not list(folder.glob("anchor-0*.json"))

    assert main([*anchor[:-2], "--key", str(tmp_path / "none.pem")]) == 3
    assert "audit keygen" in capsys.readouterr().err


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_settings_name_the_key_and_the_folder(
    ctx: AppContext, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    key, folder = tmp_path / "k" / "key.pem", tmp_path / "a"
    monkeypatch.setenv("MPP_KIOSK_AUDIT_ANCHOR_KEY", str(key))
    monkeypatch.setenv("MPP_KIOSK_AUDIT_ANCHOR_DIR", str(folder))
    assert main(["audit", "keygen"]) == 0
    capsys.readouterr()
    day_of_work(ctx, rejected=False)
    code, out = cli(capsys, "audit", "anchor", "--db", db_url)
    assert code == 0 and Path(out["file"]).parent == folder
    body = json.loads(Path(out["file"]).read_text())["anchor"]
    assert body["digest"] == verify_chain(ctx).digest
    assert body["heads"]["audit_log"]["count"] == verify_chain(ctx).audit_rows
    assert stat.S_IMODE(key.stat().st_mode) == 0o600


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_the_anchor_slip_prints_the_digest_on_58_mm_paper(
    ctx: AppContext, db_url: str, tmp_path: Path, keys: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    key, folder = keys
    day_of_work(ctx, rejected=False)
    printer = f"preview://{tmp_path / 'slips'}?paper=58"
    code, out = cli(
        capsys, "audit", "anchor", "--db", db_url, "--dir", str(folder), "--key", str(key),
        "--printer", printer, "--lang", "en",
    )  # fmt: skip
    assert code == 0 and out["print_job"]["status"] == "done", out
    (png,) = preview_pngs(tmp_path / "slips", "anchor-*")
    escpos = png.with_suffix(".bin").read_bytes()
    digest = out["digest"]
    fingerprint = out["public_key"].removeprefix("SHA256:")
    assert b"AUDIT ANCHOR" in escpos and f"{fingerprint[:8]} {fingerprint[8:16]}".encode() in escpos
    for i in range(0, 64, 16):  # in lines of 16 digits, as 8 + 8
        assert f"{digest[i : i + 8]} {digest[i + 8 : i + 16]}".encode() in escpos
    decoded = [r.text for r in zxingcpp.read_barcodes(Image.open(png))]
    assert decoded == [f"MPP-ANCHOR:1:{digest}"]
