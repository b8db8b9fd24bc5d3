"""Calculation and consistency rules BR-CO-*: the totals add up, and what goes together is there together.

The sums are exact decimals, rounded to the cent the way the schematron rounds (XPath ``round()``: a half goes
towards positive infinity), and compared exactly; only BR-CO-17 allows one unit either way, as the official
rule does. UBL and CII write some of these checks differently (CII adds some amounts up as doubles, compares
BR-CO-16 without rounding, counts the VAT total per currency, …): each document is judged by its own syntax's
binding, and JSON input by the UBL one, the stricter of the two. BR-CO-25 is not checked: the 1.3.16
artefacts no longer assert it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from lxml import etree

from ...model import Totals
from ..engine import Context, Family
from .rawxml import (
    CAC,
    CBC,
    CII_LINES_WITHOUT_VAT,
    NO_HITS,
    RAM,
    UBL_LINES_WITHOUT_VAT,
    XPATH_NS,
    Hits,
    children,
    exists,
    filled,
    first,
    fround2,
    fsum,
    indicated,
    kid,
    kids,
    kind,
    monetary_totals,
    norm,
    number,
    periods,
    place,
    present,
    round2,
    settlement,
    source,
    tax_entries,
    total,
    ubl_vat,
    xround,
)

# The rules of this module run as one batch (see :class:`~bordereau.rules.engine.Family`).
rule = Family(__name__).rule

ONE = Decimal(1)


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else format(value, "f")


def _mismatch(where: Any, given: Decimal | None, expected: Decimal | None) -> tuple[Any, dict[str, str]]:
    return where, {"given": _fmt(given), "expected": _fmt(expected)}


def _totals(ctx: Context) -> tuple[Totals | None, Any]:
    totals = monetary_totals(ctx)
    return totals, place(ctx, totals, "totals")


# --- Document totals (BR-CO-10 … BR-CO-16) ----------------------------------------------------------------------------


@rule(
    "BR-CO-10",
    bt=["BT-106", "BT-131"],
    fr="La somme des montants nets des lignes (BT-106) vaut {given} ; les lignes (BT-131) totalisent {expected}.",
    en="The sum of line net amounts (BT-106) is {given}; the lines (BT-131) add up to {expected}.",
)
def line_total(ctx: Context) -> Hits:
    hits: list[Any] = []
    totals, where = _totals(ctx)
    if totals is None:
        return hits
    amounts = [line.net_amount for line in ctx.invoice.lines]
    # CII adds the line amounts up as doubles before rounding the sum to the cent.
    expected = round2(Decimal(fsum(amounts)) if kind(ctx) == "cii" else total(amounts))
    if totals.line_net_total != expected:
        hits.append(_mismatch(where, totals.line_net_total, expected))
    return hits


@rule(
    "BR-CO-11",
    bt=["BT-107", "BT-92"],
    fr="Le total des remises au niveau du document (BT-107) vaut {given} ; les remises (BT-92) totalisent {expected}.",
    en="The sum of document level allowances (BT-107) is {given}; the allowances (BT-92) add up to {expected}.",
)
def allowance_total(ctx: Context) -> Hits:
    hits: list[Any] = []
    totals, where = _totals(ctx)
    if totals is None:
        return hits
    amounts = [a.amount for a in indicated(ctx, ctx.invoice.allowances, charge=False)]
    given = totals.allowance_total
    if given is None and not amounts:
        return hits
    if kind(ctx) == "cii":
        # CII sums and rounds in doubles.
        expected_f = fround2(fsum(amounts))
        if given is None or float(given) != expected_f:
            hits.append(_mismatch(where, given, Decimal(repr(expected_f))))
        return hits
    expected = round2(total(amounts))
    if given != expected:
        hits.append(_mismatch(where, given, expected))
    return hits


@rule(
    "BR-CO-12",
    bt=["BT-108", "BT-99"],
    fr="Le total des frais au niveau du document (BT-108) vaut {given} ; les frais (BT-99) totalisent {expected}.",
    en="The sum of document level charges (BT-108) is {given}; the charges (BT-99) add up to {expected}.",
)
def charge_total(ctx: Context) -> Hits:
    hits: list[Any] = []
    totals, where = _totals(ctx)
    if totals is None:
        return hits
    amounts = [c.amount for c in indicated(ctx, ctx.invoice.charges, charge=True)]
    given = totals.charge_total
    if given is None and not amounts:
        return hits
    if kind(ctx) == "cii":
        # Factur-X counts logistics service charges among the charges, rounds the total it is given, and does it
        # all in doubles.
        logistics = children(ctx, settlement(ctx)).get(RAM + "SpecifiedLogisticsServiceCharge", [])
        extra = fround2(fsum(number(kid(e, RAM + "AppliedAmount")) for e in logistics))
        expected_f = fround2(fround2(fsum(amounts)) + extra)
        if given is None or fround2(float(given)) != expected_f:
            hits.append(_mismatch(where, given, Decimal(repr(expected_f))))
        return hits
    expected = round2(total(amounts))
    if given != expected:
        hits.append(_mismatch(where, given, expected))
    return hits


@rule(
    "BR-CO-13",
    bt=["BT-109", "BT-106", "BT-107", "BT-108"],
    fr="Le total hors TVA (BT-109) vaut {given} ; lignes (BT-106) moins remises (BT-107) plus frais (BT-108) "
    "donnent {expected}.",
    en="The total without VAT (BT-109) is {given}; lines (BT-106) minus allowances (BT-107) plus charges "
    "(BT-108) give {expected}.",
)
def tax_exclusive_total(ctx: Context) -> Hits:
    hits: list[Any] = []
    totals, where = _totals(ctx)
    if totals is None:
        return hits
    lines, allowances, charges = totals.line_net_total, totals.allowance_total, totals.charge_total
    expected = None
    if lines is not None:
        value = lines - (allowances or 0) + (charges or 0)
        # UBL takes BT-106 as it is when there are neither allowances nor charges; CII rounds it too.
        exact = kind(ctx) != "cii" and allowances is None and charges is None
        expected = value if exact else round2(value)
    if expected is None or totals.tax_exclusive_amount != expected:
        hits.append(_mismatch(where, totals.tax_exclusive_amount, expected))
    return hits


@rule(
    "BR-CO-14",
    bt=["BT-110", "BT-117"],
    fr="Le total de la TVA (BT-110) vaut {given} ; le récapitulatif de TVA (BT-117) totalise {expected}.",
    en="The invoice total VAT amount (BT-110) is {given}; the VAT breakdown (BT-117) adds up to {expected}.",
)
def vat_total(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.root is None:
        invoice = ctx.invoice
        if invoice.vat_breakdown:
            expected = round2(total(b.tax_amount for b in invoice.vat_breakdown))
            given = None if invoice.totals is None else invoice.totals.vat_total
            if given != expected:
                hits.append(_mismatch("totals", given, expected))
    elif kind(ctx) == "ubl":
        # Each TaxTotal that has subtotals must add them up.
        for tax_total in children(ctx, ctx.root).get(CAC + "TaxTotal", ()):
            parts = children(ctx, tax_total)
            subtotals = parts.get(CAC + "TaxSubtotal")
            if not subtotals:
                continue
            given = number(first(parts, CBC + "TaxAmount"))
            expected = round2(total(number(kid(s, CBC + "TaxAmount")) for s in subtotals))
            if given != expected:
                hits.append(_mismatch(tax_total, given, expected))
    else:
        # Each header VAT total in the invoice currency must add up the VAT breakdown.
        header = children(ctx, settlement(ctx))
        amounts = children(ctx, first(header, _SUMMATION)).get(RAM + "TaxTotalAmount")
        if not amounts:
            return hits
        currencies = {e.text or "" for e in header.get(RAM + "InvoiceCurrencyCode", ())}
        taxes = header.get(RAM + "ApplicableTradeTax", ())
        # Summed and rounded in doubles, as CII does with untyped amounts.
        expected_f = fround2(fsum(number(c) for t in taxes for c in kids(t, RAM + "CalculatedAmount")))
        for amount in amounts:
            given = number(amount)
            if amount.get("currencyID") in currencies and (given is None or float(given) != expected_f):
                hits.append(_mismatch(amount, given, Decimal(repr(expected_f))))
    return hits


_SUMMATION = RAM + "SpecifiedTradeSettlementHeaderMonetarySummation"


@rule(
    "BR-CO-15",
    bt=["BT-112", "BT-109", "BT-110"],
    fr="Le total TVA comprise (BT-112) doit être le total hors TVA (BT-109) plus le total de la TVA (BT-110), "
    "donné une fois dans la devise de la facture.",
    en="The total with VAT (BT-112) must be the total without VAT (BT-109) plus the total VAT (BT-110), given "
    "once in the invoice currency.",
)
def tax_inclusive_total(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.root is None:
        totals = ctx.invoice.totals
        if totals is None:
            return hits
        incl, excl, vat = totals.tax_inclusive_amount, totals.tax_exclusive_amount, totals.vat_total
        ok = incl is not None and (incl == excl if vat is None else excl is not None and incl == round2(excl + vat))
        if not ok:
            hits.append("totals")
    elif kind(ctx) == "ubl":
        hits.extend(_ubl_tax_inclusive(ctx))
    else:
        hits.extend(_cii_tax_inclusive(ctx))
    return hits


def _ubl_tax_inclusive(ctx: Context) -> Hits:
    hits: list[Any] = []
    top = children(ctx, ctx.root)
    monetary = children(ctx, first(top, CAC + "LegalMonetaryTotal"))
    incl = number(first(monetary, CBC + "TaxInclusiveAmount"))
    excl = number(first(monetary, CBC + "TaxExclusiveAmount"))
    tax_amounts = [a for t in top.get(CAC + "TaxTotal", ()) for a in children(ctx, t).get(CBC + "TaxAmount", ())]
    for currency in top.get(CBC + "DocumentCurrencyCode", ()):
        # Exactly one VAT total in the invoice currency, and the totals add up with it.
        mine = [a for a in tax_amounts if a.get("currencyID") == (currency.text or "")]
        vat = number(mine[0]) if len(mine) == 1 else None
        if vat is None or incl is None or excl is None or incl != round2(excl + vat):
            hits.append(None)
            return hits
    return hits


def _cii_tax_inclusive(ctx: Context) -> Hits:
    hits: list[Any] = []
    header = children(ctx, settlement(ctx))
    summations = header.get(_SUMMATION, [])
    # The CII binding reads its amounts by absolute paths: the first total of any summation, all VAT totals.
    indexes = [children(ctx, s) for s in summations]
    amounts = [a for i in indexes for a in i.get(RAM + "TaxTotalAmount", ())]
    grand = next((number(g) for i in indexes for g in i.get(RAM + "GrandTotalAmount", ())), None)
    basis = next((number(b) for i in indexes for b in i.get(RAM + "TaxBasisTotalAmount", ())), None)
    for currency in header.get(RAM + "InvoiceCurrencyCode", ()):
        mine = [a for a in amounts if a.get("currencyID") == (currency.text or "")]
        vat = number(mine[0]) if mine else None
        adds_up = (
            len(mine) == 1
            and grand is not None
            and basis is not None
            and vat is not None
            and grand == round2(basis + vat)
        )
        # CII also accepts a total with VAT equal to the total without VAT.
        if not adds_up and (grand is None or grand != basis):
            hits.extend(summations)
            return hits
    return hits


@rule(
    "BR-CO-16",
    bt=["BT-115", "BT-112", "BT-113", "BT-114"],
    fr="Le montant à payer (BT-115) vaut {given} ; total TVA comprise (BT-112) moins déjà payé (BT-113) plus "
    "arrondi (BT-114) donnent {expected}.",
    en="The amount due (BT-115) is {given}; total with VAT (BT-112) minus paid amount (BT-113) plus rounding "
    "(BT-114) gives {expected}.",
)
def amount_due_total(ctx: Context) -> Hits:
    hits: list[Any] = []
    totals, where = _totals(ctx)
    if totals is None:
        return hits
    due, incl = totals.amount_due, totals.tax_inclusive_amount
    prepaid, rounding = totals.prepaid_amount, totals.rounding_amount
    if due is None or incl is None:
        hits.append(_mismatch(where, due, None))
        return hits
    if kind(ctx) == "cii":
        expected = incl - (prepaid or 0) + (rounding or 0)
        ok = due == expected
    else:
        # UBL rounds both sides to the cent: (due - rounding) against (with VAT - paid).
        payable = incl if prepaid is None else round2(incl - prepaid)
        ok = (due if rounding is None else round2(due - rounding)) == payable
        expected = payable + (rounding or 0)
    if not ok:
        hits.append(_mismatch(where, due, expected))
    return hits


# --- VAT breakdown (BR-CO-17, BR-CO-18) -------------------------------------------------------------------------------


@rule(
    "BR-CO-17",
    bt=["BT-117", "BT-116", "BT-119"],
    fr="Le montant de TVA d'une catégorie (BT-117) vaut {given} ; base imposable (BT-116) × taux (BT-119) "
    "donne {expected}, à une unité près.",
    en="A VAT category tax amount (BT-117) is {given}; taxable amount (BT-116) × rate (BT-119) gives "
    "{expected}, within one unit.",
)
def category_tax_amount(ctx: Context) -> Hits:
    hits: list[Any] = []
    inclusive = kind(ctx) == "cii"
    for entry in tax_entries(ctx):
        rate, tax, taxable = entry.rate, entry.tax, entry.taxable
        expected = None
        if rate is None or xround(rate) == 0:
            ok = tax is not None and xround(tax) == 0
        elif tax is None or taxable is None:
            ok = False
        else:
            expected = round2(abs(taxable) * (rate / 100))
            low, high = abs(tax) - ONE, abs(tax) + ONE
            # CII accepts a difference of exactly one unit; UBL wants less than one.
            ok = low <= expected <= high if inclusive else low < expected < high
        if not ok:
            hits.append(_mismatch(entry.where, tax, expected))
    return hits


@rule(
    "BR-CO-18",
    bt=["BG-23"],
    fr="La facture doit comporter au moins une ligne de récapitulatif de TVA (BG-23).",
    en="The invoice must have at least one VAT breakdown (BG-23).",
)
def has_breakdown(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.invoice.vat_breakdown:
        return hits
    if ctx.root is None:
        hits.append("vat_breakdown")
    elif kind(ctx) == "ubl":
        if not any(kids(t, CAC + "TaxSubtotal") for t in kids(ctx.root, CAC + "TaxTotal")):
            hits.append(None)
    else:
        header = settlement(ctx)
        if header is not None and not children(ctx, header).get(RAM + "ApplicableTradeTax"):
            hits.append(header)
    return hits


# --- What goes together (BR-CO-03, BR-CO-04, BR-CO-19 … BR-CO-26) -----------------------------------------------------


@rule(
    "BR-CO-03",
    bt=["BT-7", "BT-8"],
    fr="La date d'exigibilité de la TVA (BT-7) et son code (BT-8) s'excluent : n'en donner qu'un.",
    en="The VAT point date (BT-7) and the VAT point date code (BT-8) exclude each other: give only one.",
)
def tax_point_exclusive(ctx: Context) -> Hits:
    hits: list[Any] = []
    invoice = ctx.invoice
    if kind(ctx) == "cii" and ctx.root is not None:
        # CII holds both in each VAT breakdown: the two must not meet in the same one.
        hits.extend(_CII_BOTH_TAX_POINTS(ctx.root))
    elif kind(ctx) == "ubl" and ctx.root is not None:
        top = children(ctx, ctx.root)
        if CBC + "TaxPointDate" in top and any(
            kid(p, CBC + "DescriptionCode") is not None for p in top.get(CAC + "InvoicePeriod", ())
        ):
            hits.append(None)
    elif invoice.tax_point_date is not None and present(ctx, invoice.tax_point_date_code):
        hits.append(None)
    return hits


@rule(
    "BR-CO-04",
    bt=["BT-151"],
    fr="Chaque ligne de facture (BG-25) doit indiquer la catégorie de TVA de l'article (BT-151).",
    en="Each invoice line (BG-25) must give the VAT category code of its item (BT-151).",
)
def line_vat_category(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.root is not None:
        # Only a VAT category counts (UBL: tax scheme VAT; CII: type code VAT), whatever the reader took.
        hits.extend((UBL_LINES_WITHOUT_VAT if kind(ctx) == "ubl" else CII_LINES_WITHOUT_VAT)(ctx.root))
        return hits
    for i, line in enumerate(ctx.invoice.lines, 1):
        if line.vat is None or not present(ctx, line.vat.category_code):
            hits.append(place(ctx, line, "lines", i))
    return hits


# The header VAT breakdowns that give both a VAT point date and its code (BR-CO-03 in CII).
_CII_BOTH_TAX_POINTS = etree.XPath(
    "rsm:SupplyChainTradeTransaction[1]/ram:ApplicableHeaderTradeSettlement[1]"
    "/ram:ApplicableTradeTax[ram:TaxPointDate and ram:DueDateTypeCode]",
    namespaces=XPATH_NS,
)


def _unverifiable(ctx: Context) -> Hits:
    """Whether a reason and its code say the same thing is for a person to judge: the schematron asserts true."""
    return NO_HITS


for _id, _bts, _what_fr, _what_en in (
    ("BR-CO-05", ["BT-97", "BT-98"], "d'une remise au niveau du document", "of a document level allowance"),
    ("BR-CO-06", ["BT-104", "BT-105"], "de frais au niveau du document", "of a document level charge"),
    ("BR-CO-07", ["BT-139", "BT-140"], "d'une remise de ligne", "of an invoice line allowance"),
    ("BR-CO-08", ["BT-144", "BT-145"], "de frais de ligne", "of an invoice line charge"),
):
    rule(
        _id,
        bt=_bts,
        fr=f"Le motif et le code motif {_what_fr} doivent désigner la même chose.",
        en=f"The reason and the reason code {_what_en} must mean the same thing.",
    )(_unverifiable)


@rule(
    "BR-CO-19",
    bt=["BG-14", "BT-73", "BT-74"],
    fr="Une période de facturation (BG-14) doit avoir une date de début (BT-73), une date de fin (BT-74) ou les deux.",
    en="An invoicing period (BG-14) must have a start date (BT-73), an end date (BT-74) or both.",
)
def invoicing_period_dates(ctx: Context) -> Hits:
    hits: list[Any] = []
    for period in periods(ctx, ctx.invoice.invoicing_period, ctx.root):
        if not _dated(ctx, period):
            hits.append(place(ctx, period, "invoicing_period"))
    return hits


def _dated(ctx: Context, period: Any) -> bool:
    ubl = ((CBC + "StartDate",), (CBC + "EndDate",))
    cii = ((RAM + "StartDateTime",), (RAM + "EndDateTime",))
    return exists(ctx, period, period.start_date or period.end_date, ubl, cii)


@rule(
    "BR-CO-20",
    bt=["BG-26", "BT-134", "BT-135"],
    fr="Une période de ligne (BG-26) doit avoir une date de début (BT-134), une date de fin (BT-135) ou les deux.",
    en="An invoice line period (BG-26) must have a start date (BT-134), an end date (BT-135) or both.",
)
def line_period_dates(ctx: Context) -> Hits:
    hits: list[Any] = []
    for i, line in enumerate(ctx.invoice.lines, 1):
        for period in periods(ctx, line.period, source(line)):
            if not _dated(ctx, period):
                hits.append(place(ctx, period, "lines", i, "period"))
    return hits


_REASONS_UBL = ((CBC + "AllowanceChargeReason",), (CBC + "AllowanceChargeReasonCode",))
_REASONS_CII = ((RAM + "Reason",), (RAM + "ReasonCode",))


def _reasonless(ctx: Context, adjustments: list[Any], charge: bool, *where: str | int) -> Hits:
    hits: list[Any] = []
    for i, adjustment in enumerate(indicated(ctx, adjustments, charge), 1):
        given = adjustment.reason if present(ctx, adjustment.reason) else adjustment.reason_code
        if not exists(ctx, adjustment, given, _REASONS_UBL, _REASONS_CII):
            hits.append(place(ctx, adjustment, *where, i))
    return hits


@rule(
    "BR-CO-21",
    bt=["BT-97", "BT-98"],
    fr="Chaque remise au niveau du document (BG-20) doit avoir un motif (BT-97), un code motif (BT-98) ou les deux.",
    en="Each document level allowance (BG-20) must have a reason (BT-97), a reason code (BT-98) or both.",
)
def allowance_reason_or_code(ctx: Context) -> Hits:
    hits: list[Any] = []
    hits.extend(_reasonless(ctx, ctx.invoice.allowances, False, "allowances"))
    return hits


@rule(
    "BR-CO-22",
    bt=["BT-104", "BT-105"],
    fr="Chaque frais au niveau du document (BG-21) doit avoir un motif (BT-104), un code motif (BT-105) ou les deux.",
    en="Each document level charge (BG-21) must have a reason (BT-104), a reason code (BT-105) or both.",
)
def charge_reason_or_code(ctx: Context) -> Hits:
    hits: list[Any] = []
    hits.extend(_reasonless(ctx, ctx.invoice.charges, True, "charges"))
    return hits


@rule(
    "BR-CO-23",
    bt=["BT-139", "BT-140"],
    fr="Chaque remise de ligne (BG-27) doit avoir un motif (BT-139), un code motif (BT-140) ou les deux.",
    en="Each invoice line allowance (BG-27) must have a reason (BT-139), a reason code (BT-140) or both.",
)
def line_allowance_reason_or_code(ctx: Context) -> Hits:
    hits: list[Any] = []
    for i, line in enumerate(ctx.invoice.lines, 1):
        if line.allowances:
            hits.extend(_reasonless(ctx, line.allowances, False, "lines", i, "allowances"))
    return hits


@rule(
    "BR-CO-24",
    bt=["BT-144", "BT-145"],
    fr="Chaque frais de ligne (BG-28) doit avoir un motif (BT-144), un code motif (BT-145) ou les deux.",
    en="Each invoice line charge (BG-28) must have a reason (BT-144), a reason code (BT-145) or both.",
)
def line_charge_reason_or_code(ctx: Context) -> Hits:
    hits: list[Any] = []
    for i, line in enumerate(ctx.invoice.lines, 1):
        if line.charges:
            hits.extend(_reasonless(ctx, line.charges, True, "lines", i, "charges"))
    return hits


@rule(
    "BR-CO-26",
    bt=["BT-29", "BT-30", "BT-31"],
    fr="Pour que l'acheteur reconnaisse le vendeur, la facture doit donner son identifiant (BT-29), son numéro "
    "d'immatriculation (BT-30, le SIREN en France) ou son numéro de TVA (BT-31).",
    en="So that the buyer can recognise the seller, the invoice must give its identifier (BT-29), its legal "
    "registration identifier (BT-30, the SIREN in France) or its VAT identifier (BT-31).",
)
def seller_identified(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.root is None:
        seller = ctx.invoice.seller
        if seller is None:
            return hits
        registration = seller.legal_registration
        if (
            not any(filled(i.value) for i in seller.identifiers)
            and (registration is None or not filled(registration.value))
            and not filled(seller.vat_id)
        ):
            hits.append("seller")
    elif kind(ctx) == "ubl":
        # The query leaves out the suppliers with an identifier other than a SEPA one or a legal registration;
        # a VAT identifier (the scheme compared as Python reads it) saves the others.
        for supplier in _UBL_SUPPLIERS_UNREGISTERED(ctx.root):
            party = kid(supplier, CAC + "Party")
            if not any(kid(s, CBC + "CompanyID") is not None for s in ubl_vat(party, CAC + "PartyTaxScheme")):
                hits.append(supplier)
    else:
        hits.extend(_CII_SELLERS_UNIDENTIFIED(ctx.root))
    return hits


_UBL_SUPPLIERS_UNREGISTERED = etree.XPath(
    "cac:AccountingSupplierParty[not(cac:Party[1]/cac:PartyIdentification/cbc:ID[not(@schemeID = 'SEPA')]"
    " or cac:Party[1]/cac:PartyLegalEntity[1]/cbc:CompanyID)]",
    namespaces=XPATH_NS,
)
_CII_SELLERS_UNIDENTIFIED = etree.XPath(
    "rsm:SupplyChainTradeTransaction[1]/ram:ApplicableHeaderTradeAgreement[1]/ram:SellerTradeParty[not(ram:ID"
    " or ram:GlobalID or ram:SpecifiedLegalOrganization[1]/ram:ID or ram:SpecifiedTaxRegistration/ram:ID"
    "[@schemeID = 'VA'])]",
    namespaces=XPATH_NS,
)


# --- VAT identifiers (BR-CO-09) ---------------------------------------------------------------------------------------

# ISO 3166-1 alpha-2 codes (and EL for Greece, XI for Northern Ireland, 1A for Kosovo) the VAT prefix may take.
_PREFIX_LIST = """
1A AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW
BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH EL ER ES ET FI
FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO
IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG
MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK
PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR ST SV SX SY SZ TC TD
TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS XI YE YT ZA ZM ZW
"""
_PREFIXES = frozenset(_PREFIX_LIST.split())
# The UBL list knows South Sudan (SS); the CII one still has the former Netherlands Antilles (AN).
UBL_PREFIXES = _PREFIXES | {"SS"}
CII_PREFIXES = _PREFIXES | {"AN"}
# UBL looks the first two characters up in the list written as one string: "" or "D " pass there too.
_UBL_PREFIX_TEXT = " " + " ".join(sorted(UBL_PREFIXES)) + " "


@rule(
    "BR-CO-09",
    bt=["BT-31", "BT-48", "BT-63"],
    fr="Un numéro de TVA (BT-31, BT-48, BT-63) doit commencer par le code du pays qui l'a attribué, par exemple "
    "FR ; EL pour la Grèce.",
    en="A VAT identifier (BT-31, BT-48, BT-63) must start with the code of the country that issued it, for "
    "example FR; EL for Greece.",
)
def vat_prefix(ctx: Context) -> Hits:
    hits: list[Any] = []
    if ctx.root is None:
        invoice = ctx.invoice
        for party, where in ((invoice.seller, "seller"), (invoice.tax_representative, "tax_representative")):
            if party is not None and party.vat_id is not None and party.vat_id[:2] not in UBL_PREFIXES:
                hits.append(f"{where}.vat_id")
        buyer = invoice.buyer
        if buyer is not None and buyer.vat_id is not None and buyer.vat_id[:2] not in UBL_PREFIXES:
            hits.append("buyer.vat_id")
    elif kind(ctx) == "ubl":
        for scheme in ctx.root.iter(CAC + "PartyTaxScheme"):
            company = kid(scheme, CBC + "CompanyID")
            prefix = "" if company is None else (company.text or "")[:2]
            if prefix in _UBL_PREFIX_TEXT:
                continue
            schemes = [norm(e.text).upper() for s in kids(scheme, CAC + "TaxScheme") for e in kids(s, CBC + "ID")]
            if "VAT" in schemes:
                hits.append(scheme)
    else:
        for identifier in _CII_VAT_REGISTRATIONS(ctx.root):
            if (identifier.text or "")[:2] not in CII_PREFIXES:
                hits.append(identifier)
    return hits


_CII_VAT_REGISTRATIONS = etree.XPath(
    "descendant::ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'VA']", namespaces=XPATH_NS
)
