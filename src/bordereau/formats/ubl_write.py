"""The model into UBL 2.1 Invoice or CreditNote, in the element order the UBL 2.1 schemas require.

The writer writes what the model holds: a missing mandatory value gives an element left out (which the XSD
check then reports), not an invented one. The few fillers UBL itself demands are named constants below or
commented where they are written. Decimals keep the scale they were given.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from lxml import etree

from ..model import (
    Address,
    Buyer,
    Contact,
    Delivery,
    DocumentAllowanceCharge,
    Identifier,
    Invoice,
    Item,
    Line,
    LineAllowanceCharge,
    LineVat,
    Payee,
    PaymentInstructions,
    Period,
    Price,
    Seller,
    SupportingDocument,
    TaxRepresentative,
    Totals,
    VatBreakdown,
)
from .ubl_read import INVOICED_OBJECT, PROJECT, UNKNOWN_CARD_NETWORK
from .xml import NS, sub

Element = etree._Element

# OrderReference/ID is mandatory in UBL; when only a sales order is referenced (BT-14 without BT-13), the
# binding's convention is to write NA there.
NO_ORDER = "NA"
# The model keeps no scheme for the seller's tax registration (BT-32), only that it is not VAT.
OTHER_TAX_SCHEME = "TAX"


def _put(parent: Element, tag: str, value: Any, **attrib: str | None) -> Element | None:
    """Append ``<tag>value</tag>`` unless ``value`` is None."""
    if value is None:
        return None
    if isinstance(value, date):
        value = value.isoformat()
    return sub(parent, tag, value, **attrib)


def _put_id(parent: Element, tag: str, identifier: Identifier | None) -> Element | None:
    if identifier is None:
        return None
    return sub(parent, tag, identifier.value, schemeID=identifier.scheme_id)


class _Writer:
    """One document's writing; knows the currency every amount carries."""

    def __init__(self, invoice: Invoice) -> None:
        self.invoice = invoice
        self.currency = invoice.currency_code
        self.credit_note = invoice.is_credit_note

    def amount(self, parent: Element, tag: str, value: Decimal | None, currency: str | None = None) -> None:
        if value is not None:
            sub(parent, tag, value, currencyID=currency or self.currency)

    # Document ---------------------------------------------------------------------------------------------

    def build(self) -> Element:
        inv, credit = self.invoice, self.credit_note
        namespace = NS["ublcn"] if credit else NS["ubl"]
        root = etree.Element(
            f"{{{namespace}}}{'CreditNote' if credit else 'Invoice'}",
            nsmap={None: namespace, "cac": NS["cac"], "cbc": NS["cbc"]},  # type: ignore[dict-item]  # default ns
        )
        _put(root, "cbc:CustomizationID", inv.process.specification_id)
        _put(root, "cbc:ProfileID", inv.process.business_process_type)
        _put(root, "cbc:ID", inv.number)
        _put(root, "cbc:IssueDate", inv.issue_date)
        if credit:
            _put(root, "cbc:TaxPointDate", inv.tax_point_date)
            _put(root, "cbc:CreditNoteTypeCode", inv.type_code)
        else:
            _put(root, "cbc:DueDate", inv.due_date)
            _put(root, "cbc:InvoiceTypeCode", inv.type_code)
        for note in inv.notes:
            text = note.text or ""
            sub(root, "cbc:Note", f"#{note.subject_code}#{text}" if note.subject_code else text)
        if not credit:
            _put(root, "cbc:TaxPointDate", inv.tax_point_date)
        _put(root, "cbc:DocumentCurrencyCode", inv.currency_code)
        _put(root, "cbc:TaxCurrencyCode", inv.tax_currency_code)
        _put(root, "cbc:AccountingCost", inv.buyer_accounting_reference)
        _put(root, "cbc:BuyerReference", inv.buyer_reference)
        if inv.invoicing_period is not None or inv.tax_point_date_code is not None:
            period = self.period(root, inv.invoicing_period or Period())
            _put(period, "cbc:DescriptionCode", inv.tax_point_date_code)
        if inv.purchase_order_reference is not None or inv.sales_order_reference is not None:
            order = sub(root, "cac:OrderReference")
            ordered = inv.purchase_order_reference
            sub(order, "cbc:ID", NO_ORDER if ordered is None else ordered)
            _put(order, "cbc:SalesOrderID", inv.sales_order_reference)
        for preceding in inv.preceding_invoices:
            reference = sub(sub(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
            _put(reference, "cbc:ID", preceding.number)
            _put(reference, "cbc:IssueDate", preceding.issue_date)
        self.reference(root, "cac:DespatchDocumentReference", inv.despatch_advice_reference)
        self.reference(root, "cac:ReceiptDocumentReference", inv.receiving_advice_reference)
        if not credit:
            self.reference(root, "cac:OriginatorDocumentReference", inv.tender_reference)
        self.reference(root, "cac:ContractDocumentReference", inv.contract_reference)
        self.additional_references(root)
        if credit:
            self.reference(root, "cac:OriginatorDocumentReference", inv.tender_reference)
        else:
            self.reference(root, "cac:ProjectReference", inv.project_reference)
        if inv.seller is not None:
            self.seller(sub(sub(root, "cac:AccountingSupplierParty"), "cac:Party"), inv.seller)
        if inv.buyer is not None:
            self.buyer(sub(sub(root, "cac:AccountingCustomerParty"), "cac:Party"), inv.buyer)
        if inv.payee is not None:
            self.payee(sub(root, "cac:PayeeParty"), inv.payee)
        if inv.tax_representative is not None:
            self.tax_representative(sub(root, "cac:TaxRepresentativeParty"), inv.tax_representative)
        if inv.delivery is not None:
            self.delivery(sub(root, "cac:Delivery"), inv.delivery)
        if inv.payment is not None:
            self.payment(root, inv.payment)
        if inv.payment_terms is not None:
            sub(sub(root, "cac:PaymentTerms"), "cbc:Note", inv.payment_terms)
        for adjustments, charge in ((inv.allowances, False), (inv.charges, True)):
            for adjustment in adjustments:
                self.document_adjustment(root, adjustment, charge)
        self.tax_totals(root, inv.totals, inv.vat_breakdown)
        if inv.totals is not None:
            self.monetary_total(sub(root, "cac:LegalMonetaryTotal"), inv.totals)
        for line in inv.lines:
            self.line(sub(root, "cac:CreditNoteLine" if credit else "cac:InvoiceLine"), line)
        return root

    def period(self, parent: Element, period: Period) -> Element:
        element = sub(parent, "cac:InvoicePeriod")
        _put(element, "cbc:StartDate", period.start_date)
        _put(element, "cbc:EndDate", period.end_date)
        return element

    @staticmethod
    def reference(parent: Element, tag: str, value: str | None) -> None:
        if value is not None:
            sub(sub(parent, tag), "cbc:ID", value)

    def additional_references(self, root: Element) -> None:
        """BT-18 (typed 130), BT-11 for a credit note (typed 50), then the supporting documents (BG-24)."""
        inv = self.invoice
        if inv.invoiced_object is not None:
            element = sub(root, "cac:AdditionalDocumentReference")
            _put_id(element, "cbc:ID", inv.invoiced_object)
            sub(element, "cbc:DocumentTypeCode", INVOICED_OBJECT)
        if self.credit_note and inv.project_reference is not None:
            element = sub(root, "cac:AdditionalDocumentReference")
            sub(element, "cbc:ID", inv.project_reference)
            sub(element, "cbc:DocumentTypeCode", PROJECT)
        for document in inv.supporting_documents:
            self.supporting_document(sub(root, "cac:AdditionalDocumentReference"), document)

    @staticmethod
    def supporting_document(element: Element, document: SupportingDocument) -> None:
        _put(element, "cbc:ID", document.reference)
        _put(element, "cbc:DocumentDescription", document.description)
        if document.attachment is None and document.external_uri is None:
            return
        attachment = sub(element, "cac:Attachment")
        if document.attachment is not None:
            sub(
                attachment,
                "cbc:EmbeddedDocumentBinaryObject",
                base64.b64encode(document.attachment.content).decode("ascii"),
                mimeCode=document.attachment.mime_code,
                filename=document.attachment.filename,
            )
        if document.external_uri is not None:
            sub(sub(attachment, "cac:ExternalReference"), "cbc:URI", document.external_uri)

    # Parties ----------------------------------------------------------------------------------------------

    @staticmethod
    def address(parent: Element, tag: str, address: Address | None) -> None:
        if address is None:
            return
        element = sub(parent, tag)
        _put(element, "cbc:StreetName", address.line1)
        _put(element, "cbc:AdditionalStreetName", address.line2)
        _put(element, "cbc:CityName", address.city)
        _put(element, "cbc:PostalZone", address.post_code)
        _put(element, "cbc:CountrySubentity", address.subdivision)
        if address.line3 is not None:
            sub(sub(element, "cac:AddressLine"), "cbc:Line", address.line3)
        if address.country_code is not None:
            sub(sub(element, "cac:Country"), "cbc:IdentificationCode", address.country_code)

    @staticmethod
    def contact(parent: Element, contact: Contact | None) -> None:
        if contact is None:
            return
        element = sub(parent, "cac:Contact")
        _put(element, "cbc:Name", contact.name)
        _put(element, "cbc:Telephone", contact.telephone)
        _put(element, "cbc:ElectronicMail", contact.email)

    @staticmethod
    def party_ids(party: Element, identifiers: Sequence[Identifier | None], creditor_id: str | None) -> None:
        for identifier in identifiers:
            if identifier is not None:
                _put_id(sub(party, "cac:PartyIdentification"), "cbc:ID", identifier)
        if creditor_id is not None:
            sub(sub(party, "cac:PartyIdentification"), "cbc:ID", creditor_id, schemeID="SEPA")

    @staticmethod
    def party_name(party: Element, name: str | None) -> None:
        if name is not None:
            sub(sub(party, "cac:PartyName"), "cbc:Name", name)

    @staticmethod
    def tax_scheme(party: Element, company_id: str | None, scheme: str) -> None:
        if company_id is not None:
            element = sub(party, "cac:PartyTaxScheme")
            sub(element, "cbc:CompanyID", company_id)
            sub(sub(element, "cac:TaxScheme"), "cbc:ID", scheme)

    @staticmethod
    def legal_entity(
        party: Element, name: str | None, registration: Identifier | None, legal_form: str | None = None
    ) -> None:
        if name is None and registration is None and legal_form is None:
            return
        element = sub(party, "cac:PartyLegalEntity")
        _put(element, "cbc:RegistrationName", name)
        _put_id(element, "cbc:CompanyID", registration)
        _put(element, "cbc:CompanyLegalForm", legal_form)

    def creditor_id(self) -> str | None:
        payment = self.invoice.payment
        return payment.direct_debit.creditor_id if payment and payment.direct_debit else None

    def seller(self, party: Element, seller: Seller) -> None:
        _put_id(party, "cbc:EndpointID", seller.electronic_address)
        # BT-90 goes with the payee when there is one, else with the seller.
        self.party_ids(party, seller.identifiers, self.creditor_id() if self.invoice.payee is None else None)
        self.party_name(party, seller.trading_name)
        self.address(party, "cac:PostalAddress", seller.address)
        self.tax_scheme(party, seller.vat_id, "VAT")
        self.tax_scheme(party, seller.tax_registration_id, OTHER_TAX_SCHEME)
        self.legal_entity(party, seller.name, seller.legal_registration, seller.additional_legal_info)
        self.contact(party, seller.contact)

    def buyer(self, party: Element, buyer: Buyer) -> None:
        _put_id(party, "cbc:EndpointID", buyer.electronic_address)
        self.party_ids(party, [buyer.identifier], None)
        self.party_name(party, buyer.trading_name)
        self.address(party, "cac:PostalAddress", buyer.address)
        self.tax_scheme(party, buyer.vat_id, "VAT")
        self.legal_entity(party, buyer.name, buyer.legal_registration)
        self.contact(party, buyer.contact)

    def payee(self, party: Element, payee: Payee) -> None:
        self.party_ids(party, [payee.identifier], self.creditor_id())
        self.party_name(party, payee.name)
        self.legal_entity(party, None, payee.legal_registration)

    def tax_representative(self, party: Element, representative: TaxRepresentative) -> None:
        self.party_name(party, representative.name)
        self.address(party, "cac:PostalAddress", representative.address)
        self.tax_scheme(party, representative.vat_id, "VAT")

    def delivery(self, element: Element, delivery: Delivery) -> None:
        _put(element, "cbc:ActualDeliveryDate", delivery.date)
        if delivery.location is not None or delivery.address is not None:
            location = sub(element, "cac:DeliveryLocation")
            _put_id(location, "cbc:ID", delivery.location)
            self.address(location, "cac:Address", delivery.address)
        if delivery.party_name is not None:
            sub(sub(sub(element, "cac:DeliveryParty"), "cac:PartyName"), "cbc:Name", delivery.party_name)

    # Payment ----------------------------------------------------------------------------------------------

    def payment(self, root: Element, payment: PaymentInstructions) -> None:
        """One PaymentMeans per credit transfer account (at least one).

        What may occur only once (means text, due date, card, mandate: UBL-SR-45, -46, -54, -55) goes in the first.
        """
        debit = payment.direct_debit
        has_mandate = debit is not None and (
            debit.mandate_reference is not None or debit.debited_account_id is not None
        )
        if not has_mandate and payment.model_copy(update={"direct_debit": None}).is_empty():
            return  # nothing but a creditor identifier (BT-90), which lives with the seller or the payee
        for index, transfer in enumerate(payment.credit_transfers or [None]):
            means = sub(root, "cac:PaymentMeans")
            _put(means, "cbc:PaymentMeansCode", payment.means_code, name=payment.means_text if index == 0 else None)
            if self.credit_note and index == 0:
                _put(means, "cbc:PaymentDueDate", self.invoice.due_date)
            _put(means, "cbc:PaymentID", payment.remittance_information)
            if index == 0 and payment.card is not None:
                card = sub(means, "cac:CardAccount")
                _put(card, "cbc:PrimaryAccountNumberID", payment.card.account_number)
                sub(card, "cbc:NetworkID", UNKNOWN_CARD_NETWORK)
                _put(card, "cbc:HolderName", payment.card.holder_name)
            if transfer is not None:
                account = sub(means, "cac:PayeeFinancialAccount")
                _put(account, "cbc:ID", transfer.account_id)
                _put(account, "cbc:Name", transfer.account_name)
                if transfer.service_provider_id is not None:
                    sub(sub(account, "cac:FinancialInstitutionBranch"), "cbc:ID", transfer.service_provider_id)
            if index == 0 and has_mandate and debit is not None:
                mandate = sub(means, "cac:PaymentMandate")
                _put(mandate, "cbc:ID", debit.mandate_reference)
                if debit.debited_account_id is not None:
                    sub(sub(mandate, "cac:PayerFinancialAccount"), "cbc:ID", debit.debited_account_id)

    # Money ------------------------------------------------------------------------------------------------

    def tax_category(
        self,
        parent: Element,
        tag: str,
        code: str | None,
        rate: Decimal | None,
        reason_code: str | None = None,
        reason: str | None = None,
    ) -> None:
        category = sub(parent, tag)
        _put(category, "cbc:ID", code)
        _put(category, "cbc:Percent", rate)
        _put(category, "cbc:TaxExemptionReasonCode", reason_code)
        _put(category, "cbc:TaxExemptionReason", reason)
        sub(sub(category, "cac:TaxScheme"), "cbc:ID", "VAT")

    def adjustment(
        self, parent: Element, adjustment: DocumentAllowanceCharge | LineAllowanceCharge, charge: bool
    ) -> Element:
        element = sub(parent, "cac:AllowanceCharge")
        sub(element, "cbc:ChargeIndicator", "true" if charge else "false")
        _put(element, "cbc:AllowanceChargeReasonCode", adjustment.reason_code)
        _put(element, "cbc:AllowanceChargeReason", adjustment.reason)
        _put(element, "cbc:MultiplierFactorNumeric", adjustment.percentage)
        self.amount(element, "cbc:Amount", adjustment.amount)
        self.amount(element, "cbc:BaseAmount", adjustment.base_amount)
        return element

    def document_adjustment(self, root: Element, adjustment: DocumentAllowanceCharge, charge: bool) -> None:
        element = self.adjustment(root, adjustment, charge)
        self.tax_category(element, "cac:TaxCategory", adjustment.vat_category_code, adjustment.vat_rate)

    def tax_totals(self, root: Element, totals: Totals | None, breakdown: list[VatBreakdown]) -> None:
        vat_total = totals.vat_total if totals else None
        known = [entry.tax_amount for entry in breakdown if entry.tax_amount is not None]
        if vat_total is None and known:
            # EN 16931 lets BT-110 out (a CII invoice may omit it), UBL does not: BR-CO-14 defines it as Σ BT-117.
            vat_total = sum(known[1:], known[0])
        if vat_total is not None or breakdown:
            element = sub(root, "cac:TaxTotal")
            self.amount(element, "cbc:TaxAmount", vat_total)
            for entry in breakdown:
                subtotal = sub(element, "cac:TaxSubtotal")
                self.amount(subtotal, "cbc:TaxableAmount", entry.taxable_amount)
                self.amount(subtotal, "cbc:TaxAmount", entry.tax_amount)
                self.tax_category(
                    subtotal,
                    "cac:TaxCategory",
                    entry.category_code,
                    entry.rate,
                    entry.exemption_reason_code,
                    entry.exemption_reason,
                )
        if totals is not None and totals.vat_total_accounting is not None:
            element = sub(root, "cac:TaxTotal")
            self.amount(element, "cbc:TaxAmount", totals.vat_total_accounting, self.invoice.tax_currency_code)

    def monetary_total(self, element: Element, totals: Totals) -> None:
        amount = self.amount
        amount(element, "cbc:LineExtensionAmount", totals.line_net_total)
        amount(element, "cbc:TaxExclusiveAmount", totals.tax_exclusive_amount)
        amount(element, "cbc:TaxInclusiveAmount", totals.tax_inclusive_amount)
        amount(element, "cbc:AllowanceTotalAmount", totals.allowance_total)
        amount(element, "cbc:ChargeTotalAmount", totals.charge_total)
        amount(element, "cbc:PrepaidAmount", totals.prepaid_amount)
        amount(element, "cbc:PayableRoundingAmount", totals.rounding_amount)
        amount(element, "cbc:PayableAmount", totals.amount_due)

    # Lines ------------------------------------------------------------------------------------------------

    def line(self, element: Element, line: Line) -> None:
        _put(element, "cbc:ID", line.id)
        _put(element, "cbc:Note", line.note)
        quantity_tag = "cbc:CreditedQuantity" if self.credit_note else "cbc:InvoicedQuantity"
        _put(element, quantity_tag, line.quantity, unitCode=line.unit_code)
        self.amount(element, "cbc:LineExtensionAmount", line.net_amount)
        _put(element, "cbc:AccountingCost", line.accounting_reference)
        if line.period is not None:
            self.period(element, line.period)
        if line.order_line_reference is not None:
            sub(sub(element, "cac:OrderLineReference"), "cbc:LineID", line.order_line_reference)
        if line.object_identifier is not None:
            reference = sub(element, "cac:DocumentReference")
            _put_id(reference, "cbc:ID", line.object_identifier)
            sub(reference, "cbc:DocumentTypeCode", INVOICED_OBJECT)
        for adjustments, charge in ((line.allowances, False), (line.charges, True)):
            for adjustment in adjustments:
                self.adjustment(element, adjustment, charge)
        if line.item is not None or line.vat is not None:
            self.item(sub(element, "cac:Item"), line.item or Item(), line.vat)
        if line.price is not None:
            self.price(sub(element, "cac:Price"), line.price)

    def item(self, element: Element, item: Item, vat: LineVat | None) -> None:
        _put(element, "cbc:Description", item.description)
        _put(element, "cbc:Name", item.name)
        if item.buyers_id is not None:
            sub(sub(element, "cac:BuyersItemIdentification"), "cbc:ID", item.buyers_id)
        if item.sellers_id is not None:
            sub(sub(element, "cac:SellersItemIdentification"), "cbc:ID", item.sellers_id)
        if item.standard_id is not None:
            _put_id(sub(element, "cac:StandardItemIdentification"), "cbc:ID", item.standard_id)
        if item.origin_country is not None:
            sub(sub(element, "cac:OriginCountry"), "cbc:IdentificationCode", item.origin_country)
        for classification in item.classifications:
            sub(
                sub(element, "cac:CommodityClassification"),
                "cbc:ItemClassificationCode",
                classification.value,
                listID=classification.list_id,
                listVersionID=classification.list_version,
            )
        if vat is not None:
            self.tax_category(element, "cac:ClassifiedTaxCategory", vat.category_code, vat.rate)
        for attribute in item.attributes:
            property_ = sub(element, "cac:AdditionalItemProperty")
            _put(property_, "cbc:Name", attribute.name)
            _put(property_, "cbc:Value", attribute.value)

    def price(self, element: Element, price: Price) -> None:
        self.amount(element, "cbc:PriceAmount", price.net_price)
        _put(element, "cbc:BaseQuantity", price.base_quantity, unitCode=price.base_quantity_unit_code)
        gross, discount = price.gross_price, price.discount
        if gross is None and discount is None:
            return
        if discount is None:
            # UBL requires the discount amount beside a gross price; EN 16931 defines it as gross − net.
            discount = gross - price.net_price if gross is not None and price.net_price is not None else Decimal(0)
        adjustment = sub(element, "cac:AllowanceCharge")
        sub(adjustment, "cbc:ChargeIndicator", "false")
        self.amount(adjustment, "cbc:Amount", discount)
        self.amount(adjustment, "cbc:BaseAmount", gross)


def build(invoice: Invoice) -> Element:
    """The UBL tree of ``invoice``: ``CreditNote`` when BT-3 is a credit note code, else ``Invoice``."""
    return _Writer(invoice).build()
