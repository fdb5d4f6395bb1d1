"""A form built from field specs, and the list-plus-form page every admin editor is made of.

Why one generic page: services, counters, agencies and staff are all "pick a row or press New,
edit the fields, Save"; one page keeps them alike for the supervisor and keeps the workers,
the error line and the read-only state (another agency's row) in one place. Each editor
supplies its fields, its columns, how to read and how to save; the services do the checking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.ui.admin.texts import AdminTranslator, error_text
from kiosk.ui.workers import Workers

__all__ = ["EditorPage", "Field", "Form"]


@dataclass(frozen=True)
class Field:
    """One form field. ``kind``: text | multiline | int | optint | bool | choice | lines.

    ``lines``: a list, one item per line; ``int``/``optint``: a whole number (optint may stay
    empty). A ``choice`` lists ``(value, label key)`` pairs, or takes them at run time through
    ``Form.set_choices``. ``fixed``: editable only for a new entry (a code).
    """

    key: str
    label: str  # a message key of the admin catalogue
    kind: str = "text"
    choices: tuple[tuple[str, str], ...] = ()
    fixed: bool = False
    secret: bool = False


class Form(QWidget):
    """Widgets for a list of fields; ``values()`` gives what is typed, parsed minimally (the
    service layer validates). A number that is not a number is passed on as text, so the
    catalogue's rule words the error."""

    def __init__(self, tr: AdminTranslator, fields: Sequence[Field]) -> None:
        super().__init__()
        self.tr_ = tr
        self.fields = list(fields)
        self.widgets: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.setVerticalSpacing(8)
        for field in self.fields:
            widget = self._make(field)
            widget.setObjectName(f"field_{field.key}")
            self.widgets[field.key] = widget
            label = QLabel()
            self.labels[field.key] = label
            layout.addRow(label, widget)
        self._new = True

    def _make(self, field: Field) -> QWidget:
        if field.kind in ("multiline", "lines"):
            box = QPlainTextEdit()
            box.setFixedHeight(84 if field.kind == "lines" else 64)
            return box
        if field.kind == "bool":
            return QCheckBox()
        if field.kind == "choice":
            combo = QComboBox()
            for value, _label in field.choices:
                combo.addItem("", value)
            return combo
        edit = QLineEdit()
        if field.secret:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        for field in self.fields:
            self.labels[field.key].setText(t(field.label))
            widget = self.widgets[field.key]
            if isinstance(widget, QComboBox) and field.choices:
                for i, (_value, label) in enumerate(field.choices):
                    widget.setItemText(i, t(label))

    def label_texts(self) -> dict[str, str]:
        return {f.key: self.tr_.t(f.label) for f in self.fields}

    def set_choices(self, key: str, choices: Sequence[tuple[str, str]]) -> None:
        """(value, shown text) pairs for a run-time choice (agencies)."""
        combo = self.widgets[key]
        assert isinstance(combo, QComboBox)
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for value, text in choices:
            combo.addItem(text, value)
        index = combo.findData(current)
        combo.setCurrentIndex(max(0, index))
        combo.blockSignals(False)

    def set_values(self, values: dict[str, Any], *, new: bool) -> None:
        self._new = new
        for field in self.fields:
            widget = self.widgets[field.key]
            value = values.get(field.key)
            if isinstance(widget, QPlainTextEdit):
                if field.kind == "lines":
                    widget.setPlainText("\n".join(str(v) for v in (value or [])))
                else:
                    widget.setPlainText(str(value or ""))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value if value is not None else "")))
            elif isinstance(widget, QLineEdit):
                widget.setText("" if value is None else str(value))
                widget.setCursorPosition(0)  # a long name reads from its start
                widget.setReadOnly(field.fixed and not new)

    def set_editable(self, editable: bool) -> None:
        for field in self.fields:
            widget = self.widgets[field.key]
            if isinstance(widget, QLineEdit | QPlainTextEdit):
                widget.setReadOnly(not editable or (field.fixed and not self._new))
            else:
                widget.setEnabled(editable)

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for field in self.fields:
            widget = self.widgets[field.key]
            if isinstance(widget, QPlainTextEdit):
                text = widget.toPlainText()
                if field.kind == "lines":
                    out[field.key] = [line.strip() for line in text.splitlines() if line.strip()]
                else:
                    out[field.key] = text.strip()
            elif isinstance(widget, QCheckBox):
                out[field.key] = widget.isChecked()
            elif isinstance(widget, QComboBox):
                out[field.key] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                text = widget.text().strip()
                if field.kind in ("int", "optint"):
                    out[field.key] = _number(text, optional=field.kind == "optint")
                else:
                    out[field.key] = text
        return out


def _number(text: str, *, optional: bool) -> Any:
    cleaned = text.replace(".", "").replace(" ", "")
    if not cleaned:
        return None if optional else text
    try:
        return int(cleaned)
    except ValueError:
        return text  # the service's range rule names the field and the value


class EditorPage(QWidget):
    """A table of entries on the left, the selected entry's form on the right.

    Subclasses set ``fields``, ``columns`` (message keys) and implement ``read()`` (worker:
    returns the page's data), ``rows(data)`` (table cells and the entry dicts), ``save(values,
    new)`` (worker) and optionally ``editable(entry)``.

    Signals:
        saved(object): an entry was saved (what the service returned).
    """

    saved = Signal(object)
    fields: Sequence[Field] = ()
    columns: Sequence[str] = ()
    form_name = "form"  # message key: the form's name in error lines
    stretch_columns: Sequence[int] = (1,)  # the name; the others fit their contents
    key_field = "code"

    def __init__(self, tr: AdminTranslator, workers: Workers) -> None:
        super().__init__()
        self.tr_ = tr
        self.workers = workers
        self.data: Any = None
        self.entries: list[dict[str, Any]] = []
        self.new = True
        self.loading = False
        self.table = QTableWidget(0, len(self.columns))
        self.table.setObjectName("entryTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for stretched in self.stretch_columns:
            header.setSectionResizeMode(stretched, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._on_selected)
        self.form = Form(tr, self.fields)
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.new_button = QPushButton()
        self.new_button.setObjectName("newButton")
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.error = QLabel()
        self.error.setObjectName("errorLine")
        self.error.setWordWrap(True)
        self.error.hide()
        self.notice = QLabel()
        self.notice.setObjectName("noticeLine")
        self.notice.hide()
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.new_button)
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.save_button)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        right = QWidget()
        column = QVBoxLayout(right)
        column.addWidget(self.title)
        column.addWidget(scroll, 1)
        column.addWidget(self.error)
        column.addWidget(self.notice)
        column.addLayout(self.buttons)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([600, 600])  # the list as wide as the form: codes and names stay legible
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(split)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self._on_save)

    # --- to implement -------------------------------------------------------------------------

    def read(self) -> Any:
        raise NotImplementedError

    def rows(self, data: Any) -> tuple[list[list[str]], list[dict[str, Any]]]:
        raise NotImplementedError

    def save(self, values: dict[str, Any], new: bool) -> Any:
        raise NotImplementedError

    def editable(self, entry: dict[str, Any] | None) -> bool:
        return True

    def blank(self) -> dict[str, Any]:
        return {}

    def loaded(self, data: Any) -> None:
        """After a read, before the table fills: run-time choices (agencies...)."""

    # --- behaviour ----------------------------------------------------------------------------

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.table.setHorizontalHeaderLabels([t(c) for c in self.columns])
        self.new_button.setText(t("new"))
        self.save_button.setText(t("save"))
        self._retitle()
        self.form.retranslate_ui()
        self._fill_table()

    def _retitle(self) -> None:
        self.title.setText(self.tr_.t("new_entry") if self.new else self.tr_.t("edit_entry"))

    def reload(self, select: Any = None) -> None:
        self.loading = True
        self.workers.submit(
            self.read, lambda data: self._on_read(data, select), self._on_error, busy=False
        )

    def _on_read(self, data: Any, select: Any) -> None:
        self.loading = False
        self.data = data
        self.loaded(data)
        self._fill_table()
        keys = [e.get(self.key_field) for e in self.entries]
        if select is not None and select in keys:
            self.table.selectRow(keys.index(select))
        else:
            self.start_new()

    def _fill_table(self) -> None:
        """The table from the data read last, in the current language (the selection kept)."""
        if self.data is None:
            return
        cells, self.entries = self.rows(self.data)
        self.table.blockSignals(True)
        self.table.setRowCount(len(cells))
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                item = self.table.item(r, c)
                if item is None:
                    self.table.setItem(r, c, QTableWidgetItem(text))
                else:
                    item.setText(text)
        self.table.blockSignals(False)

    def _on_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        entry = self.entries[rows[0].row()]
        self.new = False
        self.form.set_values(entry, new=False)
        self._apply_editable(entry)
        self.show_error("")
        self._retitle()

    def start_new(self) -> None:
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self.new = True
        self.form.set_values(self.blank(), new=True)
        self._apply_editable(None)
        self.show_error("")
        self._retitle()

    def _apply_editable(self, entry: dict[str, Any] | None) -> None:
        allowed = self.editable(entry)
        self.form.set_editable(allowed)
        self.save_button.setEnabled(allowed)
        read_only = self.tr_.t("read_only")
        if not allowed:
            self.notice.setText(read_only)
            self.notice.show()
        elif self.notice.text() == read_only:
            self.notice.hide()

    def selected(self) -> dict[str, Any] | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()] if rows and not self.new else None

    def _on_save(self) -> None:
        values = self.form.values()
        new = self.new
        self.save_button.setEnabled(False)
        self.show_error("")
        self.workers.submit(
            lambda: self.save(values, new),
            lambda result: self._on_saved(result, values),
            lambda exc: self._on_save_error(exc, values),
        )

    def _on_saved(self, result: Any, values: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self.notice.setText(self.tr_.t("saved"))
        self.notice.show()
        self.saved.emit(result)
        self.reload(select=values.get(self.key_field))

    def _on_save_error(self, exc: BaseException, values: dict[str, Any]) -> None:
        self.save_button.setEnabled(True)
        self.show_error(
            error_text(
                self.tr_,
                exc,
                form=self.tr_.t(self.form_name),
                entry=str(values.get(self.key_field) or ""),
                labels=self.form.label_texts(),
            )
        )

    def run(self, fn: Callable[[], Any], on_done: Callable[[Any], None]) -> None:
        """A page action in a worker; its refusal goes to the error line."""
        self.show_error("")
        self.workers.submit(fn, on_done, self._on_error)

    def _on_error(self, exc: BaseException) -> None:
        self.loading = False
        self.save_button.setEnabled(True)
        self.show_error(error_text(self.tr_, exc))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))
        if text:
            self.notice.hide()
