"""The "register an application" tab: a complete file becomes a registration number, a tracking
code, a due date and a receipt (issue 5).

A thin view: it collects what the officer typed and ticked and emits ``register_requested``; the
window calls applications.register in a worker and shows the result here. Checks belong to the
service (completeness, NIK, phone, completion time): the view only keeps the NIK field to digits.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QRegularExpression, Qt, QTime, Signal
from PySide6.QtGui import QMouseEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import format_date
from kiosk.services.applications import RegisteredApplication
from kiosk.services.queue import ServiceView
from kiosk.ui.counter.queue_panel import card
from kiosk.ui.counter.signin import label
from kiosk.ui.counter.texts import CounterTranslator


@dataclass(frozen=True)
class RegisterForm:
    """What the officer filled in, as the service's arguments."""

    service_code: str
    name: str
    nik: str
    phone: str
    documents: tuple[str, ...]
    complete_at: datetime | None
    ticket_code: str | None
    print_receipt: bool
    save_pdf: bool
    #: Conditional requirements (by number) the officer marked "Tidak berlaku".
    not_applicable: tuple[str, ...] = ()
    #: The applicant agreed to be told on that phone when the file is ready, returned, rejected.
    notify_opt_in: bool = False


class DocumentCheck(QWidget):
    """A requirement to tick: a check box and its text, which wraps (some are two lines long)
    and toggles the box when clicked, like a check box's own text. A conditional requirement
    ("bagi badan usaha") also gets a "Tidak berlaku" box; the two exclude each other."""

    def __init__(self, text: str, number: int, *, conditional: bool = False) -> None:
        super().__init__()
        self.box = QCheckBox()
        self.box.setProperty("document", str(number))
        self.label = label(text, "")
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.not_applicable: QCheckBox | None = None
        if conditional:
            self.not_applicable = QCheckBox()
            self.not_applicable.setObjectName("regNotApplicable")
            layout.addWidget(self.not_applicable, 0, Qt.AlignmentFlag.AlignTop)
            self.not_applicable.toggled.connect(self._on_not_applicable)
            self.box.toggled.connect(self._on_received)

    def _on_not_applicable(self, on: bool) -> None:
        if on:
            self.box.setChecked(False)

    def _on_received(self, on: bool) -> None:
        if on and self.not_applicable is not None:
            self.not_applicable.setChecked(False)

    def isNotApplicable(self) -> bool:
        return self.not_applicable is not None and self.not_applicable.isChecked()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.box.toggle()
        event.accept()

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.box.setChecked(checked)

    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str) -> None:
        self.label.setText(text)

    def document(self) -> str:
        return str(self.box.property("document"))


class RegisterPanel(QWidget):
    """Signals:
    register_requested(object): a RegisterForm.
    reprint_requested(str): print the receipt of this registration number again.
    pdf_requested(str): save the A5 PDF of this registration number.
    """

    register_requested = Signal(object)
    reprint_requested = Signal(str)
    pdf_requested = Signal(str)

    def __init__(self, tr: CounterTranslator, zone: ZoneInfo) -> None:
        super().__init__()
        self.tr_ = tr
        self.zone = zone
        self.services: list[ServiceView] = []
        self.ticket_number: str | None = None
        self.ticket_code: str | None = None
        self.result: RegisteredApplication | None = None
        self.doc_boxes: list[DocumentCheck] = []

        self.title = label("", "cardTitle")
        self.service = QComboBox()
        self.service.setObjectName("regService")
        self.service.setEditable(True)
        self.service.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.service.setMaxVisibleItems(15)
        self.service.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.service.setMinimumContentsLength(30)
        completer = self.service.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.service.currentIndexChanged.connect(self._on_service)
        self.service.currentIndexChanged.connect(self._corrected)
        self.name = QLineEdit()
        self.name.setObjectName("regName")
        self.name.setMaxLength(200)
        self.nik = QLineEdit()
        self.nik.setObjectName("regNik")
        self.nik.setMaxLength(16)
        self.nik.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,16}")))
        self.phone = QLineEdit()
        self.phone.setObjectName("regPhone")
        self.phone.setMaxLength(24)
        for field in (self.name, self.nik, self.phone):
            field.textEdited.connect(self._corrected)
        # Consent is asked, never assumed: unticked for every new applicant, and only with a
        # phone number to send to.
        self.notify = QCheckBox()
        self.notify.setObjectName("regNotify")
        self.notify.setEnabled(False)
        self.phone.textChanged.connect(self._phone_changed)
        self.docs_host = QWidget()
        self.docs_layout = QVBoxLayout(self.docs_host)
        self.docs_layout.setContentsMargins(0, 0, 0, 0)
        self.docs_layout.setSpacing(4)
        self.docs_none = label("", "muted")
        self.docs_all = QPushButton()
        self.docs_all.setObjectName("regAllDocs")
        self.docs_all.clicked.connect(self._tick_all)
        self.complete_now = QCheckBox()
        self.complete_now.setObjectName("regCompleteNow")
        self.complete_now.setChecked(True)
        self.complete_at = QDateTimeEdit()
        self.complete_at.setObjectName("regCompleteAt")
        self.complete_at.setDisplayFormat("dd-MM-yyyy HH:mm")
        self.complete_at.setCalendarPopup(True)
        self.complete_at.setEnabled(False)
        self.complete_now.toggled.connect(lambda on: self.complete_at.setEnabled(not on))
        self.link_ticket = QCheckBox()
        self.link_ticket.setObjectName("regLinkTicket")
        self.link_ticket.setChecked(True)
        self.print_receipt = QCheckBox()
        self.print_receipt.setObjectName("regPrint")
        self.print_receipt.setChecked(True)
        self.save_pdf = QCheckBox()
        self.save_pdf.setObjectName("regPdf")
        self.submit = QPushButton()
        self.submit.setObjectName("primary")
        self.submit.clicked.connect(self._submit)
        self.clear = QPushButton()
        self.clear.setObjectName("regClear")
        self.clear.clicked.connect(self.clear_form)
        self.error = label("", "errorLine")
        self.error.hide()

        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.form.setHorizontalSpacing(16)
        self.labels = {key: label("", wrap=False) for key in
                       ("service", "name", "nik", "phone", "documents", "complete")}  # fmt: skip
        self.form.addRow(self.labels["service"], self.service)
        self.form.addRow(self.labels["name"], self.name)
        self.form.addRow(self.labels["nik"], self.nik)
        self.form.addRow(self.labels["phone"], self.phone)
        self.form.addRow("", self.notify)
        docs_box = QVBoxLayout()
        docs_box.setSpacing(4)
        docs_box.addWidget(self.docs_host)
        docs_box.addWidget(self.docs_none)
        docs_box.addWidget(self.docs_all, 0, Qt.AlignmentFlag.AlignLeft)
        self.form.addRow(self.labels["documents"], docs_box)
        complete = QHBoxLayout()
        complete.setSpacing(16)
        complete.addWidget(self.complete_now)
        complete.addWidget(self.complete_at, 1)
        self.form.addRow(self.labels["complete"], complete)
        self.form.addRow("", self.link_ticket)
        self.form.addRow("", self.print_receipt)
        self.form.addRow("", self.save_pdf)
        buttons = QHBoxLayout()
        buttons.addWidget(self.clear)
        buttons.addStretch(1)
        buttons.addWidget(self.submit)

        form_card, form_layout = card(self.title)
        form_layout.addLayout(self.form)
        form_layout.addWidget(self.error)
        form_layout.addLayout(buttons)
        form_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_card)

        # the result
        self.result_title = label("", "cardTitle")
        self.result_number_label = label("", "muted")
        self.result_number = label("", "resultNumber")
        self.result_code_label = label("", "muted")
        self.result_code = label("", "resultCode")
        self.result_code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_due_label = label("", "muted")
        self.result_due = label("", "resultDue")
        # Shown when the due date counts estimated holidays (a year the admin has not confirmed).
        self.result_due_warning = label("", "warnLine")
        self.result_placeholder = label("", "muted")
        self.result_who = label("", "")
        self.result_print = label("", "infoLine")
        self.result_pdf = label("", "infoLine")
        self.result_pdf.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reprint = QPushButton()
        self.reprint.setObjectName("regReprint")
        self.reprint.clicked.connect(self._reprint)
        self.pdf = QPushButton()
        self.pdf.setObjectName("regSavePdf")
        self.pdf.clicked.connect(self._pdf)
        self.new = QPushButton()
        self.new.setObjectName("regNew")
        self.new.clicked.connect(self.clear_form)
        result_buttons = QHBoxLayout()
        result_buttons.addWidget(self.reprint)
        result_buttons.addWidget(self.pdf)
        self.result_card, result_layout = card(self.result_title)
        result_layout.addWidget(self.result_placeholder)
        self.result_widgets: list[QWidget] = [
            self.result_number_label,
            self.result_number,
            self.result_code_label,
            self.result_code,
            self.result_due_label,
            self.result_due,
            self.result_due_warning,
            self.result_who,
            self.result_print,
            self.result_pdf,
            self.reprint,
            self.pdf,
            self.new,
        ]
        for widget in self.result_widgets[:10]:
            result_layout.addWidget(widget)
        result_layout.addLayout(result_buttons)
        result_layout.addWidget(self.new)
        result_layout.addStretch(1)
        self._show_result_widgets(False)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addWidget(scroll, 3)
        layout.addWidget(self.result_card, 2)

    # --- data ----------------------------------------------------------------------------------

    def set_services(self, services: list[ServiceView]) -> None:
        current = self.selected_service()
        self.services = services
        self.service.blockSignals(True)
        self.service.clear()
        for view in services:
            self.service.addItem(self._service_text(view), view.code)
        index = self.service.findData(current.code) if current is not None else -1
        self.service.setCurrentIndex(index)
        self.service.blockSignals(False)
        self._on_service()

    def set_current_ticket(self, number: str | None, code: str | None) -> None:
        """The visitor at the counter: the registration can be linked to their ticket."""
        self.ticket_number, self.ticket_code = number, code
        self.link_ticket.setVisible(number is not None)
        self.link_ticket.setText(self.tr_.t("reg_link_ticket", number=number or ""))

    def selected_service(self) -> ServiceView | None:
        index = self.service.currentIndex()
        if index < 0 or self.service.currentText() != self.service.itemText(index):
            return None
        code = self.service.itemData(index)
        return next((s for s in self.services if s.code == code), None)

    def choose_service(self, code: str) -> bool:
        index = self.service.findData(code)
        self.service.setCurrentIndex(index)
        return index >= 0

    def _service_text(self, view: ServiceView) -> str:
        return f"{self.tr_.pick(view.name_id, view.name_en)} ({view.code})"

    def _on_service(self) -> None:
        view = self.selected_service()
        for box in self.doc_boxes:
            box.deleteLater()
        self.doc_boxes = []
        docs = self.tr_.pick_seq(view.requirements_id, view.requirements_en) if view else ()
        conditional = view.requirements_conditional if view else ()
        for index, text in enumerate(docs):
            row = DocumentCheck(
                text, index + 1, conditional=index < len(conditional) and conditional[index]
            )
            if row.not_applicable is not None:
                row.not_applicable.setText(self.tr_.t("reg_not_applicable"))
            row.box.toggled.connect(self._corrected)
            self.docs_layout.addWidget(row)
            self.doc_boxes.append(row)
        self.docs_none.setVisible(view is not None and not docs)
        self.docs_all.setVisible(bool(docs))

    def _tick_all(self) -> None:
        for box in self.doc_boxes:
            box.setChecked(True)

    # --- actions -------------------------------------------------------------------------------

    def _submit(self) -> None:
        view = self.selected_service()
        if view is None:
            self.show_error(self.tr_.t("reg_pick_service"))
            return
        complete = None
        if not self.complete_now.isChecked():
            naive = self.complete_at.dateTime().toPython()
            assert isinstance(naive, datetime)
            complete = naive.replace(tzinfo=self.zone)
        linked = self.ticket_code if self.ticket_code and self.link_ticket.isChecked() else None
        form = RegisterForm(
            service_code=view.code,
            name=self.name.text(),
            nik=self.nik.text().strip(),
            phone=self.phone.text().strip(),
            documents=tuple(row.document() for row in self.doc_boxes if row.isChecked()),
            not_applicable=tuple(row.document() for row in self.doc_boxes if row.isNotApplicable()),
            complete_at=complete,
            ticket_code=linked,
            print_receipt=self.print_receipt.isChecked(),
            save_pdf=self.save_pdf.isChecked(),
            notify_opt_in=self.notify.isChecked() and self.notify.isEnabled(),
        )
        self.show_error("")
        self.register_requested.emit(form)

    def _phone_changed(self, text: str) -> None:
        has_phone = bool(text.strip())
        self.notify.setEnabled(has_phone)
        if not has_phone:
            self.notify.setChecked(False)

    def _reprint(self) -> None:
        if self.result is not None:
            self.reprint_requested.emit(self.result.registration_number)

    def _pdf(self) -> None:
        if self.result is not None:
            self.pdf_requested.emit(self.result.registration_number)

    def clear_form(self) -> None:
        """A fresh form for the next applicant: nothing of the previous one stays on screen."""
        self.service.setCurrentIndex(-1)
        self.service.setEditText("")
        for widget in (self.name, self.nik, self.phone):
            widget.clear()
        self.notify.setChecked(False)
        self.complete_now.setChecked(True)
        self.save_pdf.setChecked(False)
        self.print_receipt.setChecked(True)
        self.link_ticket.setChecked(True)
        self.result = None
        self._show_result_widgets(False)
        self.show_error("")
        self._on_service()

    def set_busy(self, busy: bool) -> None:
        self.submit.setEnabled(not busy)
        self.submit.setText(self.tr_.t("registering" if busy else "reg_submit"))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _corrected(self, *_args: object) -> None:
        """The officer changes what the error was about: the error line has done its job."""
        if self.error.isVisible():
            self.show_error("")

    def show_result(self, result: RegisteredApplication) -> None:
        self.result = result
        self._show_result_widgets(True)
        self.result_due_warning.setVisible(not result.due_confirmed)
        self.result_print.hide()
        self.result_pdf.hide()
        self.retranslate_ui()

    def _show_result_widgets(self, shown: bool) -> None:
        """The result card stays in place (the form keeps its width); before a registration
        it says what will appear there."""
        for widget in self.result_widgets:
            widget.setVisible(shown)
        self.result_placeholder.setVisible(not shown)

    def show_print_state(self, text: str, ok: bool = True) -> None:
        self.result_print.setObjectName("infoLine" if ok else "errorLine")
        self.result_print.style().unpolish(self.result_print)
        self.result_print.style().polish(self.result_print)
        self.result_print.setText(text)
        self.result_print.setVisible(bool(text))

    def show_pdf_path(self, text: str) -> None:
        self.result_pdf.setText(text)
        self.result_pdf.setVisible(bool(text))

    # --- texts ---------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("reg_title"))
        for key, text in (("service", "reg_service"), ("name", "reg_name"), ("nik", "reg_nik"),
                          ("phone", "reg_phone"), ("documents", "reg_documents"),
                          ("complete", "reg_complete_at")):  # fmt: skip
            self.labels[key].setText(t(text))
        line = self.service.lineEdit()
        if line is not None:
            line.setPlaceholderText(t("reg_service_placeholder"))
        self.nik.setPlaceholderText(t("reg_nik_placeholder"))
        self.notify.setText(t("reg_notify"))
        self.docs_none.setText(t("reg_no_documents"))
        self.docs_all.setText(t("reg_all_documents"))
        self.complete_now.setText(t("reg_complete_now"))
        self.link_ticket.setText(t("reg_link_ticket", number=self.ticket_number or ""))
        self.print_receipt.setText(t("reg_print"))
        self.save_pdf.setText(t("reg_pdf"))
        self.submit.setText(t("reg_submit"))
        self.clear.setText(t("reg_clear"))
        self.result_title.setText(t("reg_done_title" if self.result else "reg_result_title"))
        self.result_placeholder.setText(t("reg_result_hint"))
        self.result_number_label.setText(t("reg_number"))
        self.result_code_label.setText(t("reg_tracking"))
        self.result_due_label.setText(t("reg_due"))
        self.reprint.setText(t("reg_reprint"))
        self.pdf.setText(t("reg_save_pdf"))
        self.new.setText(t("reg_new"))
        if self.services:
            for index, view in enumerate(self.services):
                self.service.setItemText(index, self._service_text(view))
            self._on_service_texts()
        result = self.result
        if result is not None:
            self.result_number.setText(result.registration_number)
            self.result_code.setText(result.tracking_code_display)
            if result.sop_minutes is not None:
                sop = t("reg_sop_minutes", count=result.sop_minutes)
            else:
                sop = t("reg_sop_days", count=result.sop_working_days or 0)
            due = format_date(result.due_date, self.tr_.lang)
            self.result_due.setText(f"{due}\n({sop})")
            self.result_due_warning.setText(t("reg_due_provisional"))
            service = self.tr_.pick(result.service_name_id, result.service_name_en)
            self.result_who.setText(f"{t('reg_applicant')}: {result.masked_name}\n{service}")

    def _on_service_texts(self) -> None:
        view = self.selected_service()
        if view is None:
            return
        docs = self.tr_.pick_seq(view.requirements_id, view.requirements_en)
        for box, text in zip(self.doc_boxes, docs, strict=False):
            box.setText(text)
            if box.not_applicable is not None:
                box.not_applicable.setText(self.tr_.t("reg_not_applicable"))

    def default_complete_time(self, now: datetime) -> None:
        """The completion-time field starts at the current local time (the usual case)."""
        local = now.astimezone(self.zone)
        self.complete_at.setDateTime(
            QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute))
        )
