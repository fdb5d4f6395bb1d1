"""Words for the error reasons (code + reason + params) the counter meets before ``kiosk.i18n``
exists: a stop-gap table with the same texts as tools/i18n_inbox/counterui.toml.

``texts.error_text`` asks ``kiosk.i18n.error_text`` first when that package is installed, so once
the shared catalogues arrive this table is only a fallback and can be deleted.
"""

from __future__ import annotations

REASON_TEXTS: dict[tuple[str, str], dict[str, str]] = {
    ("bad_input", "nik_length"): {
        "id": "NIK harus 16 digit, yang diisi {length} digit.",
        "en": "The NIK must be 16 digits; {length} were entered.",
    },
    ("bad_input", "nik_digits"): {
        "id": "NIK hanya boleh berisi angka 0-9 (16 digit).",
        "en": "The NIK may contain digits 0-9 only (16 digits).",
    },
    ("bad_input", "nik_zeros"): {
        "id": "NIK tidak boleh berisi angka nol semua.",
        "en": "The NIK cannot be all zeros.",
    },
    ("bad_input", "nik_province"): {
        "id": "Kode provinsi {code} pada NIK tidak dikenal. Periksa dua digit pertama.",
        "en": "The NIK has an unknown province code {code}. Check its first two digits.",
    },
    ("bad_input", "nik_regency"): {
        "id": "Kode kabupaten/kota pada NIK tidak boleh 00.",
        "en": "The NIK's regency/city code cannot be 00.",
    },
    ("bad_input", "nik_district"): {
        "id": "Kode kecamatan pada NIK tidak boleh 00.",
        "en": "The NIK's district code cannot be 00.",
    },
    ("bad_input", "nik_birth_month"): {
        "id": "Bulan lahir {month} pada NIK tidak mungkin. Periksa digit ke-9 dan ke-10.",
        "en": "The birth month {month} in the NIK is impossible. Check its 9th and 10th digits.",
    },
    ("bad_input", "nik_birth_day"): {
        "id": "Tanggal lahir {day} pada NIK tidak mungkin (laki-laki 01-31, perempuan 41-71).",
        "en": "The birth day {day} in the NIK is impossible (men 01-31, women 41-71).",
    },
    ("bad_input", "nik_sequence"): {
        "id": "Nomor urut pada NIK tidak boleh 0000.",
        "en": "The NIK's sequence number cannot be 0000.",
    },
    ("not_found", "agency"): {
        "id": "Instansi {agency} tidak ada dalam katalog.",
        "en": "There is no agency {agency} in the catalogue.",
    },
}


def reason_text(lang: str, code: str, reason: str, params: dict[str, object]) -> str | None:
    """The sentence for ``(code, reason)`` in ``lang``, or None when the table has none."""
    texts = REASON_TEXTS.get((code, reason))
    if texts is None:
        return None
    try:
        return texts.get(lang, texts["id"]).format(**params)
    except (KeyError, IndexError, ValueError):
        return texts.get(lang, texts["id"])
