"""UN/CEFACT CII D16B (``rsm:CrossIndustryInvoice``): the reader and the writer.

The reader accepts the XML of every Factur-X profile (MINIMUM to EXTENDED) and keeps what the EN 16931 model
holds; anything else (EXTENDED content, unknown elements) is reported in ``Document.unmapped``. The writer
produces a CII D16B document that the Factur-X EN 16931 XSD accepts, or, given a ``profile``, the document of
that Factur-X profile (see :mod:`bordereau.formats.cii_profile`), checked against that profile's XSD.
"""

from __future__ import annotations

from lxml import etree

from ..model import Invoice
from . import cii_profile, xsd
from .cii_reader import Reader
from .cii_writer import build
from .document import Document
from .lookup import FastSource
from .xml import NS, serialize

SCHEMA = "en16931"


def read(root: etree._Element, source: str, *, strict: bool = True) -> Document:
    """The invoice in ``root`` (already parsed by :func:`bordereau.formats.xml.parse`; ``strict``: see Source)."""
    src = FastSource(root, source, NS, strict=strict)
    invoice = Reader(src).invoice(root)
    return Document(
        invoice=invoice, syntax="cii", source=source, root=root, leftovers=src.unmapped, malformed=src.malformed
    )


def write(invoice: Invoice, *, check_schema: bool = True, profile: str | None = None) -> bytes:
    """``invoice`` as CII bytes; checked against the XSD unless told otherwise (raises OutputError).

    Without ``profile``, the EN 16931 document with BT-24 as the invoice gives it. With a Factur-X ``profile``
    (``minimum``, ``basicwl``, ``basic``, ``en16931``, ``extended``), what the profile does not carry is left
    out, BT-24 is the profile's guideline id, and the check uses that profile's XSD.
    """
    root = build(invoice)
    if profile is not None:
        cii_profile.apply(root, profile)
    if check_schema:
        xsd.check(root, profile or SCHEMA)
    return serialize(root)


__all__ = ["build", "read", "write"]
