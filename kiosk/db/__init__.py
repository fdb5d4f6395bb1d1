"""Database models, engine set-up, migrations and change feed."""
