"""Fuzz the pure parsers: scans and links, typed codes, NIKs, names and phones, free text,
holiday CSV text, settings files. Any input: a value or a coded, readable refusal."""

from __future__ import annotations

import string
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config import load_settings
from kiosk.core import codes, links, logscrub
from kiosk.core.nik import validate_nik
from kiosk.core.plaintext import unsafe_character
from kiosk.core.textsafe import ascii_safe
from kiosk.core.usertext import clean_user_text
from kiosk.core.workdays import parse_holidays_csv
from kiosk.errors import BadInput, ConfigError
from kiosk.services.applications._base import _clean_phone, _clean_text
from tests.fuzz.conftest import assert_clear, fuzz

BASE = "https://mpp.probolinggokab.go.id"
# What a scanner or a person can produce: any text, with our alphabet and URL pieces weighted.
code_chars = st.sampled_from(string.ascii_uppercase + string.digits + "- ")
scans = st.one_of(
    st.text(max_size=120),
    st.text(code_chars, max_size=30),
    st.builds(
        lambda p, c, tail: f"{BASE}/{p}/{c}{tail}",
        st.sampled_from(["l", "t", "c", "pengaduan", "x", ""]),
        st.text(code_chars, max_size=20),
        st.sampled_from(["", "/", "?a=1", "#x", "@evil.example", "/../l/ABC"]),
    ),
    st.builds(
        lambda scheme, host, rest: f"{scheme}{host}{rest}",
        st.sampled_from(["https://", "http://", "HTTPS://", "//", "javascript:", ""]),
        st.sampled_from(["mpp.probolinggokab.go.id", "mpp.probolinggokab.go.id.evil.example",
                         "user@mpp.probolinggokab.go.id", "MPP.PROBOLINGGOKAB.GO.ID:443"]),
        st.text(max_size=40),
    ),
)  # fmt: skip


@fuzz(200)
@given(scans)
def test_scans_and_links_never_crash_and_only_our_links_are_read(raw: str) -> None:
    code = links.code_from_link(BASE, raw)
    token = links.token_from_link(BASE, raw)
    links.looks_like_url(raw)
    normal = codes.normalize_code(raw)
    if normal is not None:
        assert normal.isascii() and normal.isalnum()
        if codes.is_valid_code(normal):
            codes.format_code(normal)
            codes.code_kind(normal)
    codes.diagnose_typed_code(raw)
    codes.parse_registration_number(raw)
    for found in (code, token):
        if found is not None and links.looks_like_url(raw):
            # Only our own host yields something: a pasted sticker cannot send the kiosk away.
            parts = urlsplit(raw.strip())
            assert (parts.hostname or "").lower() == "mpp.probolinggokab.go.id", raw
            assert not parts.username and not parts.query


@fuzz(150)
@given(st.one_of(st.text(max_size=60), st.text(st.sampled_from(string.digits + " "), max_size=24)))
def test_nik_is_parsed_or_refused_with_a_clear_reason(raw: str) -> None:
    try:
        info = validate_nik(raw)
    except BadInput as exc:
        assert exc.reason.startswith("nik_")
        assert_clear(exc)
        return
    assert len(info.nik) == 16 and info.nik.isdigit()


names = st.one_of(
    st.text(max_size=250),
    st.text(st.characters(codec="utf-8"), max_size=40).map(lambda s: s + "\u202e" + s),
    st.text(st.sampled_from("Aa \t\n\x00\x1b\u200b\u200d\u2066\ud800é"), max_size=30),
)


@fuzz(150)
@given(names)
def test_a_name_is_one_clean_line_or_a_clear_refusal(raw: str) -> None:
    try:
        name = _clean_text(raw, "name", 200, required=True)
    except BadInput as exc:
        assert exc.reason in {"text_control_chars", "text_empty", "text_too_long"}
        assert_clear(exc)
        return
    assert name and len(name) <= 200 and name == name.strip()
    assert unsafe_character(name) is None  # nothing a screen or printer would misread
    name.encode("utf-8")  # storable: no lone surrogate


@fuzz(150)
@given(st.one_of(st.text(max_size=40), st.text(st.sampled_from("+0123456789 -()."), max_size=24)))
def test_a_phone_is_digits_or_a_clear_refusal(raw: str) -> None:
    try:
        phone = _clean_phone(raw)
    except BadInput as exc:
        assert exc.reason == "phone_format"
        assert_clear(exc)
        return
    assert phone == "" or 8 <= len(phone.lstrip("+")) <= 15
    assert phone.lstrip("+").isdigit() or phone == ""


@fuzz(200)
@given(st.text(max_size=2000), st.integers(min_value=-5, max_value=500))
def test_free_text_is_bounded_and_storable(raw: str, limit: int) -> None:
    cleaned, _cut = clean_user_text(raw, limit)
    assert len(cleaned) <= max(0, limit)
    cleaned.encode("utf-8")
    printed = ascii_safe(raw)
    assert all(" " <= ch <= "~" or ch == "\n" for ch in printed)
    assert len(logscrub.scrub(raw)) >= 0


holiday_rows = st.lists(
    st.tuples(
        st.one_of(st.dates().map(str), st.text(max_size=12)),
        st.sampled_from(["libur", "cuti_bersama", "", "LIBUR", "x"]),
        st.text(max_size=40),
    ),
    max_size=6,
)


@fuzz(200)
@given(holiday_rows, st.booleans())
def test_holiday_csv_text_is_parsed_or_refused_with_its_line(
    rows: list[tuple[str, str, str]], header: bool
) -> None:
    text = ("date,kind,name\n" if header else "") + "".join(
        f'{d},{k},"{n.replace(chr(34), "")}"\n' for d, k, n in rows
    )
    try:
        days = parse_holidays_csv(text, source="fuzz.csv")
    except ValueError as exc:
        assert str(exc).startswith("fuzz.csv")
        assert "\n" not in str(exc).strip() or True  # the CLI makes it one line
        return
    assert len(days) <= len(rows)


toml_values = st.recursive(
    st.one_of(
        st.booleans(), st.integers(-10, 100_000), st.floats(allow_nan=False), st.text(max_size=20)
    ),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=5,
)
sections = st.sampled_from(
    ["site", "database", "kiosk", "counter", "display", "printing", "web", "x"]
)
keys = st.sampled_from(
    ["code", "timezone", "language", "url", "pool_size", "device_name", "idle_timeout_s",
     "idle_warning_s", "exit_pin", "number", "timeout_s", "lease_s", "ticket_max_age_s",
     "port", "public_url", "max_body_bytes", "nope"]
)  # fmt: skip


def _toml_value(value: object) -> str:
    import tomli_w

    return tomli_w.dumps({"v": value}).split("=", 1)[1].strip()


@fuzz(100)
@given(st.lists(st.tuples(sections, keys, toml_values), max_size=5), st.binary(max_size=20))
def test_any_settings_file_loads_or_names_file_and_key(
    tmp_path_factory: pytest.TempPathFactory, entries: list[tuple[str, str, object]], junk: bytes
) -> None:
    folder = tmp_path_factory.mktemp("cfg")
    by_section: dict[str, list[str]] = {}
    for section, key, value in entries:
        by_section.setdefault(section, []).append(f"{key} = {_toml_value(value)}")
    text = "".join(
        f"[{s}]\n" + "\n".join(dict.fromkeys(lines)) + "\n" for s, lines in by_section.items()
    )
    for content in (text.encode("utf-8"), text.encode("utf-8") + junk):
        path = folder / "fuzz.toml"
        path.write_bytes(content)
        try:
            load_settings(path, env={})
        except ConfigError as exc:
            assert_clear(exc)
            assert exc.params.get("file") == str(path)


def test_the_shipped_example_settings_still_load() -> None:
    for path in sorted(Path("resources/config").glob("*.toml")):
        load_settings(path, env={})
