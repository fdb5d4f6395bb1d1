"""Complaints (pengaduan) and reprimands (teguran): filing at the kiosk, on the web or from a
paper form, the citizen's status view, the receipt, and the supervisor's register.

The API the kiosk and counter screens (and a web form) build on:

* ``file_complaint(ctx, *, category, text, contact=None, visit_code=None, counter_number=None,
  service_code=None, device, source, officer=None, printer_uri=None, lang="id")
  -> ComplaintReceipt``
* ``complaint_status(ctx, code) -> ComplaintPublicView`` (no names, no contact)
* ``complaint_target(ctx, visit_code=None, counter_number=None) -> ComplaintTarget`` (what a
  form about a visit or a counter says it is about, before filing)
* ``receipt_data / print_complaint_receipt / receipt_pdf`` (the "complaint" slip kind)
* the register (permission ``complaints.handle``): ``list_complaints(ctx, officer, filters)``,
  ``show_complaint``, ``assign``, ``classify``, ``respond``, ``close``,
  ``record_outcome_result``; ``reporter_contact`` (``complaints.contact``, audited);
  for the screens: ``assignable_staff(ctx, officer, code)``, ``register_counts(ctx, officer)``.

Rules: kiosk/core/complaints.py (categories, classes, statuses, outcomes, cleaning).
"""

from kiosk.services.complaints._common import Deadline, deadline, is_overdue
from kiosk.services.complaints.filing import (
    ComplaintPublicView,
    ComplaintReceipt,
    ComplaintTarget,
    complaint_status,
    complaint_target,
    file_complaint,
    public_view,
)
from kiosk.services.complaints.handlers import (
    Handler,
    RegisterCounts,
    assignable_staff,
    register_counts,
)
from kiosk.services.complaints.receipts import (
    print_complaint_receipt,
    receipt_data,
    receipt_pdf,
)
from kiosk.services.complaints.register import (
    ComplaintDetail,
    ComplaintFilters,
    ComplaintRow,
    StepView,
    assign,
    classify,
    close,
    list_complaints,
    record_outcome_result,
    reporter_contact,
    respond,
    show_complaint,
)

__all__ = [
    "ComplaintDetail",
    "ComplaintFilters",
    "ComplaintPublicView",
    "ComplaintReceipt",
    "ComplaintRow",
    "ComplaintTarget",
    "Deadline",
    "Handler",
    "RegisterCounts",
    "StepView",
    "assign",
    "assignable_staff",
    "classify",
    "close",
    "complaint_status",
    "complaint_target",
    "deadline",
    "file_complaint",
    "is_overdue",
    "list_complaints",
    "print_complaint_receipt",
    "public_view",
    "receipt_data",
    "receipt_pdf",
    "record_outcome_result",
    "register_counts",
    "reporter_contact",
    "respond",
    "show_complaint",
]
