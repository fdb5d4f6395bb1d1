"""Applicants' and reporters' personal data at rest: how each column is sealed and read back.

The one place that knows the purposes and what the keyed hashes bind together, so the
registration, the receipt, the typed look-up, the officer's views, the export, the purge, the
key rotation and migration 0012 all agree (kiosk/core/sealing.py does the cryptography,
kiosk/db/keyfile.py keeps the keys outside the database, kiosk/services/personal.py hands a
use case its process's keyring). Pure, so the migration can use it too.

* name, NIK, phone (applications), a complaint's contact and a booking's reminder phone:
  AES-GCM tokens;
* ``nik_digest`` = HMAC(whole NIK): the counter's and the export's search by NIK;
* ``nik_check`` / ``phone_check`` = HMAC(registration number + last 4 digits): the kiosk's and
  the web's second factor, compared without decrypting anything; bound to the registration
  number so equal last digits of two applicants give unrelated values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kiosk.core.privacy import mask_name
from kiosk.core.sealing import Keyring, SealError
from kiosk.errors import Unavailable

__all__ = [
    "BOOKING_PHONE",
    "CONTACT",
    "NAME",
    "NIK",
    "NIK_DIGEST",
    "PHONE",
    "Applicant",
    "check_matches",
    "nik_digests",
    "open_applicant",
    "open_name",
    "open_value",
    "resealed_applicant",
    "seal_applicant",
]

NAME = "applications.name"
NIK = "applications.nik"
PHONE = "applications.phone"
CONTACT = "complaints.contact"
#: A booking's mobile number for its reminder (kiosk.services.booking.reminders).
BOOKING_PHONE = "bookings.phone"
NIK_DIGEST = "applications.nik_digest"
_NIK_CHECK = "applications.nik_check"
_PHONE_CHECK = "applications.phone_check"


@dataclass(frozen=True)
class Applicant:
    """An application's personal data, opened (all "" after a purge)."""

    name: str
    nik: str
    phone: str

    def __repr__(self) -> str:  # never in a log or a traceback's locals
        return "Applicant(<personal data>)"

    @property
    def nik_last4(self) -> str:
        return self.nik[-4:]


def _check_text(registration_number: str, last4: str) -> str:
    return f"{registration_number}|{last4}"


def seal_applicant(
    ring: Keyring, registration_number: str, name: str, nik: str, phone: str
) -> dict[str, Any]:
    """The application row's personal columns for these (validated) values."""
    return {
        "name_masked": mask_name(name),
        "name_sealed": ring.seal(NAME, name),
        "nik_sealed": ring.seal(NIK, nik),
        "phone_sealed": ring.seal(PHONE, phone),
        "nik_digest": ring.digest(NIK_DIGEST, nik),
        "nik_check": ring.digest(_NIK_CHECK, _check_text(registration_number, nik[-4:])),
        "phone_check": (
            ring.digest(_PHONE_CHECK, _check_text(registration_number, phone[-4:])) if phone else ""
        ),
    }


def open_value(ring: Keyring, purpose: str, token: str) -> str:
    """One sealed column's value; a key this PC lacks is one clear line (exit 4)."""
    try:
        return ring.open(purpose, token)
    except SealError as exc:
        if exc.reason == "unknown key":
            raise Unavailable("privacy_key_unknown", key=exc.key_id) from None
        raise Unavailable("privacy_value_damaged", key=exc.key_id or "-") from None


def open_applicant(ring: Keyring, app: Any) -> Applicant:
    """The name, NIK and phone of an Application row (or any object with the columns)."""
    return Applicant(
        name=open_value(ring, NAME, app.name_sealed),
        nik=open_value(ring, NIK, app.nik_sealed),
        phone=open_value(ring, PHONE, app.phone_sealed),
    )


def open_name(ring: Keyring, app: Any) -> str:
    return open_value(ring, NAME, app.name_sealed)


def check_matches(
    ring: Keyring, registration_number: str, nik_check: str, phone_check: str, typed: str
) -> bool:
    """Whether ``typed`` (4 digits) are the last 4 of the file's NIK or phone."""
    text = _check_text(registration_number, typed)
    nik_ok = ring.matches(_NIK_CHECK, text, nik_check)
    phone_ok = ring.matches(_PHONE_CHECK, text, phone_check)
    return nik_ok or phone_ok


def nik_digests(ring: Keyring, nik: str) -> list[str]:
    """What ``nik_digest`` holds for this NIK under any key of the ring."""
    return ring.digests(NIK_DIGEST, nik)


def resealed_applicant(ring: Keyring, app: Any) -> dict[str, Any]:
    """The row's personal columns under the ring's active key (rotation)."""
    if app.personal_purged_at is not None:
        return {}
    person = open_applicant(ring, app)
    return seal_applicant(ring, app.registration_number, person.name, person.nik, person.phone)
