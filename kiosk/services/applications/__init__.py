"""Permit applications: registration at the counter, progress through stages, the receipt.

The charter's promise (shared/domain/mpp-permits-tracking.md): every application carries a
certain completion date and its progress is visible to the applicant. Each use case below is one
transaction that changes the application row AND appends a hash-chained event (audit.py), so the
history the kiosk shows is the history that happened.

Rules decided here (printed on receipts and shown on the kiosk, so they must be one rule):

* Completeness. An application is registered only when its file is complete: every requirement
  of the service must be among the documents received (by default all of them are), or, for a
  conditional one ("bagi badan usaha"), marked not applicable (requirements.py has the rules).
  An incomplete file is refused with the list of what is missing, because the SOP clock starts
  at completeness ("berkas lengkap dan benar"); the applicant gets the checklist, not a promise.
  A document that is not a requirement of the service is refused by name (a typo, most often).
* Due date. Working-day SOPs: ``WorkCalendar.add_working_days`` from the completion time (the
  completion day is day 0 when it is a working day; weekends, libur nasional and cuti bersama of
  the site's calendar are skipped); the due moment is the END of that local day. Minute SOPs
  (same-day services): that many minutes of OPEN time of the service's hours from completion.
* Clock stops. The clock stops when the file is returned to the applicant (``return_to_applicant``)
  or enters a stage with ``applicant_action = true`` (e.g. pembayaran). It restarts when the
  applicant is back (``resume``, or advancing out of that stage, or a rejection while stopped).
  On restart the due date moves later by the working days the applicant held the file: the
  working days AFTER the stop day up to AND INCLUDING the restart day
  (``working_days_between(stop_day, restart_day)``). Stop and restart on the same day move
  nothing; stop Monday, restart Wednesday moves it two working days; a weekend or holiday in
  between moves nothing extra. Minute SOPs move by the open minutes between stop and restart.
* Lateness (tracking.py): counted at the moment that matters: now while in progress, the stop
  moment while the applicant holds the file, the moment it became ready (or was rejected).
* Stage chain. The service's stages are copied onto the application at registration (a later
  catalogue change does not rewrite promises). The chain always ends with a "ready" stage
  (``izin_terbit``/``siap_diambil``, added as "Siap diambil" when the service lacks one) and a
  hand-over stage (``diserahkan``, added when missing). Stages are taken one at a time:
  ``advance`` moves to the NEXT stage only, so no stage of the promised chain is skipped
  silently. Advancing into the ready stage marks the file ready; into the hand-over stage hands
  it over.
"""

from __future__ import annotations

from kiosk.services.applications._base import (
    HANDOVER_CODES,
    MAX_NAME,
    MAX_NOTE,
    READY_CODES,
    RegisteredApplication,
    _open_minutes_between,
    _stage_chain,
    find_application_id,
)
from kiosk.services.applications.receipts import (
    fee_text,
    print_receipt,
    receipt_data,
    receipt_pdf,
    sop_text,
)
from kiosk.services.applications.registration import register
from kiosk.services.applications.steps import (
    advance,
    hand_over,
    mark_ready,
    reject,
    resume,
    return_to_applicant,
    staff_view,
)
from kiosk.services.deadlines import due_for, service_hours

__all__ = [
    "HANDOVER_CODES",
    "MAX_NAME",
    "MAX_NOTE",
    "READY_CODES",
    "RegisteredApplication",
    "_open_minutes_between",
    "_stage_chain",
    "advance",
    "due_for",
    "fee_text",
    "find_application_id",
    "hand_over",
    "mark_ready",
    "print_receipt",
    "receipt_data",
    "receipt_pdf",
    "register",
    "reject",
    "resume",
    "return_to_applicant",
    "service_hours",
    "sop_text",
    "staff_view",
]
