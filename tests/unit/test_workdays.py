"""Working-day arithmetic over the real 2025-2026 Indonesian calendar.

Convention under test (kiosk/core/workdays.py): the completion day is day 0 when it is a working
day, the due date of an n-day SOP is the n-th working day after it; a file completed on a
non-working day is treated as received on the next working day (that day is day 0).
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.core.hours import OpeningHours
from kiosk.core.workdays import (
    Holiday,
    WorkCalendar,
    load_holidays_csv,
    parse_holidays_csv,
)

CSV_PATH = (
    Path(__file__).resolve().parents[2] / "resources" / "holidays" / "holidays-id-2025-2026.csv"
)
WIB = ZoneInfo("Asia/Jakarta")
MPP_HOURS = OpeningHours.from_mapping({"mon-thu": "08:00-15:00", "fri": "08:00-11:00"})


@pytest.fixture(scope="module")
def holidays() -> list[Holiday]:
    return load_holidays_csv(CSV_PATH)


@pytest.fixture(scope="module")
def cal(holidays: list[Holiday]) -> WorkCalendar:
    return WorkCalendar(h.date for h in holidays)


# --- the shipped CSV ------------------------------------------------------------------------------


def test_real_csv_loads(holidays: list[Holiday]) -> None:
    assert len(holidays) == 53
    assert sum(h.date.year == 2025 for h in holidays) == 28
    assert sum(h.date.year == 2026 for h in holidays) == 25
    assert sum(h.kind == "cuti_bersama" for h in holidays) == 19
    assert [h.date for h in holidays] == sorted(h.date for h in holidays)
    assert Holiday(date(2025, 8, 18), "cuti_bersama",
                   "Hari Kemerdekaan RI (added by SKB of 7 Aug 2025)") in holidays  # fmt: skip
    assert Holiday(date(2026, 3, 19), "libur", "Hari Suci Nyepi") in holidays


def test_shipped_csv_matches_domain_copy() -> None:
    domain = Path("/work/shared/domain/holidays-id.csv")
    if not domain.exists():
        pytest.skip("domain notes not present on this machine")
    assert CSV_PATH.read_bytes() == domain.read_bytes()


# --- is_working_day -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 3, 13), True),  # Friday
        (date(2026, 3, 14), False),  # Saturday
        (date(2026, 3, 15), False),  # Sunday
        (date(2026, 3, 18), False),  # cuti bersama Nyepi (Wednesday)
        (date(2026, 3, 19), False),  # Nyepi, libur (Thursday)
        (date(2026, 3, 25), True),
        (date(2025, 8, 18), False),  # cuti bersama added mid-year
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), True),
    ],
)
def test_is_working_day(cal: WorkCalendar, day: date, working: bool) -> None:
    assert cal.is_working_day(day) is working
    # A datetime is judged by its date (datetime == date is False in Python: a classic trap).
    assert cal.is_working_day(datetime.combine(day, datetime.min.time())) is working


# --- add_working_days: SOP due dates ----------------------------------------------------------


def test_five_day_sop_over_nyepi_and_idulfitri(cal: WorkCalendar) -> None:
    """Complete on Fri 13 Mar 2026 (day 0), SOP 5 working days. From the CSV:
    Sat 14, Sun 15 weekend; Mon 16 -> 1; Tue 17 -> 2; Wed 18 cuti bersama Nyepi; Thu 19 Nyepi;
    Fri 20 cuti bersama Idulfitri; Sat 21, Sun 22 Idulfitri; Mon 23, Tue 24 cuti bersama;
    Wed 25 -> 3; Thu 26 -> 4; Fri 27 -> 5. Due Friday 27 March 2026."""
    assert cal.add_working_days(date(2026, 3, 13), 5) == date(2026, 3, 27)
    assert cal.working_days_between(date(2026, 3, 13), date(2026, 3, 27)) == 5


def test_idulfitri_2025(cal: WorkCalendar) -> None:
    """Thu 27 Mar 2025 + 1: Fri 28 cuti Nyepi, Sat 29 Nyepi, Sun 30, Mon 31 and Tue 1 Apr
    Idulfitri, Wed 2 - Fri 4 cuti, weekend, Mon 7 cuti -> Tue 8 April 2025 is day 1."""
    assert cal.add_working_days(date(2025, 3, 27), 1) == date(2025, 4, 8)


def test_cuti_bersama_added_mid_year(cal: WorkCalendar) -> None:
    """Fri 15 Aug 2025 + 1: Sat 16, Sun 17 (and libur), Mon 18 cuti bersama -> Tue 19 Aug."""
    assert cal.add_working_days(date(2025, 8, 15), 1) == date(2025, 8, 19)
    # Without the SKB of 7 Aug 2025 the promise would have been Monday.
    older = WorkCalendar(d for d in cal.holidays if d != date(2025, 8, 18))
    assert older.add_working_days(date(2025, 8, 15), 1) == date(2025, 8, 18)


def test_year_boundary(cal: WorkCalendar) -> None:
    """Wed 24 Dec 2025: Thu 25 Natal, Fri 26 cuti, weekend, Mon 29 -> 1, Tue 30 -> 2,
    Wed 31 -> 3, Thu 1 Jan 2026 Tahun Baru, Fri 2 Jan -> 4, weekend, Mon 5 Jan -> 5."""
    start = date(2025, 12, 24)
    assert cal.add_working_days(start, 3) == date(2025, 12, 31)
    assert cal.add_working_days(start, 4) == date(2026, 1, 2)
    assert cal.add_working_days(start, 5) == date(2026, 1, 5)
    assert cal.working_days_between(start, date(2026, 1, 5)) == 5


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        (date(2026, 2, 6), 0, date(2026, 2, 6)),  # Friday, same-day service
        (date(2026, 2, 6), 1, date(2026, 2, 9)),  # Friday + 1 -> Monday
        (date(2026, 2, 9), 4, date(2026, 2, 13)),  # Monday + 4 -> Friday
        (date(2026, 2, 9), 5, date(2026, 2, 18)),  # skips weekend, Imlek cuti 16 + libur 17
        (date(2026, 2, 7), 0, date(2026, 2, 9)),  # Saturday: day 0 is Monday
        (date(2026, 2, 7), 1, date(2026, 2, 10)),  # Saturday + 1 -> Tuesday
        (date(2026, 2, 8), 1, date(2026, 2, 10)),  # Sunday + 1 -> Tuesday
        (date(2026, 1, 1), 1, date(2026, 1, 5)),  # holiday: day 0 Fri 2 Jan, due Mon 5 Jan
        (date(2026, 8, 14), 2, date(2026, 8, 19)),  # Fri; Mon 17 Aug libur
    ],
)
def test_add_working_days(cal: WorkCalendar, start: date, n: int, due: date) -> None:
    assert cal.add_working_days(start, n) == due


def test_add_working_days_accepts_datetime(cal: WorkCalendar) -> None:
    assert cal.add_working_days(datetime(2026, 3, 13, 14, 30, tzinfo=WIB), 5) == date(2026, 3, 27)


def test_negative_sop(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 3, 13), -1)


def test_due_date_is_always_a_working_day(cal: WorkCalendar) -> None:
    day = date(2024, 12, 1)
    while day < date(2027, 1, 31):
        for n in (0, 1, 3, 5, 14):
            due = cal.add_working_days(day, n)
            assert cal.is_working_day(due)
            assert due > day or (n == 0 and due == day)
        day += timedelta(days=1)


# --- working_days_between -------------------------------------------------------------------------


def _naive_between(cal: WorkCalendar, a: date, b: date) -> int:
    if b < a:
        return -_naive_between(cal, b, a)
    return sum(cal.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


def test_between_matches_brute_force(cal: WorkCalendar) -> None:
    rng = random.Random(7)
    origin = date(2024, 11, 1)
    for _ in range(3000):
        a = origin + timedelta(days=rng.randrange(900))
        b = origin + timedelta(days=rng.randrange(900))
        assert cal.working_days_between(a, b) == _naive_between(cal, a, b)


def test_between_inverts_add_for_working_days(cal: WorkCalendar) -> None:
    day = date(2025, 1, 1)
    while day <= date(2026, 12, 31):
        if cal.is_working_day(day):
            for n in range(0, 25):
                assert cal.working_days_between(day, cal.add_working_days(day, n)) == n
        day += timedelta(days=1)


def test_between_edges(cal: WorkCalendar) -> None:
    friday, monday = date(2026, 3, 13), date(2026, 3, 16)
    assert cal.working_days_between(friday, friday) == 0
    assert cal.working_days_between(friday, monday) == 1
    assert cal.working_days_between(monday, friday) == -1
    # a weekend-only span contains no working day
    assert cal.working_days_between(friday, date(2026, 3, 15)) == 0
    # The Nyepi/Idulfitri stretch: only Mon 16 and Tue 17 work between 13 and 24 March.
    assert cal.working_days_between(friday, date(2026, 3, 24)) == 2
    # a holiday falling on a weekend (Sun 22 Mar 2026) is not subtracted twice
    assert cal.working_days_between(date(2026, 3, 20), date(2026, 3, 25)) == 1


def test_between_accepts_datetimes(cal: WorkCalendar) -> None:
    a = datetime(2026, 3, 13, 23, 0, tzinfo=WIB)
    assert cal.working_days_between(a, datetime(2026, 3, 27, 1, 0, tzinfo=WIB)) == 5


# --- calendar construction ----------------------------------------------------------------------


def test_custom_weekend() -> None:
    six_day_week = WorkCalendar([date(2026, 3, 19)], weekend=(6,))
    assert six_day_week.is_working_day(date(2026, 3, 14))  # Saturday works
    assert six_day_week.add_working_days(date(2026, 3, 13), 2) == date(2026, 3, 16)
    assert six_day_week.add_working_days(date(2026, 3, 18), 1) == date(2026, 3, 20)
    rng = random.Random(3)
    for _ in range(500):
        a = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
        b = date(2026, 1, 1) + timedelta(days=rng.randrange(365))
        assert six_day_week.working_days_between(a, b) == _naive_between(six_day_week, a, b)


def test_holiday_objects_and_datetimes_accepted(holidays: list[Holiday]) -> None:
    cal = WorkCalendar([*holidays, datetime(2026, 7, 1, 9, 0)])
    assert not cal.is_working_day(date(2026, 3, 19))
    assert not cal.is_working_day(date(2026, 7, 1))


@pytest.mark.parametrize("weekend", [range(7), (7,), (-1,)])
def test_bad_weekend(weekend: tuple[int, ...]) -> None:
    with pytest.raises(ValueError):
        WorkCalendar([], weekend=weekend)


def test_no_working_day_for_a_year_fails_loudly() -> None:
    everything = [date(2026, 1, 1) + timedelta(days=i) for i in range(800)]
    cal = WorkCalendar(everything)
    with pytest.raises(ValueError):
        cal.add_working_days(date(2026, 1, 1), 1)


# --- minute-based SOPs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("complete_at", "minutes", "due"),
    [
        # inside opening hours
        (datetime(2026, 3, 12, 9, 0), 15, datetime(2026, 3, 12, 9, 15)),
        # exactly fills the day: due at closing time
        (datetime(2026, 3, 12, 14, 45), 15, datetime(2026, 3, 12, 15, 0)),
        # Friday closes at 11: 10 minutes on Friday, 5 on Monday
        (datetime(2026, 3, 13, 10, 50), 15, datetime(2026, 3, 16, 8, 5)),
        # Tuesday 17 Mar 14:50, 30 min: 10 today, then Wed 18 - Tue 24 are all holidays
        # or weekend (Nyepi, Idulfitri and their cuti bersama) -> Wed 25 Mar 08:20
        (datetime(2026, 3, 17, 14, 50), 30, datetime(2026, 3, 25, 8, 20)),
        # completed before opening: the clock starts at 08:00
        (datetime(2026, 3, 12, 6, 0), 30, datetime(2026, 3, 12, 8, 30)),
        # completed after closing: next working day's opening
        (datetime(2026, 3, 12, 16, 0), 30, datetime(2026, 3, 13, 8, 30)),
        # at the closing minute the office is already closed
        (datetime(2026, 3, 12, 15, 0), 15, datetime(2026, 3, 13, 8, 15)),
        # completed on a holiday (Nyepi)
        (datetime(2026, 3, 19, 10, 0), 15, datetime(2026, 3, 25, 8, 15)),
        # across the year boundary: Wed 31 Dec 2025 14:55 + 15 -> Fri 2 Jan 2026 08:10
        (datetime(2025, 12, 31, 14, 55), 15, datetime(2026, 1, 2, 8, 10)),
        # more than a whole day of work: Mon 9 Feb 2026 08:00 + 7h (Mon) + 7h (Tue) + 30 min
        # -> Wed 11 Feb 08:30
        (datetime(2026, 2, 9, 8, 0), 14 * 60 + 30, datetime(2026, 2, 11, 8, 30)),
        # zero minutes while open: due immediately
        (datetime(2026, 3, 12, 9, 7, 30), 0, datetime(2026, 3, 12, 9, 7, 30)),
    ],
)
def test_due_datetime_same_day(
    cal: WorkCalendar, complete_at: datetime, minutes: int, due: datetime
) -> None:
    assert cal.due_datetime_same_day(complete_at, minutes, MPP_HOURS) == due
    aware = cal.due_datetime_same_day(complete_at.replace(tzinfo=WIB), minutes, MPP_HOURS)
    assert aware == due.replace(tzinfo=WIB)
    assert aware.tzinfo is WIB


def test_due_datetime_bad_input(cal: WorkCalendar) -> None:
    with pytest.raises(ValueError):
        cal.due_datetime_same_day(datetime(2026, 3, 12, 9, 0), -1, MPP_HOURS)
    with pytest.raises(ValueError):
        cal.due_datetime_same_day(datetime(2026, 3, 12, 9, 0), 15, OpeningHours.from_mapping({}))


def test_calendar_is_open(cal: WorkCalendar) -> None:
    assert cal.is_open(datetime(2026, 3, 17, 9, 0), MPP_HOURS)
    assert not cal.is_open(datetime(2026, 3, 18, 9, 0), MPP_HOURS)  # cuti bersama
    assert cal.next_opening(datetime(2026, 3, 17, 15, 0), MPP_HOURS) == datetime(2026, 3, 25, 8)


# --- CSV validation -------------------------------------------------------------------------------

GOOD = "date,kind,name\n2026-01-01,libur,Tahun Baru Masehi\n2026-02-16,cuti_bersama,Imlek\n"


def test_parse_minimal() -> None:
    assert parse_holidays_csv(GOOD) == [
        Holiday(date(2026, 1, 1), "libur", "Tahun Baru Masehi"),
        Holiday(date(2026, 2, 16), "cuti_bersama", "Imlek"),
    ]


def test_parse_tolerates_bom_blank_lines_spaces_and_quotes() -> None:
    text = '\ufeffdate,kind,name\r\n\r\n 2026-01-01 , libur , "Tahun Baru, Masehi" \r\n\n'
    assert parse_holidays_csv(text) == [Holiday(date(2026, 1, 1), "libur", "Tahun Baru, Masehi")]


def test_bad_date_message_names_file_and_line() -> None:
    lines = ["date,kind,name"] + [f"2026-01-0{i},libur,x{i}" for i in range(1, 6)]
    lines.append("2026-13-01,libur,Bad")  # line 7
    with pytest.raises(ValueError) as info:
        parse_holidays_csv("\n".join(lines) + "\n")
    assert str(info.value) == "holidays.csv line 7: bad date '2026-13-01'"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("2026-02-30,libur,X", "holidays.csv line 2: bad date '2026-02-30'"),
        ("2026/01/01,libur,X", "holidays.csv line 2: bad date '2026/01/01'"),
        ("20260101,libur,X", "holidays.csv line 2: bad date '20260101'"),
        ("2026-1-1,libur,X", "holidays.csv line 2: bad date '2026-1-1'"),
        ("2026-01-01,holiday,X", "holidays.csv line 2: bad kind 'holiday'"),
        ("2026-01-01,Libur,X", "holidays.csv line 2: bad kind 'Libur'"),
        ("2026-01-01,libur,", "holidays.csv line 2: empty name"),
        ("2026-01-01,libur", "holidays.csv line 2: expected 3 fields"),
        ("2026-01-01,libur,X,extra", "holidays.csv line 2: expected 3 fields"),
        (
            "2026-01-01,libur,X\n2026-01-01,cuti_bersama,Y",
            "holidays.csv line 3: date 2026-01-01 already listed on line 2",
        ),
    ],
)
def test_bad_rows(body: str, message: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_holidays_csv("date,kind,name\n" + body + "\n")
    assert str(info.value).startswith(message)


@pytest.mark.parametrize("text", ["", "\n\n", "tanggal,jenis,nama\n2026-01-01,libur,X\n"])
def test_missing_header(text: str) -> None:
    with pytest.raises(ValueError, match="header"):
        parse_holidays_csv(text)


def test_header_only_is_empty_list() -> None:
    assert parse_holidays_csv("date,kind,name\n") == []


def test_load_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "holidays.csv"
    path.write_text("date,kind,name\n2026-13-01,libur,X\n", encoding="utf-8")
    with pytest.raises(ValueError) as info:
        load_holidays_csv(path)
    assert str(info.value) == "holidays.csv line 2: bad date '2026-13-01'"
    path.write_text(GOOD, encoding="utf-8")
    assert len(load_holidays_csv(str(path))) == 2
