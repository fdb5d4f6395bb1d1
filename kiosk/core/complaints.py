"""Complaint (pengaduan) rules: categories, classes and their deadlines, the status flow, the
officer's outcome, cleaning what a citizen typed, and the counter poster's token.

Pure: no database, no Qt. The use cases are in kiosk/services/complaints/.

Deadlines (integrity-complaints.md): the supervisor classifies a complaint and its class sets
the response window in WORKING days counted from the day it was received (the receipt rule of
kiosk.core.workdays: a complaint filed on Sunday counts from Monday): ringan 2, normatif 5,
non-pengawasan 14, pengawasan 60. Before it is classified the receipt promises the shortest
window (ringan, 2 working days) for the FIRST response: by then the citizen has either the
answer or, at the kiosk, the class and the longer deadline it was given.

Status flow: received -> classified -> investigating -> responded -> closed. Classifying may be
repeated until a response is given (a complaint found to be heavier than it looked); assigning an
investigator moves a classified complaint to investigating; a response may be revised until the
complaint is closed; closing records the finding and the outcome for the officer.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final, Literal

__all__ = [
    "CATEGORIES",
    "CLASSES",
    "CLASS_WORKING_DAYS",
    "FIRST_RESPONSE_CLASS",
    "MAX_CONTACT",
    "MAX_NOTE",
    "MAX_RESPONSE",
    "MAX_TEXT",
    "OUTCOMES",
    "SOURCES",
    "STATUSES",
    "Category",
    "ComplaintClass",
    "Outcome",
    "Source",
    "Status",
    "clean_line",
    "clean_text",
    "counter_token",
    "parse_counter_token",
]

Category = Literal["pungli", "rude", "slow", "procedure", "calo", "facilities", "other"]
#: Asked for money or gifts (pungli), rude or unfair treatment, slow or late service, outside
#: the published procedure, a broker (calo), the building and its facilities, anything else.
CATEGORIES: Final[tuple[Category, ...]] = (
    "pungli",
    "rude",
    "slow",
    "procedure",
    "calo",
    "facilities",
    "other",
)

ComplaintClass = Literal["ringan", "normatif", "non_pengawasan", "pengawasan"]
CLASSES: Final[tuple[ComplaintClass, ...]] = ("ringan", "normatif", "non_pengawasan", "pengawasan")
CLASS_WORKING_DAYS: Final[dict[str, int]] = {
    "ringan": 2,
    "normatif": 5,
    "non_pengawasan": 14,
    "pengawasan": 60,
}
FIRST_RESPONSE_CLASS: Final = "ringan"

Status = Literal["received", "classified", "investigating", "responded", "closed"]
STATUSES: Final[tuple[Status, ...]] = (
    "received",
    "classified",
    "investigating",
    "responded",
    "closed",
)
#: Statuses a response may be given (or revised) from, and the one closing needs.
RESPONDABLE: Final = frozenset({"classified", "investigating", "responded"})

Outcome = Literal["none", "teguran_lisan", "teguran_tertulis", "disciplinary"]
#: For the officer, when a complaint is founded: nothing, an oral reprimand, a written (severe)
#: reprimand, or a referral for disciplinary proceedings (pemberhentian is decided outside the
#: system; the register records the referral and, later, its result).
OUTCOMES: Final[tuple[Outcome, ...]] = ("none", "teguran_lisan", "teguran_tertulis", "disciplinary")

Source = Literal["kiosk", "web", "paper"]
SOURCES: Final[tuple[Source, ...]] = ("kiosk", "web", "paper")

#: Characters kept of a description (the kiosk's keyboard and a paper form fit well inside).
MAX_TEXT: Final = 4000
MAX_CONTACT: Final = 120
MAX_RESPONSE: Final = 4000
MAX_NOTE: Final = 2000
#: Raw input longer than this is refused before any work is done on it.
MAX_RAW_FACTOR: Final = 4

#: Unicode categories dropped from typed text: controls (NUL, ESC...), surrogates, private use,
#: unassigned, line/paragraph separators; format characters too, except the emoji joiners.
_DROPPED = frozenset({"Cc", "Cs", "Co", "Cn", "Zl", "Zp"})
_EMOJI_JOINERS = "\u200d\ufe0f"
_SPACES = re.compile(r"[ \t]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(raw: object, limit: int) -> tuple[str, str | None]:
    """(text, problem) for a multi-line text typed by a person.

    Newlines are kept (CR/CRLF become LF, at most one empty line in a row); tabs and other
    spaces become one space; NUL and every other control or format character is dropped
    (PostgreSQL refuses NUL in text, and a stray ESC would be a printer command on a slip);
    emoji and other letters are kept. ``problem`` is "empty" (nothing left), "long" (more than
    ``limit`` characters after cleaning, or raw input far beyond it) or None.
    """
    if not isinstance(raw, str):
        return "", "empty"
    if len(raw) > limit * MAX_RAW_FACTOR:
        return "", "long"
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    out: list[str] = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
            continue
        category = unicodedata.category(ch)
        if category == "Zs" or ch == "\t":
            out.append(" ")
        elif category in _DROPPED or (category == "Cf" and ch not in _EMOJI_JOINERS):
            continue
        else:
            out.append(ch)
    lines = [_SPACES.sub(" ", line).strip() for line in "".join(out).split("\n")]
    cleaned = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    if not cleaned:
        return "", "empty"
    if len(cleaned) > limit:
        return "", "long"
    return cleaned, None


def clean_line(raw: object, limit: int) -> tuple[str, str | None]:
    """clean_text for a one-line value (a contact): line breaks become spaces; empty is allowed
    here and returns ("", None)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return "", None
    text, problem = clean_text(raw.replace("\n", " ") if isinstance(raw, str) else raw, limit)
    return text.replace("\n", " "), problem


# --- the poster's token ------------------------------------------------------------------------

#: "ADU-PRB-7": aduan (complaint) about loket 7 of site PRB. Letters outside the code alphabet
#: (U) keep it from ever reading as a tracking code; it is no secret: scanning it only opens the
#: complaint entry for that counter.
_TOKEN_RE = re.compile(r"ADU-([A-Z0-9]{1,8})-([0-9]{1,4})")


def counter_token(site_code: str, counter_number: int) -> str:
    """The token a counter's poster QR carries (bare, or the last part of a URL)."""
    site = site_code.upper()
    if not re.fullmatch(r"[A-Z0-9]{1,8}", site):
        raise ValueError(f"bad site code {site_code!r}")
    if isinstance(counter_number, bool) or not 1 <= counter_number <= 9999:
        raise ValueError(f"bad counter number {counter_number!r}")
    return f"ADU-{site}-{counter_number}"


def parse_counter_token(raw: object) -> tuple[str, int] | None:
    """(site code, counter number) of a poster token; None for anything else (never raises)."""
    if not isinstance(raw, str) or len(raw) > 20 or not raw.isascii():
        return None
    match = _TOKEN_RE.fullmatch(raw.strip().upper())
    if match is None:
        return None
    number = int(match.group(2))
    return (match.group(1), number) if number >= 1 else None
