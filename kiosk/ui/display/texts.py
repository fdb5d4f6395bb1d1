"""Every string the lobby display shows, in Indonesian and English, and the charter ticker.

The display shows two languages at once: the MAIN language large (Indonesian by default) and
the other one as a smaller subtitle underneath, for visitors who do not read Indonesian. The
same dict-per-language shape as kiosk/ui/i18n.py, so the same people review the wording.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kiosk.i18n import format_fixed, month_name
from kiosk.i18n import translate as shared_translate
from kiosk.services.charter import charter_file
from kiosk.ui.i18n import LANGS, Lang


def translate(lang: Lang, key: str, **values: object) -> str:
    """One display message (the ``display`` catalogue); a missing key shows the key."""
    return shared_translate(lang, key, "display", **values)


def place_name(site_name: str, title: str) -> str:
    """The site's name without the words of the title line ("Mal Pelayanan Publik Kabupaten
    Probolinggo" -> "Kabupaten Probolinggo"), so another MPP's display shows its own place."""
    name, low, low_title = site_name.strip(), site_name.strip().casefold(), title.casefold()
    if low.startswith(low_title):
        name = name[len(title) :].strip()
    elif low.endswith(low_title):
        name = name[: -len(title)].strip()
    return name


def other(lang: Lang) -> Lang:
    """The subtitle language for a main language."""
    return "en" if lang == "id" else "id"


def both(lang: Lang, key: str, **values: object) -> tuple[str, str]:
    """One message in the main language and in the subtitle language under it."""
    return translate(lang, key, **values), translate(other(lang), key, **values)


_HEADING = re.compile(r"^#{1,3}\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
#: Longer list items are too long to read while walking past.
MAX_ITEM = 160
#: Items of a list introduced by "...:" that are all this short only make sense together.
SHORT_ITEM = 40


def charter_sections(lang: Lang, folder: Path | None = None) -> list[tuple[str, list[str]]]:
    """The charter's sections as (title, short sentences) for the ticker.

    Taken from the charter file (resources/charter/charter.<lang>.md or the site's override,
    kiosk.services.charter.charter_file): each heading with its bullet items
    (continuation lines joined), so an MPP that replaces the charter text changes the ticker
    too. Numbered lists (the pact, the sanctions) are left to the kiosk's charter screen. A list
    of short items after a lead-in line ("Batas waktu penyelesaian:" then "Ringan: 2 hari
    kerja.", ...) becomes one sentence, because each item alone means nothing.
    """
    if lang not in LANGS:
        raise ValueError(f"unsupported language {lang!r}")
    path = folder / f"charter.{lang}.md" if folder else charter_file(lang)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return [("", [translate(lang, "ticker_fallback")])]
    sections: list[tuple[str, list[str]]] = []
    title = ""
    items: list[str] = []
    group: list[str] = []  # the items of the list being read
    lead = ""  # the paragraph line ending in ":" just before that list
    current: list[str] | None = None

    def close_item() -> None:
        nonlocal current
        if current:
            group.append(re.sub(r"\s+", " ", " ".join(current)).strip())
        current = None

    def close_list() -> None:
        nonlocal group, lead
        close_item()
        if group and lead and all(len(g) < SHORT_ITEM for g in group):
            items.append(f"{lead} " + "; ".join(g.rstrip(".") for g in group) + ".")
        else:
            items.extend(g for g in group if len(g) <= MAX_ITEM)
        group, lead = [], ""

    def close_section() -> None:
        nonlocal items
        close_list()
        if items:
            sections.append((title, items))
        items = []

    for raw in text.splitlines():
        heading = _HEADING.match(raw)
        bullet = _BULLET.match(raw)
        line = raw.strip()
        if heading:
            close_section()
            title = heading.group(1).strip()
        elif bullet:
            close_item()
            current = [bullet.group(1).strip()]
        elif current is not None and line and raw.startswith((" ", "\t")):
            current.append(line)
        elif line and not line.startswith(("<!--", "---")):
            close_list()
            lead = line if line.endswith(":") else ""
        elif line:
            close_list()
    close_section()
    return sections or [("", [translate(lang, "ticker_fallback")])]


def figures_line(lang: Lang, figures: Any) -> str:
    """ "Maret 2026: 12 pengaduan diterima, 10 dijawab dalam batas waktu · Indeks Kepuasan
    Masyarakat Maret 2026: 83,47 (mutu B, Baik)": counts and the index only, never a name.
    ``figures`` is kiosk.services.reports.ScreenFigures."""
    ikm, complaints = figures.ikm, figures.complaints
    parts = [
        translate(lang, "figures_complaints", month=month_name(complaints.month, lang),
                  received=complaints.received, on_time=complaints.answered_on_time)
    ]  # fmt: skip
    if ikm.ikm is not None and ikm.month is not None:
        parts.append(
            translate(lang, "figures_ikm", month=month_name(ikm.month, lang),
                      ikm=format_fixed(ikm.ikm, 2, lang), mutu=ikm.mutu or "",
                      kinerja=ikm.kinerja(lang) or "")
        )  # fmt: skip
    return " \u00b7 ".join(parts)


def ticker_segments(lang: Lang, figures: Any | None) -> list[tuple[str, str]]:
    """The running text: this month's public figures (when given), then the charter, each
    line in the main language with the other one in brackets."""
    sub_lang = other(lang)
    segments: list[tuple[str, str]] = []
    if figures is not None:
        segments.append((f"{translate(lang, 'figures_title')}   ", "title"))
        segments.append((figures_line(lang, figures), "item"))
        segments.append((f"  ({figures_line(sub_lang, figures)})", "sub"))
        segments.append(("      ", "sep"))
    main = charter_sections(lang)
    sub_sections = charter_sections(sub_lang)
    for index, (title, items) in enumerate(main):
        sub_items = sub_sections[index][1] if index < len(sub_sections) else []
        if title:
            segments.append((f"{title}   ", "title"))
        for i, item in enumerate(items):
            segments.append((item, "item"))
            if i < len(sub_items):
                segments.append((f"  ({sub_items[i]})", "sub"))
            segments.append(("   \u2022   ", "sep"))
        segments.append(("      ", "sep"))
    return segments
