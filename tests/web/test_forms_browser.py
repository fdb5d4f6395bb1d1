"""The survey and the complaint form in a real browser (Debian's headless Chromium through
Selenium, as tests/web/test_browser.py sets it up) at 360x800, in both languages, by tapping
the cards a citizen would tap. Screenshots go to /tmp/shots/webforms/ and
build/screenshots/web/ (the whole page beside the first screen)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services import complaints
from kiosk.services.context import AppContext
from kiosk.web.server import BackgroundServer, start_background
from tests.conftest import SCREENSHOTS
from tests.integration.test_applications import officer
from tests.integration.test_survey import served_ticket
from tests.web.test_browser import SQLITE_ONLY, browser, phone, wait_for
from tests.web.test_survey_web import responses

SHOTS = Path("/tmp/shots/webforms")
BUILD = SCREENSHOTS / "web"
__all__ = ["browser"]  # the module-scoped Chromium fixture, shared with test_browser


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


def shoot(driver: object, name: str) -> None:
    """The phone's first screen and the whole page, into both folders."""
    d: object = driver
    d.save_screenshot(str(SHOTS / f"{name}.png"))  # type: ignore[attr-defined]
    height = d.execute_script("return document.documentElement.scrollHeight")  # type: ignore[attr-defined]
    if height > 800:
        phone(d, height)
        d.save_screenshot(str(SHOTS / f"{name}-full.png"))  # type: ignore[attr-defined]
        phone(d)
    for made in SHOTS.glob(f"{name}*.png"):
        shutil.copyfile(made, BUILD / made.name)


def element(driver: object, css: str) -> object:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, css)  # type: ignore[attr-defined]


def _wait_for_next_page(driver: object, page: object) -> None:
    """A form's POST answers with a new page: wait until the old one is gone, so the next read
    is of the answer (reading at once found the old page, which then went stale)."""
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(expected_conditions.staleness_of(page))


def tap(driver: object, css: str) -> None:
    """Scroll the card into view and tap it, as a thumb would."""
    found = element(driver, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", found)  # type: ignore[attr-defined]
    page = element(driver, "html")
    found.click()  # type: ignore[attr-defined]
    if "submit" in css or css.startswith("a[") or " a[" in css:  # it navigates
        _wait_for_next_page(driver, page)


def body_text(driver: object) -> str:
    return str(element(driver, "body").text)  # type: ignore[attr-defined]


def box(driver: object, css: str) -> dict[str, float]:
    found = element(driver, css)
    rect: dict[str, float] = driver.execute_script(  # type: ignore[attr-defined]
        "const r = arguments[0].getBoundingClientRect(); return {w: r.width, h: r.height};", found
    )
    return rect


WORDS = {
    "id": (
        "Survei Kepuasan Masyarakat",
        "Terima kasih",
        "Pengaduan diterima",
        "Diterima, menunggu",
    ),
    "en": ("Public Satisfaction Survey", "Thank you", "Complaint received", "Received, awaiting"),
}


@SQLITE_ONLY
@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_survey_and_a_complaint_by_tapping_on_a_phone(
    web_ctx: AppContext, live: BackgroundServer, browser: object, shots: Path, lang: str
) -> None:
    from selenium.webdriver.support.select import Select

    d: object = browser
    survey_title, thanks, received, status = WORDS[lang]
    code = served_ticket(web_ctx, officer(web_ctx))
    d.get(f"{live.url}/skm?lang={lang}")  # type: ignore[attr-defined]
    shoot(d, f"skm-choose-{lang}")
    element(d, "#cari").send_keys("ktp")  # type: ignore[attr-defined]
    tap(d, "form.search button[type=submit]")
    wait_for(d, ".picks a[href='/skm?layanan=KTP_EL']")
    shoot(d, f"skm-search-{lang}")
    tap(d, ".picks a[href='/skm?layanan=KTP_EL']")
    wait_for(d, "form.survey")
    assert "KTP" in str(element(d, ".service-name").text)  # type: ignore[attr-defined]
    d.get(f"{live.url}/skm/{code}?lang={lang}")  # type: ignore[attr-defined]
    assert survey_title in body_text(d)
    assert d.execute_script("return document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]
    card = box(d, "label[for=U1-4]")
    assert card["w"] >= 140 and card["h"] >= 80  # a thumb's target, not a tiny radio dot
    size = d.execute_script(  # type: ignore[attr-defined]
        "return parseFloat(getComputedStyle(document.querySelector('.answer .words')).fontSize)"
    )
    assert size >= 16
    shoot(d, f"skm-form-{lang}")
    picks = [4, 3, 4, 4, 3, 4, 4, 2, 3]
    for number, value in enumerate(picks, start=1):
        tap(d, f"label[for=U{number}-{value}]")
    assert element(d, "#U8-2").is_selected()  # type: ignore[attr-defined]
    Select(element(d, "#p-gender")).select_by_value("P")
    Select(element(d, "#p-age")).select_by_value("30_39")
    element(d, "#saran").send_keys("Antrean rapi, petugas ramah 👍")  # type: ignore[attr-defined]
    tap(d, "label[for=U5-3]")
    shoot(d, f"skm-filled-{lang}")
    tap(d, "form.survey button[type=submit]")
    wait_for(d, "main h1")
    assert thanks in body_text(d)
    shoot(d, f"skm-thanks-{lang}")
    [row] = [r for r in responses(web_ctx) if r.ticket_id is not None and r.answers["U8"] == 2][-1:]
    assert row.source == "web" and row.answers == {f"U{i}": v for i, v in enumerate(picks, 1)}
    assert row.profile["gender"] == "P" and row.suggestion == "Antrean rapi, petugas ramah 👍"

    d.get(f"{live.url}/skm/{code}")  # type: ignore[attr-defined]
    assert element(d, "main h1").text in ("Survei sudah diisi", "Survey already answered")  # type: ignore[attr-defined]
    shoot(d, f"skm-answered-{lang}")

    d.get(f"{live.url}/pengaduan/{code}")  # type: ignore[attr-defined]
    choice = box(d, "label[for=k-pungli]")
    assert choice["h"] >= 48 and choice["w"] >= 280  # the card's full width
    shoot(d, f"pengaduan-form-{lang}")
    tap(d, "label[for=k-pungli]")
    element(d, "#uraian").send_keys("Diminta uang Rp50.000 agar berkas cepat.")  # type: ignore[attr-defined]
    shoot(d, f"pengaduan-filled-{lang}")
    tap(d, "form.complaint button[type=submit]")
    wait_for(d, ".value.code")
    shown = str(element(d, ".value.code").text)  # type: ignore[attr-defined]
    assert received in body_text(d) and shown.startswith("C-")
    shoot(d, f"pengaduan-received-{lang}")
    tap(d, f"a[href='/c/{shown}']")
    wait_for(d, ".status .value")
    assert status in body_text(d)
    shoot(d, f"pengaduan-status-{lang}")

    rows = complaints.list_complaints(web_ctx, officer(web_ctx, "supervisor"))
    mine = [r for r in rows if r.code_display == shown]
    assert len(mine) == 1 and mine[0].source == "web" and mine[0].category == "pungli"
    assert mine[0].officer_username == "petugas" and not mine[0].has_contact
