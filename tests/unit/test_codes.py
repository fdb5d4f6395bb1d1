"""Tracking codes (Crockford base32 + GF(32) check symbol) and registration numbers."""

from __future__ import annotations

import random
import re
import time

import pytest

from kiosk.core.codes import (
    ALPHABET,
    RANDOM_LENGTH,
    check_char,
    code_kind,
    format_code,
    format_registration_number,
    is_valid_code,
    new_tracking_code,
    normalize_code,
    parse_registration_number,
)

GROUPED = re.compile(
    r"([0-9A-HJKMNP-TV-Z]{1,3}-)?[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}-."
)


def _random_codes(count: int, seed: int) -> list[str]:
    """Valid codes from a seeded generator (same construction as new_tracking_code)."""
    rng = random.Random(seed)
    codes = []
    for i in range(count):
        prefix = ["", "T", "A", "C", "X", "AB", "Q7Z"][i % 7]
        body = prefix + "".join(rng.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
        codes.append(body + check_char(body))
    return codes


def test_alphabet() -> None:
    assert ALPHABET == "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    assert len(set(ALPHABET)) == 32
    assert not set("ILOU") & set(ALPHABET)


@pytest.mark.parametrize(("prefix", "kind"), [("T", "ticket"), ("A", "application"),
                                              ("C", "complaint"), ("t", "ticket")])  # fmt: skip
def test_new_code_shape(prefix: str, kind: str) -> None:
    code = new_tracking_code(prefix)
    assert len(code) == 1 + RANDOM_LENGTH + 1
    assert code[0] == prefix.upper()
    assert set(code) <= set(ALPHABET)
    assert is_valid_code(code)
    assert code_kind(code) == kind
    grouped = format_code(code)
    assert GROUPED.fullmatch(grouped), grouped
    assert grouped.startswith(prefix.upper() + "-")
    assert grouped.replace("-", "") == code


def test_new_code_without_prefix() -> None:
    code = new_tracking_code()
    assert len(code) == RANDOM_LENGTH + 1
    assert is_valid_code(code)
    assert code_kind(code) is None
    assert re.fullmatch(r"\w{4}-\w{4}-\w{4}-\w", format_code(code))


def test_randomness_is_at_least_60_bits() -> None:
    assert 5 * RANDOM_LENGTH >= 60
    codes = [new_tracking_code("T") for _ in range(20_000)]
    assert len(set(codes)) == len(codes)
    # every position of the random part takes every symbol (a stuck position would lose bits)
    for pos in range(1, 1 + RANDOM_LENGTH):
        assert {c[pos] for c in codes} == set(ALPHABET)


@pytest.mark.parametrize("prefix", ["U", "-", "ABCD", "Ö", "T1-"])
def test_bad_prefix(prefix: str) -> None:
    with pytest.raises(ValueError):
        new_tracking_code(prefix)


def test_check_char_rejects_foreign_symbols() -> None:
    with pytest.raises(ValueError):
        check_char("T7K3M9QXD2HWU")


# --- the error-detection guarantee ------------------------------------------------------------


def test_every_single_substitution_is_detected() -> None:
    for code in _random_codes(700, seed=1):
        assert is_valid_code(code)
        for pos, original in enumerate(code):
            for symbol in ALPHABET:
                if symbol != original:
                    typo = code[:pos] + symbol + code[pos + 1 :]
                    assert not is_valid_code(typo), (code, typo)


def test_every_adjacent_transposition_is_detected() -> None:
    for code in _random_codes(3000, seed=2):
        for pos in range(len(code) - 1):
            a, b = code[pos], code[pos + 1]
            if a != b:
                swapped = code[:pos] + b + a + code[pos + 2 :]
                assert not is_valid_code(swapped), (code, swapped)


def test_adjacent_transpositions_exhaustively_per_position() -> None:
    """Every ordered pair of distinct symbols at every pair of body positions (32 x 31 pairs x
    all positions), not just the pairs random codes happen to contain."""
    base = "T" + "0" * RANDOM_LENGTH
    length = len(base)
    for pos in range(length - 1):
        for x in ALPHABET:
            for y in ALPHABET:
                if x == y:
                    continue
                body = base[:pos] + x + y + base[pos + 2 :]
                code = body + check_char(body)
                swapped = code[:pos] + y + x + code[pos + 2 :]
                assert not is_valid_code(swapped)
    # Swapping the last body symbol with the check symbol: 32 x 32 codes, varied so that the
    # check symbol takes many values.
    for x in ALPHABET:
        for v in ALPHABET:
            body = "T" + v + "0" * (RANDOM_LENGTH - 2) + x
            code = body + check_char(body)
            if code[-1] != code[-2]:
                assert not is_valid_code(code[:-2] + code[-1] + code[-2])


def test_jump_transpositions_are_detected_too() -> None:
    for code in _random_codes(500, seed=3):
        for pos in range(len(code) - 2):
            a, c = code[pos], code[pos + 2]
            if a != c:
                assert not is_valid_code(code[:pos] + c + code[pos + 1] + a + code[pos + 3 :])


# --- reading codes -----------------------------------------------------------------------------


def test_normalize_forgiving_spellings() -> None:
    code = format_code(new_tracking_code("T"))
    canonical = code.replace("-", "")
    assert normalize_code(code) == canonical
    assert normalize_code(code.lower()) == canonical
    assert normalize_code(" " + code.replace("-", " ") + " ") == canonical
    tricky = "T0111" + canonical[5:]
    assert normalize_code("TOIL1" + canonical[5:]) == tricky
    assert normalize_code("toil1" + canonical[5:]) == tricky


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "T-",
        "T7K3M9QXD2HW",  # 12 symbols: too short
        "T7K3M9QXD2HWAFGH7",  # 17 symbols: too long
        "T7K3M9QXD2HUAF",  # U is not a Crockford symbol
        "T7K3M9QXD2HW_F",
        "T7K3M9QXD2HWAF\n",
        "T7K3M9QXD2HWAF\t",
        "T7K3\x00M9QXD2HWAF",
        "T7K3\x1bM9QXD2HWAF",
        "Ｔ7K3M9QXD2HWAF",  # full-width letter
        "T7K3M9QXD2HWAß",  # would upper() to "SS"
        "https://example.test/T7K3M9QXD2HWAF",
    ],
)
def test_normalize_rejects(raw: str) -> None:
    assert normalize_code(raw) is None
    assert not is_valid_code(raw)
    assert code_kind(raw) is None


def test_normalize_rejects_huge_input_fast() -> None:
    huge = "A" * 10_000
    controls = "\x00" * 10_000
    start = time.perf_counter()
    for _ in range(1000):
        assert normalize_code(huge) is None
        assert normalize_code(controls) is None
        assert not is_valid_code(huge)
    assert time.perf_counter() - start < 0.5


def test_normalize_non_string() -> None:
    assert normalize_code(None) is None  # type: ignore[arg-type]
    assert normalize_code(12345) is None  # type: ignore[arg-type]


def test_is_valid_code_accepts_display_form() -> None:
    code = new_tracking_code("A")
    grouped = format_code(code)
    assert is_valid_code(grouped)
    assert is_valid_code(grouped.lower().replace("-", " "))


def test_format_code_rejects_invalid() -> None:
    code = new_tracking_code("C")
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValueError):
        format_code(broken)
    with pytest.raises(ValueError):
        format_code("nonsense")


def test_format_code_layout() -> None:
    body = "T7K3M9QXD2HWA"
    code = body + check_char(body)
    assert format_code(code) == f"T-7K3M-9QXD-2HWA-{code[-1]}"
    body = "AB7K3M9QXD2HWA"
    code = body + check_char(body)
    assert format_code(code) == f"AB-7K3M-9QXD-2HWA-{code[-1]}"


def test_code_kind() -> None:
    for letter, kind in {"T": "ticket", "A": "application", "C": "complaint"}.items():
        assert code_kind(new_tracking_code(letter)) == kind
        assert code_kind(format_code(new_tracking_code(letter)).lower()) == kind
    assert code_kind(new_tracking_code("X")) is None
    assert code_kind(new_tracking_code("TA")) is None
    assert code_kind(new_tracking_code()) is None
    code = new_tracking_code("T")
    assert code_kind(code[:-1] + ("0" if code[-1] != "0" else "1")) is None


# --- registration numbers ---------------------------------------------------------------------


def test_format_registration_number() -> None:
    assert format_registration_number("PRB", 2026, 123) == "PRB-2026-000123"
    assert format_registration_number("prb", 2026, 999_999) == "PRB-2026-999999"
    assert format_registration_number("3513", 2025, 1) == "3513-2025-000001"


@pytest.mark.parametrize(
    ("site", "year", "seq"),
    [("", 2026, 1), ("PROBOLINGGO", 2026, 1), ("PR-B", 2026, 1), ("PRÜ", 2026, 1),
     ("PRB", 999, 1), ("PRB", 10_000, 1), ("PRB", 2026, 0), ("PRB", 2026, 1_000_000)],
)  # fmt: skip
def test_format_registration_number_rejects(site: str, year: int, seq: int) -> None:
    with pytest.raises(ValueError):
        format_registration_number(site, year, seq)


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [
        ("PRB-2026-000123", ("PRB", 2026, 123)),
        ("prb-2026-000123", ("PRB", 2026, 123)),
        ("  PRB-2026-000123 ", ("PRB", 2026, 123)),
        ("PRB/2026/123", ("PRB", 2026, 123)),
        ("PRB 2026 123", ("PRB", 2026, 123)),
        ("PRB.2026.000123", ("PRB", 2026, 123)),
        ("3513-2025-000001", ("3513", 2025, 1)),
    ],
)
def test_parse_registration_number(raw: str, parsed: tuple[str, int, int]) -> None:
    assert parse_registration_number(raw) == parsed


@pytest.mark.parametrize(
    "raw",
    ["", "PRB-2026", "PRB-26-000123", "PRB-2026-0000000", "PRB-2026-000000", "PRB--2026-1",
     "PRB20260001", "PRB-2026-00012A", "PRB-2026-000123-X", "PRB-2026-\x00123",
     "PRB-２０２６-000123", "X" * 10_000],
)  # fmt: skip
def test_parse_registration_number_rejects(raw: str) -> None:
    assert parse_registration_number(raw) is None


def test_registration_round_trip() -> None:
    rng = random.Random(5)
    for _ in range(2000):
        site = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(3))
        year, seq = rng.randrange(2000, 2100), rng.randrange(1, 1_000_000)
        assert parse_registration_number(format_registration_number(site, year, seq)) == (
            site,
            year,
            seq,
        )
