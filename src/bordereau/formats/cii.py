"""UN/CEFACT CII D16B (``rsm:CrossIndustryInvoice``): the reader and the writer.

The reader accepts the XML of every Factur-X profile (MINIMUM to EXTENDED) and keeps what the EN 16931 model
holds; anything else (EXTENDED content, unknown elements) is reported in ``Document.unmapped``. The writer
produces a CII D16B document that the Factur-X EN 16931 XSD accepts.
"""

from __future__ import annotations

from lxml import etree

from ..model import Invoice
from . import xsd
from .cii_reader import Reader
from .cii_writer import build
from .document import Document
from .lookup import FastSource
from .xml import NS, serialize

SCHEMA = "en16931"


def read(root: etree._Element, source: str) -> Document:
    """The invoice in ``root`` (already parsed by :func:`bordereau.formats.xml.parse`)."""
    src = FastSource(root, source, NS)
    invoice = Reader(src).invoice(root)
    return Document(invoice=invoice, syntax="cii", source=source, root=root, unmapped=src.unmapped())


def write(invoice: Invoice, *, check_schema: bool = True) -> bytes:
    """``invoice`` as CII bytes; checked against the EN 16931 XSD unless told otherwise (raises OutputError)."""
    root = build(invoice)
    if check_schema:
        xsd.check(root, SCHEMA)
    return serialize(root)


__all__ = ["build", "read", "write"]
