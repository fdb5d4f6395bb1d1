"""Questionnaires as data: the shipped SKM and SAMPLE files, a site's override, broken files."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import resources_dir
from kiosk.core.ikm import UNSUR
from kiosk.errors import ConfigError, NotFound
from kiosk.i18n import error_text
from kiosk.services.survey.questionnaires import (
    FACES,
    get_questionnaire,
    list_questionnaires,
    load_questionnaires,
)

SHIPPED = resources_dir() / "surveys"


def test_the_skm_is_the_regulations_nine_unsur_with_exact_labels() -> None:
    skm = get_questionnaire("skm")
    assert skm.codes == tuple(u.code for u in UNSUR) and skm.index == "ikm" and skm.enabled
    for q, u in zip(skm.questions, UNSUR, strict=True):
        assert q.labels["id"] == u.labels_id and q.labels["en"] == u.labels_en
        assert q.text("id") == u.question_id and q.name("en") == u.name_en
        assert q.faces == FACES
    assert skm.question("U4") is not None and skm.question("U4").label(4) == "Gratis"  # type: ignore[union-attr]
    assert [f.code for f in skm.profile] == ["gender", "age", "education", "job", "time"]
    assert [c.code for c in skm.field("education").choices] == [  # type: ignore[union-attr]
        "SD", "SMP", "SMA", "D1_D3", "S1", "S2", "S3"
    ]  # fmt: skip
    assert not skm.field("time").asked  # type: ignore[union-attr]
    assert skm.title("en") == "Public Satisfaction Survey" and skm.title("jv") == skm.title("id")


def test_the_sample_questionnaire_is_shipped_switched_off() -> None:
    zi = get_questionnaire("zi")
    assert zi.sample and not zi.enabled and zi.index == "plain"
    assert zi.codes == ("Z1", "Z2", "Z3", "Z4", "Z5")
    assert all(
        q.label(4, "id") == "Tidak pernah" and q.label(1, "en") == "Often" for q in zi.questions
    )
    assert zi.profile == get_questionnaire("skm").profile
    assert [q.code for q in list_questionnaires()] == ["skm"]
    body = zi.as_dict("en")
    assert body["questions"][3]["answers"][0] == {
        "value": 1,
        "face": "very_unhappy",
        "label": "Often",
    }


def test_a_site_file_replaces_the_shipped_one_and_adds_new_ones(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    text = (SHIPPED / "zi-sample.toml").read_text(encoding="utf-8")
    (site / "zi.toml").write_text(
        text.replace("enabled = false", "enabled = true"), encoding="utf-8"
    )
    (site / "mini.toml").write_text(
        'code = "mini"\nposition = 5\n[title]\nid = "Survei Singkat"\nen = "Short survey"\n'
        '[[question]]\ncode = "Q1"\nname = { id = "Kebersihan", en = "Cleanliness" }\n'
        'text = { id = "Bersihkah ruang tunggu?", en = "Was the waiting room clean?" }\n'
        'labels = { id = ["Kotor", "Kurang bersih", "Bersih", "Sangat bersih"], '
        'en = ["Dirty", "Not very clean", "Clean", "Very clean"] }\n',
        encoding="utf-8",
    )
    found = load_questionnaires([site, SHIPPED])
    assert list(found) == ["skm", "zi", "mini"]
    assert found["zi"].enabled and found["zi"].source.endswith("zi.toml")
    assert [q.code for q in list_questionnaires([site, SHIPPED])] == ["skm", "zi", "mini"]
    assert found["mini"].profile == () and found["mini"].question("Q1").label(3) == "Bersih"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ('code = "x"\n[title]\nid = "A"\n', "title"),  # no English title
        ('code = "x"\n[title]\nid = "A"\nen = "B"\n', "question"),  # no questions
        ('code = "x y"\n', "code"),
        ('code = "x"\nfaces = ["a", "b"]\n[title]\nid = "A"\nen = "B"\n', "faces"),
        (
            'code = "x"\n[title]\nid = "A"\nen = "B"\n[[question]]\ncode = "Q1"\n'
            'name = { id = "n", en = "n" }\ntext = { id = "t", en = "t" }\n'
            'labels = { id = ["1", "2", "3"], en = ["1", "2", "3", "4"] }\n',
            "question #1.labels.id",
        ),
    ],
)
def test_a_broken_site_file_names_the_file_and_key(tmp_path: Path, body: str, key: str) -> None:
    (tmp_path / "bad.toml").write_text(body, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_questionnaires([tmp_path, SHIPPED])
    assert info.value.params["key"] == key
    assert "bad.toml" in error_text("id", info.value) and key in error_text("en", info.value)


def test_unreadable_file_and_unknown_code(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text('code = "x\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="survey_file_syntax"):
        load_questionnaires([tmp_path, SHIPPED])
    with pytest.raises(NotFound):
        get_questionnaire("nope")
    with pytest.raises(ConfigError, match="survey_file_missing"):
        load_questionnaires([tmp_path / "empty"])
