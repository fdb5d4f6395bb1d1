"""Fuzzing (issue 12): every parser and entry point takes any input without crashing, answers
with a clear one-line message, and stores nothing half-way.

Bounded for CI: each test sets ``max_examples`` through ``fuzz()`` so the whole directory runs
in well under a minute, ``derandomize=True`` makes a run repeatable (the same examples every
time, so a failure in CI is reproducible locally), ``deadline=None`` because a loaded CI
machine's timing is not the property under test. Function-scoped fixtures (a database) are
shared by the examples of one test on purpose: each example leaves the database as it found
it, or the test checks what changed.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings

from kiosk.errors import KioskError
from kiosk.i18n import error_text


def fuzz(max_examples: int) -> Any:
    """The settings every fuzz test uses, with its own number of examples."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def assert_clear(exc: KioskError) -> None:
    """A refusal a person can read: one non-empty line in both languages, no raw code."""
    for lang in ("id", "en"):
        text = error_text(lang, exc)
        assert text.strip(), exc
        assert "\n" not in text and "\r" not in text, (lang, text)
        assert "Traceback" not in text
