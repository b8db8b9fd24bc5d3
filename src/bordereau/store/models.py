"""The tables, as typed SQLAlchemy 2 models. Every change to them ships with an Alembic migration.

Tables: ``companies`` (suppliers), ``invoices`` (outbound, with their work lease), ``documents`` (what was received
and sent, immutable), ``events`` (the history, append-only, hash-chained per invoice), ``directory`` (the buyers'
directory entries fetched from the platform, with an expiry) and ``notifications`` (the webhooks' outbox).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from .states import DocumentKind, InvoiceState, OutputFormat
from .types import BigId, Money, StrEnumType, UTCDateTime, utcnow

# Named constraints, so that later migrations (and SQLite's batch mode) can find them again.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# The hash of "nothing before": the previous hash of an invoice's first event.
GENESIS = "0" * 64


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Company(Base):
    """A supplier company that sends invoices through this gateway."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    siret: Mapped[str] = mapped_column(String(14), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # idStructureCPP: the platform's number for the company's structure (known once looked up).
    structure_id: Mapped[int | None] = mapped_column(BigInteger)
    # A name pointing into configuration or a secrets file, never the secret itself.
    credentials_ref: Mapped[str | None] = mapped_column(String(64))
    output_format: Mapped[OutputFormat] = mapped_column(StrEnumType(OutputFormat, 10), default=OutputFormat.FACTURX)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    def __repr__(self) -> str:
        return f"Company(id={self.id}, siret={self.siret!r}, name={self.name!r})"


class Invoice(Base):
    """An outbound invoice: what it is, where the pipeline stands, what the platform says, and who works on it.

    The work columns (``due_at``, ``lease_owner``, ``lease_expires_at``, ``attempts``) live here rather than in a
    separate table: an invoice has at most one pending step at a time, and keeping the lease in the same row as the
    state means a state change and the end of a lease commit together, with one row lock.
    The chain head (``event_count``, ``last_event_hash``) is here too, so that losing the last events shows.
    """

    __tablename__ = "invoices"
    __table_args__ = (UniqueConstraint("company_id", "number"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    company_id: Mapped[int] = mapped_column(ForeignKey("companies.id"))
    number: Mapped[str] = mapped_column(String(64))
    buyer_siret: Mapped[str] = mapped_column(String(32))
    service_code: Mapped[str | None] = mapped_column(String(100))
    engagement: Mapped[str | None] = mapped_column(String(50))
    amount_due: Mapped[Decimal] = mapped_column(Money)
    total_with_vat: Mapped[Decimal] = mapped_column(Money)
    total_without_vat: Mapped[Decimal | None] = mapped_column(Money)
    currency: Mapped[str] = mapped_column(String(3))
    issue_date: Mapped[date] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date)
    output_format: Mapped[OutputFormat] = mapped_column(StrEnumType(OutputFormat, 10))

    state: Mapped[InvoiceState] = mapped_column(StrEnumType(InvoiceState, 20), index=True)
    state_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Validation findings or the platform's rejection reasons, as a JSON list.
    findings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    # The Chorus Pro status, spelled as the API spells it, and when the platform says it was reached.
    platform_status: Mapped[str | None] = mapped_column(String(64), index=True)
    platform_status_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    flux_number: Mapped[str | None] = mapped_column(String(40), index=True)  # numeroFluxDepot
    platform_id: Mapped[int | None] = mapped_column(BigInteger, index=True)  # identifiantFactureCPP

    # Work: due when due_at has passed and no live lease is held.
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(2000))

    # Head of this invoice's event chain.
    event_count: Mapped[int] = mapped_column(Integer, default=0)
    last_event_hash: Mapped[str | None] = mapped_column(String(64))

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The time of the last event: what a user would call a change (claims and leases do not count).
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    company: Mapped[Company] = relationship()

    def __repr__(self) -> str:
        return f"Invoice(id={self.id}, number={self.number!r}, state={self.state.value!r})"


class Document(Base):
    """A file received or sent for an invoice, with its SHA-256. Rows are never updated nor deleted."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    kind: Mapped[DocumentKind] = mapped_column(StrEnumType(DocumentKind, 20))
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: listings never pull megabytes they do not show.
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"Document(id={self.id}, kind={self.kind.value!r}, filename={self.filename!r}, sha256={self.sha256!r})"


class Event(Base):
    """One entry of an invoice's history. ``hash`` covers the event and ``prev_hash``; rows are append-only."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("invoice_id", "seq"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"))
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … within the invoice
    type: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    def __repr__(self) -> str:
        return f"Event(id={self.id}, invoice_id={self.invoice_id}, seq={self.seq}, type={self.type!r})"


class DirectoryEntry(Base):
    """A buyer as the platform's directory describes it, cached until ``expires_at``."""

    __tablename__ = "directory"

    # The same SIRET can map to different structures on the sandbox, qualification and production.
    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    siret: Mapped[str] = mapped_column(String(32), primary_key=True)
    structure_id: Mapped[int | None] = mapped_column(BigInteger)  # None: the directory has no such buyer
    name: Mapped[str | None] = mapped_column(String(200))
    flags: Mapped[dict[str, Any]] = mapped_column(JSON)
    services: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)

    def __repr__(self) -> str:
        return f"DirectoryEntry(platform={self.platform!r}, siret={self.siret!r}, structure_id={self.structure_id})"


class Notification(Base):
    """A webhook to post about an event (a platform status change): the outbox, so that a restart loses none.

    Written in the transaction that records the event; a worker claims it when ``next_at`` has passed (setting
    ``owner`` and moving ``next_at`` to the end of its lease), posts it, then marks it delivered or due again later.
    ``next_at`` is None once delivered or given up.
    """

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("event_id", "url"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    url: Mapped[str] = mapped_column(String(2000))
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    owner: Mapped[str | None] = mapped_column(String(200))
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    given_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(2000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"Notification(id={self.id}, event_id={self.event_id}, url={self.url!r}, attempts={self.attempts})"


def _refuse_change(_mapper: Any, _connection: Any, target: Any) -> None:
    raise PermissionError(f"{type(target).__tablename__} rows are never changed nor deleted ({target!r})")


# The ORM refuses too, before the database's triggers would.
for _model in (Event, Document):
    event.listen(_model, "before_update", _refuse_change)
    event.listen(_model, "before_delete", _refuse_change)
