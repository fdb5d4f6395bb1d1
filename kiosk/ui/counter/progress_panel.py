"""The "application progress" tab: find a file by its receipt QR (a USB scanner types it into the
code field and presses Enter) or its registration number, see its stages, move it on.

A thin view: it emits ``find_requested`` and ``action_requested``; the services decide what is
allowed (stage order, clock stops, the officer's agency) and the window shows their refusal as
one line, until the field is corrected or the next action succeeds. The buttons offered follow
the file's status so the usual next step is obvious. The officer of the file's agency sees the
applicant's full name (the service sends it only to them).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import format_date, format_datetime
from kiosk.services.tracking import ApplicationView, StageView
from kiosk.services.worklist import StaffApplicationView
from kiosk.ui.counter.queue_panel import card
from kiosk.ui.counter.signin import label
from kiosk.ui.counter.texts import CounterTranslator

#: (action, text key, object name of the button style)
ACTIONS = (
    ("advance", "prog_advance", "primary"),
    ("ready", "prog_ready", ""),
    ("handover", "prog_handover", ""),
    ("return", "prog_return", ""),
    ("resume", "prog_resume", ""),
    ("reject", "prog_reject", "danger"),
    ("reprint", "prog_reprint", ""),
)
#: Actions that need the note field filled in.
NEEDS_NOTE = ("return", "reject")


class ProgressPanel(QWidget):
    """Signals:
    find_requested(str): a tracking code or registration number.
    action_requested(str, str, str): action, the application's registration number, the note.
    """

    find_requested = Signal(str)
    action_requested = Signal(str, str, str)

    def __init__(self, tr: CounterTranslator, zone: ZoneInfo) -> None:
        super().__init__()
        self.tr_ = tr
        self.zone = zone
        self.view: ApplicationView | None = None

        self.title = label("", "cardTitle")
        self.code_label = label("", wrap=False)
        self.code = QLineEdit()
        self.code.setObjectName("progCode")
        self.code.setMaxLength(64)
        self.code.returnPressed.connect(self._find)
        self.code.textEdited.connect(self._corrected)
        self.find_button = QPushButton()
        self.find_button.setObjectName("primary")
        self.find_button.clicked.connect(self._find)
        search = QHBoxLayout()
        search.addWidget(self.code_label)
        search.addWidget(self.code, 1)
        search.addWidget(self.find_button)
        self.error = label("", "errorLine")
        self.error.hide()
        self.info = label("", "infoLine")
        self.info.hide()

        # the file
        self.reg = label("", "appNumber", wrap=False)
        self.service = label("", "ticketService")
        self.applicant = label("", "statusChip", wrap=False)
        self.status = label("", "statusChip")
        self.due = label("", "", wrap=False)
        self.lateness = label("", "onTimeChip", wrap=False)
        self.stages_title = label("", "cardTitle")
        self.stages_host = QWidget()
        self.stages_host.setObjectName("scrollBody")
        self.stages_layout = QVBoxLayout(self.stages_host)
        self.stages_layout.setContentsMargins(0, 0, 0, 0)
        self.stages_layout.setSpacing(4)
        self.stage_labels: list[tuple[StageView, object]] = []
        stages_scroll = QScrollArea()
        stages_scroll.setWidgetResizable(True)
        stages_scroll.setWidget(self.stages_host)
        self.details, details_layout = card(None)
        first = QHBoxLayout()
        first.addWidget(self.reg)
        first.addStretch(1)
        first.addWidget(self.applicant)
        details_layout.addLayout(first)
        details_layout.addWidget(self.service)
        details_layout.addWidget(self.status)
        second = QHBoxLayout()
        second.addWidget(self.due)
        second.addStretch(1)
        second.addWidget(self.lateness)
        details_layout.addLayout(second)
        details_layout.addWidget(self.stages_title)
        details_layout.addWidget(stages_scroll, 1)

        self.note_label = label("", "cardTitle")
        self.note = QLineEdit()
        self.note.setObjectName("progNote")
        self.note.setMaxLength(500)
        self.note.textEdited.connect(self._corrected)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(8)
        for index, (name, _key, style) in enumerate(ACTIONS):
            button = QPushButton()
            button.setObjectName(style or f"prog_{name}")
            button.setProperty("action", name)
            button.clicked.connect(lambda _c=False, n=name: self._act(n))
            self.buttons[name] = button
            if name == "advance":
                grid.addWidget(button, 0, 0, 1, 2)
            else:
                grid.addWidget(button, 1 + (index - 1) // 2, (index - 1) % 2)
        self.actions_card, actions_layout = card(self.note_label)
        actions_layout.addWidget(self.note)
        actions_layout.addLayout(grid)
        actions_layout.addStretch(1)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(16)
        body.addWidget(self.details, 3)
        body.addWidget(self.actions_card, 2)
        self.body = QWidget()
        self.body.setLayout(body)
        self.body.hide()

        top, top_layout = card(self.title)
        top_layout.addLayout(search)
        top_layout.addWidget(self.error)
        top_layout.addWidget(self.info)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(top)
        layout.addWidget(self.body, 1)
        layout.addStretch(0)

    # --- actions -------------------------------------------------------------------------------

    def _find(self) -> None:
        code = self.code.text().strip()
        if not code:
            self.show_error(self.tr_.t("prog_missing"))
            return
        self.show_error("")
        self.find_requested.emit(code)

    def _act(self, name: str) -> None:
        if self.view is None:
            return
        note = self.note.text().strip()
        if name in NEEDS_NOTE and not note:
            self.show_error(self.tr_.t("prog_need_note"))
            self.note.setFocus()
            return
        self.show_error("")
        self.action_requested.emit(name, self.view.registration_number, note)

    def next_stage(self) -> StageView | None:
        """The stage ``advance`` would move the file into (the first pending one)."""
        if self.view is None:
            return None
        return next((s for s in self.view.stages if s.state == "pending"), None)

    # --- state ---------------------------------------------------------------------------------

    def show_view(self, view: ApplicationView, *, clear_note: bool = True) -> None:
        self.view = view
        if clear_note:
            self.note.clear()
        self.show_error("")  # the service answered: an earlier refusal is over
        self.body.show()
        self.retranslate_ui()

    def clear_view(self) -> None:
        self.view = None
        self.body.hide()
        self.note.clear()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text:
            self.info.hide()

    def _corrected(self, _text: str) -> None:
        """The code or the note is being corrected: the error about it goes."""
        if self.error.isVisible():
            self.show_error("")

    def show_info(self, text: str) -> None:
        self.info.setText(text)
        self.info.setVisible(bool(text))

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("prog_title"))
        self.code_label.setText(t("prog_code"))
        self.code.setPlaceholderText(t("prog_code_placeholder"))
        self.find_button.setText(t("prog_find"))
        self.note_label.setText(t("prog_note"))
        self.note.setPlaceholderText(t("prog_note_placeholder"))
        self.stages_title.setText(t("prog_stage"))
        nxt = self.next_stage()
        for name, key, _style in ACTIONS:
            text = t(key)
            if name == "advance":
                text = (
                    t("prog_advance", stage=self.tr_.pick(nxt.name_id, nxt.name_en))
                    if nxt is not None
                    else t("prog_advance_none")
                )
            self.buttons[name].setText(text)
        view = self.view
        if view is None:
            return
        self.reg.setText(view.registration_number)
        self.service.setText(self.tr_.pick(view.service_name_id, view.service_name_en))
        # The officer of the file's agency gets the full name (services/worklist.py decides).
        full = view.applicant_name if isinstance(view, StaffApplicationView) else ""
        self.applicant.setText(full or view.masked_name)
        self.status.setText(
            f"{t('prog_status')}: {t('app_status_' + view.status)} \u2013 "
            f"{self.tr_.pick(view.current_stage_name_id, view.current_stage_name_en)}"
        )
        self.due.setText(f"{t('prog_due')}: {format_date(view.due_date, self.tr_.lang)}")
        if view.clock_stopped:
            late_text, late_style = t("prog_clock_stopped"), "lateChip"
        elif view.late_working_days:
            late_text = t("prog_late", days=view.late_working_days)
            late_style = "lateChip"
        else:
            late_text, late_style = t("prog_on_time"), "onTimeChip"
        self.lateness.setText(late_text)
        self.lateness.setObjectName(late_style)
        self.lateness.style().unpolish(self.lateness)
        self.lateness.style().polish(self.lateness)
        self._show_stages(view)
        self._update_buttons(view)

    def _show_stages(self, view: ApplicationView) -> None:
        while self.stages_layout.count():
            item = self.stages_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        t = self.tr_.t
        marks = {"done": "\u2713", "current": "\u25b6", "pending": "\u25cb"}
        styles = {"done": "stageDone", "current": "stageCurrent", "pending": "stagePending"}
        for stage in view.stages:
            name = self.tr_.pick(stage.name_id, stage.name_en)
            when = ""
            if stage.at is not None:
                when = "  \u2013  " + format_datetime(stage.at, self.tr_.lang, tz=self.zone)
            note = f"\n      {stage.note}" if stage.note else ""
            text = f"{marks[stage.state]}  {name} ({t('stage_' + stage.state)}){when}{note}"
            row = label(text, styles[stage.state])
            self.stages_layout.addWidget(row)
        self.stages_layout.addStretch(1)

    def _update_buttons(self, view: ApplicationView) -> None:
        status = view.status
        active = status in ("in_progress", "waiting_applicant")
        nxt = self.next_stage()
        enabled = {
            "advance": status in ("in_progress", "waiting_applicant", "ready") and nxt is not None,
            "ready": status == "in_progress",
            "handover": status == "ready",
            "return": status == "in_progress",
            "resume": status == "waiting_applicant",
            "reject": active,
            "reprint": True,
        }
        for name, button in self.buttons.items():
            button.setEnabled(enabled[name])
