"""Companies, invoices with their work lease, documents, the hash-chained events, the directory cache.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

# Written out here rather than imported, so that this revision keeps meaning what it meant when later ones change
# the models: ids are 64-bit but still SQLite's rowid; amounts are exact (text on SQLite); instants carry a zone.
ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
MONEY = sa.Numeric(19, 6).with_variant(sa.String(40), "sqlite")
INSTANT = sa.DateTime(timezone=True)

# Events are append-only and documents immutable, also for anyone writing SQL by hand.
APPEND_ONLY = ("events", "documents")


def upgrade() -> None:
    op.create_table(
        "companies",
        sa.Column("id", ID, nullable=False),
        sa.Column("siret", sa.String(14), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("structure_id", sa.BigInteger(), nullable=True),
        sa.Column("credentials_ref", sa.String(64), nullable=True),
        sa.Column("output_format", sa.String(10), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_companies")),
        sa.UniqueConstraint("siret", name=op.f("uq_companies_siret")),
    )
    op.create_table(
        "invoices",
        sa.Column("id", ID, nullable=False),
        sa.Column("company_id", ID, nullable=False),
        sa.Column("number", sa.String(64), nullable=False),
        sa.Column("buyer_siret", sa.String(32), nullable=False),
        sa.Column("service_code", sa.String(100), nullable=True),
        sa.Column("engagement", sa.String(50), nullable=True),
        sa.Column("amount_due", MONEY, nullable=False),
        sa.Column("total_with_vat", MONEY, nullable=False),
        sa.Column("total_without_vat", MONEY, nullable=True),
        sa.Column("currency", sa.String(3), nullable=False),
        sa.Column("issue_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("output_format", sa.String(10), nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("state_at", INSTANT, nullable=False),
        sa.Column("findings", sa.JSON(), nullable=True),
        sa.Column("platform_status", sa.String(64), nullable=True),
        sa.Column("platform_status_at", INSTANT, nullable=True),
        sa.Column("flux_number", sa.String(40), nullable=True),
        sa.Column("platform_id", sa.BigInteger(), nullable=True),
        sa.Column("due_at", INSTANT, nullable=True),
        sa.Column("lease_owner", sa.String(200), nullable=True),
        sa.Column("lease_expires_at", INSTANT, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(2000), nullable=True),
        sa.Column("event_count", sa.Integer(), nullable=False),
        sa.Column("last_event_hash", sa.String(64), nullable=True),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.Column("updated_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(["company_id"], ["companies.id"], name=op.f("fk_invoices_company_id_companies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("company_id", "number", name=op.f("uq_invoices_company_id_number")),
    )
    for column in ("state", "platform_status", "flux_number", "platform_id", "due_at"):
        op.create_index(op.f(f"ix_invoices_{column}"), "invoices", [column])
    op.create_table(
        "documents",
        sa.Column("id", ID, nullable=False),
        sa.Column("invoice_id", ID, nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.Column("mime", sa.String(100), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", INSTANT, nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_documents_invoice_id_invoices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
    )
    op.create_index(op.f("ix_documents_invoice_id"), "documents", ["invoice_id"])
    op.create_table(
        "events",
        sa.Column("id", ID, nullable=False),
        sa.Column("invoice_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("at", INSTANT, nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(["invoice_id"], ["invoices.id"], name=op.f("fk_events_invoice_id_invoices")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
        sa.UniqueConstraint("invoice_id", "seq", name=op.f("uq_events_invoice_id_seq")),
    )
    op.create_table(
        "directory",
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("siret", sa.String(32), nullable=False),
        sa.Column("structure_id", sa.BigInteger(), nullable=True),
        sa.Column("name", sa.String(200), nullable=True),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("services", sa.JSON(), nullable=False),
        sa.Column("fetched_at", INSTANT, nullable=False),
        sa.Column("expires_at", INSTANT, nullable=False),
        sa.PrimaryKeyConstraint("platform", "siret", name=op.f("pk_directory")),
    )
    _protect()


def _protect() -> None:
    """Triggers that refuse UPDATE and DELETE on the append-only tables."""
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            """
            CREATE FUNCTION bordereau_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
                    USING ERRCODE = 'insufficient_privilege';
            END
            $$
            """
        )
        for table in APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                "FOR EACH ROW EXECUTE FUNCTION bordereau_refuse_change()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION bordereau_refuse_change()"
            )
    else:
        for table in APPEND_ONLY:
            for action in ("UPDATE", "DELETE"):
                op.execute(
                    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
                    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {action} refused'); END"
                )


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for table in APPEND_ONLY:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        op.execute("DROP FUNCTION IF EXISTS bordereau_refuse_change()")
    for table in ("directory", "events", "documents", "invoices", "companies"):
        op.drop_table(table)
