"""How Chorus Pro pays (BR-CPRO-12 … 18): the payment mode of an invoice, none on a credit note, an IBAN for a
transfer, VAT in euros, and a gross price only with its discount."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from stdnum import iban

from ..engine import Context
from .common import KNOWN_MEANS, TRANSFER_MEANS, chorus_rule


@chorus_rule(
    "BR-CPRO-12",
    bt=["BT-3", "BG-16", "BT-81"],
    fr="Un avoir ne porte pas d'instructions de paiement (BG-16) : Chorus Pro le refuse, l'avoir ne se paie pas.",
    en="A credit note carries no payment instructions (BG-16): Chorus Pro refuses them, a credit note is not paid.",
)
def credit_note_unpaid(ctx: Context) -> Iterator[Any]:
    payment = ctx.invoice.payment
    if ctx.invoice.is_credit_note and payment is not None and not payment.is_empty():
        yield payment


@chorus_rule(
    "BR-CPRO-13",
    bt=["BT-81"],
    fr="Une facture indique son moyen de paiement (BT-81) : Chorus Pro en tire le mode de paiement et refuse une "
    "facture qui n'en donne pas.",
    en="An invoice states its payment means (BT-81): Chorus Pro derives its payment mode from it and refuses an "
    "invoice that gives none.",
)
def payment_means(ctx: Context) -> Iterator[Any]:
    payment = ctx.invoice.payment
    if not ctx.invoice.is_credit_note and (payment is None or not (payment.means_code or "").strip()):
        yield payment


def _transfer(ctx: Context) -> Any:
    payment = ctx.invoice.payment
    if payment is None or ctx.invoice.is_credit_note:
        return None
    return payment if (payment.means_code or "").strip() in TRANSFER_MEANS else None


@chorus_rule(
    "BR-CPRO-14",
    bt=["BT-81", "BT-84"],
    fr="Un paiement par virement (BT-81 = {value}) donne l'IBAN du compte à créditer (BT-84).",
    en="A payment by transfer (BT-81 = {value}) gives the IBAN of the account to credit (BT-84).",
)
def transfer_account(ctx: Context) -> Iterator[Any]:
    payment = _transfer(ctx)
    if payment is not None and not any((t.account_id or "").strip() for t in payment.credit_transfers):
        yield payment, {"value": payment.means_code}


@chorus_rule(
    "BR-CPRO-15",
    bt=["BT-84"],
    fr="Le compte à créditer (BT-84) « {value} » n'est pas un IBAN valide : Chorus Pro ne paie que sur un IBAN.",
    en="The account to credit (BT-84) '{value}' is not a valid IBAN: Chorus Pro only pays to an IBAN.",
)
def transfer_iban(ctx: Context) -> Iterator[Any]:
    payment = _transfer(ctx)
    for transfer in payment.credit_transfers if payment is not None else ():
        account = (transfer.account_id or "").strip()
        if account and not iban.is_valid(account):
            yield transfer, {"value": account}


@chorus_rule(
    "BR-CPRO-16",
    bt=["BT-81"],
    severity="warning",
    fr="Le moyen de paiement {value} (BT-81) n'a pas d'équivalent dans Chorus Pro (1, 10, 20, 30, 31, 42, 48, 49, "
    "97) ; pour un virement SEPA, le code 30 est celui qu'il reconnaît.",
    en="The payment means {value} (BT-81) has no counterpart in Chorus Pro (1, 10, 20, 30, 31, 42, 48, 49, 97); "
    "for a SEPA credit transfer, code 30 is the one it recognizes.",
)
def known_means(ctx: Context) -> Iterator[Any]:
    payment = ctx.invoice.payment
    code = (payment.means_code or "").strip() if payment is not None else ""
    if code and code not in KNOWN_MEANS:
        yield payment, {"value": code}


def _charges_vat(ctx: Context) -> bool:
    totals = ctx.invoice.totals
    if totals is not None and totals.vat_total is not None:
        return totals.vat_total != 0
    return any((b.tax_amount or Decimal(0)) != 0 for b in ctx.invoice.vat_breakdown)


@chorus_rule(
    "BR-CPRO-17",
    bt=["BT-5", "BT-6", "BT-111"],
    fr="Une facture en {value} soumise à la TVA donne le montant de la TVA en euros (BT-6 = EUR et BT-111) : la TVA "
    "française se déclare et se comptabilise en euros.",
    en="An invoice in {value} that charges VAT gives the VAT total in euros (BT-6 = EUR and BT-111): French VAT is "
    "declared and accounted for in euros.",
)
def vat_in_euros(ctx: Context) -> Iterator[Any]:
    invoice = ctx.invoice
    currency = (invoice.currency_code or "EUR").strip()
    if currency == "EUR" or not _charges_vat(ctx):
        return
    accounted = invoice.totals.vat_total_accounting if invoice.totals is not None else None
    if invoice.tax_currency_code != "EUR" or accounted is None:
        yield None, {"value": currency}


@chorus_rule(
    "BR-CPRO-18",
    bt=["BT-148", "BT-147"],
    fr="Un prix brut (BT-148) s'accompagne du rabais sur le prix (BT-147), même nul : Chorus Pro rejette un prix "
    "brut seul.",
    en="A gross price (BT-148) comes with the price discount (BT-147), even a zero one: Chorus Pro rejects a gross "
    "price on its own.",
)
def gross_price_discount(ctx: Context) -> Iterator[Any]:
    for line in ctx.invoice.lines:
        price = line.price
        if price is not None and price.gross_price is not None and price.discount is None:
            yield line
