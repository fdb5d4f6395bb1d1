"""Field checks for the catalogue file: each problem is a coded BadInput naming file and entry.

Every error carries ``source`` (the file), ``entry`` (``service #3 'KTP_EL'``) and what it is
about (``key``, ``value``, ``lo``/``hi``...), the same shape as the requirement-list errors in
kiosk/services/requirements.py, so an administrator reads which line of the file to fix.

Texts follow two rules checked here, before anything is written, and shared with the holiday
import (``check_name``): a one-line text is no longer than its database column (SQLite stores
any length, PostgreSQL refused a 201-character name mid-import with a raw DataError, so the
limit comes from the model, never from a second copy of the number), and no text holds control
or bidirectional formatting characters (kiosk.core.plaintext; long texts may hold newlines).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import DeclarativeBase

from kiosk.core.hours import OpeningHours
from kiosk.core.plaintext import unsafe_character
from kiosk.db.models import Agency, Counter, Service, Site, Stage
from kiosk.errors import BadInput

MAX_SEARCH_TERMS = 20
MAX_SEARCH_TERM_LENGTH = 80
#: A long text (a procedure, a fee note) in a column without a width: still bounded.
MAX_LONG_TEXT = 20_000

#: Which table a catalogue entry fills, by the first word of its ``where`` ("service #3 ...").
_TABLES: dict[str, type[DeclarativeBase]] = {
    "site": Site,
    "stage": Stage,
    "agency": Agency,
    "service": Service,
    "counter": Counter,
}


def column_limit(model: type[DeclarativeBase], key: str) -> int | None:
    """The width of ``model``'s column ``key`` (None: a Text column, or no such column)."""
    column = model.__table__.columns.get(key)
    length = getattr(column.type, "length", None) if column is not None else None
    return length if isinstance(length, int) else None


def check_name(
    value: str, limit: int | None, *, source: str, entry: str, key: str, multiline: bool = False
) -> str:
    """``value`` if it fits ``limit`` characters and holds no unsafe character, else BadInput."""
    bad = unsafe_character(value, multiline=multiline)
    if bad is not None:
        raise BadInput("text_bad_character", source=source, entry=entry, key=key, char=bad)
    cap = limit if limit is not None else MAX_LONG_TEXT
    if len(value) > cap:
        raise BadInput(
            "text_too_long_in_file", source=source, entry=entry, key=key, limit=cap,
            length=len(value),
        )  # fmt: skip
    return value


class Checker:
    """Knows the file being read, so errors name it (``at(where)`` gives source and entry)."""

    def __init__(self, source: str) -> None:
        self.source = source

    def at(self, where: str) -> dict[str, str]:
        return {"source": self.source, "entry": where}

    def text(self, entry: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
        value = entry.get(key)
        if value is None:
            if required:
                raise BadInput("catalog_missing_key", **self.at(where), key=key)
            return ""
        if not isinstance(value, str):
            raise BadInput("catalog_not_text", **self.at(where), key=key, value=value)
        value = value.strip()
        if required and not value:
            raise BadInput("catalog_empty", **self.at(where), key=key)
        model = _TABLES.get(where.split(" ", 1)[0])
        limit = column_limit(model, key) if model is not None else None
        return check_name(
            value, limit, source=self.source, entry=where, key=key, multiline=limit is None
        )

    def integer(
        self, entry: dict[str, Any], key: str, where: str, lo: int, hi: int, default: int | None
    ) -> int | None:
        value = entry.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise BadInput("catalog_range", **self.at(where), key=key, lo=lo, hi=hi, value=value)
        return value

    def flag(self, entry: dict[str, Any], key: str, where: str, default: bool) -> bool:
        value = entry.get(key, default)
        if not isinstance(value, bool):
            raise BadInput("catalog_not_bool", **self.at(where), key=key, value=value)
        return value

    def text_list(self, entry: dict[str, Any], key: str, where: str) -> list[str]:
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise BadInput("catalog_not_text_list", **self.at(where), key=key)
        return [
            check_name(v.strip(), MAX_LONG_TEXT, source=self.source, entry=where, key=key)
            for v in value
        ]

    def search_terms(self, entry: dict[str, Any], key: str, where: str) -> list[str]:
        """Aliases, keywords: a short list of short texts, each once (the kiosk searches them)."""
        values = self.text_list(entry, key, where)
        if len(values) > MAX_SEARCH_TERMS:
            raise BadInput(
                "catalog_too_many_terms", **self.at(where), key=key, limit=MAX_SEARCH_TERMS
            )
        seen: set[str] = set()
        for value in values:
            if len(value) > MAX_SEARCH_TERM_LENGTH:
                raise BadInput(
                    "catalog_term_too_long",
                    **self.at(where),
                    key=key,
                    value=value,
                    limit=MAX_SEARCH_TERM_LENGTH,
                )
            if value.casefold() in seen:
                raise BadInput("catalog_term_twice", **self.at(where), key=key, value=value)
            seen.add(value.casefold())
        return values

    def unknown_keys(self, entry: dict[str, Any], allowed: tuple[str, ...], where: str) -> None:
        extra = sorted(set(entry) - set(allowed))
        if extra:
            raise BadInput("catalog_unknown_key", **self.at(where), key=extra[0])

    def hours(self, value: Any, where: str) -> dict[str, str]:
        if not isinstance(value, dict):
            raise BadInput("catalog_hours_table", **self.at(where))
        try:
            return OpeningHours.from_mapping(value).to_mapping()
        except ValueError as exc:
            # The opening-hours parser's own (technical) explanation goes along as detail.
            raise BadInput("catalog_hours", **self.at(where), detail=str(exc)) from None

    def table_list(self, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise BadInput("catalog_table_list", **self.at(key), key=key)
        return value

    def no_duplicates(self, rows: list[dict[str, Any]], key: str, what: str) -> None:
        seen: set[Any] = set()
        for i, row in enumerate(rows, start=1):
            if row[key] in seen:
                raise BadInput(
                    "catalog_duplicate", **self.at(f"{what} #{i}"), key=key, value=row[key]
                )
            seen.add(row[key])
