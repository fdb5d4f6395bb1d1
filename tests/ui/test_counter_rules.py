"""Field-trial findings at the counter window: a due date past the confirmed holiday calendar is
flagged, a conditional requirement can be marked "Tidak berlaku", and a NIK with 29 February in
a common year is refused in the officer's language."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from kiosk.core.clock import FixedClock
from kiosk.db.models import Application
from kiosk.services.context import AppContext
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    NAME,
    CounterFactory,
    at_counter,
    click,
    fill_registration,
    make_counter_fixture,
)

WIB = ZoneInfo("Asia/Jakarta")


def test_registration_warns_when_the_due_date_is_past_the_confirmed_calendar(
    ctx: AppContext, clock: FixedClock, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.register_panel
    fill_registration(qtbot, window, "REKLAME_TITIK")
    click(qtbot, panel.submit)
    qtbot.waitUntil(lambda: panel.result is not None)  # type: ignore[attr-defined]
    assert not panel.result_due_warning.isVisible(), "March 2026 is in the confirmed calendar"

    clock.set(datetime(2026, 12, 14, 9, 0, tzinfo=WIB))
    click(qtbot, panel.new)
    fill_registration(qtbot, window, "TOKO_MODERN")
    click(qtbot, panel.submit)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: panel.result is not None and panel.result.service_code == "TOKO_MODERN"
    )
    # 14 working days skip 1 and 5 January 2027 (estimated): Thursday 7 January.
    assert "Kamis, 7 Januari 2027" in panel.result_due.text()
    assert panel.result_due_warning.isVisible()
    assert panel.result_due_warning.text().startswith(
        "Perhatian: tanggal ini melewati kalender libur yang sudah dikonfirmasi."
    )
    window.set_language("en")
    assert panel.result_due_warning.text().startswith(
        "Note: this date lies past the confirmed holiday calendar."
    )
    click(qtbot, panel.new)
    assert not panel.result_due_warning.isVisible()


def test_a_conditional_requirement_can_be_marked_not_applicable(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.register_panel
    fill_registration(qtbot, window, "TOKO_MODERN", tick_all=False)
    rows = panel.doc_boxes
    assert [row.not_applicable is not None for row in rows] == [
        False, True, False, False, False, False, False,
    ]  # fmt: skip
    deed = rows[1]
    assert deed.text().endswith("(bagi badan usaha)")
    assert deed.not_applicable is not None
    qtbot.waitUntil(deed.not_applicable.isVisible)  # type: ignore[attr-defined]
    assert deed.not_applicable.text() == "Tidak berlaku"
    for row in rows:
        if row is not deed:
            row.setChecked(True)
    click(qtbot, panel.submit)
    qtbot.waitUntil(panel.error.isVisible)  # type: ignore[attr-defined]
    assert panel.error.text() == (
        "Berkas belum lengkap, kurang: Fotokopi akta pendirian badan usaha dan pengesahannya "
        "(bagi badan usaha)."
    )
    # received and not applicable exclude each other
    deed.setChecked(True)
    click(qtbot, deed.not_applicable)
    assert deed.not_applicable.isChecked() and not deed.isChecked()
    click(qtbot, panel.submit)
    qtbot.waitUntil(lambda: panel.result is not None)  # type: ignore[attr-defined]
    result = panel.result
    assert result is not None
    assert result.not_applicable_id == (
        "Fotokopi akta pendirian badan usaha dan pengesahannya (bagi badan usaha)",
    )
    with ctx.db.snapshot() as session:
        row = session.get_one(Application, result.id)
        assert [d["applies_id"] for d in row.documents_not_applicable] == ["badan usaha"]
    window.set_language("en")
    click(qtbot, panel.new)
    fill_registration(qtbot, window, "TOKO_MODERN", tick_all=False)
    assert panel.doc_boxes[1].not_applicable is not None
    assert panel.doc_boxes[1].not_applicable.text() == "Not applicable"
    assert panel.doc_boxes[1].text().endswith("(for legal entities)")


def test_a_nik_with_29_february_in_a_common_year_is_refused_in_indonesian(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.register_panel
    fill_registration(qtbot, window, "REKLAME_TITIK")
    panel.nik.setText("3513012902010001")
    click(qtbot, panel.submit)
    qtbot.waitUntil(panel.error.isVisible)  # type: ignore[attr-defined]
    assert panel.error.text().startswith("Tanggal lahir pada NIK salah")
    panel.nik.setText("351301290201000")
    click(qtbot, panel.submit)
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: panel.error.text() == "NIK harus 16 angka; yang diisi 15 angka."
    )
    with ctx.db.snapshot() as session:
        assert session.scalars(select(Application)).first() is None
    assert panel.name.text() == NAME
