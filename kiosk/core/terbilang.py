"""Indonesian number words ("terbilang") for spoken queue calls and receipts.

The spoken call is assembled from single-word voice clips, so the output is a plain
space-separated word list in baku spelling with no punctuation. The "se-" forms exist
only for 10, 11, 100 and 1000 (sepuluh, sebelas, seratus, seribu); everywhere else a
leading one is "satu" (1 000 000 is "satu juta", 21 000 is "dua puluh satu ribu").
"""

from __future__ import annotations

__all__ = ["MAX_TERBILANG", "terbilang"]

_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")

# Scale words for each group of three digits, lowest first.
_SCALES = ("", "ribu", "juta", "miliar", "triliun")

#: Largest number with a word form here (999 triliun ...); bigger numbers never occur at an MPP.
MAX_TERBILANG = 10 ** (3 * len(_SCALES)) - 1


def _below_hundred(n: int) -> list[str]:
    """Words for 1..99 (0 gives no words: it is silent inside a bigger number)."""
    if n == 0:
        return []
    if n < 10:
        return [_UNITS[n]]
    if n == 10:
        return ["sepuluh"]
    if n == 11:
        return ["sebelas"]
    if n < 20:
        return [_UNITS[n - 10], "belas"]
    tens, ones = divmod(n, 10)
    return [_UNITS[tens], "puluh", *_below_hundred(ones)]


def _below_thousand(n: int) -> list[str]:
    """Words for 1..999; 100..199 use "seratus", never "satu ratus"."""
    hundreds, rest = divmod(n, 100)
    words: list[str] = []
    if hundreds == 1:
        words.append("seratus")
    elif hundreds > 1:
        words += [_UNITS[hundreds], "ratus"]
    return words + _below_hundred(rest)


def terbilang(n: int) -> str:
    """Return the Indonesian words for ``n`` (0 <= n <= MAX_TERBILANG), e.g. 2019 -> "dua ribu
    sembilan belas".

    Negative numbers raise ValueError rather than guessing a "minus" form: no ticket, counter or
    SOP length is negative, so a negative input is a bug upstream.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"terbilang needs an int, got {type(n).__name__}")
    if n < 0:
        raise ValueError(f"terbilang: negative number {n}")
    if n > MAX_TERBILANG:
        raise ValueError(f"terbilang: {n} is beyond triliun")
    if n == 0:
        return "nol"
    groups: list[int] = []
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    words: list[str] = []
    for scale_index in range(len(groups) - 1, -1, -1):
        group = groups[scale_index]
        if group == 0:
            continue
        if scale_index == 1 and group == 1:
            words.append("seribu")
            continue
        words += _below_thousand(group)
        if scale_index:
            words.append(_SCALES[scale_index])
    return " ".join(words)
