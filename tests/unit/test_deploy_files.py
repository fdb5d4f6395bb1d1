"""The deployment files in deploy/ run real command lines: every `mpp-kiosk ...` they start
parses with the program's own argument parser (a renamed option would otherwise surface as a
kiosk that does not come up after a reboot), and the units restart what crashes."""

from __future__ import annotations

import configparser
import shlex
from pathlib import Path

import pytest

from kiosk.cli import build_parser

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
BINARY = "/opt/mpp-kiosk/.venv/bin/mpp-kiosk"


def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser


def _mpp_commands(line: str) -> list[list[str]]:
    words = shlex.split(line)
    return [words[i + 1 :] for i, w in enumerate(words) if w == BINARY]


def test_there_are_units_for_every_role_that_runs_unattended() -> None:
    names = {p.name for p in UNITS}
    assert {"mpp-kiosk-kiosk.service", "mpp-kiosk-display.service",
            "mpp-kiosk-web.service", "mpp-kiosk-backup.service"} <= names  # fmt: skip
    assert (DEPLOY / "systemd" / "mpp-kiosk-backup.timer").exists()


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_every_unit_runs_a_real_command_line(unit: Path) -> None:
    service = _unit(unit)["Service"]
    commands = _mpp_commands(service["ExecStart"])
    assert commands, f"{unit.name} does not start mpp-kiosk"
    for argv in commands:
        args = build_parser().parse_args(argv)
        assert getattr(args, "config", None), f"{unit.name}: every role reads its settings file"
    if service.get("Type") != "oneshot":
        assert service["Restart"] == "always", f"{unit.name}: a crashed role comes back"
    assert service["User"] == "mpp", "no role runs as root"


def test_the_counter_autostart_entry_runs_the_counter() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(DEPLOY / "autostart" / "mpp-kiosk-counter.desktop", encoding="utf-8")
    (argv,) = _mpp_commands(entry["Desktop Entry"]["Exec"])
    assert build_parser().parse_args(argv).role == "counter"


def test_the_web_service_listens_on_loopback_only() -> None:
    service = _unit(DEPLOY / "systemd" / "mpp-kiosk-web.service")["Service"]
    (argv,) = _mpp_commands(service["ExecStart"])
    args = build_parser().parse_args(argv)
    assert args.host == "127.0.0.1", "the reverse proxy terminates TLS in front of it"
    assert service["ProtectSystem"] == "strict" and service["NoNewPrivileges"] == "yes"
