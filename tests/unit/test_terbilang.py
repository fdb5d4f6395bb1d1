"""terbilang(): Indonesian number words as spoken in queue calls (queue-calling.md)."""

from __future__ import annotations

import random

import pytest

from kiosk.core.terbilang import MAX_TERBILANG, terbilang

# Every example given in queue-calling.md, plus the rules it states.
DOC_EXAMPLES = {
    0: "nol",
    1: "satu",
    2: "dua",
    3: "tiga",
    4: "empat",
    5: "lima",
    6: "enam",
    7: "tujuh",
    8: "delapan",
    9: "sembilan",
    10: "sepuluh",
    11: "sebelas",
    12: "dua belas",
    22: "dua puluh dua",
    100: "seratus",
    101: "seratus satu",
    110: "seratus sepuluh",
    111: "seratus sebelas",
    123: "seratus dua puluh tiga",
    200: "dua ratus",
    900: "sembilan ratus",
    1000: "seribu",
    1011: "seribu sebelas",
    2000: "dua ribu",
    2019: "dua ribu sembilan belas",
}

MORE_EXAMPLES = {
    19: "sembilan belas",
    20: "dua puluh",
    99: "sembilan puluh sembilan",
    999: "sembilan ratus sembilan puluh sembilan",
    1001: "seribu satu",
    1100: "seribu seratus",
    10_000: "sepuluh ribu",
    11_000: "sebelas ribu",
    21_000: "dua puluh satu ribu",  # "se-" is only for exactly one thousand
    100_000: "seratus ribu",
    101_000: "seratus satu ribu",
    111_111: "seratus sebelas ribu seratus sebelas",
    1_000_000: "satu juta",  # never "sejuta" in baku number words
    1_001_000: "satu juta seribu",
    2_000_001: "dua juta satu",
    1_000_000_000: "satu miliar",
    3_500_000_000: "tiga miliar lima ratus juta",
    1_000_000_000_000: "satu triliun",
    1_000_000_000_001: "satu triliun satu",
}


@pytest.mark.parametrize(("n", "words"), sorted({**DOC_EXAMPLES, **MORE_EXAMPLES}.items()))
def test_examples(n: int, words: str) -> None:
    assert terbilang(n) == words


UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
VOCABULARY = {*UNITS, "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu"}
VOCABULARY |= {"juta", "miliar", "triliun"}


@pytest.mark.parametrize("n", range(1001))
def test_zero_to_thousand_is_well_formed(n: int) -> None:
    words = terbilang(n)
    assert words == words.strip()
    assert "  " not in words
    assert "satu ratus" not in words
    assert "satu ribu" not in words
    assert "satu puluh" not in words
    assert "satu belas" not in words
    assert set(words.split()) <= VOCABULARY
    # "se-" forms only as whole words for 10, 11, 100, 1000.
    for word in words.split():
        if word.startswith("se") and word not in {"sembilan"}:
            assert word in {"sepuluh", "sebelas", "seratus", "seribu"}
    if n:
        assert "nol" not in words


def _parse(words: str) -> int:
    """An independent reader of number words, to prove terbilang() is one-to-one."""
    units = {word: value for value, word in enumerate(UNITS)}
    small = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
    scales = {"ribu": 10**3, "juta": 10**6, "miliar": 10**9, "triliun": 10**12}
    total = group = pending = 0
    for word in words.split():
        if word in units:
            pending = units[word]
        elif word in small:
            group += small[word]
        elif word == "belas":
            group, pending = group + pending + 10, 0
        elif word == "puluh":
            group, pending = group + pending * 10, 0
        elif word == "ratus":
            group, pending = group + pending * 100, 0
        elif word == "seribu":
            total += 1000
        elif word in scales:
            total += (group + pending) * scales[word]
            group = pending = 0
        else:
            raise AssertionError(word)
    return total + group + pending


def test_round_trip_dense_range() -> None:
    for n in range(0, 25_000):
        assert _parse(terbilang(n)) == n


def test_round_trip_random_large() -> None:
    rng = random.Random(20260313)
    for _ in range(5000):
        n = rng.randrange(0, MAX_TERBILANG + 1)
        words = terbilang(n)
        assert _parse(words) == n
        assert "  " not in words


def test_maximum() -> None:
    assert terbilang(MAX_TERBILANG).startswith("sembilan ratus sembilan puluh sembilan triliun")


@pytest.mark.parametrize("bad", [-1, MAX_TERBILANG + 1])
def test_out_of_range(bad: int) -> None:
    with pytest.raises(ValueError):
        terbilang(bad)


@pytest.mark.parametrize("bad", [True, 1.0, "1"])
def test_not_an_int(bad: object) -> None:
    with pytest.raises(TypeError):
        terbilang(bad)  # type: ignore[arg-type]
