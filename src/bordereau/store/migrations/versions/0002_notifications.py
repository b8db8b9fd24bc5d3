"""The webhooks' outbox: one row per event and URL, due until delivered or given up.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | None = None
depends_on: str | None = None

ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
INSTANT = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", ID, nullable=False),
        sa.Column("invoice_id", ID, nullable=False),
        sa.Column("event_id", ID, nullable=False),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", INSTANT, nullable=True),
        sa.Column("owner", sa.String(200), nullable=True),
        sa.Column("delivered_at", INSTANT, nullable=True),
        sa.Column("given_up_at", INSTANT, nullable=True),
        sa.Column("last_error", sa.String(2000), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_notifications_invoice_id_invoices")),
        sa.ForeignKeyConstraint(["event_id"], ["events.id"], name=op.f("fk_notifications_event_id_events")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("event_id", "url", name=op.f("uq_notifications_event_id_url")),
    )
    op.create_index(op.f("ix_notifications_invoice_id"), "notifications", ["invoice_id"])
    op.create_index(op.f("ix_notifications_next_at"), "notifications", ["next_at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_notifications_next_at"), table_name="notifications")
    op.drop_index(op.f("ix_notifications_invoice_id"), table_name="notifications")
    op.drop_table("notifications")
