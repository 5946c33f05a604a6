"""Alembic revision scripts, oldest first (see `sitrep.store.migrate`)."""
