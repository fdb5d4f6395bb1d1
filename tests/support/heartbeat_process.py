"""A stand-in kiosk process for the device-health tests: the same heartbeat and print spool a
kiosk window starts (kiosk.services.devices.start_heartbeat with a PrintSpool), without Qt.

    python -m tests.support.heartbeat_process KIND NAME [PRINTER_URI]

Settings come from the environment (MPP_KIOSK_DATABASE_URL, MPP_KIOSK_DEVICES_...); it prints
"beating" once the first heartbeat is written and runs until killed.
"""

from __future__ import annotations

import sys
import time

from kiosk.config import load_settings
from kiosk.services.context import build_context
from kiosk.services.devices import start_heartbeat
from kiosk.services.printqueue import PrintSpool


def main(argv: list[str]) -> int:
    kind, name = argv[0], argv[1]
    ctx = build_context(load_settings())
    spool = None
    if len(argv) > 2:
        spool = PrintSpool(ctx, argv[2])
        spool.start()
    beat = start_heartbeat(ctx, kind, name=name, spool=spool)
    while beat.beats == 0:
        time.sleep(0.01)
    print("beating", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
