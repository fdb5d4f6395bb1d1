"""Permit applications on SQLite and PostgreSQL: registration, SOP due dates over the real
2025-2026 calendar, clock stops, progress, rejection, lateness, authorisation, bad input.

The helpers at the top are shared by the other application/tracking/audit test modules.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from kiosk.core.clock import FixedClock
from kiosk.core.codes import code_kind, is_valid_code
from kiosk.core.personal import open_applicant
from kiosk.db.models import Application, ApplicationEvent, ApplicationSequence, Service
from kiosk.errors import BadInput, Forbidden, NotFound, Refused
from kiosk.i18n import error_text
from kiosk.services import applications, staff, tracking
from kiosk.services.applications import RegisteredApplication
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer
from kiosk.services.tracking import ApplicationView

WIB = ZoneInfo("Asia/Jakarta")
PASSWORD = "demo12345"
# 35 Jawa Timur, 13 Kab. Probolinggo, district 01; born 5 Jun 1990 (a woman: 05 + 40); seq 2741.
NIK = "3513014506902741"
NAME = "Siti Aminah Rahayu"
PHONE = "081234569876"


def wib(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WIB)


def officer(ctx: AppContext, username: str = "petugas") -> Officer:
    return staff.authenticate(ctx, username, PASSWORD)


def add_officer(ctx: AppContext, username: str, agency: str) -> Officer:
    staff.add_staff(ctx, username, PASSWORD, "officer", agency_code=agency)
    return officer(ctx, username)


def register(
    ctx: AppContext, who: Officer, service: str = "REKLAME_TITIK", **kwargs: object
) -> RegisteredApplication:
    values: dict[str, object] = {"name": NAME, "nik": NIK, "phone": PHONE}
    values.update(kwargs)
    return applications.register(ctx, who, service, **values)  # type: ignore[arg-type]


def walk(ctx: AppContext, who: Officer, code: str, until: str) -> ApplicationView:
    """Advance stage by stage until the file stands at ``until``."""
    view = tracking.track_code(ctx, code)
    while view.current_stage != until:
        nxt = next(s for s in view.stages if s.state == "pending")
        view = applications.advance(ctx, who, code, nxt.code)
    return view


# --- registration ----------------------------------------------------------------------------


def test_register_gives_a_readable_number_a_secret_code_and_the_sop_due_date(
    ctx: AppContext,
) -> None:
    who = officer(ctx)
    first = register(ctx, who)
    second = register(ctx, who)
    assert first.registration_number == "PRB-2026-000001"
    assert second.registration_number == "PRB-2026-000002"
    assert is_valid_code(first.tracking_code) and code_kind(first.tracking_code) == "application"
    assert first.tracking_code != second.tracking_code
    assert first.tracking_code_display.count("-") == 4
    # 3 working days from Monday 2 March 2026 (day 0): Tue, Wed, Thu.
    assert first.due_date == date(2026, 3, 5)
    assert first.due_at.astimezone(WIB) == wib(2026, 3, 5, 23, 59).replace(second=59)
    assert first.masked_name == "SITI A*** R***"
    assert len(first.documents_id) == 4

    view = tracking.track_code(ctx, first.tracking_code)
    assert view.status == "in_progress" and view.current_stage == "berkas_diterima"
    assert [s.state for s in view.stages][:2] == ["current", "pending"]
    assert view.stages[-2].code == "izin_terbit" and view.stages[-1].code == "diserahkan"
    assert view.late_working_days == 0 and not view.clock_stopped
    with ctx.db.snapshot() as session:
        row = session.scalars(select(Application).order_by(Application.id)).first()
        assert row is not None
        # Stored sealed (kiosk/core/personal.py): only the keyring opens them.
        assert NIK not in row.nik_sealed and row.nik_sealed.startswith("v1.")
        person = open_applicant(ctx.db.keys.keyring(), row)
        assert (person.nik, person.nik_last4, person.phone[-4:]) == (NIK, "2741", "9876")
        assert row.event_count == 1 and len(row.head_hash) == 64


def test_five_day_sop_completed_on_friday_13_march_skips_nyepi_cuti_bersama_and_idulfitri(
    ctx: AppContext, clock: FixedClock
) -> None:
    clock.set(wib(2026, 3, 13, 10, 0))
    reg = register(ctx, officer(ctx, "supervisor"), "SIP_DR")
    # Day 0 Fri 13; Mon 16 (1), Tue 17 (2); 18-24 Nyepi, Idulfitri, cuti bersama, weekend;
    # Wed 25 (3), Thu 26 (4), Fri 27 (5).
    assert reg.due_date == date(2026, 3, 27)


def test_file_completed_on_a_weekend_starts_on_the_next_working_day(
    ctx: AppContext, clock: FixedClock
) -> None:
    clock.set(wib(2026, 3, 16, 9, 0))
    reg = register(ctx, officer(ctx, "supervisor"), "SIP_DR", complete_at=wib(2026, 3, 14, 11))
    # Saturday 14 -> day 0 is Monday 16; then 17, 25, 26, 27, 30.
    assert reg.due_date == date(2026, 3, 30)
    assert reg.complete_at == wib(2026, 3, 14, 11)


def test_year_boundary_due_date_and_numbering_follow_the_local_day(
    ctx: AppContext, clock: FixedClock
) -> None:
    who = officer(ctx, "supervisor")
    clock.set(wib(2025, 12, 23, 10, 0))
    # Tue 23 Dec 2025 + 5: Wed 24, (Natal 25, cuti 26, weekend) Mon 29, Tue 30, Wed 31,
    # (1 Jan libur) Fri 2 Jan 2026.
    assert register(ctx, who, "SIP_DR").due_date == date(2026, 1, 2)
    clock.set(wib(2025, 12, 31, 23, 50))
    assert register(ctx, who).registration_number == "PRB-2025-000002"
    clock.set(wib(2026, 1, 1, 0, 10))  # still 31 December in UTC
    late_night = register(ctx, who)
    assert late_night.registration_number == "PRB-2026-000001"
    # Completed on New Year's Day (libur): day 0 is Fri 2 Jan; +3 = Mon 5, Tue 6, Wed 7.
    assert late_night.due_date == date(2026, 1, 7)


def test_same_day_service_is_due_in_open_minutes(ctx: AppContext, clock: FixedClock) -> None:
    who = officer(ctx)
    reg = register(ctx, who, "OSS_NIB")  # 30 minutes, Monday 09:00
    assert reg.due_at.astimezone(WIB) == wib(2026, 3, 2, 9, 30)
    clock.set(wib(2026, 3, 6, 10, 50))  # Friday, the counter closes at 11:00
    spill = register(ctx, who, "OSS_NIB")
    assert spill.due_at.astimezone(WIB) == wib(2026, 3, 9, 8, 20)


# A bad NIK is refused with a reason code (the front ends word it in the person's language).
BAD_NIKS = [
    ("0000000000000000", "all zeros"),
    ("351301450690274", "16 digits; 15 were given"),
    ("3513014513902741", "birth month"),
    ("3513017206902741", "birth day"),
    ("3513012902010001", "birth day"),  # 29 February 1901/2001 (field trial)
    ("9913014506902741", "province code 99"),
    ("35130145069027x1", "digits 0-9"),
]
BAD_FIELDS: list[tuple[dict[str, object], type[Exception], str]] = [
    ({"name": "  "}, BadInput, "Name is empty"),
    ({"name": "Budi\x1b[2J"}, BadInput, "control characters"),
    ({"name": "x" * 201}, BadInput, "200"),
    ({"phone": "12ab"}, BadInput, "mobile number"),
    ({"complete_at": wib(2026, 3, 3, 9)}, BadInput, "future"),
    ({"complete_at": wib(2026, 1, 2, 9)}, BadInput, "31 days"),
    ({"documents": ["Fotokopi KTP-el pemohon", "Surat sakti"]}, BadInput, "Surat sakti"),
    ({"documents": ["1", "2"]}, Refused, "missing: Consent of the landowner and Size"),
]


def test_bad_registration_input_is_one_clear_line_and_nothing_is_half_written(
    ctx: AppContext,
) -> None:
    who = officer(ctx)
    cases = [({"nik": nik}, BadInput, fragment) for nik, fragment in BAD_NIKS] + BAD_FIELDS
    for kwargs, error, fragment in cases:
        with pytest.raises(error) as err:
            register(ctx, who, **kwargs)
        message = error_text("en", err.value)
        assert fragment in message and "\n" not in message, (kwargs, message)
        assert str(kwargs.get("nik", "-")) not in str(err.value)
        if "nik" in kwargs:
            assert str(kwargs["nik"]) not in message  # a NIK is never echoed into logs
    with ctx.db.snapshot() as session:
        assert session.scalar(select(func.count(Application.id))) == 0
        assert session.scalar(select(func.count()).select_from(ApplicationSequence)) == 0


def test_documents_by_text_or_number_and_the_incomplete_file_lists_what_is_missing(
    ctx: AppContext,
) -> None:
    who = officer(ctx)
    reg = register(
        ctx,
        who,
        documents=["fotokopi ktp-el pemohon", "2", "Consent of the landowner", "4", "2"],
    )
    assert reg.documents_id[1] == "Foto dan denah titik lokasi"
    with pytest.raises(Refused) as err:
        register(ctx, who, documents=["1", "3"])
    assert err.value.reason == "incomplete"
    assert "Foto dan denah titik lokasi" in str(err.value)
    assert "Size and type of billboard construction" in str(err.value)


def test_unknown_or_inactive_service_and_other_agencies_are_refused(ctx: AppContext) -> None:
    petugas = officer(ctx)
    with pytest.raises(NotFound):
        register(ctx, petugas, "NO_SUCH")
    with pytest.raises(Forbidden) as refused:
        register(ctx, petugas, "SIP_DR")  # a DINKES permit; petugas works for DPMPTSP
    assert refused.value.reason == "other_agency"
    assert error_text("id", refused.value).startswith("Akses ditolak: Anda petugas instansi lain.")
    dinkes = add_officer(ctx, "perawat", "DINKES")
    reg = register(ctx, dinkes, "SIP_DR")
    with pytest.raises(Forbidden):
        applications.advance(ctx, petugas, reg.tracking_code, "verifikasi")
    with pytest.raises(Forbidden):
        register(ctx, dinkes, "REKLAME_TITIK")


def test_concurrent_registrations_get_distinct_gap_free_numbers(ctx: AppContext) -> None:
    who = officer(ctx)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            for _ in range(8):
                register(ctx, who)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with ctx.db.snapshot() as session:
        seqs = sorted(session.scalars(select(Application.sequence)))
    assert seqs == list(range(1, 33))


# --- progress and the SOP clock ----------------------------------------------------------------


def test_full_chain_to_hand_over_with_timestamps(ctx: AppContext, clock: FixedClock) -> None:
    who = officer(ctx)
    reg = register(ctx, who)
    clock.advance(hours=1)
    view = applications.advance(ctx, who, reg.registration_number, "verifikasi", "Berkas lengkap")
    assert view.current_stage == "verifikasi"
    assert view.stages[0].state == "done" and view.stages[0].at == wib(2026, 3, 2, 9)
    assert view.stages[1].state == "current" and view.stages[1].at == wib(2026, 3, 2, 10)
    assert view.stages[1].note == "Berkas lengkap"
    view = walk(ctx, who, reg.tracking_code, "tanda_tangan")
    with pytest.raises(Refused, match="not_next_stage"):
        applications.hand_over(ctx, who, reg.tracking_code)
    view = applications.mark_ready(ctx, who, reg.tracking_code)
    assert view.status == "ready" and view.current_stage == "izin_terbit"
    assert view.current_stage_name_en == "Issued, ready for pick-up"
    assert "KTP-el" in view.pickup_id and "KTP-el" in view.pickup_en
    clock.advance(days=7)
    view = applications.hand_over(ctx, who, reg.tracking_code, "Diambil sendiri")
    assert view.status == "handed_over" and view.current_stage == "diserahkan"
    assert all(s.state == "done" and s.at is not None for s in view.stages)
    assert view.late_working_days == 0  # ready on time; pick-up days are the applicant's
    with pytest.raises(Refused, match="application_handed_over"):
        applications.advance(ctx, who, reg.tracking_code, "diserahkan")


def test_stages_are_taken_one_at_a_time(ctx: AppContext) -> None:
    who = officer(ctx)
    reg = register(ctx, who)
    with pytest.raises(Refused) as err:
        applications.advance(ctx, who, reg.tracking_code, "entri_data")
    assert err.value.reason == "not_next_stage" and "verifikasi" in str(err.value)
    with pytest.raises(BadInput, match="pembayaran"):
        applications.advance(ctx, who, reg.tracking_code, "pembayaran")  # not in this chain
    with pytest.raises(NotFound):
        applications.advance(ctx, who, "A-0000-0000-0000-0", "verifikasi")


def test_payment_stage_stops_the_clock_and_moves_the_due_date_by_the_days_held(
    ctx: AppContext, clock: FixedClock
) -> None:
    who = officer(ctx)
    reg = register(ctx, who, "REKLAME")  # 14 working days, with a payment stage
    # Mon 2 Mar + 14: 3-6 (4), 9-13 (9), 16-17 (11), 18-24 closed, 25-27 (14).
    assert reg.due_date == date(2026, 3, 27)
    clock.set(wib(2026, 3, 4, 10))
    view = walk(ctx, who, reg.tracking_code, "pembayaran")
    assert view.status == "waiting_applicant" and view.clock_stopped
    with pytest.raises(Refused) as err:
        applications.resume(ctx, who, reg.tracking_code)
    assert err.value.reason == "applicant_action_stage"
    clock.set(wib(2026, 3, 9, 14))  # paid on Monday: Thu 5, Fri 6, Mon 9 held = 3 days
    view = applications.advance(ctx, who, reg.tracking_code, "verifikasi_kabid", "Lunas")
    assert view.status == "in_progress" and not view.clock_stopped
    assert view.due_date == date(2026, 4, 1)  # Fri 27 Mar + 3: Mon 30, Tue 31, Wed 1 Apr
    with ctx.db.snapshot() as session:
        row = session.scalars(select(Application)).one()
        assert row.paused_working_days == 3
        kinds = list(session.scalars(select(ApplicationEvent.kind).order_by(ApplicationEvent.seq)))
    assert kinds[-2:] == ["resumed", "advanced"]


def test_return_and_resume_over_the_idulfitri_closure_moves_one_working_day(
    ctx: AppContext, clock: FixedClock
) -> None:
    who = officer(ctx)
    clock.set(wib(2026, 3, 16, 9))
    reg = register(ctx, who)  # Mon 16 + 3: Tue 17, Wed 25, Thu 26
    assert reg.due_date == date(2026, 3, 26)
    clock.set(wib(2026, 3, 17, 10))
    view = applications.return_to_applicant(
        ctx, who, reg.tracking_code, "Lengkapi foto lokasi yang jelas"
    )
    assert view.status == "waiting_applicant" and view.clock_stopped
    assert view.stages[0].note == "Lengkapi foto lokasi yang jelas"
    with pytest.raises(Refused):
        applications.return_to_applicant(ctx, who, reg.tracking_code, "lagi")
    clock.set(wib(2026, 3, 25, 8, 30))  # back on the first working day after the closure
    view = applications.resume(ctx, who, reg.tracking_code, "Foto sudah diterima")
    assert view.status == "in_progress" and not view.clock_stopped
    assert view.due_date == date(2026, 3, 27)  # held only Wed 25
    # Stop and restart on the same day: nothing moves.
    applications.return_to_applicant(ctx, who, reg.tracking_code, "Tanda tangan kurang")
    clock.advance(hours=3)
    assert applications.resume(ctx, who, reg.tracking_code).due_date == date(2026, 3, 27)


def test_same_day_service_clock_stop_moves_the_due_moment_by_open_minutes(
    ctx: AppContext, clock: FixedClock
) -> None:
    who = officer(ctx)
    reg = register(ctx, who, "OSS_NIB")  # due 09:30
    clock.set(wib(2026, 3, 2, 9, 10))
    applications.return_to_applicant(ctx, who, reg.tracking_code, "Email belum aktif")
    clock.set(wib(2026, 3, 2, 10, 0))
    view = applications.resume(ctx, who, reg.tracking_code)
    assert view.due_at.astimezone(WIB) == wib(2026, 3, 2, 10, 20)  # 50 minutes held
    clock.set(wib(2026, 3, 2, 10, 45))
    assert tracking.track_code(ctx, reg.tracking_code).late_working_days == 1  # late, same day


def test_lateness_counts_working_days_and_freezes_while_the_applicant_holds_the_file(
    ctx: AppContext, clock: FixedClock
) -> None:
    who = officer(ctx)
    reg = register(ctx, who)  # due Thu 5 Mar
    clock.set(wib(2026, 3, 5, 15))
    assert tracking.track_code(ctx, reg.tracking_code).late_working_days == 0
    clock.set(wib(2026, 3, 7, 10))  # Saturday: late, by its first working day
    assert tracking.track_code(ctx, reg.tracking_code).late_working_days == 1
    clock.set(wib(2026, 3, 10, 10))  # Tuesday: Fri 6, Mon 9, Tue 10
    assert tracking.track_code(ctx, reg.tracking_code).late_working_days == 3
    applications.return_to_applicant(ctx, who, reg.tracking_code, "Surat kuasa kurang")
    clock.set(wib(2026, 3, 13, 10))
    view = tracking.track_code(ctx, reg.tracking_code)
    assert view.clock_stopped and view.late_working_days == 3
    view = applications.resume(ctx, who, reg.tracking_code)  # held Wed-Fri: due moves 3 days
    assert view.due_date == date(2026, 3, 10) and view.late_working_days == 3
    walk(ctx, who, reg.tracking_code, "tanda_tangan")
    applications.mark_ready(ctx, who, reg.tracking_code)
    clock.set(wib(2026, 4, 10, 10))
    assert tracking.track_code(ctx, reg.tracking_code).late_working_days == 3


def test_reject_with_reason_ends_the_timeline(ctx: AppContext, clock: FixedClock) -> None:
    who = officer(ctx)
    reg = register(ctx, who)
    applications.advance(ctx, who, reg.tracking_code, "verifikasi")
    with pytest.raises(BadInput):
        applications.reject(ctx, who, reg.tracking_code, "   ")
    clock.advance(hours=2)
    with pytest.raises(BadInput, match="control"):
        applications.reject(ctx, who, reg.tracking_code, "Ditolak\x1b[31m")
    # a multi-line text box is fine: line breaks become spaces
    view = applications.reject(ctx, who, reg.tracking_code, "Lokasi di jalur hijau\n(RTRW)")
    assert view.status == "rejected" and view.current_stage == "ditolak"
    assert view.reject_reason == "Lokasi di jalur hijau (RTRW)"
    assert [s.code for s in view.stages] == ["berkas_diterima", "verifikasi", "ditolak"]
    assert [s.state for s in view.stages] == ["done", "done", "current"]
    assert view.stages[-1].at == wib(2026, 3, 2, 11)
    for action in (
        lambda: applications.advance(ctx, who, reg.tracking_code, "entri_data"),
        lambda: applications.mark_ready(ctx, who, reg.tracking_code),
        lambda: applications.reject(ctx, who, reg.tracking_code, "lagi"),
    ):
        with pytest.raises(Refused, match="rejected"):
            action()


def test_a_chain_starting_with_payment_starts_with_the_clock_stopped(ctx: AppContext) -> None:
    with ctx.db.transaction() as session:
        service = session.scalars(select(Service).where(Service.code == "SKCK_BARU")).one()
        service.stages = ["pembayaran", "entri_data"]  # an administrator's edit
    polres = add_officer(ctx, "polres", "POLRES")
    reg = register(ctx, polres, "SKCK_BARU")
    view = tracking.track_code(ctx, reg.tracking_code)
    assert view.current_stage == "pembayaran" and view.clock_stopped
    assert view.status == "waiting_applicant"
    # the chain always ends with a ready and a hand-over stage
    assert [s.code for s in view.stages] == [
        "pembayaran",
        "entri_data",
        "siap_diambil",
        "diserahkan",
    ]
    assert view.stages[2].name_id == "Siap diambil"


def test_the_public_view_never_holds_nik_phone_or_full_name(ctx: AppContext) -> None:
    who = officer(ctx)
    reg = register(ctx, who)
    applications.return_to_applicant(
        ctx, who, reg.tracking_code, f"Hubungi {PHONE}; NIK {NIK} salah ketik"
    )
    view = tracking.track_code(ctx, reg.tracking_code)
    text = repr(view)
    for secret in (NIK, PHONE, NAME, "Aminah", "Rahayu", NIK[-8:], PHONE[-8:]):
        assert secret not in text
    assert "SITI A*** R***" in text


def test_the_counter_looks_up_a_file_by_either_code_within_its_agency(ctx: AppContext) -> None:
    who = officer(ctx)
    reg = register(ctx, who)
    for code in (reg.tracking_code, reg.tracking_code_display, reg.registration_number):
        view = applications.staff_view(ctx, who, code)
        assert view.registration_number == reg.registration_number
    dinkes = add_officer(ctx, "bidan", "DINKES")
    with pytest.raises(Forbidden):
        applications.staff_view(ctx, dinkes, reg.registration_number)
    assert applications.staff_view(ctx, officer(ctx, "supervisor"), reg.tracking_code)
    with pytest.raises(NotFound):
        applications.staff_view(ctx, who, "PRB-2026-000099")
