"""Special contracts of EXTENDED-CTC-FR: multi-vendor invoices (BT-23 = S8, B8, M8) and bidirectional ones (S9, B9,
M9), whose lines group sub-invoices (BR-FR-MV-*, BR-FR-BD-*).

A GROUP line without parent opens a sub-invoice of one vendor; DETAIL lines hang below it. CII marks them with
``ram:LineStatusReasonCode`` and ``ram:ParentLineID``; UBL with a line-level ``cac:BillingReference`` to the
invoice itself, whose ``cbc:DocumentStatusCode`` is the sub-type and whose ``cac:BillingReferenceLine`` the parent.
The model holds none of this: for JSON input these rules judge the invoice as its CII would be, with no sub-typed
line, so a special contract fails on what it lacks (no GROUP line, no vendor nor sub-invoice on the lines).
Sums follow XPath: ``sum()`` of untyped values is a double, ``xs:decimal`` arithmetic is exact.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ..engine import Context
from .common import (
    BIDIRECTIONAL_MODES,
    MULTI_VENDOR_MODES,
    norm,
    special_contract,
    sval,
    xp,
)
from .paths import HA, HS, c

SPECIAL = MULTI_VENDOR_MODES | BIDIRECTIONAL_MODES
CENT = Decimal("0.01")


def values(found: list[Any]) -> list[str]:
    return [sval(e) for e in found]


def first_norm(found: list[Any]) -> str:
    return norm(sval(found[0])) if found else ""


def decimal(found: list[Any]) -> Decimal | None:
    if not found:
        return None
    try:
        return Decimal(norm(sval(found[0])))
    except InvalidOperation:
        return None


def double_sum(found: list[Any]) -> float:
    total = 0.0
    for element in found:
        try:
            total += float(norm(sval(element)))
        except ValueError:
            return float("nan")
    return total


def within(amount: Decimal | None, total: float, lines: int) -> bool:
    """``abs(xs:decimal(amount) - sum) <= 0.01 * lines``, the sum being a double as XPath computes it."""
    if amount is None:
        return False
    return abs(float(amount) - total) <= float(CENT * lines)


def only(modes: frozenset[str]) -> Any:
    """Wrap a check so that it runs only when BT-23 is one of ``modes``."""

    def wrap(check: Any) -> Any:
        def guarded(ctx: Context) -> Any:
            return check(ctx) if special_contract(ctx, modes) else ()

        return guarded

    return wrap


# --- CII --------------------------------------------------------------------------------------------------------

C_TRANSACTION = xp(c("rsm:SupplyChainTradeTransaction"))
C_LINES = xp("ram:IncludedSupplyChainTradeLineItem")
C_STATUS = xp("ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode")
C_PARENT = xp("ram:AssociatedDocumentLineDocument/ram:ParentLineID")
C_LINE_ID = xp("ram:AssociatedDocumentLineDocument/ram:LineID")
C_VENDOR = "ram:SpecifiedLineTradeAgreement/ram:ItemSellerTradeParty"
C_VENDOR_NAME = xp(f"{C_VENDOR}/ram:Name")
C_VENDOR_ID = xp(f"{C_VENDOR}/ram:SpecifiedLegalOrganization/ram:ID")
C_VENDOR_COUNTRY = xp(f"{C_VENDOR}/ram:PostalTradeAddress/ram:CountryID")
C_LINE_SUM = "ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation"
C_LINE_TOTAL = xp(f"{C_LINE_SUM}/ram:LineTotalAmount")
C_LINE_GRAND = xp(f"{C_LINE_SUM}/ram:GrandTotalAmount")
C_LINE_TAX = xp(f"{C_LINE_SUM}/ram:TaxTotalAmount")
C_LINE_DOCS = xp("ram:SpecifiedLineTradeSettlement/ram:AdditionalReferencedDocument")
C_REF_TYPE, C_TYPE, C_ISSUER = xp("ram:ReferenceTypeCode"), xp("ram:TypeCode"), xp("ram:IssuerAssignedID")
C_LINE_REF_ID = xp("ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:IssuerAssignedID")
C_LINE_REF_DATE = xp(
    "ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString"
)
C_EXEMPTION = xp("ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:ExemptionReason")
C_CURRENCY = xp(f"../{HS.split('/', 1)[1]}/ram:InvoiceCurrencyCode")
C_TAX_CURRENCY = xp(f"../{HS.split('/', 1)[1]}/ram:TaxCurrencyCode")
C_HEADER_TAXES = xp(f"../{HS.split('/', 1)[1]}/ram:ApplicableTradeTax")
C_SELLER_ID = xp(c(f"{HA}/ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"))
C_BUYER_ID = xp(c(f"{HA}/ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"))
C_INVOICE_ID = xp(c("rsm:ExchangedDocument/ram:ID"))
C_ALL_LINES = xp("//ram:IncludedSupplyChainTradeLineItem")


def c_group(line: Any) -> bool:
    """A GROUP line without parent: the head of a sub-invoice."""
    return "GROUP" in values(C_STATUS(line)) and not C_PARENT(line)


def c_groups(root: Any) -> list[Any]:
    return [line for t in C_TRANSACTION(root) for line in C_LINES(t) if c_group(line)]


def c_sub_invoice(line: Any) -> str:
    """The line's sub-invoice number: its AFL reference of type 130."""
    docs = [d for d in C_LINE_DOCS(line) if "AFL" in values(C_REF_TYPE(d)) and "130" in values(C_TYPE(d))]
    return first_norm([i for d in docs for i in C_ISSUER(d)])


def c_amount_in(line: Any, currencies: list[str]) -> list[Any]:
    return [a for a in C_LINE_TAX(line) if a.get("currencyID") in currencies]


# --- UBL --------------------------------------------------------------------------------------------------------

U_ROOT = xp("/ubl:Invoice | /cn:CreditNote")
U_LINES = xp("cac:InvoiceLine | cac:CreditNoteLine")
U_INVOICE_ID = xp("/ubl:Invoice/cbc:ID | /cn:CreditNote/cbc:ID")
U_REFS = xp("cac:BillingReference")
U_REF_ID = xp("cac:InvoiceDocumentReference/cbc:ID")
U_REF_STATUS = xp("cac:InvoiceDocumentReference/cbc:DocumentStatusCode")
U_REF_DATE = xp("cac:InvoiceDocumentReference/cbc:IssueDate")
U_REF_PARENT = xp("cac:BillingReferenceLine/cbc:ID")
U_LINE_ID = xp("cbc:ID")
U_VENDOR = "cac:Item/cac:ManufacturerParty"
U_VENDOR_NAME = xp(f"{U_VENDOR}/cac:PartyLegalEntity/cbc:RegistrationName")
U_VENDOR_ID = xp(f"{U_VENDOR}/cac:PartyLegalEntity/cbc:CompanyID")
U_VENDOR_COUNTRY = xp(f".//{U_VENDOR}/cac:PostalAddress/cac:Country/cbc:IdentificationCode")
U_LINE_TAX = xp("cac:TaxTotal/cbc:TaxAmount")
U_LINE_NET = xp("cbc:LineExtensionAmount")
U_LINE_GROSS = xp("cbc:TaxInclusiveLineExtensionAmount")
U_OBJECT = xp("cac:DocumentReference[cbc:DocumentTypeCode = '130']/cbc:ID[@schemeID = 'AFL']")
U_AVV = xp("cac:DocumentReference[cbc:DocumentTypeCode = '130']/cbc:ID[@schemeID = 'AVV']")
U_EXEMPTION = xp("cac:Item/cac:ClassifiedTaxCategory/cbc:TaxExemptionReason")
U_CURRENCY = xp("cbc:DocumentCurrencyCode")
U_TAX_CURRENCY = xp(".//cbc:TaxCurrencyCode")
U_SUBTOTALS = xp("cac:TaxTotal/cac:TaxSubtotal")
U_SUBTOTAL_SCHEME = xp("cac:TaxCategory/cac:TaxScheme/cbc:ID")
U_SUBTOTAL_REASON = xp("cac:TaxCategory/cbc:TaxExemptionReason")
U_SUBTOTAL_TAX = xp("cbc:TaxAmount")
U_SELLER_ID = xp("cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID")
U_BUYER_ID = xp("cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID")
U_ALL_AFL = xp("//cac:DocumentReference[cbc:DocumentTypeCode = '130']/cbc:ID[@schemeID = 'AFL']")


def u_number(root: Any) -> set[str]:
    return set(values(U_INVOICE_ID(root)))


def u_self_refs(line: Any, number: set[str]) -> list[Any]:
    """The line's references to the invoice itself, which carry its sub-type and parent."""
    return [r for r in U_REFS(line) if number & set(values(U_REF_ID(r)))]


def u_group_ref(reference: Any) -> bool:
    return "GROUP" in values(U_REF_STATUS(reference)) and not U_REF_PARENT(reference)


def u_groups(root: Any, number: set[str]) -> list[tuple[Any, Any]]:
    """(line, reference) for each GROUP reference without parent."""
    return [(line, r) for line in U_LINES(root) for r in u_self_refs(line, number) if u_group_ref(r)]


def u_parent_of(line: Any, number: set[str]) -> list[str]:
    return [v for r in u_self_refs(line, number) for v in values(U_REF_PARENT(r))]
