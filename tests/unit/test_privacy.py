"""Name and phone masking for public screens and slips."""

from __future__ import annotations

import random
import unicodedata

import pytest

from kiosk.core.privacy import mask_name, mask_phone


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("Budi Santoso", "BUDI S***"),
        ("budi santoso", "BUDI S***"),
        ("  Budi   Santoso  ", "BUDI S***"),
        ("Budi\tSantoso\n", "BUDI S***"),
        ("Budi", "B***"),
        ("Sukarno", "S***"),
        ("Muhammad Rizki Pratama", "MUHAMMAD R*** P***"),
        ("Dr. Ir. Siti Aminah, M.Si.", "SITI A***"),
        ("dr. Budi Santoso, Sp.PD", "BUDI S***"),
        ("H. Ahmad Fauzi S.H.", "AHMAD F***"),
        ("Hj. Siti Nurhaliza", "SITI N***"),
        ("Prof. Dr. Ir. Bambang", "B***"),
        ("Dr Budi Santoso", "BUDI S***"),
        ("Ny Sri Rahayu", "SRI R***"),
        ("Drs. Joko Widodo, M.M.", "JOKO W***"),
        ("Budi Santoso, S.Kom., M.T.", "BUDI S***"),
        ("Ni Luh Putu Ayu", "NI L*** P*** A***"),
        ("I Gede Made", "I G*** M***"),
        ("Ma'ruf Amin", "MA'RUF A***"),
        ("Siti Nur'aini", "SITI N***"),
        ("Ñandú García", "ÑANDÚ G***"),
        ("Ölçer Şahin", "ÖLÇER Ş***"),
        ("ʼAbdul Karim", "ʼABDUL K***"),
        ("", "***"),
        ("   ", "***"),
        ("Dr.", "***"),
        ("-", "***"),
        ("Budi\u200bSantoso", "B***"),  # zero-width space joins the words: one word
        ("Budi\x1b[2J Santoso", "BUDI[2J S***"),  # control characters dropped
    ],
)
def test_mask_name(name: str, masked: str) -> None:
    assert mask_name(name) == masked


def test_decomposed_input_is_composed() -> None:
    nfd = unicodedata.normalize("NFD", "Élise Ñandú")
    assert mask_name(nfd) == "ÉLISE Ñ***"


def test_no_control_or_format_characters_survive() -> None:
    rng = random.Random(9)
    pool = "abcdefghij ÉñçßʼĀ\u200b\u200d\u202e\x00\x07\x1b\t\n-.'"
    for _ in range(3000):
        name = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 30)))
        masked = mask_name(name)
        assert masked
        assert all(unicodedata.category(ch) not in {"Cc", "Cf"} for ch in masked)
        assert "  " not in masked


def test_surname_is_never_shown() -> None:
    rng = random.Random(10)
    letters = "abcdefghijklmnopqrstuvwxyz"
    for _ in range(2000):
        # 7+ letters: shorter random words can spell a title ("tn", "drs") that is dropped
        first = "".join(rng.choice(letters) for _ in range(rng.randrange(7, 12)))
        last = "".join(rng.choice(letters) for _ in range(rng.randrange(4, 12)))
        masked = mask_name(f"{first} {last}")
        assert masked == f"{first.upper()} {last[0].upper()}***"
        assert last.upper() not in masked.split()


def test_huge_input_is_bounded() -> None:
    masked = mask_name("A" * 100_000 + " Santoso")
    assert len(masked) <= 210


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("081234561234", "*********1234"),
        ("0812-3456-1234", "*********1234"),
        ("+62 812 3456 1234", "*********1234"),
        ("(0335) 123456", "*********3456"),
        ("1234", "*************"),
        ("", "*************"),
        ("abc", "*************"),
        ("08１２34561234", "*********1234"),  # full-width digit ignored, not leaked
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked


def test_mask_phone_hides_length() -> None:
    assert len(mask_phone("081234567")) == len(mask_phone("6281234567890123"))
