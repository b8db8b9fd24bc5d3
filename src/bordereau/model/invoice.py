"""The invoice (or credit note) as EN 16931-1 defines it: the single meeting point of every reader and writer."""

from __future__ import annotations

import base64
import binascii
from datetime import date
from datetime import date as _Date
from typing import Annotated, Any, ClassVar

from pydantic import BeforeValidator, Field, PlainSerializer

from .amounts import DocumentAllowanceCharge, Totals, VatBreakdown
from .base import Group, bt
from .codes import CREDIT_NOTE_TYPE_CODES
from .lines import Line, Period
from .parties import Address as _Address
from .parties import Buyer, Identifier, Payee, Seller, TaxRepresentative
from .payment import PaymentInstructions


def _from_base64(value: Any) -> Any:
    if isinstance(value, str):
        try:
            # XML wraps base64 over several lines: whitespace is allowed, anything else outside the alphabet is not
            return base64.b64decode("".join(value.split()).encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError) as exc:
            raise ValueError("not valid base64") from exc
    return value


# Binary content: bytes in Python, base64 text in JSON and XML.
Binary = Annotated[
    bytes,
    BeforeValidator(_from_base64),
    PlainSerializer(lambda v: base64.b64encode(v).decode("ascii"), return_type=str, when_used="json"),
]


class Note(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-1",)

    subject_code: str | None = bt("BT-21", description="Invoice note subject code (UNTDID 4451)")
    text: str | None = bt("BT-22", mandatory=True, description="Invoice note")


class ProcessControl(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-2",)

    business_process_type: str | None = bt(
        "BT-23", description="Business process type; Chorus Pro reads its billing framework (A1…A25) here"
    )
    specification_id: str | None = bt(
        "BT-24",
        mandatory=True,
        description="Specification identifier, urn:cen.eu:en16931:2017 or a CIUS of it",
    )


class PrecedingInvoice(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-3",)

    number: str | None = bt("BT-25", mandatory=True, description="Preceding invoice reference")
    issue_date: date | None = bt("BT-26", description="Preceding invoice issue date")


class Delivery(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-13",)

    party_name: str | None = bt("BT-70", description="Deliver to party name")
    location: Identifier | None = bt("BT-71", description="Deliver to location identifier (BT-71-1: scheme)")
    date: _Date | None = bt("BT-72", description="Actual delivery date")
    address: _Address | None = bt("BG-15", description="Deliver to address")


class Attachment(Group):
    """An attached document (BT-125) with its MIME code (BT-125-1) and file name (BT-125-2)."""

    content: Binary = Field(description="The document, base64 encoded in JSON")
    mime_code: str | None = Field(default=None, description="MIME code (BT-125-1)")
    filename: str | None = Field(default=None, description="File name (BT-125-2)")


class SupportingDocument(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-24",)

    reference: str | None = bt("BT-122", mandatory=True, description="Supporting document reference")
    description: str | None = bt("BT-123", description="Supporting document description")
    external_uri: str | None = bt("BT-124", description="External document location")
    attachment: Attachment | None = bt("BT-125", description="Attached document")


class Invoice(Group):
    """An invoice or a credit note (BT-3 says which)."""

    groups: ClassVar[tuple[str, ...]] = ("INVOICE",)

    number: str | None = bt("BT-1", mandatory=True, description="Invoice number (≤ 20 characters for Chorus Pro)")
    issue_date: date | None = bt("BT-2", mandatory=True, description="Invoice issue date")
    type_code: str | None = bt(
        "BT-3", mandatory=True, description="Invoice type code (UNTDID 1001): 380 invoice, 381 credit note, …"
    )
    currency_code: str | None = bt("BT-5", mandatory=True, description="Invoice currency code (ISO 4217)")
    tax_currency_code: str | None = bt("BT-6", description="VAT accounting currency code (ISO 4217)")
    tax_point_date: date | None = bt("BT-7", description="Value added tax point date")
    tax_point_date_code: str | None = bt("BT-8", description="Value added tax point date code (UNTDID 2005)")
    due_date: date | None = bt("BT-9", description="Payment due date")
    buyer_reference: str | None = bt(
        "BT-10", description="Buyer reference; the Chorus Pro service code (codeServiceExecutant)"
    )
    project_reference: str | None = bt("BT-11", description="Project reference")
    contract_reference: str | None = bt("BT-12", description="Contract reference; the public market number")
    purchase_order_reference: str | None = bt(
        "BT-13", description="Purchase order reference; the Chorus Pro engagement number"
    )
    sales_order_reference: str | None = bt("BT-14", description="Sales order reference")
    receiving_advice_reference: str | None = bt("BT-15", description="Receiving advice reference")
    despatch_advice_reference: str | None = bt("BT-16", description="Despatch advice reference")
    tender_reference: str | None = bt("BT-17", description="Tender or lot reference")
    invoiced_object: Identifier | None = bt("BT-18", description="Invoiced object identifier (BT-18-1: scheme)")
    buyer_accounting_reference: str | None = bt("BT-19", description="Buyer accounting reference")
    payment_terms: str | None = bt("BT-20", description="Payment terms")
    notes: list[Note] = bt("BG-1", default=[], description="Invoice notes")
    process: ProcessControl = bt("BG-2", factory=ProcessControl, mandatory=True, description="Process control")
    preceding_invoices: list[PrecedingInvoice] = bt("BG-3", default=[], description="Preceding invoice references")
    seller: Seller | None = bt("BG-4", mandatory=True, description="Seller")
    buyer: Buyer | None = bt("BG-7", mandatory=True, description="Buyer")
    payee: Payee | None = bt("BG-10", description="Payee, when different from the seller")
    tax_representative: TaxRepresentative | None = bt("BG-11", description="Seller tax representative party")
    delivery: Delivery | None = bt("BG-13", description="Delivery information")
    invoicing_period: Period | None = bt("BG-14", description="Invoicing period")
    payment: PaymentInstructions | None = bt("BG-16", description="Payment instructions")
    allowances: list[DocumentAllowanceCharge] = bt("BG-20", default=[], description="Document level allowances")
    charges: list[DocumentAllowanceCharge] = bt("BG-21", default=[], description="Document level charges")
    totals: Totals | None = bt(
        "BG-22", mandatory=True, description="Document totals; computed from the lines when left out"
    )
    vat_breakdown: list[VatBreakdown] = bt(
        "BG-23", default=[], description="VAT breakdown; computed from the lines when left out"
    )
    supporting_documents: list[SupportingDocument] = bt(
        "BG-24", default=[], description="Additional supporting documents"
    )
    lines: list[Line] = bt("BG-25", default=[], description="Invoice lines (at least one)")

    @property
    def is_credit_note(self) -> bool:
        return self.type_code in CREDIT_NOTE_TYPE_CODES
