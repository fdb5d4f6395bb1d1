"""Slip layout helpers and ASCII folding (no printer, no escpos)."""

from __future__ import annotations

import pytest

from kiosk.printing.layout import (
    PAPER_58,
    PAPER_80,
    Feed,
    Field,
    PaperProfile,
    QrCode,
    Text,
    columns_for,
    field_lines,
    size_factor,
    text_lines,
    wrap_text,
)
from kiosk.printing.text import _ascii_safe, ascii_safe
from kiosk.printing.transports import parse_status_reply


def test_ascii_safe_folds_typography_and_accents() -> None:
    """What Indonesian text and names contain becomes plain ASCII."""
    assert _ascii_safe("Senin–Jumat — “Gratis” ‘ya’ …") == "Senin-Jumat - \"Gratis\" 'ya' ..."
    assert _ascii_safe("Séna Müller Ñoño Øre Łukasz") == "Sena Muller Nono Ore Lukasz"
    assert _ascii_safe("50\u00a0%\u202fx\u200b") == "50 % x"
    assert _ascii_safe("± 25 menit") == "+/- 25 menit"
    assert _ascii_safe("Rp 350.000") == "Rp 350.000"


def test_ascii_safe_drops_control_characters() -> None:
    """ESC/GS in data would be executed by the printer; newlines are kept."""
    assert _ascii_safe("A\x1b@B\x1dV\x00C\nD\tE") == "A@BVC\nD E"
    assert ascii_safe("a\nb", keep_newlines=False) == "a b"
    assert _ascii_safe("日本") == "??"


def test_wrap_text() -> None:
    """Words wrap at the column width; long tokens are split; blank lines survive."""
    assert wrap_text("Persetujuan Bangunan Gedung", 16) == ["Persetujuan", "Bangunan Gedung"]
    assert wrap_text("x" * 10, 4) == ["xxxx", "xxxx", "xx"]
    assert wrap_text("a\n\nb", 10) == ["a", "", "b"]
    assert wrap_text("", 10) == [""]


def test_sizes_and_columns() -> None:
    """Huge = 8 characters across on either paper."""
    assert (size_factor(PAPER_58, "huge"), size_factor(PAPER_80, "huge")) == (4, 6)
    assert columns_for(PAPER_58, "huge") == columns_for(PAPER_80, "huge") == 8
    assert columns_for(PAPER_80, "large") == 24
    assert columns_for(PAPER_58, "normal") == 32


def test_text_lines_hanging_indent() -> None:
    """List items keep their continuation lines indented."""
    el = Text("3. Surat rekomendasi organisasi profesi (IBI)", hang=3)
    assert text_lines(el, PAPER_58) == ["3. Surat rekomendasi organisasi", "   profesi (IBI)"]


def test_field_lines_wide_and_narrow() -> None:
    """80 mm: label column + value; 58 mm: value under the label."""
    f = Field("Layanan", "Surat Izin Praktik Bidan (SIP Bidan)")
    wide = field_lines(f, 48)
    assert wide[0] == ("Layanan          : ", "Surat Izin Praktik Bidan (SIP")
    assert wide[1] == (" " * 19, "Bidan)")
    assert all(len(a + b) <= 48 for a, b in wide)
    narrow = field_lines(f, 32)
    assert narrow[0] == ("Layanan:", "")
    assert narrow[1] == ("  ", "Surat Izin Praktik Bidan (SIP")
    assert all(len(a + b) <= 32 for a, b in narrow)


def test_element_validation() -> None:
    """Values no printer can print are refused when the slip is built."""
    with pytest.raises(ValueError):
        QrCode("")
    with pytest.raises(ValueError):
        QrCode("x", size=17)
    with pytest.raises(ValueError):
        Feed(-1)
    with pytest.raises(ValueError):
        PaperProfile.for_paper(76)


@pytest.mark.parametrize(
    ("reply", "state"),
    [
        (b"\x12\x12\x12", "ok"),
        (b"\x12\x12\x1e", "paper_low"),
        (b"\x1a\x32\x7e", "paper_out"),
        (b"\x1a\x16\x12", "cover_open"),
        (b"\x1a\x12\x12", "offline"),
        (b"", "unknown"),
        (b"\xff\xff\xff", "unknown"),
        (b"\x12", "ok"),
        (b"\x12\x12", "ok"),
    ],
)
def test_parse_status_reply(reply: bytes, state: str) -> None:
    """DLE EOT 1, 2 and 4 answers as Epson documents them; noise is 'unknown'."""
    assert parse_status_reply(reply).state == state
