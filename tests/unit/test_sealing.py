"""Sealed personal data (kiosk/core/sealing.py, kiosk/core/personal.py) and log scrubbing."""

from __future__ import annotations

import io
import logging

import pytest

from kiosk.core.logscrub import ScrubFilter, scrub
from kiosk.core.personal import (
    NIK,
    check_matches,
    nik_digests,
    open_applicant,
    open_value,
    seal_applicant,
)
from kiosk.core.sealing import Keyring, KeyringError, SealError, key_id_of
from kiosk.errors import Unavailable

NIK_1 = "3513014507900001"
PHONE_1 = "081234567890"
REG = "PRB-2026-000007"


class _Row:
    """The sealed columns of an application row."""

    def __init__(self, values: dict[str, str]) -> None:
        self.__dict__.update(values)


def test_a_sealed_value_opens_only_with_its_key_and_purpose() -> None:
    ring = Keyring.fresh()
    token = ring.seal(NIK, NIK_1)
    assert NIK_1 not in token and token.startswith(f"v1.{ring.active}.")
    assert ring.open(NIK, token) == NIK_1
    assert ring.seal(NIK, NIK_1) != token, "a fresh nonce every time: equal NIKs look different"
    with pytest.raises(SealError):
        ring.open("applications.phone", token)  # copied into another column
    with pytest.raises(SealError) as other:
        Keyring.fresh().open(NIK, token)
    assert other.value.reason == "unknown key"
    edited = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    with pytest.raises(SealError):
        ring.open(NIK, edited)
    assert ring.seal(NIK, "") == "" and ring.open(NIK, "") == ""


def test_the_keyring_text_round_trips_and_never_shows_keys_in_repr() -> None:
    ring = Keyring.fresh().with_new_active_key()
    again = Keyring.from_text(ring.to_text())
    assert again == ring and len(again.ids) == 2
    assert "enc" not in repr(ring.keys[0]) and ring.to_text() not in repr(ring)
    for bad in ("", "{}", '{"active": "x", "keys": []}', "not json"):
        with pytest.raises(KeyringError):
            Keyring.from_text(bad)


def test_rotation_keeps_old_values_readable_and_lookups_working() -> None:
    old = Keyring.fresh()
    columns = seal_applicant(old, REG, "Siti Aminah", NIK_1, PHONE_1)
    rotated = old.with_new_active_key()
    row = _Row(columns)
    person = open_applicant(rotated, row)
    assert (person.name, person.nik, person.phone) == ("Siti Aminah", NIK_1, PHONE_1)
    assert columns["nik_digest"] in nik_digests(rotated, NIK_1)
    assert check_matches(rotated, REG, columns["nik_check"], columns["phone_check"], "0001")
    assert check_matches(rotated, REG, columns["nik_check"], columns["phone_check"], "7890")
    assert not check_matches(rotated, REG, columns["nik_check"], columns["phone_check"], "1234")
    # the same digits on another registration number do not match (the hash binds both)
    other = "PRB-2026-000008"
    assert not check_matches(rotated, other, columns["nik_check"], columns["phone_check"], "0001")
    assert key_id_of(rotated.reseal(NIK, columns["nik_sealed"])) == rotated.active
    assert columns["name_masked"] == "SITI A***"


def test_a_value_sealed_by_a_key_this_pc_lacks_is_one_clear_coded_error() -> None:
    token = Keyring.fresh().seal(NIK, NIK_1)
    with pytest.raises(Unavailable) as err:
        open_value(Keyring.fresh(), NIK, token)
    assert err.value.reason == "privacy_key_unknown" and NIK_1 not in str(err.value)


def test_scrub_blanks_niks_and_phones_however_grouped_but_not_times_or_amounts() -> None:
    text = (
        f"nik={NIK_1} phone=0812-3456-7890 spaced=3513 0145 0790 0001 +62 812 3456 7890 "
        "at 2026-03-02T09:00:00 Rp 30.000.000 line 123"
    )
    scrubbed = scrub(text)
    for secret in (NIK_1, "0812-3456-7890", "3513 0145", "812 3456"):
        assert secret not in scrubbed
    assert "2026-03-02T09:00:00" in scrubbed and "30.000.000" in scrubbed
    assert "line 123" in scrubbed


def test_the_log_filter_scrubs_messages_arguments_and_tracebacks() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(ScrubFilter())
    logger = logging.getLogger("test.scrub")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.error("registering %s", NIK_1)
        try:
            raise ValueError(f"bad phone {PHONE_1}")
        except ValueError:
            logger.exception("failed")
    finally:
        logger.removeHandler(handler)
    out = stream.getvalue()
    assert "registering [NIK]" in out, out
    assert "ValueError: bad phone [PHONE]" in out, out
    assert NIK_1 not in out and PHONE_1 not in out
