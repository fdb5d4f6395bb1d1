"""Public accountability without names (issue 9 item 7): the lobby display's ticker opens with
this month's complaints (received, answered within the deadline) and the latest IKM and mutu,
as counts only; a site can switch it off."""

from __future__ import annotations

from dataclasses import replace

from kiosk.services import complaints, survey
from kiosk.services.context import AppContext
from kiosk.services.reports import month_complaints
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    DisplayFactory,
    make_display_fixture,
)

ANSWERS = {f"U{i}": 3 for i in range(1, 10)}


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
