"""`python -m bench [--only NAME ...] [--pg URL]`: run every bench module that has a main().

Modules are found in this package (``*_bench.py`` or any module with ``main``) and run one after
another in name order; one failing module is reported and the others still run, so a broken
tracking bench does not hide the queue figures. ``--pg URL`` sets MPP_KIOSK_TEST_POSTGRES_URL, the
variable every module reads to add its PostgreSQL column.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
import time
import traceback
from collections.abc import Sequence

import bench

PG_ENV = "MPP_KIOSK_TEST_POSTGRES_URL"


def discover() -> list[str]:
    """Names of the bench modules, without importing anything heavy."""
    return sorted(
        info.name
        for info in pkgutil.iter_modules(bench.__path__)
        if not info.name.startswith("_") and not info.ispkg and info.name != "summary"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this module")
    parser.add_argument("--pg", metavar="URL", help=f"PostgreSQL URL (else ${PG_ENV})")
    args = parser.parse_args(argv)
    if args.pg:
        os.environ[PG_ENV] = args.pg
    names = [n for n in discover() if not args.only or n in args.only]
    if not names:
        print(f"no bench module matches {args.only}", file=sys.stderr)
        return 2
    failed = []
    for name in names:
        module = importlib.import_module(f"bench.{name}")
        runner = getattr(module, "main", None)
        if not callable(runner):
            continue
        print(f"== bench.{name} ==", flush=True)
        started = time.perf_counter()
        try:
            code = runner()
        except Exception:
            traceback.print_exc()
            code = 1
        if code:
            failed.append(name)
        print(f"== bench.{name}: {time.perf_counter() - started:.1f} s ==\n", flush=True)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
