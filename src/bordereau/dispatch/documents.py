"""From the stored source to the file deposited: reading, the facts the store keeps, attachments, rendering.

The source document (what the ERP gave) and the attachments are stored as received; the document deposited is
built from them with ``bordereau.formats`` (UBL, CII) or ``bordereau.formats.facturx`` (Factur-X with its legible
page), never by hand. Attachments travel inside the invoice (BG-24, BT-125), which all three syntaxes carry: a
flux deposit has no other place for them.
"""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import PurePath

from .. import formats, store
from ..errors import InputError
from ..formats import Document
from ..model import Invoice
from ..model.invoice import Attachment, SupportingDocument
from ..rules.chorus.common import SIRET_FORMAT, buyer_ids, seller_ids, sirets

SOURCE_MIME = {"json": "application/json", "ubl": "application/xml", "cii": "application/xml", "pdf": "application/pdf"}
FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9._+-]")


@dataclass(frozen=True, slots=True)
class Rendered:
    """The document to deposit."""

    kind: store.DocumentKind
    filename: str
    mime: str
    content: bytes = field(repr=False)

    @property
    def syntax(self) -> str:
        """Our name of the syntax (``ubl``, ``cii``, ``facturx``), as :meth:`Platform.deposit` takes it."""
        if self.kind is store.DocumentKind.FACTURX_PDF:
            return "facturx"
        return "cii" if self.filename.endswith(".cii.xml") else "ubl"


def warm_up() -> None:
    """Compile the XSDs the writers check against, in the calling thread, before worker threads start.

    libxml2 sets up its schema machinery on the first compilation, and that set-up is not safe to run from several
    threads at once: four threads rendering their first invoice together left every later compilation failing.
    """
    from ..formats import xsd

    for name in ("en16931", "ubl-invoice", "ubl-creditnote"):
        xsd.schema(name)


def read_source(data: bytes, source: str) -> Document:
    """The invoice in ``data``, read strictly: a value that does not parse stops it (InputError naming the field)."""
    return formats.read(data, source, strict=True)


def _first_siret(values: list[str]) -> str | None:
    return next((v for v in values if SIRET_FORMAT.fullmatch(v)), None)


def seller_siret(invoice: Invoice, source: str) -> str:
    """The seller's SIRET (BT-29, BT-30 or BT-34 with scheme 0009): who sends, in the store and on Chorus Pro."""
    found = _first_siret(sirets(seller_ids(invoice)))
    if found is None:
        raise InputError("the seller has no SIRET (an identifier with scheme 0009)", source=source, field="BT-29")
    return found


def buyer_siret(invoice: Invoice, source: str) -> str:
    """The buyer's SIRET (BT-46, BT-47 or BT-49 with scheme 0009): where Chorus Pro routes the invoice."""
    found = _first_siret(sirets(buyer_ids(invoice)))
    if found is None:
        # other identifiers still make a row; the chorus rules say what is wrong with them
        buyer = invoice.buyer
        other = buyer.identifier.value.strip() if buyer is not None and buyer.identifier is not None else ""
        if not other:
            raise InputError("the buyer has no identifier (BT-46)", source=source, field="BT-46")
        return other[:32]
    return found


def new_invoice(invoice: Invoice, source: str, output_format: store.OutputFormat | None) -> store.NewInvoice:
    """What the store keeps about an invoice, from the model; InputError when something it needs is missing."""
    if not invoice.number:
        raise InputError("the invoice has no number", source=source, field="BT-1")
    if invoice.issue_date is None:
        raise InputError("the invoice has no issue date", source=source, field="BT-2")
    if not invoice.currency_code:
        raise InputError("the invoice has no currency", source=source, field="BT-5")
    totals = invoice.totals
    if totals is None or totals.amount_due is None or totals.tax_inclusive_amount is None:
        raise InputError("the invoice has no totals (amount due)", source=source, field="BT-115")
    return store.NewInvoice(
        number=invoice.number,
        buyer_siret=buyer_siret(invoice, source),
        amount_due=totals.amount_due,
        total_with_vat=totals.tax_inclusive_amount,
        total_without_vat=totals.tax_exclusive_amount,
        currency=invoice.currency_code,
        issue_date=invoice.issue_date,
        due_date=invoice.due_date,
        service_code=invoice.buyer_reference or None,
        engagement=(invoice.purchase_order_reference or "")[:50] or None,
        output_format=output_format,
    )


def source_document(data: bytes, source: str, syntax: str) -> store.NewDocument:
    name = PurePath(source).name or "invoice"
    return store.NewDocument(
        store.DocumentKind.SOURCE, name[:255], SOURCE_MIME.get(syntax, "application/octet-stream"), data
    )


def attachment_document(name: str, content: bytes) -> store.NewDocument:
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return store.NewDocument(store.DocumentKind.ATTACHMENT, PurePath(name).name[:255], mime, content)


def with_attachments(invoice: Invoice, attachments: list[tuple[str, str, bytes]]) -> Invoice:
    """The invoice with each ``(filename, mime, content)`` added as a supporting document (BG-24) carrying the file."""
    if not attachments:
        return invoice
    known = {d.attachment.filename for d in invoice.supporting_documents if d.attachment is not None}
    added = [
        SupportingDocument(
            reference=PurePath(name).stem[:50] or name,
            description="Pièce jointe",
            attachment=Attachment(content=content, mime_code=mime, filename=name),
        )
        for name, mime, content in attachments
        if name not in known
    ]
    return invoice.model_copy(update={"supporting_documents": [*invoice.supporting_documents, *added]})


def deposit_filename(number: str, extension: str) -> str:
    """A file name for the flux: the invoice number, with what a file name cannot hold replaced."""
    return f"{FILENAME_UNSAFE.sub('_', number)[:180]}{extension}"


def render(invoice: Invoice, output_format: store.OutputFormat, *, lang: str = "fr") -> Rendered:
    """The document to deposit, in the company's syntax (OutputError / InputError when it cannot be written)."""
    number = invoice.number or "invoice"
    if output_format is store.OutputFormat.FACTURX:
        from ..formats import facturx  # pikepdf and the fonts load only when a PDF is asked for

        content = facturx.write(invoice, lang=lang)
        return Rendered(store.DocumentKind.FACTURX_PDF, deposit_filename(number, ".pdf"), "application/pdf", content)
    syntax = output_format.value
    content = formats.write(invoice, syntax)
    extension = ".cii.xml" if syntax == "cii" else ".xml"
    return Rendered(store.DocumentKind.INVOICE_XML, deposit_filename(number, extension), "application/xml", content)


def rendered_from(document: store.Document) -> Rendered:
    return Rendered(document.kind, document.filename, document.mime, bytes(document.content))
