"""The admin window's use cases on SQLite and PostgreSQL: a new service reaches the kiosk's list,
every change is audited with before/after and announced on the change feed, the catalogue's
rules refuse bad input with nothing written, and a supervisor manages only their own agency."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.db.changefeed import open_feed
from kiosk.db.models import AuditLog, Holiday, Service
from kiosk.errors import BadInput, Forbidden
from kiosk.services import queue, staff
from kiosk.services.admin import calendar, catalogue, people
from kiosk.services.context import AppContext

PASSWORD = "demo12345"


def new_service(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": "IZIN_BARU",
        "agency": "DPMPTSP",
        "kind": "permit",
        "name_id": "Izin Usaha Baru",
        "name_en": "New Business Permit",
        "queue_prefix": "PB",
        "sop_working_days": 5,
        "fee": 0,
        "requirements_id": [
            "Fotokopi KTP",
            {"text": "Akta pendirian", "applies_to": "badan usaha"},
        ],
        "requirements_en": ["Copy of ID card", {"text": "Deed", "applies_to": "legal entities"}],
        "procedure_id": "Ambil antrean, serahkan berkas.",
        "procedure_en": "Take a ticket, hand in the documents.",
        "product_id": "Surat izin",
        "product_en": "Permit letter",
        "stages": ["berkas_diterima", "verifikasi", "izin_terbit", "diserahkan"],
        "daily_quota": 40,
        "priority_allowed": True,
        "hours": {"mon-fri": "08:00-14:00"},
    }
    data.update(changes)
    return data


def _signin(ctx: AppContext, user: str) -> staff.Officer:
    return staff.authenticate(ctx, user, PASSWORD)


@pytest.fixture
def admin(ctx: AppContext) -> staff.Officer:
    return _signin(ctx, "admin")


@pytest.fixture
def supervisor(ctx: AppContext) -> staff.Officer:
    """A supervisor of DPMPTSP (the demo supervisor has no agency)."""
    staff.add_staff(ctx, "spv.dpmptsp", PASSWORD, "supervisor", agency_code="DPMPTSP")
    return _signin(ctx, "spv.dpmptsp")


def test_a_new_service_reaches_the_kiosk_list_audited_and_announced(
    ctx: AppContext, admin: staff.Officer
) -> None:
    feed = open_feed(ctx.db.url)
    assert feed is not None
    with feed:
        feed.changes()
        saved = catalogue.save_service(ctx, admin, new_service(), new=True)
        changed = feed.wait(2.0)
    assert changed & {"services", "*"}, changed
    assert saved["requirement_conditions"][1] == {"id": "badan usaha", "en": "legal entities"}
    listed = {s.code: s for s in queue.list_services(ctx, "DPMPTSP")}
    assert listed["IZIN_BARU"].name_id == "Izin Usaha Baru"
    with ctx.db.snapshot() as session:
        log = session.scalars(select(AuditLog).where(AuditLog.action == "service.create")).one()
        assert log.staff_id == admin.id and log.entity_id == "IZIN_BARU"
        assert log.detail["before"] is None and log.detail["after"]["daily_quota"] == 40

    catalogue.save_service(ctx, admin, new_service(daily_quota=10, fee=25000), new=False)
    with ctx.db.snapshot() as session:
        row = session.scalars(select(Service).where(Service.code == "IZIN_BARU")).one()
        assert (row.daily_quota, row.fee) == (10, 25000)
        log = session.scalars(select(AuditLog).where(AuditLog.action == "service.update")).one()
        assert (
            log.detail["before"]["daily_quota"] == 40 and log.detail["after"]["daily_quota"] == 10
        )


BAD_INPUT = [
    ({"queue_prefix": "A"}, "catalog_prefix_taken"),  # queue A is Dispendukcapil's
    ({"stages": ["no_such_stage"]}, "catalog_unknown_stage"),
    ({"sop_minutes": 30}, "catalog_sop_choice"),  # both SOP kinds
    ({"requirements_en": ["Only one"]}, "catalog_requirements_count"),
    ({"hours": {"mon-fri": "15:00-08:00"}}, "catalog_hours"),
    ({"daily_quota": 0}, "catalog_range"),
]


def test_the_catalogue_rules_refuse_bad_input_and_nothing_is_written(
    ctx: AppContext, admin: staff.Officer
) -> None:
    for changes, reason in BAD_INPUT:
        with pytest.raises(BadInput) as caught:
            catalogue.save_service(ctx, admin, new_service(**changes), new=True)
        assert caught.value.reason == reason, changes
    assert "IZIN_BARU" not in {s.code for s in queue.list_services(ctx)}
    with ctx.db.snapshot() as session:
        audited = session.scalars(select(AuditLog).where(AuditLog.action.like("service.%")))
        assert audited.all() == []


def test_a_supervisor_cannot_edit_another_agencys_service(
    ctx: AppContext, supervisor: staff.Officer
) -> None:
    current = {s["code"]: s for s in catalogue.load_catalogue(ctx, supervisor).catalogue.services}
    ktp = current["KTP_EL"]  # Dispendukcapil's
    with pytest.raises(Forbidden) as caught:
        catalogue.save_service(ctx, supervisor, {**ktp, "daily_quota": 1}, new=False)
    assert caught.value.reason == "other_agency"
    with pytest.raises(Forbidden):
        catalogue.set_service_active(ctx, supervisor, "KTP_EL", False)
    with pytest.raises(Forbidden):  # nor create one for another agency
        catalogue.save_service(ctx, supervisor, new_service(agency="DINKES"), new=True)
    with pytest.raises(Forbidden):  # nor move their own service there
        catalogue.save_service(ctx, supervisor, new_service(), new=True)
        catalogue.save_service(ctx, supervisor, new_service(agency="DINKES"), new=False)
    with pytest.raises(Forbidden):
        catalogue.save_agency(
            ctx, supervisor, {"code": "BARU", "name_id": "x", "name_en": "x"}, new=True
        )
    # Their own agency's service: allowed.
    reklame = current["REKLAME"]
    catalogue.save_service(ctx, supervisor, {**reklame, "daily_quota": 7}, new=False)
    with ctx.db.snapshot() as session:
        quotas = dict(session.execute(select(Service.code, Service.daily_quota)).all())
    assert quotas["REKLAME"] == 7 and quotas["KTP_EL"] == ktp["daily_quota"]


def test_counters_a_new_one_serves_the_new_queue_and_supervisors_stay_in_their_agency(
    ctx: AppContext, admin: staff.Officer, supervisor: staff.Officer
) -> None:
    catalogue.save_service(ctx, admin, new_service(), new=True)
    counter = {"number": 31, "name_id": "Loket 31", "name_en": "Counter 31", "agency": "DPMPTSP",
               "prefixes": ["PB", "P"], "priority_interleave": 3}  # fmt: skip
    catalogue.save_counter(ctx, supervisor, counter, new=True)
    views = {c.number: c for c in queue.list_counters(ctx)}
    assert views[31].prefixes == ("PB", "P") and views[31].agency_code == "DPMPTSP"
    with pytest.raises(BadInput) as caught:  # a queue of another agency
        catalogue.save_counter(ctx, supervisor, {**counter, "prefixes": ["A"]}, new=False)
    assert caught.value.reason == "admin_prefix_other_agency"
    with pytest.raises(Forbidden):  # Dispendukcapil's loket 1
        catalogue.save_counter(
            ctx, supervisor, {**counter, "number": 1, "prefixes": ["P"]}, new=False
        )
    with pytest.raises(BadInput) as caught:
        catalogue.save_counter(ctx, admin, {**counter, "prefixes": ["QQ"]}, new=False)
    assert caught.value.reason == "catalog_unknown_prefix"
    catalogue.retire_counter(ctx, supervisor, 31)
    assert 31 not in {c.number for c in queue.list_counters(ctx) if c.prefixes}


def test_staff_a_supervisor_manages_their_own_agencys_officers(
    ctx: AppContext, admin: staff.Officer, supervisor: staff.Officer
) -> None:
    people.create_staff(ctx, supervisor, username="budi", password="rahasia123", role="officer",
                        full_name="Budi", agency="DPMPTSP")  # fmt: skip
    assert staff.authenticate(ctx, "budi", "rahasia123").agency_code == "DPMPTSP"
    with pytest.raises(Forbidden):
        people.create_staff(ctx, supervisor, username="ani", password="rahasia123", role="admin")
    with pytest.raises(Forbidden):
        people.create_staff(ctx, supervisor, username="ani", password="rahasia123",
                            role="officer", agency="DINKES")  # fmt: skip
    with pytest.raises(Forbidden):  # the demo officer "petugas" is DPMPTSP: fine; admin is not
        people.reset_password(ctx, supervisor, "admin", "rahasia123")
    people.reset_password(ctx, supervisor, "budi", "baru12345")
    assert staff.authenticate(ctx, "budi", "baru12345").username == "budi"
    people.update_staff(ctx, supervisor, "budi", active=False)
    with pytest.raises(Forbidden):
        staff.authenticate(ctx, "budi", "baru12345")
    with pytest.raises(BadInput) as caught:
        people.update_staff(ctx, admin, "admin", active=False)
    assert caught.value.reason == "admin_not_yourself"
    assert {r.username for r in people.list_staff(ctx, supervisor)} == {
        "budi",
        "petugas",
        "spv.dpmptsp",
    }
    with ctx.db.snapshot() as session:
        log = session.scalars(
            select(AuditLog).where(AuditLog.action == "staff.reset_password")
        ).one()
        assert "baru12345" not in str(log.detail)


def test_holidays_add_edit_delete_import_and_load_a_year(
    ctx: AppContext, admin: staff.Officer, supervisor: staff.Officer, tmp_path: Path
) -> None:
    calendar.save_holiday(ctx, admin, date(2026, 8, 18), "cuti_bersama", "Cuti HUT RI")
    calendar.save_holiday(ctx, admin, date(2026, 8, 18), "libur", "Libur HUT RI")
    rows = {r.day: r for r in calendar.list_year(ctx, admin, 2026)}
    assert (rows[date(2026, 8, 18)].kind, rows[date(2026, 8, 18)].name) == ("libur", "Libur HUT RI")
    calendar.delete_holiday(ctx, admin, date(2026, 8, 18))
    assert date(2026, 8, 18) not in {r.day for r in calendar.list_year(ctx, admin, 2026)}
    with pytest.raises(Forbidden):
        calendar.save_holiday(ctx, supervisor, date(2026, 8, 19), "libur", "x")

    added = calendar.load_estimate(ctx, admin, 2028)
    rows2028 = calendar.list_year(ctx, admin, 2028)
    assert added == len(rows2028) > 10 and all(r.provisional for r in rows2028)
    assert date(2028, 1, 1) in {r.day for r in rows2028}
    assert calendar.load_estimate(ctx, admin, 2028) == 0, "loading again adds nothing"

    csv = tmp_path / "h.csv"
    csv.write_text("date,kind,name\n2028-01-01,libur,Tahun Baru 2028 Masehi\n", encoding="utf-8")
    result = calendar.import_csv(ctx, admin, csv)
    assert result["added"] + result["updated"] == 1
    with ctx.db.snapshot() as session:
        days = session.execute(
            select(Holiday.day, Holiday.provisional).where(Holiday.day >= date(2028, 1, 1))
        ).all()
    assert [tuple(d) for d in days] == [(date(2028, 1, 1), False)], "the file replaced the estimate"


def test_announcements_come_with_the_commit_and_never_for_a_refused_change(
    ctx: AppContext, admin: staff.Officer
) -> None:
    feed = open_feed(ctx.db.url)
    assert feed is not None
    with feed:
        feed.changes()
        with pytest.raises(BadInput):
            catalogue.save_service(ctx, admin, new_service(queue_prefix="A"), new=True)
        assert feed.wait(0.5) == set(), "a rolled-back change is not announced"
        calendar.save_holiday(ctx, admin, date(2026, 8, 18), "cuti_bersama", "Cuti HUT RI")
        assert feed.wait(2.0) & {"holidays", "*"}
        counter = {"number": 32, "name_id": "Loket 32", "name_en": "Counter 32",
                   "agency": "DPMPTSP", "prefixes": ["P"], "priority_interleave": 3}  # fmt: skip
        catalogue.save_counter(ctx, admin, counter, new=True)
        assert feed.wait(2.0) & {"counters", "*"}
