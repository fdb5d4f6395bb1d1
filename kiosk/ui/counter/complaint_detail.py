"""One complaint in the supervisor's register: what the citizen wrote, whom and what it is about
(the service, the counter, the officer who served the visit: the supervisor may see the name),
the history of its steps, and the next steps: classify (which sets the deadline in working days),
give the investigation to a colleague, answer the citizen, close with the finding and the
outcome for the officer, record a disciplinary referral's result, and, for whoever holds
``complaints.contact``, read the reporter's contact after a warning that the look is logged.

A view: it shows a ``ComplaintDetail`` and emits requests; kiosk/ui/counter/complaints.py runs
them through the services, which decide everything (status rules, scope, permissions). What
the services refuse is one line at the top that clears as soon as the supervisor changes the
field it was about, or the next step succeeds. The steps offered follow the status, so the
usual next one is obvious; the contact is never kept on screen after leaving the complaint.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.complaints import (
    CLASS_WORKING_DAYS,
    CLASSES,
    MAX_NOTE,
    OUTCOMES,
    RESPONDABLE,
)
from kiosk.i18n import format_date, format_datetime, translate
from kiosk.services.complaints import ComplaintDetail, ComplaintRow, Handler, StepView
from kiosk.ui.counter.queue_panel import card
from kiosk.ui.counter.signin import label
from kiosk.ui.counter.texts import CounterTranslator

__all__ = ["ComplaintDetailView", "common_label", "target_text"]

UNANSWERED = ("received", "classified", "investigating")


def common_label(tr: CounterTranslator, kind: str, value: str | None) -> str:
    """A category / class / status / outcome in the reader's words (the common catalogue,
    shared with the kiosk, the slips and the CLI)."""
    if not value:
        return tr.t("cmp_unclassified") if kind == "class" else ""
    return translate(tr.lang, f"complaint_{kind}_{value}", "common")


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


def _scroll(body: QWidget) -> QScrollArea:
    body.setObjectName("scrollBody")
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    return area


class ConfirmBar(QFrame):
    """A question in the page ("really close?"), answered by *Ya* or *Batal*; never modal.

    Signals:
        accepted(): the supervisor said yes.
    """

    accepted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("confirmBar")
        self.text = label("", "confirmText")
        self.yes = QPushButton()
        self.yes.setObjectName("danger")
        self.no = QPushButton()
        self.yes.clicked.connect(self._yes)
        self.no.clicked.connect(self.hide)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.text)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.no)
        row.addWidget(self.yes)
        layout.addLayout(row)
        self.hide()

    def ask(self, text: str) -> None:
        self.text.setText(text)
        self.show()

    def _yes(self) -> None:
        self.hide()
        self.accepted.emit()


class ComplaintDetailView(QWidget):
    """Signals:
    back_requested(): back to the register's list.
    classify_requested(str, str, str): code, class, internal note.
    assign_requested(str, str, str): code, username, internal note.
    respond_requested(str, str, str): code, the public response, internal note.
    close_requested(str, bool, str, str): code, founded, outcome, internal note.
    result_requested(str, str): code, the referral's result.
    contact_requested(str): code (the supervisor confirmed that the look is logged).
    """

    back_requested = Signal()
    classify_requested = Signal(str, str, str)
    assign_requested = Signal(str, str, str)
    respond_requested = Signal(str, str, str)
    close_requested = Signal(str, bool, str, str)
    result_requested = Signal(str, str)
    contact_requested = Signal(str)

    def __init__(self, tr: CounterTranslator, zone: ZoneInfo) -> None:
        super().__init__()
        self.tr_ = tr
        self.zone = zone
        self.detail: ComplaintDetail | None = None
        self.handlers: list[Handler] = []
        self.may_contact = False
        self.service_name: Callable[[str], str] = lambda code: code
        self._busy = False
        self._contact_value: str | None = None

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
        details_layout.addWidget(_scroll(body), 1)

        # --- right: the next steps ---------------------------------------------------------
        self.note_label = label("", "muted")
        self.note = QLineEdit()
        self.note.setObjectName("cmpNote")
        self.note.setMaxLength(MAX_NOTE)

        self.classify_label = label("", "cardTitle")
        self.klass = QComboBox()
        self.klass.setObjectName("cmpClass")
        for klass in CLASSES:
            self.klass.addItem("", klass)
        self.classify_button = QPushButton()
        self.classify_button.setObjectName("cmpClassify")
        self.classify_button.clicked.connect(self._classify)
        self.classify_box = self._section(self.classify_label, self.klass, self.classify_button)

        self.assign_label = label("", "cardTitle")
        self.assignee = QComboBox()
        self.assignee.setObjectName("cmpAssignee")
        self.assign_button = QPushButton()
        self.assign_button.setObjectName("cmpAssign")
        self.assign_button.clicked.connect(self._assign)
        self.assign_box = self._section(self.assign_label, self.assignee, self.assign_button)

        self.respond_label = label("", "cardTitle")
        self.respond_hint = label("", "muted")
        self.classify_first = label("", "warnLine")
        self.response_edit = QPlainTextEdit()
        self.response_edit.setObjectName("cmpResponseEdit")
        self.response_edit.setFixedHeight(96)
        self.respond_button = QPushButton()
        self.respond_button.setObjectName("primary")
        self.respond_button.clicked.connect(self._respond)
        self.respond_box = self._section(
            self.respond_label,
            self.respond_hint,
            self.classify_first,
            self.response_edit,
            self.respond_button,
        )

        self.close_label = label("", "cardTitle")
        self.founded_yes = QRadioButton()
        self.founded_yes.setObjectName("cmpFoundedYes")
        self.founded_no = QRadioButton()
        self.founded_no.setObjectName("cmpFoundedNo")
        self.founded_group = QButtonGroup(self)
        self.founded_group.addButton(self.founded_yes)
        self.founded_group.addButton(self.founded_no)
        founded = QHBoxLayout()
        founded.addWidget(self.founded_yes)
        founded.addWidget(self.founded_no)
        founded.addStretch(1)
        self.outcome_label = label("", "muted")
        self.outcome = QComboBox()
        self.outcome.setObjectName("cmpOutcome")
        for outcome in OUTCOMES:
            self.outcome.addItem("", outcome)
        self.close_button = QPushButton()
        self.close_button.setObjectName("danger")
        self.close_button.clicked.connect(self._ask_close)
        self.close_confirm = ConfirmBar()
        self.close_confirm.accepted.connect(self._close)
        self.close_box = self._section(
            self.close_label,
            founded,
            self.outcome_label,
            self.outcome,
            self.close_button,
            self.close_confirm,
        )

        self.result_label = label("", "cardTitle")
        self.result_edit = QLineEdit()
        self.result_edit.setObjectName("cmpResult")
        self.result_edit.setMaxLength(MAX_NOTE)
        self.result_button = QPushButton()
        self.result_button.setObjectName("cmpResultSave")
        self.result_button.clicked.connect(self._result)
        self.result_box = self._section(self.result_label, self.result_edit, self.result_button)

        self.contact_button = QPushButton()
        self.contact_button.setObjectName("cmpContact")
        self.contact_button.clicked.connect(self._ask_contact)
        self.contact_confirm = ConfirmBar()
        self.contact_confirm.accepted.connect(self._contact)
        self.contact = label("", "warnLine")
        self.contact.hide()
        self.contact_box = self._section(self.contact_button, self.contact_confirm, self.contact)

        actions = QWidget()
        right = QVBoxLayout(actions)
        right.setContentsMargins(0, 0, 6, 0)
        right.setSpacing(14)
        right.addWidget(self.note_label)
        right.addWidget(self.note)
        # The usual next step first: classify a new one, close an answered one.
        for box in (
            self.classify_box,
            self.close_box,
            self.result_box,
            self.respond_box,
            self.assign_box,
            self.contact_box,
        ):
            right.addWidget(box)
        right.addStretch(1)
        self.actions_title = label("", "cardTitle")
        self.actions_card, actions_layout = card(self.actions_title)
        self.actions_scroll = _scroll(actions)
        actions_layout.addWidget(self.actions_scroll, 1)

        panes = QHBoxLayout()
        panes.setSpacing(16)
        panes.addWidget(self.details, 3)
        panes.addWidget(self.actions_card, 2)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(8)
        outer.addLayout(top)
        outer.addWidget(self.error)
        outer.addWidget(self.info)
        outer.addLayout(panes, 1)

        # Changing what a refusal was about clears it (as in the rest of the counter window).
        self.note.textEdited.connect(self._corrected)
        self.result_edit.textEdited.connect(self._corrected)
        self.response_edit.textChanged.connect(self._corrected)
        for combo in (self.klass, self.assignee, self.outcome):
            combo.currentIndexChanged.connect(self._corrected)
        self.founded_yes.toggled.connect(self._on_founded)

    @staticmethod
    def _section(*parts: QWidget | QHBoxLayout) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        for part in parts:
            if isinstance(part, QHBoxLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        return box

    # --- what the controller hands over --------------------------------------------------------

    @property
    def current_code(self) -> str | None:
        return self.detail.row.code if self.detail is not None else None

    def show_detail(self, detail: ComplaintDetail, *, fresh: bool = False) -> None:
        """Show ``detail``; ``fresh``: another complaint (or after a step): the input fields
        start over, otherwise what the supervisor is typing stays."""
        other = self.detail is None or self.detail.row.code != detail.row.code
        self.detail = detail
        if other or fresh:
            self.note.clear()
            self.response_edit.setPlainText(detail.response)
            self.result_edit.setText(detail.outcome_result)
            self.founded_group.setExclusive(False)
            self.founded_yes.setChecked(False)
            self.founded_no.setChecked(False)
            self.founded_group.setExclusive(True)
            self.outcome.setCurrentIndex(0)
            self.close_confirm.hide()
            self.contact_confirm.hide()
            klass = detail.row.complaint_class
            self.klass.setCurrentIndex(max(self.klass.findData(klass), 0))
        if other:
            self.show_contact(None)
            self.show_error("")
            self.show_info("")
        self._fill()

    def set_handlers(self, handlers: list[Handler]) -> None:
        chosen = self.assignee.currentData()
        self.handlers = handlers
        self.assignee.blockSignals(True)
        self.assignee.clear()
        for handler in handlers:
            self.assignee.addItem(self._handler_text(handler), handler.username)
        current = chosen or (self.detail.row.assignee_username if self.detail else None)
        index = self.assignee.findData(current) if current else -1
        self.assignee.setCurrentIndex(max(index, 0))
        self.assignee.blockSignals(False)
        self._fill()

    def set_may_contact(self, allowed: bool) -> None:
        self.may_contact = allowed
        self._update_actions()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_actions()

    def clear(self) -> None:
        """Signed out: nothing of the complaint stays on screen."""
        self.detail = None
        self.handlers = []
        self.assignee.clear()
        self.note.clear()
        self.response_edit.clear()
        self.result_edit.clear()
        self.show_contact(None)
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

    def show_contact(self, contact: str | None) -> None:
        """The reporter's contact as read (None: hidden again)."""
        self._contact_value = contact
        if contact is None:
            self.contact.hide()
            self.contact.clear()
            return
        t = self.tr_.t
        text = t("cmp_contact_value", contact=contact) if contact else t("cmp_contact_none")
        self.contact.setText(text)
        self.contact.show()

    def _corrected(self, *_args: object) -> None:
        if self.error.isVisible():
            self.show_error("")

    def _on_founded(self, founded: bool) -> None:
        self._corrected()
        if not founded:
            self.outcome.setCurrentIndex(0)
        self._update_actions()

    # --- requests ------------------------------------------------------------------------------

    def _classify(self) -> None:
        if self.current_code:
            self.classify_requested.emit(
                self.current_code, self.klass.currentData(), self.note.text()
            )

    def _assign(self) -> None:
        username = self.assignee.currentData()
        if self.current_code and username:
            self.assign_requested.emit(self.current_code, username, self.note.text())

    def _respond(self) -> None:
        if self.current_code:
            self.respond_requested.emit(
                self.current_code, self.response_edit.toPlainText(), self.note.text()
            )

    def _ask_close(self) -> None:
        if self.detail is None:
            return
        t = self.tr_.t
        if not (self.founded_yes.isChecked() or self.founded_no.isChecked()):
            self.show_error(t("cmp_founded_missing"))
            return
        finding = t("cmp_founded_yes") if self.founded_yes.isChecked() else t("cmp_founded_no")
        outcome = common_label(self.tr_, "outcome", self.outcome.currentData())
        self.close_confirm.ask(
            t(
                "cmp_close_confirm",
                code=self.detail.row.code_display,
                finding=finding,
                outcome=outcome,
            )
        )
        self._reveal(self.close_confirm)

    def _close(self) -> None:
        if self.current_code:
            self.close_requested.emit(
                self.current_code,
                self.founded_yes.isChecked(),
                self.outcome.currentData(),
                self.note.text(),
            )

    def _result(self) -> None:
        if self.current_code:
            self.result_requested.emit(self.current_code, self.result_edit.text())

    def _ask_contact(self) -> None:
        self.contact_confirm.ask(self.tr_.t("cmp_contact_confirm"))
        self._reveal(self.contact_confirm)

    def _reveal(self, widget: QWidget) -> None:
        """Scroll the question into sight once it is laid out."""
        QTimer.singleShot(0, self, lambda: self.actions_scroll.ensureWidgetVisible(widget))

    def _contact(self) -> None:
        if self.current_code:
            self.contact_requested.emit(self.current_code)

    # --- words ---------------------------------------------------------------------------------

    def _handler_text(self, handler: Handler) -> str:
        agency = f", {handler.agency_code}" if handler.agency_code else ""
        return f"{handler.full_name} ({handler.username}{agency})"

    def _class_option(self, value: str) -> str:
        return self.tr_.t(
            "cmp_class_option",
            name=common_label(self.tr_, "class", value),
            days=CLASS_WORKING_DAYS[value],
        )

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.back_button.setText(t("cmp_back"))
        for key, (name, _value) in self.fact_labels.items():
            name.setText(t(f"cmp_fact_{key}"))
        self.text_title.setText(t("cmp_text_title"))
        self.response_title.setText(t("cmp_response_title"))
        self.history_title.setText(t("cmp_history_title"))
        self.actions_title.setText(t("cmp_actions_title"))
        self.note_label.setText(t("cmp_note_label"))
        self.note.setPlaceholderText(t("cmp_note_placeholder"))
        self.classify_label.setText(t("cmp_classify_label"))
        for index, value in enumerate(CLASSES):
            self.klass.setItemText(index, self._class_option(value))
        self.classify_button.setText(t("cmp_classify"))
        self.assign_label.setText(t("cmp_assign_label"))
        self.assign_button.setText(t("cmp_assign"))
        for index, handler in enumerate(self.handlers):
            self.assignee.setItemText(index, self._handler_text(handler))
        self.respond_label.setText(t("cmp_respond_label"))
        self.response_edit.setPlaceholderText(t("cmp_response_placeholder"))
        self.respond_hint.setText(t("cmp_respond_hint"))
        self.classify_first.setText(t("cmp_classify_first"))
        self.close_label.setText(t("cmp_close_label"))
        self.founded_yes.setText(t("cmp_founded_yes"))
        self.founded_no.setText(t("cmp_founded_no"))
        self.outcome_label.setText(t("cmp_outcome_label"))
        for index, outcome in enumerate(OUTCOMES):
            self.outcome.setItemText(index, common_label(self.tr_, "outcome", outcome))
        self.close_button.setText(t("cmp_close"))
        self.close_confirm.yes.setText(t("cmp_close_yes"))
        self.close_confirm.no.setText(t("cmp_cancel"))
        self.result_label.setText(t("cmp_result_label"))
        self.result_button.setText(t("cmp_result_save"))
        self.contact_button.setText(t("cmp_contact_show"))
        self.contact_confirm.yes.setText(t("cmp_contact_yes"))
        self.contact_confirm.no.setText(t("cmp_cancel"))
        if self.contact.isVisible():
            self.show_contact(self._contact_value)
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
            self._update_actions()
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
        self._update_actions()

    def _assignee_text(self, username: str | None) -> str:
        if not username:
            return self.tr_.t("cmp_assignee_none")
        for handler in self.handlers:
            if handler.username == username:
                return self._handler_text(handler)
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

    def _update_actions(self) -> None:
        """The steps the status allows (the service checks again); nothing while a call runs."""
        detail = self.detail
        status = detail.row.status if detail is not None else None
        self.actions_card.setVisible(detail is not None)
        self.classify_box.setVisible(status in UNANSWERED)
        self.assign_box.setVisible(status is not None and status != "closed")
        self.respond_box.setVisible(status is not None and status != "closed")
        self.close_box.setVisible(status == "responded")
        self.result_box.setVisible(
            status == "closed" and detail is not None and detail.outcome == "disciplinary"
        )
        self.contact_box.setVisible(
            self.may_contact and detail is not None and detail.row.has_contact
        )
        self.note.setEnabled(status is not None and status != "closed")
        t = self.tr_.t
        may_respond = status in RESPONDABLE
        self.respond_hint.setVisible(may_respond)
        self.classify_first.setVisible(not may_respond)
        self.response_edit.setEnabled(may_respond)
        self.respond_button.setText(
            t("cmp_respond_revise") if status == "responded" else t("cmp_respond")
        )
        self.outcome.setEnabled(self.founded_yes.isChecked())
        idle = not self._busy
        for button in (
            self.classify_button,
            self.close_button,
            self.result_button,
            self.contact_button,
            self.back_button,
        ):
            button.setEnabled(idle)
        self.respond_button.setEnabled(idle and may_respond)
        self.assign_button.setEnabled(idle and bool(self.handlers))
        self.close_confirm.yes.setEnabled(idle)
        self.contact_confirm.yes.setEnabled(idle)
