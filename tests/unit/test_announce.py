"""Spoken calls: clip names and sentences (queue-calling.md)."""

from __future__ import annotations

import pytest

from kiosk.core.announce import (
    CLIP_NAMES,
    announcement_text,
    announcement_words,
    format_ticket_number,
    letter_clip,
    parse_ticket_number,
)


def test_doc_example_words() -> None:
    assert announcement_words("A022", 3) == [
        "chime",
        "nomor_antrian",
        "huruf_a",
        "dua",
        "puluh",
        "dua",
        "silakan_menuju_loket",
        "tiga",
    ]


def test_doc_example_text() -> None:
    assert announcement_text("A022", 3) == (
        "Nomor antrian, A, dua puluh dua. Silakan menuju loket tiga."
    )


@pytest.mark.parametrize(
    ("ticket", "counter", "expected_middle", "expected_counter"),
    [
        ("A001", 1, ["huruf_a", "satu"], ["satu"]),
        ("B-027", 12, ["huruf_b", "dua", "puluh", "tujuh"], ["dua", "belas"]),
        ("b027", 10, ["huruf_b", "dua", "puluh", "tujuh"], ["sepuluh"]),
        ("AB100", 11, ["huruf_a", "huruf_b", "seratus"], ["sebelas"]),
        ("XYZ111", 21, ["huruf_x", "huruf_y", "huruf_z", "seratus", "sebelas"],
         ["dua", "puluh", "satu"]),
        ("C1000", 100, ["huruf_c", "seribu"], ["seratus"]),
        ("D2019", 2, ["huruf_d", "dua", "ribu", "sembilan", "belas"], ["dua"]),
    ],
)  # fmt: skip
def test_words(
    ticket: str, counter: int, expected_middle: list[str], expected_counter: list[str]
) -> None:
    words = announcement_words(ticket, counter)
    assert words[:2] == ["chime", "nomor_antrian"]
    split = words.index("silakan_menuju_loket")
    assert words[2:split] == expected_middle
    assert words[split + 1 :] == expected_counter


def test_every_clip_is_in_the_clip_list() -> None:
    """A voice set built from CLIP_NAMES can say every ticket of a busy day at any counter."""
    for prefix in ("A", "Q", "PRI"):
        for number in [*range(1, 1200), 9999, 123_456, 999_999]:
            ticket = format_ticket_number(prefix, number)
            for counter in (1, 7, 10, 11, 19, 60, 100, 999):
                assert set(announcement_words(ticket, counter)) <= CLIP_NAMES


def test_clip_names_are_file_safe() -> None:
    for name in CLIP_NAMES:
        assert name.isascii() and name == name.lower()
        assert all(ch.isalpha() or ch == "_" for ch in name)
    assert "silakan_menuju_loket" in CLIP_NAMES
    assert not any("silahkan" in name for name in CLIP_NAMES)  # not KBBI spelling


@pytest.mark.parametrize(
    ("ticket", "counter", "lang", "spoken", "expected"),
    [
        ("A022", 3, "id", True, "Nomor antrian, A, dua puluh dua. Silakan menuju loket tiga."),
        ("AB105", 12, "id", True,
         "Nomor antrian, A B, seratus lima. Silakan menuju loket dua belas."),
        ("A022", 3, "id", False, "Nomor antrian A022, silakan menuju loket 3."),
        ("B-007", 4, "id", False, "Nomor antrian B007, silakan menuju loket 4."),
        ("A022", 3, "en", True, "Queue number, A, 22. Please go to counter 3."),
        ("A022", 3, "en", False, "Queue number A022, please go to counter 3."),
    ],
)  # fmt: skip
def test_text(ticket: str, counter: int, lang: str, spoken: bool, expected: str) -> None:
    assert announcement_text(ticket, counter, lang, spoken=spoken) == expected  # type: ignore[arg-type]


def test_text_never_uses_silahkan() -> None:
    for n in range(1, 200):
        text = announcement_text(format_ticket_number("A", n), 1 + n % 30)
        assert "silahkan" not in text.lower()
        assert "Silakan" in text


def test_unknown_language() -> None:
    with pytest.raises(ValueError):
        announcement_text("A022", 3, "jv")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [("A022", ("A", 22)), ("a022", ("A", 22)), ("B-027", ("B", 27)), (" C001 ", ("C", 1)),
     ("ABC999", ("ABC", 999)), ("A1234", ("A", 1234)), ("A0022", ("A", 22))],
)  # fmt: skip
def test_parse_ticket_number(raw: str, parsed: tuple[str, int]) -> None:
    assert parse_ticket_number(raw) == parsed


@pytest.mark.parametrize(
    "raw",
    ["", "A", "022", "A22", "ABCD001", "A 022", "A--022", "1A022", "A022B", "A000",
     "A022 Budi", "Ä022", "A-", "A1234567"],
)  # fmt: skip
def test_parse_rejects(raw: str) -> None:
    """Anything that is not a ticket number (e.g. a name smuggled in) never reaches the voice."""
    with pytest.raises(ValueError):
        parse_ticket_number(raw)
    with pytest.raises(ValueError):
        announcement_words(raw, 1)


@pytest.mark.parametrize("counter", [0, -1, 1000, True])
def test_bad_counter(counter: int) -> None:
    with pytest.raises((ValueError, TypeError)):
        announcement_words("A001", counter)
    with pytest.raises((ValueError, TypeError)):
        announcement_text("A001", counter)


def test_format_ticket_number() -> None:
    assert format_ticket_number("A", 22) == "A022"
    assert format_ticket_number("PRI", 7) == "PRI007"
    assert format_ticket_number("A", 1234) == "A1234"
    for bad_prefix in ("", "a", "ABCD", "A1"):
        with pytest.raises(ValueError):
            format_ticket_number(bad_prefix, 1)
    for bad_number in (0, -5, 1_000_000):
        with pytest.raises(ValueError):
            format_ticket_number("A", bad_number)


def test_format_parse_round_trip() -> None:
    for n in range(1, 3000):
        assert parse_ticket_number(format_ticket_number("QB", n)) == ("QB", n)


def test_letter_clip() -> None:
    assert letter_clip("A") == "huruf_a"
    assert letter_clip("z") == "huruf_z"
    for bad in ("", "AB", "1", "É"):
        with pytest.raises(ValueError):
            letter_clip(bad)
