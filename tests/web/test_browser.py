"""The pages in a real browser: Debian's headless Chromium, driven by Selenium through Debian's
chromedriver (given by path, so selenium-manager never downloads anything).

The journey: the counter registers an application and moves it on (services), the receipt PDF
is rendered by the receipt code, its QR is decoded from the PDF page (pypdfium2 + zxing-cpp),
and the URL it holds is opened in Chromium, which must show the stage the counter just set.
Screenshots at 360x800 (a cheap Android phone) in both languages go to /tmp/shots/web/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
import zxingcpp

from kiosk.core.links import code_from_link
from kiosk.services import applications, queue
from kiosk.services.context import AppContext
from kiosk.services.tracking import resolve_scan
from kiosk.web.server import BackgroundServer, start_background
from tests.integration.test_applications import officer
from tests.web.conftest import PRIVATE, Filed, file_and_advance, with_web

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = Path("/tmp/shots/web")
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
    "--window-size=500,900",
)  # fmt: skip
SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        message = "needs Debian's chromium and chromium-driver (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(20)
    phone(driver)
    try:
        yield driver
    finally:
        driver.quit()


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
    return SHOTS


def qr_of_pdf(path: Path) -> str:
    page = pypdfium2.PdfDocument(str(path))[0]
    image = page.render(scale=4).to_pil()
    found = zxingcpp.read_barcodes(image)
    assert len(found) == 1, found
    return str(found[0].text)


def phone(driver: object, height: int = 800) -> None:
    """A phone's viewport, 360 CSS pixels wide (headless windows cannot be that narrow)."""
    metrics = {"width": 360, "height": height, "deviceScaleFactor": 1, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)  # type: ignore[attr-defined]


def wait_for(driver: object, css: str) -> None:
    """Until the page after a form post shows ``css`` (a click returns before it loads)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.wait import WebDriverWait

    located = expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css))
    WebDriverWait(driver, 10).until(located)  # type: ignore[arg-type]


def shoot(driver: object, name: str) -> Path:
    """The phone's screen (360x800) and, beside it, the whole page scrolled."""
    d: object = driver
    target = SHOTS / f"{name}.png"
    d.save_screenshot(str(target))  # type: ignore[attr-defined]
    height = d.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    if height > 800:
        phone(d, height)
        d.save_screenshot(str(SHOTS / f"{name}-full.png"))  # type: ignore[attr-defined]
        phone(d)
    return target


@SQLITE_ONLY
def test_the_receipts_qr_opens_the_stage_the_counter_just_set(
    web_ctx: AppContext, live: BackgroundServer, browser: object, shots: Path, tmp_path: Path
) -> None:
    from selenium.webdriver.common.by import By

    ctx = with_web(web_ctx, public_url=live.url)  # the counter's settings name the web
    filed: Filed = file_and_advance(ctx, note="Berkas lengkap, diteruskan ke verifikasi")
    pdf = applications.receipt_pdf(
        ctx, officer(ctx), filed.reg.tracking_code, tmp_path / "receipt.pdf"
    )
    url = qr_of_pdf(pdf)
    assert url == f"{live.url}/l/{filed.reg.tracking_code_display}"
    assert code_from_link(ctx.settings.web.public_url, url) == filed.reg.tracking_code
    assert resolve_scan(ctx, url).kind == "application"  # the kiosk's scanner takes it too

    d: object = browser
    d.get(url)  # type: ignore[attr-defined]
    body = d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    current = d.find_element(By.CSS_SELECTOR, ".chain li.current .name").text  # type: ignore[attr-defined]
    assert current.startswith(filed.stage_name_id)
    assert "Tahap saat ini: " + filed.stage_name_id in body
    assert "SITI A*** R***" in body
    for private in PRIVATE:
        assert private not in d.page_source  # type: ignore[attr-defined]
    assert d.execute_script("return document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]
    size = d.execute_script(  # type: ignore[attr-defined]
        "return parseFloat(getComputedStyle(document.querySelector('.chain .name')).fontSize)"
    )
    assert size >= 16  # readable on a phone without zooming
    shoot(d, "progress-id")

    english = d.find_element(By.LINK_TEXT, "English")  # type: ignore[attr-defined]
    english.click()
    body = d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    assert "Current stage: " + filed.stage_name_en in body
    shoot(d, "progress-en")

    # The counter moves the file on: a reload shows the new stage.
    shown = resolve_scan(ctx, url).application
    assert shown is not None
    following = next(s.code for s in shown.stages if s.state == "pending")
    view = applications.advance(ctx, officer(ctx), filed.reg.tracking_code, following)
    d.refresh()  # type: ignore[attr-defined]
    assert view.current_stage_name_en in d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]


@SQLITE_ONLY
def test_the_other_pages_on_a_phone_in_both_languages(
    web_ctx: AppContext, live: BackgroundServer, browser: object, shots: Path
) -> None:
    from selenium.webdriver.common.by import By

    d: object = browser
    ticket = queue.issue_ticket(web_ctx, "KTP_EL")
    filed = file_and_advance(web_ctx)
    applications.return_to_applicant(
        web_ctx, officer(web_ctx), filed.reg.tracking_code, "Lampirkan foto lokasi reklame"
    )
    for lang in ("id", "en"):
        d.get(f"{live.url}/?lang={lang}")  # type: ignore[attr-defined]
        shoot(d, f"home-{lang}")
        d.get(f"{live.url}/l/{filed.reg.tracking_code}")  # type: ignore[attr-defined]
        shoot(d, f"progress-stopped-{lang}")
        d.get(f"{live.url}/t/{ticket.code}")  # type: ignore[attr-defined]
        assert ticket.number in d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
        shoot(d, f"ticket-{lang}")
        d.get(f"{live.url}/l/A-0000-0000-0000-0")  # type: ignore[attr-defined]
        shoot(d, f"not-found-{lang}")
        # /cek without JavaScript: type, send, see the file (or the one failure message)
        d.get(f"{live.url}/cek")  # type: ignore[attr-defined]
        d.find_element(By.ID, "nomor").send_keys(filed.reg.registration_number)  # type: ignore[attr-defined]
        d.find_element(By.ID, "digit").send_keys("0000")  # type: ignore[attr-defined]
        d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # type: ignore[attr-defined]
        wait_for(d, ".error")
        shoot(d, f"cek-failed-{lang}")
        d.find_element(By.ID, "nomor").clear()  # type: ignore[attr-defined]
        d.find_element(By.ID, "nomor").send_keys(filed.reg.registration_number)  # type: ignore[attr-defined]
        d.find_element(By.ID, "digit").send_keys("2741")  # type: ignore[attr-defined]
        d.find_element(By.CSS_SELECTOR, "button[type=submit]").click()  # type: ignore[attr-defined]
        wait_for(d, ".chain")
        assert filed.reg.registration_number in d.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    assert sorted(p.name for p in SHOTS.glob("*-en.png"))
