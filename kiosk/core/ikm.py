"""Survei Kepuasan Masyarakat: the nine unsur and the IKM index (Permenpan-RB 14/2017).

Arithmetic is exact (fractions.Fraction) until the very end because the common shortcuts are
wrong in ways that show up in published reports: a weight of 0.11 instead of 1/9 understates the
index, and rounding each NRR before summing can move a unit across a mutu boundary. Only the
final IKM is rounded, half up, to 2 decimals, and the mutu is read from that rounded value
(skm-ikm.md). An unsur nobody answered has no NRR, and then there is no index at all: averaging
over fewer than nine unsur would publish a different measure under the same name.

Answer labels are data copied exactly from the regulation's form; the question texts and the
English translations are this project's own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

__all__ = [
    "UNSUR",
    "UNSUR_CODES",
    "WEIGHT",
    "IkmResult",
    "Mutu",
    "Unsur",
    "classify_ikm",
    "compute_ikm",
    "ikm_from_totals",
    "round_half_up",
    "sample_size",
]

Mutu = Literal["A", "B", "C", "D"]


@dataclass(frozen=True)
class Unsur:
    """One survey element: its code, names, a question, and the labels of answers 1..4."""

    code: str
    name_id: str
    name_en: str
    question_id: str
    question_en: str
    labels_id: tuple[str, str, str, str]
    labels_en: tuple[str, str, str, str]

    def label(self, value: int, lang: Literal["id", "en"] = "id") -> str:
        """The label for answer ``value`` (1..4)."""
        if not 1 <= value <= 4:
            raise ValueError(f"{self.code}: answer must be 1..4, got {value}")
        return (self.labels_id if lang == "id" else self.labels_en)[value - 1]


_SESUAI_ID = ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
_SESUAI_EN = ("Not suitable", "Less suitable", "Suitable", "Very suitable")

UNSUR: tuple[Unsur, ...] = (
    Unsur(
        "U1",
        "Persyaratan",
        "Requirements",
        "Menurut Anda, seberapa sesuai persyaratan yang diminta dengan layanan yang Anda urus?",
        "How well did the requirements you were asked for fit the service you came for?",
        _SESUAI_ID,
        _SESUAI_EN,
    ),
    Unsur(
        "U2",
        "Sistem, mekanisme dan prosedur",
        "Systems, mechanisms and procedures",
        "Menurut Anda, seberapa mudah alur dan prosedur pelayanan di sini?",
        "How easy were the steps and the procedure of this service?",
        ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
        ("Not easy", "Not very easy", "Easy", "Very easy"),
    ),
    Unsur(
        "U3",
        "Waktu penyelesaian",
        "Completion time",
        "Menurut Anda, seberapa cepat layanan Anda diselesaikan?",
        "How quickly was your service completed?",
        ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
        ("Not fast", "Not very fast", "Fast", "Very fast"),
    ),
    Unsur(
        "U4",
        "Biaya/tarif",
        "Cost/fee",
        "Menurut Anda, bagaimana biaya atau tarif yang Anda bayar untuk layanan ini?",
        "What do you think of the fee you paid for this service?",
        ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
        ("Very expensive", "Fairly expensive", "Cheap", "Free"),
    ),
    Unsur(
        "U5",
        "Produk spesifikasi jenis pelayanan",
        "Product specification of the service",
        "Menurut Anda, seberapa sesuai hasil layanan yang Anda terima dengan standar pelayanan?",
        "How well did what you received match the published service standard?",
        _SESUAI_ID,
        _SESUAI_EN,
    ),
    Unsur(
        "U6",
        "Kompetensi pelaksana",
        "Officer competence",
        "Menurut Anda, seberapa kompeten petugas yang melayani Anda?",
        "How competent was the officer who served you?",
        ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
        ("Not competent", "Not very competent", "Competent", "Very competent"),
    ),
    Unsur(
        "U7",
        "Perilaku pelaksana (sopan dan ramah)",
        "Officer behaviour (polite and friendly)",
        "Menurut Anda, bagaimana kesopanan dan keramahan petugas yang melayani Anda?",
        "How polite and friendly was the officer who served you?",
        (
            "Tidak sopan dan ramah",
            "Kurang sopan dan ramah",
            "Sopan dan ramah",
            "Sangat sopan dan ramah",
        ),
        (
            "Not polite and friendly",
            "Not very polite and friendly",
            "Polite and friendly",
            "Very polite and friendly",
        ),
    ),
    Unsur(
        "U8",
        "Sarana dan prasarana",
        "Facilities and infrastructure",
        "Menurut Anda, bagaimana kualitas sarana dan prasarana di sini (ruang tunggu, toilet,"
        " parkir, anjungan)?",
        "How good are the facilities here (waiting area, toilets, parking, kiosks)?",
        ("Buruk", "Cukup", "Baik", "Sangat baik"),
        ("Poor", "Fair", "Good", "Very good"),
    ),
    Unsur(
        "U9",
        "Penanganan pengaduan, saran dan masukan",
        "Handling of complaints, suggestions and feedback",
        "Menurut Anda, bagaimana pengaduan, saran dan masukan ditangani di unit layanan ini?",
        "How well are complaints, suggestions and feedback handled at this service unit?",
        (
            "Tidak ada",
            "Ada tetapi tidak berfungsi",
            "Berfungsi kurang maksimal",
            "Dikelola dengan baik",
        ),
        ("None", "Exists but does not work", "Works, but not fully", "Well managed"),
    ),
)

UNSUR_CODES: tuple[str, ...] = tuple(u.code for u in UNSUR)

#: The weight of every unsur, exactly 1/9 (not 0.11).
WEIGHT = Fraction(1, len(UNSUR))

_KINERJA: dict[Mutu, tuple[str, str]] = {
    "A": ("Sangat Baik", "Very good"),
    "B": ("Baik", "Good"),
    "C": ("Kurang Baik", "Fair"),
    "D": ("Tidak Baik", "Poor"),
}


def round_half_up(value: Fraction | int, places: int = 2) -> Decimal:
    """Round an exact value to ``places`` decimals, halves away from zero (the schoolbook rule
    reports use; Python's round() would round 76.605 to even)."""
    scaled = Fraction(value) * 10**places
    magnitude = math.floor(abs(scaled) + Fraction(1, 2))
    return Decimal(-magnitude if scaled < 0 else magnitude).scaleb(-places)


def classify_ikm(ikm: Decimal) -> tuple[Mutu, str, str]:
    """(mutu, kinerja in Indonesian, kinerja in English) for an IKM already rounded to 2
    decimals; the published bands have gaps, so the thresholds are < 65.00 D, < 76.61 C,
    < 88.31 B, else A."""
    if not Decimal(25) <= ikm <= Decimal(100):
        raise ValueError(f"IKM must be within 25..100, got {ikm}")
    mutu: Mutu
    if ikm < Decimal("65.00"):
        mutu = "D"
    elif ikm < Decimal("76.61"):
        mutu = "C"
    elif ikm < Decimal("88.31"):
        mutu = "B"
    else:
        mutu = "A"
    kinerja_id, kinerja_en = _KINERJA[mutu]
    return mutu, kinerja_id, kinerja_en


@dataclass(frozen=True)
class IkmResult:
    """The survey summary for one period/unit. ``index``/``ikm``/``mutu`` are None unless every
    unsur has at least one answer."""

    responses: int
    answered: Mapping[str, int]
    nrr: Mapping[str, Fraction | None]
    index: Fraction | None
    ikm: Decimal | None
    mutu: Mutu | None
    kinerja_id: str | None
    kinerja_en: str | None

    @property
    def complete(self) -> bool:
        """True when an IKM could be computed."""
        return self.ikm is not None

    def nrr_weighted(self, code: str) -> Fraction | None:
        """NRR tertimbang of one unsur (NRR x 1/9 for the SKM), the column reports print."""
        nrr = self.nrr[code]
        return None if nrr is None else nrr * Fraction(1, len(self.nrr))


def compute_ikm(responses: Iterable[Mapping[str, int | None]]) -> IkmResult:
    """Summarise answer sheets (``{"U1": 3, ..., "U9": None}``; a missing key or None means not
    answered). Unknown keys and answers outside 1..4 raise ValueError naming the sheet, because a
    silently dropped column ("u1") would corrupt a published index."""
    sums = dict.fromkeys(UNSUR_CODES, 0)
    counts = dict.fromkeys(UNSUR_CODES, 0)
    n_responses = 0
    for n_responses, sheet in enumerate(responses, start=1):
        for code, value in sheet.items():
            if code not in sums:
                raise ValueError(f"response {n_responses}: unknown unsur {code!r}")
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 4:
                raise ValueError(f"response {n_responses}: {code} = {value!r} is not 1..4")
            sums[code] += value
            counts[code] += 1
    return ikm_from_totals(n_responses, sums, counts)


def ikm_from_totals(
    responses: int,
    sums: Mapping[str, int],
    counts: Mapping[str, int],
    codes: Sequence[str] = UNSUR_CODES,
) -> IkmResult:
    """The same summary from totals already added up (a report's one pass over the rows):
    ``sums[code]`` / ``counts[code]`` are the sum and the number of the answers to ``code``.

    ``codes`` defaults to the nine unsur; another questionnaire on the same 1..4 scale (an
    integrity-zone perception survey) passes its own codes and gets the same arithmetic with
    weight 1/len(codes). Mutu and kinerja use the SKM's bands either way; whether they mean
    anything for that other survey is the report's decision.
    """
    if not codes:
        raise ValueError("a questionnaire needs at least one question")
    weight = Fraction(1, len(codes))
    nrr: dict[str, Fraction | None] = {
        code: Fraction(sums.get(code, 0), counts[code]) if counts.get(code) else None
        for code in codes
    }
    answered = {code: int(counts.get(code, 0)) for code in codes}
    index: Fraction | None = None
    ikm: Decimal | None = None
    mutu: Mutu | None = None
    kinerja_id: str | None = None
    kinerja_en: str | None = None
    values = [v for v in nrr.values() if v is not None]
    if len(values) == len(codes):
        index = sum((v * weight for v in values), Fraction(0))
        ikm = round_half_up(index * 25, 2)
        mutu, kinerja_id, kinerja_en = classify_ikm(ikm)
    return IkmResult(
        responses=responses,
        answered=answered,
        nrr=nrr,
        index=index,
        ikm=ikm,
        mutu=mutu,
        kinerja_id=kinerja_id,
        kinerja_en=kinerja_en,
    )


# Krejcie & Morgan (1970): chi-square for 1 degree of freedom at 95 %, P = 0.5, d = 0.05.
_CHI2 = Fraction("3.841")
_P = Fraction(1, 2)
_D = Fraction(1, 20)


def sample_size(population: int) -> int:
    """Respondents needed for a population of ``population`` visitors (Krejcie-Morgan).

    Rounded to the NEAREST integer (halves up), as skm-ikm.md says: only that reproduces every
    row of the published 1970 table (50 -> 44 from 44.34, 2000 -> 322 from 322.35, the limit 384
    from 384.1); rounding up would give 50 -> 45. Never more than the population itself.
    """
    if isinstance(population, bool) or not isinstance(population, int):
        raise TypeError("population must be an int")
    if population < 0:
        raise ValueError(f"population cannot be negative: {population}")
    if population == 0:
        return 0
    pq = _P * (1 - _P)
    s = _CHI2 * population * pq / (_D**2 * (population - 1) + _CHI2 * pq)
    return min(population, int(round_half_up(s, 0)))
