"""Finding a service by what a citizen types: word starts, catalogue aliases, small typos.

One ranking for every front end: the kiosk's service list filters its loaded services with
`rank_services` on every keystroke (pure Python, microseconds for a catalogue of 150), and
`search_services` / `mpp-kiosk catalog search` run the same function over the same list, so
both show the same services in the same order.

Rules (each query word must be found, so "izin dokter" narrows instead of widening):

* A query word matches a word of the service that STARTS with it: "imb" finds the alias "IMB"
  of PBG, never "lIMBah". Words come from the code ("KTP_EL" -> ktp, el, ktpel), both names,
  the catalogue's ``aliases`` (other names people use) and ``keywords`` (search words).
* Otherwise, a word of at least FUZZY_MIN_LENGTH letters may match with a small typo:
  rapidfuzz's normalised Indel similarity against the whole word or its start, at least
  FUZZY_CUTOFF. Short words ("KTP", "KK") never match fuzzily, or they would match everything.
* Order: services whose every word matched exactly first (a whole word before a word start, a
  name or alias before a keyword), then fuzzy matches by similarity; ties keep catalogue order.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from rapidfuzz import fuzz, process

__all__ = [
    "FUZZY_CUTOFF",
    "FUZZY_MIN_LENGTH",
    "name_with_code",
    "rank_services",
    "search_services",
    "similar_codes",
]

FUZZY_MIN_LENGTH = 4
FUZZY_CUTOFF = 80.0
_MAX_QUERY = 100
_SPLIT = re.compile(r"[^0-9a-z]+")

# What a word hit is worth: a whole name/code/alias word ("sim" = the alias SIM), the start
# of one ("sim" in "Simpan"), a keyword; a typo scores its similarity (below 1).
_WHOLE_WORD_HIT = 4.0
_NAME_HIT = 3.0
_KEYWORD_HIT = 2.0


class Searchable(Protocol):
    """What the ranking reads of a service (queue.ServiceView has all of it)."""

    @property
    def code(self) -> str: ...
    @property
    def name_id(self) -> str: ...
    @property
    def name_en(self) -> str: ...


S = TypeVar("S", bound=Searchable)


def normalize(text: str) -> str:
    """Case and accents folded: "Akta Kelahiran" -> "akta kelahiran"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> set[str]:
    """Every word, plus each token with its punctuation removed ("KTP-el" -> ktp, el, ktpel)."""
    low = normalize(text)
    found = {w for w in _SPLIT.split(low) if w}
    for token in low.split():
        joined = _SPLIT.sub("", token)
        if joined:
            found.add(joined)
    return found


@dataclass(frozen=True)
class _Index:
    names: frozenset[str]  # code, names, aliases
    keywords: frozenset[str]


def _index(service: Any) -> _Index:
    return _index_of(
        str(service.code),
        str(service.name_id),
        str(service.name_en),
        tuple(getattr(service, "aliases", ()) or ()),
        tuple(getattr(service, "keywords", ()) or ()),
    )


@functools.lru_cache(maxsize=4096)
def _index_of(
    code: str, name_id: str, name_en: str, aliases: tuple[str, ...], keywords: tuple[str, ...]
) -> _Index:
    """The words of one service, computed once per distinct text (every keystroke reuses it)."""
    names = words(code.replace("_", " ")) | words(code) | words(name_id) | words(name_en)
    for alias in aliases:
        names |= words(alias)
    found: set[str] = set()
    for keyword in keywords:
        found |= words(keyword)
    return _Index(frozenset(names), frozenset(found - names))


def _fuzzy(query: str, candidates: Iterable[str]) -> float:
    """The best typo-tolerant similarity (0-100) of `query` to a word or a word's start."""
    best = 0.0
    for word in candidates:
        score = fuzz.ratio(query, word, score_cutoff=FUZZY_CUTOFF)
        if len(word) > len(query):
            score = max(score, fuzz.ratio(query, word[: len(query)], score_cutoff=FUZZY_CUTOFF))
        best = max(best, score)
    return best


def _word_score(query: str, index: _Index) -> tuple[bool, float] | None:
    """(exact, score) for one query word, or None when it is not found at all."""
    if query in index.names:
        return True, _WHOLE_WORD_HIT
    if any(w.startswith(query) for w in index.names):
        return True, _NAME_HIT
    if query in index.keywords or any(w.startswith(query) for w in index.keywords):
        return True, _KEYWORD_HIT
    if len(query) < FUZZY_MIN_LENGTH:
        return None
    score = _fuzzy(query, index.names | index.keywords)
    return (False, score / 100.0) if score else None


def rank_services(services: Sequence[S], query: str) -> list[S]:
    """The services matching `query`, best first (all of them, in order, for an empty query)."""
    query_words = [w for w in _SPLIT.split(normalize(query[:_MAX_QUERY])) if w]
    if not query_words:
        return list(services)
    ranked: list[tuple[int, float, int, S]] = []
    for position, service in enumerate(services):
        index = _index(service)
        fuzzy_words, total = 0, 0.0
        for word in query_words:
            hit = _word_score(word, index)
            if hit is None:
                break
            exact, score = hit
            fuzzy_words += 0 if exact else 1
            total += score
        else:
            ranked.append((fuzzy_words, -total, position, service))
    ranked.sort(key=lambda row: row[:3])
    return [row[3] for row in ranked]


def similar_codes(services: Sequence[Searchable], wanted: str, limit: int = 3) -> list[str]:
    """Service codes close to a mistyped one ("KTPEL" -> KTP_EL; "IMB" -> PBG by its alias)."""
    text = wanted.strip()
    if not text:
        return []
    by_code = {s.code: s for s in services}
    picks = [s.code for s in rank_services(services, text.replace("_", " "))]
    squashed = {code: code.replace("_", "").casefold() for code in by_code}
    for _squashed, _score, code in process.extract(
        text.replace("_", "").casefold(), squashed, scorer=fuzz.ratio, score_cutoff=70, limit=limit
    ):
        if code not in picks:
            picks.append(code)
    exact = text.upper()
    return [code for code in picks if code != exact][:limit]


def name_with_code(name: str, code: str) -> str:
    """ "Akta Kelahiran (AKTA_LAHIR)", but "Tanda Daftar Gudang (TDG)" stays as it is: the
    code is added only when the name does not already show it as a word."""
    if code.casefold() in words(name):
        return name
    return f"{name} ({code})"


def search_services(ctx: Any, query: str, agency_code: str | None = None) -> list[Any]:
    """The kiosk's search, for the CLI: active services (of one agency), ranked for `query`."""
    from kiosk.services import queue  # queue imports this module

    return rank_services(queue.list_services(ctx, agency_code), query)
