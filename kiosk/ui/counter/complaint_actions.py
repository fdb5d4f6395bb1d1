"""The "next steps" pane of a complaint in the supervisor's register: classify (the class's
working days shown in the choice), give the investigation to a colleague, answer the citizen,
close with the finding and the outcome for the officer (after a confirmation line), record a
disciplinary referral's result, and read the reporter's contact after a warning that the look
is logged (only for ``complaints.contact``).

A view: it emits requests; the services decide (kiosk/ui/counter/complaints.py runs them). The
steps offered follow the status, the usual next one on top (classify a new complaint, close an
answered one); nothing can be pressed twice while a step runs.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.complaints import CLASS_WORKING_DAYS, CLASSES, MAX_NOTE, OUTCOMES, RESPONDABLE
from kiosk.i18n import translate
from kiosk.services.complaints import ComplaintDetail, Handler
from kiosk.ui.counter.queue_panel import card
from kiosk.ui.counter.signin import label
from kiosk.ui.counter.texts import CounterTranslator

__all__ = ["ComplaintActions", "ConfirmBar", "common_label", "handler_text", "scroll_area"]

UNANSWERED = ("received", "classified", "investigating")


def common_label(tr: CounterTranslator, kind: str, value: str | None) -> str:
    """A category / class / status / outcome in the reader's words (the common catalogue,
    shared with the kiosk, the slips and the CLI)."""
    if not value:
        return tr.t("cmp_unclassified") if kind == "class" else ""
    return translate(tr.lang, f"complaint_{kind}_{value}", "common")


def handler_text(handler: Handler) -> str:
    agency = f", {handler.agency_code}" if handler.agency_code else ""
    return f"{handler.full_name} ({handler.username}{agency})"


def scroll_area(body: QWidget) -> QScrollArea:
    body.setObjectName("scrollBody")
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidget(body)
    return area


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


class ComplaintActions(QFrame):
    """Signals:
    classify_requested(str, str, str): code, class, internal note.
    assign_requested(str, str, str): code, username, internal note.
    respond_requested(str, str, str): code, the public response, internal note.
    close_requested(str, bool, str, str): code, founded, outcome, internal note.
    result_requested(str, str): code, the referral's result.
    contact_requested(str): code (the supervisor confirmed that the look is logged).
    edited(): a field changed (a refusal about it has done its job).
    problem(str): something to fix before asking the service (already worded).
    """

    classify_requested = Signal(str, str, str)
    assign_requested = Signal(str, str, str)
    respond_requested = Signal(str, str, str)
    close_requested = Signal(str, bool, str, str)
    result_requested = Signal(str, str)
    contact_requested = Signal(str)
    edited = Signal()
    problem = Signal(str)

    def __init__(self, tr: CounterTranslator) -> None:
        super().__init__()
        self.tr_ = tr
        self.detail: ComplaintDetail | None = None
        self.handlers: list[Handler] = []
        self.may_contact = False
        self._busy = False
        self._contact_value: str | None = None

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
        self.classify_box = _section(self.classify_label, self.klass, self.classify_button)

        self.assign_label = label("", "cardTitle")
        self.assignee = QComboBox()
        self.assignee.setObjectName("cmpAssignee")
        self.assign_button = QPushButton()
        self.assign_button.setObjectName("cmpAssign")
        self.assign_button.clicked.connect(self._assign)
        self.assign_box = _section(self.assign_label, self.assignee, self.assign_button)

        self.respond_label = label("", "cardTitle")
        self.respond_hint = label("", "muted")
        self.classify_first = label("", "warnLine")
        self.response_edit = QPlainTextEdit()
        self.response_edit.setObjectName("cmpResponseEdit")
        self.response_edit.setFixedHeight(96)
        self.respond_button = QPushButton()
        self.respond_button.setObjectName("primary")
        self.respond_button.clicked.connect(self._respond)
        self.respond_box = _section(
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
        self.close_box = _section(
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
        self.result_box = _section(self.result_label, self.result_edit, self.result_button)

        self.contact_button = QPushButton()
        self.contact_button.setObjectName("cmpContact")
        self.contact_button.clicked.connect(self._ask_contact)
        self.contact_confirm = ConfirmBar()
        self.contact_confirm.accepted.connect(self._contact)
        self.contact = label("", "warnLine")
        self.contact.hide()
        self.contact_box = _section(self.contact_button, self.contact_confirm, self.contact)

        body = QWidget()
        steps = QVBoxLayout(body)
        steps.setContentsMargins(0, 0, 6, 0)
        steps.setSpacing(14)
        steps.addWidget(self.note_label)
        steps.addWidget(self.note)
        # The usual next step first: classify a new one, close an answered one.
        for box in (
            self.classify_box,
            self.close_box,
            self.result_box,
            self.respond_box,
            self.assign_box,
            self.contact_box,
        ):
            steps.addWidget(box)
        steps.addStretch(1)
        self.title = label("", "cardTitle")
        frame, layout = card(self.title)
        self.scroller = scroll_area(body)
        layout.addWidget(self.scroller, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame)

        self.note.textEdited.connect(self.edited)
        self.result_edit.textEdited.connect(self.edited)
        self.response_edit.textChanged.connect(self.edited)
        for combo in (self.klass, self.assignee, self.outcome):
            combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        self.founded_yes.toggled.connect(self._on_founded)

    # --- what the detail view hands over -------------------------------------------------------

    @property
    def current_code(self) -> str | None:
        return self.detail.row.code if self.detail is not None else None

    def load(self, detail: ComplaintDetail | None, *, reset: bool) -> None:
        """The complaint whose steps these are; ``reset``: the fields start over (another
        complaint, or a step just done), otherwise what the supervisor is typing stays."""
        self.detail = detail
        if reset:
            self.note.clear()
            self.response_edit.setPlainText(detail.response if detail else "")
            self.result_edit.setText(detail.outcome_result if detail else "")
            self.founded_group.setExclusive(False)
            self.founded_yes.setChecked(False)
            self.founded_no.setChecked(False)
            self.founded_group.setExclusive(True)
            self.outcome.setCurrentIndex(0)
            self.close_confirm.hide()
            self.contact_confirm.hide()
            klass = detail.row.complaint_class if detail else None
            self.klass.setCurrentIndex(max(self.klass.findData(klass), 0))
        if detail is None:
            self.handlers = []
            self.assignee.clear()
        self._update()

    def set_handlers(self, handlers: list[Handler]) -> None:
        chosen = self.assignee.currentData()
        self.handlers = handlers
        self.assignee.blockSignals(True)
        self.assignee.clear()
        for handler in handlers:
            self.assignee.addItem(handler_text(handler), handler.username)
        current = chosen or (self.detail.row.assignee_username if self.detail else None)
        index = self.assignee.findData(current) if current else -1
        self.assignee.setCurrentIndex(max(index, 0))
        self.assignee.blockSignals(False)
        self._update()

    def set_may_contact(self, allowed: bool) -> None:
        self.may_contact = allowed
        self._update()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update()

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

    def _on_founded(self, founded: bool) -> None:
        self.edited.emit()
        if not founded:
            self.outcome.setCurrentIndex(0)
        self._update()

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
            self.problem.emit(t("cmp_founded_missing"))
            return
        finding = t("cmp_founded_yes") if self.founded_yes.isChecked() else t("cmp_founded_no")
        outcome = common_label(self.tr_, "outcome", self.outcome.currentData())
        code = self.detail.row.code_display
        self.close_confirm.ask(t("cmp_close_confirm", code=code, finding=finding, outcome=outcome))
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

    def _contact(self) -> None:
        if self.current_code:
            self.contact_requested.emit(self.current_code)

    def _reveal(self, widget: QWidget) -> None:
        """Scroll the question into sight once it is laid out."""
        QTimer.singleShot(0, self, lambda: self.scroller.ensureWidgetVisible(widget))

    # --- words and state -----------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("cmp_actions_title"))
        self.note_label.setText(t("cmp_note_label"))
        self.note.setPlaceholderText(t("cmp_note_placeholder"))
        self.classify_label.setText(t("cmp_classify_label"))
        for index, klass in enumerate(CLASSES):
            name = common_label(self.tr_, "class", klass)
            option = t("cmp_class_option", name=name, days=CLASS_WORKING_DAYS[klass])
            self.klass.setItemText(index, option)
        self.classify_button.setText(t("cmp_classify"))
        self.assign_label.setText(t("cmp_assign_label"))
        self.assign_button.setText(t("cmp_assign"))
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
        self._update()

    def _update(self) -> None:
        """The steps the status allows (the service checks again); nothing while a call runs."""
        detail = self.detail
        status = detail.row.status if detail is not None else None
        self.setVisible(detail is not None)
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
        may_respond = status in RESPONDABLE
        self.respond_hint.setVisible(may_respond)
        self.classify_first.setVisible(not may_respond)
        self.response_edit.setEnabled(may_respond)
        revise = status == "responded"
        self.respond_button.setText(self.tr_.t("cmp_respond_revise" if revise else "cmp_respond"))
        self.outcome.setEnabled(self.founded_yes.isChecked())
        idle = not self._busy
        for button in (
            self.classify_button,
            self.close_button,
            self.result_button,
            self.contact_button,
        ):
            button.setEnabled(idle)
        self.respond_button.setEnabled(idle and may_respond)
        self.assign_button.setEnabled(idle and bool(self.handlers))
        self.close_confirm.yes.setEnabled(idle)
        self.contact_confirm.yes.setEnabled(idle)
