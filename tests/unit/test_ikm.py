"""SKM/IKM computation (Permenpan-RB 14/2017, skm-ikm.md)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

import pytest

from kiosk.core.ikm import (
    UNSUR,
    UNSUR_CODES,
    WEIGHT,
    classify_ikm,
    compute_ikm,
    ikm_from_totals,
    round_half_up,
    sample_size,
)

# The answer labels exactly as in skm-ikm.md.
DOC_LABELS = {
    "U1": ("Persyaratan", ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    "U2": ("Sistem, mekanisme dan prosedur",
           ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah")),
    "U3": ("Waktu penyelesaian", ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat")),
    "U4": ("Biaya/tarif", ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")),
    "U5": ("Produk spesifikasi jenis pelayanan",
           ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")),
    "U6": ("Kompetensi pelaksana",
           ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten")),
    "U7": ("Perilaku pelaksana (sopan dan ramah)",
           ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
            "Sangat sopan dan ramah")),
    "U8": ("Sarana dan prasarana", ("Buruk", "Cukup", "Baik", "Sangat baik")),
    "U9": ("Penanganan pengaduan, saran dan masukan",
           ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
            "Dikelola dengan baik")),
}  # fmt: skip


def _sheet(value: int | None) -> dict[str, int | None]:
    return dict.fromkeys(UNSUR_CODES, value)


def _sheets(*counts: tuple[int, int]) -> list[Mapping[str, int | None]]:
    """(how many sheets, the answer they give to every unsur)."""
    return [_sheet(value) for n, value in counts for _ in range(n)]


def test_unsur_data() -> None:
    assert UNSUR_CODES == ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
    for unsur in UNSUR:
        name, labels = DOC_LABELS[unsur.code]
        assert unsur.name_id == name
        assert unsur.labels_id == labels
        assert len(unsur.labels_en) == 4 and all(unsur.labels_en)
        assert len(set(unsur.labels_en)) == 4
        assert unsur.name_en and unsur.question_id.endswith("?") and unsur.question_en.endswith("?")
        assert unsur.label(1) == labels[0] and unsur.label(4, "en") == unsur.labels_en[3]
    with pytest.raises(ValueError):
        UNSUR[0].label(5)


def test_weight_is_exactly_one_ninth() -> None:
    assert Fraction(1, 9) == WEIGHT
    assert sum(WEIGHT for _ in UNSUR) == 1


@pytest.mark.parametrize(
    ("value", "ikm", "mutu", "kinerja"),
    [(4, "100.00", "A", "Sangat Baik"), (3, "75.00", "C", "Kurang Baik"),
     (2, "50.00", "D", "Tidak Baik"), (1, "25.00", "D", "Tidak Baik")],
)  # fmt: skip
def test_uniform_answers(value: int, ikm: str, mutu: str, kinerja: str) -> None:
    result = compute_ikm(_sheets((10, value)))
    assert result.ikm == Decimal(ikm)
    assert str(result.ikm) == ikm  # always two decimals
    assert (result.mutu, result.kinerja_id) == (mutu, kinerja)
    assert result.index == value
    assert result.responses == 10
    assert result.complete


def test_worked_example() -> None:
    """Four sheets. NRR per unsur: U1 (4+3+3+2)/4 = 3; U2..U8 all 3 except U4 (4,4,4,4) = 4;
    U9 answered by two sheets only: (4+3)/2 = 7/2. Index = (3*7 + 4 + 7/2)/9 = 28.5/9 = 19/6;
    IKM = 19/6 * 25 = 79.1666... -> 79.17, mutu B."""
    base = dict.fromkeys(UNSUR_CODES, 3) | {"U4": 4}
    sheets: list[Mapping[str, int | None]] = [
        base | {"U1": 4, "U9": 4},
        base | {"U1": 3, "U9": 3},
        base | {"U1": 3, "U9": None},
        {k: v for k, v in (base | {"U1": 2}).items() if k != "U9"},  # U9 key missing
    ]
    result = compute_ikm(sheets)
    assert result.nrr["U1"] == 3
    assert result.nrr["U4"] == 4
    assert result.nrr["U9"] == Fraction(7, 2)
    assert result.answered["U9"] == 2 and result.answered["U1"] == 4
    assert result.index == Fraction(19, 6)
    assert result.ikm == Decimal("79.17")
    assert result.mutu == "B" and result.kinerja_id == "Baik" and result.kinerja_en == "Good"
    assert result.nrr_weighted("U9") == Fraction(7, 18)


def test_one_ninth_not_point_eleven() -> None:
    """All NRR = 3.54 (27 of 50 answer 4, 23 answer 3): IKM 88.50, mutu A. With the 0.11 weight
    some publications use, 3.54 * 0.99 * 25 = 87.6 would wrongly give B."""
    result = compute_ikm(_sheets((27, 4), (23, 3)))
    assert result.index == Fraction(354, 100)
    assert result.ikm == Decimal("88.50")
    assert result.mutu == "A"
    assert Decimal("3.54") * Decimal("0.11") * 9 * 25 < Decimal("88.31")


def test_round_only_at_the_end() -> None:
    """NRR = 1379/450 = 3.06444... for every unsur (29 sheets of 4, 421 of 3): IKM = 1379/18 =
    76.6111 -> 76.61, mutu B. Rounding each NRR to 3.06 first would give 76.50, mutu C."""
    result = compute_ikm(_sheets((29, 4), (421, 3)))
    assert result.nrr["U1"] == Fraction(1379, 450)
    assert result.ikm == Decimal("76.61")
    assert result.mutu == "B"
    assert round_half_up(Fraction(1379, 450), 2) * 25 == Decimal("76.50")


def test_final_rounding_is_half_up() -> None:
    """Index 15321/5000 = 3.0642 exactly, IKM = 76.605 exactly -> 76.61 (B) with half-up;
    round-half-even would say 76.60 (C)."""
    result = compute_ikm(_sheets((321, 4), (4679, 3)))
    assert result.index * 25 == Fraction(76605, 1000)  # type: ignore[operator]
    assert result.ikm == Decimal("76.61")
    assert result.mutu == "B"


def test_unanswered_unsur_means_no_index() -> None:
    sheets = [_sheet(3) | {"U9": None} for _ in range(5)]
    result = compute_ikm(sheets)
    assert result.nrr["U9"] is None
    assert result.nrr["U1"] == 3
    assert result.answered["U9"] == 0
    assert result.index is None and result.ikm is None and result.mutu is None
    assert result.kinerja_id is None and result.kinerja_en is None
    assert not result.complete
    assert result.nrr_weighted("U9") is None


def test_no_responses() -> None:
    result = compute_ikm([])
    assert result.responses == 0
    assert all(v is None for v in result.nrr.values())
    assert result.ikm is None


def test_accepts_a_generator() -> None:
    result = compute_ikm(_sheet(4) for _ in range(3))
    assert result.responses == 3 and result.ikm == Decimal("100.00")


@pytest.mark.parametrize(
    ("sheet", "fragment"),
    [
        ({"U1": 0}, "U1 = 0"),
        ({"U1": 5}, "U1 = 5"),
        ({"U2": "3"}, "U2 = '3'"),
        ({"U3": True}, "U3 = True"),
        ({"U4": 2.5}, "U4 = 2.5"),
        ({"u1": 3}, "'u1'"),
        ({"U10": 3}, "'U10'"),
    ],
)
def test_bad_answers(sheet: dict[str, object], fragment: str) -> None:
    with pytest.raises(ValueError) as info:
        compute_ikm([_sheet(3), sheet])  # type: ignore[list-item]
    assert "response 2" in str(info.value)
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    ("ikm", "mutu", "kinerja_id"),
    [
        ("25.00", "D", "Tidak Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("76.61", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("100.00", "A", "Sangat Baik"),
    ],
)
def test_classify_boundaries(ikm: str, mutu: str, kinerja_id: str) -> None:
    assert classify_ikm(Decimal(ikm))[:2] == (mutu, kinerja_id)


@pytest.mark.parametrize("ikm", ["24.99", "100.01", "0"])
def test_classify_out_of_range(ikm: str) -> None:
    with pytest.raises(ValueError):
        classify_ikm(Decimal(ikm))


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (Fraction(1, 2), 0, "1"),
        (Fraction(5, 2), 0, "3"),
        (Fraction(-5, 2), 0, "-3"),
        (Fraction(76605, 1000), 2, "76.61"),
        (Fraction(1, 3), 2, "0.33"),
        (Fraction(2, 3), 2, "0.67"),
        (7, 2, "7.00"),
    ],
)
def test_round_half_up(value: Fraction, places: int, expected: str) -> None:
    assert str(round_half_up(value, places)) == expected


# --- sample size ---------------------------------------------------------------------------------

DOC_TABLE = {50: 44, 100: 80, 300: 169, 1000: 278, 2000: 322, 1_000_001: 384}

# The Krejcie & Morgan (1970) table, as reproduced in SKM guides.
KREJCIE_MORGAN = {
    10: 10, 15: 14, 20: 19, 25: 24, 30: 28, 35: 32, 40: 36, 45: 40, 50: 44, 55: 48, 60: 52,
    65: 56, 70: 59, 75: 63, 80: 66, 85: 70, 90: 73, 95: 76, 100: 80, 110: 86, 120: 92, 130: 97,
    140: 103, 150: 108, 160: 113, 170: 118, 180: 123, 190: 127, 200: 132, 210: 136, 220: 140,
    230: 144, 240: 148, 250: 152, 260: 155, 270: 159, 280: 162, 290: 165, 300: 169, 320: 175,
    340: 181, 360: 186, 380: 191, 400: 196, 420: 201, 440: 205, 460: 210, 480: 214, 500: 217,
    550: 226, 600: 234, 650: 242, 700: 248, 750: 254, 800: 260, 850: 265, 900: 269, 950: 274,
    1000: 278, 1100: 285, 1200: 291, 1300: 297, 1400: 302, 1500: 306, 1600: 310, 1700: 313,
    1800: 317, 1900: 320, 2000: 322, 2200: 327, 2400: 331, 2600: 335, 2800: 338, 3000: 341,
    3500: 346, 4000: 351, 4500: 354, 5000: 357, 6000: 361, 7000: 364, 8000: 367, 9000: 368,
    10000: 370, 15000: 375, 20000: 377, 30000: 379, 40000: 380, 50000: 381, 75000: 382,
    1000000: 384,
}  # fmt: skip


@pytest.mark.parametrize(("population", "needed"), sorted(DOC_TABLE.items()))
def test_sample_size_doc_table(population: int, needed: int) -> None:
    assert sample_size(population) == needed


def test_sample_size_full_krejcie_morgan_table() -> None:
    assert {n: sample_size(n) for n in KREJCIE_MORGAN} == KREJCIE_MORGAN


def test_sample_size_shape() -> None:
    assert sample_size(0) == 0
    assert sample_size(1) == 1
    assert sample_size(10**12) == 384
    previous = 0
    for population in range(0, 20_000):
        needed = sample_size(population)
        assert previous <= needed <= population
        previous = needed


@pytest.mark.parametrize("bad", [-1, -1000])
def test_sample_size_negative(bad: int) -> None:
    with pytest.raises(ValueError):
        sample_size(bad)


def test_sample_size_type() -> None:
    with pytest.raises(TypeError):
        sample_size(100.0)  # type: ignore[arg-type]


# --- band edges reached by real answer sheets ---------------------------------------------------


@pytest.mark.parametrize(
    ("threes", "others", "other_value", "ikm", "mutu"),
    [
        # all nine unsur answered alike; IKM = 25 x mean answer, computed by hand
        (1499, 1001, 2, "64.99", "D"),  # 6499/2500 = 2.5996
        (2999, 2001, 2, "65.00", "C"),  # 12999/5000 = 2.5998 -> 64.995 rounds half up to 65.00
        (3, 2, 2, "65.00", "C"),  # 13/5 = 2.6
        (117, 8, 4, "76.60", "C"),  # 383/125 = 3.064
        (2339, 161, 4, "76.61", "B"),  # 7661/2500 = 3.0644
        (117, 133, 4, "88.30", "B"),  # 883/250 = 3.532
        (1169, 1331, 4, "88.31", "A"),  # 8831/2500 = 3.5324
    ],
)
def test_band_edges_from_sheets(
    threes: int, others: int, other_value: int, ikm: str, mutu: str
) -> None:
    result = compute_ikm(_sheets((threes, 3), (others, other_value)))
    assert result.ikm == Decimal(ikm)
    assert result.mutu == mutu


def test_partly_answered_sheets_by_hand() -> None:
    """Three sheets; U1 answered by all (4, 2, 3 -> 3), U2 by two (4, 3 -> 7/2), U3..U9 by one
    each (4). NRR over the sheets that answered, not over all three: index = (3 + 7/2 + 7*4)/9
    = 34.5/9; IKM = 862.5/9 = 95.8333 -> 95.83 A. Dividing by all three sheets would have
    given U2 = 7/3 and U3..U9 = 4/3 (IKM 44.44, D)."""
    sheets: list[Mapping[str, int | None]] = [
        {"U1": 4, "U2": 4, **{f"U{i}": 4 for i in range(3, 10)}},
        {"U1": 2, "U2": 3},
        {"U1": 3, "U2": None},
    ]
    result = compute_ikm(sheets)
    assert result.answered == {"U1": 3, "U2": 2} | {f"U{i}": 1 for i in range(3, 10)}
    assert result.nrr["U2"] == Fraction(7, 2) and result.nrr["U5"] == 4
    assert result.index == Fraction(345, 90)
    assert result.ikm == Decimal("95.83") and result.mutu == "A"


def test_totals_give_the_same_result_as_sheets() -> None:
    sheets = [_sheet(4), _sheet(3), _sheet(3) | {"U9": None}]
    by_sheets = compute_ikm(sheets)
    sums = {c: 10 for c in UNSUR_CODES} | {"U9": 7}
    counts = {c: 3 for c in UNSUR_CODES} | {"U9": 2}
    assert ikm_from_totals(3, sums, counts) == by_sheets


def test_totals_for_another_questionnaire() -> None:
    """Five questions on the same scale: weight 1/5, the same rounding and bands."""
    codes = ("Z1", "Z2", "Z3", "Z4", "Z5")
    result = ikm_from_totals(2, dict.fromkeys(codes, 7), dict.fromkeys(codes, 2), codes)
    assert result.index == Fraction(7, 2) and result.ikm == Decimal("87.50")
    assert result.nrr_weighted("Z1") == Fraction(7, 10)
    with pytest.raises(ValueError):
        ikm_from_totals(0, {}, {}, ())
