"""personal data sealed: applicants' name, NIK and phone, complaints' contact (UU PDP)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 07:00:00

Until now ``applications`` held the name, NIK and phone (and their last 4 digits) and
``complaints`` the reporter's contact in plain text. This revision adds the sealed columns
(AES-GCM under a key kept outside the database, kiosk/core/personal.py), the keyed hashes for
look-ups and the purge mark, converts every existing row with the application's own keyring
(``db.keys``, handed over by kiosk.db.migrate: the key file in the data folder or
MPP_KIOSK_PRIVACY_KEYS, created on first use like the app does), then drops the plain columns.

On SQLite the columns are dropped with ``secure_delete`` on (kiosk/db/engine.py), so the plain
values do not stay in free pages, and kiosk.db.migrate empties the WAL afterwards; on PostgreSQL
old row versions stay in the table files until VACUUM (``VACUUM FULL applications, complaints``
after the upgrade removes them; a pg_dump never contains them).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from kiosk.core.personal import CONTACT, seal_applicant

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_BATCH = 500


def _keyring() -> Any:
    config = op.get_context().config
    keys = config.attributes.get("keys") if config is not None else None
    if keys is None:  # pragma: no cover - kiosk.db.migrate always hands them over
        from kiosk.db.keyfile import KeySource

        keys = KeySource()
    return keys.keyring()


def upgrade() -> None:
    with op.batch_alter_table("applications", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_masked", sa.String(length=200), nullable=False, server_default="")
        )
        for name in ("name_sealed", "nik_sealed", "phone_sealed"):
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))
        for name in ("nik_digest", "nik_check", "phone_check"):
            batch_op.add_column(
                sa.Column(name, sa.String(length=64), nullable=False, server_default="")
            )
        batch_op.add_column(
            sa.Column("personal_purged_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("contact_sealed", sa.Text(), nullable=False, server_default="")
        )

    _convert()

    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+ too): a batch rebuild of
    # ``applications`` would have to drop a table that application_events references.
    for name in ("applicant_name", "nik", "nik_last4", "phone", "phone_last4"):
        op.drop_column("applications", name)
    op.drop_column("complaints", "contact")
    op.create_index(op.f("ix_applications_nik_digest"), "applications", ["nik_digest"])


def _convert() -> None:
    """Seal every plain row, in batches (the key is loaded only when there is a row)."""
    conn = op.get_bind()
    apps = sa.table(
        "applications",
        *(
            sa.column(c)
            for c in (
                "id", "registration_number", "applicant_name", "nik", "phone", "name_masked",
                "name_sealed", "nik_sealed", "phone_sealed", "nik_digest", "nik_check",
                "phone_check",
            )
        ),
    )  # fmt: skip
    complaints = sa.table("complaints", sa.column("id"), sa.column("contact"),
                          sa.column("contact_sealed"))  # fmt: skip
    ring = None
    last = 0
    while True:
        rows = conn.execute(
            sa.select(apps.c.id, apps.c.registration_number, apps.c.applicant_name,
                      apps.c.nik, apps.c.phone)
            .where(apps.c.id > last).order_by(apps.c.id).limit(_BATCH)
        ).all()  # fmt: skip
        if not rows:
            break
        ring = ring or _keyring()
        for row in rows:
            values = seal_applicant(ring, row[1], row[2] or "", row[3] or "", row[4] or "")
            conn.execute(sa.update(apps).where(apps.c.id == row[0]).values(**values))
        last = rows[-1][0]
    last = 0
    while True:
        found = conn.execute(
            sa.select(complaints.c.id, complaints.c.contact)
            .where(complaints.c.id > last, complaints.c.contact != "")
            .order_by(complaints.c.id).limit(_BATCH)
        ).all()  # fmt: skip
        if not found:
            break
        ring = ring or _keyring()
        for cid, contact in found:
            sealed = ring.seal(CONTACT, contact)
            conn.execute(
                sa.update(complaints).where(complaints.c.id == cid).values(contact_sealed=sealed)
            )
        last = found[-1][0]


def downgrade() -> None:
    raise NotImplementedError(
        "0012 sealed personal data; going back would write it in plain text again"
    )
