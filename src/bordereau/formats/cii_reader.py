"""CII D16B to the model, following the CEN syntax binding of EN 16931 (EN 16931-3-3).

Every lookup goes through :class:`~bordereau.formats.xml.Source`, one step below the nearest parent, so that
whatever the model has no place for stays visible as ``unmapped``. A value that CII may repeat where the model
holds one (the tax point date on each VAT breakdown, the payment means code on each means, …) is taken from
its first occurrence; later copies count as read only when they say the same thing.
"""

from __future__ import annotations

import binascii
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
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
from ..model.base import Group
from .binary import decode_base64
from .lookup import child as _child
from .xml import NS, Source

G = TypeVar("G", bound=Group)

_TRUE = ("true", "1")
_DATE = "udt:DateTimeString"


def _text(element: etree._Element | None) -> str | None:
    return None if element is None or element.text is None else element.text.strip()


class Reader:
    """One pass over a CII document; ``src`` records every element taken."""

    __slots__ = ("src",)

    def __init__(self, src: Source) -> None:
        self.src = src

    # Small helpers -------------------------------------------------------------------------------------------

    def first(self, parent: etree._Element | None, *paths: str) -> etree._Element | None:
        """The first of ``paths`` found under ``parent``; only that one counts as read."""
        if parent is None:
            return None
        for path in paths:
            found = _child(parent, path)
            if found is not None:
                self.src.used.add(found)
                return found
        return None

    def shared(self, parents: Iterable[etree._Element], path: str) -> etree._Element | None:
        """A value CII repeats on several parents and the model holds once: the first occurrence wins."""
        found = None
        for parent in parents:
            element = _child(parent, path)
            if element is None:
                continue
            if found is None:
                found = element
            elif _text(element) != _text(found) or dict(element.attrib) != dict(found.attrib):
                continue  # a different value has no place in the model: left for ``unmapped``
            self.src.used.add(element)
        return found

    def identifier(self, element: etree._Element | None) -> Identifier | None:
        if element is None:
            return None
        return Identifier.read_from(element, value=(element.text or "").strip(), scheme_id=element.get("schemeID"))

    def date_of(self, parent: etree._Element | None, path: str, bt: str) -> date | None:
        return self.src.date(parent, path, bt, compact=True)

    # The document --------------------------------------------------------------------------------------------

    def invoice(self, root: etree._Element) -> Invoice:
        s = self.src
        context = s.find(root, "rsm:ExchangedDocumentContext")
        document = s.find(root, "rsm:ExchangedDocument")
        transaction = s.find(root, "rsm:SupplyChainTradeTransaction")
        agreement = s.find(transaction, "ram:ApplicableHeaderTradeAgreement")
        delivery = s.find(transaction, "ram:ApplicableHeaderTradeDelivery")
        settlement = s.find(transaction, "ram:ApplicableHeaderTradeSettlement")
        taxes = s.findall(settlement, "ram:ApplicableTradeTax")
        terms = s.findall(settlement, "ram:SpecifiedTradePaymentTerms")
        tax_point = self.shared(taxes, "ram:TaxPointDate/udt:DateString")
        due_date = self.shared(terms, f"ram:DueDateDateTime/{_DATE}")
        currency = s.text(settlement, "ram:InvoiceCurrencyCode")
        tax_currency = s.text(settlement, "ram:TaxCurrencyCode")
        references = self.header_references(agreement)
        allowances, charges = self.document_allowances(settlement)
        return Invoice.read_from(
            root,
            number=s.text(document, "ram:ID"),
            issue_date=self.date_of(document, f"ram:IssueDateTime/{_DATE}", "BT-2"),
            type_code=s.text(document, "ram:TypeCode"),
            currency_code=currency,
            tax_currency_code=tax_currency,
            tax_point_date=None if tax_point is None else s.to_date(tax_point, "BT-7", compact=True),
            tax_point_date_code=_tax_point_code(_text(self.shared(taxes, "ram:DueDateTypeCode"))),
            due_date=None if due_date is None else s.to_date(due_date, "BT-9", compact=True),
            buyer_reference=s.text(agreement, "ram:BuyerReference"),
            project_reference=self.project(agreement),
            contract_reference=s.text(agreement, "ram:ContractReferencedDocument/ram:IssuerAssignedID"),
            purchase_order_reference=s.text(agreement, "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
            sales_order_reference=s.text(agreement, "ram:SellerOrderReferencedDocument/ram:IssuerAssignedID"),
            receiving_advice_reference=s.text(delivery, "ram:ReceivingAdviceReferencedDocument/ram:IssuerAssignedID"),
            despatch_advice_reference=s.text(delivery, "ram:DespatchAdviceReferencedDocument/ram:IssuerAssignedID"),
            tender_reference=references.tender,
            invoiced_object=references.invoiced_object,
            buyer_accounting_reference=s.text(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID"),
            payment_terms=_text(self.shared(terms, "ram:Description")),
            notes=[self.note(e) for e in s.findall(document, "ram:IncludedNote")],
            process=self.process(context),
            preceding_invoices=[self.preceding(e) for e in s.findall(settlement, "ram:InvoiceReferencedDocument")],
            seller=self.seller(s.find(agreement, "ram:SellerTradeParty")),
            buyer=self.buyer(s.find(agreement, "ram:BuyerTradeParty")),
            payee=self.payee(s.find(settlement, "ram:PayeeTradeParty")),
            tax_representative=self.tax_representative(s.find(agreement, "ram:SellerTaxRepresentativeTradeParty")),
            delivery=self.delivery(delivery),
            invoicing_period=self.period(s.find(settlement, "ram:BillingSpecifiedPeriod"), "BT-73", "BT-74"),
            payment=self.payment(settlement, terms),
            allowances=allowances,
            charges=charges,
            totals=self.totals(
                s.find(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation"), currency, tax_currency
            ),
            vat_breakdown=[self.vat_breakdown(e) for e in taxes],
            supporting_documents=references.supporting,
            lines=[self.line(e) for e in s.findall(transaction, "ram:IncludedSupplyChainTradeLineItem")],
        )

    def process(self, context: etree._Element | None) -> ProcessControl:
        s = self.src
        return ProcessControl.read_from(
            context,
            business_process_type=s.text(context, "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"),
            specification_id=s.text(context, "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
        )

    def note(self, element: etree._Element) -> Note:
        s = self.src
        return Note.read_from(
            element, subject_code=s.text(element, "ram:SubjectCode"), text=s.text(element, "ram:Content")
        )

    def project(self, agreement: etree._Element | None) -> str | None:
        """BT-11; the project name the syntax requires beside it is no business term (see the writer's filler)."""
        project = _child(agreement, "ram:SpecifiedProcuringProject")
        if project is None:
            return None
        name = _child(project, "ram:Name")
        if name is not None and _text(name) == PROJECT_NAME:
            self.src.used.add(name)
        return self.src.text(project, "ram:ID")

    def preceding(self, element: etree._Element) -> PrecedingInvoice:
        s = self.src
        return PrecedingInvoice.read_from(
            element,
            number=s.text(element, "ram:IssuerAssignedID"),
            issue_date=self.date_of(element, "ram:FormattedIssueDateTime/qdt:DateTimeString", "BT-26"),
        )

    # Header references: BT-17, BT-18 and BG-24 share AdditionalReferencedDocument, told apart by TypeCode --------

    def header_references(self, agreement: etree._Element | None) -> _References:
        s = self.src
        found = _References()
        for element in s.findall(agreement, "ram:AdditionalReferencedDocument"):
            kind = _child(element, "ram:TypeCode")
            code = _text(kind)
            if code == "916":
                found.supporting.append(self.supporting(element))
            elif code == "50" and found.tender is None:
                found.tender = s.text(element, "ram:IssuerAssignedID")
            elif code == "130" and found.invoiced_object is None:
                found.invoiced_object = self.object_identifier(element)
            else:
                continue  # no TypeCode, or one EN 16931 does not use: nothing in the model can say which it is
            s.used.add(kind)
        return found

    def object_identifier(self, element: etree._Element) -> Identifier:
        """BT-18 or BT-128: the identifier with its scheme (UNTDID 1153) in ReferenceTypeCode."""
        s = self.src
        value = s.find(element, "ram:IssuerAssignedID")
        scheme = s.text(element, "ram:ReferenceTypeCode")
        return Identifier.read_from(element, value=(_text(value) or ""), scheme_id=scheme)

    def supporting(self, element: etree._Element) -> SupportingDocument:
        s = self.src
        binary = s.find(element, "ram:AttachmentBinaryObject")
        attachment = None
        if binary is not None:
            try:
                content = decode_base64(binary.text or "")
            except (binascii.Error, UnicodeEncodeError, ValueError):
                s.problem(binary, "BT-125", "the attached document is not valid base64")
            else:
                attachment = Attachment.read_from(
                    binary, content=content, mime_code=binary.get("mimeCode"), filename=binary.get("filename")
                )
        return SupportingDocument.read_from(
            element,
            reference=s.text(element, "ram:IssuerAssignedID"),
            description=s.text(element, "ram:Name"),
            external_uri=s.text(element, "ram:URIID"),
            attachment=attachment,
        )

    # Parties -------------------------------------------------------------------------------------------------

    def seller(self, party: etree._Element | None) -> Seller | None:
        if party is None:
            return None
        s = self.src
        legal = s.find(party, "ram:SpecifiedLegalOrganization")
        identifiers = [self.identifier(e) for e in (*s.findall(party, "ram:ID"), *s.findall(party, "ram:GlobalID"))]
        return Seller.read_from(
            party,
            name=s.text(party, "ram:Name"),
            trading_name=s.text(legal, "ram:TradingBusinessName"),
            identifiers=identifiers,
            legal_registration=self.identifier(s.find(legal, "ram:ID")),
            vat_id=s.text(party, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
            tax_registration_id=s.text(party, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']"),
            additional_legal_info=s.text(party, "ram:Description"),
            electronic_address=self.identifier(s.find(party, "ram:URIUniversalCommunication/ram:URIID")),
            address=self.address(s.find(party, "ram:PostalTradeAddress")),
            contact=self.contact(s.find(party, "ram:DefinedTradeContact")),
        )

    def buyer(self, party: etree._Element | None) -> Buyer | None:
        if party is None:
            return None
        s = self.src
        legal = s.find(party, "ram:SpecifiedLegalOrganization")
        return Buyer.read_from(
            party,
            name=s.text(party, "ram:Name"),
            trading_name=s.text(legal, "ram:TradingBusinessName"),
            identifier=self.identifier(self.first(party, "ram:ID", "ram:GlobalID")),
            legal_registration=self.identifier(s.find(legal, "ram:ID")),
            vat_id=s.text(party, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
            electronic_address=self.identifier(s.find(party, "ram:URIUniversalCommunication/ram:URIID")),
            address=self.address(s.find(party, "ram:PostalTradeAddress")),
            contact=self.contact(s.find(party, "ram:DefinedTradeContact")),
        )

    def payee(self, party: etree._Element | None) -> Payee | None:
        if party is None:
            return None
        s = self.src
        return Payee.read_from(
            party,
            name=s.text(party, "ram:Name"),
            identifier=self.identifier(self.first(party, "ram:ID", "ram:GlobalID")),
            legal_registration=self.identifier(s.find(party, "ram:SpecifiedLegalOrganization/ram:ID")),
        )

    def tax_representative(self, party: etree._Element | None) -> TaxRepresentative | None:
        if party is None:
            return None
        s = self.src
        return TaxRepresentative.read_from(
            party,
            name=s.text(party, "ram:Name"),
            vat_id=s.text(party, "ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
            address=self.address(s.find(party, "ram:PostalTradeAddress")),
        )

    def address(self, element: etree._Element | None) -> Address | None:
        if element is None:
            return None
        text = self.src.text
        return Address.read_from(
            element,
            line1=text(element, "ram:LineOne"),
            line2=text(element, "ram:LineTwo"),
            line3=text(element, "ram:LineThree"),
            city=text(element, "ram:CityName"),
            post_code=text(element, "ram:PostcodeCode"),
            subdivision=text(element, "ram:CountrySubDivisionName"),
            country_code=text(element, "ram:CountryID"),
        )

    def contact(self, element: etree._Element | None) -> Contact | None:
        """BT-41 is the person, or the department when no person is named."""
        if element is None:
            return None
        s = self.src
        return Contact.read_from(
            element,
            name=_text(self.first(element, "ram:PersonName", "ram:DepartmentName")),
            telephone=s.text(element, "ram:TelephoneUniversalCommunication/ram:CompleteNumber"),
            email=s.text(element, "ram:EmailURIUniversalCommunication/ram:URIID"),
        )

    def delivery(self, element: etree._Element | None) -> Delivery | None:
        s = self.src
        party = s.find(element, "ram:ShipToTradeParty")
        event = s.find(element, "ram:ActualDeliverySupplyChainEvent")
        if party is None and event is None:
            return None
        return Delivery.read_from(
            element,
            party_name=s.text(party, "ram:Name"),
            location=self.identifier(self.first(party, "ram:ID", "ram:GlobalID")),
            date=self.date_of(event, f"ram:OccurrenceDateTime/{_DATE}", "BT-72"),
            address=self.address(s.find(party, "ram:PostalTradeAddress")),
        )

    def period(self, element: etree._Element | None, start: str, end: str) -> Period | None:
        if element is None:
            return None
        return Period.read_from(
            element,
            start_date=self.date_of(element, f"ram:StartDateTime/{_DATE}", start),
            end_date=self.date_of(element, f"ram:EndDateTime/{_DATE}", end),
        )

    # Payment -------------------------------------------------------------------------------------------------

    def payment(self, settlement: etree._Element | None, terms: list[etree._Element]) -> PaymentInstructions | None:
        """BG-16 is spread over the payment means, the settlement and the payment terms."""
        s = self.src
        means = s.findall(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        reference = s.find(settlement, "ram:PaymentReference")
        creditor = s.find(settlement, "ram:CreditorReferenceID")
        mandate = self.shared(terms, "ram:DirectDebitMandateID")
        if not means and reference is None and creditor is None and mandate is None:
            return None
        transfers = []
        card = None
        for element in means:
            account = s.find(element, "ram:PayeePartyCreditorFinancialAccount")
            bic = s.find(element, "ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID")
            if account is not None or bic is not None:
                transfer = CreditTransfer.read_from(
                    account if account is not None else element,
                    account_id=_text(self.first(account, "ram:IBANID", "ram:ProprietaryID")),
                    account_name=s.text(account, "ram:AccountName"),
                    service_provider_id=_text(bic),
                )
                transfers.append(transfer)
            if card is None:
                card = self.card(s.find(element, "ram:ApplicableTradeSettlementFinancialCard"))
        debited = self.shared(means, "ram:PayerPartyDebtorFinancialAccount/ram:IBANID")
        direct_debit = None
        if mandate is not None or creditor is not None or debited is not None:
            direct_debit = DirectDebit.read_from(
                settlement,
                mandate_reference=_text(mandate),
                creditor_id=_text(creditor),
                debited_account_id=_text(debited),
            )
        return PaymentInstructions.read_from(
            means[0] if means else settlement,
            means_code=_text(self.shared(means, "ram:TypeCode")),
            means_text=_text(self.shared(means, "ram:Information")),
            remittance_information=_text(reference),
            credit_transfers=transfers,
            card=card,
            direct_debit=direct_debit,
        )

    def card(self, element: etree._Element | None) -> PaymentCard | None:
        if element is None:
            return None
        s = self.src
        return PaymentCard.read_from(
            element, account_number=s.text(element, "ram:ID"), holder_name=s.text(element, "ram:CardholderName")
        )

    # Money ---------------------------------------------------------------------------------------------------

    def document_allowances(
        self, settlement: etree._Element | None
    ) -> tuple[list[DocumentAllowanceCharge], list[DocumentAllowanceCharge]]:
        s = self.src
        allowances: list[DocumentAllowanceCharge] = []
        charges: list[DocumentAllowanceCharge] = []
        for element in s.findall(settlement, "ram:SpecifiedTradeAllowanceCharge"):
            charge = s.text(element, "ram:ChargeIndicator/udt:Indicator") in _TRUE
            bt = _CHARGE_BTS if charge else _ALLOWANCE_BTS
            tax = s.find(element, "ram:CategoryTradeTax")
            s.find(tax, "ram:TypeCode")
            item = DocumentAllowanceCharge.read_from(
                element,
                amount=s.decimal(element, "ram:ActualAmount", bt[0]),
                base_amount=s.decimal(element, "ram:BasisAmount", bt[1]),
                percentage=s.decimal(element, "ram:CalculationPercent", bt[2]),
                vat_category_code=s.text(tax, "ram:CategoryCode"),
                vat_rate=s.decimal(tax, "ram:RateApplicablePercent", bt[3]),
                reason=s.text(element, "ram:Reason"),
                reason_code=s.text(element, "ram:ReasonCode"),
            )
            (charges if charge else allowances).append(item)
        return allowances, charges

    def totals(self, element: etree._Element | None, currency: str | None, tax_currency: str | None) -> Totals | None:
        """BT-110 is the TaxTotalAmount in the invoice currency, BT-111 the one in the VAT accounting currency."""
        if element is None:
            return None
        s = self.src
        vat_total = vat_total_accounting = None
        for amount in s.findall(element, "ram:TaxTotalAmount"):
            in_currency = amount.get("currencyID")
            if tax_currency and tax_currency != currency and in_currency == tax_currency:
                vat_total_accounting = s.to_decimal(amount, "BT-111")
            elif vat_total is None:
                vat_total = s.to_decimal(amount, "BT-110")
            else:
                s.used.discard(amount)  # a second amount in the invoice currency has no place in the model
        return Totals.read_from(
            element,
            line_net_total=s.decimal(element, "ram:LineTotalAmount", "BT-106"),
            allowance_total=s.decimal(element, "ram:AllowanceTotalAmount", "BT-107"),
            charge_total=s.decimal(element, "ram:ChargeTotalAmount", "BT-108"),
            tax_exclusive_amount=s.decimal(element, "ram:TaxBasisTotalAmount", "BT-109"),
            vat_total=vat_total,
            vat_total_accounting=vat_total_accounting,
            tax_inclusive_amount=s.decimal(element, "ram:GrandTotalAmount", "BT-112"),
            prepaid_amount=s.decimal(element, "ram:TotalPrepaidAmount", "BT-113"),
            rounding_amount=s.decimal(element, "ram:RoundingAmount", "BT-114"),
            amount_due=s.decimal(element, "ram:DuePayableAmount", "BT-115"),
        )

    def vat_breakdown(self, element: etree._Element) -> VatBreakdown:
        s = self.src
        s.find(element, "ram:TypeCode")
        return VatBreakdown.read_from(
            element,
            taxable_amount=s.decimal(element, "ram:BasisAmount", "BT-116"),
            tax_amount=s.decimal(element, "ram:CalculatedAmount", "BT-117"),
            category_code=s.text(element, "ram:CategoryCode"),
            rate=s.decimal(element, "ram:RateApplicablePercent", "BT-119"),
            exemption_reason=s.text(element, "ram:ExemptionReason"),
            exemption_reason_code=s.text(element, "ram:ExemptionReasonCode"),
        )

    # Lines ---------------------------------------------------------------------------------------------------

    def line(self, element: etree._Element) -> Line:
        s = self.src
        document = s.find(element, "ram:AssociatedDocumentLineDocument")
        agreement = s.find(element, "ram:SpecifiedLineTradeAgreement")
        settlement = s.find(element, "ram:SpecifiedLineTradeSettlement")
        quantity = s.find(element, "ram:SpecifiedLineTradeDelivery/ram:BilledQuantity")
        allowances: list[LineAllowanceCharge] = []
        charges: list[LineAllowanceCharge] = []
        for adjustment in s.findall(settlement, "ram:SpecifiedTradeAllowanceCharge"):
            charge = s.text(adjustment, "ram:ChargeIndicator/udt:Indicator") in _TRUE
            (charges if charge else allowances).append(self.line_allowance(adjustment, charge))
        object_identifier = None
        for reference in s.findall(settlement, "ram:AdditionalReferencedDocument"):
            # BT-128 is the only line reference EN 16931 knows, so one without TypeCode is read as BT-128 too.
            kind = _child(reference, "ram:TypeCode")
            if object_identifier is None and (kind is None or _text(kind) == "130"):
                if kind is not None:
                    s.used.add(kind)
                object_identifier = self.object_identifier(reference)
        tax = s.find(settlement, "ram:ApplicableTradeTax")
        vat = None
        if tax is not None:
            s.find(tax, "ram:TypeCode")
            vat = LineVat.read_from(
                tax,
                category_code=s.text(tax, "ram:CategoryCode"),
                rate=s.decimal(tax, "ram:RateApplicablePercent", "BT-152"),
            )
        return Line.read_from(
            element,
            id=s.text(document, "ram:LineID"),
            note=s.text(document, "ram:IncludedNote/ram:Content"),
            object_identifier=object_identifier,
            quantity=None if quantity is None else s.to_decimal(quantity, "BT-129"),
            unit_code=None if quantity is None else quantity.get("unitCode"),
            net_amount=s.decimal(
                settlement, "ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount", "BT-131"
            ),
            order_line_reference=s.text(agreement, "ram:BuyerOrderReferencedDocument/ram:LineID"),
            accounting_reference=s.text(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID"),
            period=self.period(s.find(settlement, "ram:BillingSpecifiedPeriod"), "BT-134", "BT-135"),
            allowances=allowances,
            charges=charges,
            price=self.price(agreement),
            vat=vat,
            item=self.item(s.find(element, "ram:SpecifiedTradeProduct")),
        )

    def line_allowance(self, element: etree._Element, charge: bool) -> LineAllowanceCharge:
        s = self.src
        bt = _LINE_CHARGE_BTS if charge else _LINE_ALLOWANCE_BTS
        return LineAllowanceCharge.read_from(
            element,
            amount=s.decimal(element, "ram:ActualAmount", bt[0]),
            base_amount=s.decimal(element, "ram:BasisAmount", bt[1]),
            percentage=s.decimal(element, "ram:CalculationPercent", bt[2]),
            reason=s.text(element, "ram:Reason"),
            reason_code=s.text(element, "ram:ReasonCode"),
        )

    def price(self, agreement: etree._Element | None) -> Price | None:
        """BG-29: net price, gross price and its discount; one base quantity (BT-149) serves both prices."""
        s = self.src
        net = s.find(agreement, "ram:NetPriceProductTradePrice")
        gross = s.find(agreement, "ram:GrossPriceProductTradePrice")
        if net is None and gross is None:
            return None
        basis = s.find(net, "ram:BasisQuantity")
        gross_basis = _child(gross, "ram:BasisQuantity")
        if basis is None:
            basis = self.first(gross, "ram:BasisQuantity")
        elif gross_basis is not None and _same_quantity(basis, gross_basis):
            s.used.add(gross_basis)
        discount = None
        for adjustment in [] if gross is None else gross.findall("ram:AppliedTradeAllowanceCharge", NS):
            if _text(_child(adjustment, "ram:ChargeIndicator/udt:Indicator")) not in _TRUE:
                s.find(adjustment, "ram:ChargeIndicator/udt:Indicator")
                discount = s.decimal(adjustment, "ram:ActualAmount", "BT-147")
                break
        return Price.read_from(
            net if net is not None else gross,
            net_price=s.decimal(net, "ram:ChargeAmount", "BT-146"),
            discount=discount,
            gross_price=s.decimal(gross, "ram:ChargeAmount", "BT-148"),
            base_quantity=None if basis is None else s.to_decimal(basis, "BT-149"),
            base_quantity_unit_code=None if basis is None else basis.get("unitCode"),
        )

    def item(self, product: etree._Element | None) -> Item | None:
        if product is None:
            return None
        s = self.src
        return Item.read_from(
            product,
            name=s.text(product, "ram:Name"),
            description=s.text(product, "ram:Description"),
            sellers_id=s.text(product, "ram:SellerAssignedID"),
            buyers_id=s.text(product, "ram:BuyerAssignedID"),
            standard_id=self.identifier(s.find(product, "ram:GlobalID")),
            classifications=[
                self.classification(e) for e in s.findall(product, "ram:DesignatedProductClassification/ram:ClassCode")
            ],
            origin_country=s.text(product, "ram:OriginTradeCountry/ram:ID"),
            attributes=[
                ItemAttribute.read_from(e, name=s.text(e, "ram:Description"), value=s.text(e, "ram:Value"))
                for e in s.findall(product, "ram:ApplicableProductCharacteristic")
            ],
        )

    @staticmethod
    def classification(element: etree._Element) -> Classification:
        return Classification.read_from(
            element,
            value=(element.text or "").strip(),
            list_id=element.get("listID"),
            list_version=element.get("listVersionID"),
        )


class _References:
    """What the header's AdditionalReferencedDocument elements carry, sorted by TypeCode."""

    __slots__ = ("invoiced_object", "supporting", "tender")

    def __init__(self) -> None:
        self.tender: str | None = None
        self.invoiced_object: Identifier | None = None
        self.supporting: list[SupportingDocument] = []


def _same_quantity(a: etree._Element, b: etree._Element) -> bool:
    """True when the gross price's base quantity repeats the net price's (so the model loses nothing)."""
    try:
        return Decimal(_text(a) or "") == Decimal(_text(b) or "") and a.get("unitCode") == b.get("unitCode")
    except ArithmeticError:
        return False


# BT-8: the model holds the UNTDID 2005 code EN 16931 names (as UBL writes it); CII writes the UNTDID 2475 code
# for the same event. Codes outside both lists pass through unchanged, for the rules to report.
TAX_POINT_CODES = {"5": "3", "29": "35", "72": "432"}


def _tax_point_code(code: str | None) -> str | None:
    return TAX_POINT_CODES.get(code, code) if code is not None else None


# BT ids in the order amount, base amount, percentage, VAT rate.
_ALLOWANCE_BTS = ("BT-92", "BT-93", "BT-94", "BT-96")
_CHARGE_BTS = ("BT-99", "BT-100", "BT-101", "BT-103")
_LINE_ALLOWANCE_BTS = ("BT-136", "BT-137", "BT-138")
_LINE_CHARGE_BTS = ("BT-141", "BT-142", "BT-143")

# The syntax requires a name beside the project reference (BT-11); EN 16931 has no term for it.
PROJECT_NAME = "Project reference"
