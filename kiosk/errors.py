"""Errors that reach a person: each carries a one-line message and the CLI exit code.

Every layer raises these (or lets the CLI map library errors to them) so that a bad
input ends in one clear line and a known exit code, never a traceback.
"""

from __future__ import annotations


class KioskError(Exception):
    """Base class: `str(err)` is the one line shown to the user."""

    exit_code = 1
    code = "error"


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
    """The signed-in officer's role does not allow this (exit 2: the request is refused)."""

    exit_code = 2
    code = "forbidden"


class Refused(KioskError):
    """A rule refuses the request: service closed, quota reached, ... (exit 2).

    `reason` is a stable code the UI translates; the message is the English/Indonesian line.
    """

    exit_code = 2
    code = "refused"

    def __init__(self, message: str, reason: str = "refused") -> None:
        super().__init__(message)
        self.reason = reason
