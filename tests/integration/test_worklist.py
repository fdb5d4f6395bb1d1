"""The officer's work list and the staff view of a file (SQLite and PostgreSQL): the agency's open
applications by due date with the overdue ones flagged, the full name for an authorised officer
only, the masked name everywhere the public looks."""

from __future__ import annotations

import pytest

from kiosk.core.clock import FixedClock
from kiosk.errors import Forbidden
from kiosk.services import applications, staff, tracking, worklist
from kiosk.services.context import AppContext
from kiosk.services.worklist import StaffApplicationView
from tests.integration.test_applications import NAME, NIK, add_officer, officer, walk, wib


def test_the_officer_of_the_agency_sees_the_full_name_the_public_does_not(
    ctx: AppContext,
) -> None:
    who = officer(ctx)  # DPMPTSP
    reg = applications.register(ctx, who, "REKLAME_TITIK", name=NAME, nik=NIK)
    view = applications.staff_view(ctx, who, reg.registration_number)
    assert isinstance(view, StaffApplicationView) and view.applicant_name == NAME
    assert view.masked_name == reg.masked_name != NAME
    # every staff action returns the same staff view (the progress panel keeps the name)
    nxt = next(s for s in view.stages if s.state == "pending")
    after = applications.advance(ctx, who, reg.tracking_code, nxt.code)
    assert isinstance(after, StaffApplicationView) and after.applicant_name == NAME
    # the kiosk's and the web's look-up stay masked
    public = tracking.track_code(ctx, reg.tracking_code)
    assert not isinstance(public, StaffApplicationView)
    assert NAME not in repr(public)
    # an officer of another agency does not even get the file
    other = add_officer(ctx, "dinkes1", "DINKES")
    with pytest.raises(Forbidden):
        applications.staff_view(ctx, other, reg.registration_number)


def test_the_work_list_is_the_agencys_open_files_earliest_due_first_overdue_flagged(
    ctx: AppContext, clock: FixedClock
) -> None:
    who = officer(ctx)  # DPMPTSP
    doctor = add_officer(ctx, "dinkes1", "DINKES")
    clock.set(wib(2026, 3, 2, 9))  # Monday
    late = applications.register(ctx, who, "REKLAME_TITIK", name="Budi Santoso", nik=NIK)
    clock.set(wib(2026, 3, 3, 9))
    soon = applications.register(ctx, who, "TOKO_MODERN", name=NAME, nik=NIK)
    done = applications.register(ctx, who, "REKLAME_TITIK", name="Citra Lestari", nik=NIK)
    walk(ctx, who, done.tracking_code, "diserahkan")
    theirs = applications.register(ctx, doctor, "SIP_DR", name="Dewi Anggraini", nik=NIK)
    clock.set(wib(2026, 3, 6, 10))  # Friday: the Monday file (due Thursday 5 March) is late

    items = worklist.work_list(ctx, who)
    numbers = [i.registration_number for i in items]
    assert late.registration_number in numbers and soon.registration_number in numbers
    assert done.registration_number not in numbers, "a handed-over file is not open work"
    assert theirs.registration_number not in numbers, "another agency's file is not listed"
    assert [i.due_at for i in items] == sorted(i.due_at for i in items)
    first = items[0]
    assert first.registration_number == late.registration_number
    assert first.overdue and first.late_working_days == 1
    assert first.applicant_name == "Budi Santoso", "the officer of the agency sees the name"
    by_number = {i.registration_number: i for i in items}
    assert by_number[soon.registration_number].overdue is (soon.due_at < clock.now())

    # the other agency's officer sees theirs only; asking for DPMPTSP's list is refused
    assert [i.registration_number for i in worklist.work_list(ctx, doctor)] == [
        theirs.registration_number
    ]
    with pytest.raises(Forbidden):
        worklist.work_list(ctx, doctor, agency_code="DPMPTSP")
    # a supervisor sees every agency, or the one asked for
    boss = staff.authenticate(ctx, "supervisor", "demo12345")
    assert {i.registration_number for i in worklist.work_list(ctx, boss)} >= set(numbers) | {
        theirs.registration_number
    }
    assert [i.registration_number for i in worklist.work_list(ctx, boss, "DINKES")] == [
        theirs.registration_number
    ]
