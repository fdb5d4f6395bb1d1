"""Lists in running text, the one rule for every screen and slip.

Indonesian follows PUEBI: items are separated by commas, and a comma also goes before the "dan"
or "atau" of a list of three or more ("loket 1, 2, 3, dan 4"); two items take no comma ("5 dan
6"). English uses the serial comma the same way ("counters 5, 6, and 7"), so both languages read
alike on one bilingual ticket.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

__all__ = ["counters_phrase", "join_list", "join_numbers", "join_words"]

Lang = Literal["id", "en"]
Conjunction = Literal["and", "or"]

_WORDS: dict[str, dict[str, str]] = {
    "id": {"and": "dan", "or": "atau"},
    "en": {"and": "and", "or": "or"},
}


def join_list(lang: str, items: Iterable[str], conjunction: Conjunction = "and") -> str:
    """("a", "b", "c") -> "a, b, dan c" / "a, b, and c"; two items: "a dan b"; one: "a"."""
    return join_words(items, _WORDS["en" if lang == "en" else "id"][conjunction])


def join_words(items: Iterable[str], word: str) -> str:
    """The serial-comma rule with any conjunction (a catalogue's word for a third language)."""
    words = [str(i) for i in items]
    if len(words) <= 1:
        return "".join(words)
    if len(words) == 2:
        return f"{words[0]} {word} {words[1]}"
    return f"{', '.join(words[:-1])}, {word} {words[-1]}"


def join_numbers(lang: str, numbers: Sequence[int]) -> str:
    """(5, 6, 7) -> "5, 6, dan 7" / "5, 6, and 7"."""
    return join_list(lang, (str(n) for n in numbers))


def counters_phrase(lang: str, numbers: Sequence[int]) -> str:
    """Which counters serve a queue: "Loket 5" / "Counter 5", "Loket 5, 6, dan 7" /
    "Counters 5, 6, and 7"; "" when no counter is set up for it."""
    if not numbers:
        return ""
    # Indonesian marks no plural on the noun: "Loket 5, 6, dan 7".
    plural = "Counters" if len(numbers) > 1 else "Counter"
    label = plural if lang == "en" else "Loket"
    return f"{label} {join_numbers(lang, numbers)}"
