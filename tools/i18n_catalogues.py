"""Write and check the gettext catalogues under resources/locale (a developer's tool).

    python tools/i18n_catalogues.py templates        # regenerate resources/locale/templates/*.pot
    python tools/i18n_catalogues.py compile          # .po -> .mo (make does this at install)

Message ids are keys; the Indonesian text is the source, written into each template as an
extracted comment so a translator starting a new language (``pybabel init -i
resources/locale/templates/kiosk.pot -d resources/locale -D kiosk -l jv``) sees what to translate.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
HEADER = "MPP Kiosk messages"


def _po_path(lang: str, domain: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{domain}.po"


def read(lang: str, domain: str) -> dict[str, str]:
    path = _po_path(lang, domain)
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return {str(m.id): str(m.string) for m in read_po(fh) if m.id}


def write(domain: str, texts: Mapping[str, Mapping[str, str]]) -> None:
    """Write ``texts[lang][msgid]`` for every language as ``<lang>/LC_MESSAGES/<domain>.po``."""
    source = texts["id"]
    for lang, table in texts.items():
        catalogue = Catalog(locale=lang, domain=domain, project="MPP Kiosk", charset="utf-8")
        for msgid in sorted(source):
            flags = ["python-brace-format"] if "{" in source[msgid] else []
            catalogue.add(msgid, table.get(msgid, ""), flags=flags)
        path = _po_path(lang, domain)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, catalogue, width=100, omit_header=False, sort_output=True)
    write_template(domain, source)


def write_template(domain: str, source: Mapping[str, str]) -> None:
    catalogue = Catalog(domain=domain, project="MPP Kiosk", charset="utf-8")
    for msgid in sorted(source):
        flags = ["python-brace-format"] if "{" in source[msgid] else []
        catalogue.add(msgid, "", auto_comments=[f"id: {source[msgid]}"], flags=flags)
    path = LOCALE / "templates" / f"{domain}.pot"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalogue, width=100, sort_output=True)


def merge(domain: str, new: Mapping[str, Mapping[str, str]]) -> None:
    """Add (or replace) messages in a domain, keeping the rest."""
    langs = sorted({*new, "id", "en"})
    texts = {lang: {**read(lang, domain), **new.get(lang, {})} for lang in langs}
    write(domain, texts)


def templates() -> None:
    for po in sorted((LOCALE / "id" / "LC_MESSAGES").glob("*.po")):
        write_template(po.stem, read("id", po.stem))


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "templates":
        templates()
    elif command == "compile":
        sys.path.insert(0, str(ROOT))
        from kiosk.i18n import compile_all

        print(f"{len(compile_all(LOCALE))} catalogues compiled")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
