"""Errors that reach a person: a stable code, a reason and parameters, never a sentence.

Every layer raises these (or lets the CLI map library errors to them) so that a bad input ends
in one clear line and a known exit code, never a traceback. The words are the front end's job:
``kiosk.i18n.error_text(lang, exc)`` turns ``(code, reason, params)`` into a line in the
person's language, so the kiosk, the counter, the CLI and the web pages say the same thing.

    raise Refused("service_closed", service="KTP_EL", next_opening=moment)
    raise Forbidden("locked", until=moment)
    raise BadInput("nik_length", length=15)

``str(exc)`` is a technical line for logs (``refused.service_closed service='KTP_EL'``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LocalText:
    """A parameter that is data in two languages (a service's or a stage's name).

    The catalogue's data fields come in Indonesian and English; an error carries both and the
    front end picks the reader's (Indonesian for a language the data lacks).
    """

    id: str
    en: str = ""

    def pick(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.id

    def __str__(self) -> str:
        return self.id


class KioskError(Exception):
    """Base class: ``code`` (the family), ``reason`` (what exactly) and ``params``."""

    exit_code = 1
    code = "error"

    def __init__(self, reason: str | None = None, /, **params: Any) -> None:
        self.reason: str = reason or self.code
        self.params: dict[str, Any] = params
        super().__init__(self.reason)

    def __str__(self) -> str:
        shown = " ".join(f"{key}={value!r}" for key, value in self.params.items())
        return f"{self.code}.{self.reason}" + (f" {shown}" if shown else "")

    def as_dict(self) -> dict[str, Any]:
        """The machine-readable form (``--json``, the web API): code, reason, params."""
        return {
            "code": self.code,
            "reason": self.reason,
            "params": {key: _plain(value) for key, value in self.params.items()},
        }


def _plain(value: Any) -> Any:
    """JSON-friendly parameter values: dates and moments as ISO text, the rest as is."""
    if isinstance(value, LocalText):
        return {"id": value.id, "en": value.en}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


class BadInput(KioskError):
    """The caller gave something we cannot accept (exit 2)."""

    exit_code = 2
    code = "bad_input"


class ConfigError(BadInput):
    """A configuration file or override is wrong (exit 2)."""

    code = "bad_config"


class NotFound(KioskError):
    """The thing asked for does not exist (exit 3)."""

    exit_code = 3
    code = "not_found"


class Unavailable(KioskError):
    """The database or a printer cannot be reached (exit 4)."""

    exit_code = 4
    code = "unavailable"


class Forbidden(KioskError):
    """The signed-in officer's role or agency does not allow this (exit 2: refused)."""

    exit_code = 2
    code = "forbidden"


class Refused(KioskError):
    """A rule refuses the request: service closed, quota reached, ... (exit 2)."""

    exit_code = 2
    code = "refused"


class Conflict(KioskError):
    """The request repeats something that may happen only once: a second rating of one ticket,
    a second survey for one visit (exit 2: refused politely; nothing was changed)."""

    exit_code = 2
    code = "conflict"
