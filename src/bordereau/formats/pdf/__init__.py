"""The legible invoice as a PDF/A-3b: in French by default, every business term of the invoice on the page.

``render`` gives the PDF alone; :mod:`bordereau.formats.facturx` builds on :func:`build` to attach the XML.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from ...model import Invoice
from .. import pdfa
from .branding import DEFAULT, Branding
from .document import Attachment
from .document import write as _write
from .labels import LANGS, TYPE_CODES, WORDS
from .render import render as _layout


def metadata(invoice: Invoice, lang: str, created: datetime | None = None) -> pdfa.Metadata:
    """Title, author and subject of the PDF, from the invoice: the same in the Info dictionary and the XMP."""
    moment = created or pdfa.now()
    kind = TYPE_CODES[lang].get(invoice.type_code or "", WORDS[lang]["invoice"])
    seller = invoice.seller.name if invoice.seller is not None and invoice.seller.name else ""
    buyer = invoice.buyer.name if invoice.buyer is not None and invoice.buyer.name else ""
    number = invoice.number or ""
    title = f"{kind} {number}".strip()
    to = "à" if lang == "fr" else "to"
    subject = f"{title} – {seller} {to} {buyer}".strip()
    return pdfa.Metadata(
        title=title,
        author=seller,
        subject=subject,
        keywords="Factur-X, EN 16931, e-invoice" if lang == "en" else "Factur-X, EN 16931, facture électronique",
        created=moment,
        modified=moment,
    )


def render(
    invoice: Invoice,
    *,
    lang: str = "fr",
    branding: Branding | None = None,
    created: datetime | None = None,
    facturx: pdfa.FacturXInfo | None = None,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """The legible invoice as a PDF/A-3b file (fonts embedded, sRGB output intent, XMP), with ``attachments``."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    canvas, images = _layout(invoice, lang, branding or DEFAULT)
    return _write(canvas, images, lang, metadata(invoice, lang, created), facturx, attachments)


__all__ = ["LANGS", "Attachment", "Branding", "metadata", "render"]
