"""Reading: finding invoices, listing them by state, one invoice's timeline and documents, and plain-data views.

These take any ``Session`` (``Store.read()`` is enough). The ``*_record`` functions turn rows into JSON-ready dicts
with stable keys, which ``bordereau status --json`` and the REST API can show as they are.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, undefer

from .errors import NotFound, StoreError
from .models import Company, Document, Event, Invoice
from .states import DocumentKind, InvoiceState


def get_invoice(session: Session, invoice_id: int) -> Invoice:
    """The invoice with this id, or ``NotFound``."""
    invoice = session.get(Invoice, invoice_id)
    if invoice is None:
        raise NotFound(f"no invoice with id {invoice_id}")
    return invoice


def find_invoice(session: Session, number: str, *, company_id: int | None = None) -> Invoice | None:
    """The invoice with this number (of this company, when several companies use the same number)."""
    query = select(Invoice).where(Invoice.number == number)
    if company_id is not None:
        query = query.where(Invoice.company_id == company_id)
    found = list(session.scalars(query.limit(2)))
    if len(found) > 1:
        raise StoreError(f"invoice number {number} exists for several companies: name the company")
    return found[0] if found else None


def find_by_flux(session: Session, flux_number: str) -> list[Invoice]:
    """The invoices deposited in this flux (``numeroFluxDepot``)."""
    return list(session.scalars(select(Invoice).where(Invoice.flux_number == flux_number).order_by(Invoice.id)))


def find_by_platform_id(session: Session, platform_id: int) -> Invoice | None:
    """The invoice the platform knows as ``identifiantFactureCPP``."""
    return session.scalars(select(Invoice).where(Invoice.platform_id == platform_id)).first()


def list_invoices(
    session: Session,
    *,
    states: Collection[InvoiceState] | None = None,
    company_id: int | None = None,
    platform_statuses: Collection[str] | None = None,
    exclude_platform_statuses: Collection[str] | None = None,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = True,
) -> list[Invoice]:
    """Invoices filtered by local state, company and platform status, most recently changed first by default."""
    query = select(Invoice)
    if states is not None:
        query = query.where(Invoice.state.in_([InvoiceState(state) for state in states]))
    if company_id is not None:
        query = query.where(Invoice.company_id == company_id)
    if platform_statuses is not None:
        query = query.where(Invoice.platform_status.in_(list(platform_statuses)))
    if exclude_platform_statuses:
        excluded = list(exclude_platform_statuses)
        query = query.where(Invoice.platform_status.is_(None) | Invoice.platform_status.not_in(excluded))
    order = (Invoice.updated_at.desc(), Invoice.id.desc()) if newest_first else (Invoice.updated_at, Invoice.id)
    query = query.order_by(*order).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def count_by_state(session: Session, *, company_id: int | None = None) -> dict[InvoiceState, int]:
    """How many invoices are in each local state (every state listed, zeros included)."""
    query = select(Invoice.state, func.count(Invoice.id)).group_by(Invoice.state)
    if company_id is not None:
        query = query.where(Invoice.company_id == company_id)
    counts = dict.fromkeys(InvoiceState, 0)
    for state, count in session.execute(query):
        counts[state] = count
    return counts


def count_by_platform_status(session: Session, *, company_id: int | None = None) -> dict[str | None, int]:
    """How many invoices show each platform status (None: not on the platform yet)."""
    query = select(Invoice.platform_status, func.count(Invoice.id)).group_by(Invoice.platform_status)
    if company_id is not None:
        query = query.where(Invoice.company_id == company_id)
    return {status: count for status, count in session.execute(query)}


def timeline(session: Session, invoice_id: int) -> list[Event]:
    """The invoice's events, oldest first."""
    return list(session.scalars(select(Event).where(Event.invoice_id == invoice_id).order_by(Event.seq)))


def documents(session: Session, invoice_id: int, *, kind: DocumentKind | None = None) -> list[Document]:
    """The invoice's documents, oldest first, without their bytes (see ``document_content``)."""
    query = select(Document).where(Document.invoice_id == invoice_id)
    if kind is not None:
        query = query.where(Document.kind == DocumentKind(kind))
    return list(session.scalars(query.order_by(Document.id)))


def latest_document(session: Session, invoice_id: int, kind: DocumentKind) -> Document | None:
    """The newest document of this kind, bytes loaded."""
    return session.scalars(
        select(Document)
        .where(Document.invoice_id == invoice_id, Document.kind == DocumentKind(kind))
        .order_by(Document.id.desc())
        .options(undefer(Document.content))
        .limit(1)
    ).first()


def document_content(session: Session, document_id: int) -> bytes:
    """A document's bytes."""
    content = session.scalar(select(Document.content).where(Document.id == document_id))
    if content is None:
        raise NotFound(f"no document with id {document_id}")
    return bytes(content)


def invoice_record(invoice: Invoice, *, company: Company | None = None) -> dict[str, Any]:
    """An invoice as plain JSON data; the keys ``bordereau status --json`` promises come first."""
    record: dict[str, Any] = {
        "number": invoice.number,
        "buyer_siret": invoice.buyer_siret,
        "state": invoice.state.value,
        "platform_status": invoice.platform_status,
        "platform_id": invoice.platform_id,
        "amount_due": format(invoice.amount_due, "f"),
        "updated_at": invoice.updated_at.isoformat(),
        "id": invoice.id,
        "company_id": invoice.company_id,
        "total_with_vat": format(invoice.total_with_vat, "f"),
        "currency": invoice.currency,
        "issue_date": invoice.issue_date.isoformat(),
        "due_date": invoice.due_date.isoformat() if invoice.due_date else None,
        "service_code": invoice.service_code,
        "engagement": invoice.engagement,
        "output_format": invoice.output_format.value,
        "flux_number": invoice.flux_number,
        "platform_status_at": invoice.platform_status_at.isoformat() if invoice.platform_status_at else None,
        "findings": invoice.findings,
        "last_error": invoice.last_error,
        "created_at": invoice.created_at.isoformat(),
    }
    if company is not None:
        record["company_siret"] = company.siret
    return record


def event_record(event: Event) -> dict[str, Any]:
    """An event as plain JSON data (what a timeline shows)."""
    return {
        "seq": event.seq,
        "type": event.type,
        "at": event.at.isoformat(),
        "data": event.data,
        "hash": event.hash,
    }
