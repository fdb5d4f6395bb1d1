"""Who may change what in the admin window, and the audit record every change leaves.

Supervisors and admins open the window (``admin.open``). An admin manages the whole site. A
supervisor manages only their own agency: its services, its counters and its officers; an
agency-less row (a counter serving several agencies) and the site-wide settings (agencies,
holidays, charter) stay with admins. A supervisor without an agency manages nothing (they still
see the lists). These checks run here, in every use case, never in a widget.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from kiosk.db.changefeed import announce
from kiosk.db.models import AuditLog
from kiosk.errors import Forbidden
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer, require

__all__ = [
    "SOURCE",
    "is_site_admin",
    "record_change",
    "require_agency",
    "require_open",
    "require_site",
]

#: The ``source`` of catalogue-rule errors raised for an admin edit (the window words it as the
#: form's name, kiosk/ui/admin/texts.py).
SOURCE = "admin"


def require_open(officer: Officer) -> None:
    """May this officer open the admin window at all (supervisor or admin)?"""
    require(officer, "admin.open")


def is_site_admin(officer: Officer) -> bool:
    return officer.can("catalog.edit")


def require_site(officer: Officer) -> None:
    """A site-wide setting: admins only."""
    require_open(officer)
    require(officer, "catalog.edit")


def require_agency(officer: Officer, *agency_ids: int | None) -> None:
    """Every agency the change touches (before AND after) must be the supervisor's own."""
    require_open(officer)
    if is_site_admin(officer):
        return
    if officer.agency_id is None:
        raise Forbidden("supervisor_no_agency")
    for agency_id in agency_ids:
        if agency_id != officer.agency_id:
            raise Forbidden("other_agency")


def record_change(
    ctx: AppContext,
    session: Session,
    officer: Officer,
    *,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    tables: tuple[str, ...] = (),
) -> None:
    """The audit row (who, what, before/after) and the change-feed announcement, both inside
    the change's own transaction: a rolled-back change leaves neither."""
    session.add(
        AuditLog(
            site_id=ctx.site_id(session),
            at=ctx.now(),
            staff_id=officer.id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            detail={"by": officer.username, "before": before, "after": after},
        )
    )
    announce(session, *(tables or (entity,)))
