"""A use case's way to its process's personal-data keyring (kiosk/core/personal.py says what
each sealed column holds; kiosk/db/keyfile.py where the keys live)."""

from __future__ import annotations

from kiosk.core.sealing import Keyring
from kiosk.services.context import AppContext

__all__ = ["keyring"]


def keyring(ctx: AppContext) -> Keyring:
    """This process's keyring (created on first use when the installation has none)."""
    return ctx.db.keys.keyring()
