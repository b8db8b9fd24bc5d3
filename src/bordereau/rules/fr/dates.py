"""Dates: every date lies in 2000–2099 and exists (BR-FR-03); the due date is not before the issue date
(BR-FR-CO-07) unless the invoice is a deposit or already paid."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Invoice
from ..engine import Context
from .common import (
    DEPOSIT_TYPES,
    PAID_MODES,
    billing_modes,
    fr_rule,
    model,
    nodes,
    norm,
    register,
    sval,
    type_codes,
    valid_cii_date,
    valid_model_date,
    valid_ubl_date,
    xp,
)
from .paths import HD, HS, LI, c, u, ul

_DT = "udt:DateTimeString"
_LINE_SETTLEMENT = f"{LI}/ram:SpecifiedLineTradeSettlement"


def _one(attribute: str) -> Any:
    return lambda inv: [] if getattr(inv, attribute) is None else [(None, getattr(inv, attribute))]


def _preceding(inv: Invoice) -> list[tuple[Any, Any]]:
    return [(p, p.issue_date) for p in inv.preceding_invoices if p.issue_date is not None]


def _period(end: str) -> Any:
    def get(inv: Invoice) -> list[tuple[Any, Any]]:
        period = inv.invoicing_period
        value = getattr(period, end) if period is not None else None
        return [] if value is None else [(period, value)]

    return get


def _line_period(end: str) -> Any:
    def get(inv: Invoice) -> list[tuple[Any, Any]]:
        found = [(line, getattr(line.period, end)) for line in inv.lines if line.period is not None]
        return [(where, value) for where, value in found if value is not None]

    return get


def _delivery(inv: Invoice) -> list[tuple[Any, Any]]:
    return [(inv.delivery, inv.delivery.date)] if inv.delivery is not None and inv.delivery.date is not None else []


# BT id in the rule id: (what, UBL path, CII path, model getter). The line period dates are BT-134/135 in UBL's
# rule ids and EXT-FR-FE-134/135 in CII's.
_DATES: dict[str, tuple[str, str, str | None, Any]] = {
    "BT-2": (
        "la date d'émission (BT-2)|the issue date (BT-2)",
        u("cbc:IssueDate"),
        c(f"rsm:ExchangedDocument/ram:IssueDateTime/{_DT}"),
        _one("issue_date"),
    ),
    "BT-7": (
        "la date d'exigibilité de la TVA (BT-7)|the VAT point date (BT-7)",
        u("cbc:TaxPointDate"),
        c(f"{HS}/ram:ApplicableTradeTax/ram:TaxPointDate/udt:DateString"),
        _one("tax_point_date"),
    ),
    "BT-9": (
        "la date d'échéance (BT-9)|the payment due date (BT-9)",
        u("cbc:DueDate"),
        c(f"{HS}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/{_DT}"),
        _one("due_date"),
    ),
    "BT-26": (
        "la date de la facture antérieure (BT-26)|the preceding invoice's issue date (BT-26)",
        u("cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate"),
        c(f"{HS}/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString"),
        _preceding,
    ),
    "BT-72": (
        "la date de livraison (BT-72)|the actual delivery date (BT-72)",
        u("cac:Delivery/cbc:ActualDeliveryDate"),
        c(f"{HD}/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/{_DT}"),
        _delivery,
    ),
    "BT-73": (
        "le début de la période de facturation (BT-73)|the invoicing period start date (BT-73)",
        u("cac:InvoicePeriod/cbc:StartDate"),
        c(f"{HS}/ram:BillingSpecifiedPeriod/ram:StartDateTime/{_DT}"),
        _period("start_date"),
    ),
    "BT-74": (
        "la fin de la période de facturation (BT-74)|the invoicing period end date (BT-74)",
        u("cac:InvoicePeriod/cbc:EndDate"),
        c(f"{HS}/ram:BillingSpecifiedPeriod/ram:EndDateTime/{_DT}"),
        _period("end_date"),
    ),
    "EXT-FR-FE-138": (
        "la date de la facture antérieure d'une ligne (EXT-FR-FE-138)|a line's preceding invoice date (EXT-FR-FE-138)",
        ul("cac:BillingReference/cac:InvoiceDocumentReference/cbc:IssueDate"),
        c(f"{_LINE_SETTLEMENT}/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString"),
        None,
    ),
    "EXT-FR-FE-158": (
        "la date de livraison d'une ligne (EXT-FR-FE-158)|a line's delivery date (EXT-FR-FE-158)",
        ul("cac:Delivery/cbc:ActualDeliveryDate"),
        c(f"{LI}/ram:SpecifiedLineTradeDelivery/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/{_DT}"),
        None,
    ),
    "BT-134": (
        "le début de la période d'une ligne (BT-134)|a line's period start date (BT-134)",
        ul("cac:InvoicePeriod/cbc:StartDate"),
        None,
        None,
    ),
    "BT-135": (
        "la fin de la période d'une ligne (BT-135)|a line's period end date (BT-135)",
        ul("cac:InvoicePeriod/cbc:EndDate"),
        None,
        None,
    ),
    "EXT-FR-FE-134": (
        "le début de la période d'une ligne (BT-134)|a line's period start date (BT-134)",
        "",
        c(f"{_LINE_SETTLEMENT}/ram:BillingSpecifiedPeriod/ram:StartDateTime/{_DT}"),
        _line_period("start_date"),
    ),
    "EXT-FR-FE-135": (
        "la fin de la période d'une ligne (BT-135)|a line's period end date (BT-135)",
        "",
        c(f"{_LINE_SETTLEMENT}/ram:BillingSpecifiedPeriod/ram:EndDateTime/{_DT}"),
        _line_period("end_date"),
    ),
}

for _bt, (_what, _ubl, _cii, _json) in _DATES.items():
    _fr, _en = _what.split("|")
    register(
        f"BR-FR-03_{_bt}",
        bt=[_bt.replace("EXT-FR-FE-134", "BT-134").replace("EXT-FR-FE-135", "BT-135")],
        fr=f"{_fr[0].upper()}{_fr[1:]} doit être une date réelle comprise entre 2000 et 2099 : « {{value}} ».",
        en=f"{_en[0].upper()}{_en[1:]} must be a real date between 2000 and 2099: '{{value}}'.",
        ubl=nodes(_ubl, valid_ubl_date) if _ubl else None,
        cii=nodes(_cii, valid_cii_date) if _cii else None,
        json=model(_json, valid_model_date) if _json else None,
    )

# --- BR-FR-CO-07: the due date is not before the issue date --------------------------------------------------------

_UBL_DUE = xp("cbc:DueDate | cac:PaymentMeans/cbc:PaymentDueDate")
_UBL_ISSUE = xp("cbc:IssueDate")
_CII_DUE = xp(f"{HS}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/{_DT}")
_CII_ISSUE = xp(f"rsm:ExchangedDocument/ram:IssueDateTime/{_DT}")


def _exempt(ctx: Context) -> bool:
    """Deposits (386, 500, 503) and invoices already paid (B2, S2, M2) may fall due before they are issued."""
    return any(t in DEPOSIT_TYPES for t in type_codes(ctx)) or any(m in PAID_MODES for m in billing_modes(ctx))


def _due_after_issue(ctx: Context) -> Iterator[Any]:
    if ctx.syntax == "ubl":
        due = [sval(e) for e in _UBL_DUE(ctx.root)]
        issue = [sval(e) for e in _UBL_ISSUE(ctx.root)]
        if due and not _exempt(ctx) and any(d < i for d in due for i in issue):
            yield None
    elif ctx.syntax == "cii":
        due = [sval(e) for e in _CII_DUE(ctx.root)]
        issue = [sval(e) for e in _CII_ISSUE(ctx.root)]
        if any(norm(d) for d in due) and not _exempt(ctx) and not (issue and all(d >= issue[0] for d in due)):
            yield None
    else:
        inv = ctx.invoice
        late = inv.due_date is not None and (inv.issue_date is None or inv.due_date < inv.issue_date)
        if late and not _exempt(ctx):
            yield None


fr_rule(
    "BR-FR-CO-07_BT-9",
    bt=["BT-9", "BT-2", "BT-3", "BT-23"],
    fr="La date d'échéance (BT-9) ne peut précéder la date d'émission (BT-2), sauf pour un acompte (386, 500, 503) "
    "ou une facture déjà payée (BT-23 B2, S2, M2).",
    en="The payment due date (BT-9) may not precede the issue date (BT-2), except for a deposit (386, 500, 503) or "
    "an invoice already paid (BT-23 B2, S2, M2).",
    on=("ubl", "cii", "json"),
)(_due_after_issue)
