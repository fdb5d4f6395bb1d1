"""`python -m kiosk.cli` = `mpp-kiosk`."""

import sys

from kiosk.cli import main

sys.exit(main())
