"""Which languages exist: the ones with a catalogue folder under ``resources/locale``.

A language is its catalogue folder's name (``id``, ``en``, ``jv`` ...), so a third language is a
new folder of ``.po`` files, not code. Indonesian is the source language: every message id has
an Indonesian text, and any other language falls back to it for ids it lacks.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TypeAlias

Lang: TypeAlias = str
"""A language code: the name of a folder under ``resources/locale`` ("id", "en", ...)."""

SOURCE_LANG: Lang = "id"
# The two languages every release ships, in the order the switches show them.
CORE_LANGS: tuple[Lang, ...] = ("id", "en")
LANGS = CORE_LANGS  # kept for callers that only ever offer the shipped pair

# Each language names itself on the switch, so these never change with the current language.
LANGUAGE_NAMES: dict[Lang, str] = {
    "id": "Indonesia",
    "en": "English",
    "jv": "Basa Jawa",
    "mad": "Basa Madhura",
}

# Babel locales for formatting; a language Babel does not know formats like Indonesian.
BABEL_LOCALES: dict[Lang, str] = {"id": "id_ID", "en": "en_GB", "jv": "jv", "su": "su"}


@functools.cache
def _shipped_locale_dir() -> Path:
    # Resolved once: every message lookup asks for the folder (a slip asks ~20 times).
    return Path(__file__).resolve().parents[2] / "resources" / "locale"


def locale_dir() -> Path:
    """The catalogue folder: MPP_KIOSK_LOCALE_DIR, else ``<resources>/locale``."""
    override = os.environ.get("MPP_KIOSK_LOCALE_DIR")
    if override:
        return Path(override)
    resources = os.environ.get("MPP_KIOSK_RESOURCES")
    return Path(resources) / "locale" if resources else _shipped_locale_dir()


def available_languages(folder: Path | None = None) -> tuple[Lang, ...]:
    """The shipped pair first, then any other catalogue folder, alphabetically (read once per
    folder: every web page asks; ``kiosk.i18n.catalog.reload()`` forgets it)."""
    return _languages_in(folder or locale_dir())


@functools.lru_cache(maxsize=16)
def _languages_in(root: Path) -> tuple[Lang, ...]:
    found = sorted(
        p.name for p in root.glob("*") if (p / "LC_MESSAGES").is_dir() and p.name != "templates"
    )
    ordered = [lang for lang in CORE_LANGS if lang in found]
    return tuple(ordered + [lang for lang in found if lang not in CORE_LANGS])


def language_name(lang: Lang) -> str:
    return LANGUAGE_NAMES.get(lang, lang)
