"""The demo site (`mpp-kiosk demo`): open at any hour, holidays too, and an officer who can
call the first ticket a newcomer takes; and the production site's "closed until" facts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.clock import FixedClock
from kiosk.errors import Forbidden, Refused
from kiosk.services import catalog, opening, queue, staff
from kiosk.services.context import AppContext, build_context
from kiosk.services.setup import DEMO_PASSWORD, prepare_database
from tests.conftest import settings_for

WIB = ZoneInfo("Asia/Jakarta")
SUNDAY_NIGHT = datetime(2026, 3, 8, 23, 0, tzinfo=WIB)
LEBARAN = datetime(2026, 3, 21, 10, 0, tzinfo=WIB)  # Idulfitri, a Saturday in the holiday list


@pytest.fixture
def demo(tmp_path: Path) -> AppContext:
    """What `mpp-kiosk demo` prepares, on a clock we move."""
    ctx = build_context(
        settings_for(f"sqlite:///{tmp_path / 'demo.sqlite3'}"), FixedClock(SUNDAY_NIGHT)
    )
    done = prepare_database(ctx, demo_accounts=True, demo=True)
    assert done["demo_site"] is True
    return ctx


def test_the_demo_issues_a_ticket_at_23_on_a_sunday(demo: AppContext) -> None:
    ticket = queue.issue_ticket(demo, "KTP_EL")
    assert ticket.number == "A001"
    card = queue.get_service(demo, "KTP_EL")
    assert card.is_open_now and card.refusal is None
    assert card.hours_text_id == "Setiap hari 00.00-24.00"
    state = opening.site_opening(demo)
    assert state.demo and state.open_now


def test_the_demo_is_open_on_holidays_and_in_the_last_minute(demo: AppContext) -> None:
    demo.clock.set(LEBARAN)  # type: ignore[attr-defined]
    assert queue.issue_ticket(demo, "PBG").number.startswith("R")
    demo.clock.set(datetime(2026, 3, 8, 23, 59, 30, tzinfo=WIB))  # type: ignore[attr-defined]
    assert queue.issue_ticket(demo, "KTP_EL").number == "A001"


def test_the_sample_catalogue_file_keeps_its_real_hours(demo: AppContext) -> None:
    exported = catalog.read_catalog(demo)
    assert exported.default_hours == {"mon-thu": "08:00-15:00", "fri": "08:00-11:00"}


def test_the_demo_officer_calls_the_first_ktp_ticket(demo: AppContext) -> None:
    ticket = queue.issue_ticket(demo, "KTP_EL")  # queue A, Dispendukcapil's lokets 1-4
    officer = staff.authenticate(demo, "petugas", DEMO_PASSWORD)
    queue.open_counter(demo, officer, 1)
    called = queue.call_next(demo, officer, 1)
    assert called is not None and called.number == ticket.number
    # ...and every other counter of the demo too.
    for counter in queue.list_counters(demo):
        queue.open_counter(demo, officer, counter.number)


def test_outside_the_demo_the_officer_keeps_to_their_agency(ctx: AppContext) -> None:
    officer = staff.authenticate(ctx, "petugas", DEMO_PASSWORD)
    with pytest.raises(Forbidden):
        queue.open_counter(ctx, officer, 1)


def test_a_real_catalogue_is_never_turned_into_a_demo(tmp_path: Path) -> None:
    ctx = build_context(settings_for(f"sqlite:///{tmp_path / 'mpp.sqlite3'}"), FixedClock(LEBARAN))
    prepare_database(ctx)
    ours = catalog.read_catalog_file(catalog.sample_catalog_path())
    ours.sample = False
    catalog.import_catalog(ctx, ours)
    assert prepare_database(ctx, demo_accounts=True, demo=True)["demo_site"] is False
    with pytest.raises(Refused):
        queue.issue_ticket(ctx, "KTP_EL")


def test_production_says_when_the_mpp_opens_again(ctx: AppContext) -> None:
    ctx.clock.set(SUNDAY_NIGHT)  # type: ignore[attr-defined]
    state = opening.site_opening(ctx)
    assert not state.demo and not state.open_now
    assert state.next_opening == datetime(2026, 3, 9, 8, 0, tzinfo=WIB)
    with pytest.raises(Refused) as refused:
        queue.issue_ticket(ctx, "KTP_EL")
    assert refused.value.reason == "closed"
    # After Lebaran (18-24 March are holidays or cuti bersama): Wednesday the 25th.
    ctx.clock.set(LEBARAN)  # type: ignore[attr-defined]
    assert opening.site_opening(ctx).next_opening == datetime(2026, 3, 25, 8, 0, tzinfo=WIB)
    ctx.clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=WIB))  # type: ignore[attr-defined]
    assert opening.site_opening(ctx).open_now
