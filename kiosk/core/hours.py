"""Weekly opening hours of a site, counter or service.

Stored as a small JSON mapping (``{"mon-thu": "08:00-15:00", "fri": "08:00-11:00"}``) that an
administrator edits by hand, so parsing is strict and every error names the offending key and
value. A day that is missing is closed. One span per day: MPP counters keep serving through
the midday break, and a second span would only complicate every caller for no real case.

Times are wall-clock times of the site (Asia/Jakarta has no DST); datetimes passed in may be
naive or aware and results carry the same tzinfo. Holidays are not known here: callers pass a
``working_day`` predicate (``WorkCalendar.is_working_day``) where holidays matter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

__all__ = ["DAY_KEYS", "OpeningHours", "Span"]

#: Mapping keys, Monday first (the index is ``date.weekday()``).
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = {
    "id": ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_CLOSED_WORDS = frozenset({"", "closed", "tutup", "libur"})
_SPAN_RE = re.compile(r"(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})")

#: How far next_opening() looks ahead before deciding the place never opens.
HORIZON_DAYS = 400

WorkingDay = Callable[[date], bool]


@dataclass(frozen=True, order=True)
class Span:
    """Open from ``start`` (inclusive) to ``end`` (exclusive) on one day."""

    start: time
    end: time

    def __post_init__(self) -> None:
        if not self.start < self.end:
            raise ValueError(f"opening span must end after it starts: {self}")

    def text(self, sep: str = ":") -> str:
        """ "08:00-15:00" (or "08.00-15.00" with ``sep="."``, the Indonesian way)."""
        return f"{self.start:%H}{sep}{self.start:%M}-{self.end:%H}{sep}{self.end:%M}"


def _parse_keys(key: object) -> list[int]:
    """ "mon" -> [0]; "mon-thu" -> [0, 1, 2, 3]. Wrapping ranges ("sat-mon") are refused
    because they are more often a typo than a weekend shift."""
    if not isinstance(key, str):
        raise ValueError(f"opening hours: day key must be text, got {key!r}")
    parts = [p.strip().lower() for p in key.split("-")]
    if len(parts) > 2 or any(p not in DAY_KEYS for p in parts):
        raise ValueError(
            f"opening hours: unknown day {key!r} (use mon, tue, ..., sun or a range like mon-thu)"
        )
    first, last = DAY_KEYS.index(parts[0]), DAY_KEYS.index(parts[-1])
    if last < first:
        raise ValueError(f"opening hours: day range {key!r} runs backwards")
    return list(range(first, last + 1))


def _parse_time(key: str, value: str, hh: str, mm: str) -> time:
    hour, minute = int(hh), int(mm)
    if hour > 23 or minute > 59:
        raise ValueError(f"opening hours {key!r}: bad time in {value!r}")
    return time(hour, minute)


def _parse_span(key: str, value: object) -> Span | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"opening hours {key!r}: expected text like '08:00-15:00', got {value!r}")
    if value.strip().lower() in _CLOSED_WORDS:
        return None
    match = _SPAN_RE.fullmatch(value.strip())
    if match is None:
        raise ValueError(f"opening hours {key!r}: bad value {value!r} (expected HH:MM-HH:MM)")
    start = _parse_time(key, value, match.group(1), match.group(2))
    end = _parse_time(key, value, match.group(3), match.group(4))
    if not start < end:
        raise ValueError(f"opening hours {key!r}: {value!r} closes before it opens")
    return Span(start, end)


@dataclass(frozen=True)
class OpeningHours:
    """Seven optional spans, Monday first; ``None`` means closed that weekday."""

    spans: tuple[Span | None, ...]

    def __post_init__(self) -> None:
        if len(self.spans) != 7:
            raise ValueError(f"opening hours need 7 days, got {len(self.spans)}")

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, object]) -> OpeningHours:
        """Parse ``{"mon-thu": "08:00-15:00", "fri": "08:00-11:00"}``; "08.00" is accepted too,
        and a value of None, "" or "closed"/"tutup" closes the day explicitly."""
        spans: list[Span | None] = [None] * 7
        seen: dict[int, str] = {}
        for key, value in mapping.items():
            days = _parse_keys(key)
            span = _parse_span(key, value)
            for day in days:
                if day in seen:
                    raise ValueError(
                        f"opening hours: {DAY_KEYS[day]!r} given twice ({seen[day]!r} and {key!r})"
                    )
                seen[day] = key
                spans[day] = span
        return cls(tuple(spans))

    def to_mapping(self) -> dict[str, str]:
        """The compact mapping (runs of equal days as "mon-thu"); from_mapping() reads it back
        to an equal object."""
        return {
            DAY_KEYS[first] if first == last else f"{DAY_KEYS[first]}-{DAY_KEYS[last]}": span.text()
            for first, last, span in self._runs()
        }

    def _runs(self) -> list[tuple[int, int, Span]]:
        """Runs of consecutive open weekdays with the same span: (first, last, span)."""
        runs: list[tuple[int, int, Span]] = []
        for day, span in enumerate(self.spans):
            if span is None:
                continue
            if runs and runs[-1][1] == day - 1 and runs[-1][2] == span:
                runs[-1] = (runs[-1][0], day, span)
            else:
                runs.append((day, day, span))
        return runs

    def describe(self, lang: Literal["id", "en"] = "id") -> str:
        """Human text for a service card: "Senin-Kamis 08.00-15.00, Jumat 08.00-11.00"."""
        if lang not in _DAY_NAMES:
            raise ValueError(f"unsupported language {lang!r}: 'id' or 'en'")
        names = _DAY_NAMES[lang]
        sep = "." if lang == "id" else ":"
        parts = []
        for first, last, span in self._runs():
            days = names[first] if first == last else f"{names[first]}-{names[last]}"
            parts.append(f"{days} {span.text(sep)}")
        if not parts:
            return "Tutup" if lang == "id" else "Closed"
        return ", ".join(parts)

    def span_on(self, day: date) -> Span | None:
        """The weekly span for that date's weekday (holidays not considered)."""
        return self.spans[day.weekday()]

    def _window(
        self, day: date, dt_like: datetime, working_day: WorkingDay | None
    ) -> tuple[datetime, datetime] | None:
        span = self.spans[day.weekday()]
        if span is None or (working_day is not None and not working_day(day)):
            return None
        tz = dt_like.tzinfo
        return datetime.combine(day, span.start, tz), datetime.combine(day, span.end, tz)

    def open_window(
        self, dt_local: datetime, working_day: WorkingDay | None = None
    ) -> tuple[datetime, datetime] | None:
        """(opening, closing) of the span that contains ``dt_local``, or None when closed then."""
        window = self._window(dt_local.date(), dt_local, working_day)
        if window is not None and window[0] <= dt_local < window[1]:
            return window
        return None

    def is_open(self, dt_local: datetime, working_day: WorkingDay | None = None) -> bool:
        """True from the opening minute up to, not including, the closing minute."""
        return self.open_window(dt_local, working_day) is not None

    def next_opening(
        self, dt_local: datetime, working_day: WorkingDay | None = None
    ) -> datetime | None:
        """The earliest moment at or after ``dt_local`` when it is open: ``dt_local`` itself if
        open now, else the next opening time. None if it never opens within HORIZON_DAYS (all
        days closed), so callers cannot loop forever on a bad configuration."""
        for offset in range(HORIZON_DAYS + 1):
            day = dt_local.date() + timedelta(days=offset)
            window = self._window(day, dt_local, working_day)
            if window is None:
                continue
            start, end = window
            if offset == 0:
                if dt_local < end:
                    return max(start, dt_local)
                continue
            return start
        return None


@dataclass(frozen=True)
class AlwaysOpen(OpeningHours):
    """Open 00:00-24:00 every day, holidays included: the one-PC demo, tried at any hour.

    The spans say 00:00-23:59 (a Span ends before midnight); the methods below make the last
    minute open too, so a newcomer at 23:59 still gets a ticket.
    """

    spans: tuple[Span | None, ...] = (Span(time(0, 0), time(23, 59)),) * 7

    def describe(self, lang: Literal["id", "en"] = "id") -> str:
        if lang not in _DAY_NAMES:
            raise ValueError(f"unsupported language {lang!r}: 'id' or 'en'")
        return "Setiap hari 00.00-24.00" if lang == "id" else "Every day 00:00-24:00"

    def open_window(
        self, dt_local: datetime, working_day: WorkingDay | None = None
    ) -> tuple[datetime, datetime] | None:
        start = datetime.combine(dt_local.date(), time(0, 0), dt_local.tzinfo)
        return start, start + timedelta(days=1)

    def next_opening(
        self, dt_local: datetime, working_day: WorkingDay | None = None
    ) -> datetime | None:
        return dt_local
