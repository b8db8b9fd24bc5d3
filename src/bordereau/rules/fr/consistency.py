"""Consistency between the type of the document, its billing mode and what it must then carry (BR-FR-CO-03, 04, 05,
08, 09)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from ...model import Invoice
from ..engine import Context
from .common import (
    CORRECTIVE_TYPES,
    CREDIT_TYPES,
    DEPOSIT_TYPES,
    FINAL_AFTER_DEPOSIT_MODES,
    PAID_MODES,
    billing_modes,
    fr_rule,
    norm,
    sval,
    type_codes,
    whole,
    xp,
)
from .paths import HA, HS, LI, SUM

_DT = "udt:DateTimeString"

# --- BR-FR-CO-03: a global discount credit note (262) names its contract and period ---------------------------------

_UBL_CONTRACT = xp("cac:ContractDocumentReference/cbc:ID")
_UBL_START, _UBL_END = xp("cac:InvoicePeriod/cbc:StartDate"), xp("cac:InvoicePeriod/cbc:EndDate")
_UBL_CREDIT_TYPE = xp("cbc:CreditNoteTypeCode")
_CII_CONTRACT = xp(f"{HA}/ram:ContractReferencedDocument/ram:IssuerAssignedID")
_CII_START = xp(f"{HS}/ram:BillingSpecifiedPeriod/ram:StartDateTime/{_DT}")
_CII_END = xp(f"{HS}/ram:BillingSpecifiedPeriod/ram:EndDateTime/{_DT}")
_CII_TYPE = xp("rsm:ExchangedDocument/ram:TypeCode")


def _string(found: list[Any]) -> str:
    return sval(found[0]) if found else ""


def _global_discount(type_path: Any, contract: Any, start: Any, end: Any) -> Any:
    def test(root: Any) -> bool:
        if not any(sval(t) == "262" for t in type_path(root)):
            return True
        return all(_string(path(root)) != "" for path in (contract, start, end))

    return test


def _global_discount_json(inv: Invoice) -> bool:
    if inv.type_code != "262":
        return True
    period = inv.invoicing_period
    return bool(inv.contract_reference) and period is not None and None not in (period.start_date, period.end_date)


whole(
    "BR-FR-CO-03_BT-3",
    bt=["BT-3", "BT-12", "BG-14"],
    fr="Un avoir de remise globale (BT-3 = 262) doit indiquer le contrat (BT-12) et la période de facturation "
    "(BG-14, début et fin).",
    en="A global discount credit note (BT-3 = 262) must give the contract (BT-12) and the invoicing period "
    "(BG-14, start and end).",
    # The UBL rule only looks at CreditNote documents.
    ubl=_global_discount(_UBL_CREDIT_TYPE, _UBL_CONTRACT, _UBL_START, _UBL_END),
    ubl_root="/cn:CreditNote",
    cii=_global_discount(_CII_TYPE, _CII_CONTRACT, _CII_START, _CII_END),
    json=_global_discount_json,
)

# --- BR-FR-CO-04: a corrective invoice refers to exactly one preceding invoice ------------------------------------

_UBL_INVOICE_TYPE = xp("cbc:InvoiceTypeCode")
_UBL_REFERENCES = xp("cac:BillingReference")
_CII_REFERENCES = xp(f"{HS}/ram:InvoiceReferencedDocument")
_CORRECTIVE_FR = (
    "Une facture rectificative (BT-3 = 384, 471, 472, 473) doit faire référence à une et une seule facture "
    "antérieure (BG-3)."
)
_CORRECTIVE_EN = "A corrective invoice (BT-3 = 384, 471, 472, 473) must refer to exactly one preceding invoice (BG-3)."


def _corrective(type_path: Any, references: Any) -> Any:
    return lambda root: not any(sval(t) in CORRECTIVE_TYPES for t in type_path(root)) or len(references(root)) == 1


# UBL reads only the Invoice type code here (a CreditNote never fires) and names the assert after BT-3; CII after
# BT-4.
whole(
    "BR-FR-CO-04_BT-3",
    bt=["BT-3", "BT-25"],
    fr=_CORRECTIVE_FR,
    en=_CORRECTIVE_EN,
    ubl=_corrective(_UBL_INVOICE_TYPE, _UBL_REFERENCES),
)
whole(
    "BR-FR-CO-04_BT-4",
    bt=["BT-3", "BT-25"],
    fr=_CORRECTIVE_FR,
    en=_CORRECTIVE_EN,
    cii=_corrective(_CII_TYPE, _CII_REFERENCES),
    json=lambda inv: inv.type_code not in CORRECTIVE_TYPES or len(inv.preceding_invoices) == 1,
)

# --- BR-FR-CO-05: a credit note refers to the invoices it credits, in the header or on every line ---------------

_UBL_HEADER_REFS = xp("cac:BillingReference/cac:InvoiceDocumentReference[cbc:ID and cbc:IssueDate]")
_UBL_LINES = xp("cac:CreditNoteLine")
_UBL_LINE_REFS = xp("cac:BillingReference/cac:InvoiceDocumentReference")
_ID, _ISSUE, _STATUS = xp("cbc:ID"), xp("cbc:IssueDate"), xp("cbc:DocumentStatusCode")
_DATED = "[ram:IssuerAssignedID and ram:FormattedIssueDateTime/qdt:DateTimeString]"
_CII_HEADER_REFS = xp(f"{HS}/ram:InvoiceReferencedDocument{_DATED}")
_CII_LINES = xp(LI)
_CII_LINE_STATUS = xp("ram:AssociatedDocumentLineDocument/ram:LineStatusReasonCode")
_CII_LINE_REFS = xp(f"ram:SpecifiedLineTradeSettlement/ram:InvoiceReferencedDocument{_DATED}")


def _values(found: list[Any]) -> list[str]:
    return [sval(e) for e in found]


def _credit_note_ubl(root: Any) -> bool:
    if not any(sval(t) in CREDIT_TYPES for t in _UBL_CREDIT_TYPE(root)):
        return True
    if _UBL_HEADER_REFS(root):
        return True
    number = set(_values(_ID(root)))
    counted = referenced = 0
    for line in _UBL_LINES(root):
        references = _UBL_LINE_REFS(line)
        own = [r for r in references if number & set(_values(_ID(r)))]
        # A line counts unless it refers to the credit note itself with another status than DETAIL.
        if own and not any(v == "DETAIL" for r in own for v in _values(_STATUS(r))):
            continue
        counted += 1
        # … and is covered when it refers to another document with its number and date.
        if number and any(set(_values(_ID(r))) - number for r in references if _ID(r) and _ISSUE(r)):
            referenced += 1
    return counted == referenced


def _credit_note_cii(root: Any) -> bool:
    if not any(sval(t) in CREDIT_TYPES for t in _CII_TYPE(root)):
        return True
    if _CII_HEADER_REFS(root):
        return True
    for line in _CII_LINES(root):
        statuses = _values(_CII_LINE_STATUS(line))
        if (not statuses or "DETAIL" in statuses) and not _CII_LINE_REFS(line):
            return False
    return True


def _credit_note_json(inv: Invoice) -> bool:
    if inv.type_code not in CREDIT_TYPES:
        return True
    # The model has no line-level reference: without a header reference, only a document with no line passes.
    return any(p.number and p.issue_date for p in inv.preceding_invoices) or not inv.lines


whole(
    "BR-FR-CO-05_BT-3",
    bt=["BT-3", "BT-25", "BT-26"],
    fr="Un avoir (BT-3 = 261, 381, 396, 502, 503) doit citer la facture qu'il corrige, numéro (BT-25) et date "
    "(BT-26), dans l'en-tête ou sur chacune de ses lignes.",
    en="A credit note (BT-3 = 261, 381, 396, 502, 503) must cite the invoice it corrects, number (BT-25) and date "
    "(BT-26), in its header or on each of its lines.",
    ubl=_credit_note_ubl,
    ubl_root="/cn:CreditNote",
    cii=_credit_note_cii,
    json=_credit_note_json,
)

# --- BR-FR-CO-08: a final invoice after deposits is not itself a deposit ------------------------------------------


@fr_rule(
    "BR-FR-CO-08_BT-23",
    bt=["BT-23", "BT-3"],
    fr="Une facture définitive après acompte (BT-23 = B4, S4, M4) ne peut être une facture ou un avoir d'acompte "
    "(BT-3 = 386, 500, 503).",
    en="A final invoice after deposits (BT-23 = B4, S4, M4) may not be a deposit invoice or credit note "
    "(BT-3 = 386, 500, 503).",
    on=("ubl", "cii", "json"),
)
def _final_after_deposit(ctx: Context) -> Iterator[Any]:
    if any(m in FINAL_AFTER_DEPOSIT_MODES for m in billing_modes(ctx)) and any(
        t in DEPOSIT_TYPES for t in type_codes(ctx)
    ):
        yield None


# --- BR-FR-CO-09: an invoice already paid (B2, S2, M2) is paid in full, owes nothing and gives the payment date ----

_UBL_PREPAID = xp("cac:LegalMonetaryTotal/cbc:PrepaidAmount")
_UBL_TOTAL = xp("cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount")
_UBL_PAYABLE = xp("cac:LegalMonetaryTotal/cbc:PayableAmount")
_UBL_DUE = xp("cbc:DueDate | cac:PaymentMeans/cbc:PaymentDueDate")
_CII_PREPAID = xp(f"{SUM}/ram:TotalPrepaidAmount")
_CII_TOTAL = xp(f"{SUM}/ram:GrandTotalAmount")
_CII_PAYABLE = xp(f"{SUM}/ram:DuePayableAmount")
_CII_DUE = xp(f"{HS}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/{_DT}")


def _decimal(found: list[Any]) -> Decimal | None:
    """``xs:decimal()`` of the first node; None when there is none (or it is not a number)."""
    if not found:
        return None
    try:
        return Decimal(norm(sval(found[0])))
    except InvalidOperation:
        return None


def _paid(ctx: Context) -> bool:
    return any(m in PAID_MODES for m in billing_modes(ctx))


def _paid_figures(ctx: Context) -> tuple[Decimal | None, Decimal | None, Decimal | None, bool]:
    """Prepaid amount, total with VAT, amount due, and whether a due date is given."""
    if ctx.syntax == "json":
        totals = ctx.invoice.totals
        prepaid, total, due = (
            (totals.prepaid_amount, totals.tax_inclusive_amount, totals.amount_due) if totals else (None,) * 3
        )
        return prepaid, total, due, ctx.invoice.due_date is not None
    root = ctx.root
    if ctx.syntax == "ubl":
        dates = _UBL_DUE(root)
        return (
            _decimal(_UBL_PREPAID(root)),
            _decimal(_UBL_TOTAL(root)),
            _decimal(_UBL_PAYABLE(root)),
            bool(dates) and sval(dates[0]) != "",
        )
    return (
        _decimal(_CII_PREPAID(root)),
        _decimal(_CII_TOTAL(root)),
        _decimal(_CII_PAYABLE(root)),
        any(norm(sval(d)) for d in _CII_DUE(root)),
    )


def _paid_in_full(ctx: Context) -> Iterator[Any]:
    if _paid(ctx):
        prepaid, total, _, _ = _paid_figures(ctx)
        if prepaid is None or total is None or prepaid != total:
            yield None


def _nothing_due(ctx: Context) -> Iterator[Any]:
    if _paid(ctx):
        due = _paid_figures(ctx)[2]
        if due is None or due != 0:
            yield None


def _payment_date(ctx: Context) -> Iterator[Any]:
    if _paid(ctx) and not _paid_figures(ctx)[3]:
        yield None


for _id, _check, _bts, _fr, _en in (
    (
        "BR-FR-CO-09_BT-23-1",
        _paid_in_full,
        ["BT-23", "BT-113", "BT-112"],
        "Une facture déjà payée (BT-23 = B2, S2, M2) doit avoir un montant payé (BT-113) égal au total TTC (BT-112).",
        "An invoice already paid (BT-23 = B2, S2, M2) must have a paid amount (BT-113) equal to its total with VAT "
        "(BT-112).",
    ),
    (
        "BR-FR-CO-09_BT-23-2",
        _nothing_due,
        ["BT-23", "BT-115"],
        "Une facture déjà payée (BT-23 = B2, S2, M2) doit avoir un montant à payer (BT-115) nul.",
        "An invoice already paid (BT-23 = B2, S2, M2) must have an amount due (BT-115) of zero.",
    ),
    (
        "BR-FR-CO-09_BT-23-3",
        _payment_date,
        ["BT-23", "BT-9"],
        "Une facture déjà payée (BT-23 = B2, S2, M2) doit donner la date du paiement comme date d'échéance (BT-9).",
        "An invoice already paid (BT-23 = B2, S2, M2) must give the payment date as its due date (BT-9).",
    ),
):
    fr_rule(_id, bt=_bts, fr=_fr, en=_en, on=("ubl", "cii", "json"))(_check)
