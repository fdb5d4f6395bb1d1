"""kiosk.core.complaints: cleaning what a citizen types, and the counter poster's token."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.core.codes import normalize_code
from kiosk.core.complaints import (
    CLASS_WORKING_DAYS,
    clean_line,
    clean_text,
    counter_token,
    parse_counter_token,
)


def test_the_published_windows() -> None:
    assert CLASS_WORKING_DAYS == {
        "ringan": 2,
        "normatif": 5,
        "non_pengawasan": 14,
        "pengawasan": 60,
    }


def test_clean_text_keeps_words_and_emoji_and_drops_controls() -> None:
    assert clean_text("  a\x00b\r\n\r\n\r\n\r\nc\t d 👍🏽 ", 100) == ("ab\n\nc d 👍🏽", None)
    assert clean_text("\x1b\x07\u200b", 100) == ("", "empty")
    assert clean_text("x" * 11, 10) == ("", "long")
    assert clean_text("x" * 1_000_000, 10) == ("", "long")  # refused before any work
    assert clean_text(None, 10) == ("", "empty")
    assert clean_line(" 0812\n3456 ", 20) == ("0812 3456", None)
    assert clean_line(None, 20) == ("", None)


@given(st.text(max_size=300))
def test_clean_text_never_leaves_a_control_character(raw: str) -> None:
    text, problem = clean_text(raw, 200)
    assert problem in (None, "empty", "long")
    assert all(ch == "\n" or ch.isprintable() or ch in "\u200d\ufe0f" for ch in text)
    assert len(text) <= 200 and "\x00" not in text


def test_counter_tokens_round_trip_and_never_read_as_codes() -> None:
    token = counter_token("prb", 12)
    assert token == "ADU-PRB-12" and parse_counter_token(token.lower()) == ("PRB", 12)
    assert normalize_code(token) is None  # the kiosk can never mistake it for a tracking code
    for bad in ("ADU-PRB-0", "ADU-PRB-", "ADU--5", "ADU-PRB-12345", "X" * 50, None, 5):
        assert parse_counter_token(bad) is None
