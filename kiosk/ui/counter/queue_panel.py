"""The queue tab of the counter window: the current ticket very large, the seven actions with
their function keys, who is waiting, and the waiting list (number, time, service). A no-show is
asked about first in a line under the buttons (kiosk/flows/counter.py says why).

A thin view: ``show_state`` maps a CounterSnapshot and the waiting list onto widgets and decides
the buttons the serve loop (kiosk.flows.counter.enabled_actions) allows; the window calls the
services when a button (or its F-key) asks.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.flows.counter import enabled_actions
from kiosk.i18n import format_time
from kiosk.services.queue import (
    PRIORITY_LABELS,
    CounterSnapshot,
    CounterTicket,
    CounterView,
    ServiceView,
    WaitingTicket,
)
from kiosk.ui.counter.signin import label
from kiosk.ui.counter.texts import CounterTranslator
from kiosk.ui.shared.fit_label import FitLabel
from kiosk.ui.theme import load_fonts

#: Design pixels (1366x768) of the current number, and of the "no ticket yet" line there.
NUMBER_PX, EMPTY_PX = 150, 34

#: (action, function key, text key, button kind)
ACTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("call_next", "F1", "act_call_next", ""),
    ("recall", "F2", "act_recall", "quiet"),
    ("start", "F3", "act_start", ""),
    ("finish", "F4", "act_finish", "good"),
    ("no_show", "F5", "act_no_show", "warn"),
    ("transfer", "F6", "act_transfer", "quiet"),
    ("toggle", "F7", "act_pause", "quiet"),
)


def card(title: QWidget | None = None) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 14, 18, 14)
    layout.setSpacing(8)
    if title is not None:
        layout.addWidget(title)
    return frame, layout


class QueuePanel(QWidget):
    """Signals:
    action_requested(str): one of the ACTIONS names.
    call_requested(str): call this waiting number out of turn.
    confirm_requested(): "yes" to the question in the confirmation line.
    cancel_requested(): "no" to it.
    """

    action_requested = Signal(str)
    call_requested = Signal(str)
    confirm_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, tr: CounterTranslator, zone: ZoneInfo) -> None:
        super().__init__()
        self.tr_ = tr
        self.zone = zone
        self.snapshot: CounterSnapshot | None = None
        self.waiting: list[WaitingTicket] = []
        self.now: datetime | None = None

        # current ticket
        self.current_title = label("", "cardTitle")
        # The number as large as the card allows (a FitLabel never pushes the buttons away).
        self.scale = 1.0
        self.number = FitLabel(load_fonts(), NUMBER_PX, object_name="ticketNumber")
        self.number.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Expanding)
        self.status = label("", "ticketStatus")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.service = label("", "ticketService")
        self.service.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.priority = label("", "priorityBadge", wrap=False)
        self.transferred = label("", "transferBadge", wrap=False)
        badges = QHBoxLayout()
        badges.addStretch(1)
        badges.addWidget(self.priority)
        badges.addWidget(self.transferred)
        badges.addStretch(1)
        self.meta = label("", "ticketMeta")
        self.meta.setAlignment(Qt.AlignmentFlag.AlignCenter)
        current, current_layout = card(self.current_title)
        current_layout.addWidget(self.number, 1)
        current_layout.addWidget(self.status)
        current_layout.addWidget(self.service)
        current_layout.addLayout(badges)
        current_layout.addWidget(self.meta)

        # actions
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        grid.setSpacing(10)
        for index, (name, _key, _text, kind) in enumerate(ACTIONS):
            button = QPushButton()
            button.setObjectName("action")
            button.setProperty("action", name)
            if kind:
                button.setProperty("kind", kind)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            button.clicked.connect(lambda _c=False, n=name: self.action_requested.emit(n))
            self.buttons[name] = button
            # F1 (the most used) twice as wide: F1 F2 F3 on the first row, F4-F7 below.
            if name == "call_next":
                grid.addWidget(button, 0, 0, 1, 2)
            elif index < 3:
                grid.addWidget(button, 0, index + 1)
            else:
                grid.addWidget(button, 1, index - 3)

        # the question before a no-show (hidden unless asked)
        self.confirm_bar = QFrame()
        self.confirm_bar.setObjectName("confirmBar")
        self.confirm_text = label("", "confirmText")
        self.confirm_yes = QPushButton()
        self.confirm_yes.setObjectName("danger")
        self.confirm_yes.clicked.connect(self.confirm_requested)
        self.confirm_no = QPushButton()
        self.confirm_no.clicked.connect(self.cancel_requested)
        bar = QHBoxLayout(self.confirm_bar)
        bar.setContentsMargins(14, 8, 14, 8)
        bar.addWidget(self.confirm_text, 1)
        bar.addWidget(self.confirm_yes)
        bar.addWidget(self.confirm_no)
        self.confirm_bar.hide()
        self.confirm_number: str | None = None

        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(current, 1)
        left.addLayout(grid)
        left.addWidget(self.confirm_bar)

        # waiting counts and today's numbers
        self.waiting_title = label("", "cardTitle")
        self.waiting_lines = label("", "", wrap=True)
        self.today_title = label("", "cardTitle")
        self.today_lines = label("", "")
        counts, counts_layout = card(self.waiting_title)
        counts_layout.addWidget(self.waiting_lines)
        counts_layout.addWidget(self.today_title)
        counts_layout.addWidget(self.today_lines)

        # waiting list
        self.list_title = label("", "cardTitle")
        self.list = QListWidget()
        self.list.setObjectName("waitingList")
        self.list_empty = label("", "muted")
        self.call_this = QPushButton()
        self.call_this.setObjectName("primary")
        self.call_this.clicked.connect(self._call_selected)
        self.list.itemDoubleClicked.connect(lambda _item: self._call_selected())
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        waiting, waiting_layout = card(self.list_title)
        waiting_layout.addWidget(self.list, 1)
        waiting_layout.addWidget(self.list_empty)
        waiting_layout.addWidget(self.call_this)

        right = QVBoxLayout()
        right.setSpacing(12)
        right.addWidget(counts)
        right.addWidget(waiting, 1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16)
        layout.addLayout(left, 3)
        layout.addLayout(right, 2)

    # --- state ---------------------------------------------------------------------------------

    def set_scale(self, scale: float) -> None:
        self.scale = scale
        self._show_current(self.snapshot.current if self.snapshot else None)

    def show_state(
        self, snapshot: CounterSnapshot, waiting: list[WaitingTicket], now: datetime
    ) -> None:
        selected = self.selected_number()
        self.snapshot, self.waiting, self.now = snapshot, waiting, now
        self.list.blockSignals(True)
        self.list.clear()
        for ticket in waiting:
            item = QListWidgetItem(self._waiting_text(ticket))
            item.setData(Qt.ItemDataRole.UserRole, ticket.number)
            self.list.addItem(item)
            if ticket.number == selected:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self.retranslate_ui()

    def selected_number(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def select_number(self, number: str) -> bool:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == number:
                self.list.setCurrentItem(item)
                return True
        return False

    def show_confirm(self, number: str | None) -> None:
        """Ask "mark ``number`` as a no-show?" (None: no question)."""
        self.confirm_number = number
        self.confirm_bar.setVisible(number is not None)
        self._confirm_texts()
        if number is not None:
            self.confirm_yes.setFocus()

    def _confirm_texts(self) -> None:
        t = self.tr_.t
        self.confirm_text.setText(t("confirm_no_show", number=self.confirm_number or ""))
        self.confirm_yes.setText(t("confirm_yes"))
        self.confirm_no.setText(t("confirm_cancel"))

    def _call_selected(self) -> None:
        number = self.selected_number()
        if number:
            self.call_requested.emit(number)

    def _waiting_text(self, ticket: WaitingTicket) -> str:
        marks = []
        if ticket.priority:
            marks.append(self.tr_.t("priority_mark"))
        if ticket.for_this_counter:
            marks.append(self.tr_.t("transferred_mark"))
        time = format_time(ticket.queued_at.astimezone(self.zone), self.tr_.lang)
        service = self.tr_.pick(ticket.service_name_id, ticket.service_name_en)
        extra = f"  ({', '.join(marks)})" if marks else ""
        return f"{ticket.number}   {time}   {service}{extra}"

    # --- texts ---------------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.current_title.setText(t("current_title"))
        self.waiting_title.setText(t("waiting_title"))
        self.today_title.setText(t("today_title"))
        self.list_title.setText(t("waiting_list"))
        self.list_empty.setText(t("waiting_list_empty"))
        self.call_this.setText(t("call_this"))
        for name, key, text, _kind in ACTIONS:
            if name == "toggle":
                is_open = self.snapshot is not None and self.snapshot.state == "open"
                text = "act_pause" if is_open else "act_open"
            self.buttons[name].setText(f"{key}   {t(text)}")
        for row, ticket in enumerate(self.waiting):
            item = self.list.item(row)
            if item is not None:
                item.setText(self._waiting_text(ticket))
        self._show_current(self.snapshot.current if self.snapshot else None)
        self._show_counts()
        self._confirm_texts()
        self._update_buttons()

    def _show_current(self, ticket: CounterTicket | None) -> None:
        t = self.tr_.t
        self.number.setProperty("empty", ticket is None)
        self.number.style().unpolish(self.number)
        self.number.style().polish(self.number)
        self.number.set_max_px(round((EMPTY_PX if ticket is None else NUMBER_PX) * self.scale))
        if ticket is None:
            self.number.setText(t("current_none"))
            self.status.setText("")
            self.service.setText("")
            state = self.snapshot.state if self.snapshot is not None else "open"
            hint = {"closed": "current_closed_hint", "paused": "current_paused_hint"}
            self.meta.setText(t(hint.get(state, "current_none_hint")))
            self.priority.hide()
            self.transferred.hide()
            return
        self.number.setText(ticket.number)
        self.status.setText(t("status_serving" if ticket.status == "serving" else "status_called"))
        self.service.setText(self.tr_.pick(ticket.service_name_id, ticket.service_name_en))
        if ticket.priority_kind:
            kind = PRIORITY_LABELS.get(ticket.priority_kind, {}).get(
                self.tr_.lang, ticket.priority_kind
            )
            self.priority.setText(t("priority_badge", kind=kind))
            self.priority.show()
        else:
            self.priority.hide()
        self.transferred.setText(t("transferred_badge"))
        self.transferred.setVisible(ticket.transferred)
        lines = []
        now = self.now
        if ticket.status == "serving" and ticket.serving_at is not None and now is not None:
            minutes = max(0, int((now - ticket.serving_at).total_seconds() // 60))
            when = format_time(ticket.serving_at.astimezone(self.zone), self.tr_.lang)
            lines.append(t("since_serving", time=when, minutes=minutes))
        elif ticket.called_at is not None and now is not None:
            minutes = max(0, int((now - ticket.called_at).total_seconds() // 60))
            when = format_time(ticket.called_at.astimezone(self.zone), self.tr_.lang)
            lines.append(t("since_called", time=when, minutes=minutes))
        if ticket.recalls:
            lines.append(t("recalls", count=ticket.recalls))
        self.meta.setText("\n".join(lines))

    def _show_counts(self) -> None:
        t = self.tr_.t
        snap = self.snapshot
        if snap is None:
            self.waiting_lines.setText("")
            self.today_lines.setText("")
            return
        lines = [t("waiting_queue", prefix=prefix, count=count) for prefix, count in snap.waiting]
        lines.append(t("waiting_priority", count=snap.waiting_priority))
        if snap.waiting_for_counter:
            lines.append(t("waiting_for_counter", count=snap.waiting_for_counter))
        self.waiting_lines.setText("\n".join(lines))
        self.today_lines.setText(
            t("served_today", count=snap.served_today)
            + "\n"
            + t("no_show_today", count=snap.no_show_today)
        )

    def _update_buttons(self) -> None:
        snap = self.snapshot
        is_open = snap is not None and snap.state == "open"
        current = snap.current if snap is not None else None
        enabled = enabled_actions(snap)
        for name, button in self.buttons.items():
            button.setEnabled(enabled[name])
        # Opening a closed or paused counter is the next step: F7 then looks like one.
        toggle = self.buttons["toggle"]
        kind = "quiet" if is_open else ""
        if toggle.property("kind") != kind:
            toggle.setProperty("kind", kind)
            toggle.style().unpolish(toggle)
            toggle.style().polish(toggle)
        has_list = bool(self.waiting)
        self.list.setVisible(has_list)
        self.list_empty.setVisible(not has_list)
        self.call_this.setEnabled(
            is_open and current is None and self.selected_number() is not None
        )


class TransferDialog(QDialog):
    """Where the current visitor goes next: another service, a specific counter, or both.

    Opened with ``open()`` (window-modal, never blocks the event loop); the window reads
    ``choice()`` on ``accepted``.
    """

    def __init__(
        self,
        tr: CounterTranslator,
        number: str,
        services: list[ServiceView],
        counters: list[CounterView],
        own_counter: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("transferDialog")
        t = tr.t
        self.setWindowTitle(t("transfer_title", number=number))
        self.to_service = QCheckBox(t("transfer_to_service"))
        self.service = QComboBox()
        self.service.setObjectName("transferService")
        self.service.setEditable(True)
        self.service.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.service.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.service.setMinimumContentsLength(36)
        for view in services:
            name = tr.pick(view.name_id, view.name_en)
            self.service.addItem(f"{name} ({view.code})", view.code)
        completer = self.service.completer()
        if completer is not None:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.service.setCurrentIndex(-1)
        self.to_counter = QCheckBox(t("transfer_to_counter"))
        self.counter = QComboBox()
        self.counter.setObjectName("transferCounter")
        self.counter.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.counter.setMinimumContentsLength(36)
        for counter_view in counters:
            if counter_view.number != own_counter:
                name = tr.pick(counter_view.name_id, counter_view.name_en)
                self.counter.addItem(name, counter_view.number)
        self.service.setEnabled(False)
        self.counter.setEnabled(False)
        self.to_service.toggled.connect(self.service.setEnabled)
        self.to_counter.toggled.connect(self.counter.setEnabled)
        self.error = label("", "errorLine")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.to_service)
        form.addRow(t("transfer_service"), self.service)
        form.addRow(self.to_counter)
        form.addRow(t("transfer_counter"), self.counter)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton(t("transfer_ok"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("primary")
        self.cancel = self.buttons.addButton(t("cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self._need = t("transfer_need")
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        layout.setContentsMargins(22, 18, 22, 18)
        layout.setSpacing(12)
        layout.addWidget(label(t("transfer_title", number=number), "pageTitle", wrap=False))
        layout.addWidget(label(t("transfer_hint"), "hint"))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        hint = layout.sizeHint()
        self.resize(max(560, hint.width()), hint.height() + 60)

    def choice(self) -> tuple[str | None, int | None]:
        """(service code, counter number): what is ticked and chosen."""
        service = None
        if self.to_service.isChecked():
            index = self.service.findText(self.service.currentText())
            data = self.service.itemData(index) if index >= 0 else None
            service = str(data) if data else None
        counter = None
        if self.to_counter.isChecked() and self.counter.currentIndex() >= 0:
            counter = int(self.counter.currentData())
        return service, counter

    def _accept(self) -> None:
        service, counter = self.choice()
        if service is None and counter is None:
            self.error.setText(self._need)
            self.error.show()
            return
        self.accept()
