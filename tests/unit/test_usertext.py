"""clean_user_text(): free text from the public, bounded and storable."""

from __future__ import annotations

import pytest

from kiosk.core.usertext import clean_user_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", ""),
        (None, ""),
        (12, ""),
        ("  halo  ", "halo"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("a\n\n\n\n\nb", "a\n\nb"),
        ("nul\x00 esc\x1b del\x7f bel\x07", "nul esc del bel"),
        ("tab\there", "tab here"),
        ("👍🏽 👨\u200d👩\u200d👧", "👍🏽 👨\u200d👩\u200d👧"),
        ("zero\u200bwidth \u202eRTL", "zerowidth RTL"),
        ("a\ud800b", "ab"),
        ("Cafe\u0301", "Café"),  # NFC
        ("baris\u2028baru", "baris\nbaru"),
    ],
)
def test_cleaning(raw: object, expected: str) -> None:
    assert clean_user_text(raw, 100) == (expected, False)


def test_bounded() -> None:
    text, cut = clean_user_text("x" * 100_000, 2000)
    assert (len(text), cut) == (2000, True)
    text, cut = clean_user_text("y" * 10_000_000, 50)
    assert (text, cut) == ("y" * 50, True)
    assert clean_user_text("abc", 0) == ("", False)
    text, cut = clean_user_text("\x00" * 100_000, 2000)
    assert (text, cut) == ("", True)
