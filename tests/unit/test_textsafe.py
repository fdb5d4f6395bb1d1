"""ascii_safe(): text that a thermal printer's code page can print."""

from __future__ import annotations

import random
import string

import pytest

from kiosk.core.textsafe import ascii_safe

PRINTABLE = set(string.printable) - set("\t\r\x0b\x0c")  # printable ASCII and "\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Senin–Kamis 08.00—15.00", "Senin-Kamis 08.00-15.00"),
        ("Rp\u00a030.000", "Rp 30.000"),
        ("Rp\u202f30.000", "Rp 30.000"),
        ("\u201cGratis\u201d", '"Gratis"'),
        ("\u2018SKCK\u2019", "'SKCK'"),
        ("Ma\u2019ruf", "Ma'ruf"),
        ("\u201eTanda terima\u201c", '"Tanda terima"'),
        ("Harap tunggu\u2026", "Harap tunggu..."),
        ("Café naïve São Paulo Ñandú", "Cafe naive Sao Paulo Nandu"),
        ("ÀÉÎÕÜ àéîõü", "AEIOU aeiou"),
        ("Straße Æsir Œuvre Łódź Đà Nẵng", "Strasse AEsir OEuvre Lodz Da Nang"),
        ("\ufb01le ½ x² ", "file 1/2 x2 "),
        ("a\u00adb\u200bc\u200dd\ufeffe", "abcde"),  # soft hyphen, zero-width characters
        ("• satu", "* satu"),
        ("−5", "-5"),
        ("ＡＢＣ１２３", "ABC123"),  # full-width forms
        ("line1\r\nline2\rline3\nline4", "line1\nline2\nline3\nline4"),
        ("a\tb", "a b"),
        ("\x1b@\x1dV\x00BUDI\x07", "@VBUDI"),  # ESC/POS commands smuggled in user text
        ("\u2028", "\n"),
        ("Antrian 🙂 A001", "Antrian ? A001"),
        ("申请", "??"),
        ("Ё", "?"),  # Cyrillic: no ASCII form even after NFKD
        ("Ж", "?"),
        ("", ""),
    ],
)
def test_ascii_safe(text: str, expected: str) -> None:
    assert ascii_safe(text) == expected


def test_plain_ascii_is_untouched() -> None:
    text = "".join(chr(c) for c in range(0x20, 0x7F)) + "\n"
    assert ascii_safe(text) == text


def test_fuzz_output_is_printable_and_idempotent() -> None:
    rng = random.Random(42)
    for _ in range(3000):
        length = rng.randrange(0, 40)
        text = "".join(
            chr(rng.choice([rng.randrange(0, 0x300), rng.randrange(0, 0x3000),
                            rng.randrange(0, 0x110000)]))
            for _ in range(length)
        )  # fmt: skip
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
            text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
        safe = ascii_safe(text)
        assert set(safe) <= PRINTABLE, repr(safe)
        assert ascii_safe(safe) == safe
        safe.encode("ascii")  # raises if anything non-ASCII slipped through
