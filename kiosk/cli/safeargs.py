"""What reaches the CLI from outside, made safe before a handler runs or a line is printed.

Kept apart from kiosk/cli/common.py (sign-in and the other shared plumbing) on purpose: these
are the input rules of issue 12, one place each.

- ``check_argv``: an argument the terminal's bytes could not decode (``ticket issue
  $'KTP\\xff'``: Python keeps the byte as a lone surrogate) is refused as bad input (exit 2),
  instead of failing later as "internal error" when it is encoded for a query or a print.
- ``shown``: a value echoed back (a file name in "FILE is valid") as one printable line.
- ``database_error``: the database errors a user can cause or meet, as coded errors: a database
  without tables (SQLite's OperationalError and PostgreSQL's UndefinedTable alike: exit 4, "run
  db upgrade"), a value the database refuses (DataError: exit 2), the server being down (exit 4).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import (
    DataError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)

from kiosk.config import data_dir
from kiosk.core.logscrub import add_log_file
from kiosk.core.safefile import shown_path
from kiosk.errors import BadInput, KioskError, Unavailable

__all__ = ["check_argv", "database_error", "log_to_file", "shown"]

_SCHEMA_MISSING = ("no such table", "undefinedtable", "does not exist")


def check_argv(argv: Sequence[str]) -> None:
    """BadInput for the first argument holding undecodable bytes (a lone surrogate)."""
    for position, arg in enumerate(argv, start=1):
        if any("\ud800" <= ch <= "\udfff" for ch in arg):
            raise BadInput("argument_not_utf8", position=position, argument=shown(arg))


def log_to_file() -> None:
    """A long-running role (kiosk, counter, display, admin, demo, web) logs to the data folder's
    logs/mpp-kiosk.log (beside the CLI's crash log), every line scrubbed of NIKs and phones."""
    add_log_file(data_dir() / "logs" / "mpp-kiosk.log")


def shown(value: object) -> str:
    """A value as a one-line, printable, bounded piece of output."""
    return shown_path(str(value))


def _first_line(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0][:300] if text else ""


def database_error(exc: SQLAlchemyError) -> KioskError | None:
    """The coded error for ``exc``, or None when it is a bug (the caller logs it as internal)."""
    first = _first_line(exc)
    orig = getattr(exc, "orig", None)
    lowered = f"{type(orig).__name__} {first}".lower()
    if isinstance(exc, OperationalError | ProgrammingError) and (
        any(s in lowered for s in _SCHEMA_MISSING) and ("table" in lowered or "relation" in lowered)
    ):
        return Unavailable("schema_missing", detail=first)
    if isinstance(exc, DataError):
        return BadInput("database_value", detail=first)
    if isinstance(exc, OperationalError | InterfaceError):
        # Any path that reaches the server (migrations, pools) ends here when it is down.
        return Unavailable("database", detail=first)
    return None
