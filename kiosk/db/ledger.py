"""The audit log as a hash chain per site: every row is sealed when its transaction commits.

Why: the audit log says who registered, moved, read or changed what. Without a chain, deleting
a row leaves no trace. Each row's ``hash`` is ``sha256(canonical JSON of {v, prev, seq, site, at,
staff, action, entity, entity_id, detail})`` (kiosk.core.canonical), ``prev`` the hash of the
site's previous row (64 zeros for #1); ``chain_heads`` keeps the site's count and newest hash, so
deleting the newest rows shows too.

How: use cases keep writing ``session.add(AuditLog(...))`` as before. The write sessions of
:class:`kiosk.db.engine.Database` carry two listeners: ``before_flush`` remembers the new rows,
``before_commit`` flushes everything else, THEN takes the head's row lock, numbers the rows and
hashes them. The head lock is the last lock a transaction takes, just before its commit, so it
can never close a deadlock cycle and is held for a moment only; rows are numbered in commit
order on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises writers).

Application histories have their own chains (services/audit.py); each application use case's
audit row carries the application's event count and head hash, which ties those chains into
this one, and an anchor (services/anchors.py) signs this chain's head.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, sessionmaker

from kiosk.core.canonical import json_roundtrip, sha256_hex, utc_text
from kiosk.db.models import AuditLog, ChainHead

__all__ = ["GENESIS", "LEDGER", "LEDGER_VERSION", "audit_row_hash", "install", "seal_rows"]

LEDGER = "audit_log"
LEDGER_VERSION = 1
GENESIS = "0" * 64
_PENDING = "mpp_kiosk.ledger_pending"


def audit_row_hash(row: Any, prev: str, seq: int) -> str:
    """The hash an audit row must carry at position ``seq`` after ``prev``."""
    return sha256_hex(
        {
            "v": LEDGER_VERSION,
            "prev": prev,
            "seq": seq,
            "site": row.site_id,
            "at": utc_text(row.at),
            "staff": row.staff_id,
            "action": row.action,
            "entity": row.entity or "",
            "entity_id": row.entity_id or "",
            "detail": json_roundtrip(row.detail or {}),
        }
    )


def _lock_head(session: Session, site_id: int) -> ChainHead:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(ChainHead)
        .values(site_id=site_id, chain=LEDGER, count=0, head_hash="")
        .on_conflict_do_nothing(index_elements=[ChainHead.site_id, ChainHead.chain])
    )
    return session.scalars(
        select(ChainHead)
        .where(ChainHead.site_id == site_id, ChainHead.chain == LEDGER)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).one()


def seal_rows(session: Session, rows: Iterable[AuditLog]) -> None:
    """Number and hash ``rows`` (already inserted) after their site's head, in id order."""
    by_site: dict[int, list[AuditLog]] = {}
    for row in rows:
        if row.seq is None:
            by_site.setdefault(row.site_id, []).append(row)
    for site_id in sorted(by_site):
        head = _lock_head(session, site_id)
        count, prev = head.count, head.head_hash or GENESIS
        for row in sorted(by_site[site_id], key=lambda r: r.id):
            count += 1
            row.seq, row.prev_hash = count, prev
            row.hash = prev = audit_row_hash(row, prev, count)
        head.count, head.head_hash = count, prev


def _remember_new(session: Session, _context: Any, _instances: Any) -> None:
    new = [obj for obj in session.new if isinstance(obj, AuditLog)]
    if new:
        session.info.setdefault(_PENDING, []).extend(new)


def _seal_on_commit(session: Session) -> None:
    session.flush()  # every other write first: the head lock must be the last lock taken
    pending = session.info.pop(_PENDING, None)
    if pending:
        seal_rows(session, pending)
        session.flush()


def _forget(session: Session, _previous: Any = None) -> None:
    session.info.pop(_PENDING, None)


def install(factory: sessionmaker[Session]) -> None:
    """Seal the audit rows of every session ``factory`` makes (Database's write sessions)."""
    event.listen(factory, "before_flush", _remember_new)
    event.listen(factory, "before_commit", _seal_on_commit)
    event.listen(factory, "after_soft_rollback", _forget)
