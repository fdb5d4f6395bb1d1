"""`mpp-kiosk devices [--json] [--watch]`: every kiosk, counter, display, web service and
printer with its last heartbeat, version, printer state; silent devices and printer faults
flagged (issue 10 item 2). ``--watch`` opens the live devices panel in a window.

Exit code 0 even when a device is silent or a printer is out of paper: the list is the
answer; monitoring scripts read ``silent``/``fault`` from ``--json``.
"""

from __future__ import annotations

import argparse
from typing import Any

from kiosk.cli.common import CliEnv, Outcome, add_command
from kiosk.i18n import translate
from kiosk.i18n.devices import device_kind_text, last_seen_text, printer_state_text
from kiosk.services import devices


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "devices",
        _devices,
        "devices and their health: last heartbeat, version, printer state",
        description="Every kiosk, counter, display and web service writes a heartbeat every "
        "[devices] heartbeat_interval_s seconds; one that missed 2 is 'silent'. Printer states: "
        "ok, paper_low, paper_out, cover_open, offline, unknown (the printer does not answer "
        "status queries).",
    )
    p.add_argument("--watch", action="store_true", help="open the live devices panel in a window")


def _devices(args: argparse.Namespace, env: CliEnv) -> Outcome:
    if args.watch:
        from kiosk.ui.devices.panel import run_panel_window  # Qt only when a window is wanted

        return Outcome({}, "", exit_code=run_panel_window(env.ctx, env.lang))
    ctx = env.ctx
    views = devices.list_devices(ctx)
    data = {
        "interval_s": ctx.settings.devices.heartbeat_interval_s,
        "silent_after_s": devices.silent_after(ctx).total_seconds(),
        "devices": [devices.device_dict(v) for v in views],
    }
    return Outcome(data, "\n".join(_lines(env.lang, ctx, views)))


def _lines(lang: Any, ctx: Any, views: list[devices.DeviceView]) -> list[str]:
    def t(msgid: str, **params: Any) -> str:
        return translate(lang, msgid, "common", **params)

    if not views:
        return [t("devices_none")]
    now = ctx.now()
    rows = [
        [
            "  " + t("devices_col_kind"),
            t("devices_col_name"),
            t("devices_col_last_seen"),
            t("devices_col_version"),
            t("devices_col_status"),
            t("devices_col_printer"),
        ]
    ]
    for v in views:
        alive = "" if v.kind == "printer" else t("devices_silent" if v.silent else "devices_alive")
        flag = "!" if v.silent or v.fault else ("~" if v.warning else " ")
        rows.append(
            [
                f"{flag} {device_kind_text(lang, v.kind)}",
                v.name,
                last_seen_text(lang, v.last_seen, now, ctx.zone),
                v.version or "-",
                alive.upper() if v.silent else alive,
                _last_column(lang, v),
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + "  " + r[-1] for r in rows
    ]
    silent = sum(v.silent for v in views)
    faults = sum(v.fault for v in views if v.kind != "printer")
    lines.append(t("devices_summary", count=len(views), silent=silent, faults=faults))
    return lines


def _last_column(lang: Any, view: devices.DeviceView) -> str:
    """The printer's state; a device without a printer may say something else instead (the
    web service: where its reads go)."""
    if not view.printer and view.detail:
        return view.detail
    return printer_state_text(lang, view.printer_state)
