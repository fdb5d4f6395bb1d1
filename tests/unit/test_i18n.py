"""The shared catalogues: complete in every shipped language, same placeholders, formatting
rules where Babel and PUEBI differ, a third language added from the templates, no Qt."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date as babel_format_date
from babel.numbers import format_currency

from kiosk import errors as errors_module
from kiosk import i18n
from kiosk.errors import BadInput, Forbidden, KioskError, LocalText, Refused
from kiosk.i18n import catalog
from tests.support.locales import make_language

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "resources" / "locale"
WIB = ZoneInfo("Asia/Jakarta")


def shipped_domains() -> list[str]:
    return sorted(p.stem for p in (LOCALE / "id" / "LC_MESSAGES").glob("*.po"))


@pytest.mark.parametrize("domain", shipped_domains())
def test_every_message_has_a_text_with_the_same_placeholders_in_every_shipped_language(
    domain: str,
) -> None:
    source = catalog.read_catalogue(LOCALE / "id" / "LC_MESSAGES" / f"{domain}.po", "id")
    ids = {str(m.id): str(m.string) for m in source if m.id}
    assert ids, f"{domain}: empty catalogue"
    for lang in i18n.CORE_LANGS:
        path = LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"
        assert path.exists(), f"{lang} lacks {domain}.po"
        texts = {str(m.id): str(m.string) for m in catalog.read_catalogue(path, lang) if m.id}
        missing = sorted(msgid for msgid in ids if not texts.get(msgid))
        assert not missing, f"{lang}/{domain}: no text for {missing[:10]}"
        extra = sorted(set(texts) - set(ids))
        assert not extra, f"{lang}/{domain}: ids the source lacks: {extra[:10]}"
        for msgid, text in texts.items():
            assert catalog.placeholders(text) == catalog.placeholders(ids[msgid]), (
                f"{lang}/{domain}/{msgid}: placeholders differ"
            )


def test_indonesian_wording_is_baku() -> None:
    """KBBI forms: "silakan", "izin", "praktik" (never "silahkan", "ijin", "praktek")."""
    for domain in shipped_domains():
        joined = " ".join(catalog.messages("id", domain).values()).lower()
        for wrong in ("silahkan", "ijin ", "praktek"):
            assert wrong not in joined, (domain, wrong)


# One term per concept on paper, kiosk, counter and display (field trial: the receipt said
# "No. Registrasi" and "Kode lacak", the kiosk "nomor pendaftaran", the counter "Kode pelacakan").
TERMS = {
    "registration number": ("nomor pendaftaran", ("registrasi",)),
    "tracking code": ("kode lacak", ("pelacakan", "kode pelacak ")),
    "checking progress": ("cek progres", ("lacak permohonan",)),
    "the citizen's touchscreen": ("anjungan", ("kios ", "kios.", "kios,")),
    "whistleblowing channel": ("sistem pelaporan pelanggaran", ("whistle blowing",)),
    # "HP" is slang from the English "handphone"; KBBI's baku word is "ponsel" (telepon seluler).
    "the number that takes an SMS or WhatsApp": ("nomor ponsel", ("nomor hp", "nik/hp")),
}


def test_one_term_per_concept_in_every_indonesian_text() -> None:
    texts = " ".join(
        " ".join(catalog.messages("id", domain).values()).lower() for domain in shipped_domains()
    )
    charter = (ROOT / "resources" / "charter" / "charter.id.md").read_text(encoding="utf-8")
    everything = texts + " " + charter.lower()
    for concept, (term, rejected) in TERMS.items():
        for wrong in rejected:
            assert wrong not in everything, f"{concept}: say '{term}', not '{wrong.strip()}'"
    assert "nomor pendaftaran" in texts and "kode lacak" in texts and "cek progres" in texts


# The same two numbers in both languages (field trial: /antrean said "nomor ponsel" above a
# footer that said "nomor HP", and English said "phone" for both). The number that can take a
# message (reminders, the registration's phone, its last 4 digits as the second factor) is
# "nomor ponsel" / "mobile number"; a contact left for a call back, where a landline will do,
# is "nomor telepon" / "phone number".
PHONE_TERMS = (("nomor ponsel", "mobile number"), ("nomor telepon", "phone number"))
PHONE_REJECTED = {
    "id": ("nomor hp", "nik/hp", "no. hp", "handphone", "nomor telepon seluler", "nomor telp"),
    "en": ("hp number", "handphone", "cell phone", "cellphone", "nik or phone", "nik/phone"),
}


def _phone_term_faults(where: str, id_text: str, en_text: str) -> Iterator[str]:
    id_text, en_text = id_text.lower(), en_text.lower()
    for lang, text in (("id", id_text), ("en", en_text)):
        for wrong in PHONE_REJECTED[lang]:
            if wrong in text:
                yield f"{where} ({lang}): '{wrong}'"
    for id_term, en_term in PHONE_TERMS:
        if (id_term in id_text) != (en_term in en_text):
            yield f"{where}: '{id_term}' and '{en_term}' go together"


def _sample_catalog_pairs() -> Iterator[tuple[str, str, str]]:
    """(where, Indonesian, English) of every text a citizen reads in the sample catalogue."""
    sample = tomllib.loads(
        (ROOT / "resources" / "catalog" / "sample-catalog.toml").read_text(encoding="utf-8")
    )
    for service in sample["service"]:
        for key in ("name", "procedure", "product"):
            if f"{key}_id" in service:
                yield f"{service['code']}.{key}", service[f"{key}_id"], service[f"{key}_en"]
        pairs = zip(
            service.get("requirements_id", []), service.get("requirements_en", []), strict=True
        )
        for n, (id_req, en_req) in enumerate(pairs):
            id_text = id_req["text"] if isinstance(id_req, dict) else id_req
            en_text = en_req["text"] if isinstance(en_req, dict) else en_req
            yield f"{service['code']}.requirements[{n}]", id_text, en_text


def test_a_phone_number_has_one_name_per_concept_in_both_languages() -> None:
    faults = []
    for domain in shipped_domains():
        english = catalog.messages("en", domain)
        for msgid, text in catalog.messages("id", domain).items():
            faults += _phone_term_faults(f"{domain}/{msgid}", text, english[msgid])
    for where, id_text, en_text in _sample_catalog_pairs():
        faults += _phone_term_faults(f"sample-catalog {where}", id_text, en_text)
    assert not faults, faults


def test_every_template_lists_every_source_id() -> None:
    for domain in shipped_domains():
        template = catalog.read_catalogue(LOCALE / "templates" / f"{domain}.pot", "id")
        source = catalog.read_catalogue(LOCALE / "id" / "LC_MESSAGES" / f"{domain}.po", "id")
        assert {m.id for m in template if m.id} == {m.id for m in source if m.id}, domain


def _error_classes() -> dict[str, str]:
    found = {}
    for name in dir(errors_module):
        obj = getattr(errors_module, name)
        if isinstance(obj, type) and issubclass(obj, KioskError):
            found[name] = obj.code
    return found


def _raised_reasons() -> Iterator[tuple[str, str, str]]:
    """(file:line, code, reason) of every ``SomeError("reason", ...)`` under kiosk/."""
    classes = _error_classes()
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in classes or not node.args:
                continue
            first = node.args[0]
            where = f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield where, classes[node.func.id], first.value
            elif isinstance(first, ast.JoinedStr):
                # f"application_{status}": every value it can take is listed in the catalogue
                # under the literal prefix; check the prefix exists at least once.
                prefix = "".join(
                    v.value for v in first.values if isinstance(v, ast.Constant)
                ).split("{")[0]
                yield where, classes[node.func.id], prefix + "*"


def test_every_coded_reason_that_code_raises_has_a_text_in_every_shipped_language() -> None:
    checked = 0
    for where, code, reason in _raised_reasons():
        if " " in reason or not reason.isascii():
            continue  # an old sentence-style raise (being converted), not a code
        for lang in i18n.CORE_LANGS:
            known = catalog.messages(lang, "errors")
            if reason.endswith("*"):
                ok = any(k.startswith(f"{code}.{reason[:-1]}") for k in known)
            else:
                ok = f"{code}.{reason}" in known
            assert ok, f"{where}: {code}.{reason} has no {lang} text in errors.po"
        checked += 1
    assert checked >= 40


def test_no_error_under_kiosk_is_raised_as_a_sentence() -> None:
    """Every KioskError names a reason code (words live in errors.po), never a sentence, a
    ``str(exc)`` of a library error, or the old ``(message, reason=code)`` form."""
    classes = _error_classes()
    bad = []
    for path in sorted((ROOT / "kiosk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            if node.func.id not in classes or not node.args:
                continue
            first, where = node.args[0], f"{path.relative_to(ROOT)}:{node.lineno}"
            if isinstance(first, ast.JoinedStr):
                literal = "".join(v.value for v in first.values if isinstance(v, ast.Constant))
                coded = bool(literal) and " " not in literal and literal.isascii()
            else:
                coded = (
                    isinstance(first, ast.Constant)
                    and isinstance(first.value, str)
                    and first.value.isidentifier()
                    and first.value.isascii()
                )
            if not coded or any(k.arg == "reason" for k in node.keywords):
                bad.append(where)
    assert not bad, f"sentence-style errors: {bad}"


def test_error_text_in_both_languages_with_parameters_formatted_for_the_reader() -> None:
    until = datetime(2026, 3, 2, 13, 5, tzinfo=WIB)
    locked = Forbidden("locked", until=until)
    assert "13.05 WIB" in i18n.error_text("id", locked)
    assert "13:05 WIB" in i18n.error_text("en", locked)
    stage = Refused("not_next_stage", stage=LocalText("Verifikasi", "Verification"), code="v")
    assert "Verifikasi" in i18n.error_text("id", stage)
    assert "Verification" in i18n.error_text("en", stage)
    listed = BadInput("stage_unknown", stage="x", stages=["a", "b", "c"])
    assert "a, b, dan c" in i18n.error_text("id", listed)
    assert "a, b, and c" in i18n.error_text("en", listed)
    assert i18n.error_text("id", BadInput("text_empty", field="name")) == "Nama belum diisi."
    # A reason without a text of its own gets its family's line, never the raw code.
    assert i18n.error_text("en", Refused("no_such_reason")) == "This request cannot be processed."
    assert i18n.error_text("id", ValueError("boom")).startswith("Terjadi kesalahan")


def test_json_form_of_an_error_carries_code_reason_and_plain_params() -> None:
    exc = Refused("service_inactive", service=LocalText("Akta", "Deed"), day=date(2026, 3, 2))
    assert exc.as_dict() == {
        "code": "refused",
        "reason": "service_inactive",
        "params": {"service": {"id": "Akta", "en": "Deed"}, "day": "2026-03-02"},
    }


def test_dates_money_and_durations_and_where_our_wording_departs_from_babel() -> None:
    day = date(2026, 3, 2)
    assert i18n.format_date(day, "id") == "Senin, 2 Maret 2026"
    assert i18n.format_date(day, "en") == "Monday, 2 March 2026"
    # Babel's full Indonesian date pads the day; PUEBI and our slips do not.
    assert babel_format_date(day, format="full", locale="id_ID") == "Senin, 02 Maret 2026"
    assert i18n.rupiah(30000, "id") == "Rp30.000"
    assert i18n.rupiah(30000, "en") == "Rp30,000"
    # Babel's English form names the ISO code, not the symbol Indonesians read.
    assert format_currency(30000, "IDR", locale="en_GB").startswith("IDR")
    moment = datetime(2026, 11, 28, 13, 5, tzinfo=WIB)
    assert i18n.format_datetime(moment, "id") == "Sabtu, 28 November 2026 13.05 WIB"
    assert i18n.format_datetime(moment, "en") == "Saturday, 28 November 2026 13:05 WIB"
    assert i18n.format_duration_minutes(70, "id") == "± 1 jam 10 menit"
    assert i18n.format_duration_minutes(25, "en") == "about 25 min"
    assert i18n.format_duration_minutes(0, "id") == "< 1 menit"
    assert i18n.join_list(["1", "2", "3", "4"], "id") == "1, 2, 3, dan 4"
    assert i18n.join_list(["5", "6"], "en") == "5 and 6"
    assert i18n.format_number(1234567.5, "id") == "1.234.567,5"


@pytest.fixture
def third_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the shipped catalogues plus 'jv' started from the templates with pybabel."""
    folder = make_language(tmp_path / "locale", "jv", {"common": {"list_and": "lan"}})
    monkeypatch.setenv("MPP_KIOSK_LOCALE_DIR", str(folder))
    catalog.reload()
    yield folder
    catalog.reload()


def test_a_third_language_is_a_catalogue_folder_and_falls_back_to_indonesian(
    third_language: Path,
) -> None:
    assert i18n.available_languages() == ("id", "en", "jv")
    assert i18n.join_list(["A", "B"], "jv") == "A lan B"  # translated
    assert i18n.format_duration_minutes(5, "jv") == "± 5 menit"  # missing: Indonesian
    assert i18n.error_text("jv", Refused("no_such")) == i18n.error_text("id", Refused("no_such"))
    i18n.compile_all(third_language)
    assert (third_language / "jv" / "LC_MESSAGES" / "common.mo").exists()
    assert i18n.join_list(["A", "B"], "jv") == "A lan B"  # from the compiled file


def test_importing_i18n_loads_no_qt_and_no_database() -> None:
    code = (
        "import sys, kiosk.i18n as i; i.translate('id', 'list_and'); "
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'sqlalchemy'))]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
