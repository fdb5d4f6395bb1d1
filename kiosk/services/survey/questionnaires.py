"""Questionnaires as data: the SKM (from kiosk.core.ikm) and any site-defined survey (TOML).

Files: ``resources/surveys/*.toml`` ship with the program; a file in ``<data folder>/surveys/``
with the same ``code`` replaces the shipped one (a site's own wording, its own choices, switching
the SAMPLE integrity-zone survey on), and a new code adds a questionnaire. Qt-free and
database-free, so the kiosk's screens, the web form, the CSV import and the report read the same
definition. A broken file stops with ConfigError naming the file and the key.

Every question is on the 1..4 scale with four labels per language and a face per answer (a hint
for screens: ``FACES``). Texts come in Indonesian and English; another language falls back to
Indonesian for a text the file lacks.
"""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from kiosk.config import data_dir, resources_dir
from kiosk.core.ikm import UNSUR
from kiosk.core.safefile import read_text_file
from kiosk.errors import BadInput, ConfigError, NotFound

__all__ = [
    "FACES",
    "Choice",
    "ProfileField",
    "Question",
    "Questionnaire",
    "get_questionnaire",
    "list_questionnaires",
    "load_questionnaires",
    "survey_dirs",
]

#: Face hints a screen may draw beside answers 1..4 (icons are the screen's business).
FACES: tuple[str, ...] = ("very_unhappy", "unhappy", "happy", "very_happy")
_LANGS = ("id", "en")
IndexKind = Literal["ikm", "plain"]


def _pick(texts: Mapping[str, str], lang: str) -> str:
    return texts.get(lang) or texts["id"]


@dataclass(frozen=True)
class Question:
    """One question: a stable code (U1..U9, Z1..), a short name, the question, 4 labels."""

    code: str
    names: Mapping[str, str]
    texts: Mapping[str, str]
    labels: Mapping[str, tuple[str, str, str, str]]
    faces: tuple[str, str, str, str]

    def name(self, lang: str = "id") -> str:
        return _pick(self.names, lang)

    def text(self, lang: str = "id") -> str:
        return _pick(self.texts, lang)

    def label(self, value: int, lang: str = "id") -> str:
        """The words for answer ``value`` (1..4)."""
        if not 1 <= value <= 4:
            raise ValueError(f"{self.code}: answer must be 1..4, got {value}")
        return (self.labels.get(lang) or self.labels["id"])[value - 1]


@dataclass(frozen=True)
class Choice:
    """One answer of a profile field; ``low``/``high`` bound an age band (whole years)."""

    code: str
    labels: Mapping[str, str]
    low: int | None = None
    high: int | None = None

    def label(self, lang: str = "id") -> str:
        return _pick(self.labels, lang)


@dataclass(frozen=True)
class ProfileField:
    """An optional, anonymous profile question (gender, age band, education, job, time)."""

    code: str
    labels: Mapping[str, str]
    choices: tuple[Choice, ...]
    #: False for a field the program fills itself (the survey's time of day).
    asked: bool = True

    def label(self, lang: str = "id") -> str:
        return _pick(self.labels, lang)

    def choice(self, code: str) -> Choice | None:
        return next((c for c in self.choices if c.code == code), None)


@dataclass(frozen=True)
class Questionnaire:
    """A survey definition: what the screens ask, what the report computes."""

    code: str
    titles: Mapping[str, str]
    intros: Mapping[str, str]
    questions: tuple[Question, ...]
    profile: tuple[ProfileField, ...]
    index: IndexKind
    suggestion: bool
    suggestion_prompts: Mapping[str, str]
    enabled: bool
    sample: bool
    position: int
    source: str

    def title(self, lang: str = "id") -> str:
        return _pick(self.titles, lang)

    def intro(self, lang: str = "id") -> str:
        return _pick(self.intros, lang) if self.intros else ""

    def suggestion_prompt(self, lang: str = "id") -> str:
        return _pick(self.suggestion_prompts, lang) if self.suggestion_prompts else ""

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(q.code for q in self.questions)

    def question(self, code: str) -> Question | None:
        return next((q for q in self.questions if q.code == code), None)

    def field(self, code: str) -> ProfileField | None:
        return next((f for f in self.profile if f.code == code), None)

    def as_dict(self, lang: str | None = None) -> dict[str, Any]:
        """JSON for a web form or `survey questionnaires --json`: every text in both languages
        (or only ``lang``'s when given)."""

        def texts(table: Mapping[str, str]) -> Any:
            return _pick(table, lang) if lang else dict(table)

        return {
            "code": self.code,
            "title": texts(self.titles),
            "intro": texts(self.intros) if self.intros else "",
            "index": self.index,
            "sample": self.sample,
            "enabled": self.enabled,
            "suggestion": self.suggestion,
            "suggestion_prompt": texts(self.suggestion_prompts) if self.suggestion_prompts else "",
            "questions": [
                {
                    "code": q.code,
                    "name": texts(q.names),
                    "text": texts(q.texts),
                    "answers": [
                        {
                            "value": v,
                            "face": q.faces[v - 1],
                            "label": q.label(v, lang)
                            if lang
                            else {k: labels[v - 1] for k, labels in q.labels.items()},
                        }
                        for v in (1, 2, 3, 4)
                    ],
                }
                for q in self.questions
            ],
            "profile": [
                {
                    "code": f.code,
                    "label": texts(f.labels),
                    "asked": f.asked,
                    "choices": [{"code": c.code, "label": texts(c.labels)} for c in f.choices],
                }
                for f in self.profile
            ],
        }


# --- reading files ------------------------------------------------------------------------------


class _Reader:
    """Validation helpers that name the file and the key of the first problem."""

    def __init__(self, path: Path) -> None:
        self.file = str(path)

    def fail(self, key: str) -> ConfigError:
        return ConfigError("survey_file_value", file=self.file, key=key)

    def texts(self, data: Any, key: str, *, required: bool = True) -> dict[str, str]:
        if data is None and not required:
            return {}
        if not isinstance(data, dict) or not all(
            isinstance(data.get(lang), str) for lang in _LANGS
        ):
            raise self.fail(key)
        out = {str(k): v.strip() for k, v in data.items() if isinstance(v, str)}
        if not all(out[lang] for lang in _LANGS):
            raise self.fail(key)
        return out

    def code(self, data: Any, key: str) -> str:
        if not isinstance(data, str) or not data or len(data) > 32 or not data.isascii():
            raise self.fail(key)
        if not all(ch.isalnum() or ch in "_-" for ch in data):
            raise self.fail(key)
        return data


def _faces(reader: _Reader, data: Any) -> tuple[str, str, str, str]:
    if data is None:
        return FACES  # type: ignore[return-value]
    if not isinstance(data, list) or len(data) != 4 or any(f not in FACES for f in data):
        raise reader.fail("faces")
    return (data[0], data[1], data[2], data[3])


def _ikm_questions(faces: tuple[str, str, str, str]) -> tuple[Question, ...]:
    return tuple(
        Question(
            code=u.code,
            names={"id": u.name_id, "en": u.name_en},
            texts={"id": u.question_id, "en": u.question_en},
            labels={"id": u.labels_id, "en": u.labels_en},
            faces=faces,
        )
        for u in UNSUR
    )


def _questions(
    reader: _Reader, data: Any, faces: tuple[str, str, str, str]
) -> tuple[Question, ...]:
    if not isinstance(data, list) or not data or len(data) > 50:
        raise reader.fail("question")
    out: list[Question] = []
    for n, item in enumerate(data, start=1):
        key = f"question #{n}"
        if not isinstance(item, dict):
            raise reader.fail(key)
        code = reader.code(item.get("code"), f"{key}.code")
        labels_raw = item.get("labels")
        if not isinstance(labels_raw, dict):
            raise reader.fail(f"{key}.labels")
        labels: dict[str, tuple[str, str, str, str]] = {}
        for lang, values in labels_raw.items():
            if (
                not isinstance(values, list)
                or len(values) != 4
                or not all(isinstance(v, str) and v.strip() for v in values)
            ):
                raise reader.fail(f"{key}.labels.{lang}")
            labels[str(lang)] = (values[0], values[1], values[2], values[3])
        if not all(lang in labels for lang in _LANGS):
            raise reader.fail(f"{key}.labels")
        out.append(
            Question(
                code=code,
                names=reader.texts(item.get("name"), f"{key}.name"),
                texts=reader.texts(item.get("text"), f"{key}.text"),
                labels=labels,
                faces=_faces(reader, item.get("faces")) if "faces" in item else faces,
            )
        )
    if len({q.code for q in out}) != len(out):
        raise reader.fail("question.code")
    return tuple(out)


def _profile(reader: _Reader, data: Any) -> tuple[ProfileField, ...]:
    if data is None:
        return ()
    if not isinstance(data, list):
        raise reader.fail("profile")
    fields: list[ProfileField] = []
    for n, item in enumerate(data, start=1):
        key = f"profile #{n}"
        if not isinstance(item, dict):
            raise reader.fail(key)
        choices: list[Choice] = []
        raw_choices = item.get("choices")
        if not isinstance(raw_choices, list) or not raw_choices:
            raise reader.fail(f"{key}.choices")
        for m, raw in enumerate(raw_choices, start=1):
            ckey = f"{key}.choices #{m}"
            if not isinstance(raw, dict):
                raise reader.fail(ckey)
            low, high = raw.get("min"), raw.get("max")
            if any(
                b is not None and (isinstance(b, bool) or not isinstance(b, int))
                for b in (low, high)
            ):
                raise reader.fail(ckey)
            choices.append(
                Choice(
                    code=reader.code(raw.get("code"), f"{ckey}.code"),
                    labels=reader.texts(
                        {k: v for k, v in raw.items() if isinstance(v, str) and k != "code"}, ckey
                    ),
                    low=low,
                    high=high,
                )
            )
        if len({c.code for c in choices}) != len(choices):
            raise reader.fail(f"{key}.choices")
        asked = item.get("asked", True)
        if not isinstance(asked, bool):
            raise reader.fail(f"{key}.asked")
        fields.append(
            ProfileField(
                code=reader.code(item.get("code"), f"{key}.code"),
                labels=reader.texts(item.get("label"), f"{key}.label"),
                choices=tuple(choices),
                asked=asked,
            )
        )
    if len({f.code for f in fields}) != len(fields):
        raise reader.fail("profile.code")
    return tuple(fields)


def _parse(path: Path) -> tuple[dict[str, Any], _Reader]:
    reader = _Reader(path)
    try:
        data = tomllib.loads(read_text_file(path, 2**20, encoding="utf-8"))
    except BadInput as exc:  # not a readable UTF-8 file of at most 1 MB
        raise ConfigError("survey_file_syntax", file=reader.file, detail=exc.reason) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError("survey_file_syntax", file=reader.file, detail=str(exc)[:200]) from None
    return data, reader


def _build(
    data: dict[str, Any], reader: _Reader, profiles: Mapping[str, tuple[ProfileField, ...]]
) -> Questionnaire:
    code = reader.code(data.get("code"), "code")
    titles = reader.texts(data.get("title"), "title")
    faces = _faces(reader, data.get("faces"))
    if data.get("questions") == "ikm":
        questions = _ikm_questions(faces)
    elif "questions" in data:
        raise reader.fail("questions")
    else:
        questions = _questions(reader, data.get("question"), faces)
    index = data.get("index", "ikm" if data.get("questions") == "ikm" else "plain")
    if index not in ("ikm", "plain"):
        raise reader.fail("index")
    if "profile_from" in data:
        source = data["profile_from"]
        if source not in profiles or "profile" in data:
            raise reader.fail("profile_from")
        profile = profiles[source]
    else:
        profile = _profile(reader, data.get("profile"))
    flags = {
        k: data.get(k, default)
        for k, default in (("enabled", True), ("sample", False), ("suggestion", True))
    }
    for key, value in flags.items():
        if not isinstance(value, bool):
            raise reader.fail(key)
    position = data.get("position", 100)
    if isinstance(position, bool) or not isinstance(position, int):
        raise reader.fail("position")
    return Questionnaire(
        code=code,
        titles=titles,
        intros=reader.texts(data.get("intro"), "intro", required=False),
        questions=questions,
        profile=profile,
        index=index,
        suggestion=flags["suggestion"],
        suggestion_prompts=reader.texts(
            data.get("suggestion_prompt"), "suggestion_prompt", required=False
        ),
        enabled=flags["enabled"],
        sample=flags["sample"],
        position=position,
        source=reader.file,
    )


def survey_dirs() -> tuple[Path, ...]:
    """Where questionnaires are read from, the site's own folder first."""
    return (data_dir() / "surveys", resources_dir() / "surveys")


_cache_lock = threading.Lock()
_cache: dict[tuple[tuple[str, int], ...], dict[str, Questionnaire]] = {}


def load_questionnaires(dirs: Sequence[Path] | None = None) -> dict[str, Questionnaire]:
    """Every questionnaire by code (a site's file replaces the shipped one of the same code).

    Cached until a file changes (its modification time), so the kiosk can call this per screen.
    """
    folders = tuple(dirs) if dirs is not None else survey_dirs()
    files: list[Path] = []
    for folder in folders:
        if folder.is_dir():
            files.extend(sorted(folder.glob("*.toml")))
    key = tuple((str(p), p.stat().st_mtime_ns) for p in files)
    with _cache_lock:
        hit = _cache.get(key)
    if hit is not None:
        return hit
    parsed: dict[str, tuple[dict[str, Any], _Reader]] = {}
    for path in files:  # site files come first: the first file of a code wins
        data, reader = _parse(path)
        code = reader.code(data.get("code"), "code")
        parsed.setdefault(code, (data, reader))
    built: dict[str, Questionnaire] = {}
    # Questionnaires with their own profile first, so `profile_from` can name them.
    for code, (data, reader) in sorted(
        parsed.items(), key=lambda item: "profile_from" in item[1][0]
    ):
        profiles = {c: q.profile for c, q in built.items()}
        built[code] = _build(data, reader, profiles)
    if "skm" not in built:
        raise ConfigError("survey_file_missing", code="skm", folder=str(folders[-1]))
    result = dict(sorted(built.items(), key=lambda item: (item[1].position, item[0])))
    with _cache_lock:
        _cache.clear()
        _cache[key] = result
    return result


def get_questionnaire(code: str = "skm", dirs: Sequence[Path] | None = None) -> Questionnaire:
    """One questionnaire (enabled or not: the report reads old data of a disabled one)."""
    found = load_questionnaires(dirs).get(code if isinstance(code, str) else "")
    if found is None:
        raise NotFound("questionnaire", code=str(code)[:40])
    return found


def list_questionnaires(dirs: Sequence[Path] | None = None) -> list[Questionnaire]:
    """The questionnaires a kiosk or the web offers now (enabled), in their order."""
    return [q for q in load_questionnaires(dirs).values() if q.enabled]
