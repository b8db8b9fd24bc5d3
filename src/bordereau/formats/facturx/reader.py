"""Reading a Factur-X PDF: find the invoice XML inside, read it as CII, keep the PDF-level facts.

The XML is looked for through the catalog's ``/AF`` (associated files, by relationship) first, then by its file
name in the embedded files (``factur-x.xml``, ``zugferd-invoice.xml``, ``xrechnung.xml``). A damaged, truncated,
encrypted or hostile PDF gives a one-line :class:`InputError` naming the file, never a traceback.
"""

from __future__ import annotations

import io

import pikepdf
from lxml import etree

from ...errors import InputError
from .. import cii, ubl
from ..document import Document
from ..xml import NS, parse
from .facts import XML_NAMES, PdfFacts, collect

MAX_PDF_BYTES = 200 * 1024 * 1024


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def open_pdf(data: bytes, source: str) -> pikepdf.Pdf:
    """Open untrusted PDF bytes, or raise a one-line InputError."""
    if len(data) > MAX_PDF_BYTES:
        raise InputError(f"the PDF is larger than {MAX_PDF_BYTES // (1024 * 1024)} MB", source=source)
    try:
        return pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        reason = "the PDF is encrypted with a password: the invoice inside cannot be read"
        raise InputError(reason, source=source) from None
    except (pikepdf.PdfError, RuntimeError, ValueError, OSError) as exc:
        raise InputError(f"not a readable PDF ({_first_line(exc)})", source=source) from None


def inspect(data: bytes, source: str) -> PdfFacts:
    """The PDF-level facts of ``data``, with the embedded XML when there is one."""
    with open_pdf(data, source) as pdf:
        try:
            return collect(pdf, source)
        except InputError:
            raise
        except (pikepdf.PdfError, RuntimeError, ValueError, TypeError, KeyError, OSError) as exc:
            raise InputError(f"damaged PDF ({_first_line(exc)})", source=source) from None


def read(data: bytes, source: str, *, strict: bool = True) -> Document:
    """The invoice of a Factur-X (or ZUGFeRD, or XRechnung) PDF, as ``Document(syntax="facturx")``.

    ``strict`` is passed to the XML reader: validation reads leniently (see :func:`bordereau.formats.read`).
    """
    facts = inspect(data, source)
    if facts.xml is None:
        found = f" (it has {', '.join(facts.attachment_names)})" if facts.attachment_names else ""
        raise InputError(
            f"the PDF carries no invoice XML: none of {', '.join(XML_NAMES[:3])} is attached{found}; "
            "it is not a Factur-X",
            source=source,
        )
    inner = f"{source}!{facts.xml.name}"
    root = parse(facts.xml.data, inner)
    qname = etree.QName(root)
    if (qname.namespace, qname.localname) == (NS["rsm"], "CrossIndustryInvoice"):
        document = cii.read(root, source, strict=strict)
    elif (qname.namespace, qname.localname) in ((NS["ubl"], "Invoice"), (NS["ublcn"], "CreditNote")):
        document = ubl.read(root, source, strict=strict)
    else:
        raise InputError(
            f"the embedded {facts.xml.name} is not an invoice (root element {qname.localname!r})", source=source
        )
    document.syntax = "facturx"
    document.pdf = facts
    return document
