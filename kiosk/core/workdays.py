"""Working days (hari kerja) for SOP due dates, and the holiday list that defines them.

Counting convention (printed on every receipt, so it must be one rule everywhere):

* The SOP clock starts on the day the file is complete ("lengkap dan benar"). That day is
  day 0 when it is a working day; the due date of an n-day SOP is the n-th working day AFTER
  it. A file completed on Friday with a 1-day SOP is due on Monday.
* A file completed on a non-working day (an online submission on Sunday, a counter that opened
  on cuti bersama) is treated as received on the next working day, which becomes day 0. This
  is the usual "dianggap diterima pada hari kerja berikutnya" rule: the office cannot start
  work before it opens, so the applicant must not be promised a day it did not have.
* ``n == 0`` means "same day" and yields day 0 itself.

Non-working days are the weekend plus every listed holiday, whatever its kind: libur nasional
and cuti bersama both close government offices (mpp-permits-tracking.md). The list is data
(admin-editable, changed mid-year by SKB), never code.

Confirmed and provisional: a year the admin has not confirmed (its days estimated from the
``holidays`` package, see estimated_holidays) still counts its days as holidays, but a due date
that reaches such a year, or a year with no list at all, is "past the confirmed calendar"
(``confirmed_between``) and the counter, the CLI and the admin say so.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Literal

from kiosk.core.hours import OpeningHours

__all__ = [
    "HOLIDAY_KINDS",
    "Holiday",
    "HolidayKind",
    "WorkCalendar",
    "estimated_holidays",
    "load_holidays_csv",
    "parse_holidays_csv",
]

HolidayKind = Literal["libur", "cuti_bersama"]
HOLIDAY_KINDS: tuple[HolidayKind, ...] = ("libur", "cuti_bersama")

_ISO_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HEADER = ["date", "kind", "name"]

#: Any stretch longer than this without a working day means a broken calendar, not a holiday.
_MAX_GAP_DAYS = 366


@dataclass(frozen=True)
class Holiday:
    """One non-working day: libur nasional or cuti bersama, with its official name."""

    date: date
    kind: HolidayKind
    name: str
    provisional: bool = False


def _as_date(d: date) -> date:
    """datetime is a subclass of date but never equal to one: normalise before set lookups."""
    return d.date() if isinstance(d, datetime) else d


class WorkCalendar:
    """Weekend days plus a holiday set; answers "is this a hari kerja" and counts them."""

    def __init__(
        self,
        holidays: Iterable[date | Holiday] = (),
        weekend: Iterable[int] = (5, 6),
        provisional: Iterable[date] = (),
    ) -> None:
        """``holidays`` are all non-working days; ``provisional`` the ones among them (or Holiday
        items flagged so) that are estimates an admin has not confirmed yet."""
        self.weekend: frozenset[int] = frozenset(weekend)
        if not self.weekend <= set(range(7)):
            raise ValueError(f"weekend days must be 0 (Monday) .. 6 (Sunday), got {weekend!r}")
        if len(self.weekend) == 7:
            raise ValueError("a calendar needs at least one working weekday")
        listed = list(holidays)
        self.holidays: frozenset[date] = frozenset(
            h.date if isinstance(h, Holiday) else _as_date(h) for h in listed
        )
        self.provisional: frozenset[date] = frozenset(_as_date(d) for d in provisional) | {
            h.date for h in listed if isinstance(h, Holiday) and h.provisional
        }
        #: Years with a holiday list, and those whose list has no estimated day left.
        self.listed_years: frozenset[int] = frozenset(d.year for d in self.holidays)
        self.confirmed_years: frozenset[int] = self.listed_years - {
            d.year for d in self.provisional
        }

    def __repr__(self) -> str:
        return f"WorkCalendar({len(self.holidays)} holidays, weekend={sorted(self.weekend)})"

    def confirmed_between(self, start: date, end: date) -> bool:
        """True when every year from ``start`` to ``end`` has a confirmed holiday list: a due
        date counted over that span does not rest on estimates or on a missing year."""
        a, b = sorted((_as_date(start), _as_date(end)))
        return all(y in self.confirmed_years for y in range(a.year, b.year + 1))

    def missing_years(self, start: date, end: date) -> list[int]:
        """The years from ``start`` to ``end`` that have no holiday list at all."""
        a, b = sorted((_as_date(start), _as_date(end)))
        return [y for y in range(a.year, b.year + 1) if y not in self.listed_years]

    def is_working_day(self, d: date) -> bool:
        """Not a weekend day and not a listed holiday (datetimes are taken by their date)."""
        d = _as_date(d)
        return d.weekday() not in self.weekend and d not in self.holidays

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        d = _as_date(d)
        for _ in range(_MAX_GAP_DAYS):
            d += timedelta(days=1)
            if self.is_working_day(d):
                return d
        raise ValueError(f"no working day within {_MAX_GAP_DAYS} days after {d}")

    def day_zero(self, d: date) -> date:
        """The day the SOP clock starts: ``d`` if it is a working day, else the next one."""
        d = _as_date(d)
        return d if self.is_working_day(d) else self.next_working_day(d)

    def add_working_days(self, start: date, n: int) -> date:
        """Due date of an ``n``-working-day SOP whose file was complete on ``start``: the n-th
        working day after day 0 (see the module docstring)."""
        if n < 0:
            raise ValueError(f"an SOP length cannot be negative: {n}")
        d = self.day_zero(start)
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Working days d with a < d <= b; the negative count of b < d <= a when b < a.

        For a working day ``a``: working_days_between(a, add_working_days(a, n)) == n, which is
        what "days left" and "days late" on a tracking screen rely on.
        """
        a, b = _as_date(a), _as_date(b)
        if b < a:
            return -self.working_days_between(b, a)
        whole_weeks, extra = divmod((b - a).days, 7)
        per_week = 7 - len(self.weekend)
        count = whole_weeks * per_week
        count += sum(
            1 for i in range(1, extra + 1) if (a + timedelta(days=i)).weekday() not in self.weekend
        )
        count -= sum(1 for h in self.holidays if a < h <= b and h.weekday() not in self.weekend)
        return count

    def is_open(self, dt_local: datetime, hours: OpeningHours) -> bool:
        """Open by the weekly hours and not on a holiday."""
        return hours.is_open(dt_local, self.is_working_day)

    def next_opening(self, dt_local: datetime, hours: OpeningHours) -> datetime | None:
        """The earliest moment at or after ``dt_local`` when the counter is open."""
        return hours.next_opening(dt_local, self.is_working_day)

    def due_datetime_same_day(
        self, complete_at: datetime, minutes: int, hours: OpeningHours
    ) -> datetime:
        """Due moment of a minute-based SOP (Samsat 15 min, SKCK 30 min): ``minutes`` of OPEN
        time counted from ``complete_at``. Time outside opening hours does not count; work that
        spills past closing continues at the next working day's opening. A file completed while
        closed starts at the next opening.
        """
        if minutes < 0:
            raise ValueError(f"an SOP length cannot be negative: {minutes} minutes")
        remaining = timedelta(minutes=minutes)
        t = complete_at
        while True:
            opening = hours.next_opening(t, self.is_working_day)
            if opening is None:
                raise ValueError("these opening hours never open on a working day")
            window = hours.open_window(opening, self.is_working_day)
            assert window is not None  # next_opening() returned an open moment
            available = window[1] - opening
            if remaining <= available:
                return opening + remaining
            remaining -= available
            t = window[1]


def parse_holidays_csv(text: str, source: str = "holidays.csv") -> list[Holiday]:
    """Parse the holiday list (``date,kind,name`` with a header row); errors name the line.

    A date listed twice is an error, not a merge: the database keeps one row per day, and two
    rows for one day usually mean a typo in one of them. Blank lines are ignored.
    """
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")), skipinitialspace=True)
    holidays: list[Holiday] = []
    first_line: dict[date, int] = {}
    header_seen = False
    for row in reader:
        line = reader.line_num
        if not row or all(not cell.strip() for cell in row):
            continue
        cells = [cell.strip() for cell in row]
        where = f"{source} line {line}"
        if not header_seen:
            if [c.lower() for c in cells] != _HEADER:
                raise ValueError(f"{where}: expected the header 'date,kind,name', got {row!r}")
            header_seen = True
            continue
        if len(cells) != 3:
            raise ValueError(f"{where}: expected 3 fields (date,kind,name), got {len(cells)}")
        raw_date, kind, name = cells
        try:
            if not _ISO_DATE_RE.fullmatch(raw_date):
                raise ValueError(raw_date)
            day = date.fromisoformat(raw_date)
        except ValueError:
            raise ValueError(f"{where}: bad date {raw_date!r}") from None
        if kind not in HOLIDAY_KINDS:
            raise ValueError(f"{where}: bad kind {kind!r} (expected 'libur' or 'cuti_bersama')")
        if not name:
            raise ValueError(f"{where}: empty name")
        if day in first_line:
            raise ValueError(f"{where}: date {raw_date} already listed on line {first_line[day]}")
        first_line[day] = line
        holidays.append(Holiday(day, kind, name))
    if not header_seen:
        raise ValueError(f"{source}: empty file (expected the header 'date,kind,name')")
    return holidays


def load_holidays_csv(path: str | os.PathLike[str]) -> list[Holiday]:
    """Read and validate a holiday CSV file (UTF-8, an Excel BOM is tolerated)."""
    p = Path(path)
    return parse_holidays_csv(p.read_text(encoding="utf-8-sig"), source=p.name)


def estimated_holidays(year: int) -> list[Holiday]:
    """Indonesia's libur nasional and cuti bersama of ``year`` as the ``holidays`` package
    (python-holidays, categories "public" and "government") estimates them, flagged provisional.

    The package follows the yearly SKB 3 Menteri where it is published and computes the rest
    (Islamic dates by the tabular calendar, "(perkiraan)"), so its days are a good guess, not
    the decree: the admin confirms them (``holidays confirm``) once the SKB is out. Imported
    lazily so that importing the core stays free of work.
    """
    import holidays as holidays_package

    if not 1900 <= year <= 2200:
        raise ValueError(f"no holiday estimate for the year {year}")
    days: dict[date, Holiday] = {}
    categories: tuple[tuple[str, HolidayKind], ...] = (
        ("public", "libur"),
        ("government", "cuti_bersama"),
    )
    for category, kind in categories:
        table = holidays_package.country_holidays(
            "ID", years=year, categories=(category,), language="id"
        )
        for day, name in sorted(table.items()):
            if day not in days:  # a public holiday wins over a cuti bersama on the same day
                days[day] = Holiday(day, kind, str(name)[:200], provisional=True)
    return [days[d] for d in sorted(days)]
