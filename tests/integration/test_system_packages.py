"""`make run`'s system-package step (tools/system_packages.py), run for real against dpkg.

The package list is replaced through MPP_KIOSK_SYSTEM_PACKAGES by one package every Debian has
(libc6) and one that exists nowhere, so the decision is real and nothing gets installed
(--dry-run, or the "manual" branch that never runs a command).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO

SCRIPT = REPO / "tools" / "system_packages.py"
ABSENT = "mpp-kiosk-no-such-package"

pytestmark = pytest.mark.skipif(
    shutil.which("dpkg-query") is None, reason="needs a Debian/Ubuntu system (dpkg-query)"
)


def run(
    *args: str, packages: str, path: str | None = None, as_nobody: bool = False
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MPP_KIOSK_")}
    env["MPP_KIOSK_SYSTEM_PACKAGES"] = packages
    if path is not None:
        env["PATH"] = path
    # Another user cannot use the test's virtualenv; the system python is what `make` runs.
    python = "/usr/bin/python3" if as_nobody else sys.executable
    return subprocess.run(
        [python, str(SCRIPT), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        user=65534 if as_nobody else None,
    )


def test_nothing_to_do_when_every_package_is_installed() -> None:
    result = run("--dry-run", packages="libc6")
    assert result.returncode == 0, result.stderr
    assert "all installed" in result.stdout


@pytest.mark.skipif(os.geteuid() != 0, reason="the root branch needs root")
def test_as_root_it_would_update_and_install_only_the_missing_package() -> None:
    result = run("--dry-run", packages=f"libc6 {ABSENT}")
    assert result.returncode == 1
    assert "would install as root" in result.stdout
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "apt-get update" in lines
    assert f"apt-get install -y --no-install-recommends {ABSENT}" in lines
    assert "libc6" not in result.stdout  # installed ones are not reinstalled


NOBODY = pytest.mark.skipif(
    os.geteuid() != 0 or not Path("/usr/bin/python3").exists(),
    reason="switching to another user needs root and the system python",
)


@NOBODY
def test_without_root_it_goes_through_sudo() -> None:
    # pytest's tmp_path is private to root; the other user must be able to see this folder.
    bin_dir = Path(tempfile.mkdtemp(prefix="mpp-kiosk-sudo-"))
    bin_dir.chmod(0o755)
    # Only its presence on PATH is looked at in --dry-run; it is never run.
    sudo = bin_dir / "sudo"
    sudo.write_text("#!/bin/sh\nexit 99\n")
    sudo.chmod(0o755)
    try:
        result = run(
            "--dry-run", packages=f"libc6 {ABSENT}", path=f"{bin_dir}:/usr/bin:/bin", as_nobody=True
        )
    finally:
        shutil.rmtree(bin_dir)
    assert result.returncode == 1
    assert "would install as sudo" in result.stdout
    assert f"sudo apt-get install -y --no-install-recommends {ABSENT}" in result.stdout


@NOBODY
@pytest.mark.skipif(
    any(Path(d, "sudo").exists() for d in ("/usr/bin", "/bin")), reason="sudo is installed here"
)
def test_without_root_or_sudo_it_prints_the_one_command_and_stops() -> None:
    # Not a dry run: this branch must never try to install anything.
    result = run(packages=f"libc6 {ABSENT}", path="/usr/bin:/bin", as_nobody=True)
    assert result.returncode == 1
    assert f"apt-get install -y --no-install-recommends {ABSENT}" in result.stderr
    assert "+ apt-get" not in result.stdout


def test_the_start_up_check_and_the_installer_name_the_same_packages() -> None:
    spec = importlib.util.spec_from_file_location("system_packages", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    app = pytest.importorskip("kiosk.ui.app")
    assert set(app.XCB_LIBRARIES.values()) <= set(module.QT_XCB_PACKAGES)
    assert "libpulse0" in module.PACKAGES


def test_makefile_runs_it_before_the_demo() -> None:
    makefile = (REPO / "Makefile").read_text()
    run_rule = next(line for line in makefile.splitlines() if line.startswith("run:"))
    assert "system-packages" in run_rule
    assert "tools/system_packages.py" in makefile
