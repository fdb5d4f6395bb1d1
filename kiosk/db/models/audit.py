"""The audit log (itself a hash chain) and the chain heads sealed at commit."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.db.models.base import Base


class AuditLog(Base):
    """Who did what and when: staff actions, catalogue changes, logins.

    A hash chain per site (kiosk/db/ledger.py): ``seq``, ``prev_hash`` and ``hash`` are set
    when the transaction that wrote the row commits, in commit order; the site's head is in
    ``chain_heads``. NULL only on a row written behind the application's back.
    """

    __tablename__ = "audit_log"
    __table_args__ = (UniqueConstraint("site_id", "seq"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    at: Mapped[datetime] = mapped_column(index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32), default="")
    entity_id: Mapped[str] = mapped_column(String(64), default="")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    seq: Mapped[int | None] = mapped_column(Integer)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class ChainHead(Base):
    """The head of a site-wide hash chain (``audit_log``): deleting the newest rows leaves a
    valid, shorter chain, which only a count and head kept beside it reveal."""

    __tablename__ = "chain_heads"
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    chain: Mapped[str] = mapped_column(String(32), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    head_hash: Mapped[str] = mapped_column(String(64), default="")
