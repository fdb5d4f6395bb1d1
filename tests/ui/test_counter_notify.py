"""The officer records the applicant's consent to messages: the box is unticked for every new
applicant, usable only with a phone number, and a ticked box makes the ready step write its
message for the gateway."""

from __future__ import annotations

from sqlalchemy import select

from kiosk.db.models import Application, Notification
from kiosk.services import applications, staff
from kiosk.services.context import AppContext
from tests.integration.test_applications import walk
from tests.ui.test_counter_flows import (  # noqa: F401 (fixtures)
    PASSWORD,
    CounterFactory,
    at_counter,
    click,
    fill_registration,
    make_counter_fixture,
)


def test_consent_is_asked_per_applicant_and_only_with_a_phone(
    ctx: AppContext, make_counter: CounterFactory, qtbot: object
) -> None:
    window = make_counter(counter_number=5)
    at_counter(qtbot, window, 5)
    panel = window.register_panel
    window.tabs.setCurrentWidget(panel)
    assert not panel.notify.isEnabled(), "no phone yet: nothing to send to"
    fill_registration(qtbot, window, "REKLAME_TITIK")
    assert panel.notify.isEnabled() and not panel.notify.isChecked(), "never assumed"
    assert "SMS/WhatsApp" in panel.notify.text()
    click(qtbot, panel.notify)
    click(qtbot, panel.submit)
    qtbot.waitUntil(lambda: panel.result is not None)  # type: ignore[attr-defined]
    result = panel.result
    assert result is not None
    with ctx.db.snapshot() as s:
        assert s.scalar(select(Application.notify_opt_in).where(Application.id == result.id)), (
            "the consent is stored with the file"
        )

    click(qtbot, panel.clear)
    assert not panel.notify.isChecked(), "the next applicant is asked again"
    panel.phone.setText("")
    assert not panel.notify.isEnabled()

    who = staff.authenticate(ctx, "supervisor", PASSWORD)
    walk(ctx, who, result.tracking_code, "tanda_tangan")
    applications.mark_ready(ctx, who, result.tracking_code)
    with ctx.db.snapshot() as s:
        kinds = s.scalars(select(Notification.kind)).all()
    assert kinds == ["application_ready"]
