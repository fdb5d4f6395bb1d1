"""Summary statistics of durations for the reports: count, mean, p50, p90 (pure, no database).

Percentiles use linear interpolation between the closest ranks (the "R-7" rule that numpy,
Excel's PERCENTILE.INC and PostgreSQL's ``percentile_cont`` all use), so a supervisor who checks
a figure in a spreadsheet gets the same number: for sorted values x[0..n-1] the p-th percentile
is at rank h = (n - 1) * p, between x[floor(h)] and x[ceil(h)]. p50 is then the median (the mean
of the two middle values for an even count). One value: every percentile is that value; none:
None (a report prints "-", never 0).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Durations", "percentile", "summarise"]


def percentile(sorted_values: Sequence[float], p: float) -> float | None:
    """The ``p`` (0..1) percentile of already SORTED values, by linear interpolation."""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a percentile is between 0 and 1, got {p!r}")
    n = len(sorted_values)
    if n == 0:
        return None
    h = (n - 1) * p
    lo = math.floor(h)
    hi = min(lo + 1, n - 1)
    return sorted_values[lo] + (h - lo) * (sorted_values[hi] - sorted_values[lo])


@dataclass(frozen=True)
class Durations:
    """Count, mean, median and 90th percentile of a group of durations (minutes)."""

    count: int
    mean: float | None
    p50: float | None
    p90: float | None

    @classmethod
    def empty(cls) -> Durations:
        return cls(0, None, None, None)


def summarise(values: Iterable[float]) -> Durations:
    """The Durations of ``values`` (any order)."""
    ordered = sorted(values)
    if not ordered:
        return Durations.empty()
    return Durations(
        len(ordered),
        sum(ordered) / len(ordered),
        percentile(ordered, 0.5),
        percentile(ordered, 0.9),
    )
