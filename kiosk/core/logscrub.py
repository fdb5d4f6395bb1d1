"""No NIK or phone number in a log line (UU PDP 27/2022), whoever wrote the line.

An interrupted registration's database error carried the applicant's NIK, name and phone in its
parameters, and the counter logged it with the traceback. The engines now hide statement
parameters (kiosk/db/engine.py); this is the second fence, for every other way a number can
reach a log: a driver's own message ("Key (nik)=(3201...) already exists"), a formatted
exception, a developer's ``log.info("lookup %s", nik)``.

``install()`` wraps the logging record factory, so every record of every logger is scrubbed when
it is made, before any handler (ours, pytest's, python-escpos's ``basicConfig``) sees it: the
message is merged with its arguments and scrubbed, an exception's traceback is formatted once,
scrubbed, and kept as ``exc_text`` (the raw ``exc_info`` is dropped so no handler formats it
again). ``ScrubFilter`` does the same as a handler filter, for handlers built elsewhere, and
``scrub()`` serves text written to a log without the logging module (the CLI's crash log).

What is replaced: a run of exactly 16 digits (a NIK), also written in groups joined by single
spaces, dots or dashes, by ``[NIK]``, an Indonesian mobile number
(08..., 628..., +628..., 10 to 15 digits, dashes or spaces allowed between groups) by
``[PHONE]``. Longer digit runs (hashes, big ids) are left alone.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Mapping
from pathlib import Path

__all__ = ["ScrubFilter", "add_log_file", "install", "scrub"]

_NIK = re.compile(r"(?<![0-9])[0-9]{16}(?![0-9])")
#: Digit groups joined by single spaces, dots or dashes, as a NIK is often written
#: ("3513 0145 0690 2741", "351301.450690.2741"); single digits do not join (a list "1 2 3").
_GROUPED = re.compile(r"(?<![0-9])[0-9]{2,}(?:[ .\-][0-9]{2,})+(?![0-9])")
_PHONE = re.compile(
    r"(?<![0-9+])(?:\+62[- ]?|62[- ]?|0)8[0-9]{1,3}(?:[- ]?[0-9]{3,4}){1,3}(?![0-9])"
)
_PHONE_DIGITS = (9, 16)  # the digits of a match, country code included


def _phone(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return "[PHONE]" if _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1] else match.group(0)


def scrub(text: str) -> str:
    """``text`` with NIK-like and phone-like numbers replaced (see the module docstring)."""
    if not any(ch.isdigit() for ch in text):
        return text
    return _PHONE.sub(_phone, _NIK.sub("[NIK]", _GROUPED.sub(_grouped_nik, text)))


def _grouped_nik(match: re.Match[str]) -> str:
    digits = sum(ch.isdigit() for ch in match.group(0))
    return "[NIK]" if digits == 16 else match.group(0)


def _scrub_arg(value: object) -> object:
    """A text argument scrubbed; any other argument as it is, or ``_MERGE`` when its own text
    holds a number to hide (a NIK passed as an int cannot be replaced in place: ``%d``)."""
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, bool | int | float) or value is None:
        text = str(value)
        return value if scrub(text) == text else _MERGE
    return _MERGE


_MERGE = object()


def _scrub_message(record: logging.LogRecord) -> None:
    """Scrub the message and its arguments, keeping the arguments where possible: formatters
    such as uvicorn's access log unpack ``record.args`` and break when it is gone."""
    args = record.args
    record.msg = scrub(record.msg) if isinstance(record.msg, str) else record.msg
    if isinstance(args, tuple):
        kept = tuple(_scrub_arg(a) for a in args)
        if all(a is not _MERGE for a in kept):
            record.args = kept
            return
    elif isinstance(args, Mapping):
        kept_map = {k: _scrub_arg(v) for k, v in args.items()}
        if all(v is not _MERGE for v in kept_map.values()):
            record.args = kept_map
            return
    elif not args:
        return
    # An argument that is neither text nor a plain number (an exception, an object whose str()
    # may hold a NIK): the message is merged with its arguments and scrubbed as a whole.
    record.args = args
    try:
        message = record.getMessage()
    except Exception:  # a bad format string: keep what there is, scrubbed
        message = f"{record.msg} {record.args}"
    record.msg, record.args = scrub(message), None


def scrub_record(record: logging.LogRecord) -> logging.LogRecord:
    """Scrub ``record`` in place: message with its arguments, traceback, stack."""
    if getattr(record, "_kiosk_scrubbed", False):
        return record
    _scrub_message(record)
    if record.exc_info:
        if not record.exc_text:
            record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        record.exc_info = None
    if record.exc_text:
        record.exc_text = scrub(record.exc_text)
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)
    record._kiosk_scrubbed = True
    return record


class ScrubFilter(logging.Filter):
    """A handler filter that scrubs each record (and lets it through)."""

    def filter(self, record: logging.LogRecord) -> bool:
        scrub_record(record)
        return True


_installed = False


def install() -> None:
    """Scrub every record from now on (idempotent; see the module docstring)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: object, **kwargs: object) -> logging.LogRecord:
        return scrub_record(previous(*args, **kwargs))

    logging.setLogRecordFactory(factory)
    _installed = True


def add_log_file(path: Path, level: int = logging.INFO) -> Path | None:
    """Append the root logger's records to ``path`` (scrubbed); None when it cannot be opened.

    Idempotent per path, so a process that starts a role twice (tests) writes each line once.
    """
    install()
    root = logging.getLogger()
    target = str(path.resolve())
    for handler in root.handlers:
        if isinstance(handler, logging.FileHandler) and handler.baseFilename == target:
            return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return None  # a full or read-only disk: logging goes to stderr as before
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubFilter())
    handler.setLevel(level)
    if not root.handlers:
        # Warnings kept going to stderr (the journal) through logging's last resort, which
        # stops once a handler exists: keep them there explicitly.
        console = logging.StreamHandler()
        console.setLevel(logging.WARNING)
        console.addFilter(ScrubFilter())
        root.addHandler(console)
    root.addHandler(handler)
    if root.level > level or root.level == logging.NOTSET:
        root.setLevel(level)
    return path
