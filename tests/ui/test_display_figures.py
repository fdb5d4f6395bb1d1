"""Public accountability without names (issue 9 item 7): the lobby display's ticker opens with
this month's complaints (received, answered within the deadline) and the latest IKM and mutu,
and so does the kiosk above the charter,
as counts only; a site can switch it off."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt

from kiosk.services import complaints, survey
from kiosk.services.context import AppContext
from kiosk.services.reports import month_complaints
from tests.ui.conftest import KioskFactory
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    DisplayFactory,
    make_display_fixture,
)

ANSWERS = {f"U{i}": 3 for i in range(1, 10)}
SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots" / "kiosk"


def _ticker(window: object) -> str:
    return "".join(text for text, _role in window.ticker.segments())  # type: ignore[attr-defined]


def test_the_ticker_leads_with_this_months_figures(
    ctx: AppContext, make_display: DisplayFactory, qtbot: object
) -> None:
    complaints.file_complaint(
        ctx, category="facilities", text="Toilet lantai 2 kotor sejak pagi.", counter_number=5,
        contact="0812 3456 7890", device="test", source="kiosk",
    )  # fmt: skip
    for _ in range(2):
        survey.submit_response(ctx, answers=ANSWERS, service_code="REKLAME", source="paper")
    counts = month_complaints(ctx)
    assert (counts.received, counts.answered, counts.answered_on_time) == (1, 0, 0)

    window = make_display()
    qtbot.waitUntil(lambda: "pengaduan diterima" in _ticker(window))  # type: ignore[attr-defined]
    text = _ticker(window)
    assert "1 pengaduan diterima, 0 dijawab dalam batas waktu" in text
    assert "Indeks Kepuasan Masyarakat" in text and "75,00" in text and "mutu C" in text
    assert "1 complaints received" in text  # the subtitle language
    # Counts only: the complaint's words and its contact never reach the hall.
    assert "Toilet" not in text and "0812" not in text


def test_a_site_can_leave_the_figures_out(
    ctx: AppContext, make_display: DisplayFactory, qtbot: object
) -> None:
    ctx.settings = replace(
        ctx.settings, display=replace(ctx.settings.display, public_figures=False)
    )
    window = make_display()
    qtbot.wait(300)  # type: ignore[attr-defined]
    assert "pengaduan diterima" not in _ticker(window)
    assert _ticker(window)  # the charter still runs


def test_the_kiosks_charter_shows_the_months_figures(
    ctx: AppContext, make_kiosk: KioskFactory, qtbot: object
) -> None:
    complaints.file_complaint(
        ctx, category="pungli", text="Diminta uang Rp50.000.", counter_number=5,
        device="test", source="kiosk",
    )  # fmt: skip
    for _ in range(2):
        survey.submit_response(ctx, answers=ANSWERS, service_code="REKLAME", source="paper")
    window = make_kiosk()
    qtbot.mouseClick(window.home.charter_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: window.charter.figures.isVisible())  # type: ignore[attr-defined]
    band = window.charter.figures.text()
    assert "Pengaduan Maret 2026: 1 diterima, 0 dijawab dalam batas waktu." in band
    assert "Indeks Kepuasan Masyarakat Maret 2026: 75,00 (mutu C" in band
    assert "Rp50.000" not in band
    SHOTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(SHOTS / "portrait-id-charter-figures.png"))
    qtbot.mouseClick(window.lang_buttons["en"], Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    assert "Complaints in March 2026: 1 received" in window.charter.figures.text()
    window.grab().save(str(SHOTS / "portrait-en-charter-figures.png"))
