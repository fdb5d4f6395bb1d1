"""The kiosk's pure parts: translations, scanner burst detection, charter pages, wording rules,
the exit PIN and the style-sheet scaling. No window needed."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from kiosk.services.staff import hash_secret
from kiosk.ui.i18n import Translator
from kiosk.ui.kiosk import texts
from kiosk.ui.kiosk.behaviour import ScanBuffer
from kiosk.ui.kiosk.charter import load_charter, parse_charter
from kiosk.ui.kiosk.pin import pin_matches
from kiosk.ui.theme import scaled_qss, style_sheet

WIB = ZoneInfo("Asia/Jakarta")


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_scanner_burst_needs_four_fast_characters_and_enter() -> None:
    clock = FakeClock()
    buf = ScanBuffer(clock)
    for ch in "T7K3":
        clock.now += 0.01
        buf.feed_char(ch)
    clock.now += 0.01
    assert buf.feed_enter() == "T7K3"
    for ch in "ABC":  # too short
        clock.now += 0.01
        buf.feed_char(ch)
    assert buf.feed_enter() is None


def test_a_slow_typist_is_not_a_scanner() -> None:
    clock = FakeClock()
    buf = ScanBuffer(clock)
    for ch in "T7K3M9":
        clock.now += 0.2  # a person pressing keys
        buf.feed_char(ch)
    clock.now += 0.01
    assert buf.feed_enter() is None


def test_a_pause_before_enter_drops_the_burst() -> None:
    clock = FakeClock()
    buf = ScanBuffer(clock)
    for ch in "T7K3M9":
        clock.now += 0.01
        buf.feed_char(ch)
    clock.now += 1.0
    assert buf.feed_enter() is None


def test_charter_pages_split_on_rules_with_titles() -> None:
    pages = parse_charter(
        "<!-- sample -->\n# Satu\n\nIsi **tebal**.\n\n---\n\n# Dua\n- a\n- b\n---\n\n"
    )
    assert [p.title for p in pages] == ["Satu", "Dua"]
    assert pages[0].body == "Isi **tebal**."
    assert "sample" not in pages[0].body


def test_shipped_charter_has_the_same_pages_in_both_languages() -> None:
    pages_id, pages_en = load_charter("id"), load_charter("en")
    assert len(pages_id) == len(pages_en) >= 5
    assert all(p.title for p in pages_id + pages_en)


def test_wording_rules() -> None:
    tr = Translator("id")
    assert texts.rupiah(30000) == "30.000"
    assert texts.rupiah(30000, "en") == "30,000"
    assert texts.fee_text(tr, 0) == "Gratis"
    assert texts.fee_text(tr, 350000) == "Rp350.000"
    assert texts.join_numbers("id", (3, 4, 5)) == "3, 4, dan 5"  # PUEBI serial comma
    assert texts.join_numbers("en", (3, 4)) == "3 and 4"
    assert texts.duration_text(tr, None) == "Belum dapat diperkirakan"
    assert texts.duration_text(tr, 0) == "Segera"
    assert texts.duration_text(tr, 70) == "± 1 jam 10 menit"
    assert texts.sop_text(tr, 9, None) == "9 hari kerja"
    tr.set_language("en")
    assert texts.fee_text(tr, 0) == "Free of charge"
    assert texts.sop_text(tr, None, 30) == "30 minutes"


def test_search_matches_every_word_in_any_language() -> None:
    service = SimpleNamespace(
        code="SIP_DR_SP",
        name_id="Surat Izin Praktik Dokter Spesialis",
        name_en="Practice Licence: Medical Specialist",
    )
    assert texts.matches(service, "izin dokter")
    assert texts.matches(service, "MEDICAL spec")
    assert texts.matches(service, "sip_dr")
    assert not texts.matches(service, "dokter gigi")


def test_refusal_names_the_hours_and_only_a_future_opening() -> None:
    tr = Translator("id")
    service = SimpleNamespace(
        hours_text_id="Senin-Kamis 08.00-15.00",
        hours_text_en="Monday-Thursday 08:00-15:00",
        next_opening=datetime(2026, 3, 3, 8, 0, tzinfo=WIB),
    )
    evening = datetime(2026, 3, 2, 20, 0, tzinfo=WIB)
    lines = texts.refusal_lines(tr, service, "closed", WIB, evening)
    assert lines == [
        "Layanan ini sedang tutup.",
        "Jam layanan: Senin-Kamis 08.00-15.00",
        "Buka kembali: Selasa, 3 Maret 2026 08.00 WIB",
    ]
    later = datetime(2026, 3, 3, 9, 0, tzinfo=WIB)
    assert not any("Buka kembali" in line for line in texts.refusal_lines(
        tr, service, "closed", WIB, later))  # fmt: skip
    quota = texts.refusal_lines(tr, service, "quota", WIB, evening)
    assert quota[-1] == "Silakan datang lagi pada hari kerja berikutnya."


@pytest.mark.parametrize(
    ("configured", "typed", "ok"),
    [
        ("2468", "2468", True),
        ("2468", "1111", False),
        ("2468", "", False),
        ("", "", False),  # no PIN configured: nobody leaves without an admin
        ("", "0000", False),
    ],
)
def test_exit_pin_plain(configured: str, typed: str, ok: bool) -> None:
    assert pin_matches(configured, typed) is ok


def test_exit_pin_as_argon2_hash() -> None:
    stored = hash_secret("13579")
    assert pin_matches(stored, "13579")
    assert not pin_matches(stored, "97531")


def test_style_sheet_scales_lengths_only() -> None:
    qss = "#a { font-size: 30px; min-height: 120px; color: #0b3d91; border: 2px solid #cbd5e1; }"
    half = scaled_qss(qss, 0.5)
    assert "font-size: 15px" in half and "min-height: 60px" in half
    assert "#0b3d91" in half and "1px solid" in half
    assert scaled_qss(qss, 1.0) == qss
    assert "font-size" in style_sheet("kiosk.qss")
