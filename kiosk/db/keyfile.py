"""Where the personal-data keys live: a file outside the database, or the environment.

The database holds ciphertexts and keyed hashes only (kiosk/core/sealing.py); the keys stay
on the PCs that need them, so a copy of the database (a backup, a stolen SQLite file, a
pg_dump) reveals no NIK, phone or name.

* ``MPP_KIOSK_PRIVACY_KEYS``: the keyring's text itself (for a PC that must keep no key on
  disk, e.g. from a systemd credential). Such a keyring cannot be rotated in place.
* Otherwise ``[privacy] key_file`` (default ``<data folder>/keys/privacy-keys.json``):
  created on first use with mode 0600 in a 0700 folder, never overwritten, replaced
  atomically (still 0600) by a rotation. Processes re-read it when it changes, so a counter
  that runs through a rotation learns the new key without a restart.

On a LAN every PC that registers or reads applicants' data needs the SAME keyring: create it
once (``mpp-kiosk privacy rotate-key`` or the first registration) and copy the file.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from kiosk.core.sealing import Keyring, KeyringError
from kiosk.errors import BadInput, Unavailable

__all__ = ["ENV_KEYS", "KeySource"]

ENV_KEYS = "MPP_KIOSK_PRIVACY_KEYS"


class KeySource:
    """The process's keyring, loaded lazily and re-read when its file changes."""

    def __init__(self, path: Path | None = None, env_text: str | None = None) -> None:
        self._path = path
        self._env_text = env_text
        self._lock = threading.Lock()
        self._cached: Keyring | None = None
        self._stamp: tuple[int, int] | None = None
        #: The key ids kiosk/services/personal.py last checked against the database.
        self.checked_ids: tuple[str, ...] | None = None
        self.checked_at = 0.0

    @classmethod
    def from_settings(cls, settings: object) -> KeySource:
        """The key source ``settings`` (a kiosk.config.Settings) name, env first."""
        text = os.environ.get(ENV_KEYS) or None
        return cls(getattr(settings, "privacy_key_file", None), text)

    @property
    def path(self) -> Path:
        if self._path is None:
            from kiosk.config import Settings

            self._path = Settings().privacy_key_file
        return self._path

    @property
    def from_environment(self) -> bool:
        return self._env_text is not None

    def keyring(self) -> Keyring:
        """The current keyring; created (0600) when neither the variable nor the file exists."""
        with self._lock:
            if self._env_text is not None:
                if self._cached is None:
                    self._cached = self._parse(self._env_text, ENV_KEYS)
                return self._cached
            path = self.path
            stamp = self._stat(path)
            if stamp is None:
                self._create(path)
                stamp = self._stat(path)
            if self._cached is None or stamp != self._stamp:
                try:
                    text = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise Unavailable(
                        "privacy_keys_unreadable", path=str(path), detail=_why(exc)
                    ) from None
                self._cached = self._parse(text, str(path))
                self._stamp = stamp
            return self._cached

    def replace(self, keyring: Keyring) -> None:
        """Write ``keyring`` over the file atomically (0600); refused for the variable."""
        if self._env_text is not None:
            raise BadInput("privacy_keys_in_environment", variable=ENV_KEYS)
        path = self.path
        tmp = path.with_name(f".{path.name}.new")
        with self._lock:
            try:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
                tmp.unlink(missing_ok=True)
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(keyring.to_text())
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)
            except OSError as exc:
                tmp.unlink(missing_ok=True)
                raise Unavailable(
                    "privacy_keys_unwritable", path=str(path), detail=_why(exc)
                ) from None
            self._cached, self._stamp = keyring, self._stat(path)

    @staticmethod
    def _stat(path: Path) -> tuple[int, int] | None:
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise Unavailable("privacy_keys_unreadable", path=str(path), detail=_why(exc)) from None
        return (st.st_mtime_ns, st.st_size)

    @staticmethod
    def _create(path: Path) -> None:
        """A fresh keyring, published whole with link() so a process that races us either
        reads our complete file or keeps its own (link fails when the name exists)."""
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}")
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(Keyring.fresh().to_text())
                fh.flush()
                os.fsync(fh.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(tmp, path)
        except OSError as exc:
            raise Unavailable("privacy_keys_unwritable", path=str(path), detail=_why(exc)) from None
        finally:
            tmp.unlink(missing_ok=True)

    @staticmethod
    def _parse(text: str, where: str) -> Keyring:
        try:
            return Keyring.from_text(text)
        except KeyringError as exc:
            raise Unavailable("privacy_keys_invalid", path=where, detail=str(exc)) from None


def _why(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__
