"""bordereau: an open e-invoicing gateway for France's public sector.

The core is usable as a library: ``read`` any supported invoice, get the EN 16931 model, write it back in
another syntax.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import BordereauError, InputError, OutputError
from .formats import Document, read, read_file, write
from .model import Invoice


def to_ubl(invoice: Invoice) -> bytes:
    """The invoice as a UBL 2.1 Invoice or CreditNote, checked against the XSD."""
    return write(invoice, "ubl")


def to_cii(invoice: Invoice) -> bytes:
    """The invoice as a CII D16B CrossIndustryInvoice, checked against the XSD."""
    return write(invoice, "cii")


def to_json(invoice: Invoice) -> bytes:
    return write(invoice, "json")


def to_facturx(invoice: Invoice, *, profile: str = "en16931", lang: str = "fr") -> bytes:
    """The invoice as a Factur-X: a PDF/A-3b legible page with the CII of ``profile`` attached."""
    from .formats import facturx  # pikepdf and the fonts load only when a PDF is asked for

    return facturx.write(invoice, profile=profile, lang=lang)


__all__ = [
    "BordereauError",
    "Document",
    "InputError",
    "Invoice",
    "OutputError",
    "__version__",
    "read",
    "read_file",
    "to_cii",
    "to_facturx",
    "to_json",
    "to_ubl",
    "write",
]
