#!/usr/bin/env python3
"""Install the Debian/Ubuntu packages Qt's X11 (xcb) platform and QtMultimedia need.

`make run` calls this before the demo starts, so a fresh machine needs nothing but the
README's two commands. Standard library only: it runs with the system's python3, before the
virtualenv (and PySide6) exist.

What it does, in order:
  1. asks dpkg which of PACKAGES are not installed (nothing missing: done, silently);
  2. as root: `apt-get update` + `apt-get install -y --no-install-recommends ...`;
  3. otherwise, with sudo on PATH: the same through `sudo` (which may ask for a password);
  4. otherwise prints the one command to run and exits 1, so `make run` stops there.

Options: --dry-run prints the decision and the commands without running them (exit 0 when
nothing is missing, 1 when something is). Environment: MPP_KIOSK_SYSTEM_PACKAGES replaces the
package list (space-separated; the tests use it), MPP_KIOSK_SKIP_SYSTEM_PACKAGES=1 skips the
whole step (a machine whose administrator manages packages another way).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence

# Qt's xcb platform plugin and QtGui (ldd of PySide6's libqxcb.so / libQt6XcbQpa / libQt6Gui
# on Debian 12); kiosk/ui/app.py XCB_LIBRARIES checks the four a desktop most often lacks.
QT_XCB_PACKAGES = (
    "libxcb-cursor0",
    "libxkbcommon-x11-0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-randr0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libx11-xcb1",
    "libxkbcommon0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
)
# QtMultimedia (the display's voice) does not import without PulseAudio's client library.
SOUND_PACKAGES = ("libpulse0",)
PACKAGES = QT_XCB_PACKAGES + SOUND_PACKAGES


def wanted_packages(environ: dict[str, str]) -> list[str]:
    override = environ.get("MPP_KIOSK_SYSTEM_PACKAGES")
    return override.split() if override is not None else list(PACKAGES)


def is_installed(package: str) -> bool:
    """dpkg's own answer ("install ok installed"); a removed-but-configured one is missing."""
    result = subprocess.run(
        ["dpkg-query", "-W", "-f=${Status}", package],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode == 0 and result.stdout.strip().endswith(" installed")


def plan(missing: Sequence[str], *, is_root: bool, sudo: str | None) -> tuple[str, list[list[str]]]:
    """How to install `missing`: ("root" | "sudo" | "manual", the commands)."""
    install = ["apt-get", "install", "-y", "--no-install-recommends", *missing]
    update = ["apt-get", "update"]
    if is_root:
        return "root", [update, install]
    if sudo is not None:
        return "sudo", [["sudo", *update], ["sudo", *install]]
    return "manual", [install]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="say what would be done, do nothing")
    args = parser.parse_args(argv)
    env = dict(os.environ)
    if env.get("MPP_KIOSK_SKIP_SYSTEM_PACKAGES") == "1":
        return 0
    if not sys.platform.startswith("linux") or shutil.which("dpkg-query") is None:
        if args.dry_run:
            print("system packages: not a Debian/Ubuntu system, nothing to check")
        return 0
    missing = [p for p in wanted_packages(env) if not is_installed(p)]
    if not missing:
        if args.dry_run:
            print("system packages: all installed")
        return 0
    how, commands = plan(missing, is_root=os.geteuid() == 0, sudo=shutil.which("sudo"))
    print(f"system packages: Qt needs {' '.join(missing)}", file=sys.stderr)
    if how == "manual":
        print(
            "system packages: not root and no sudo here; as root, run:\n  " + " ".join(commands[0]),
            file=sys.stderr,
        )
        return 1
    if args.dry_run:
        print(f"would install as {how}:")
        for command in commands:
            print("  " + " ".join(command))
        return 1
    if how == "sudo":
        print("system packages: installing through sudo (it may ask for your password)")
    for command in commands:
        print("+ " + " ".join(command), flush=True)
        if subprocess.run(command, check=False).returncode != 0:
            manual = " ".join(plan(missing, is_root=False, sudo=None)[1][0])
            print(
                f"system packages: `{' '.join(command)}` failed; as root, run:\n  {manual}",
                file=sys.stderr,
            )
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
