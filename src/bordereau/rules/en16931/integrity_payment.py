"""Integrity rules about payment instructions and references: BR-49 … BR-53, BR-55, BR-61.

Payment means repeat in both syntaxes while the model keeps one set of payment instructions, and the two
bindings look at them differently (UBL at each ``PaymentMeans``, CII inside each creditor account), so for
XML input these rules read the means themselves; JSON input is judged on the model.
"""

from __future__ import annotations

from typing import Any

from ..engine import Context, Family
from .rawxml import (
    CAC,
    CBC,
    RAM,
    Hits,
    children,
    enumerate_path,
    filled,
    first,
    kid,
    kids,
    kind,
    nonblank,
    norm,
    place,
    settlement,
    text,
)

# The rules of this module run as one batch (see :class:`~bordereau.rules.engine.Family`).
rule = Family(__name__).rule

CREDIT_TRANSFER = ("30", "58")

# --- Payment instructions ---------------------------------------------------------------------------------------------


@rule(
    "BR-49",
    bt=["BT-81"],
    fr="Chaque moyen de paiement (BG-16) doit avoir un code de type (BT-81), par exemple 30 pour un virement.",
    en="Each payment instruction (BG-16) must have a payment means type code (BT-81), for example 30 for a transfer.",
)
def payment_means_code(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.root is None:
        payment = ctx.invoice.payment
        if payment is not None and not filled(payment.means_code):
            hits.append("payment")
        return hits
    code = CBC + "PaymentMeansCode" if kind(ctx) == "ubl" else RAM + "TypeCode"
    for means in _payment_means(ctx):
        if code not in children(ctx, means):
            hits.append(means)
    return hits


@rule(
    "BR-50",
    bt=["BT-84"],
    fr="Un compte de virement doit avoir un identifiant (BT-84), l'IBAN par exemple.",
    en="A credit transfer account must have an identifier (BT-84), for example the IBAN.",
)
def account_identifier(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.root is None:
        payment = ctx.invoice.payment
        if payment is not None and norm(payment.means_code) in CREDIT_TRANSFER:
            for transfer, where in enumerate_path(payment.credit_transfers, "payment.credit_transfers"):
                if not filled(transfer.account_id):
                    hits.append(where)
        return hits
    ubl = kind(ctx) == "ubl"
    for account in _credit_transfer_accounts(ctx):
        parts = children(ctx, account)
        if ubl:
            ok = filled(text(first(parts, CBC + "ID")))
        else:
            ok = filled(text(first(parts, RAM + "IBANID"))) or filled(text(first(parts, RAM + "ProprietaryID")))
        if not ok:
            hits.append(account)
    return hits


@rule(
    "BR-51",
    severity="warning",
    bt=["BT-87"],
    fr="Le numéro de carte de paiement (BT-87) ne doit pas figurer en entier : au plus 10 caractères "
    "(6 premiers et 4 derniers chiffres).",
    en="The payment card number (BT-87) must not be given in full: at most 10 characters "
    "(the first 6 and last 4 digits).",
)
def card_number(ctx: Context) -> Hits:
    hits: list[Any] = []
    payment = ctx.invoice.payment
    card = None if payment is None else payment.card
    if card is not None and len(norm(card.account_number)) > 10:
        hits.append(place(ctx, card, "payment.card"))
    return hits


@rule(
    "BR-61",
    bt=["BT-84", "BT-81"],
    fr="Un paiement par virement (code 30 ou 58) doit indiquer le compte à créditer (BT-84).",
    en="A payment by credit transfer (code 30 or 58) must give the account to be credited (BT-84).",
)
def transfer_account(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.root is None:
        payment = ctx.invoice.payment
        if (
            payment is not None
            and norm(payment.means_code) in CREDIT_TRANSFER
            and not any(filled(t.account_id) for t in payment.credit_transfers)
        ):
            hits.append("payment")
        return hits
    if kind(ctx) == "ubl":
        for means in _payment_means(ctx):
            parts = children(ctx, means)
            if norm(text(first(parts, CBC + "PaymentMeansCode"))) not in CREDIT_TRANSFER:
                continue
            if not any(CBC + "ID" in children(ctx, a) for a in parts.get(CAC + "PayeeFinancialAccount", ())):
                hits.append(means)
    else:
        # The CII binding looks inside each creditor account of a credit transfer, not at the means itself.
        for account in _credit_transfer_accounts(ctx):
            parts = children(ctx, account)
            if RAM + "IBANID" not in parts and RAM + "ProprietaryID" not in parts:
                hits.append(account)
    return hits


def _payment_means(ctx: Context) -> list[Any]:
    """The payment means elements; they and their accounts are sorted by tag once for the rules of this module."""
    if kind(ctx) == "ubl":
        return children(ctx, ctx.root).get(CAC + "PaymentMeans", [])
    return children(ctx, settlement(ctx)).get(RAM + "SpecifiedTradeSettlementPaymentMeans", [])


def _credit_transfer_accounts(ctx: Context) -> Hits:
    """The payee accounts of the payment means whose code (as written) is 30 or 58."""
    hits: list[Any] = []
    ubl = kind(ctx) == "ubl"
    code, account = (
        (CBC + "PaymentMeansCode", CAC + "PayeeFinancialAccount")
        if ubl
        else (RAM + "TypeCode", RAM + "PayeePartyCreditorFinancialAccount")
    )
    for means in _payment_means(ctx):
        parts = children(ctx, means)
        if any(c.text in CREDIT_TRANSFER for c in parts.get(code, ())):
            hits.extend(parts.get(account, ()))
    return hits


# --- References -------------------------------------------------------------------------------------------------------


@rule(
    "BR-52",
    bt=["BT-122"],
    fr="Chaque document justificatif (BG-24) doit avoir une référence (BT-122).",
    en="Each supporting document (BG-24) must have a reference (BT-122).",
)
def supporting_document_reference(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.root is None:
        for document, where in enumerate_path(ctx.invoice.supporting_documents, "supporting_documents"):
            if not filled(document.reference):
                hits.append(where)
    elif kind(ctx) == "ubl":
        # Every AdditionalDocumentReference, the invoiced object (BT-18) included, needs its ID.
        for reference in children(ctx, ctx.root).get(CAC + "AdditionalDocumentReference", ()):
            if not filled(text(kid(reference, CBC + "ID"))):
                hits.append(reference)
    else:
        for reference in ctx.root.iter(RAM + "AdditionalReferencedDocument"):
            if not any(e.text for e in kids(reference, RAM + "IssuerAssignedID")):
                hits.append(reference)
    return hits


@rule(
    "BR-53",
    bt=["BT-6", "BT-111"],
    fr="Quand une devise de comptabilisation de la TVA est indiquée (BT-6), le total de la TVA dans cette "
    "devise (BT-111) doit être donné.",
    en="When a VAT accounting currency is given (BT-6), the invoice total VAT amount in that currency (BT-111) "
    "must be given too.",
)
def vat_accounting_total(ctx: Context) -> Hits:
    hits: list[Any] = []
    invoice = ctx.invoice
    if ctx.root is None:
        currency = invoice.tax_currency_code
        totals = invoice.totals
        if (
            filled(currency)
            and currency != invoice.currency_code
            and (totals is None or totals.vat_total_accounting is None)
        ):
            hits.append("totals")
    elif kind(ctx) == "ubl":
        wanted = [e.text or "" for e in children(ctx, ctx.root).get(CBC + "TaxCurrencyCode", ())]
        if wanted:
            given = {a.get("currencyID") for t in ctx.root.iter(CAC + "TaxTotal") for a in kids(t, CBC + "TaxAmount")}
            if any(currency not in given for currency in wanted):
                hits.append(None)
    else:
        header = children(ctx, settlement(ctx))
        summation = first(header, RAM + "SpecifiedTradeSettlementHeaderMonetarySummation")
        wanted = {e.text or "" for e in header.get(RAM + "TaxCurrencyCode", ())}
        if summation is None or not wanted:
            return hits
        given = {a.get("currencyID") for a in children(ctx, summation).get(RAM + "TaxTotalAmount", ())}
        invoice_currency = {e.text or "" for e in header.get(RAM + "InvoiceCurrencyCode", ())}
        # CII also refuses a VAT accounting currency that is the invoice currency.
        if not (wanted & given) or wanted & invoice_currency:
            hits.append(summation)
    return hits


@rule(
    "BR-55",
    bt=["BT-25"],
    fr="Chaque référence à une facture antérieure (BG-3) doit donner le numéro de cette facture (BT-25).",
    en="Each preceding invoice reference (BG-3) must give that invoice's number (BT-25).",
)
def preceding_invoice_number(ctx: Context) -> Hits:
    hits: list[Any] = []
    if kind(ctx) == "ubl" and ctx.root is not None:
        for reference in children(ctx, ctx.root).get(CAC + "BillingReference", ()):
            if not any(kid(r, CBC + "ID") is not None for r in kids(reference, CAC + "InvoiceDocumentReference")):
                hits.append(reference)
        return hits
    for preceding, where in enumerate_path(ctx.invoice.preceding_invoices, "preceding_invoices"):
        if not nonblank(ctx, preceding.number):
            hits.append(place(ctx, preceding, where))
    return hits
