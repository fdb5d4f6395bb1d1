"""The "work list" tab: the agency's open applications, the earliest due first, the late ones in
red, so the officer sees what to finish today without searching file by file.

A thin view over ``kiosk.services.worklist.work_list`` (which decides whose files an officer may
list): it emits ``reload_requested`` and ``open_requested`` (a registration number, shown in the
progress tab); the window runs the read in a worker and hands the rows back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.i18n import format_date
from kiosk.services.worklist import WorkItem
from kiosk.ui.counter.queue_panel import card
from kiosk.ui.counter.signin import label
from kiosk.ui.counter.texts import CounterTranslator

COLUMNS = ("wl_col_due", "wl_col_number", "wl_col_applicant", "wl_col_service", "wl_col_stage",
           "wl_col_late")  # fmt: skip
#: Overdue rows: the style of the "late" chips (kiosk/ui/counter/style.py).
LATE_BG, LATE_FG = QColor("#fde4e1"), QColor("#9b1c1c")


class WorkListPanel(QWidget):
    """Signals:
    reload_requested(): read the list again.
    open_requested(str): show this registration number in the progress tab.
    """

    reload_requested = Signal()
    open_requested = Signal(str)

    def __init__(self, tr: CounterTranslator) -> None:
        super().__init__()
        self.tr_ = tr
        self.items: list[WorkItem] = []
        self.title = label("", "cardTitle")
        self.summary = label("", "hint")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("workList")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.itemDoubleClicked.connect(lambda _item: self._open())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.empty = label("", "muted")
        self.error = label("", "errorLine")
        self.error.hide()
        self.open_button = QPushButton()
        self.open_button.setObjectName("primary")
        self.open_button.clicked.connect(self._open)
        self.reload_button = QPushButton()
        self.reload_button.clicked.connect(self.reload_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.open_button)
        frame, layout = card(self.title)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame, 1)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_items(self, items: list[WorkItem]) -> None:
        self.show_error("")  # the list was read: whatever failed before is over
        selected = self.selected_number()
        self.items = items
        self.table.setRowCount(len(items))
        self._fill()
        if selected is not None:
            self.select_number(selected)
        self._update_buttons()

    def selected_number(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.items):
            return None
        return self.items[rows[0].row()].registration_number

    def select_number(self, number: str) -> bool:
        for row, item in enumerate(self.items):
            if item.registration_number == number:
                self.table.selectRow(row)
                return True
        return False

    def is_overdue_row(self, row: int) -> bool:
        """Is row ``row`` drawn as overdue (what the officer sees in red)?"""
        cell = self.table.item(row, 0)
        return cell is not None and cell.background().color() == LATE_BG

    def _open(self) -> None:
        number = self.selected_number()
        if number:
            self.open_requested.emit(number)

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_number() is not None)
        self.table.setVisible(bool(self.items))
        self.empty.setVisible(not self.items)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("wl_title"))
        self.empty.setText(t("wl_empty"))
        self.open_button.setText(t("wl_open"))
        self.reload_button.setText(t("wl_reload"))
        self.table.setHorizontalHeaderLabels([t(key) for key in COLUMNS])
        self._fill()

    def _fill(self) -> None:
        t, pick = self.tr_.t, self.tr_.pick
        overdue = sum(1 for item in self.items if item.overdue)
        self.summary.setText(t("wl_summary", count=len(self.items), overdue=overdue))
        bold = QFont(self.font())
        bold.setBold(True)
        for row, item in enumerate(self.items):
            if item.overdue:
                remark = t("prog_late", days=item.late_working_days)
            elif item.status in ("waiting_applicant", "ready"):
                remark = t(f"app_status_{item.status}")
            else:
                remark = t("prog_on_time")
            values = (
                format_date(item.due_date, self.tr_.lang),
                item.registration_number,
                item.applicant_name,
                pick(item.service_name_id, item.service_name_en),
                pick(item.current_stage_name_id, item.current_stage_name_en),
                remark,
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, item.registration_number)
                if item.overdue:
                    cell.setBackground(QBrush(LATE_BG))
                    cell.setForeground(QBrush(LATE_FG))
                    if column in (0, 5):
                        cell.setFont(bold)
                self.table.setItem(row, column, cell)
