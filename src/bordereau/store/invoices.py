"""Outbound invoices: adding one, moving it through the pipeline, the documents sent, what the platform says.

Every function here takes the ``Session`` of a ``Store.transaction()`` and writes its event in that same
transaction: the change and its trace commit together or not at all. Each one locks the invoice row first, so two
workers never interleave on one invoice's chain.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .chain import append, jsonable, lock_invoice
from .companies import get_company
from .errors import DuplicateInvoice, StateConflict, StoreError
from .models import Document, Invoice
from .states import DocumentKind, EventType, InvoiceState, OutputFormat, allowed
from .types import UNSET, utcnow
from .work import ensure_lease

CURRENCY = re.compile(r"[A-Z]{3}")
PLATFORM_STATUS = re.compile(r"[A-Z0-9][A-Z0-9_-]{0,63}")


@dataclass(frozen=True)
class NewInvoice:
    """What the store keeps about an invoice when it arrives (the full content is its source document)."""

    number: str
    buyer_siret: str
    amount_due: Decimal
    total_with_vat: Decimal
    currency: str
    issue_date: date
    total_without_vat: Decimal | None = None
    due_date: date | None = None
    service_code: str | None = None
    engagement: str | None = None
    output_format: OutputFormat | None = None  # None: the company's preference


@dataclass(frozen=True)
class NewDocument:
    """A file to store with an invoice."""

    kind: DocumentKind
    filename: str
    mime: str
    content: bytes = field(repr=False)


def _merged(facts: dict[str, Any], extra: Mapping[str, Any] | None) -> dict[str, Any]:
    """The store's own facts plus the caller's, which may add keys but not overwrite them."""
    if not extra:
        return facts
    clash = sorted(set(facts) & set(extra))
    if clash:
        raise ValueError(f"event data keys {', '.join(clash)} are the store's own")
    return {**facts, **extra}


def _check(new: NewInvoice) -> None:
    def bad(what: str) -> StoreError:
        return StoreError(f"invoice {new.number!r}: {what}")

    if not new.number or len(new.number) > 64:
        raise bad("the number must have 1 to 64 characters")
    if not new.buyer_siret or len(new.buyer_siret) > 32:
        raise bad("the buyer identifier must have 1 to 32 characters")
    if not CURRENCY.fullmatch(new.currency):
        raise bad(f"currency {new.currency!r} is not an ISO 4217 code")
    for name in ("amount_due", "total_with_vat", "total_without_vat"):
        value = getattr(new, name)
        if value is not None and not isinstance(value, Decimal):
            raise bad(f"{name} must be a Decimal, not {type(value).__name__}")
    if new.engagement is not None and len(new.engagement) > 50:
        raise bad("the engagement number is longer than 50 characters")
    if new.service_code is not None and len(new.service_code) > 100:
        raise bad("the service code is longer than 100 characters")


def add_invoice(
    session: Session,
    company_id: int,
    new: NewInvoice,
    *,
    source: NewDocument | None = None,
    data: Mapping[str, Any] | None = None,
    due_at: datetime | None = UNSET,
) -> Invoice:
    """Store a received invoice (state ``received``), its first event and, if given, its source document.

    ``due_at`` schedules its first piece of work (now by default; None: not scheduled). Raises ``DuplicateInvoice``
    when the company already has this number.
    """
    _check(new)
    company = get_company(session, company_id)
    if session.scalar(select(Invoice.id).where(Invoice.company_id == company_id, Invoice.number == new.number)):
        raise DuplicateInvoice(f"company {company.siret} already has an invoice numbered {new.number}")
    now = utcnow()
    invoice = Invoice(
        company_id=company_id,
        number=new.number,
        buyer_siret=new.buyer_siret,
        service_code=new.service_code,
        engagement=new.engagement,
        amount_due=new.amount_due,
        total_with_vat=new.total_with_vat,
        total_without_vat=new.total_without_vat,
        currency=new.currency,
        issue_date=new.issue_date,
        due_date=new.due_date,
        output_format=new.output_format or company.output_format,
        state=InvoiceState.RECEIVED,
        state_at=now,
        due_at=now if due_at is UNSET else due_at,
        attempts=0,
        event_count=0,
    )
    # A savepoint, so that a concurrent insert of the same number is reported as such, not as a crash.
    try:
        with session.begin_nested():
            session.add(invoice)
            session.flush()
    except IntegrityError:
        if session.scalar(select(Invoice.id).where(Invoice.company_id == company_id, Invoice.number == new.number)):
            raise DuplicateInvoice(f"company {company.siret} already has an invoice numbered {new.number}") from None
        raise
    facts = {
        "number": new.number,
        "company_siret": company.siret,
        "buyer_siret": new.buyer_siret,
        "service_code": new.service_code,
        "engagement": new.engagement,
        "amount_due": new.amount_due,
        "total_with_vat": new.total_with_vat,
        "total_without_vat": new.total_without_vat,
        "currency": new.currency,
        "issue_date": new.issue_date,
        "due_date": new.due_date,
        "output_format": invoice.output_format,
    }
    append(session, invoice, EventType.RECEIVED, _merged(facts, data))
    if source is not None:
        _store_document(session, invoice, source)
    return invoice


def transition(
    session: Session,
    invoice_id: int,
    to: InvoiceState | str,
    *,
    expect: InvoiceState | str | None = None,
    owner: str | None = None,
    findings: list[dict[str, Any]] | None = UNSET,
    flux_number: str | None = None,
    platform_id: int | None = None,
    data: Mapping[str, Any] | None = None,
) -> Invoice:
    """Move the invoice to ``to`` and record it, or raise ``StateConflict`` (nothing written) if the move is illegal.

    ``expect``: the state the caller believes it is in (compare-and-set). ``owner``: refuse (``LeaseLost``) unless
    this worker holds the invoice's lease. ``findings`` replaces the stored findings (validation results, rejection
    reasons); ``flux_number`` / ``platform_id`` set the platform's ids. A successful move resets ``attempts``.
    """
    target = InvoiceState(to)
    invoice = lock_invoice(session, invoice_id)
    ensure_lease(invoice, owner)
    current = invoice.state
    if expect is not None and current != InvoiceState(expect):
        raise StateConflict(invoice.number, current, target, reason=f"expected it in {InvoiceState(expect).value!r}")
    if not allowed(current, target):
        raise StateConflict(invoice.number, current, target)
    record: dict[str, Any] = {"from": current, "to": target}
    invoice.state = target
    invoice.state_at = utcnow()
    invoice.attempts = 0
    invoice.last_error = None
    if findings is not UNSET:
        invoice.findings = jsonable(findings, path="findings") if findings is not None else None
        record["findings"] = invoice.findings
    if flux_number is not None:
        invoice.flux_number = flux_number
        record["flux_number"] = flux_number
    if platform_id is not None:
        invoice.platform_id = platform_id
        record["platform_id"] = platform_id
    append(session, invoice, EventType.STATE, _merged(record, data))
    return invoice


def resubmit(
    session: Session,
    invoice_id: int,
    new: NewInvoice,
    *,
    source: NewDocument,
    data: Mapping[str, Any] | None = None,
) -> Invoice:
    """A corrected invoice under a number that never reached the platform (``invalid`` or ``rejected``): the row takes
    the new facts, goes back to ``received`` with the new source document, and is due now. ``StateConflict`` otherwise.
    """
    _check(new)
    invoice = lock_invoice(session, invoice_id)
    if new.number != invoice.number:
        raise StoreError(f"invoice {invoice.number}: a resubmission keeps its number (got {new.number})")
    facts = {
        "buyer_siret": new.buyer_siret,
        "service_code": new.service_code,
        "engagement": new.engagement,
        "amount_due": new.amount_due,
        "total_with_vat": new.total_with_vat,
        "total_without_vat": new.total_without_vat,
        "currency": new.currency,
        "issue_date": new.issue_date,
        "due_date": new.due_date,
    }
    output = new.output_format or invoice.output_format
    transition(
        session,
        invoice_id,
        InvoiceState.RECEIVED,
        findings=None,
        data=_merged({"resubmitted": True, "facts": {**facts, "output_format": output}}, data),
    )
    for name, value in facts.items():
        setattr(invoice, name, value)
    invoice.output_format = output
    invoice.flux_number = None
    invoice.due_at = utcnow()
    _store_document(session, invoice, source)
    return invoice


def set_platform_ids(
    session: Session,
    invoice_id: int,
    *,
    flux_number: str | None = None,
    platform_id: int | None = None,
    owner: str | None = None,
) -> Invoice:
    """Record the platform's ids (``numeroFluxDepot``, ``identifiantFactureCPP``); an event only for a change."""
    invoice = lock_invoice(session, invoice_id)
    ensure_lease(invoice, owner)
    changed: dict[str, Any] = {}
    if flux_number is not None and flux_number != invoice.flux_number:
        invoice.flux_number = changed["flux_number"] = flux_number
    if platform_id is not None and platform_id != invoice.platform_id:
        invoice.platform_id = changed["platform_id"] = platform_id
    if changed:
        append(session, invoice, EventType.PLATFORM_IDS, changed)
    return invoice


@dataclass(frozen=True)
class StatusUpdate:
    """A platform status seen for an invoice (spelled as the API spells it) and when the platform reached it."""

    invoice_id: int
    status: str
    at: datetime | None = None
    data: Mapping[str, Any] | None = None


def update_platform_status(
    session: Session,
    invoice_id: int,
    status: str,
    *,
    at: datetime | None = None,
    data: Mapping[str, Any] | None = None,
) -> bool:
    """Mirror the platform's status; True (and an event) only when it differs from the one stored."""
    if not PLATFORM_STATUS.fullmatch(status):
        raise StoreError(f"platform status {status!r}: expected the API's spelling, like MISE_A_DISPOSITION")
    invoice = lock_invoice(session, invoice_id)
    if invoice.platform_status == status:
        return False
    record: dict[str, Any] = {"from": invoice.platform_status, "to": status, "platform_at": at}
    invoice.platform_status = status
    invoice.platform_status_at = at or utcnow()
    append(session, invoice, EventType.PLATFORM_STATUS, _merged(record, data))
    return True


def update_platform_statuses(session: Session, updates: Iterable[StatusUpdate]) -> list[int]:
    """Apply a tracking pass's findings in id order (so that two passes never deadlock); the ids that changed.

    Several updates for one invoice are applied in the order given (a status history, oldest first).
    """
    ordered = sorted(updates, key=lambda update: update.invoice_id)  # stable: keeps each invoice's own order
    changed: list[int] = []
    for update in ordered:
        moved = update_platform_status(session, update.invoice_id, update.status, at=update.at, data=update.data)
        if moved and (not changed or changed[-1] != update.invoice_id):
            changed.append(update.invoice_id)
    return changed


def record_document(
    session: Session,
    invoice_id: int,
    document: NewDocument,
    *,
    data: Mapping[str, Any] | None = None,
) -> Document:
    """Store a document received or sent for the invoice, with its SHA-256, and chain its hash into the history."""
    return _store_document(session, lock_invoice(session, invoice_id), document, data)


def _store_document(
    session: Session, invoice: Invoice, document: NewDocument, data: Mapping[str, Any] | None = None
) -> Document:
    kind = DocumentKind(document.kind)
    if not document.filename or len(document.filename) > 255:
        raise StoreError(f"invoice {invoice.number}: a document's file name must have 1 to 255 characters")
    if not isinstance(document.content, bytes | bytearray | memoryview):
        raise StoreError(f"invoice {invoice.number}: {document.filename}: the content must be bytes")
    content = bytes(document.content)
    digest = hashlib.sha256(content).hexdigest()
    row = Document(
        invoice_id=invoice.id,
        kind=kind,
        filename=document.filename,
        mime=document.mime,
        size=len(content),
        sha256=digest,
        content=content,
    )
    session.add(row)
    session.flush()
    facts = {
        "document_id": row.id,
        "kind": kind,
        "filename": document.filename,
        "mime": document.mime,
        "size": len(content),
        "sha256": digest,
    }
    append(session, invoice, EventType.DOCUMENT, _merged(facts, data))
    return row
