"""A use case's way to its process's personal-data keyring (kiosk/core/personal.py says what
each sealed column holds; kiosk/db/keyfile.py where the keys live).

The keyring is checked once against the database (and again whenever it changes): if the newest
sealed value uses a key this PC does not have, the PC was given no copy of the site's key file
and made its own. Sealing with that key would write values no other PC can read, and its typed
look-ups would silently never match, so every use case refuses with one clear line instead.
"""

from __future__ import annotations

from sqlalchemy import select

from kiosk.core.sealing import Keyring, key_id_of
from kiosk.db.models import Application, Complaint
from kiosk.errors import Unavailable
from kiosk.services.context import AppContext

__all__ = ["keyring"]


def keyring(ctx: AppContext) -> Keyring:
    """This process's keyring (created on first use when the installation has none)."""
    source = ctx.db.keys
    ring = source.keyring()
    if source.checked_ids != ring.ids:
        _check_against_database(ctx, ring)
        source.checked_ids = ring.ids
    return ring


def _check_against_database(ctx: AppContext, ring: Keyring) -> None:
    with ctx.db.snapshot() as session:
        newest = [
            session.scalar(select(column).where(column != "").order_by(table.id.desc()).limit(1))
            for table, column in (
                (Application, Application.nik_sealed),
                (Complaint, Complaint.contact_sealed),
            )
        ]
    for token in newest:
        kid = key_id_of(token or "")
        if kid and kid not in ring.ids:
            raise Unavailable("privacy_key_unknown", key=kid)
