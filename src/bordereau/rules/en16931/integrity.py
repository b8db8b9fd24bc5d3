"""Integrity rules BR-01 … BR-65 about the document as a whole: header, parties, payment, references.

The rules about lines, allowances, charges and the VAT breakdown are in :mod:`.integrity_lines`. Each rule
fires where the CEN schematron does: once for the document, or once per group it is about. Where the UBL and
CII bindings of a rule differ (the CII one sometimes looks further), the rule follows the syntax the invoice
came in; JSON input is judged on what the rule means.
"""

from __future__ import annotations

from typing import Any

from ..engine import Context, Family
from . import integrity_lines, integrity_payment  # noqa: F401  (the rest of the family, registered on import)
from .rawxml import (
    CAC,
    CBC,
    DOCUMENT,
    NO_HITS,
    RAM,
    RSM,
    UDT,
    Hits,
    children,
    exists,
    filled,
    kid,
    kids,
    kind,
    monetary_totals,
    nonblank,
    norm,
    path,
    place,
    present,
    source,
    text,
)

# The rules of this module run as one batch (see :class:`~bordereau.rules.engine.Family`).
rule = Family(__name__).rule

# --- The header -------------------------------------------------------------------------------------------------------


@rule(
    "BR-01",
    bt=["BT-24"],
    fr="La facture doit indiquer l'identifiant de spécification (BT-24), par exemple urn:cen.eu:en16931:2017.",
    en="The invoice must state its specification identifier (BT-24), for example urn:cen.eu:en16931:2017.",
)
def specification_identifier(ctx: Context) -> Hits:
    return NO_HITS if nonblank(ctx, ctx.invoice.process.specification_id) else DOCUMENT


@rule(
    "BR-02",
    bt=["BT-1"],
    fr="La facture doit porter un numéro (BT-1).",
    en="The invoice must have an invoice number (BT-1).",
)
def invoice_number(ctx: Context) -> Hits:
    return NO_HITS if nonblank(ctx, ctx.invoice.number) else DOCUMENT


@rule(
    "BR-03",
    bt=["BT-2"],
    fr="La facture doit indiquer sa date d'émission (BT-2).",
    en="The invoice must give its issue date (BT-2).",
)
def issue_date(ctx: Context) -> Hits:
    binding = kind(ctx)
    if binding == "cii":
        # CII: only a date written in format 102 (YYYYMMDD) counts.
        written = path(ctx.root, RSM + "ExchangedDocument", RAM + "IssueDateTime")
        dated = any(e.text for e in kids(written, UDT + "DateTimeString") if e.get("format") == "102")
    elif binding == "ubl":
        dated = any(filled(e.text) for e in children(ctx, ctx.root).get(CBC + "IssueDate", ()))
    else:
        dated = ctx.invoice.issue_date is not None
    return NO_HITS if dated else DOCUMENT


@rule(
    "BR-04",
    bt=["BT-3"],
    fr="La facture doit indiquer son code de type (BT-3), par exemple 380 pour une facture, 381 pour un avoir.",
    en="The invoice must give its type code (BT-3), for example 380 for an invoice, 381 for a credit note.",
)
def type_code(ctx: Context) -> Hits:
    return NO_HITS if nonblank(ctx, ctx.invoice.type_code) else DOCUMENT


@rule(
    "BR-05",
    bt=["BT-5"],
    fr="La facture doit indiquer sa devise (BT-5), par exemple EUR.",
    en="The invoice must give its currency code (BT-5), for example EUR.",
)
def currency_code(ctx: Context) -> Hits:
    return NO_HITS if nonblank(ctx, ctx.invoice.currency_code) else DOCUMENT


# --- Seller and buyer -------------------------------------------------------------------------------------------------


@rule(
    "BR-06",
    bt=["BT-27"],
    fr="La facture doit indiquer le nom du vendeur (BT-27).",
    en="The invoice must give the seller's name (BT-27).",
)
def seller_name(ctx: Context) -> Hits:
    seller = ctx.invoice.seller
    return DOCUMENT if seller is None or not nonblank(ctx, seller.name) else NO_HITS


@rule(
    "BR-07",
    bt=["BT-44"],
    fr="La facture doit indiquer le nom de l'acheteur (BT-44).",
    en="The invoice must give the buyer's name (BT-44).",
)
def buyer_name(ctx: Context) -> Hits:
    buyer = ctx.invoice.buyer
    return DOCUMENT if buyer is None or not nonblank(ctx, buyer.name) else NO_HITS


@rule(
    "BR-08",
    bt=["BG-5"],
    fr="La facture doit donner l'adresse postale du vendeur (BG-5).",
    en="The invoice must give the seller's postal address (BG-5).",
)
def seller_address(ctx: Context) -> Hits:
    seller = ctx.invoice.seller
    return DOCUMENT if seller is None or seller.address is None else NO_HITS


@rule(
    "BR-09",
    bt=["BT-40"],
    fr="L'adresse postale du vendeur doit comporter le code pays (BT-40), par exemple FR.",
    en="The seller's postal address must include the country code (BT-40), for example FR.",
)
def seller_country(ctx: Context) -> Hits:
    seller = ctx.invoice.seller
    address = None if seller is None else seller.address
    if address is None:
        # The CII binding asks for the country code whether or not the address is there.
        return DOCUMENT if kind(ctx) == "cii" else NO_HITS
    return NO_HITS if nonblank(ctx, address.country_code) else [place(ctx, address, "seller.address")]


@rule(
    "BR-10",
    bt=["BG-8"],
    fr="La facture doit donner l'adresse postale de l'acheteur (BG-8).",
    en="The invoice must give the buyer's postal address (BG-8).",
)
def buyer_address(ctx: Context) -> Hits:
    buyer = ctx.invoice.buyer
    return DOCUMENT if buyer is None or buyer.address is None else NO_HITS


@rule(
    "BR-11",
    bt=["BT-55"],
    fr="L'adresse postale de l'acheteur doit comporter le code pays (BT-55), par exemple FR.",
    en="The buyer's postal address must include the country code (BT-55), for example FR.",
)
def buyer_country(ctx: Context) -> Hits:
    buyer = ctx.invoice.buyer
    address = None if buyer is None else buyer.address
    if address is None:
        return DOCUMENT if kind(ctx) == "cii" else NO_HITS
    return NO_HITS if nonblank(ctx, address.country_code) else [place(ctx, address, "buyer.address")]


# --- Document totals --------------------------------------------------------------------------------------------------


def _missing_total(ctx: Context, field: str, ubl: str, cii: str) -> Hits:
    totals = monetary_totals(ctx)
    if totals is not None and not exists(ctx, totals, getattr(totals, field), ((CBC + ubl,),), ((RAM + cii,),)):
        return [place(ctx, totals, "totals")]
    return NO_HITS


@rule(
    "BR-12",
    bt=["BT-106"],
    fr="Les totaux de la facture doivent comprendre la somme des montants nets des lignes (BT-106).",
    en="The document totals must include the sum of the invoice line net amounts (BT-106).",
)
def line_net_total(ctx: Context) -> Hits:
    return _missing_total(ctx, "line_net_total", "LineExtensionAmount", "LineTotalAmount")


@rule(
    "BR-13",
    bt=["BT-109"],
    fr="Les totaux de la facture doivent comprendre le montant total hors TVA (BT-109).",
    en="The document totals must include the invoice total without VAT (BT-109).",
)
def tax_exclusive_amount(ctx: Context) -> Hits:
    return _missing_total(ctx, "tax_exclusive_amount", "TaxExclusiveAmount", "TaxBasisTotalAmount")


@rule(
    "BR-14",
    bt=["BT-112"],
    fr="Les totaux de la facture doivent comprendre le montant total TVA comprise (BT-112).",
    en="The document totals must include the invoice total with VAT (BT-112).",
)
def tax_inclusive_amount(ctx: Context) -> Hits:
    return _missing_total(ctx, "tax_inclusive_amount", "TaxInclusiveAmount", "GrandTotalAmount")


@rule(
    "BR-15",
    bt=["BT-115"],
    fr="Les totaux de la facture doivent comprendre le montant à payer (BT-115).",
    en="The document totals must include the amount due for payment (BT-115).",
)
def amount_due(ctx: Context) -> Hits:
    return _missing_total(ctx, "amount_due", "PayableAmount", "DuePayableAmount")


@rule(
    "BR-16",
    bt=["BG-25"],
    fr="La facture doit comporter au moins une ligne (BG-25).",
    en="The invoice must have at least one invoice line (BG-25).",
)
def has_lines(ctx: Context) -> Hits:
    return NO_HITS if ctx.invoice.lines else DOCUMENT


# --- Payee and seller tax representative ------------------------------------------------------------------------------


@rule(
    "BR-17",
    bt=["BT-59"],
    fr="Un bénéficiaire du paiement (BG-10) doit être nommé (BT-59) et être une autre personne que le vendeur.",
    en="A payee (BG-10) must be named (BT-59) and be someone other than the seller.",
)
def payee_name(ctx: Context) -> Hits:
    invoice = ctx.invoice
    payee, seller = invoice.payee, invoice.seller
    if payee is None:
        return NO_HITS
    where = place(ctx, payee, "payee")
    if ctx.root is None:
        if not filled(payee.name) or (seller is not None and _same_party(payee, seller)):
            return [where]
    elif not exists(ctx, payee, payee.name, ((CAC + "PartyName", CBC + "Name"),), ((RAM + "Name",),)):
        return [where]
    elif kind(ctx) == "ubl" and _ubl_payee_is_seller(ctx):
        # Only UBL: the CII binding's comparison with the seller looks for the seller where it is not.
        return [where]
    return NO_HITS


def _same_party(payee: Any, seller: Any) -> bool:
    """For JSON input: the payee bears the seller's name, one of its identifiers or its registration number."""
    names = {norm(n).casefold() for n in (seller.name, seller.trading_name) if n}
    if norm(payee.name).casefold() in names:
        return True
    if payee.identifier is not None and payee.identifier.value in {i.value for i in seller.identifiers}:
        return True
    ours, theirs = payee.legal_registration, seller.legal_registration
    return ours is not None and theirs is not None and ours.value == theirs.value


def _ubl_payee_is_seller(ctx: Context) -> bool:
    """UBL compares the payee's party name with the seller's (BT-28) and all their party identifiers."""
    seller = path(ctx.root, CAC + "AccountingSupplierParty", CAC + "Party")
    if seller is None:
        return False
    seller_names = {text(n) for p in kids(seller, CAC + "PartyName") for n in kids(p, CBC + "Name")}
    payee = source(ctx.invoice.payee)
    payee_names = {text(n) for p in kids(payee, CAC + "PartyName") for n in kids(p, CBC + "Name")}
    if payee_names & seller_names:
        return True
    seller_ids = {text(i) for p in kids(seller, CAC + "PartyIdentification") for i in kids(p, CBC + "ID")}
    payee_ids = {text(i) for p in kids(payee, CAC + "PartyIdentification") for i in kids(p, CBC + "ID")}
    return bool(payee_ids & seller_ids)


@rule(
    "BR-18",
    bt=["BT-62"],
    fr="Le représentant fiscal du vendeur (BG-11) doit être nommé (BT-62).",
    en="The seller's tax representative (BG-11) must be named (BT-62).",
)
def tax_representative_name(ctx: Context) -> Hits:
    representative = ctx.invoice.tax_representative
    if representative is not None and not filled(representative.name):
        return [place(ctx, representative, "tax_representative")]
    return NO_HITS


@rule(
    "BR-19",
    bt=["BG-12"],
    fr="Le représentant fiscal du vendeur (BG-11) doit avoir une adresse postale (BG-12).",
    en="The seller's tax representative (BG-11) must have a postal address (BG-12).",
)
def tax_representative_address(ctx: Context) -> Hits:
    representative = ctx.invoice.tax_representative
    if representative is not None and representative.address is None:
        return [place(ctx, representative, "tax_representative")]
    return NO_HITS


@rule(
    "BR-20",
    bt=["BT-69"],
    fr="L'adresse postale du représentant fiscal doit comporter le code pays (BT-69).",
    en="The tax representative's postal address must include the country code (BT-69).",
)
def tax_representative_country(ctx: Context) -> Hits:
    representative = ctx.invoice.tax_representative
    if representative is None:
        return NO_HITS
    address = representative.address
    if address is None:
        if kind(ctx) == "cii":  # as for BR-09, CII asks for the country code even without an address
            return [place(ctx, representative, "tax_representative")]
    elif not filled(address.country_code):
        return [place(ctx, address, "tax_representative.address")]
    return NO_HITS


@rule(
    "BR-56",
    bt=["BT-63"],
    fr="Le représentant fiscal du vendeur (BG-11) doit avoir un numéro de TVA (BT-63).",
    en="The seller's tax representative (BG-11) must have a VAT identifier (BT-63).",
)
def tax_representative_vat(ctx: Context) -> Hits:
    representative = ctx.invoice.tax_representative
    if representative is None:
        return NO_HITS
    vat_id = representative.vat_id
    missing = not nonblank(ctx, vat_id) if kind(ctx) == "cii" else not present(ctx, vat_id)
    return [place(ctx, representative, "tax_representative")] if missing else NO_HITS


# --- Delivery ---------------------------------------------------------------------------------------------------------


@rule(
    "BR-57",
    bt=["BT-80"],
    fr="L'adresse de livraison (BG-15) doit comporter le code pays (BT-80).",
    en="The deliver-to address (BG-15) must include the country code (BT-80).",
)
def delivery_country(ctx: Context) -> Hits:
    delivery = ctx.invoice.delivery
    address = None if delivery is None else delivery.address
    if address is None:
        return NO_HITS
    missing = address.country_code is None if kind(ctx) == "ubl" else not nonblank(ctx, address.country_code)
    return [place(ctx, address if kind(ctx) == "ubl" else delivery, "delivery.address")] if missing else NO_HITS


# --- Electronic addresses ---------------------------------------------------------------------------------------------


@rule(
    "BR-62",
    bt=["BT-34"],
    fr="L'adresse électronique du vendeur (BT-34) doit indiquer son schéma d'identification (BT-34-1).",
    en="The seller's electronic address (BT-34) must state its identification scheme (BT-34-1).",
)
def seller_endpoint_scheme(ctx: Context) -> Hits:
    seller = ctx.invoice.seller
    return NO_HITS if seller is None else _endpoint_scheme(ctx, seller, "seller.electronic_address")


@rule(
    "BR-63",
    bt=["BT-49"],
    fr="L'adresse électronique de l'acheteur (BT-49) doit indiquer son schéma d'identification (BT-49-1).",
    en="The buyer's electronic address (BT-49) must state its identification scheme (BT-49-1).",
)
def buyer_endpoint_scheme(ctx: Context) -> Hits:
    buyer = ctx.invoice.buyer
    return NO_HITS if buyer is None else _endpoint_scheme(ctx, buyer, "buyer.electronic_address")


def _endpoint_scheme(ctx: Context, party: Any, where: str) -> Hits:
    address = party.electronic_address
    binding = kind(ctx)
    if binding == "cii" and source(party) is not None:
        # CII looks at the first electronic address element, with or without an identifier inside.
        first = kid(source(party), RAM + "URIUniversalCommunication")
        if first is not None and not any(filled(u.get("schemeID")) for u in kids(first, RAM + "URIID")):
            return DOCUMENT
    elif address is None:
        return NO_HITS
    elif binding == "ubl":
        if address.scheme_id is None:
            return [place(ctx, address, where)]
    elif not filled(address.scheme_id):
        return [None if ctx.root is not None else where]
    return NO_HITS
