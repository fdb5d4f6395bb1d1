"""Percentiles as a spreadsheet's PERCENTILE.INC computes them (kiosk.core.stats)."""

from __future__ import annotations

import pytest

from kiosk.core.stats import Durations, percentile, summarise


def test_even_and_odd_counts() -> None:
    even = summarise([20, 4, 15, 10])  # sorted 4 10 15 20
    assert (even.count, even.mean, even.p50, even.p90) == (4, 12.25, 12.5, pytest.approx(18.5))
    odd = summarise([10, 6, 8])  # sorted 6 8 10: rank 1.8 for p90
    assert (odd.mean, odd.p50, odd.p90) == (8, 8, pytest.approx(9.6))


def test_edges() -> None:
    assert summarise([]) == Durations(0, None, None, None)
    assert summarise([7.5]) == Durations(1, 7.5, 7.5, 7.5)
    assert percentile([1, 2, 3, 4, 5], 0.0) == 1 and percentile([1, 2, 3, 4, 5], 1.0) == 5
    with pytest.raises(ValueError):
        percentile([1.0], 1.5)
