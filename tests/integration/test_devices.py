"""Device health (issue 10 item 2): heartbeats, silent devices, printer states, the CLI.

What a supervisor notices: a kiosk whose process died is flagged silent within 2 heartbeat
intervals; a kiosk whose printer is out of paper shows "paper out" (from the loopback printer's
own status answer, asked by the kiosk's print spool on its thread); the CLI lists both.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.core.clock import SystemClock
from kiosk.errors import BadInput
from kiosk.printing.transports import PrinterStatus
from kiosk.services import devices
from kiosk.services.context import AppContext, build_context
from kiosk.services.devices import DeviceView
from kiosk.services.printqueue import PrintSpool
from tests.conftest import REPO, settings_for
from tests.support.tcp_printer import FakeNetworkPrinter

INTERVAL_S = 0.5


@pytest.fixture
def live(ctx: AppContext) -> Iterator[AppContext]:
    """The prepared database with a real clock and a short heartbeat interval."""
    context = build_context(
        settings_for(ctx.db.url, devices={"heartbeat_interval_s": INTERVAL_S}), SystemClock()
    )
    yield context
    context.db.dispose()


def find(ctx: AppContext, kind: str, name: str) -> DeviceView | None:
    return next((d for d in devices.list_devices(ctx) if (d.kind, d.name) == (kind, name)), None)


def wait_for(ctx: AppContext, kind: str, name: str, ok: object, within: float) -> DeviceView:
    deadline = time.monotonic() + within
    while True:
        view = find(ctx, kind, name)
        if view is not None and ok(view):  # type: ignore[operator]
            return view
        if time.monotonic() > deadline:
            raise AssertionError(f"{kind} {name}: {view}")
        time.sleep(0.02)


def test_a_killed_kiosk_is_flagged_silent_within_two_intervals(
    live: AppContext, tmp_path: Path
) -> None:
    env = {
        **os.environ,
        "MPP_KIOSK_DATABASE_URL": live.db.url,
        "MPP_KIOSK_DEVICES_HEARTBEAT_INTERVAL_S": str(INTERVAL_S),
        "PYTHONPATH": str(REPO),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.support.heartbeat_process", "kiosk", "anjungan-9"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "beating"
        alive = wait_for(live, "kiosk", "anjungan-9", lambda v: not v.silent, 2)
        assert alive.version and alive.host and alive.printer_state == ""
        # Beating: never silent over 3 intervals.
        until = time.monotonic() + 3 * INTERVAL_S
        while time.monotonic() < until:
            view = find(live, "kiosk", "anjungan-9")
            assert view is not None and not view.silent
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        killed = time.monotonic()
        proc.wait(5)
        wait_for(live, "kiosk", "anjungan-9", lambda v: v.silent, 2 * INTERVAL_S + 0.3)
        flagged_in = time.monotonic() - killed
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
        assert proc.stdout is not None
        proc.stdout.close()
    assert flagged_in <= 2 * INTERVAL_S + 0.15, flagged_in
    # A silent kiosk's printer is not reported as a fault (its state is stale): it is silent.
    assert devices.printer_faults(live) == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # 6 s a start: one backend is enough
def test_the_web_service_reports_a_heartbeat(live: AppContext) -> None:
    """`mpp-kiosk web` beats too (kind web, named after its host and port)."""
    env = {
        **os.environ,
        "MPP_KIOSK_DATABASE_URL": live.db.url,
        "MPP_KIOSK_DEVICES_HEARTBEAT_INTERVAL_S": str(INTERVAL_S),
        "PYTHONPATH": str(REPO),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk.cli", "web", "--port", "0"],
        cwd=REPO,
        env=env,
        stderr=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        web: list[DeviceView] = []
        while not web and time.monotonic() < deadline:
            web = [d for d in devices.list_devices(live) if d.kind == "web"]
            time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(10)
    assert len(web) == 1 and not web[0].silent and web[0].printer_state == ""
    assert web[0].name.startswith("web@") and not web[0].name.endswith(":0")


def test_paper_out_from_the_loopback_printer_shows_as_paper_out(
    live: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    with FakeNetworkPrinter(paper="out") as printer:
        spool = PrintSpool(live, printer.uri(), probe_interval=0.1)
        spool.start()
        beat = devices.start_heartbeat(live, "kiosk", name="anjungan-1", spool=spool)
        try:
            view = wait_for(
                live, "kiosk", "anjungan-1", lambda v: v.printer_state == "paper_out", 3
            )
            assert printer.connections[0].queries == [1, 2, 4]  # DLE EOT asked, on the spool
        finally:
            beat.stop()
            spool.stop()
    assert view.fault and not view.silent and view.printer == printer.uri()
    assert [d.name for d in devices.printer_faults(live)] == ["anjungan-1"]
    # The printer's own row (written by the spool) says the same.
    assert find(live, "printer", printer.uri()) is not None
    db = live.db.url
    assert main(["devices", "--db", db, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kiosk = next(d for d in data["devices"] if d["kind"] == "kiosk")
    assert (kiosk["name"], kiosk["printer_state"], kiosk["fault"]) == (
        "anjungan-1",
        "paper_out",
        True,
    )
    for lang, words in (("id", "kertas habis"), ("en", "paper out")):
        assert main(["devices", "--db", db, "--lang", lang]) == 0
        out = capsys.readouterr().out
        line = next(x for x in out.splitlines() if "anjungan-1" in x)
        assert words in line and line.startswith("!")


SQLITE_ONLY = pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)


@SQLITE_ONLY  # the printer's side; the database part is the same on both
@pytest.mark.parametrize(
    ("printer", "state"),
    [
        ({}, "ok"),
        ({"paper": "low"}, "paper_low"),
        ({"cover_open": True}, "cover_open"),
        ({"online": False}, "offline"),
    ],
)
def test_an_idle_spool_reports_its_printer_state(
    ctx: AppContext, printer: dict[str, object], state: str
) -> None:
    """The spool asks an idle printer (one that answers) its status; the heartbeat carries it."""
    with FakeNetworkPrinter(**printer) as fake:  # type: ignore[arg-type]
        spool = PrintSpool(ctx, fake.uri(), probe_interval=0.05)
        spool.start()
        try:
            deadline = time.monotonic() + 3
            while spool.printer_status is None and time.monotonic() < deadline:
                time.sleep(0.01)
        finally:
            spool.stop()
    assert spool.printer_status is not None and spool.printer_status.state == state
    devices.heartbeat(ctx, "kiosk", "k", printer=fake.uri(), status=spool.printer_status)
    view = find(ctx, "kiosk", "k")
    assert view is not None and view.printer_state == state
    assert view.fault == (state in ("cover_open", "offline"))
    assert view.warning == (state == "paper_low")


@SQLITE_ONLY
def test_a_silent_printer_is_unknown_and_never_probed_again(ctx: AppContext) -> None:
    """No answer to DLE EOT: "unknown", and the idle spool stops asking (2 s each time)."""
    with FakeNetworkPrinter("silent") as fake:
        spool = PrintSpool(ctx, fake.uri(), probe_interval=0.05)
        assert spool.probe() == PrinterStatus("unknown", "no answer to DLE EOT")
        spool._next_probe = 0.0
        spool._maybe_probe()
        assert fake.wait_for_connections(1) and len(fake.connections) == 1
        devices.heartbeat(ctx, "counter", "loket-3", printer=fake.uri(), status=None)
    view = find(ctx, "counter", "loket-3")
    assert view is not None and view.printer_state == "unknown" and not view.fault


def test_heartbeats_of_every_role_and_bad_input(ctx: AppContext) -> None:
    for kind in ("kiosk", "counter", "display", "web"):
        devices.heartbeat(ctx, kind, f"  {kind}   1 ", version="9.9")
    views = devices.list_devices(ctx)
    assert [(v.kind, v.name, v.version, v.printer_state) for v in views] == [
        ("kiosk", "kiosk 1", "9.9", ""),
        ("counter", "counter 1", "9.9", ""),
        ("display", "display 1", "9.9", ""),
        ("web", "web 1", "9.9", ""),
    ]
    devices.heartbeat(ctx, "kiosk", "kiosk 1")  # the same row, updated
    assert len(devices.list_devices(ctx)) == 4
    with pytest.raises(BadInput) as err:
        devices.heartbeat(ctx, "toaster", "x")
    assert err.value.reason == "device_kind"
    with pytest.raises(BadInput):
        devices.heartbeat(ctx, "kiosk", " ")


@SQLITE_ONLY
def test_the_cli_says_when_no_device_reported(
    ctx: AppContext, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["devices", "--db", ctx.db.url, "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == "No device has reported yet."
    assert main(["devices", "--db", ctx.db.url]) == 0
    assert capsys.readouterr().out.strip() == "Belum ada perangkat yang melapor."
