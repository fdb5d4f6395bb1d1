"""Booking a visit in a real browser (Debian's headless Chromium through Selenium, as
tests/web/test_browser.py sets it up) at 360x800, in both languages, by tapping: service ->
day -> time slot -> the booking with its QR. The QR is decoded from the phone's screenshot
(zxing-cpp) and used as a kiosk would (kiosk.services.booking.redeem_booking: a real ticket),
and the booking is cancelled by its page's button. Screenshots go to /tmp/shots/booking/ and
build/screenshots/web/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.core.clock import FixedClock
from kiosk.core.links import code_from_link
from kiosk.services import booking
from kiosk.services.context import AppContext
from kiosk.web.server import BackgroundServer, start_background
from tests.conftest import SCREENSHOTS, WIB
from tests.web.conftest import PUBLIC_URL
from tests.web.test_browser import SQLITE_ONLY, browser, phone, wait_for

SHOTS = Path("/tmp/shots/booking")
BUILD = SCREENSHOTS / "web"
__all__ = ["browser"]

WORDS = {
    "id": ("Pesan Kunjungan", "tempat tersisa", "Terpesan", "Dibatalkan", "Selasa, 3 Maret 2026"),
    "en": ("Book a Visit", "places left", "Booked", "Cancelled", "Tuesday, 3 March 2026"),
}


@pytest.fixture
def live(web_ctx: AppContext) -> Iterator[BackgroundServer]:
    server = start_background(web_ctx)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def shots() -> Path:
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    BUILD.mkdir(parents=True, exist_ok=True)
    return SHOTS


def shoot(driver: object, name: str) -> Path:
    d: object = driver
    path = SHOTS / f"{name}.png"
    d.save_screenshot(str(path))  # type: ignore[attr-defined]
    height = d.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    if height > 800:
        phone(d, height)
        d.save_screenshot(str(SHOTS / f"{name}-full.png"))  # type: ignore[attr-defined]
        phone(d)
    for made in SHOTS.glob(f"{name}*.png"):
        shutil.copyfile(made, BUILD / made.name)
    return path


def _wait_for_next_page(driver: object, page: object) -> None:
    """A form's POST answers with a new page: wait until the old one is gone, so the next read
    is of the answer (reading at once found the old page, which then went stale)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(expected_conditions.staleness_of(page))


def tap(driver: object, css: str) -> None:
    from selenium.webdriver.common.by import By

    found = driver.find_element(By.CSS_SELECTOR, css)  # type: ignore[attr-defined]
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", found)  # type: ignore[attr-defined]
    page = driver.find_element(By.CSS_SELECTOR, "html")  # type: ignore[attr-defined]
    found.click()
    if "submit" in css or css.startswith("a[") or " a[" in css:  # it navigates
        _wait_for_next_page(driver, page)


def text_of(driver: object) -> str:
    from selenium.webdriver.common.by import By

    return str(driver.find_element(By.CSS_SELECTOR, "body").text)  # type: ignore[attr-defined]


@SQLITE_ONLY
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_visit_booked_by_tapping_on_a_phone(
    web_ctx: AppContext,
    live: BackgroundServer,
    browser: object,
    shots: Path,
    clock: FixedClock,
    lang: str,
) -> None:
    server, ctx = live, web_ctx
    d: object = browser
    title, left, booked, cancelled, tuesday = WORDS[lang]
    d.get(f"{server.url}/antrean?lang={lang}")  # type: ignore[attr-defined]
    assert title in text_of(d)
    shoot(d, f"antrean-services-{lang}")
    tap(d, "a[href='/antrean/KTP_EL']")
    wait_for(d, "ul.days")
    assert tuesday in text_of(d) and left in text_of(d)
    shoot(d, f"antrean-days-{lang}")
    tap(d, "a[href='/antrean/KTP_EL/2026-03-03']")
    wait_for(d, "form.booking")
    assert d.execute_script("return document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]
    shoot(d, f"antrean-slots-{lang}")
    tap(d, "label[for=s-1000]")
    tap(d, "form.booking button[type=submit]")
    wait_for(d, "svg.qr")
    assert booked in text_of(d) and "10" in text_of(d)
    page = shoot(d, f"antrean-booking-{lang}")

    # The QR on the phone's screen, decoded as a kiosk's scanner reads it.
    found = zxingcpp.read_barcodes(Image.open(page))
    assert len(found) == 1
    link = found[0].text
    assert link.startswith(f"{PUBLIC_URL}/b/B-")  # [web] public_url's host, as printed
    code = code_from_link(PUBLIC_URL, link)
    assert code is not None and code.startswith("B")
    assert booking.booking_status(ctx, code).status == "booked"

    # Cancel on the page; the QR disappears and the status says so.
    tap(d, "form.cancel button[type=submit]")
    wait_for(d, ".booking-state")
    assert cancelled in text_of(d)
    shoot(d, f"antrean-cancelled-{lang}")

    # Another booking, used at a kiosk at its time: a real ticket.
    made = booking.book_visit(ctx, "KTP_EL", "2026-03-03", "10:30")
    clock.set(datetime(2026, 3, 3, 10, 20, tzinfo=WIB))
    ticket = booking.redeem_booking(ctx, made.code, device="anjungan-1")
    assert ticket.number.startswith("A")
