"""Alembic environment: runs on the connection the caller hands over (see kiosk.db.migrate)."""

from __future__ import annotations

from alembic import context

from kiosk.db.models import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - always called through kiosk.db.migrate
    raise RuntimeError("run migrations with `mpp-kiosk db upgrade`")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
