"""`sitrep watch` state (sources, URLs fetched) and an index for live updates on events.updated_at.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None


def upgrade() -> None:
    """watch_sources, watch_urls, and ix_events_updated_at_id (what changed since a time)."""
    op.create_table(
        "watch_sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("interval_s", sa.Float(), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_poll", sa.DateTime(), nullable=True),
        sa.Column("last_success", sa.DateTime(), nullable=True),
        sa.Column("last_status", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("next_poll", sa.DateTime(), nullable=True),
        sa.Column("polls", sa.Integer(), nullable=False),
        sa.Column("new_articles", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("events_found", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_sources")),
        sa.UniqueConstraint("key", name=op.f("uq_watch_sources_key")),
    )
    op.create_table(
        "watch_urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url_key", sa.Text(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("fingerprint", sa.Text(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.Column("fetched_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["source_id"], ["watch_sources.id"],
                                name=op.f("fk_watch_urls_source_id_watch_sources"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_urls")),
        sa.UniqueConstraint("url_key", name=op.f("uq_watch_urls_url_key")),
    )
    op.create_index(op.f("ix_watch_urls_state_id"), "watch_urls", ["state", "id"])
    op.create_index(op.f("ix_watch_urls_source_id"), "watch_urls", ["source_id"])
    op.create_index(op.f("ix_events_updated_at_id"), "events", ["updated_at", "id"])


def downgrade() -> None:
    """Drop them."""
    op.drop_index(op.f("ix_events_updated_at_id"), table_name="events")
    op.drop_index(op.f("ix_watch_urls_source_id"), table_name="watch_urls")
    op.drop_index(op.f("ix_watch_urls_state_id"), table_name="watch_urls")
    op.drop_table("watch_urls")
    op.drop_table("watch_sources")
