"""One-off migration: the Python dict catalogues of the windows and slips -> gettext .po files.

Run once after the last branch that still added dict entries is merged; then the modules read
the catalogues and this script is deleted.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import i18n_catalogues  # noqa: E402


def main() -> None:
    from kiosk.printing import slips
    from kiosk.ui import i18n as kiosk_texts
    from kiosk.ui.counter import texts as counter_texts
    from kiosk.ui.display import texts as display_texts

    for domain, table in (
        ("kiosk", kiosk_texts.MESSAGES),
        ("counter", counter_texts.MESSAGES),
        ("display", display_texts.MESSAGES),
        ("slips", slips.STRINGS),
    ):
        i18n_catalogues.write(domain, {lang: dict(t) for lang, t in table.items()})
        print(domain, {lang: len(t) for lang, t in table.items()})


if __name__ == "__main__":
    main()
