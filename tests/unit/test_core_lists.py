"""Lists in running text (PUEBI) and complaint channels as printed."""

from __future__ import annotations

import pytest

from kiosk.core.channels import is_placeholder, printable_channels, split_channels
from kiosk.core.lists import counters_phrase, join_list, join_numbers


@pytest.mark.parametrize(
    ("lang", "numbers", "text"),
    [
        ("id", (1, 2, 3, 4), "1, 2, 3, dan 4"),
        ("id", (5, 6), "5 dan 6"),
        ("id", (5,), "5"),
        ("en", (5, 6, 7), "5, 6, and 7"),
        ("en", (3, 4), "3 and 4"),
        ("id", (), ""),
    ],
)
def test_join_numbers_puebi(lang: str, numbers: tuple[int, ...], text: str) -> None:
    """A comma before "dan" from three items on; none for two."""
    assert join_numbers(lang, numbers) == text


def test_counters_phrase() -> None:
    """What the ticket prints under the service."""
    assert counters_phrase("id", (5, 6, 7)) == "Loket 5, 6, dan 7"
    assert counters_phrase("en", (5, 6, 7)) == "Counters 5, 6, and 7"
    assert counters_phrase("id", (5,)) == "Loket 5"
    assert counters_phrase("en", (5,)) == "Counter 5"
    assert counters_phrase("id", ()) == ""


def test_join_list_or() -> None:
    """Channels are alternatives: "atau"/"or"."""
    assert join_list("id", ["a", "b", "c"], "or") == "a, b, atau c"
    assert join_list("en", ["a", "b"], "or") == "a or b"


def test_channels_split_at_top_level_commas_only() -> None:
    """A comma inside brackets belongs to its channel."""
    assert split_channels("A (x, y), B, atau C") == ["A (x, y)", "B", "C"]


@pytest.mark.parametrize(
    "channel",
    [
        "WhatsApp (nomor diisi admin)",
        "WA (number set by the administrator)",
        "WA 0812-xxxx-xxxx",
        "Telepon <nomor>",
        "Email: TBD",
        "  ",
    ],
)
def test_placeholders(channel: str) -> None:
    """What the sample catalogue and hurried administrators leave behind."""
    assert is_placeholder(channel)


def test_real_channels_are_printed_as_typed() -> None:
    """Nothing to drop: the administrator's own wording, untouched."""
    text = "SP4N-LAPOR! lapor.go.id / WA 0812-3456-7890"
    assert printable_channels(text) == text
    assert not is_placeholder("Meja Pengaduan MPP (Loket 7)")
