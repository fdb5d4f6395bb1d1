"""The admin window's other pages, driven as a supervisor would: staff (create an officer who
then signs in, disable them), holidays (load a year from the Indonesian calendar, import the
official CSV, add a day), the charter (the site's own text, read by the kiosk's charter), the
printers (a test page through the print queue to the preview printer). And screenshots of
every screen, in both languages, written to build/screenshots/admin/."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kiosk.errors import Forbidden
from kiosk.printing.transports.preview import preview_pngs
from kiosk.services import charter, staff
from kiosk.services.admin import calendar
from kiosk.services.context import AppContext
from tests.ui.test_admin_window import (  # noqa: F401 (fixture)
    AdminFactory,
    click,
    fill,
    make_admin_fixture,
    open_tab,
    save,
    signed_in,
)

SIZE = (1280, 800)


def test_staff_an_officer_is_created_signs_in_and_is_disabled(
    ctx: AppContext, make_admin: AdminFactory, qtbot: Any
) -> None:
    window = make_admin()
    signed_in(qtbot, window, "admin")
    page = open_tab(qtbot, window, "tab_staff")
    click(qtbot, page.new_button)
    fill(qtbot, page, {"username": "budi.s", "full_name": "Budi Santoso", "role": "officer",
                       "agency": "DINKES", "password": "rahasia123"})  # fmt: skip
    save(qtbot, page)
    assert not page.error.isVisible(), page.error.text()
    assert staff.authenticate(ctx, "budi.s", "rahasia123").agency_code == "DINKES"
    fill(qtbot, page, {"active": False})
    save(qtbot, page)
    with pytest.raises(Forbidden):
        staff.authenticate(ctx, "budi.s", "rahasia123")
    statuses = {page.table.item(r, 0).text(): page.table.item(r, 4).text()
                for r in range(page.table.rowCount())}  # fmt: skip
    assert statuses["budi.s"] == "Nonaktif"


def test_holidays_load_the_year_import_and_add_a_day(
    ctx: AppContext, make_admin: AdminFactory, qtbot: Any, tmp_path: Path
) -> None:
    window = make_admin()
    signed_in(qtbot, window, "admin")
    page = open_tab(qtbot, window, "tab_holidays")
    page.year.setValue(2027)
    qtbot.waitUntil(lambda: not page.loading)
    assert page.table.rowCount() == 0, "2027 has no rows in the sample calendar"
    click(qtbot, page.estimate_button)
    qtbot.waitUntil(lambda: page.table.rowCount() > 10 and not page.loading, timeout=10000)
    assert "2027" in page.notice.text()
    kinds = {page.table.item(r, 3).text() for r in range(page.table.rowCount())}
    assert kinds == {"Perkiraan"}

    csv = tmp_path / "skb-2027.csv"
    csv.write_text("date,kind,name\n2027-01-01,libur,Tahun Baru 2027 Masehi\n", encoding="utf-8")
    page.import_file(str(csv))
    qtbot.waitUntil(lambda: "Impor selesai" in page.notice.text())
    qtbot.waitUntil(lambda: not page.loading and page.table.rowCount() == 1)

    click(qtbot, page.new_button)
    fill(qtbot, page, {"day": "2027-08-18", "kind": "cuti_bersama", "name": "Cuti bersama HUT RI"})
    save(qtbot, page)
    assert not page.error.isVisible(), page.error.text()
    days = {r.day: r for r in calendar.list_year(ctx, window.officer, 2027)}  # type: ignore[arg-type]
    assert (
        days[date(2027, 8, 18)].kind == "cuti_bersama" and not days[date(2027, 8, 18)].provisional
    )


def test_the_charter_becomes_the_sites_own_text(make_admin: AdminFactory, qtbot: Any) -> None:
    window = make_admin()
    signed_in(qtbot, window, "admin")
    page = window.show_page("tab_charter")
    qtbot.waitUntil(lambda: bool(page.editor.toPlainText()))
    assert page.source.text() == page.tr_.t("charter_sample")
    text = "## Maklumat Pelayanan\n\nKami siap melayani dengan jujur dan tepat waktu.\n"
    page.editor.setPlainText(text)
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.source.text() == page.tr_.t("charter_own"))
    assert charter.charter_file("id") == charter.override_dir() / "charter.id.md"
    assert "tepat waktu" in charter.charter_file("id").read_text(encoding="utf-8")
    page.editor.setPlainText("")
    click(qtbot, page.save_button)
    qtbot.waitUntil(lambda: page.error.isVisible())
    assert page.error.text() == "Teks maklumat kosong; tulis paling sedikit satu bagian."


def test_a_test_page_goes_through_the_print_queue(
    ctx: AppContext, make_admin: AdminFactory, qtbot: Any
) -> None:
    window = make_admin()
    signed_in(qtbot, window, "admin")
    page = window.show_page("tab_printers")
    qtbot.waitUntil(lambda: page.table.rowCount() >= 1)
    assert page.table.item(0, 0).text() == ctx.settings.printer_uri("kiosk")
    click(qtbot, page.test_button)
    qtbot.waitUntil(lambda: "tercetak" in page.result.text(), timeout=10000)
    printed = preview_pngs(ctx.settings.preview_dir)
    assert printed, list(ctx.settings.preview_dir.glob("*"))


def _show_each_page(qtbot: Any, window: Any, folder: Path, prefix: str) -> list[Path]:
    """Every tab, read and with its first entry in the form, as a PNG."""
    written = []
    for n, page in enumerate(list(window.pages), start=1):
        widget = window.show_page(page.title)
        qtbot.waitUntil(lambda w=widget: getattr(w, "data", True) is not None
                        and not getattr(w, "loading", False))  # fmt: skip
        table = getattr(widget, "table", None)
        if table is not None and table.rowCount():
            table.selectRow(0)  # the form filled, as a supervisor sees it while editing
        qtbot.wait(80)
        path = folder / f"{prefix}-{n:02d}-{page.title.removeprefix('tab_')}.png"
        assert window.grab().save(str(path))
        written.append(path)
    return written


@pytest.mark.parametrize("lang", ["id", "en"])
def test_screenshots_of_every_admin_screen(
    make_admin: AdminFactory, qtbot: Any, screenshot_dir: Path, lang: str
) -> None:
    folder = screenshot_dir / "admin"
    folder.mkdir(parents=True, exist_ok=True)
    window = make_admin(lang=lang)
    window.resize(*SIZE)
    window.grab().save(str(folder / f"{SIZE[0]}x{SIZE[1]}-{lang}-00-signin.png"))
    signed_in(qtbot, window, "admin")
    written = _show_each_page(qtbot, window, folder, f"{SIZE[0]}x{SIZE[1]}-{lang}")
    # A refused save, as the officer reads it.
    services = open_tab(qtbot, window, "tab_services")
    click(qtbot, services.new_button)
    fill(qtbot, services, {"code": "BARU", "queue_prefix": "A", "agency": "DPMPTSP",
                           "name_id": "Baru", "name_en": "New"})  # fmt: skip
    save(qtbot, services)
    window.grab().save(str(folder / f"{SIZE[0]}x{SIZE[1]}-{lang}-99-refused.png"))
    assert len(written) == 8 and all(p.stat().st_size > 10_000 for p in written)  # 8: devices


def test_the_devices_tab_lists_a_kiosk_whose_printer_is_out_of_paper(
    ctx: AppContext, make_admin: AdminFactory, qtbot: Any
) -> None:
    from kiosk.printing.transports.base import PrinterStatus
    from kiosk.services import devices

    devices.heartbeat(ctx, "kiosk", "anjungan-1", printer="tcp://10.0.0.51:9100",
                      status=PrinterStatus("paper_out"))  # fmt: skip
    window = make_admin()
    signed_in(qtbot, window, "admin")
    panel = window.show_page("tab_devices")
    qtbot.waitUntil(lambda: panel.table.rowCount() >= 1)
    rows = [" ".join(panel.row_texts(r)) for r in range(panel.table.rowCount())]
    assert any("anjungan-1" in row and "kertas habis" in row.lower() for row in rows), rows
    window.set_language("en")
    qtbot.waitUntil(lambda: any("paper out" in " ".join(panel.row_texts(r)).lower()
                                for r in range(panel.table.rowCount())))  # fmt: skip
