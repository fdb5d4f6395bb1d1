"""A third language is a catalogue folder: made from the templates at test time, the kiosk
offers it, renders what it translates and falls back to Indonesian for the rest."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.i18n import catalog
from tests.support.locales import make_language
from tests.ui.conftest import KioskFactory, visible_texts

LOCALE = Path(__file__).resolve().parents[2] / "resources" / "locale"


@pytest.fixture
def javanese(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    texts = {"kiosk": {"home_ticket": "Njupuk Antrean"}}
    folder = make_language(tmp_path / "locale", "jv", texts)
    monkeypatch.setenv("MPP_KIOSK_LOCALE_DIR", str(folder))
    catalog.reload()
    yield folder
    catalog.reload()


def test_the_kiosk_renders_a_third_language_with_indonesian_for_missing_texts(
    javanese: Path, make_kiosk: KioskFactory, qtbot: object
) -> None:
    window = make_kiosk()
    assert list(window.navbar.lang_buttons) == ["id", "en", "jv"]
    assert window.navbar.lang_buttons["jv"].text() == "Basa Jawa"
    window.navbar.lang_buttons["jv"].click()
    assert window.translator.lang == "jv"
    shown = [text for _widget, text in visible_texts(window)]
    assert any("Njupuk Antrean" in text for text in shown)  # translated
    assert any("Cek Progres Permohonan" in text for text in shown)  # missing: Indonesian
    window.navbar.lang_buttons["en"].click()
    shown = [text for _widget, text in visible_texts(window)]
    assert any("Check Application Progress" in text for text in shown)
