"""Alembic migrations of Sitrep's database, run by `sitrep.store.migrate` on open."""
