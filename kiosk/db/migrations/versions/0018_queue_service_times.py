"""queue service times: each queue's latest service times of a day, kept by "finish"

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-03 16:30:00

Issuing a ticket estimates the wait from the median of the queue's last 20 service times of
the day. It read them from the day's finished tickets, which got slower as the day filled up
(a queue of 18 services sorted all of their finished tickets, issue 13); now "finish" keeps
them in one row per site, day and queue, read by its key. The upgrade fills the rows of the
latest day that has finished tickets, so an upgrade during opening hours keeps the day's
estimates (earlier days are never estimated again).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

#: queue_stats.RECENT_SERVICES when this migration was written.
_RECENT = 20


def upgrade() -> None:
    table = op.create_table(
        "queue_service_times",
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("prefix", sa.String(length=3), nullable=False),
        sa.Column("recent_ms", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name="fk_queue_service_times_site_id_sites"
        ),
        sa.PrimaryKeyConstraint("site_id", "day", "prefix", name="pk_queue_service_times"),
    )
    bind = op.get_bind()
    latest = bind.execute(
        sa.text("SELECT MAX(day) FROM tickets WHERE status = 'done' AND finished_at IS NOT NULL")
    ).scalar()
    if latest is None:
        return
    rows = bind.execute(
        sa.text(
            "SELECT t.site_id, t.day, s.queue_prefix, "
            "COALESCE(t.serving_at, t.called_at), t.finished_at "
            "FROM tickets t JOIN services s ON s.id = t.service_id "
            "WHERE t.day >= :since AND t.status = 'done' AND t.finished_at IS NOT NULL "
            "AND COALESCE(t.serving_at, t.called_at) IS NOT NULL "
            "ORDER BY t.finished_at"
        ).columns(
            sa.column("site_id", sa.Integer()),
            sa.column("day", sa.Date()),
            sa.column("queue_prefix", sa.String()),
            sa.column("started_at", sa.DateTime()),
            sa.column("finished_at", sa.DateTime()),
        ),
        {"since": latest},
    ).all()
    recent: dict[tuple[Any, Any, str], list[int]] = defaultdict(list)
    for site_id, day, prefix, started_at, finished_at in rows:
        ms = max(0, round((_naive(finished_at) - _naive(started_at)).total_seconds() * 1000))
        recent[(site_id, day, prefix)].append(ms)
    op.bulk_insert(
        table,
        [
            {"site_id": s, "day": d, "prefix": p, "recent_ms": ms[-_RECENT:]}
            for (s, d, p), ms in recent.items()
        ],
    )


def _naive(value: Any) -> Any:
    """Both databases store UTC: PostgreSQL hands back aware values, SQLite naive ones."""
    return value.replace(tzinfo=None)


def downgrade() -> None:
    op.drop_table("queue_service_times")
