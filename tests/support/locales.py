"""A third language made at test time the way a translator would: ``pybabel init`` from the
shipped templates into a copy of the catalogues, with a few texts translated."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[2] / "resources" / "locale"


def make_language(folder: Path, lang: str, translations: Mapping[str, Mapping[str, str]]) -> Path:
    """Copy the shipped catalogues to ``folder``, start ``lang`` from every template, and fill
    ``translations[domain][msgid]``; returns the new locale folder."""
    shutil.copytree(LOCALE, folder)
    pybabel = Path(sys.executable).with_name("pybabel")
    for template in sorted((folder / "templates").glob("*.pot")):
        args = ["init", "-i", str(template), "-d", str(folder), "-D", template.stem, "-l", lang]
        subprocess.run([str(pybabel), *args], check=True, capture_output=True)
    for domain, texts in translations.items():
        po = folder / lang / "LC_MESSAGES" / f"{domain}.po"
        text = po.read_text(encoding="utf-8")
        for msgid, msgstr in texts.items():
            text = text.replace(
                f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"'
            )
        po.write_text(text, encoding="utf-8")
    return folder
