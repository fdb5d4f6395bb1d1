"""Reading a file someone named: bounded, never blocking, every problem a coded BadInput.

Every import (catalogue, holidays, survey CSV, questionnaires, charter texts) and the settings
file read through here, because a path typed by an administrator can be anything: a directory,
``/dev/zero`` (endless: a plain ``read_text`` ran to 24 GB before it was killed), a FIFO (an
``open`` that waits for a writer for ever), a path longer than the system allows, or a file in
another encoding. The file is opened non-blocking, must be a regular file, and is read up to
``limit`` bytes; a bigger file is refused before anything is parsed.

Errors (``BadInput``, params ``path`` and where useful ``detail``/``limit_mb``):
``file_not_found``, ``file_is_directory``, ``file_not_regular``, ``file_too_large``,
``file_unreadable``, ``path_too_long``, ``path_invalid``, ``file_not_utf8``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kiosk.errors import BadInput

__all__ = ["DEFAULT_LIMIT", "read_bounded", "read_text_file", "shown_path"]

#: The catalogue of a big MPP is ~0.3 MB; 16 MB leaves room and still bounds memory.
DEFAULT_LIMIT = 16 * 2**20
_SHOWN_MAX = 160


def shown_path(path: str | os.PathLike[str]) -> str:
    """The path as an error shows it: one line, printable, at most 160 characters."""
    text = os.fspath(path)
    text = "".join(ch if ch.isprintable() and not _is_surrogate(ch) else "?" for ch in text)
    if len(text) > _SHOWN_MAX:
        text = text[: _SHOWN_MAX // 2 - 1] + "..." + text[-(_SHOWN_MAX // 2 - 2) :]
    return text


def _is_surrogate(ch: str) -> bool:
    return "\ud800" <= ch <= "\udfff"


def read_bounded(path: str | os.PathLike[str], limit: int = DEFAULT_LIMIT) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them (else BadInput)."""
    shown = shown_path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(Path(path), flags)
    except ValueError:  # an embedded NUL byte
        raise BadInput("path_invalid", path=shown) from None
    except FileNotFoundError:
        raise BadInput("file_not_found", path=shown) from None
    except IsADirectoryError:
        raise BadInput("file_is_directory", path=shown) from None
    except OSError as exc:
        raise _os_problem(exc, shown) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise BadInput("file_is_directory", path=shown)
        if not stat.S_ISREG(info.st_mode):
            # A FIFO, a socket or a device: it may never end, or never start.
            raise BadInput("file_not_regular", path=shown)
        if info.st_size > limit:
            raise BadInput("file_too_large", path=shown, limit_mb=_mb(limit))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:  # it grew while we read
            raise BadInput("file_too_large", path=shown, limit_mb=_mb(limit))
        return b"".join(chunks)
    except OSError as exc:
        raise _os_problem(exc, shown) from None
    finally:
        os.close(fd)


def read_text_file(
    path: str | os.PathLike[str], limit: int = DEFAULT_LIMIT, *, encoding: str = "utf-8-sig"
) -> str:
    """``read_bounded`` decoded as UTF-8 (an Excel byte-order mark is tolerated)."""
    data = read_bounded(path, limit)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise BadInput("file_not_utf8", path=shown_path(path)) from None


def _mb(limit: int) -> int | float:
    mb = limit / 2**20
    return int(mb) if mb >= 1 else round(mb, 2)


def _os_problem(exc: OSError, shown: str) -> BadInput:
    if exc.errno == errno.ENAMETOOLONG:
        return BadInput("path_too_long", path=shown)
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return BadInput("file_not_found", path=shown)
    if exc.errno == errno.EISDIR:
        return BadInput("file_is_directory", path=shown)
    detail = exc.strerror or type(exc).__name__
    return BadInput("file_unreadable", path=shown, detail=detail)
