"""The kiosk's service search, typed on the on-screen keyboard: the old name IMB finds PBG
(not the "lIMBah" services), a typo still finds the service, and the order is the CLI's."""

from __future__ import annotations

from kiosk.services import search
from kiosk.services.context import AppContext
from kiosk.ui.kiosk.window import KioskWindow
from tests.ui.conftest import KioskFactory
from tests.ui.test_kiosk_flows import click, wait_screen


def type_search(qtbot: object, window: KioskWindow, typed: str) -> list[str]:
    click(qtbot, window.home.ticket_button)
    wait_screen(qtbot, window, "agencies")
    click(qtbot, window.agencies.search_button)
    wait_screen(qtbot, window, "services")
    qtbot.waitUntil(lambda: window.services.rows[0].isVisible())  # type: ignore[attr-defined]
    for ch in typed.upper():
        key = window.services.keyboard.space_key if ch == " " else window.services.keyboard.keys[ch]
        click(qtbot, key)
    return [s.code for s in window.services.shown_services]


def test_imb_finds_pbg_first_and_no_limbah(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    window = make_kiosk()
    shown = type_search(qtbot, window, "IMB")
    assert shown == [s.code for s in search.search_services(ctx, "IMB")]
    assert shown[0] == "PBG"
    assert not {"TPS_B3", "KUMPUL_B3", "AIR_LIMBAH"} & set(shown)
    first = next(r for r in window.services.rows if r.isVisible())
    assert first.service_code == "PBG"


def test_a_typo_on_the_keyboard_still_finds_the_service(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    window = make_kiosk()
    assert type_search(qtbot, window, "AKTA KELAHIRN") == ["AKTA_LAHIR"]
