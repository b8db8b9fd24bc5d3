"""The model to CII D16B, in the element order of the Factur-X EN 16931 XSD (the CEN syntax binding).

The writer always builds the full EN 16931 document. A Factur-X profile (MINIMUM … EXTENDED) is a subset of it
or, for EXTENDED, a superset the model does not hold, so a profile can later be applied to the finished tree
(dropping what its XSD does not allow) without touching the functions below.

Elements that the XSD makes mandatory are written even when the model leaves them empty, so that the output
keeps its shape and the XSD check names the missing value; optional ones are written only when set.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from lxml import etree

from ..model import (
    Address,
    Contact,
    DocumentAllowanceCharge,
    Identifier,
    Invoice,
    Item,
    Line,
    LineAllowanceCharge,
    Period,
    Price,
    SupportingDocument,
    Totals,
    VatBreakdown,
)
from .cii_reader import PROJECT_NAME, TAX_POINT_CODES
from .xml import NS

_ROOT_TAG = f"{{{NS['rsm']}}}CrossIndustryInvoice"
_NSMAP = {prefix: NS[prefix] for prefix in ("rsm", "qdt", "ram", "udt")}

Element = etree._Element
_CLARK: dict[str, str] = {}


def sub(parent: Element, tag: str, text: object = None, **attrib: str | None) -> Element:
    """:func:`bordereau.formats.xml.sub`, with the qualified names cached: the writer's hot path (Factur-X speed)."""
    name = _CLARK.get(tag)
    if name is None:
        prefix, _, local = tag.partition(":")
        name = _CLARK[tag] = f"{{{NS[prefix]}}}{local}"
    element = etree.SubElement(parent, name)
    if text is not None:
        element.text = format(text, "f") if isinstance(text, Decimal) else str(text)
    for key, value in attrib.items():
        if value is not None:
            element.set(key, value)
    return element


def _ymd(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


def _date(parent: Element, tag: str, value: date | None, kind: str = "udt:DateTimeString") -> None:
    """A date as ``<tag><kind format="102">YYYYMMDD</kind></tag>``, left out when ``value`` is None."""
    if value is not None:
        sub(sub(parent, tag), kind, _ymd(value), format="102")


def _opt(parent: Element, tag: str, value: str | Decimal | None, **attrib: str | None) -> None:
    if value is not None:
        sub(parent, tag, value, **attrib)


def _id(parent: Element, tag: str, identifier: Identifier | None) -> None:
    if identifier is not None:
        sub(parent, tag, identifier.value, schemeID=identifier.scheme_id)


def _party_ids(parent: Element, identifiers: Sequence[Identifier | None]) -> None:
    """BT-29/46/60/71: an identifier without scheme is ``ram:ID``, one with a scheme ``ram:GlobalID``."""
    present = [i for i in identifiers if i is not None]
    for identifier in present:
        if identifier.scheme_id is None:
            sub(parent, "ram:ID", identifier.value)
    for identifier in present:
        if identifier.scheme_id is not None:
            sub(parent, "ram:GlobalID", identifier.value, schemeID=identifier.scheme_id)


def build(invoice: Invoice) -> Element:
    """The CII tree of ``invoice`` (not checked against the XSD: :func:`bordereau.formats.cii.write` does that)."""
    root = etree.Element(_ROOT_TAG, nsmap=_NSMAP)
    context = sub(root, "rsm:ExchangedDocumentContext")
    if invoice.process.business_process_type is not None:
        parameter = sub(context, "ram:BusinessProcessSpecifiedDocumentContextParameter")
        sub(parameter, "ram:ID", invoice.process.business_process_type)
    sub(sub(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", invoice.process.specification_id)

    document = sub(root, "rsm:ExchangedDocument")
    sub(document, "ram:ID", invoice.number)
    sub(document, "ram:TypeCode", invoice.type_code)
    issued = sub(document, "ram:IssueDateTime")
    sub(issued, "udt:DateTimeString", None if invoice.issue_date is None else _ymd(invoice.issue_date), format="102")
    for note in invoice.notes:
        element = sub(document, "ram:IncludedNote")
        sub(element, "ram:Content", note.text)
        _opt(element, "ram:SubjectCode", note.subject_code)

    transaction = sub(root, "rsm:SupplyChainTradeTransaction")
    for line in invoice.lines:
        _line(sub(transaction, "ram:IncludedSupplyChainTradeLineItem"), line)
    _agreement(sub(transaction, "ram:ApplicableHeaderTradeAgreement"), invoice)
    _delivery(sub(transaction, "ram:ApplicableHeaderTradeDelivery"), invoice)
    _settlement(sub(transaction, "ram:ApplicableHeaderTradeSettlement"), invoice)
    return root


# Header agreement: parties and references ---------------------------------------------------------------------


def _agreement(agreement: Element, invoice: Invoice) -> None:
    _opt(agreement, "ram:BuyerReference", invoice.buyer_reference)
    seller = sub(agreement, "ram:SellerTradeParty")
    if invoice.seller is not None:
        s = invoice.seller
        _party_ids(seller, s.identifiers)
        sub(seller, "ram:Name", s.name)
        _opt(seller, "ram:Description", s.additional_legal_info)
        _legal_organization(seller, s.legal_registration, s.trading_name)
        _contact(seller, s.contact)
        _address(seller, s.address)
        if s.electronic_address is not None:
            _id(sub(seller, "ram:URIUniversalCommunication"), "ram:URIID", s.electronic_address)
        _tax_registration(seller, s.vat_id, "VA")
        _tax_registration(seller, s.tax_registration_id, "FC")
    buyer = sub(agreement, "ram:BuyerTradeParty")
    if invoice.buyer is not None:
        b = invoice.buyer
        _party_ids(buyer, [b.identifier])
        sub(buyer, "ram:Name", b.name)
        _legal_organization(buyer, b.legal_registration, b.trading_name)
        _contact(buyer, b.contact)
        _address(buyer, b.address)
        if b.electronic_address is not None:
            _id(sub(buyer, "ram:URIUniversalCommunication"), "ram:URIID", b.electronic_address)
        _tax_registration(buyer, b.vat_id, "VA")
    if invoice.tax_representative is not None:
        r = invoice.tax_representative
        representative = sub(agreement, "ram:SellerTaxRepresentativeTradeParty")
        sub(representative, "ram:Name", r.name)
        _address(representative, r.address, mandatory=True)
        _tax_registration(representative, r.vat_id, "VA", mandatory=True)
    _reference(agreement, "ram:SellerOrderReferencedDocument", invoice.sales_order_reference)
    _reference(agreement, "ram:BuyerOrderReferencedDocument", invoice.purchase_order_reference)
    _reference(agreement, "ram:ContractReferencedDocument", invoice.contract_reference)
    for document in invoice.supporting_documents:
        _supporting_document(agreement, document)
    if invoice.tender_reference is not None:
        tender = sub(agreement, "ram:AdditionalReferencedDocument")
        sub(tender, "ram:IssuerAssignedID", invoice.tender_reference)
        sub(tender, "ram:TypeCode", "50")
    _object_reference(agreement, invoice.invoiced_object)
    if invoice.project_reference is not None:
        project = sub(agreement, "ram:SpecifiedProcuringProject")
        sub(project, "ram:ID", invoice.project_reference)
        sub(project, "ram:Name", PROJECT_NAME)


def _reference(parent: Element, tag: str, value: str | None) -> None:
    if value is not None:
        sub(sub(parent, tag), "ram:IssuerAssignedID", value)


def _object_reference(parent: Element, identifier: Identifier | None) -> None:
    """BT-18 / BT-128: an AdditionalReferencedDocument of type 130, its scheme in ReferenceTypeCode."""
    if identifier is not None:
        element = sub(parent, "ram:AdditionalReferencedDocument")
        sub(element, "ram:IssuerAssignedID", identifier.value)
        sub(element, "ram:TypeCode", "130")
        _opt(element, "ram:ReferenceTypeCode", identifier.scheme_id)


def _supporting_document(parent: Element, document: SupportingDocument) -> None:
    element = sub(parent, "ram:AdditionalReferencedDocument")
    sub(element, "ram:IssuerAssignedID", document.reference)
    _opt(element, "ram:URIID", document.external_uri)
    sub(element, "ram:TypeCode", "916")
    _opt(element, "ram:Name", document.description)
    if document.attachment is not None:
        a = document.attachment
        content = base64.b64encode(a.content).decode("ascii")
        sub(element, "ram:AttachmentBinaryObject", content, mimeCode=a.mime_code, filename=a.filename)


def _legal_organization(party: Element, registration: Identifier | None, trading_name: str | None) -> None:
    if registration is not None or trading_name is not None:
        organization = sub(party, "ram:SpecifiedLegalOrganization")
        _id(organization, "ram:ID", registration)
        _opt(organization, "ram:TradingBusinessName", trading_name)


def _contact(party: Element, contact: Contact | None) -> None:
    if contact is None:
        return
    element = sub(party, "ram:DefinedTradeContact")
    _opt(element, "ram:PersonName", contact.name)
    if contact.telephone is not None:
        sub(sub(element, "ram:TelephoneUniversalCommunication"), "ram:CompleteNumber", contact.telephone)
    if contact.email is not None:
        sub(sub(element, "ram:EmailURIUniversalCommunication"), "ram:URIID", contact.email)


def _address(party: Element, address: Address | None, mandatory: bool = False) -> None:
    if address is None and not mandatory:
        return
    a = address or Address()
    element = sub(party, "ram:PostalTradeAddress")
    _opt(element, "ram:PostcodeCode", a.post_code)
    _opt(element, "ram:LineOne", a.line1)
    _opt(element, "ram:LineTwo", a.line2)
    _opt(element, "ram:LineThree", a.line3)
    _opt(element, "ram:CityName", a.city)
    sub(element, "ram:CountryID", a.country_code)
    _opt(element, "ram:CountrySubDivisionName", a.subdivision)


def _tax_registration(party: Element, value: str | None, scheme: str, mandatory: bool = False) -> None:
    if value is not None or mandatory:
        sub(sub(party, "ram:SpecifiedTaxRegistration"), "ram:ID", value, schemeID=scheme)


# Header delivery and settlement ----------------------------------------------------------------------------------


def _delivery(element: Element, invoice: Invoice) -> None:
    d = invoice.delivery
    if d is not None:
        if d.party_name is not None or d.location is not None or d.address is not None or d.date is None:
            party = sub(element, "ram:ShipToTradeParty")
            _party_ids(party, [d.location])
            _opt(party, "ram:Name", d.party_name)
            _address(party, d.address)
        if d.date is not None:
            _date(sub(element, "ram:ActualDeliverySupplyChainEvent"), "ram:OccurrenceDateTime", d.date)
    _reference(element, "ram:DespatchAdviceReferencedDocument", invoice.despatch_advice_reference)
    _reference(element, "ram:ReceivingAdviceReferencedDocument", invoice.receiving_advice_reference)


def _settlement(settlement: Element, invoice: Invoice) -> None:
    payment = invoice.payment
    debit = payment.direct_debit if payment is not None else None
    _opt(settlement, "ram:CreditorReferenceID", debit.creditor_id if debit is not None else None)
    _opt(settlement, "ram:PaymentReference", payment.remittance_information if payment is not None else None)
    if invoice.tax_currency_code != invoice.currency_code:
        # The CII binding of BR-53 wants a VAT accounting currency that differs from the invoice currency;
        # naming the same currency twice says nothing, so it is left out.
        _opt(settlement, "ram:TaxCurrencyCode", invoice.tax_currency_code)
    sub(settlement, "ram:InvoiceCurrencyCode", invoice.currency_code)
    if invoice.payee is not None:
        p = invoice.payee
        payee = sub(settlement, "ram:PayeeTradeParty")
        _party_ids(payee, [p.identifier])
        sub(payee, "ram:Name", p.name)
        if p.legal_registration is not None:
            _id(sub(payee, "ram:SpecifiedLegalOrganization"), "ram:ID", p.legal_registration)
    if payment is not None:
        _payment_means(settlement, invoice)
    for index, breakdown in enumerate(invoice.vat_breakdown):
        _vat_breakdown(sub(settlement, "ram:ApplicableTradeTax"), breakdown, invoice if index == 0 else None)
    _period(settlement, invoice.invoicing_period)
    for charge, adjustments in ((False, invoice.allowances), (True, invoice.charges)):
        for adjustment in adjustments:
            _document_allowance(sub(settlement, "ram:SpecifiedTradeAllowanceCharge"), adjustment, charge)
    mandate = debit.mandate_reference if debit is not None else None
    if invoice.payment_terms is not None or invoice.due_date is not None or mandate is not None:
        terms = sub(settlement, "ram:SpecifiedTradePaymentTerms")
        _opt(terms, "ram:Description", invoice.payment_terms)
        _date(terms, "ram:DueDateDateTime", invoice.due_date)
        _opt(terms, "ram:DirectDebitMandateID", mandate)
    _totals(sub(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation"), invoice)
    for preceding in invoice.preceding_invoices:
        element = sub(settlement, "ram:InvoiceReferencedDocument")
        sub(element, "ram:IssuerAssignedID", preceding.number)
        _date(element, "ram:FormattedIssueDateTime", preceding.issue_date, "qdt:DateTimeString")
    if invoice.buyer_accounting_reference is not None:
        sub(
            sub(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount"),
            "ram:ID",
            invoice.buyer_accounting_reference,
        )


def _payment_means(settlement: Element, invoice: Invoice) -> None:
    """One means per credit transfer (CII holds one account per means); card and debited account go on the first."""
    payment = invoice.payment
    assert payment is not None
    debited = payment.direct_debit.debited_account_id if payment.direct_debit is not None else None
    if (
        payment.means_code is None
        and payment.means_text is None
        and not payment.credit_transfers
        and payment.card is None
        and debited is None
    ):
        return
    for index in range(max(1, len(payment.credit_transfers))):
        means = sub(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        sub(means, "ram:TypeCode", payment.means_code)
        _opt(means, "ram:Information", payment.means_text)
        if index == 0 and payment.card is not None:
            card = sub(means, "ram:ApplicableTradeSettlementFinancialCard")
            sub(card, "ram:ID", payment.card.account_number)
            _opt(card, "ram:CardholderName", payment.card.holder_name)
        if index == 0 and debited is not None:
            sub(sub(means, "ram:PayerPartyDebtorFinancialAccount"), "ram:IBANID", debited)
        if payment.credit_transfers:
            transfer = payment.credit_transfers[index]
            if transfer.account_id is not None or transfer.account_name is not None:
                account = sub(means, "ram:PayeePartyCreditorFinancialAccount")
                iban = transfer.account_id is not None and _looks_like_iban(transfer.account_id)
                _opt(account, "ram:IBANID", transfer.account_id if iban else None)
                _opt(account, "ram:AccountName", transfer.account_name)
                _opt(account, "ram:ProprietaryID", None if iban else transfer.account_id)
            if transfer.service_provider_id is not None:
                institution = sub(means, "ram:PayeeSpecifiedCreditorFinancialInstitution")
                sub(institution, "ram:BICID", transfer.service_provider_id)


def _looks_like_iban(account: str) -> bool:
    """BT-84 goes in IBANID when it has an IBAN's shape, else in ProprietaryID (the model keeps one string)."""
    return _IBAN.fullmatch(account.replace(" ", "")) is not None


_TAX_POINT_CODES_2475 = {model: cii for cii, model in TAX_POINT_CODES.items()}
_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def _vat_breakdown(element: Element, breakdown: VatBreakdown, invoice: Invoice | None) -> None:
    """A BG-23 entry; the first also carries BT-7 / BT-8, which CII places on the VAT breakdown."""
    _opt(element, "ram:CalculatedAmount", breakdown.tax_amount)
    sub(element, "ram:TypeCode", "VAT")
    _opt(element, "ram:ExemptionReason", breakdown.exemption_reason)
    _opt(element, "ram:BasisAmount", breakdown.taxable_amount)
    sub(element, "ram:CategoryCode", breakdown.category_code)
    _opt(element, "ram:ExemptionReasonCode", breakdown.exemption_reason_code)
    if invoice is not None:
        _date(element, "ram:TaxPointDate", invoice.tax_point_date, "udt:DateString")
        code = invoice.tax_point_date_code
        _opt(element, "ram:DueDateTypeCode", _TAX_POINT_CODES_2475.get(code, code) if code is not None else None)
    _opt(element, "ram:RateApplicablePercent", breakdown.rate)


def _period(parent: Element, period: Period | None) -> None:
    if period is not None:
        element = sub(parent, "ram:BillingSpecifiedPeriod")
        _date(element, "ram:StartDateTime", period.start_date)
        _date(element, "ram:EndDateTime", period.end_date)


def _allowance_common(element: Element, a: DocumentAllowanceCharge | LineAllowanceCharge, charge: bool) -> None:
    sub(sub(element, "ram:ChargeIndicator"), "udt:Indicator", "true" if charge else "false")
    _opt(element, "ram:CalculationPercent", a.percentage)
    _opt(element, "ram:BasisAmount", a.base_amount)
    sub(element, "ram:ActualAmount", a.amount)
    _opt(element, "ram:ReasonCode", a.reason_code)
    _opt(element, "ram:Reason", a.reason)


def _document_allowance(element: Element, adjustment: DocumentAllowanceCharge, charge: bool) -> None:
    _allowance_common(element, adjustment, charge)
    tax = sub(element, "ram:CategoryTradeTax")
    sub(tax, "ram:TypeCode", "VAT")
    sub(tax, "ram:CategoryCode", adjustment.vat_category_code)
    _opt(tax, "ram:RateApplicablePercent", adjustment.vat_rate)


def _totals(element: Element, invoice: Invoice) -> None:
    t = invoice.totals or Totals()
    sub(element, "ram:LineTotalAmount", t.line_net_total)
    _opt(element, "ram:ChargeTotalAmount", t.charge_total)
    _opt(element, "ram:AllowanceTotalAmount", t.allowance_total)
    sub(element, "ram:TaxBasisTotalAmount", t.tax_exclusive_amount)
    _opt(element, "ram:TaxTotalAmount", t.vat_total, currencyID=invoice.currency_code)
    _opt(element, "ram:TaxTotalAmount", t.vat_total_accounting, currencyID=invoice.tax_currency_code)
    _opt(element, "ram:RoundingAmount", t.rounding_amount)
    sub(element, "ram:GrandTotalAmount", t.tax_inclusive_amount)
    _opt(element, "ram:TotalPrepaidAmount", t.prepaid_amount)
    sub(element, "ram:DuePayableAmount", t.amount_due)


# Lines ------------------------------------------------------------------------------------------------------------


def _line(element: Element, line: Line) -> None:
    document = sub(element, "ram:AssociatedDocumentLineDocument")
    sub(document, "ram:LineID", line.id)
    if line.note is not None:
        sub(sub(document, "ram:IncludedNote"), "ram:Content", line.note)
    _item(sub(element, "ram:SpecifiedTradeProduct"), line.item or Item())

    agreement = sub(element, "ram:SpecifiedLineTradeAgreement")
    if line.order_line_reference is not None:
        sub(sub(agreement, "ram:BuyerOrderReferencedDocument"), "ram:LineID", line.order_line_reference)
    _price(agreement, line.price or Price())

    delivery = sub(element, "ram:SpecifiedLineTradeDelivery")
    sub(delivery, "ram:BilledQuantity", line.quantity, unitCode=line.unit_code)

    settlement = sub(element, "ram:SpecifiedLineTradeSettlement")
    tax = sub(settlement, "ram:ApplicableTradeTax")
    sub(tax, "ram:TypeCode", "VAT")
    sub(tax, "ram:CategoryCode", line.vat.category_code if line.vat is not None else None)
    _opt(tax, "ram:RateApplicablePercent", line.vat.rate if line.vat is not None else None)
    _period(settlement, line.period)
    for charge, adjustments in ((False, line.allowances), (True, line.charges)):
        for adjustment in adjustments:
            _allowance_common(sub(settlement, "ram:SpecifiedTradeAllowanceCharge"), adjustment, charge)
    summation = sub(settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation")
    sub(summation, "ram:LineTotalAmount", line.net_amount)
    _object_reference(settlement, line.object_identifier)
    if line.accounting_reference is not None:
        sub(sub(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount"), "ram:ID", line.accounting_reference)


def _item(product: Element, item: Item) -> None:
    _id(product, "ram:GlobalID", item.standard_id)
    _opt(product, "ram:SellerAssignedID", item.sellers_id)
    _opt(product, "ram:BuyerAssignedID", item.buyers_id)
    sub(product, "ram:Name", item.name)
    _opt(product, "ram:Description", item.description)
    for attribute in item.attributes:
        characteristic = sub(product, "ram:ApplicableProductCharacteristic")
        sub(characteristic, "ram:Description", attribute.name)
        sub(characteristic, "ram:Value", attribute.value)
    for classification in item.classifications:
        sub(
            sub(product, "ram:DesignatedProductClassification"),
            "ram:ClassCode",
            classification.value,
            listID=classification.list_id,
            listVersionID=classification.list_version,
        )
    if item.origin_country is not None:
        sub(sub(product, "ram:OriginTradeCountry"), "ram:ID", item.origin_country)


def _price(agreement: Element, price: Price) -> None:
    """BT-149 is written on both prices, since the model's one base quantity applies to each."""
    gross_price = price.gross_price
    if gross_price is None and price.discount is not None and price.net_price is not None:
        gross_price = price.net_price + price.discount  # BT-146 = BT-148 − BT-147, and CII needs the gross amount
    if gross_price is not None:
        gross = sub(agreement, "ram:GrossPriceProductTradePrice")
        sub(gross, "ram:ChargeAmount", gross_price)
        _opt(gross, "ram:BasisQuantity", price.base_quantity, unitCode=price.base_quantity_unit_code)
        if price.discount is not None:
            discount = sub(gross, "ram:AppliedTradeAllowanceCharge")
            sub(sub(discount, "ram:ChargeIndicator"), "udt:Indicator", "false")
            sub(discount, "ram:ActualAmount", price.discount)
    net = sub(agreement, "ram:NetPriceProductTradePrice")
    sub(net, "ram:ChargeAmount", price.net_price)
    _opt(net, "ram:BasisQuantity", price.base_quantity, unitCode=price.base_quantity_unit_code)
