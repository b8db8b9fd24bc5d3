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

from ..lazy import exports

# Loaded on first use: importing the package (as the CLI does to mount its commands) costs nothing until a name
# is asked for, and SQLAlchemy and Alembic load only then.
_EXPORTS = {
    "AuditBreak": "audit",
    "AuditReport": "audit",
    "verify_audit": "audit",
    "append_event": "chain",
    "create_company": "companies",
    "find_company": "companies",
    "get_company": "companies",
    "list_companies": "companies",
    "update_company": "companies",
    "BuyerEntry": "directory",
    "forget_buyers": "directory",
    "get_buyer": "directory",
    "put_buyer": "directory",
    "Store": "engine",
    "default_url": "engine",
    "normalize_url": "engine",
    "open_store": "engine",
    "safe_url": "engine",
    "DuplicateCompany": "errors",
    "DuplicateInvoice": "errors",
    "LeaseLost": "errors",
    "NotFound": "errors",
    "StateConflict": "errors",
    "StoreError": "errors",
    "NewDocument": "invoices",
    "NewInvoice": "invoices",
    "StatusUpdate": "invoices",
    "add_invoice": "invoices",
    "record_document": "invoices",
    "resubmit": "invoices",
    "set_platform_ids": "invoices",
    "transition": "invoices",
    "update_platform_status": "invoices",
    "update_platform_statuses": "invoices",
    "migrate": "revisions",
    "Company": "models",
    "Document": "models",
    "Event": "models",
    "Invoice": "models",
    "Notification": "models",
    "Outgoing": "notifications",
    "claim_notifications": "notifications",
    "delivered": "notifications",
    "enqueue": "notifications",
    "failed": "notifications",
    "next_notification_due": "notifications",
    "notification_counts": "notifications",
    "notifications_of": "notifications",
    "count_by_platform_status": "queries",
    "count_by_state": "queries",
    "document_content": "queries",
    "documents": "queries",
    "event_record": "queries",
    "find_by_flux": "queries",
    "find_by_platform_id": "queries",
    "find_invoice": "queries",
    "get_invoice": "queries",
    "invoice_record": "queries",
    "latest_document": "queries",
    "list_invoices": "queries",
    "timeline": "queries",
    "DocumentKind": "states",
    "EventType": "states",
    "InvoiceState": "states",
    "OutputFormat": "states",
    "TRANSITIONS": "states",
    "allowed": "states",
    "Claimed": "work",
    "claim": "work",
    "pending": "work",
    "release": "work",
    "renew": "work",
    "reschedule": "work",
    "schedule": "work",
}


__getattr__ = exports(__name__, _EXPORTS)


__all__ = sorted(_EXPORTS)
