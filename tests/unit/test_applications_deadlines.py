"""SOP deadlines without a database: the real 2025-2026 calendar, minute SOPs, lateness.

These pin the rules the receipt prints ("perkiraan selesai") and the kiosk shows ("terlambat N
hari kerja"); the database-backed tests in tests/integration/test_applications.py check that the
use cases apply them.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.config import resources_dir
from kiosk.core.hours import OpeningHours
from kiosk.core.workdays import WorkCalendar, load_holidays_csv
from kiosk.services.applications import _open_minutes_between, due_for, fee_text
from kiosk.services.tracking import _public_note, late_working_days

CALENDAR = WorkCalendar(load_holidays_csv(resources_dir() / "holidays/holidays-id-2025-2026.csv"))
WIB = ZoneInfo("Asia/Jakarta")
HOURS = OpeningHours.from_mapping({"mon-thu": "08:00-15:00", "fri": "08:00-11:00"})


def wib(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=WIB)


def due_days(complete: datetime, days: int) -> date:
    moment = due_for(
        complete, sop_working_days=days, sop_minutes=None, calendar=CALENDAR, hours=HOURS, zone=WIB
    )
    local = moment.astimezone(WIB)
    assert (local.hour, local.minute, local.second) == (23, 59, 59)  # the end of that day
    return local.date()


def due_minutes(complete: datetime, minutes: int) -> datetime:
    moment = due_for(
        complete,
        sop_working_days=None,
        sop_minutes=minutes,
        calendar=CALENDAR,
        hours=HOURS,
        zone=WIB,
    )
    return moment.astimezone(WIB)


@pytest.mark.parametrize(
    ("complete", "days", "due"),
    [
        # the example: Nyepi, cuti bersama and Idulfitri 18-24 March 2026 are skipped
        (wib(2026, 3, 13, 10), 5, date(2026, 3, 27)),
        (wib(2026, 3, 13, 16), 1, date(2026, 3, 16)),  # after closing time is still day 0
        (wib(2026, 3, 17, 9), 1, date(2026, 3, 25)),
        (wib(2026, 3, 21, 9), 1, date(2026, 3, 26)),  # completed on Idulfitri: day 0 is 25 March
        # 18 Aug 2025 became cuti bersama by the SKB of 7 Aug 2025
        (wib(2025, 8, 15, 9), 1, date(2025, 8, 19)),
        # year boundary: Natal 25 Dec, cuti 26 Dec, weekend, Tahun Baru 1 Jan
        (wib(2025, 12, 23, 9), 5, date(2026, 1, 2)),
        (wib(2025, 12, 31, 23, 30), 1, date(2026, 1, 2)),
        # Idulfitri 2025: 31 Mar - 7 Apr closed
        (wib(2025, 3, 27, 9), 2, date(2025, 4, 9)),
        # the longest sample SOP crosses the whole Ramadan closure
        (wib(2026, 3, 2, 9), 14, date(2026, 3, 27)),
    ],
)
def test_working_day_due_dates_over_the_real_calendar(
    complete: datetime, days: int, due: date
) -> None:
    assert due_days(complete, days) == due


@pytest.mark.parametrize(
    ("complete", "minutes", "due"),
    [
        (wib(2026, 3, 2, 9, 0), 30, wib(2026, 3, 2, 9, 30)),
        (wib(2026, 3, 2, 7, 0), 15, wib(2026, 3, 2, 8, 15)),  # before opening
        (wib(2026, 3, 6, 10, 50), 30, wib(2026, 3, 9, 8, 20)),  # Friday closes at 11:00
        (wib(2026, 3, 17, 14, 50), 30, wib(2026, 3, 25, 8, 20)),  # spills over the closure
        (wib(2025, 12, 31, 14, 55), 15, wib(2026, 1, 2, 8, 10)),  # and over New Year
        (wib(2026, 3, 7, 10, 0), 60, wib(2026, 3, 9, 9, 0)),  # Saturday: Monday's opening
    ],
)
def test_same_day_services_count_open_minutes(
    complete: datetime, minutes: int, due: datetime
) -> None:
    assert due_minutes(complete, minutes) == due


def test_open_minutes_between_skips_nights_weekends_and_holidays() -> None:
    assert _open_minutes_between(CALENDAR, HOURS, wib(2026, 3, 2, 9), wib(2026, 3, 2, 9, 45)) == 45
    # Fri 10:30 -> Mon 08:30: 30 minutes on Friday, 30 on Monday
    assert (
        _open_minutes_between(CALENDAR, HOURS, wib(2026, 3, 6, 10, 30), wib(2026, 3, 9, 8, 30))
        == 60
    )
    # Tue 17 Mar 14:00 -> Wed 25 Mar 09:00 over the closure: 60 + 60
    assert _open_minutes_between(CALENDAR, HOURS, wib(2026, 3, 17, 14), wib(2026, 3, 25, 9)) == 120
    assert _open_minutes_between(CALENDAR, HOURS, wib(2026, 3, 2, 16), wib(2026, 3, 2, 18)) == 0


@pytest.mark.parametrize(
    ("as_of", "late"),
    [
        (wib(2026, 3, 27, 23, 0), 0),  # on the due day
        (wib(2026, 3, 28, 9), 1),  # Saturday after a missed Friday: late, by 1
        (wib(2026, 3, 30, 9), 1),  # Monday
        (wib(2026, 3, 31, 9), 2),
        (wib(2026, 4, 6, 9), 5),  # Good Friday 3 April is not counted
    ],
)
def test_lateness_in_working_days(as_of: datetime, late: int) -> None:
    due = due_for(
        wib(2026, 3, 13, 10),
        sop_working_days=5,
        sop_minutes=None,
        calendar=CALENDAR,
        hours=HOURS,
        zone=WIB,
    )
    assert late_working_days(CALENDAR, due, as_of, WIB) == late


def test_a_same_day_service_past_its_minute_is_late_on_the_same_day() -> None:
    due = due_minutes(wib(2026, 3, 2, 9, 0), 30)
    assert late_working_days(CALENDAR, due, wib(2026, 3, 2, 9, 29), WIB) == 0
    assert late_working_days(CALENDAR, due, wib(2026, 3, 2, 9, 31), WIB) == 1


def test_fee_text_and_public_notes() -> None:
    assert fee_text(0, "", "id") == "Gratis" and fee_text(0, "", "en") == "Free"
    assert fee_text(30000, "PNBP", "id") == "Rp30.000 (PNBP)"
    # English readers get English digit grouping, as on the kiosk screen (one rule: kiosk.i18n).
    assert fee_text(1250000, "", "en") == "Rp1,250,000"
    assert _public_note("Hubungi 0812-3456-9876, NIK 3513014506902741") == "Hubungi ****, NIK ****"
    kept = "Bayar Rp 30.000.000 di loket 5 sebelum 12-03-2026"
    assert _public_note(kept) == kept
    assert _public_note("HP +62 812 3456 9876") == "HP ****"
