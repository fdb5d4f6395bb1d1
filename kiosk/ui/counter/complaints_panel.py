"""The "Pengaduan" tab of a supervisor's counter window: the complaint register, the earliest
deadline first, overdue complaints in red, filters for open / overdue / status / category; a
double click (or *Buka*) opens the complaint in the detail page of the same tab.

A thin view over ``kiosk.services.complaints.list_complaints`` (which decides what the signed-in
handler may see: never a complaint about themselves, only their agency's): it emits what the
supervisor asked for; kiosk/ui/counter/complaints.py runs the reads in workers.
"""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.complaints import CATEGORIES, STATUSES
from kiosk.i18n import format_date, format_time
from kiosk.services.complaints import ComplaintFilters, ComplaintRow
from kiosk.ui.counter.complaint_actions import common_label
from kiosk.ui.counter.complaint_detail import ComplaintDetailView, target_text
from kiosk.ui.counter.queue_panel import card
from kiosk.ui.counter.signin import label
from kiosk.ui.counter.texts import CounterTranslator

__all__ = ["ComplaintListPanel", "ComplaintsTab"]

COLUMNS = ("cmp_col_code", "cmp_col_received", "cmp_col_category", "cmp_col_class",
           "cmp_col_status", "cmp_col_target", "cmp_col_due", "cmp_col_remark")  # fmt: skip
#: Overdue rows: the work list's red (kiosk/ui/counter/worklist_panel.py).
LATE_BG, LATE_FG = QColor("#fde4e1"), QColor("#9b1c1c")


class ComplaintListPanel(QWidget):
    """Signals:
    reload_requested(): read the register again (a filter changed or *Muat ulang*).
    open_requested(str): open this complaint code in the detail page.
    """

    reload_requested = Signal()
    open_requested = Signal(str)

    def __init__(self, tr: CounterTranslator, zone: ZoneInfo) -> None:
        super().__init__()
        self.tr_ = tr
        self.zone = zone
        self.rows: list[ComplaintRow] = []
        self.service_name: Callable[[str], str] = lambda code: code
        self.title = label("", "cardTitle")
        self.summary = label("", "hint")
        self.open_only = QCheckBox()
        self.open_only.setObjectName("cmpOpenOnly")
        self.open_only.setChecked(True)
        self.overdue = QCheckBox()
        self.overdue.setObjectName("cmpOverdue")
        self.status_label = label("", wrap=False)
        self.status = QComboBox()
        self.status.setObjectName("cmpStatus")
        self.category_label = label("", wrap=False)
        self.category = QComboBox()
        self.category.setObjectName("cmpCategory")
        for combo, values in ((self.status, STATUSES), (self.category, CATEGORIES)):
            combo.addItem("", None)
            for value in values:
                combo.addItem("", value)
            combo.currentIndexChanged.connect(lambda _i: self.reload_requested.emit())
        for box in (self.open_only, self.overdue):
            box.toggled.connect(lambda _on: self.reload_requested.emit())
        filters = QHBoxLayout()
        filters.setSpacing(12)
        filters.addWidget(self.open_only)
        filters.addWidget(self.overdue)
        filters.addSpacing(12)
        filters.addWidget(self.status_label)
        filters.addWidget(self.status)
        filters.addWidget(self.category_label)
        filters.addWidget(self.category)
        filters.addStretch(1)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("complaintList")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # The category and the target share what the short columns leave, wrapping if need be.
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (2, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
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
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(buttons)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(frame, 1)
        self._update_buttons()

    # --- what the supervisor asked for ---------------------------------------------------------

    def filters(self) -> ComplaintFilters:
        return ComplaintFilters(
            status=self.status.currentData(),
            category=self.category.currentData(),
            open_only=self.open_only.isChecked(),
            overdue=self.overdue.isChecked(),
        )

    def selected_code(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.rows):
            return None
        return self.rows[rows[0].row()].code

    def select_code(self, code: str) -> bool:
        for index, row in enumerate(self.rows):
            if row.code == code:
                self.table.selectRow(index)
                return True
        return False

    def is_overdue_row(self, index: int) -> bool:
        """Is row ``index`` drawn as overdue (what the supervisor sees in red)?"""
        cell = self.table.item(index, 0)
        return cell is not None and cell.background().color() == LATE_BG

    def _open(self) -> None:
        code = self.selected_code()
        if code:
            self.open_requested.emit(code)

    # --- what the service said -----------------------------------------------------------------

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_rows(self, rows: list[ComplaintRow]) -> None:
        self.show_error("")  # the list was read: whatever failed before is over
        selected = self.selected_code()
        self.rows = rows
        self.table.setRowCount(len(rows))
        self._fill()
        if selected is not None:
            self.select_code(selected)
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.selected_code() is not None)
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.title.setText(t("cmp_title"))
        self.open_only.setText(t("cmp_filter_open"))
        self.overdue.setText(t("cmp_filter_overdue"))
        self.status_label.setText(t("cmp_filter_status"))
        self.category_label.setText(t("cmp_filter_category"))
        for combo, kind in ((self.status, "status"), (self.category, "category")):
            for index in range(combo.count()):
                value = combo.itemData(index)
                text = common_label(self.tr_, kind, value) if value else t("cmp_all")
                combo.setItemText(index, text)
        self.empty.setText(t("cmp_empty"))
        self.open_button.setText(t("cmp_open"))
        self.reload_button.setText(t("cmp_reload"))
        self.table.setHorizontalHeaderLabels([t(key) for key in COLUMNS])
        self._fill()

    def _fill(self) -> None:
        t, lang = self.tr_.t, self.tr_.lang
        overdue = sum(1 for row in self.rows if row.overdue)
        self.summary.setText(t("cmp_summary", count=len(self.rows), overdue=overdue))
        bold = QFont(self.font())
        bold.setBold(True)
        for index, row in enumerate(self.rows):
            if row.overdue:
                remark = t("cmp_overdue")
            elif row.late:
                remark = t("cmp_late")
            else:
                remark = ""
            local = row.received_at.astimezone(self.zone)
            received = (
                f"{format_date(local.date(), lang, weekday=False)} {format_time(local, lang)}"
            )
            values = (
                row.code_display,
                received,
                common_label(self.tr_, "category", row.category),
                common_label(self.tr_, "class", row.complaint_class),
                common_label(self.tr_, "status", row.status),
                target_text(self.tr_, row, self.service_name),
                format_date(row.due_date, lang, weekday=False),
                remark,
            )
            for column, value in enumerate(values):
                cell = QTableWidgetItem(value)
                cell.setData(Qt.ItemDataRole.UserRole, row.code)
                cell.setToolTip(row.excerpt)
                if row.overdue:
                    cell.setBackground(QBrush(LATE_BG))
                    cell.setForeground(QBrush(LATE_FG))
                    if column in (6, 7):
                        cell.setFont(bold)
                self.table.setItem(index, column, cell)


class ComplaintsTab(QStackedWidget):
    """The tab itself: the register (``list``) and one complaint (``detail``)."""

    def __init__(self, tr: CounterTranslator, zone: ZoneInfo) -> None:
        super().__init__()
        self.setObjectName("complaintsTab")
        self.list = ComplaintListPanel(tr, zone)
        self.detail = ComplaintDetailView(tr, zone)
        self.addWidget(self.list)
        self.addWidget(self.detail)

    def show_list(self) -> None:
        self.setCurrentWidget(self.list)

    def show_detail(self) -> None:
        self.setCurrentWidget(self.detail)

    def retranslate_ui(self) -> None:
        self.list.retranslate_ui()
        self.detail.retranslate_ui()
