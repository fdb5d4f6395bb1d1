"""One complaint in the supervisor's register: what the citizen wrote, whom and what it is about
(the service, the counter, the officer who served the visit: the supervisor may see the name),
the history of its steps, and beside it the next steps (kiosk/ui/counter/complaint_actions.py).

A view: it shows a ``ComplaintDetail``; kiosk/ui/counter/complaints.py runs the requests of the
steps pane through the services, which decide everything (status rules, scope, permissions).
What they refuse is one line at the top that clears as soon as the supervisor changes the field
it was about, or the next step succeeds. The reporter's contact is never kept on screen after
leaving the complaint.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.core.complaints import CLASS_WORKING_DAYS
from kiosk.i18n import format_date, format_datetime
from kiosk.services.complaints import ComplaintDetail, ComplaintRow, Handler, StepView
from kiosk.ui.counter.complaint_actions import (
    ComplaintActions,
    common_label,
    handler_text,
    scroll_area,
)
from kiosk.ui.counter.queue_panel import card
from kiosk.ui.counter.signin import label
from kiosk.ui.counter.texts import CounterTranslator

__all__ = ["ComplaintDetailView", "common_label", "target_text"]


def target_text(
    tr: CounterTranslator, row: ComplaintRow, service_name: Callable[[str], str]
) -> str:
    """Where the complaint points: "Loket 5 · Izin Reklame", a service, or the building."""
    parts = []
    if row.counter_number is not None:
        parts.append(tr.t("cmp_counter", number=row.counter_number))
    if row.service_code:
        parts.append(service_name(row.service_code))
    return " \u00b7 ".join(parts) or tr.t("cmp_target_none")


class ComplaintDetailView(QWidget):
    """Signals:
    back_requested(): back to the register's list.

    The steps' requests are the signals of ``self.next_steps`` (ComplaintActions).
    """

    back_requested = Signal()

    def __init__(self, tr: CounterTranslator, zone: ZoneInfo) -> None:
        super().__init__()
        self.tr_ = tr
        self.zone = zone
        self.detail: ComplaintDetail | None = None
        self.service_name: Callable[[str], str] = lambda code: code

        # --- top: back, code, status -------------------------------------------------------
        self.back_button = QPushButton()
        self.back_button.setObjectName("cmpBack")
        self.back_button.clicked.connect(self.back_requested)
        self.code = label("", "appNumber", wrap=False)
        self.status = label("", "statusChip", wrap=False)
        self.overdue = label("", "lateChip", wrap=False)
        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addSpacing(8)
        top.addWidget(self.code)
        top.addSpacing(8)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.overdue)
        self.error = label("", "errorLine")
        self.error.hide()
        self.info = label("", "infoLine")
        self.info.hide()

        # --- left: the complaint -----------------------------------------------------------
        self.facts = QGridLayout()
        self.facts.setHorizontalSpacing(14)
        self.facts.setVerticalSpacing(4)
        self.fact_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for index, key in enumerate(
            (
                "received",
                "category",
                "class",
                "due",
                "target",
                "officer",
                "visit",
                "assignee",
                "reporter",
            )
        ):
            name, value = label("", "muted", wrap=False), label("", f"cmpFact_{key}")
            self.facts.addWidget(name, index, 0)
            self.facts.addWidget(value, index, 1)
            self.fact_labels[key] = (name, value)
        self.facts.setColumnStretch(1, 1)
        self.text_title = label("", "cardTitle")
        self.text = label("", "cmpText")
        self.response_title = label("", "cardTitle")
        self.response = label("", "cmpResponse")
        self.finding = label("", "statusChip")
        self.history_title = label("", "cardTitle")
        self.history_host = QWidget()
        self.history_layout = QVBoxLayout(self.history_host)
        self.history_layout.setContentsMargins(0, 0, 0, 0)
        self.history_layout.setSpacing(4)
        self.history_labels: list[QLabel] = []
        body = QWidget()
        left = QVBoxLayout(body)
        left.setContentsMargins(0, 0, 6, 0)
        left.setSpacing(8)
        left.addLayout(self.facts)
        left.addWidget(self.text_title)
        left.addWidget(self.text)
        left.addWidget(self.response_title)
        left.addWidget(self.response)
        left.addWidget(self.finding)
        left.addWidget(self.history_title)
        left.addWidget(self.history_host)
        left.addStretch(1)
        self.details, details_layout = card(None)
        details_layout.addWidget(scroll_area(body), 1)

        # --- right: the next steps ---------------------------------------------------------
        self.next_steps = ComplaintActions(tr)
        self.next_steps.edited.connect(self._corrected)
        self.next_steps.problem.connect(self.show_error)

        panes = QHBoxLayout()
        panes.setSpacing(16)
        panes.addWidget(self.details, 3)
        panes.addWidget(self.next_steps, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        outer.addLayout(top)
        outer.addWidget(self.error)
        outer.addWidget(self.info)
        outer.addLayout(panes, 1)

    # --- what the controller hands over --------------------------------------------------------

    @property
    def current_code(self) -> str | None:
        return self.detail.row.code if self.detail is not None else None

    def show_detail(self, detail: ComplaintDetail, *, fresh: bool = False) -> None:
        """Show ``detail``; ``fresh``: after a step, the input fields start over (they do for
        another complaint anyway), otherwise what the supervisor is typing stays."""
        other = self.detail is None or self.detail.row.code != detail.row.code
        self.detail = detail
        self.next_steps.load(detail, reset=other or fresh)
        if other:
            self.next_steps.show_contact(None)
            self.show_error("")
            self.show_info("")
        self._fill()

    def set_handlers(self, handlers: list[Handler]) -> None:
        self.next_steps.set_handlers(handlers)
        self._fill()  # the investigator by full name

    def set_busy(self, busy: bool) -> None:
        self.back_button.setEnabled(not busy)
        self.next_steps.set_busy(busy)

    def clear(self) -> None:
        """Signed out: nothing of the complaint stays on screen."""
        self.detail = None
        self.next_steps.load(None, reset=True)
        self.next_steps.show_contact(None)
        self.show_error("")
        self.show_info("")
        self._fill()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text:
            self.info.hide()

    def show_info(self, text: str) -> None:
        self.info.setText(text)
        self.info.setVisible(bool(text))

    def _corrected(self) -> None:
        """The supervisor changed what the refusal was about: the line has done its job."""
        if self.error.isVisible():
            self.show_error("")

    # --- words ---------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.back_button.setText(t("cmp_back"))
        for key, (name, _value) in self.fact_labels.items():
            name.setText(t(f"cmp_fact_{key}"))
        self.text_title.setText(t("cmp_text_title"))
        self.response_title.setText(t("cmp_response_title"))
        self.history_title.setText(t("cmp_history_title"))
        self.next_steps.retranslate_ui()
        self._fill()

    def _fill(self) -> None:
        t, lang, detail = self.tr_.t, self.tr_.lang, self.detail
        if detail is None:
            self.code.clear()
            self.status.clear()
            self.overdue.hide()
            for _name, value in self.fact_labels.values():
                value.clear()
            self.text.clear()
            self.response.clear()
            self.finding.hide()
            self._show_history(())
            return
        row = detail.row
        self.code.setText(row.code_display)
        self.status.setText(common_label(self.tr_, "status", row.status))
        self.overdue.setVisible(row.overdue or row.late)
        self.overdue.setText(t("cmp_overdue") if row.overdue else t("cmp_late"))
        source = t(f"cmp_source_{row.source}")
        facts = {
            "received": t(
                "cmp_received_value",
                when=format_datetime(row.received_at, lang, self.zone),
                source=source,
            ),
            "category": common_label(self.tr_, "category", row.category),
            "class": common_label(self.tr_, "class", row.complaint_class),
            "due": t(
                "cmp_due_value",
                date=format_date(row.due_date, lang),
                days=self._working_days(row.complaint_class),
            ),
            "target": target_text(self.tr_, row, self.service_name),
            "officer": (
                f"{row.officer_name} ({row.officer_username})"
                if row.officer_username
                else t("cmp_officer_none")
            ),
            "visit": self._visit(detail),
            "assignee": self._assignee_text(row.assignee_username),
            "reporter": t("cmp_reporter_contact") if row.has_contact else t("cmp_reporter_anon"),
        }
        for key, (_name, value) in self.fact_labels.items():
            value.setText(facts[key])
        self.text.setText(detail.text)
        self.response.setText(detail.response or t("cmp_no_response"))
        self.finding.setVisible(row.status == "closed")
        if row.status == "closed":
            finding = t("cmp_founded_yes") if detail.founded else t("cmp_founded_no")
            text = t(
                "cmp_closed_summary",
                when=format_datetime(detail.closed_at, lang, self.zone) if detail.closed_at else "",
                finding=finding,
                outcome=common_label(self.tr_, "outcome", detail.outcome),
            )
            if detail.outcome_result:
                text += "\n" + t("cmp_result_value", result=detail.outcome_result)
            self.finding.setText(text)
        self._show_history(detail.steps)

    def _assignee_text(self, username: str | None) -> str:
        if not username:
            return self.tr_.t("cmp_assignee_none")
        for handler in self.next_steps.handlers:
            if handler.username == username:
                return handler_text(handler)
        return username

    @staticmethod
    def _working_days(klass: str | None) -> int:
        return CLASS_WORKING_DAYS[klass or "ringan"]

    def _visit(self, detail: ComplaintDetail) -> str:
        t = self.tr_.t
        if detail.ticket_number:
            return t("cmp_visit_ticket", number=detail.ticket_number)
        if detail.registration_number:
            return t("cmp_visit_application", number=detail.registration_number)
        return t("cmp_visit_none")

    def _step_text(self, step: StepView) -> str:
        t, lang = self.tr_.t, self.tr_.lang
        d = step.detail
        if step.step == "classified":
            what = t(
                "cmp_step_classified",
                name=common_label(self.tr_, "class", str(d.get("complaint_class", ""))),
                days=d.get("working_days", ""),
            )
        elif step.step == "assigned":
            what = t("cmp_step_assigned", name=str(d.get("assignee", "")))
        elif step.step == "closed":
            finding = t("cmp_founded_yes") if d.get("founded") else t("cmp_founded_no")
            outcome = common_label(self.tr_, "outcome", str(d.get("outcome", "none")))
            what = t("cmp_step_closed", finding=finding, outcome=outcome)
        elif step.step == "filed":
            what = t("cmp_step_filed", source=t(f"cmp_source_{d.get('source', 'kiosk')}"))
        else:
            what = t(f"cmp_step_{step.step}")
        when = format_datetime(step.at, lang, self.zone, weekday=False)
        who = t("cmp_step_by", name=step.staff_username) if step.staff_username else ""
        text = " \u2014 ".join(part for part in (when, what, who) if part)
        if step.note:
            text += f"\n    \u201c{step.note}\u201d"
        return text

    def _show_history(self, steps: tuple[StepView, ...]) -> None:
        while len(self.history_labels) < len(steps):
            widget = label("", "cmpStep")
            self.history_layout.addWidget(widget)
            self.history_labels.append(widget)
        for index, widget in enumerate(self.history_labels):
            if index < len(steps):
                widget.setText(self._step_text(steps[index]))
                widget.show()
            else:
                widget.hide()
