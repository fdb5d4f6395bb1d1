"""The slip-kind registry: one entry per printout, the JSON codec, the job label."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from kiosk.printing.complaint_slip import ComplaintSlipData
from kiosk.printing.kinds import (
    SLIP_KINDS,
    PrintTarget,
    build_slip,
    decode_slip_data,
    encode_slip_data,
    job_label,
)
from kiosk.printing.layout import PAPER_58, Banner, Field, Text
from kiosk.printing.slips import ReceiptSlipData, TestSlipData, TicketSlipData

WIB = ZoneInfo("Asia/Jakarta")
TICKET = TicketSlipData(
    site_name="MPP",
    ticket_number="A007",
    service_name="KTP-el",
    agency_name="Dispendukcapil",
    issued_at=datetime(2026, 3, 2, 9, 0, tzinfo=WIB),
    ahead=2,
    est_wait_minutes=10,
    status_code="TQ-1",
    complaint_channel="lapor.go.id",
    counters=(1, 2, 3),
)
RECEIPT = ReceiptSlipData(
    site_name="MPP",
    registration_number="PRB-2026-000001",
    tracking_code="RK-1",
    service_name="Paspor",
    agency_name="Imigrasi",
    masked_name="BUDI S***",
    nik_last4="0042",
    documents=["KTP"],
    received_at=datetime(2026, 3, 2, 10, 0, tzinfo=WIB),
    sop_text="4 hari kerja",
    due_date=date(2026, 3, 6),
    fee_text="Rp 350.000",
    officer_name="Andi",
    how_to_track="Pindai QR.",
    complaint_channel="lapor.go.id",
)
COMPLAINT = ComplaintSlipData(
    site_name="MPP",
    code="C-8GKE-G6DH-P57G-T",
    category="calo",
    about="Loket 5",
    received_at=datetime(2026, 3, 2, 10, 0, tzinfo=WIB),
    due_date=date(2026, 3, 4),
    working_days=2,
    anonymous=False,
)


@pytest.mark.parametrize("data", [TICKET, RECEIPT, COMPLAINT, TestSlipData(lang="en")], ids=type)
def test_every_kind_round_trips_through_json(data: object) -> None:
    """What a job stores is what a reprint gets back, for every registered kind."""
    kind = next(k for k, entry in SLIP_KINDS.items() if isinstance(data, entry.data_class))
    payload = encode_slip_data(data)
    assert decode_slip_data(kind, payload) == data
    assert build_slip(kind, payload, PrintTarget(PAPER_58, "preview://x")).elements


def test_ticket_slip_and_label_from_the_payload() -> None:
    """The counters survive JSON as a tuple; the job is named by its number."""
    payload = encode_slip_data(TICKET)
    slip = build_slip("ticket", payload, PrintTarget(PAPER_58))
    assert Banner("A007") in slip.elements
    assert any(isinstance(e, Text) and e.text == "Loket 1, 2, dan 3" for e in slip.elements)
    assert job_label("ticket", payload) == "A007"
    assert job_label("receipt", encode_slip_data(RECEIPT)) == "PRB-2026-000001"
    assert job_label("test", {}) == ""


def test_test_page_describes_the_printer_that_takes_it() -> None:
    """A queued test page (also the older flat payload) is built for the printer printing it."""
    slip = build_slip("test", {"lang": "en"}, PrintTarget(PAPER_58, "tcp://10.0.0.5:9100"))
    fields = {e.label: e.value for e in slip.elements if isinstance(e, Field)}
    assert fields["Address"] == "tcp://10.0.0.5:9100"
    assert fields["Paper"].startswith("58mm")


@pytest.mark.parametrize(
    ("kind", "payload"),
    [("ticket", {"v": 1, "data": {"nonsense": 1}}), ("ticket", []), ("fax", {"v": 1, "data": {}})],
)
def test_unprintable_payloads_are_value_errors(kind: str, payload: object) -> None:
    """The print queue fails such a job at once instead of retrying it."""
    with pytest.raises(ValueError):
        build_slip(kind, payload, PrintTarget(PAPER_58))  # type: ignore[arg-type]
