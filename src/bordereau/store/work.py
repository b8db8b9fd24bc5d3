"""Work claimed from the database with leases: no broker, and a worker that dies only delays its invoices.

An invoice has work when ``due_at`` has passed and nobody holds a live lease on it. ``claim`` takes a batch: it sets
``lease_owner`` and ``lease_expires_at`` and counts the attempt, and commits at once, so the row locks last only
for the claim itself; from then on the lease is the lock. If the worker dies, the lease expires and the invoice is
claimable again, with ``attempts`` one higher.

- PostgreSQL: ``SELECT … ORDER BY due_at LIMIT n FOR UPDATE SKIP LOCKED``: concurrent claimers skip each other's rows
  instead of waiting, and never get the same row.
- SQLite: one writer at a time by construction; the claim runs in a ``BEGIN IMMEDIATE`` transaction, so claimers
  queue on the database lock (busy timeout) and each sees the previous one's leases.

Worker ids must be unique per running worker (host, pid and a random part): the lease owner is how a worker proves,
when it writes back, that the invoice is still its own (``owner=`` in ``transition``, ``release``, ``reschedule``).
Times come from the worker's clock (UTC); machines sharing a PostgreSQL should keep their clocks in sync (NTP),
which leases of minutes make forgiving.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from .chain import lock_invoice
from .engine import Store
from .errors import LeaseLost
from .models import Invoice
from .states import InvoiceState
from .types import utcnow

MAX_ERROR = 2000


@dataclass(frozen=True)
class Claimed:
    """An invoice leased to a worker: enough to load it and decide the next step from its state."""

    invoice_id: int
    company_id: int
    number: str
    state: InvoiceState
    attempts: int  # claims since the invoice last changed state, this one included
    owner: str
    lease_expires_at: datetime


def ensure_lease(invoice: Invoice, owner: str | None) -> None:
    """Raise ``LeaseLost`` unless ``owner`` (when given) still holds the invoice's lease."""
    if owner is not None and invoice.lease_owner != owner:
        holder = invoice.lease_owner or "nobody"
        raise LeaseLost(f"invoice {invoice.number}: the lease is held by {holder}, not {owner}")


def claim(
    store: Store,
    worker_id: str,
    lease_seconds: float,
    limit: int,
    *,
    states: Collection[InvoiceState] | None = None,
    ids: Collection[int] | None = None,
    now: datetime | None = None,
) -> list[Claimed]:
    """Lease up to ``limit`` due invoices (oldest due first) to ``worker_id`` for ``lease_seconds``; commits.

    ``states`` restricts the claim to invoices in those states (a worker dedicated to one step), ``ids`` to these
    invoices (a command carrying the batch it just added). ``now`` is for tests and tools that need another clock.
    """
    if not worker_id or len(worker_id) > 200:
        raise ValueError("worker id: 1 to 200 characters")
    if lease_seconds <= 0 or limit <= 0:
        raise ValueError("lease_seconds and limit must be positive")
    now = now or utcnow()
    expires = now + timedelta(seconds=lease_seconds)
    with store.transaction() as session:
        due = select(Invoice.id).where(
            Invoice.due_at <= now,
            or_(Invoice.lease_expires_at.is_(None), Invoice.lease_expires_at <= now),
        )
        if states is not None:
            due = due.where(Invoice.state.in_([InvoiceState(state) for state in states]))
        if ids is not None:
            due = due.where(Invoice.id.in_(list(ids)))
        due = due.order_by(Invoice.due_at, Invoice.id).limit(limit).with_for_update(skip_locked=True)
        ids = list(session.scalars(due))
        if not ids:
            return []
        rows = session.execute(
            update(Invoice)
            .where(Invoice.id.in_(ids))
            .values(lease_owner=worker_id, lease_expires_at=expires, attempts=Invoice.attempts + 1)
            .returning(Invoice.id, Invoice.company_id, Invoice.number, Invoice.state, Invoice.attempts, Invoice.due_at)
            .execution_options(synchronize_session=False)
        ).all()
    rows.sort(key=lambda row: (row.due_at, row.id))
    return [
        Claimed(
            invoice_id=row.id,
            company_id=row.company_id,
            number=row.number,
            state=row.state,
            attempts=row.attempts,
            owner=worker_id,
            lease_expires_at=expires,
        )
        for row in rows
    ]


def renew(session: Session, invoice_id: int, owner: str, lease_seconds: float, *, now: datetime | None = None) -> None:
    """Extend a lease the worker still holds (a long step); ``LeaseLost`` if another worker took over."""
    invoice = lock_invoice(session, invoice_id)
    ensure_lease(invoice, owner)
    invoice.lease_expires_at = (now or utcnow()) + timedelta(seconds=lease_seconds)


def release(session: Session, invoice_id: int, owner: str, *, done: bool = False) -> None:
    """Give the lease back. The invoice stays due (the next step can start at once) unless ``done``: no more work."""
    invoice = lock_invoice(session, invoice_id)
    ensure_lease(invoice, owner)
    invoice.lease_owner = None
    invoice.lease_expires_at = None
    if done:
        invoice.due_at = None


def reschedule(session: Session, invoice_id: int, owner: str, at: datetime, *, error: str | None = None) -> None:
    """Give the lease back and make the invoice due again at ``at`` (a retry, a poll); ``error`` says why."""
    invoice = lock_invoice(session, invoice_id)
    ensure_lease(invoice, owner)
    invoice.lease_owner = None
    invoice.lease_expires_at = None
    invoice.due_at = at
    if error is not None:
        invoice.last_error = error[:MAX_ERROR]


def schedule(session: Session, invoice_id: int, at: datetime | None = None) -> None:
    """Make an invoice due at ``at`` (now by default) from outside a lease: a user's command, a tracking pass.

    A lease in progress is left alone; its holder's ``release`` keeps the new due time, ``reschedule`` replaces it.
    """
    invoice = lock_invoice(session, invoice_id)
    invoice.due_at = at or utcnow()


def pending(session: Session, *, now: datetime | None = None) -> int:
    """How many invoices are due now and unleased (a worker's idea of its backlog)."""
    now = now or utcnow()
    count = session.scalar(
        select(func.count(Invoice.id)).where(
            Invoice.due_at <= now,
            or_(Invoice.lease_expires_at.is_(None), Invoice.lease_expires_at <= now),
        )
    )
    return int(count or 0)
