"""UBL 2.1 Invoice and CreditNote into the model, following the CEN syntax binding of EN 16931 (EN 16931-3-2).

The reader is lenient on purpose: the rules must be able to say what is missing, so an absent element gives
``None`` and only a value that cannot be parsed (a number, a date, base64) raises. Everything is looked up from
the nearest parent through a :class:`Source` (the fast one of ``lookup``), which records what was used; the rest
is reported as unmapped. A peek that may not adopt the element (a type code, a tax scheme) uses lxml directly and
marks the element used only when its value is taken.
"""

from __future__ import annotations

import binascii
import re
from datetime import date
from functools import partial
from typing import TypeVar

from lxml import etree

from ..model import (
    Address,
    Attachment,
    Buyer,
    Classification,
    Contact,
    CreditTransfer,
    Delivery,
    DirectDebit,
    DocumentAllowanceCharge,
    Group,
    Identifier,
    Invoice,
    Item,
    ItemAttribute,
    Line,
    LineAllowanceCharge,
    LineVat,
    Note,
    Payee,
    PaymentCard,
    PaymentInstructions,
    Period,
    PrecedingInvoice,
    Price,
    ProcessControl,
    Seller,
    SupportingDocument,
    TaxRepresentative,
    Totals,
    VatBreakdown,
)
from .binary import decode_base64
from .document import Document
from .lookup import FastSource
from .xml import NS

Element = etree._Element
G = TypeVar("G", bound=Group)

NAMESPACES = {"cac": NS["cac"], "cbc": NS["cbc"]}

# BT-21 has no element of its own in UBL: the subject code leads the note text as "#CODE#text".
_NOTE_SUBJECT = re.compile(r"#([A-Za-z0-9]+)#(.*)", re.DOTALL)

# Where the fields of the small groups are, relative to the group's element.
_ADDRESS = {
    "line1": "cbc:StreetName",
    "line2": "cbc:AdditionalStreetName",
    "line3": "cac:AddressLine/cbc:Line",
    "city": "cbc:CityName",
    "post_code": "cbc:PostalZone",
    "subdivision": "cbc:CountrySubentity",
    "country_code": "cac:Country/cbc:IdentificationCode",
}
_CONTACT = {"name": "cbc:Name", "telephone": "cbc:Telephone", "email": "cbc:ElectronicMail"}
_MONETARY_TOTAL = {
    "line_net_total": ("cbc:LineExtensionAmount", "BT-106"),
    "allowance_total": ("cbc:AllowanceTotalAmount", "BT-107"),
    "charge_total": ("cbc:ChargeTotalAmount", "BT-108"),
    "tax_exclusive_amount": ("cbc:TaxExclusiveAmount", "BT-109"),
    "tax_inclusive_amount": ("cbc:TaxInclusiveAmount", "BT-112"),
    "prepaid_amount": ("cbc:PrepaidAmount", "BT-113"),
    "rounding_amount": ("cbc:PayableRoundingAmount", "BT-114"),
    "amount_due": ("cbc:PayableAmount", "BT-115"),
}

# Document type codes that give an AdditionalDocumentReference a business term of its own.
INVOICED_OBJECT = "130"  # BT-18 (and BT-128 on a line)
PROJECT = "50"  # BT-11 in a credit note, which has no ProjectReference

# The card network (cbc:NetworkID) is mandatory in UBL but has no business term: "not available" fills it.
UNKNOWN_CARD_NETWORK = "NA"


def _value(element: Element | None) -> str | None:
    return None if element is None else (element.text or "").strip()


class _Reader:
    """One document's reading; holds the Source and the document's kind."""

    def __init__(self, src: FastSource, credit_note: bool) -> None:
        self.src = src
        # The stripped text at a path: "" for a present but empty element, None when absent.
        self.text = partial(src.text, empty="")
        self.credit_note = credit_note

    # Values -----------------------------------------------------------------------------------------------

    def ident(self, parent: Element | None, path: str) -> Identifier | None:
        return self.identifier(self.src.find(parent, path))

    @staticmethod
    def identifier(element: Element | None) -> Identifier | None:
        if element is None:
            return None
        return Identifier.read_from(element, value=(element.text or "").strip(), scheme_id=element.get("schemeID"))

    def first_alike(self, elements: list[Element]) -> str | None:
        """The first element's value; the others are taken only when they repeat it, else stay unmapped."""
        if not elements:
            return None
        first = _value(elements[0])
        self.src.used.update(e for e in elements if _value(e) == first)
        return first

    def vat_scheme(self, category: Element) -> None:
        """Take ``TaxScheme/ID`` when it is ``VAT``, the only scheme the model knows (anything else is unmapped)."""
        scheme = category.find("cac:TaxScheme/cbc:ID", NAMESPACES)
        if scheme is not None and _value(scheme) == "VAT":
            self.src.used.add(scheme)

    # Document ---------------------------------------------------------------------------------------------

    def invoice(self, root: Element) -> Invoice:
        src, text = self.src, self.text
        if _value(root.find("cbc:UBLVersionID", NAMESPACES)) == "2.1":
            src.find(root, "cbc:UBLVersionID")  # the syntax version: implied by the model's output, nothing lost
        creditor_ids: list[Element] = []
        seller = self.seller(src.find(root, "cac:AccountingSupplierParty/cac:Party"), creditor_ids)
        payee = self.payee(src.find(root, "cac:PayeeParty"), creditor_ids)
        payment, payment_due = self.payment(root, creditor_ids)
        period = src.find(root, "cac:InvoicePeriod")
        currency = text(root, "cbc:DocumentCurrencyCode")
        tax_currency = text(root, "cbc:TaxCurrencyCode")
        references = self.document_references(root)
        totals, breakdown = self.tax_totals(root, currency, tax_currency)
        return Invoice.read_from(
            root,
            number=text(root, "cbc:ID"),
            issue_date=src.date(root, "cbc:IssueDate", "BT-2"),
            type_code=text(root, "cbc:CreditNoteTypeCode" if self.credit_note else "cbc:InvoiceTypeCode"),
            currency_code=currency,
            tax_currency_code=tax_currency,
            tax_point_date=src.date(root, "cbc:TaxPointDate", "BT-7"),
            tax_point_date_code=text(period, "cbc:DescriptionCode"),
            due_date=payment_due if self.credit_note else src.date(root, "cbc:DueDate", "BT-9"),
            buyer_reference=text(root, "cbc:BuyerReference"),
            project_reference=references.project if self.credit_note else text(root, "cac:ProjectReference/cbc:ID"),
            contract_reference=text(root, "cac:ContractDocumentReference/cbc:ID"),
            purchase_order_reference=self.order_reference(root),
            sales_order_reference=text(root, "cac:OrderReference/cbc:SalesOrderID"),
            receiving_advice_reference=text(root, "cac:ReceiptDocumentReference/cbc:ID"),
            despatch_advice_reference=text(root, "cac:DespatchDocumentReference/cbc:ID"),
            tender_reference=text(root, "cac:OriginatorDocumentReference/cbc:ID"),
            invoiced_object=references.invoiced_object,
            buyer_accounting_reference=text(root, "cbc:AccountingCost"),
            payment_terms=text(root, "cac:PaymentTerms/cbc:Note"),
            notes=[self.note(e) for e in src.findall(root, "cbc:Note")],
            process=ProcessControl.read_from(
                root,
                business_process_type=text(root, "cbc:ProfileID"),
                specification_id=text(root, "cbc:CustomizationID"),
            ),
            preceding_invoices=[
                self.preceding(e) for e in src.findall(root, "cac:BillingReference/cac:InvoiceDocumentReference")
            ],
            seller=seller,
            buyer=self.buyer(src.find(root, "cac:AccountingCustomerParty/cac:Party")),
            payee=payee,
            tax_representative=self.tax_representative(src.find(root, "cac:TaxRepresentativeParty")),
            delivery=self.delivery(src.find(root, "cac:Delivery")),
            invoicing_period=self.invoicing_period(period),
            payment=payment,
            allowances=self.document_adjustments(root, charge=False),
            charges=self.document_adjustments(root, charge=True),
            supporting_documents=references.supporting,
            lines=[
                self.line(e) for e in src.findall(root, "cac:CreditNoteLine" if self.credit_note else "cac:InvoiceLine")
            ],
            totals=totals,
            vat_breakdown=breakdown,
        )

    def note(self, element: Element) -> Note:
        text = (element.text or "").strip()
        match = _NOTE_SUBJECT.fullmatch(text)
        if match:
            return Note.read_from(element, subject_code=match[1], text=match[2])
        return Note.read_from(element, text=text)

    def order_reference(self, root: Element) -> str | None:
        """BT-13; the ``NA`` that fills the mandatory ID when only a sales order is referenced means none."""
        order = self.src.find(root, "cac:OrderReference")
        reference = self.text(order, "cbc:ID")
        if reference == "NA" and order is not None and order.find("cbc:SalesOrderID", NAMESPACES) is not None:
            return None
        return reference

    def preceding(self, element: Element) -> PrecedingInvoice:
        date_ = self.src.date(element, "cbc:IssueDate", "BT-26")
        return PrecedingInvoice.read_from(element, number=self.text(element, "cbc:ID"), issue_date=date_)

    def invoicing_period(self, period: Element | None) -> Period | None:
        """BG-14, unless the InvoicePeriod only carries the tax point date code (BT-8)."""
        if period is None:
            return None
        start = self.src.date(period, "cbc:StartDate", "BT-73")
        end = self.src.date(period, "cbc:EndDate", "BT-74")
        if start is None and end is None and period.find("cbc:DescriptionCode", NAMESPACES) is not None:
            return None
        return Period.read_from(period, start_date=start, end_date=end)

    def document_references(self, root: Element) -> _References:
        """Split the AdditionalDocumentReferences by type code: BT-18, BT-11 (credit notes) and BG-24."""
        found = _References()
        for element in self.src.findall(root, "cac:AdditionalDocumentReference"):
            code = _value(element.find("cbc:DocumentTypeCode", NAMESPACES))
            if code == INVOICED_OBJECT:
                if found.invoiced_object is None:  # a second one stays unmapped: BT-18 occurs once
                    self.src.find(element, "cbc:DocumentTypeCode")
                    found.invoiced_object = self.ident(element, "cbc:ID")
            elif code == PROJECT and self.credit_note:
                if found.project is None:
                    self.src.find(element, "cbc:DocumentTypeCode")
                    found.project = self.text(element, "cbc:ID")
            else:
                found.supporting.append(self.supporting_document(element))
        return found

    def supporting_document(self, element: Element) -> SupportingDocument:
        attachment = self.src.find(element, "cac:Attachment")
        return SupportingDocument.read_from(
            element,
            reference=self.text(element, "cbc:ID"),
            description=self.text(element, "cbc:DocumentDescription"),
            external_uri=self.text(attachment, "cac:ExternalReference/cbc:URI"),
            attachment=self.attachment(self.src.find(attachment, "cbc:EmbeddedDocumentBinaryObject")),
        )

    def attachment(self, element: Element | None) -> Attachment | None:
        if element is None:
            return None
        try:
            content = decode_base64(element.text or "")
        except (binascii.Error, ValueError):
            return self.src.problem(element, "BT-125", "the attached document is not valid base64")
        mime_code, filename = element.get("mimeCode"), element.get("filename")
        return Attachment.read_from(element, content=content, mime_code=mime_code, filename=filename)

    # Parties ----------------------------------------------------------------------------------------------

    def address(self, element: Element | None) -> Address | None:
        if element is None:
            return None
        return Address.read_from(element, **{name: self.text(element, path) for name, path in _ADDRESS.items()})

    def contact(self, element: Element | None) -> Contact | None:
        if element is None:
            return None
        return Contact.read_from(element, **{name: self.text(element, path) for name, path in _CONTACT.items()})

    def tax_schemes(self, party: Element, other: bool) -> tuple[str | None, str | None]:
        """The party's VAT identifier and, when ``other``, its first identifier under another tax scheme."""
        vat = registration = None
        vat_seen = other_seen = False
        for scheme in party.iterfind("cac:PartyTaxScheme", NAMESPACES):
            kind = scheme.find("cac:TaxScheme/cbc:ID", NAMESPACES)
            if kind is None:
                continue
            if (kind.text or "").strip().upper() == "VAT":
                if vat_seen:
                    continue
                vat_seen, vat = True, self.text(scheme, "cbc:CompanyID")
            elif other and not other_seen:
                other_seen, registration = True, self.text(scheme, "cbc:CompanyID")
            else:
                continue
            self.src.used.add(kind)
        return vat, registration

    def split_identifiers(self, party: Element, creditor_ids: list[Element]) -> list[Element]:
        """PartyIdentification IDs, setting aside the SEPA creditor identifier (BT-90) that shares the element."""
        kept = []
        for element in party.iterfind("cac:PartyIdentification/cbc:ID", NAMESPACES):
            if (element.get("schemeID") or "").strip().upper() == "SEPA":
                creditor_ids.append(element)
            else:
                kept.append(element)
        return kept

    def seller(self, party: Element | None, creditor_ids: list[Element]) -> Seller | None:
        if party is None:
            return None
        text, src = self.text, self.src
        identifiers = self.split_identifiers(party, creditor_ids)
        src.used.update(identifiers)
        vat_id, tax_registration_id = self.tax_schemes(party, other=True)
        legal = src.find(party, "cac:PartyLegalEntity")
        return Seller.read_from(
            party,
            name=text(legal, "cbc:RegistrationName"),
            trading_name=text(party, "cac:PartyName/cbc:Name"),
            identifiers=[self.identifier(e) for e in identifiers],
            legal_registration=self.ident(legal, "cbc:CompanyID"),
            vat_id=vat_id,
            tax_registration_id=tax_registration_id,
            additional_legal_info=text(legal, "cbc:CompanyLegalForm"),
            electronic_address=self.ident(party, "cbc:EndpointID"),
            address=self.address(src.find(party, "cac:PostalAddress")),
            contact=self.contact(src.find(party, "cac:Contact")),
        )

    def buyer(self, party: Element | None) -> Buyer | None:
        if party is None:
            return None
        text, src = self.text, self.src
        legal = src.find(party, "cac:PartyLegalEntity")
        return Buyer.read_from(
            party,
            name=text(legal, "cbc:RegistrationName"),
            trading_name=text(party, "cac:PartyName/cbc:Name"),
            identifier=self.ident(party, "cac:PartyIdentification/cbc:ID"),
            legal_registration=self.ident(legal, "cbc:CompanyID"),
            vat_id=self.tax_schemes(party, other=False)[0],
            electronic_address=self.ident(party, "cbc:EndpointID"),
            address=self.address(src.find(party, "cac:PostalAddress")),
            contact=self.contact(src.find(party, "cac:Contact")),
        )

    def payee(self, party: Element | None, creditor_ids: list[Element]) -> Payee | None:
        if party is None:
            return None
        identifiers = self.split_identifiers(party, creditor_ids)
        if identifiers:
            self.src.used.add(identifiers[0])
        return Payee.read_from(
            party,
            name=self.text(party, "cac:PartyName/cbc:Name"),
            identifier=self.identifier(identifiers[0]) if identifiers else None,
            legal_registration=self.ident(party, "cac:PartyLegalEntity/cbc:CompanyID"),
        )

    def tax_representative(self, party: Element | None) -> TaxRepresentative | None:
        if party is None:
            return None
        return TaxRepresentative.read_from(
            party,
            name=self.text(party, "cac:PartyName/cbc:Name"),
            vat_id=self.tax_schemes(party, other=False)[0],
            address=self.address(self.src.find(party, "cac:PostalAddress")),
        )

    def delivery(self, element: Element | None) -> Delivery | None:
        if element is None:
            return None
        location = self.src.find(element, "cac:DeliveryLocation")
        return Delivery.read_from(
            element,
            party_name=self.text(element, "cac:DeliveryParty/cac:PartyName/cbc:Name"),
            location=self.ident(location, "cbc:ID"),
            date=self.src.date(element, "cbc:ActualDeliveryDate", "BT-72"),
            address=self.address(self.src.find(location, "cac:Address")),
        )

    # Payment ----------------------------------------------------------------------------------------------

    def payment(self, root: Element, creditor_ids: list[Element]) -> tuple[PaymentInstructions | None, date | None]:
        """BG-16 from every PaymentMeans (one per account), and BT-9 as a credit note carries it."""
        src = self.src
        means = src.findall(root, "cac:PaymentMeans")
        creditor = self.first_alike(creditor_ids)
        if not means and creditor is None:
            return None, None
        codes = [c for m in means for c in m.iterfind("cbc:PaymentMeansCode", NAMESPACES)]
        names = [c.get("name") for c in codes if c.get("name") is not None]
        transfers, card, mandate = [], None, None
        for element in means:
            account = src.find(element, "cac:PayeeFinancialAccount")
            if account is not None:
                transfer = CreditTransfer.read_from(
                    account,
                    account_id=self.text(account, "cbc:ID"),
                    account_name=self.text(account, "cbc:Name"),
                    service_provider_id=self.text(account, "cac:FinancialInstitutionBranch/cbc:ID"),
                )
                transfers.append(transfer)
            if card is None:
                card = self.card(src.find(element, "cac:CardAccount"))
            if mandate is None:
                mandate = src.find(element, "cac:PaymentMandate")
        debit = None
        if mandate is not None or creditor is not None:
            debit = DirectDebit.read_from(
                mandate if mandate is not None else creditor_ids[0],
                mandate_reference=self.text(mandate, "cbc:ID"),
                creditor_id=creditor,
                debited_account_id=self.text(mandate, "cac:PayerFinancialAccount/cbc:ID"),
            )
        payment = PaymentInstructions.read_from(
            means[0] if means else creditor_ids[0],
            means_code=self.first_alike(codes),
            means_text=names[0] if names else None,
            remittance_information=self.first_alike(
                [p for m in means for p in m.iterfind("cbc:PaymentID", NAMESPACES)]
            ),
            credit_transfers=transfers,
            card=card,
            direct_debit=debit,
        )
        due = None
        if self.credit_note:
            dates = [d for m in means for d in m.iterfind("cbc:PaymentDueDate", NAMESPACES)]
            if self.first_alike(dates) is not None:
                due = src.to_date(dates[0], "BT-9")
        return payment, due

    def card(self, element: Element | None) -> PaymentCard | None:
        if element is None:
            return None
        network = element.find("cbc:NetworkID", NAMESPACES)
        if network is not None and _value(network) == UNKNOWN_CARD_NETWORK:
            self.src.used.add(network)  # the filler our writer puts in this mandatory element: nothing to keep
        return PaymentCard.read_from(
            element,
            account_number=self.text(element, "cbc:PrimaryAccountNumberID"),
            holder_name=self.text(element, "cbc:HolderName"),
        )

    # Money ------------------------------------------------------------------------------------------------

    def document_adjustments(self, root: Element, charge: bool) -> list[DocumentAllowanceCharge]:
        found = []
        src = self.src
        for element in self.adjustments(root, charge):
            bt = ("BT-99", "BT-100", "BT-101", "BT-103") if charge else ("BT-92", "BT-93", "BT-94", "BT-96")
            category = src.find(element, "cac:TaxCategory")
            if category is not None:
                self.vat_scheme(category)
            adjustment = DocumentAllowanceCharge.read_from(
                element,
                amount=src.decimal(element, "cbc:Amount", bt[0]),
                base_amount=src.decimal(element, "cbc:BaseAmount", bt[1]),
                percentage=src.decimal(element, "cbc:MultiplierFactorNumeric", bt[2]),
                vat_category_code=self.text(category, "cbc:ID"),
                vat_rate=src.decimal(category, "cbc:Percent", bt[3]),
                reason=self.text(element, "cbc:AllowanceChargeReason"),
                reason_code=self.text(element, "cbc:AllowanceChargeReasonCode"),
            )
            found.append(adjustment)
        return found

    def adjustments(self, parent: Element, charge: bool) -> list[Element]:
        """The AllowanceCharge children that are charges (or allowances); one with no valid indicator is neither."""
        wanted = ("true", "1") if charge else ("false", "0")
        found = []
        for element in parent.iterfind("cac:AllowanceCharge", NAMESPACES):
            indicator = element.find("cbc:ChargeIndicator", NAMESPACES)
            if indicator is not None and _value(indicator) in wanted:
                self.src.used.add(indicator)
                found.append(element)
        return found

    def tax_totals(
        self, root: Element, currency: str | None, tax_currency: str | None
    ) -> tuple[Totals | None, list[VatBreakdown]]:
        """Totals (BG-22) and the VAT breakdown (BG-23): BT-111 is the TaxTotal in the VAT accounting currency."""
        src = self.src
        main = accounting = None
        for element in root.iterfind("cac:TaxTotal", NAMESPACES):
            amount = element.find("cbc:TaxAmount", NAMESPACES)
            amount_currency = None if amount is None else amount.get("currencyID")
            if accounting is None and tax_currency not in (None, currency) and amount_currency == tax_currency:
                accounting = element
            elif main is None:
                main = element
        breakdown = [self.vat_breakdown(e) for e in src.findall(main, "cac:TaxSubtotal")]
        monetary = src.find(root, "cac:LegalMonetaryTotal")
        if monetary is None and main is None and accounting is None:
            return None, breakdown
        totals = Totals.read_from(
            monetary,
            vat_total=src.decimal(main, "cbc:TaxAmount", "BT-110"),
            vat_total_accounting=src.decimal(accounting, "cbc:TaxAmount", "BT-111"),
            **{name: src.decimal(monetary, path, bt) for name, (path, bt) in _MONETARY_TOTAL.items()},
        )
        return totals, breakdown

    def vat_breakdown(self, element: Element) -> VatBreakdown:
        src = self.src
        category = src.find(element, "cac:TaxCategory")
        if category is not None:
            self.vat_scheme(category)
        return VatBreakdown.read_from(
            element,
            taxable_amount=src.decimal(element, "cbc:TaxableAmount", "BT-116"),
            tax_amount=src.decimal(element, "cbc:TaxAmount", "BT-117"),
            category_code=self.text(category, "cbc:ID"),
            rate=src.decimal(category, "cbc:Percent", "BT-119"),
            exemption_reason=self.text(category, "cbc:TaxExemptionReason"),
            exemption_reason_code=self.text(category, "cbc:TaxExemptionReasonCode"),
        )

    # Lines ------------------------------------------------------------------------------------------------

    def line(self, element: Element) -> Line:
        src, text = self.src, self.text
        quantity = src.find(element, "cbc:CreditedQuantity" if self.credit_note else "cbc:InvoicedQuantity")
        item = src.find(element, "cac:Item")
        category = src.find(item, "cac:ClassifiedTaxCategory")
        vat = None
        if category is not None:
            self.vat_scheme(category)
            rate = src.decimal(category, "cbc:Percent", "BT-152")
            vat = LineVat.read_from(category, category_code=text(category, "cbc:ID"), rate=rate)
        period = src.find(element, "cac:InvoicePeriod")
        return Line.read_from(
            element,
            id=text(element, "cbc:ID"),
            note=text(element, "cbc:Note"),
            object_identifier=self.line_object(element),
            quantity=None if quantity is None else src.to_decimal(quantity, "BT-129"),
            unit_code=None if quantity is None else quantity.get("unitCode"),
            net_amount=src.decimal(element, "cbc:LineExtensionAmount", "BT-131"),
            order_line_reference=text(element, "cac:OrderLineReference/cbc:LineID"),
            accounting_reference=text(element, "cbc:AccountingCost"),
            period=None
            if period is None
            else Period.read_from(
                period,
                start_date=src.date(period, "cbc:StartDate", "BT-134"),
                end_date=src.date(period, "cbc:EndDate", "BT-135"),
            ),
            allowances=self.line_adjustments(element, charge=False),
            charges=self.line_adjustments(element, charge=True),
            price=self.price(src.find(element, "cac:Price")),
            vat=vat,
            item=self.item(item),
        )

    def line_object(self, line: Element) -> Identifier | None:
        """BT-128: the line's DocumentReference typed 130 (or untyped, as some CEN examples write it)."""
        for reference in line.iterfind("cac:DocumentReference", NAMESPACES):
            code = reference.find("cbc:DocumentTypeCode", NAMESPACES)
            if code is None or _value(code) == INVOICED_OBJECT:
                if code is not None:
                    self.src.used.add(code)
                self.src.used.add(reference)
                return self.ident(reference, "cbc:ID")
        return None

    def line_adjustments(self, line: Element, charge: bool) -> list[LineAllowanceCharge]:
        src = self.src
        bt = ("BT-141", "BT-142", "BT-143") if charge else ("BT-136", "BT-137", "BT-138")
        return [
            LineAllowanceCharge.read_from(
                element,
                amount=src.decimal(element, "cbc:Amount", bt[0]),
                base_amount=src.decimal(element, "cbc:BaseAmount", bt[1]),
                percentage=src.decimal(element, "cbc:MultiplierFactorNumeric", bt[2]),
                reason=self.text(element, "cbc:AllowanceChargeReason"),
                reason_code=self.text(element, "cbc:AllowanceChargeReasonCode"),
            )
            for element in self.adjustments(line, charge)
        ]

    def price(self, element: Element | None) -> Price | None:
        if element is None:
            return None
        src = self.src
        base = src.find(element, "cbc:BaseQuantity")
        discounts = self.adjustments(element, charge=False)
        discount = discounts[0] if discounts else None
        return Price.read_from(
            element,
            net_price=src.decimal(element, "cbc:PriceAmount", "BT-146"),
            discount=src.decimal(discount, "cbc:Amount", "BT-147"),
            gross_price=src.decimal(discount, "cbc:BaseAmount", "BT-148"),
            base_quantity=None if base is None else src.to_decimal(base, "BT-149"),
            base_quantity_unit_code=None if base is None else base.get("unitCode"),
        )

    def item(self, element: Element | None) -> Item | None:
        if element is None:
            return None
        src, text = self.src, self.text
        return Item.read_from(
            element,
            name=text(element, "cbc:Name"),
            description=text(element, "cbc:Description"),
            sellers_id=text(element, "cac:SellersItemIdentification/cbc:ID"),
            buyers_id=text(element, "cac:BuyersItemIdentification/cbc:ID"),
            standard_id=self.ident(element, "cac:StandardItemIdentification/cbc:ID"),
            classifications=[
                Classification.read_from(
                    code,
                    value=(code.text or "").strip(),
                    list_id=code.get("listID"),
                    list_version=code.get("listVersionID"),
                )
                for code in src.findall(element, "cac:CommodityClassification/cbc:ItemClassificationCode")
            ],
            origin_country=text(element, "cac:OriginCountry/cbc:IdentificationCode"),
            attributes=[
                ItemAttribute.read_from(e, name=text(e, "cbc:Name"), value=text(e, "cbc:Value"))
                for e in src.findall(element, "cac:AdditionalItemProperty")
            ],
        )


class _References:
    """What the AdditionalDocumentReferences hold, once sorted by type code."""

    __slots__ = ("invoiced_object", "project", "supporting")

    def __init__(self) -> None:
        self.invoiced_object: Identifier | None = None
        self.project: str | None = None
        self.supporting: list[SupportingDocument] = []


def read(root: Element, source: str, *, strict: bool = True) -> Document:
    """Read a UBL Invoice or CreditNote already parsed by :func:`formats.xml.parse` (``strict``: see Source)."""
    src = FastSource(root, source, NAMESPACES, strict=strict)
    credit_note = etree.QName(root).localname == "CreditNote"
    invoice = _Reader(src, credit_note).invoice(root)
    return Document(
        invoice=invoice, syntax="ubl", source=source, root=root, leftovers=src.unmapped, malformed=src.malformed
    )
