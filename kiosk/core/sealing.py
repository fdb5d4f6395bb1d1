"""Sealing personal data (UU PDP 27/2022): AES-256-GCM for what must be read back, keyed
hashes (HMAC-SHA256) for what is only ever compared.

Why both: a NIK, a phone number or an applicant's name must be readable by the officer who
serves the file, so it is encrypted; a look-up ("which files belong to this NIK?", "do these
4 digits belong to this registration number?") must not decrypt every row, so it compares a
keyed hash. Without the key a stolen database file shows neither the values nor, since the
hash is keyed, a way to test guesses (a plain SHA-256 of a 16-digit NIK whose middle is a
birth date falls to a brute force in minutes).

A token is ``v1.<key id>.<base64url(nonce || ciphertext+tag)>``: the key id beside every
ciphertext lets a keyring hold the old key while ``mpp-kiosk privacy rotate-key``
re-encrypts, so reads never fail half-way through a rotation. The token's purpose
("applications.nik") is the AES-GCM associated data, so a ciphertext copied into another
column does not open. Each key carries its own HMAC key; look-ups compare against the
digests of every key in the ring (:meth:`Keyring.digests`), so they work across a rotation
too.

Pure: no files, no environment (kiosk/db/keyfile.py decides where keys live).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

__all__ = ["DataKey", "Keyring", "KeyringError", "SealError", "key_id_of", "new_key"]

_VERSION = "v1"
_NONCE = 12


class KeyringError(ValueError):
    """A key file or key text that cannot be used (the message never holds key material)."""


class SealError(ValueError):
    """A token that does not open: unknown key id, wrong purpose, or edited bytes."""

    def __init__(self, reason: str, key_id: str = "") -> None:
        super().__init__(reason if not key_id else f"{reason} (key {key_id})")
        self.reason = reason
        self.key_id = key_id


@dataclass(frozen=True)
class DataKey:
    """One generation of keys: 32 bytes for AES-256-GCM and 32 bytes for HMAC-SHA256."""

    id: str
    enc: bytes = field(repr=False)
    mac: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if not self.id.isalnum() or not 1 <= len(self.id) <= 16:
            raise KeyringError("a key id is 1-16 letters or digits")
        if len(self.enc) != 32 or len(self.mac) != 32:
            raise KeyringError(f"key {self.id}: each key must be 32 bytes")


def new_key(existing: set[str] | frozenset[str] = frozenset()) -> DataKey:
    """A fresh random key with an id not in ``existing``."""
    while True:
        kid = "k" + secrets.token_hex(4)
        if kid not in existing:
            return DataKey(kid, os.urandom(32), os.urandom(32))


def key_id_of(token: str) -> str:
    """The key id a token was sealed with ("" when ``token`` is not a token)."""
    parts = token.split(".", 2) if isinstance(token, str) else []
    return parts[1] if len(parts) == 3 and parts[0] == _VERSION else ""


@functools.lru_cache(maxsize=32)
def _aead(key: bytes) -> AESGCM:
    """One cipher object per key (its set-up costs more than sealing a NIK)."""
    return AESGCM(key)


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass(frozen=True)
class Keyring:
    """The keys a process knows; ``active`` seals, every key opens and digests."""

    keys: tuple[DataKey, ...]
    active: str

    def __post_init__(self) -> None:
        ids = [k.id for k in self.keys]
        if not ids:
            raise KeyringError("the keyring holds no key")
        if len(set(ids)) != len(ids):
            raise KeyringError("a key id appears twice")
        if self.active not in ids:
            raise KeyringError(f"the active key {self.active} is not in the keyring")

    # --- building and storing -----------------------------------------------------------------

    @classmethod
    def fresh(cls) -> Keyring:
        key = new_key()
        return cls((key,), key.id)

    def with_new_active_key(self) -> Keyring:
        """This keyring plus a new key that seals from now on (rotation's first step)."""
        key = new_key({k.id for k in self.keys})
        return Keyring((key, *self.keys), key.id)

    def without(self, key_ids: set[str]) -> Keyring:
        """Retire keys no ciphertext uses any more (never the active one)."""
        kept = tuple(k for k in self.keys if k.id not in key_ids or k.id == self.active)
        return Keyring(kept, self.active)

    def to_text(self) -> str:
        body = {
            "format": "mpp-kiosk-keyring-1",
            "active": self.active,
            "keys": [{"id": k.id, "enc": _b64(k.enc), "mac": _b64(k.mac)} for k in self.keys],
        }
        return json.dumps(body, indent=2) + "\n"

    @classmethod
    def from_text(cls, text: str) -> Keyring:
        try:
            body = json.loads(text)
            keys = tuple(
                DataKey(str(k["id"]), _unb64(str(k["enc"])), _unb64(str(k["mac"])))
                for k in body["keys"]
            )
            return cls(keys, str(body["active"]))
        except KeyringError:
            raise
        except (ValueError, KeyError, TypeError, binascii.Error):
            raise KeyringError("not a keyring (expected the JSON written by mpp-kiosk)") from None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(k.id for k in self.keys)

    def _key(self, key_id: str) -> DataKey:
        for key in self.keys:
            if key.id == key_id:
                return key
        raise SealError("unknown key", key_id)

    # --- sealing ------------------------------------------------------------------------------

    def seal(self, purpose: str, value: str) -> str:
        """``value`` encrypted under the active key; "" stays "" (nothing to hide)."""
        if value == "":
            return ""
        key = self._key(self.active)
        nonce = os.urandom(_NONCE)
        ct = _aead(key.enc).encrypt(nonce, value.encode("utf-8"), purpose.encode("ascii"))
        return f"{_VERSION}.{key.id}.{_b64(nonce + ct)}"

    def open(self, purpose: str, token: str) -> str:
        """The value sealed in ``token`` ("" for ""); SealError when it does not open."""
        if token == "":
            return ""
        kid = key_id_of(token)
        if not kid:
            raise SealError("not a sealed value")
        key = self._key(kid)
        try:
            raw = _unb64(token.split(".", 2)[2])
            plain = _aead(key.enc).decrypt(raw[:_NONCE], raw[_NONCE:], purpose.encode("ascii"))
        except (InvalidTag, ValueError, binascii.Error):
            raise SealError(
                "sealed value does not open (edited, or another column's)", kid
            ) from None
        return plain.decode("utf-8")

    def reseal(self, purpose: str, token: str) -> str:
        """``token`` under the active key (unchanged when it already is)."""
        if token == "" or key_id_of(token) == self.active:
            return token
        return self.seal(purpose, self.open(purpose, token))

    # --- keyed hashes -------------------------------------------------------------------------

    def digest(self, purpose: str, value: str) -> str:
        """HMAC-SHA256 of ``value`` for ``purpose`` under the active key, hex; "" for ""."""
        return self._digest(self._key(self.active), purpose, value)

    def digests(self, purpose: str, value: str) -> list[str]:
        """The digest under every key (active first): what a look-up compares against."""
        if value == "":
            return []
        active = self._key(self.active)
        ordered = [active, *(k for k in self.keys if k.id != self.active)]
        return [self._digest(k, purpose, value) for k in ordered]

    def matches(self, purpose: str, value: str, stored: str) -> bool:
        """Whether ``stored`` is the digest of ``value`` under any key (constant time each)."""
        if not stored or not value:
            return False
        found = False
        for candidate in self.digests(purpose, value):
            found |= hmac.compare_digest(candidate, stored)
        return found

    @staticmethod
    def _digest(key: DataKey, purpose: str, value: str) -> str:
        if value == "":
            return ""
        message = purpose.encode("ascii") + b"\x00" + value.encode("utf-8")
        return hmac.new(key.mac, message, hashlib.sha256).hexdigest()
