"""Indexes for the event list's sort orders, so the first and later pages stay index scans.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """(fatalities, id) and (n_reports, id); on PostgreSQL also (event_date DESC NULLS LAST, id DESC).

    SQLite needs no date index beyond ix_events_event_date (its entries end with the rowid,
    which is `id`, and SQLite walks an index backwards for DESC with nulls last).
    """
    op.create_index("ix_events_fatalities_id", "events", ["fatalities", "id"])
    op.create_index("ix_events_n_reports_id", "events", ["n_reports", "id"])
    if op.get_bind().dialect.name == "postgresql":
        op.create_index("ix_events_date_desc_id", "events",
                        [sa.text("event_date DESC NULLS LAST"), sa.text("id DESC")])


def downgrade() -> None:
    """Drop them."""
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_events_date_desc_id", table_name="events")
    op.drop_index("ix_events_n_reports_id", table_name="events")
    op.drop_index("ix_events_fatalities_id", table_name="events")
