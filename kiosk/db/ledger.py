"""The audit log as a hash chain per site: every row is sealed when its transaction commits.

Why: the audit log says who registered, moved, read or changed what. Without a chain, deleting
a row leaves no trace. Each row's ``hash`` is ``sha256(canonical JSON of {v, prev, seq, site, at,
staff, action, entity, entity_id, detail})`` (kiosk.core.canonical), ``prev`` the hash of the
site's previous row (64 zeros for #1); ``chain_heads`` keeps the site's count and newest hash, so
deleting the newest rows shows too.

How: use cases keep writing ``session.add(AuditLog(...))`` as before. The write sessions of
:class:`kiosk.db.engine.Database` carry two listeners: ``before_flush`` remembers the new rows,
``before_commit`` flushes everything else, THEN takes the head's row lock, numbers the rows and
hashes them (one upsert of the head takes the lock and reserves the numbers; rows not yet
written get their chain in their INSERT). The head lock is the last lock a transaction takes,
just before its commit, so it can never close a deadlock cycle and is held for a moment only;
rows are numbered in commit order on PostgreSQL (SQLite's BEGIN IMMEDIATE already serialises
writers).

Application histories have their own chains (services/audit.py); each application use case's
audit row carries the application's event count and head hash, which ties those chains into
this one, and an anchor (services/anchors.py) signs this chain's head.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import event, inspect, update
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


def _advance_head(session: Session, site_id: int, rows: int) -> tuple[int, str]:
    """Take the site head's row lock and move its count on by ``rows``, in ONE statement;
    returns the count before and the head hash (still the old one)."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = (
        insert(ChainHead)
        .values(site_id=site_id, chain=LEDGER, count=rows, head_hash="")
        .on_conflict_do_update(
            index_elements=[ChainHead.site_id, ChainHead.chain],
            set_={"count": ChainHead.count + rows},
        )
        .returning(ChainHead.count, ChainHead.head_hash)
    )
    count, head = session.execute(stmt).one()
    return int(count) - rows, head or GENESIS


def seal_rows(session: Session, rows: Iterable[AuditLog]) -> None:
    """Number and hash ``rows`` after their site's head, in the order given."""
    by_site: dict[int, list[AuditLog]] = {}
    for row in rows:
        if row.seq is None:
            by_site.setdefault(row.site_id, []).append(row)
    for site_id in sorted(by_site):
        mine = by_site[site_id]
        count, prev = _advance_head(session, site_id, len(mine))
        for row in mine:
            count += 1
            row.seq, row.prev_hash = count, prev
            row.hash = prev = audit_row_hash(row, prev, count)
        session.execute(
            update(ChainHead)
            .where(ChainHead.site_id == site_id, ChainHead.chain == LEDGER)
            .values(head_hash=prev)
        )


def _remember_new(session: Session, _context: Any, _instances: Any) -> None:
    new = [obj for obj in session.new if isinstance(obj, AuditLog)]
    if new:
        session.info.setdefault(_PENDING, []).extend(new)


def _seal_on_commit(session: Session) -> None:
    # Rows not yet written are held back so their INSERT carries the chain (no second write);
    # everything else is flushed first, because the head lock must be the last lock taken.
    unwritten = sorted(
        (obj for obj in session.new if isinstance(obj, AuditLog)),
        key=lambda obj: inspect(obj).insert_order or 0,
    )
    for obj in unwritten:
        session.expunge(obj)
    session.flush()
    written = sorted(session.info.pop(_PENDING, None) or [], key=lambda obj: obj.id)
    if written or unwritten:
        seal_rows(session, [*written, *unwritten])
        session.add_all(unwritten)
        session.flush()
        session.info.pop(_PENDING, None)  # the re-added rows are sealed already


def _forget(session: Session, _previous: Any = None) -> None:
    session.info.pop(_PENDING, None)


def install(factory: sessionmaker[Session]) -> None:
    """Seal the audit rows of every session ``factory`` makes (Database's write sessions)."""
    event.listen(factory, "before_flush", _remember_new)
    event.listen(factory, "before_commit", _seal_on_commit)
    event.listen(factory, "after_soft_rollback", _forget)
