"""What the lobby display says when a ticket is called.

The voice is a library of clips played in sequence (DESIGN.md section 4): this module only
decides *which* clips, by name, so an MPP can replace the generated espeak-ng set with a
recorded one that uses the same names. Only the ticket number and the counter are ever
spoken: never a name or a NIK (UU PDP; queue-calling.md).

Pauses and the single repeat of the call are the player's job, not part of the word list.
"""

from __future__ import annotations

import re
from typing import Literal

from kiosk.core.terbilang import terbilang

__all__ = [
    "CHIME",
    "CLIP_NAMES",
    "COUNTER_PHRASE",
    "NUMBER_PHRASE",
    "announcement_text",
    "announcement_words",
    "format_ticket_number",
    "letter_clip",
    "parse_ticket_number",
]

CHIME = "chime"
NUMBER_PHRASE = "nomor_antrian"
COUNTER_PHRASE = "silakan_menuju_loket"

# A ticket is 1-3 prefix letters, an optional '-', and a zero-padded number of at least 3 digits
# (more digits once a queue passes 999 in a day).
_TICKET_RE = re.compile(r"([A-Z]{1,3})-?([0-9]{3,6})")

_NUMBER_WORDS = (
    *("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan"),
    *("sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus", "seribu", "ribu"),
)

#: Every clip name announcement_words() can return for tickets < 1 000 000 and counters < 1000:
#: the checklist for a voice set (a missing clip would leave a hole in the call).
CLIP_NAMES: frozenset[str] = frozenset(
    [
        CHIME,
        NUMBER_PHRASE,
        COUNTER_PHRASE,
        *(f"huruf_{chr(c)}" for c in range(ord("a"), ord("z") + 1)),
        *_NUMBER_WORDS,
    ]
)


def parse_ticket_number(ticket_number: str) -> tuple[str, int]:
    """Split "A022" (or "B-027", "ABC105") into ("A", 22); raise ValueError on anything else.

    Strict on purpose: a malformed number reaching the voice would be read out wrongly in a
    full lobby, so it should fail loudly in tests instead.
    """
    match = _TICKET_RE.fullmatch(ticket_number.strip().upper())
    if match is None:
        raise ValueError(
            f"bad ticket number {ticket_number!r}: expected 1-3 letters and a 3-digit number"
        )
    number = int(match.group(2))
    if number == 0:
        raise ValueError(f"bad ticket number {ticket_number!r}: sequences start at 1")
    return match.group(1), number


def format_ticket_number(prefix: str, number: int) -> str:
    """Render a ticket number the way it is printed and shown: "A" + 22 -> "A022"."""
    if not re.fullmatch(r"[A-Z]{1,3}", prefix):
        raise ValueError(f"bad ticket prefix {prefix!r}: 1-3 uppercase letters")
    if not 0 < number <= 999_999:
        raise ValueError(f"bad ticket sequence {number}: 1..999999")
    return f"{prefix}{number:03d}"


def letter_clip(letter: str) -> str:
    """Clip name for a spoken letter: "A" -> "huruf_a"."""
    if len(letter) != 1 or not ("A" <= letter.upper() <= "Z"):
        raise ValueError(f"not a letter A-Z: {letter!r}")
    return f"huruf_{letter.lower()}"


def _check_counter(counter_number: int) -> None:
    if isinstance(counter_number, bool) or not isinstance(counter_number, int):
        raise TypeError(f"counter number must be an int, got {type(counter_number).__name__}")
    if not 1 <= counter_number <= 999:
        raise ValueError(f"bad counter number {counter_number}: 1..999")


def announcement_words(ticket_number: str, counter_number: int) -> list[str]:
    """Clip names, in order, for "<chime> Nomor antrian, A, dua puluh dua. Silakan menuju loket
    tiga."; number words are split so each clip is a single word."""
    prefix, number = parse_ticket_number(ticket_number)
    _check_counter(counter_number)
    return [
        CHIME,
        NUMBER_PHRASE,
        *(letter_clip(letter) for letter in prefix),
        *terbilang(number).split(),
        COUNTER_PHRASE,
        *terbilang(counter_number).split(),
    ]


def announcement_text(
    ticket_number: str,
    counter_number: int,
    lang: Literal["id", "en"] = "id",
    *,
    spoken: bool = True,
) -> str:
    """The call as one sentence, for a TTS engine (``spoken=True``: numbers in words, letters
    apart, as in queue-calling.md) or for a caption on screen (``spoken=False``: "A022", "3").

    English numbers stay as digits even when spoken: every English TTS engine reads digits
    well, while Indonesian engines need the words to say "dua puluh dua" instead of "nol dua dua".
    """
    prefix, number = parse_ticket_number(ticket_number)
    _check_counter(counter_number)
    ticket = format_ticket_number(prefix, number)
    if lang == "id":
        if spoken:
            letters = " ".join(prefix)
            return (
                f"Nomor antrian, {letters}, {terbilang(number)}. "
                f"Silakan menuju loket {terbilang(counter_number)}."
            )
        return f"Nomor antrian {ticket}, silakan menuju loket {counter_number}."
    if lang == "en":
        if spoken:
            letters = " ".join(prefix)
            return f"Queue number, {letters}, {number}. Please go to counter {counter_number}."
        return f"Queue number {ticket}, please go to counter {counter_number}."
    raise ValueError(f"unsupported language {lang!r}: 'id' or 'en'")
