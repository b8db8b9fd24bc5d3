"""Taking an invoice in: read it, find (or register) its supplier, store it with its source and attachments.

One transaction per invoice: a file that cannot be read, or whose number was already sent, leaves nothing behind,
and the other files of a batch go on. A number whose earlier attempt was invalid or refused by the platform (so
never integrated) may come again, corrected: the same row goes back to ``received`` with the new source.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from .. import store
from ..errors import BordereauError, InputError
from ..store import InvoiceState as S
from ..store.types import utcnow
from . import documents

log = logging.getLogger("bordereau.dispatch")

RETRYABLE = (S.INVALID, S.REJECTED)


class AlreadySent(BordereauError):
    """The supplier already has an invoice with this number that is (or may be) on the platform."""


@dataclass(frozen=True, slots=True)
class Submitted:
    """An invoice taken in (``invoice_id``), or the one-line reason it was not (``error``)."""

    source: str
    number: str | None = None
    invoice_id: int | None = None
    error: str | None = None
    again: bool = False  # a corrected invoice under a number that failed before

    @property
    def ok(self) -> bool:
        return self.error is None


def _company(session: Session, siret: str, name: str) -> store.Company:
    company = store.find_company(session, siret)
    if company is None:
        company = store.create_company(session, siret=siret, name=name or siret)
        log.info("registered the supplier %s (%s)", siret, company.name)
    return company


def submit(
    db: store.Store,
    data: bytes,
    source: str,
    *,
    output_format: store.OutputFormat | None = None,
    attachments: Sequence[tuple[str, bytes]] = (),
    due: bool = True,
) -> Submitted:
    """Store one invoice (state ``received``, due now unless ``due`` is false); never raises for bad input."""
    try:
        document = documents.read_source(data, source)
        invoice = document.invoice
        siret = documents.seller_siret(invoice, source)
        new = documents.new_invoice(invoice, source, output_format)
    except InputError as exc:
        return Submitted(source, error=str(exc.located(source)))
    seller_name = invoice.seller.name if invoice.seller is not None and invoice.seller.name else siret
    try:
        with db.transaction() as session:
            company = _company(session, siret, seller_name)
            existing = store.find_invoice(session, new.number, company_id=company.id)
            if existing is not None:
                if existing.state not in RETRYABLE:
                    raise AlreadySent(
                        f"{source}: invoice {new.number} was already sent (state {existing.state.value}"
                        + (f", {existing.platform_status}" if existing.platform_status else "")
                        + "); a corrected invoice needs a new number"
                    )
                invoice_id = _again(session, existing, new, data, source, document.syntax)
                again = True
            else:
                row = store.add_invoice(
                    session,
                    company.id,
                    new,
                    source=documents.source_document(data, source, document.syntax),
                    data={"source": Path(source).name},
                    due_at=utcnow() if due else None,
                )
                invoice_id, again = row.id, False
            for name, content in attachments:
                store.record_document(session, invoice_id, documents.attachment_document(name, content))
    except (AlreadySent, store.DuplicateInvoice, store.StoreError) as exc:
        message = str(exc)
        return Submitted(
            source, number=new.number, error=message if message.startswith(source) else f"{source}: {message}"
        )
    return Submitted(source, number=new.number, invoice_id=invoice_id, again=again)


def _again(
    session: Session, existing: store.Invoice, new: store.NewInvoice, data: bytes, source: str, syntax: str
) -> int:
    """A corrected invoice under a number that never reached the platform: the row starts over with the new facts."""
    store.resubmit(
        session,
        existing.id,
        new,
        source=documents.source_document(data, source, syntax),
        data={"source": Path(source).name},
    )
    return existing.id


def read_attachments(paths: list[Path]) -> list[tuple[str, bytes]]:
    """The files to attach, read now (InputError naming the file when one cannot be read)."""
    found = []
    for path in paths:
        try:
            found.append((path.name, path.read_bytes()))
        except OSError as exc:
            raise InputError(f"cannot read the attachment ({exc.strerror})", source=str(path)) from None
    return found
