"""Factur-X (= ZUGFeRD 2.x): a PDF/A-3b whose associated file ``factur-x.xml`` is the invoice in CII.

``write`` renders bordereau's own legible page (or takes an ERP's PDF) and attaches the CII of the chosen profile;
``read`` finds the XML inside a PDF and reads it. The PDF-level facts travel on the returned document for the
``FX-*`` rules.
"""

from __future__ import annotations

from datetime import datetime

from ...model import Invoice
from .. import cii
from ..cii_profile import DEFAULT_PROFILE, PROFILES
from ..pdf import Attachment, Branding, render
from ..pdfa import FacturXInfo
from . import erp
from .facts import PdfFacts
from .reader import read

FILE_NAME = "factur-x.xml"


def write(
    invoice: Invoice,
    *,
    profile: str = DEFAULT_PROFILE,
    lang: str = "fr",
    branding: Branding | None = None,
    pdf: bytes | None = None,
    pdf_source: str = "PDF",
    created: datetime | None = None,
    check_schema: bool = True,
) -> bytes:
    """``invoice`` as a Factur-X PDF/A-3b file.

    The XML is the CII of ``profile`` (checked against that profile's XSD unless told otherwise). Without ``pdf``
    the legible part is bordereau's own rendering in ``lang``; with ``pdf`` (an ERP's own PDF, named
    ``pdf_source`` in messages) its pages are kept, or InputError says why they cannot become PDF/A-3b.
    """
    if profile not in PROFILES:
        raise ValueError(f"unknown Factur-X profile {profile!r}; expected one of {', '.join(PROFILES)}")
    xml = cii.write(invoice, profile=profile, check_schema=check_schema)
    info = FacturXInfo(conformance_level=PROFILES[profile][0], document_file_name=FILE_NAME)
    if pdf is not None:
        return erp.attach(pdf, pdf_source, invoice, xml, info, lang=lang, created=created)
    description = f"Factur-X {info.conformance_level}: {invoice.number or ''}".strip()
    attachment = Attachment(FILE_NAME, xml, "text/xml", "Data", description)
    return render(invoice, lang=lang, branding=branding, created=created, facturx=info, attachments=[attachment])


__all__ = ["FILE_NAME", "PROFILES", "PdfFacts", "read", "write"]
