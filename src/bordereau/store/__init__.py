"""bordereau's store: companies, outbound invoices, the documents sent, the hash-chained history, work leases.

SQLite by default (one file), PostgreSQL for several workers; the schema is managed by the Alembic migrations that
ship in this package and is brought up to date when the store is opened.

How the pipeline uses it::

    from bordereau import store

    db = store.open_store()                      # $BORDEREAU_DATABASE_URL or ./bordereau.db, migrated
    with db.transaction() as s:                  # one transaction: all of it or nothing
        company = store.create_company(s, siret="85274196600026", name="Ateliers", credentials_ref="saone")
        invoice = store.add_invoice(s, company.id, store.NewInvoice(...), source=store.NewDocument(...))

    for job in store.claim(db, worker_id, lease_seconds=120, limit=10):   # commits the leases
        ...                                      # no transaction open while talking to the platform
        with db.transaction() as s:
            store.transition(s, job.invoice_id, store.InvoiceState.DEPOSITED, owner=worker_id, flux_number=n)
            store.reschedule(s, job.invoice_id, worker_id, at=soon)   # or store.release(..., done=True)

    report = store.verify_audit(db)              # report.ok, report.breaks

Functions taking a ``Session`` join the caller's transaction (use ``Store.transaction()`` to write: on SQLite it
takes the write lock up front). ``claim`` and ``verify_audit`` take the ``Store`` and manage their own.
"""

from __future__ import annotations

from .audit import AuditBreak, AuditReport, verify_audit
from .chain import append_event
from .companies import create_company, find_company, get_company, list_companies, update_company
from .directory import BuyerEntry, forget_buyers, get_buyer, put_buyer
from .engine import Store, default_url, normalize_url, open_store, safe_url
from .errors import DuplicateCompany, DuplicateInvoice, LeaseLost, NotFound, StateConflict, StoreError
from .invoices import (
    NewDocument,
    NewInvoice,
    StatusUpdate,
    add_invoice,
    record_document,
    resubmit,
    set_platform_ids,
    transition,
    update_platform_status,
    update_platform_statuses,
)
from .migrate import migrate
from .models import Company, Document, Event, Invoice, Notification
from .notifications import (
    Outgoing,
    claim_notifications,
    delivered,
    enqueue,
    failed,
    next_notification_due,
    notification_counts,
    notifications_of,
)
from .queries import (
    count_by_platform_status,
    count_by_state,
    document_content,
    documents,
    event_record,
    find_by_flux,
    find_by_platform_id,
    find_invoice,
    get_invoice,
    invoice_record,
    latest_document,
    list_invoices,
    timeline,
)
from .states import TRANSITIONS, DocumentKind, EventType, InvoiceState, OutputFormat, allowed
from .work import Claimed, claim, pending, release, renew, reschedule, schedule

__all__ = [
    "TRANSITIONS",
    "AuditBreak",
    "AuditReport",
    "BuyerEntry",
    "Claimed",
    "Company",
    "Document",
    "DocumentKind",
    "DuplicateCompany",
    "DuplicateInvoice",
    "Event",
    "EventType",
    "Invoice",
    "InvoiceState",
    "LeaseLost",
    "NewDocument",
    "NewInvoice",
    "NotFound",
    "Notification",
    "Outgoing",
    "OutputFormat",
    "StateConflict",
    "StatusUpdate",
    "Store",
    "StoreError",
    "add_invoice",
    "allowed",
    "append_event",
    "claim",
    "claim_notifications",
    "count_by_platform_status",
    "count_by_state",
    "create_company",
    "default_url",
    "delivered",
    "document_content",
    "documents",
    "enqueue",
    "event_record",
    "failed",
    "find_by_flux",
    "find_by_platform_id",
    "find_company",
    "find_invoice",
    "forget_buyers",
    "get_buyer",
    "get_company",
    "get_invoice",
    "invoice_record",
    "latest_document",
    "list_companies",
    "list_invoices",
    "migrate",
    "next_notification_due",
    "normalize_url",
    "notification_counts",
    "notifications_of",
    "open_store",
    "pending",
    "put_buyer",
    "record_document",
    "release",
    "renew",
    "reschedule",
    "resubmit",
    "safe_url",
    "schedule",
    "set_platform_ids",
    "timeline",
    "transition",
    "update_company",
    "update_platform_status",
    "update_platform_statuses",
    "verify_audit",
]
