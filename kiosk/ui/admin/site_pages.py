"""Site-wide pages: the holiday calendar, the charter texts and the printers."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.core.workdays import HOLIDAY_KINDS
from kiosk.services.admin import calendar, devices_setup
from kiosk.services.context import AppContext
from kiosk.services.staff import Officer
from kiosk.ui.admin.form import EditorPage, Field
from kiosk.ui.admin.texts import AdminTranslator, error_text
from kiosk.ui.workers import Workers

__all__ = ["CharterPage", "HolidaysPage", "PrintersPage"]


class HolidaysPage(EditorPage):
    """One year's non-working days; add or change a day, delete it, import the official CSV,
    load the year from the ``holidays`` package's Indonesian calendar, confirm the year."""

    form_name = "form_holiday"
    key_field = "day"
    columns = ("col_date", "col_kind", "col_name", "col_status")
    fields = (
        Field("day", "f_date", fixed=True),
        Field("kind", "f_holiday_kind", "choice", tuple((k, f"kind_{k}") for k in HOLIDAY_KINDS)),
        Field("name", "f_holiday_name"),
    )

    def __init__(
        self, tr: AdminTranslator, workers: Workers, ctx: AppContext, officer: Officer
    ) -> None:
        self.ctx = ctx
        self.officer = officer
        super().__init__(tr, workers)
        self.year = QSpinBox()
        self.year.setObjectName("yearBox")
        self.year.setRange(2000, 2100)
        self.year.setValue(ctx.local_now().year)
        self.year.valueChanged.connect(lambda _y: self.reload())
        self.year_label = QLabel()
        self.delete_button = QPushButton()
        self.import_button = QPushButton()
        self.estimate_button = QPushButton()
        self.confirm_button = QPushButton()
        bar = QHBoxLayout()
        bar.addWidget(self.year_label)
        bar.addWidget(self.year)
        bar.addStretch(1)
        for button in (self.import_button, self.estimate_button, self.confirm_button):
            bar.addWidget(button)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertLayout(0, bar)
        self.buttons.insertWidget(1, self.delete_button)
        self.delete_button.clicked.connect(self._delete)
        self.import_button.clicked.connect(self._pick_file)
        self.estimate_button.clicked.connect(self.load_estimate)
        self.confirm_button.clicked.connect(self._confirm)
        site_admin = officer.can("catalog.edit")
        for button in (self.import_button, self.estimate_button, self.confirm_button):
            button.setEnabled(site_admin)

    def read(self) -> list[calendar.HolidayRow]:
        return calendar.list_year(self.ctx, self.officer, self.year.value())

    def editable(self, entry: dict[str, Any] | None) -> bool:
        return self.officer.can("catalog.edit")

    def blank(self) -> dict[str, Any]:
        return {"day": f"{self.year.value()}-", "kind": "libur"}

    def rows(self, data: list[calendar.HolidayRow]) -> tuple[list[list[str]], list[dict[str, Any]]]:
        t = self.tr_.t
        cells = [
            [r.day.isoformat(), t(f"kind_{r.kind}"), r.name,
             t("status_estimate") if r.provisional else t("status_confirmed")]
            for r in data
        ]  # fmt: skip
        entries = [
            {"day": r.day.isoformat(), "kind": r.kind, "name": r.name, "provisional": r.provisional}
            for r in data
        ]
        return cells, entries

    def save(self, values: dict[str, Any], new: bool) -> Any:
        day = _parse_day(values["day"])
        calendar.save_holiday(self.ctx, self.officer, day, values["kind"], values["name"])
        return day

    def retranslate_ui(self) -> None:
        super().retranslate_ui()
        t = self.tr_.t
        if hasattr(self, "year_label"):
            self.year_label.setText(t("year"))
            self.delete_button.setText(t("delete"))
            self.import_button.setText(t("import_csv"))
            self.estimate_button.setText(t("load_estimate"))
            self.confirm_button.setText(t("confirm_year"))

    def _apply_editable(self, entry: dict[str, Any] | None) -> None:
        super()._apply_editable(entry)
        if hasattr(self, "delete_button"):
            self.delete_button.setEnabled(entry is not None and self.editable(entry))

    def _delete(self) -> None:
        entry = self.selected()
        if entry is not None:
            day = date.fromisoformat(entry["day"])
            self.run(
                lambda: calendar.delete_holiday(self.ctx, self.officer, day),
                lambda _r: self.reload(),
            )

    def _pick_file(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr_.t("import_csv"), "", "CSV (*.csv)"
        )
        if path:
            self.import_file(path)

    def import_file(self, path: str) -> None:
        self.run(lambda: calendar.import_csv(self.ctx, self.officer, path), self._on_imported)

    def _on_imported(self, result: dict[str, int]) -> None:
        self._tell(self.tr_.t("imported", added=result["added"], updated=result["updated"]))
        self.reload()

    def load_estimate(self) -> None:
        year = self.year.value()
        self.run(
            lambda: calendar.load_estimate(self.ctx, self.officer, year),
            lambda added: self._told(self.tr_.t("estimate_loaded", n=added, year=year)),
        )

    def _confirm(self) -> None:
        year = self.year.value()
        self.run(
            lambda: calendar.confirm_year(self.ctx, self.officer, year),
            lambda r: self._told(self.tr_.t("year_confirmed", n=r["confirmed"], year=year)),
        )

    def _told(self, text: str) -> None:
        """An action's outcome on the notice line, then the year read again."""
        self._tell(text)
        self.reload()

    def _tell(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()


def _parse_day(text: str) -> date:
    from kiosk.errors import BadInput

    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise BadInput("admin_date", value=text.strip()[:20]) from None


class CharterPage(QWidget):
    """The charter (maklumat, standar pelayanan) in each language, as the site's own file."""

    def __init__(
        self, tr: AdminTranslator, workers: Workers, ctx: AppContext, officer: Officer
    ) -> None:
        super().__init__()
        self.tr_, self.workers, self.ctx, self.officer = tr, workers, ctx, officer
        self.lang = QComboBox()
        self.lang.setObjectName("charterLang")
        self.lang.addItem("Bahasa Indonesia", "id")
        self.lang.addItem("English", "en")
        self.source = QLabel()
        self.source.setObjectName("hint")
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("charterText")
        self.save_button = QPushButton()
        self.save_button.setObjectName("primary")
        self.save_button.setEnabled(officer.can("catalog.edit"))
        self.error = QLabel()
        self.error.setObjectName("errorLine")
        self.error.hide()
        self.notice = QLabel()
        self.notice.setObjectName("noticeLine")
        self.notice.hide()
        top = QHBoxLayout()
        top.addWidget(self.lang)
        top.addWidget(self.source, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.error, 1)
        bottom.addWidget(self.notice, 1)
        bottom.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addLayout(top)
        layout.addWidget(self.editor, 1)
        layout.addLayout(bottom)
        self.lang.currentIndexChanged.connect(lambda _i: self.reload())
        self.save_button.clicked.connect(self._save)
        self._own = False

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.save_button.setText(t("save"))
        self.source.setText(t("charter_own") if self._own else t("charter_sample"))

    def reload(self) -> None:
        lang = self.lang.currentData()
        self.workers.submit(
            lambda: devices_setup.charter_text(lang), self._on_text, self._on_error, busy=False
        )

    def _on_text(self, result: tuple[str, bool]) -> None:
        text, self._own = result
        self.editor.setPlainText(text)
        self.retranslate_ui()

    def _save(self) -> None:
        lang, text = self.lang.currentData(), self.editor.toPlainText()
        self.error.hide()
        self.workers.submit(
            lambda: devices_setup.save_charter(self.ctx, self.officer, lang, text),
            lambda _r: self._on_saved(),
            self._on_error,
        )

    def _on_saved(self) -> None:
        self.notice.setText(self.tr_.t("saved"))
        self.notice.show()
        self.reload()

    def _on_error(self, exc: BaseException) -> None:
        self.notice.hide()
        self.error.setText(error_text(self.tr_, exc))
        self.error.show()


class PrintersPage(QWidget):
    """The printers this installation knows, their last state, and a test page for one."""

    def __init__(
        self, tr: AdminTranslator, workers: Workers, ctx: AppContext, officer: Officer
    ) -> None:
        super().__init__()
        self.tr_, self.workers, self.ctx, self.officer = tr, workers, ctx, officer
        self.printers: list[devices_setup.PrinterRow] = []
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("entryTable")
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.test_button = QPushButton()
        self.test_button.setObjectName("primary")
        self.result = QLabel()
        self.result.setObjectName("noticeLine")
        self.result.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.result, 1)
        bottom.addWidget(self.test_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.test_button.clicked.connect(self._test)

    def retranslate_ui(self) -> None:
        t = self.tr_.t
        self.table.setHorizontalHeaderLabels(
            [t("col_printer"), t("col_used_by"), t("col_state"), t("col_last_seen")]
        )
        self.test_button.setText(t("test_print"))

    def reload(self) -> None:
        self.workers.submit(
            lambda: devices_setup.list_printers(self.ctx, self.officer),
            self._on_list,
            self._on_error,
            busy=False,
        )

    def _on_list(self, printers: list[devices_setup.PrinterRow]) -> None:
        self.printers = printers
        self.table.setRowCount(len(printers))
        for r, p in enumerate(printers):
            seen = (
                p.last_seen.astimezone(self.ctx.zone).strftime("%d-%m-%Y %H:%M")
                if p.last_seen
                else "-"
            )
            for c, text in enumerate((p.uri, p.used_by, self.tr_.t(f"printer_{p.state}"), seen)):
                self.table.setItem(r, c, QTableWidgetItem(text))
        if printers and not self.table.selectionModel().selectedRows():
            self.table.selectRow(0)

    def _test(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        uri = self.printers[rows[0].row()].uri
        self.test_button.setEnabled(False)
        self.result.setText(self.tr_.t("test_printing", uri=uri))
        lang = self.tr_.lang
        self.workers.submit(
            lambda: devices_setup.test_print(self.ctx, self.officer, uri, lang),
            self._on_tested,
            self._on_error,
        )

    def _on_tested(self, state: Any) -> None:
        self.test_button.setEnabled(True)
        key = "test_printed" if state.status == "done" else "test_failed"
        self.result.setText(self.tr_.t(key, uri=state.printer_uri, detail=state.last_error))
        self.reload()

    def _on_error(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self.result.setText(error_text(self.tr_, exc))
