"""A use case's way to its process's personal-data keyring (kiosk/core/personal.py says what
each sealed column holds; kiosk/db/keyfile.py where the keys live).

The keyring is checked against the database (when it changes, and at least once a minute): if
the newest sealed value uses a key this PC does not have, the PC was given no copy of the site's
key file and made its own. Sealing with that key would write values no other PC can read, and
its typed look-ups would silently never match, so every use case refuses with one clear line.
"""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.exc import ProgrammingError

from kiosk.core.sealing import Keyring, key_id_of
from kiosk.db.models import Application, Complaint
from kiosk.errors import Unavailable
from kiosk.services.context import AppContext

__all__ = ["RECHECK_S", "keyring"]

#: Two PCs that both made a keyring before any data existed are caught within this time.
RECHECK_S = 60.0


def keyring(ctx: AppContext) -> Keyring:
    """This process's keyring (created on first use when the installation has none)."""
    source = ctx.db.keys
    ring = source.keyring()
    now = time.monotonic()
    if source.checked_ids != ring.ids or now - source.checked_at > RECHECK_S:
        _check_against_database(ctx, ring)
        source.checked_ids, source.checked_at = ring.ids, now
    return ring


def _check_against_database(ctx: AppContext, ring: Keyring) -> None:
    newest = []
    for table, column in (
        (Application, Application.nik_sealed),
        (Complaint, Complaint.contact_sealed),
    ):
        try:
            with ctx.db.snapshot() as session:
                newest.append(
                    session.scalar(
                        select(column).where(column != "").order_by(table.id.desc()).limit(1)
                    )
                )
        except ProgrammingError:
            # A public database role (kiosk, web; kiosk/db/roles.py) may write sealed values
            # but never read them: the check is made by the PCs that may.
            continue
    for token in newest:
        kid = key_id_of(token or "")
        if kid and kid not in ring.ids:
            raise Unavailable("privacy_key_unknown", key=kid)
