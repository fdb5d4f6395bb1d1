"""Receipt and ticket QR links, and which scanned links are ours (kiosk.core.links)."""

from __future__ import annotations

import pytest

from kiosk.core.codes import format_code, new_tracking_code
from kiosk.core.links import (
    code_from_link,
    normalize_base,
    poster_link,
    public_link,
    token_from_link,
)

BASE = "https://mpp.probolinggokab.go.id"
APP = new_tracking_code("A")
TICKET = new_tracking_code("T")
COMPLAINT = new_tracking_code("C")


def test_links_name_the_kinds_page_and_fall_back_to_the_bare_code() -> None:
    assert public_link(BASE, "application", APP) == f"{BASE}/l/{format_code(APP)}"
    assert public_link(BASE + "/", "ticket", TICKET) == f"{BASE}/t/{format_code(TICKET)}"
    assert public_link("", "application", APP) == format_code(APP)
    assert public_link("HTTPS://MPP.Example.go.id:443/portal/", "ticket", TICKET) == (
        f"https://mpp.example.go.id/portal/t/{format_code(TICKET)}"
    )


@pytest.mark.parametrize(
    "raw",
    [
        f"{BASE}/l/{format_code(APP)}",
        f"{BASE}/l/{APP.lower()}/",
        f"http://mpp.probolinggokab.go.id/l/{APP}",  # the proxy's http side
        f"HTTPS://MPP.PROBOLINGGOKAB.GO.ID/l/{APP}",
        f"{BASE}:443/l/{APP}",
    ],
)
def test_our_links_give_their_code(raw: str) -> None:
    assert code_from_link(BASE, raw) == APP


@pytest.mark.parametrize(
    "raw",
    [
        f"https://evil.example/l/{APP}",
        f"https://mpp.probolinggokab.go.id.evil.example/l/{APP}",
        f"https://evil.example@mpp.probolinggokab.go.id/l/{APP}",
        f"https://mpp.probolinggokab.go.id@evil.example/l/{APP}",
        f"{BASE}:8443/l/{APP}",
        f"{BASE}/t/{APP}",  # an application code on the ticket path
        f"{BASE}/x/{APP}",
        f"{BASE}/l/{APP}?next=https://evil.example",
        f"{BASE}/l/{APP}#x",
        f"{BASE}/l/{APP}/extra",
        f"{BASE}/lacak/{APP}",
        f"{BASE}/l/{APP[:-1]}{'0' if APP[-1] != '0' else '1'}",  # check symbol wrong
        f"ftp://mpp.probolinggokab.go.id/l/{APP}",
        f"javascript:alert(1)//{APP}",
        f"{BASE}/l/{APP}" + "x" * 300,
        f"{BASE}/l/ {APP}",
    ],
)
def test_every_other_link_is_not_ours(raw: str) -> None:
    assert code_from_link(BASE, raw) is None


def test_without_a_public_url_no_link_is_ours() -> None:
    assert code_from_link("", f"{BASE}/l/{APP}") is None


@pytest.mark.parametrize(
    "url", ["mpp.example.go.id", "ftp://x", "https://", "https://a/b?c=1", "https://u@a", "x y"]
)
def test_bad_public_urls_are_refused(url: str) -> None:
    assert normalize_base(url) is None


def test_complaint_receipts_link_to_their_status_page() -> None:
    link = public_link(BASE, "complaint", COMPLAINT)
    assert link == f"{BASE}/c/{format_code(COMPLAINT)}"
    assert code_from_link(BASE, link) == COMPLAINT
    assert code_from_link(BASE, f"{BASE}/c/{APP}") is None  # an application code on /c/


def test_poster_links_carry_the_counter_token() -> None:
    assert poster_link(BASE, "ADU-PRB-7") == f"{BASE}/pengaduan/ADU-PRB-7"
    assert poster_link("", "ADU-PRB-7") == "ADU-PRB-7"
    assert token_from_link(BASE, f"{BASE}/pengaduan/ADU-PRB-7") == "ADU-PRB-7"
    assert token_from_link(BASE, f"{BASE}/pengaduan/adu-prb-7/") == "ADU-PRB-7"
    for other in (
        "https://evil.example/pengaduan/ADU-PRB-7",
        f"{BASE}/pengaduan/ADU-PRB-7?x=1",
        f"{BASE}/pengaduan/ADU-PRB-0",
        f"{BASE}/pengaduan/{TICKET}",
        f"{BASE}/l/ADU-PRB-7",
        f"{BASE}/pengaduan/ADU-PRB-7/extra",
        "",
    ):
        assert token_from_link(BASE, other) is None, other
    assert token_from_link("", f"{BASE}/pengaduan/ADU-PRB-7") is None
