"""The kiosk's home screen says when the MPP is closed and when it opens again; the demo site
shows a DEMO badge and is never closed. Screenshots of the notice in build/screenshots/kiosk/."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import update

from kiosk.db.models import Site
from kiosk.services.context import AppContext
from kiosk.ui.kiosk.window import KioskWindow
from tests.ui.conftest import LANDSCAPE, KioskFactory, visible_texts

WIB = ZoneInfo("Asia/Jakarta")
SUNDAY_NIGHT = datetime(2026, 3, 8, 23, 0, tzinfo=WIB)


def shown(window: KioskWindow) -> list[str]:
    return [text for _widget, text in visible_texts(window)]


def wait_notice(qtbot: object, window: KioskWindow, visible: bool) -> None:
    qtbot.waitUntil(  # type: ignore[attr-defined]
        lambda: window.home.closed_notice.isVisible() is visible, timeout=5000
    )


def test_closed_mpp_says_when_it_opens_again(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext, screenshot_dir: Path
) -> None:
    ctx.clock.set(SUNDAY_NIGHT)  # type: ignore[attr-defined]
    window = make_kiosk()
    wait_notice(qtbot, window, True)
    assert "MPP sedang tutup. Buka kembali Senin, 08.00." in shown(window)
    assert not window.header.demo_badge.isVisible()
    out = screenshot_dir / "kiosk"
    out.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(out / "home-closed-portrait-id.png"))
    window.set_language("en")
    assert "The MPP is closed. It opens again Monday at 08:00." in shown(window)
    window.resize(*LANDSCAPE)
    qtbot.wait(50)  # type: ignore[attr-defined]
    assert window.grab().save(str(out / "home-closed-landscape-en.png"))


def test_the_notice_goes_when_the_mpp_opens(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    ctx.clock.set(datetime(2026, 3, 9, 7, 30, tzinfo=WIB))  # type: ignore[attr-defined]
    window = make_kiosk()
    wait_notice(qtbot, window, True)
    assert "MPP sedang tutup. Buka kembali hari ini, 08.00." in shown(window)
    ctx.clock.set(datetime(2026, 3, 9, 8, 0, tzinfo=WIB))  # type: ignore[attr-defined]
    window.go_home(reset=True)  # each new citizen gets fresh facts
    wait_notice(qtbot, window, False)


def test_after_a_long_holiday_the_date_is_given(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    ctx.clock.set(datetime(2026, 3, 18, 10, 0, tzinfo=WIB))  # type: ignore[attr-defined]
    window = make_kiosk()
    wait_notice(qtbot, window, True)
    assert "MPP sedang tutup. Buka kembali Rabu, 25 Maret 2026, 08.00." in shown(window)


def test_the_demo_site_is_labelled_and_never_closed(
    make_kiosk: KioskFactory, qtbot: object, ctx: AppContext
) -> None:
    with ctx.db.transaction() as session:
        session.execute(update(Site).values(demo=True))
    ctx.clock.set(SUNDAY_NIGHT)  # type: ignore[attr-defined]
    window = make_kiosk()
    qtbot.waitUntil(window.header.demo_badge.isVisible, timeout=5000)  # type: ignore[attr-defined]
    assert "DEMO" in shown(window)
    assert not window.home.closed_notice.isVisible()
