"""Alembic migrations for the dateline schema (run programmatically by `store.db.connect`)."""
