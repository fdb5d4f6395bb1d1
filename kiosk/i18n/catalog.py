"""Message catalogues: gettext ``.po`` files (compiled to ``.mo``) per language and domain.

Layout: ``resources/locale/<lang>/LC_MESSAGES/<domain>.po`` with one domain per front end
(``kiosk``, ``counter``, ``display``, ``slips``) plus ``common`` and ``errors``; the templates a
translator starts a new language from are ``resources/locale/templates/<domain>.pot``.
Message ids are stable keys (``home_welcome``), not English sentences, so fixing the English
wording never orphans a translation. Placeholders are ``str.format`` names (``{count}``) with an
optional spec that formats values in the reader's language (see ``LocalValue``).

The compiled ``.mo`` is used when it is newer than its ``.po``; otherwise the ``.po`` is parsed
with Babel, so a translator's edit shows at the next start even before ``make`` recompiles.
"""

from __future__ import annotations

import string
import threading
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from kiosk.i18n import languages
from kiosk.i18n.languages import SOURCE_LANG, Lang, locale_dir

DOMAINS: tuple[str, ...] = (
    "common",
    "errors",
    "kiosk",
    "counter",
    "display",
    "counterscreen",
    "admin",
    "slips",
    "cli",
    "reports",
    "web",
)

_lock = threading.Lock()


def catalogue_path(
    lang: Lang, domain: str, suffix: str = ".po", folder: Path | None = None
) -> Path:
    return (folder or locale_dir()) / lang / "LC_MESSAGES" / f"{domain}{suffix}"


def read_catalogue(path: Path, lang: Lang) -> Catalog:
    """Parse one ``.po`` (or ``.mo``) file; a broken file fails here, naming it."""
    with path.open("rb") as fh:
        if path.suffix == ".mo":
            return read_mo(fh)
        return read_po(fh, locale=None, domain=path.stem, abort_invalid=True)


@lru_cache(maxsize=256)
def _messages(folder: Path, lang: Lang, domain: str) -> Mapping[str, str]:
    po = catalogue_path(lang, domain, ".po", folder)
    mo = po.with_suffix(".mo")
    if mo.exists() and (not po.exists() or mo.stat().st_mtime >= po.stat().st_mtime):
        source = mo
    elif po.exists():
        source = po
    else:
        return {}
    catalogue = read_catalogue(source, lang)
    return {
        str(m.id): str(m.string)
        for m in catalogue
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
    }


def messages(lang: Lang, domain: str) -> Mapping[str, str]:
    """Every translated message of one domain in one language (cached per folder)."""
    with _lock:
        return _messages(locale_dir(), lang, domain)


def reload() -> None:
    """Forget cached catalogues (tests that write a new language, an admin's edit)."""
    with _lock:
        _messages.cache_clear()
        languages._languages_in.cache_clear()


def lookup(lang: Lang, msgid: str, domain: str) -> str | None:
    """The text in ``lang``, else Indonesian, else None."""
    return messages(lang, domain).get(msgid) or messages(SOURCE_LANG, domain).get(msgid)


def has_message(msgid: str, domain: str) -> bool:
    return msgid in messages(SOURCE_LANG, domain)


def placeholders(text: str) -> set[str]:
    """The ``{names}`` a message expects (tests check every language expects the same)."""
    return {name.split(".")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def compile_all(folder: Path | None = None) -> list[Path]:
    """Write a ``.mo`` beside every ``.po`` (``make`` runs this at install); returns the files."""
    root = folder or locale_dir()
    written = []
    for po in sorted(root.glob("*/LC_MESSAGES/*.po")):
        catalogue = read_catalogue(po, po.parts[-3])
        mo = po.with_suffix(".mo")
        with mo.open("wb") as fh:
            write_mo(fh, catalogue)
        written.append(mo)
    reload()
    return written
