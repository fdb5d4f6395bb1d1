"""``DevicesPanel``: a live list of every kiosk, counter, display, web service and printer.

A thin view over ``kiosk.services.devices.list_devices``: the read runs on the worker pool
(never the GUI thread) every ``refresh_ms`` -- half a heartbeat interval by default, so a
device that falls silent is shown within the 2 intervals after which it counts as silent --
and the table is rebuilt on the GUI thread from the result. Silent devices and printer faults
are highlighted (red), paper low in amber. The admin window (kiosk/ui/admin/) embeds it as a
tab; ``mpp-kiosk devices --watch`` shows it alone (:func:`run_panel_window`).
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QTimer, Signal, Slot
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.errors import KioskError
from kiosk.i18n import Lang, error_text, translate
from kiosk.i18n.devices import device_kind_text, last_seen_text, printer_state_text
from kiosk.services import devices
from kiosk.services.context import AppContext
from kiosk.services.devices import DeviceView
from kiosk.ui.workers import Workers

__all__ = ["COLUMNS", "DevicesPanel", "run_panel_window"]

log = logging.getLogger(__name__)

COLUMNS = ("kind", "name", "last_seen", "version", "status", "printer")
_FAULT = QColor("#f8d7da")
_WARNING = QColor("#fff3cd")


def _t(lang: Lang, msgid: str, **params: Any) -> str:
    return translate(lang, msgid, "common", **params)


class DevicesPanel(QWidget):
    """Devices with kind, name, last seen, version, status and printer state, live.

    Signals:
        devices_changed(object): the list of DeviceView just shown (after each read).
    """

    devices_changed = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        *,
        workers: Workers | None = None,
        lang: Lang = "id",
        refresh_ms: int | None = None,
        start: bool = True,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self.lang: Lang = lang
        self.workers = workers if workers is not None else Workers(self)
        self.views: list[DeviceView] = []
        self.error = ""
        self._loading = False
        self.setObjectName("devicesPanel")
        interval_ms = ctx.settings.devices.heartbeat_interval_s * 1000
        self.refresh_ms = refresh_ms or int(min(5000, max(250, interval_ms / 2)))
        self.summary = QLabel()
        self.summary.setObjectName("devicesSummary")
        # A longer summary must not change the window's minimum size at every refresh.
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("devicesTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(self.refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.retranslate_ui()
        if start:
            self.timer.start()
            self.refresh()

    # --- reading -------------------------------------------------------------------------------

    @Slot()
    def refresh(self) -> None:
        """Read the list on the worker pool (one read at a time)."""
        if self._loading:
            return
        self._loading = True
        ctx = self.ctx
        self.workers.submit(
            lambda: devices.list_devices(ctx), self._on_devices, self._on_error, busy=False
        )

    def stop(self) -> None:
        """Stop refreshing (the owner's shutdown)."""
        self.timer.stop()
        self.workers.cancel_pending()

    def _on_devices(self, views: list[DeviceView]) -> None:
        self._loading = False
        self.views = views
        self.error = ""
        self._fill()
        self.devices_changed.emit(views)

    def _on_error(self, exc: BaseException) -> None:
        self._loading = False
        if not isinstance(exc, KioskError):
            log.warning("devices panel: read failed: %s", exc)
        self.error = error_text(self.lang, exc) if isinstance(exc, KioskError) else str(exc)
        self._show_summary()

    # --- showing -------------------------------------------------------------------------------

    def set_language(self, lang: Lang) -> None:
        self.lang = lang
        self.retranslate_ui()

    def retranslate_ui(self) -> None:
        self.table.setHorizontalHeaderLabels([_t(self.lang, f"devices_col_{c}") for c in COLUMNS])
        self._fill()

    def row_texts(self, row: int) -> list[str]:
        """What row ``row`` shows, cell by cell (tests, screenshots)."""
        return [
            (item.text() if (item := self.table.item(row, c)) is not None else "")
            for c in range(self.table.columnCount())
        ]

    def _fill(self) -> None:
        lang = self.lang
        now = self.ctx.now()
        self.table.setRowCount(len(self.views))
        for row, view in enumerate(self.views):
            if view.kind == "printer":
                status = ""
            else:
                status = _t(lang, "devices_silent" if view.silent else "devices_alive")
            cells = (
                device_kind_text(lang, view.kind),
                view.name,
                last_seen_text(lang, view.last_seen, now, self.ctx.zone),
                view.version or "-",
                status,
                printer_state_text(lang, view.printer_state),
            )
            tone = _FAULT if view.silent or view.fault else _WARNING if view.warning else None
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == len(cells) - 1 and (view.detail or view.printer):
                    where = f"{view.printer}: " if view.printer and view.kind != "printer" else ""
                    item.setToolTip(where + view.detail)
                if tone is not None:
                    item.setBackground(QBrush(tone))
                self.table.setItem(row, col, item)
        self._show_summary()

    def _show_summary(self) -> None:
        if self.error:
            self.summary.setText(_t(self.lang, "devices_read_failed", error=self.error))
        elif not self.views:
            self.summary.setText(_t(self.lang, "devices_none"))
        else:
            self.summary.setText(
                _t(
                    self.lang,
                    "devices_summary",
                    count=len(self.views),
                    silent=sum(v.silent for v in self.views),
                    faults=sum(v.fault for v in self.views if v.kind != "printer"),
                )
            )


def run_panel_window(ctx: AppContext, lang: str = "id") -> int:
    """``mpp-kiosk devices --watch``: the panel alone in a window, until it is closed."""
    from kiosk.ui.app import ensure_app

    app = ensure_app()
    chosen: Lang = "en" if lang == "en" else "id"
    panel = DevicesPanel(ctx, lang=chosen)
    panel.setWindowTitle(f"MPP Kiosk - {_t(chosen, 'devices_title')}")
    panel.adjustSize()
    panel.resize(960, 480)
    panel.show()
    code = app.exec()
    panel.stop()
    return int(code)
