"""UU PDP use cases: retention purge (the chain and the statistics survive), a data subject's
export, the counter's search by NIK, key rotation across processes, and where keys come from."""

from __future__ import annotations

import json
import stat
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from kiosk.cli import main
from kiosk.core.clock import FixedClock
from kiosk.core.personal import CONTACT, open_applicant, open_value
from kiosk.core.sealing import Keyring, key_id_of
from kiosk.db.keyfile import ENV_KEYS, KeySource
from kiosk.db.models import Application, ApplicationEvent, AuditLog, Complaint, PrintJob
from kiosk.errors import BadInput, Forbidden, Refused, Unavailable
from kiosk.services import applications, complaints, privacy, tracking
from kiosk.services.audit import verify_chain
from kiosk.services.context import AppContext, build_context
from kiosk.services.reports._common import ReportQuery
from kiosk.services.reports.sop import sop_report
from tests.conftest import settings_for
from tests.integration.test_applications import NAME, NIK, PASSWORD, PHONE, officer, walk

OTHER_NIK = "3513011203850002"


def _handed_over(ctx: AppContext, clock: FixedClock) -> Any:
    who = officer(ctx)
    reg = applications.register(
        ctx, who, "REKLAME_TITIK", name=NAME, nik=NIK, phone=PHONE, printer_uri="preview://x"
    )
    walk(ctx, who, reg.tracking_code, "tanda_tangan")
    applications.mark_ready(ctx, who, reg.tracking_code)
    clock.advance(days=2)
    applications.hand_over(ctx, who, reg.tracking_code, "Diambil sendiri")
    return reg


def test_purge_erases_personal_data_after_retention_and_keeps_chain_and_statistics(
    ctx: AppContext, clock: FixedClock, db_url: str, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    reg = _handed_over(ctx, clock)
    still_open = applications.register(
        ctx, officer(ctx), "REKLAME_TITIK", name="Budi Santoso", nik=OTHER_NIK
    )
    admin = officer(ctx, "admin")
    march = ReportQuery(date(2026, 3, 1), date(2026, 3, 31))
    events = verify_chain(ctx).events
    assert privacy.purge_expired(ctx, admin).applications == (), "not yet: 365 days"

    clock.advance(days=366)
    before = sop_report(ctx, march, officer=admin).totals
    dry = privacy.purge_expired(ctx, admin, dry_run=True)
    assert dry.applications == (reg.registration_number,) and dry.print_jobs == 1
    assert privacy.find_by_nik(ctx, admin, NIK), "a dry run erases nothing"
    with pytest.raises(Forbidden):
        privacy.purge_expired(ctx, officer(ctx))
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)
    # the CLI runs on the real clock (December 2026): a shorter period reaches March's file
    monkeypatch.setenv("MPP_KIOSK_PRIVACY_RETAIN_DAYS_AFTER_HANDOVER", "30")
    assert main(["privacy", "purge", "--user", "admin", "--db", db_url, "--json"]) == 0
    done = json.loads(capsys.readouterr().out)
    assert done["applications"] == [reg.registration_number] and not done["dry_run"]
    assert main(["audit", "verify", "--user", "admin", "--db", db_url]) == 0, "audit verify passes"
    assert privacy.purge_expired(ctx, admin).applications == (), "idempotent"

    with ctx.db.snapshot() as session:
        row = session.scalars(
            select(Application).where(Application.registration_number == reg.registration_number)
        ).one()
        assert (row.name_sealed, row.nik_sealed, row.phone_sealed) == ("", "", "")
        assert (row.nik_digest, row.nik_check, row.phone_check) == ("", "", "")
        assert row.personal_purged_at is not None and row.name_masked == "***"
        job = session.scalars(select(PrintJob).where(PrintJob.application_id == row.id)).one()
        assert job.payload == {"purged": True}
        audit = session.scalars(select(AuditLog).where(AuditLog.action == "privacy.purge")).one()
        assert audit.detail["applications"] == [reg.registration_number]
        assert NIK not in json.dumps(audit.detail)
        last = session.scalars(
            select(ApplicationEvent)
            .where(ApplicationEvent.application_id == row.id)
            .order_by(ApplicationEvent.seq.desc())
        ).first()
        assert last is not None and last.kind == "personal_erased"
        assert last.status == "handed_over" and last.staff_id == admin.id
    # the history and the statistics survive; nobody can find or identify the applicant
    report = verify_chain(ctx)
    assert report.ok and report.events == events + 1, "the erasure is a link of the history"
    assert sop_report(ctx, march, officer=admin).totals == before
    view = tracking.track_code(ctx, reg.tracking_code)
    assert view.masked_name == "***" and view.status == "handed_over"
    assert tracking.track_typed(ctx, reg.registration_number, NIK[-4:]).kind == "not_recognised"
    assert privacy.find_by_nik(ctx, admin, NIK) == []
    assert privacy.export_subject(ctx, admin, NIK)["applications"] == []
    with pytest.raises(Refused, match="receipt_purged"):
        applications.receipt_data(ctx, admin, reg.tracking_code)
    # the open file keeps everything
    assert [m.registration_number for m in privacy.find_by_nik(ctx, admin, OTHER_NIK)] == [
        still_open.registration_number
    ]


def test_purge_erases_a_closed_complaint_s_contact_and_can_be_switched_off(
    ctx: AppContext, clock: FixedClock
) -> None:
    receipt = complaints.file_complaint(
        ctx, category="slow", text="Lama sekali.", contact="0812 7777 8888", device="k",
        source="kiosk",
    )  # fmt: skip
    with ctx.db.transaction() as session:  # closed long ago (the register's steps aside)
        session.execute(
            update(Complaint).values(status="closed", closed_at=ctx.now() - timedelta(days=400))
        )
    admin = officer(ctx, "admin")
    off = build_context(
        settings_for(ctx.db.url, privacy={"retain_days_after_handover": 0}), ctx.clock
    )
    try:
        assert privacy.purge_expired(off, admin).disabled
    finally:
        off.db.dispose()
    assert privacy.purge_expired(ctx, admin).complaints == 1
    assert complaints.reporter_contact(ctx, admin, receipt.code) == ""


def test_export_gives_the_data_subject_everything_and_is_audited(
    ctx: AppContext, clock: FixedClock, monkeypatch: pytest.MonkeyPatch, db_url: str,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    reg = _handed_over(ctx, clock)
    monkeypatch.setenv("MPP_KIOSK_PASSWORD", PASSWORD)
    code = main(["privacy", "export", "--nik", NIK, "--user", "admin", "--db", db_url])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    (app,) = data["applications"]
    assert (app["name"], app["nik"], app["phone"]) == (NAME, NIK, PHONE)
    assert app["registration_number"] == reg.registration_number
    assert app["history"][0]["kind"] == "registered"
    assert app["status"] == "handed_over" and app["print_jobs"][0]["kind"] == "receipt"
    code = main(["privacy", "export", "--nik", NIK, "--user", "petugas", "--db", db_url])
    assert code == 2 and "privacy.export" not in capsys.readouterr().out
    with ctx.db.snapshot() as session:
        rows = session.scalars(select(AuditLog).where(AuditLog.action == "privacy.export")).all()
        assert [r.detail["applications"] for r in rows] == [[reg.registration_number]]
        assert all(NIK not in json.dumps(r.detail) for r in rows)


def test_the_counter_s_nik_search_is_limited_to_the_officer_s_agency(ctx: AppContext) -> None:
    reg = applications.register(ctx, officer(ctx), "REKLAME_TITIK", name=NAME, nik=NIK)
    found = privacy.find_by_nik(ctx, officer(ctx), "3513 0145 0690 2741")  # spaced as on a KTP
    assert [(m.registration_number, m.applicant_name) for m in found] == [
        (reg.registration_number, NAME)
    ]
    with pytest.raises(BadInput):
        privacy.find_by_nik(ctx, officer(ctx), NIK[:15])


def test_rotation_reseals_every_value_and_another_process_follows_the_file(
    ctx: AppContext, db_url: str
) -> None:
    reg = applications.register(ctx, officer(ctx), "REKLAME_TITIK", name=NAME, nik=NIK,
                                phone=PHONE)  # fmt: skip
    receipt = complaints.file_complaint(ctx, category="slow", text="Lama.", contact="0812 1",
                                        device="k", source="kiosk")  # fmt: skip
    other = build_context(settings_for(db_url), ctx.clock)  # a counter running meanwhile
    try:
        old = other.db.keys.keyring().active
        report = privacy.rotate_key(ctx, officer(ctx, "admin"), retire_old=True)
        assert report.active != old and report.retired == (old,) and report.keys == (report.active,)
        assert (report.applications, report.complaints) == (1, 1)
        with ctx.db.snapshot() as session:
            row = session.scalars(select(Application)).one()
            assert {key_id_of(t) for t in (row.name_sealed, row.nik_sealed, row.phone_sealed)} == {
                report.active
            }
        # the other process re-reads the replaced file: reads, look-ups and writes keep working
        ring = other.db.keys.keyring()
        assert ring.active == report.active
        assert (
            tracking.track_typed(other, reg.registration_number, PHONE[-4:]).kind == "application"
        )
        assert complaints.reporter_contact(other, officer(other, "admin"), receipt.code) == "0812 1"
        with other.db.snapshot() as session:
            assert open_applicant(ring, session.scalars(select(Application)).one()).nik == NIK
        assert privacy.key_usage(ctx) == {report.active: 4}
    finally:
        other.db.dispose()


def test_keys_live_in_a_private_file_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sqlite_url: str
) -> None:
    path = tmp_path / "k" / "keys.json"
    ring = KeySource(path).keyring()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert KeySource(path).keyring() == ring, "created once, then read"
    path.write_text("{broken")
    with pytest.raises(Unavailable) as err:
        KeySource(path).keyring()
    assert err.value.reason == "privacy_keys_invalid" and str(path) in str(err.value)

    text = Keyring.fresh().to_text()
    monkeypatch.setenv(ENV_KEYS, text)
    ctx = build_context(settings_for(sqlite_url))
    try:
        env_ring = ctx.db.keys.keyring()
        assert env_ring == Keyring.from_text(text)
        with pytest.raises(BadInput, match="privacy_keys_in_environment"):
            ctx.db.keys.replace(env_ring.with_new_active_key())
        token = env_ring.seal(CONTACT, "x")
        with pytest.raises(Unavailable, match="privacy_key_unknown"):
            open_value(ring, CONTACT, token)
    finally:
        ctx.db.dispose()


def test_a_pc_that_made_its_own_keyring_refuses_instead_of_writing_unreadable_data(
    ctx: AppContext, db_url: str, tmp_path: Path
) -> None:
    applications.register(ctx, officer(ctx), "REKLAME_TITIK", name=NAME, nik=NIK)
    # a second PC whose key file was never copied: it creates its own on first use
    lonely = build_context(
        settings_for(db_url, privacy={"key_file": str(tmp_path / "own.json")}), ctx.clock
    )
    try:
        with pytest.raises(Unavailable, match="privacy_key_unknown"):
            applications.register(lonely, officer(lonely), "REKLAME_TITIK", name=NAME,
                                  nik=OTHER_NIK)  # fmt: skip
        with pytest.raises(Unavailable, match="privacy_key_unknown"):
            tracking.track_typed(lonely, "PRB-2026-000001", NIK[-4:])
    finally:
        lonely.db.dispose()
    assert privacy.find_by_nik(ctx, officer(ctx), NIK), "the site's own PCs carry on"
