"""UBL 2.1 Invoice and CreditNote: the reader (``ubl_read``) and the writer (``ubl_write``) behind one door."""

from __future__ import annotations

from ..model import Invoice
from . import xsd
from .ubl_read import read
from .ubl_write import build
from .xml import serialize


def write(invoice: Invoice, *, check_schema: bool = True) -> bytes:
    """``invoice`` as UBL bytes; checked against the UBL 2.1 XSD unless told otherwise (raises OutputError)."""
    root = build(invoice)
    if check_schema:
        xsd.check(root, "ubl-creditnote" if invoice.is_credit_note else "ubl-invoice")
    return serialize(root)


__all__ = ["build", "read", "write"]
