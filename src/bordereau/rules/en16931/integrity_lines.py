"""Integrity rules BR-21 … BR-65 about lines, periods, allowances, charges, the VAT breakdown and items.

One hit per group at fault, as the schematron fires once per context node: three lines without a name give
three BR-25. A field counts as given as soon as its element is there (``exists()``) unless the rule asks for
a non-blank value; for JSON input a blank string counts as missing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lxml import etree

from ...model import DocumentAllowanceCharge, LineAllowanceCharge, Period
from ..engine import Context, Family
from .rawxml import (
    CAC,
    CBC,
    RAM,
    UDT,
    XPATH_NS,
    Hits,
    exists,
    filled,
    indicated,
    kids,
    kind,
    periods,
    place,
    present,
    source,
    tax_entries,
    vat_code_in,
)

# The rules of this module run as one batch (see :class:`~bordereau.rules.engine.Family`).
rule = Family(__name__).rule

_UBL_QUANTITY = ((CBC + "InvoicedQuantity",), (CBC + "CreditedQuantity",))
_CII_QUANTITY = ((RAM + "SpecifiedLineTradeDelivery", RAM + "BilledQuantity"),)
_CII_NET_AMOUNT = (
    (
        RAM + "SpecifiedLineTradeSettlement",
        RAM + "SpecifiedTradeSettlementLineMonetarySummation",
        RAM + "LineTotalAmount",
    ),
)
_UBL_REASON, _UBL_REASON_CODE = ((CBC + "AllowanceChargeReason",),), ((CBC + "AllowanceChargeReasonCode",),)
_CII_REASON, _CII_REASON_CODE = ((RAM + "Reason",),), ((RAM + "ReasonCode",),)
_LINES = "(cac:InvoiceLine | cac:CreditNoteLine)"
_CII_LINES = "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"
# UBL lines whose price allowances have base amounts, none of them zero or more (BR-28).
_UBL_NEGATIVE_GROSS = etree.XPath(
    f"{_LINES}[cac:Price/cac:AllowanceCharge/cbc:BaseAmount]"
    "[not(cac:Price/cac:AllowanceCharge/cbc:BaseAmount[number(.) >= 0])]",
    namespaces=XPATH_NS,
)
# CII lines with a classification, none of them with its scheme (BR-65).
_CII_UNSCHEMED_CLASSIFICATION = etree.XPath(
    f"{_CII_LINES}[ram:SpecifiedTradeProduct/ram:DesignatedProductClassification]"
    "[not(ram:SpecifiedTradeProduct/ram:DesignatedProductClassification/ram:ClassCode[@listID != ''])]",
    namespaces=XPATH_NS,
)
_CII_NET_PRICE = ((RAM + "SpecifiedLineTradeAgreement", RAM + "NetPriceProductTradePrice", RAM + "ChargeAmount"),)

# --- Lines ------------------------------------------------------------------------------------------------------------


def _lines(ctx: Context) -> Iterator[tuple[int, Any]]:
    return enumerate(ctx.invoice.lines, 1)


@rule(
    "BR-21",
    bt=["BT-126"],
    fr="Chaque ligne de facture (BG-25) doit avoir un identifiant (BT-126).",
    en="Each invoice line (BG-25) must have a line identifier (BT-126).",
)
def line_id(ctx: Context) -> Hits:
    cii = kind(ctx) == "cii"  # nonblank(), decided once for all the lines
    return [
        place(ctx, line, "lines", i) for i, line in _lines(ctx) if not (line.id is not None if cii else filled(line.id))
    ]


@rule(
    "BR-22",
    bt=["BT-129"],
    fr="Chaque ligne de facture (BG-25) doit indiquer la quantité facturée (BT-129).",
    en="Each invoice line (BG-25) must give the invoiced quantity (BT-129).",
)
def line_quantity(ctx: Context) -> Hits:
    return [
        place(ctx, line, "lines", i)
        for i, line in _lines(ctx)
        if not exists(ctx, line, line.quantity, _UBL_QUANTITY, _CII_QUANTITY)
    ]


@rule(
    "BR-23",
    bt=["BT-130"],
    fr="Chaque ligne de facture (BG-25) doit indiquer l'unité de la quantité facturée (BT-130), par exemple C62.",
    en="Each invoice line (BG-25) must give the unit of measure of its quantity (BT-130), for example C62.",
)
def line_unit(ctx: Context) -> Hits:
    return [place(ctx, line, "lines", i) for i, line in _lines(ctx) if not present(ctx, line.unit_code)]


@rule(
    "BR-24",
    bt=["BT-131"],
    fr="Chaque ligne de facture (BG-25) doit indiquer son montant net (BT-131).",
    en="Each invoice line (BG-25) must give its net amount (BT-131).",
)
def line_net_amount(ctx: Context) -> Hits:
    return [
        place(ctx, line, "lines", i)
        for i, line in _lines(ctx)
        if not exists(ctx, line, line.net_amount, ((CBC + "LineExtensionAmount",),), _CII_NET_AMOUNT)
    ]


@rule(
    "BR-25",
    bt=["BT-153"],
    fr="Chaque ligne de facture (BG-25) doit nommer l'article facturé (BT-153).",
    en="Each invoice line (BG-25) must name the item invoiced (BT-153).",
)
def item_name(ctx: Context) -> Hits:
    cii = kind(ctx) == "cii"  # nonblank(), decided once for all the lines
    return [
        place(ctx, line, "lines", i)
        for i, line in _lines(ctx)
        if line.item is None or not (line.item.name is not None if cii else filled(line.item.name))
    ]


@rule(
    "BR-26",
    bt=["BT-146"],
    fr="Chaque ligne de facture (BG-25) doit indiquer le prix net de l'article (BT-146).",
    en="Each invoice line (BG-25) must give the item net price (BT-146).",
)
def net_price(ctx: Context) -> Hits:
    return [
        place(ctx, line, "lines", i)
        for i, line in _lines(ctx)
        if not exists(ctx, line, None if line.price is None else line.price.net_price, _UBL_NET_PRICE, _CII_NET_PRICE)
    ]


_UBL_NET_PRICE = ((CAC + "Price", CBC + "PriceAmount"),)


@rule(
    "BR-27",
    bt=["BT-146"],
    fr="Le prix net d'un article (BT-146) ne peut pas être négatif ; une remise se porte en remise de ligne.",
    en="An item net price (BT-146) cannot be negative; a reduction belongs in a line allowance.",
)
def net_price_not_negative(ctx: Context) -> Hits:
    xml = ctx.root is not None
    found = []
    for i, line in _lines(ctx):
        price = None if line.price is None else line.price.net_price
        # In the XML bindings a missing price fails the comparison too, as it does in the schematron.
        if (price is None and xml) or (price is not None and price < 0):
            found.append(place(ctx, line, "lines", i))
    return found


@rule(
    "BR-28",
    bt=["BT-148"],
    fr="Le prix brut d'un article (BT-148) ne peut pas être négatif.",
    en="An item gross price (BT-148) cannot be negative.",
)
def gross_price_not_negative(ctx: Context) -> Hits:
    if kind(ctx) == "ubl":
        # UBL: any base amount under the price's allowances, whatever their charge indicator says.
        return _UBL_NEGATIVE_GROSS(ctx.root)  # type: ignore[return-value]
    return [
        place(ctx, line, "lines", i)
        for i, line in _lines(ctx)
        if line.price is not None and line.price.gross_price is not None and line.price.gross_price < 0
    ]


# --- Periods ----------------------------------------------------------------------------------------------------------


def _reversed(ctx: Context, period: Period | None) -> bool:
    if period is None:
        return False
    if kind(ctx) == "cii" and ctx.root is not None and source(period) is not None:
        # CII compares the texts of dates written in format 102; a date in another format fails the comparison.
        start, end = kids(source(period), RAM + "StartDateTime"), kids(source(period), RAM + "EndDateTime")
        if not start or not end:
            return False
        starts, ends = _cii_dates(start), _cii_dates(end)
        return not any(e >= s for e in ends for s in starts)
    return period.start_date is not None and period.end_date is not None and period.end_date < period.start_date


def _cii_dates(elements: list[Any]) -> list[str]:
    return [d.text or "" for e in elements for d in kids(e, UDT + "DateTimeString") if d.get("format") == "102"]


@rule(
    "BR-29",
    bt=["BT-73", "BT-74"],
    fr="La période de facturation (BG-14) doit finir (BT-74) le jour où elle commence (BT-73) ou après.",
    en="The invoicing period (BG-14) must end (BT-74) on or after the day it starts (BT-73).",
)
def invoicing_period_order(ctx: Context) -> Hits:
    return [
        place(ctx, period, "invoicing_period")
        for period in periods(ctx, ctx.invoice.invoicing_period, ctx.root)
        if _reversed(ctx, period)
    ]


@rule(
    "BR-30",
    bt=["BT-134", "BT-135"],
    fr="La période d'une ligne (BG-26) doit finir (BT-135) le jour où elle commence (BT-134) ou après.",
    en="An invoice line period (BG-26) must end (BT-135) on or after the day it starts (BT-134).",
)
def line_period_order(ctx: Context) -> Hits:
    return [
        place(ctx, period, "lines", i, "period")
        for i, line in _lines(ctx)
        for period in periods(ctx, line.period, source(line))
        if _reversed(ctx, period)
    ]


# --- Document level allowances and charges ----------------------------------------------------------------------------


def _adjustments(ctx: Context, charges: bool) -> list[tuple[DocumentAllowanceCharge, tuple[str | int, ...]]]:
    name = "charges" if charges else "allowances"
    found = getattr(ctx.invoice, name)
    if not found:
        return []
    return [(adjustment, (name, i)) for i, adjustment in enumerate(indicated(ctx, found, charges), 1)]


def _no_amount(ctx: Context, adjustment: DocumentAllowanceCharge | LineAllowanceCharge) -> bool:
    return not exists(ctx, adjustment, adjustment.amount, ((CBC + "Amount",),), ((RAM + "ActualAmount",),))


def _no_vat_category(ctx: Context, adjustment: DocumentAllowanceCharge) -> bool:
    if ctx.root is None or source(adjustment) is None:
        return not present(ctx, adjustment.vat_category_code)
    return not vat_code_in(ctx, source(adjustment), CAC + "TaxCategory", RAM + "CategoryTradeTax")


def _no_reason(ctx: Context, adjustment: DocumentAllowanceCharge | LineAllowanceCharge) -> bool:
    return not exists(ctx, adjustment, adjustment.reason, _UBL_REASON, _CII_REASON) and not exists(
        ctx, adjustment, adjustment.reason_code, _UBL_REASON_CODE, _CII_REASON_CODE
    )


@rule(
    "BR-31",
    bt=["BT-92"],
    fr="Chaque remise au niveau du document (BG-20) doit avoir un montant (BT-92).",
    en="Each document level allowance (BG-20) must have an amount (BT-92).",
)
def allowance_amount(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where) for adjustment, where in _adjustments(ctx, False) if _no_amount(ctx, adjustment)
    ]


@rule(
    "BR-32",
    bt=["BT-95"],
    fr="Chaque remise au niveau du document (BG-20) doit indiquer sa catégorie de TVA (BT-95).",
    en="Each document level allowance (BG-20) must give its VAT category code (BT-95).",
)
def allowance_vat_category(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where)
        for adjustment, where in _adjustments(ctx, False)
        if _no_vat_category(ctx, adjustment)
    ]


@rule(
    "BR-33",
    bt=["BT-97", "BT-98"],
    fr="Chaque remise au niveau du document (BG-20) doit avoir un motif (BT-97) ou un code motif (BT-98).",
    en="Each document level allowance (BG-20) must have a reason (BT-97) or a reason code (BT-98).",
)
def allowance_reason(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where) for adjustment, where in _adjustments(ctx, False) if _no_reason(ctx, adjustment)
    ]


@rule(
    "BR-36",
    bt=["BT-99"],
    fr="Chaque frais au niveau du document (BG-21) doit avoir un montant (BT-99).",
    en="Each document level charge (BG-21) must have an amount (BT-99).",
)
def charge_amount(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where) for adjustment, where in _adjustments(ctx, True) if _no_amount(ctx, adjustment)
    ]


@rule(
    "BR-37",
    bt=["BT-102"],
    fr="Chaque frais au niveau du document (BG-21) doit indiquer sa catégorie de TVA (BT-102).",
    en="Each document level charge (BG-21) must give its VAT category code (BT-102).",
)
def charge_vat_category(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where)
        for adjustment, where in _adjustments(ctx, True)
        if _no_vat_category(ctx, adjustment)
    ]


@rule(
    "BR-38",
    bt=["BT-104", "BT-105"],
    fr="Chaque frais au niveau du document (BG-21) doit avoir un motif (BT-104) ou un code motif (BT-105).",
    en="Each document level charge (BG-21) must have a reason (BT-104) or a reason code (BT-105).",
)
def charge_reason(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where) for adjustment, where in _adjustments(ctx, True) if _no_reason(ctx, adjustment)
    ]


# --- Line allowances and charges --------------------------------------------------------------------------------------


def _line_adjustments(ctx: Context, charges: bool) -> list[tuple[LineAllowanceCharge, tuple[str | int, ...]]]:
    name = "charges" if charges else "allowances"
    return [
        (adjustment, ("lines", i, name, j))
        for i, line in _lines(ctx)
        if getattr(line, name)
        for j, adjustment in enumerate(indicated(ctx, getattr(line, name), charges), 1)
    ]


@rule(
    "BR-41",
    bt=["BT-136"],
    fr="Chaque remise de ligne (BG-27) doit avoir un montant (BT-136).",
    en="Each invoice line allowance (BG-27) must have an amount (BT-136).",
)
def line_allowance_amount(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where)
        for adjustment, where in _line_adjustments(ctx, False)
        if _no_amount(ctx, adjustment)
    ]


@rule(
    "BR-42",
    bt=["BT-139", "BT-140"],
    fr="Chaque remise de ligne (BG-27) doit avoir un motif (BT-139) ou un code motif (BT-140).",
    en="Each invoice line allowance (BG-27) must have a reason (BT-139) or a reason code (BT-140).",
)
def line_allowance_reason(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where)
        for adjustment, where in _line_adjustments(ctx, False)
        if _no_reason(ctx, adjustment)
    ]


@rule(
    "BR-43",
    bt=["BT-141"],
    fr="Chaque frais de ligne (BG-28) doit avoir un montant (BT-141).",
    en="Each invoice line charge (BG-28) must have an amount (BT-141).",
)
def line_charge_amount(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where)
        for adjustment, where in _line_adjustments(ctx, True)
        if _no_amount(ctx, adjustment)
    ]


@rule(
    "BR-44",
    bt=["BT-144", "BT-145"],
    fr="Chaque frais de ligne (BG-28) doit avoir un motif (BT-144) ou un code motif (BT-145).",
    en="Each invoice line charge (BG-28) must have a reason (BT-144) or a reason code (BT-145).",
)
def line_charge_reason(ctx: Context) -> Hits:
    return [
        place(ctx, adjustment, *where)
        for adjustment, where in _line_adjustments(ctx, True)
        if _no_reason(ctx, adjustment)
    ]


# --- VAT breakdown ----------------------------------------------------------------------------------------------------


@rule(
    "BR-45",
    bt=["BT-116"],
    fr="Chaque ligne du récapitulatif de TVA (BG-23) doit indiquer la base imposable (BT-116).",
    en="Each VAT breakdown entry (BG-23) must give the taxable amount (BT-116).",
)
def breakdown_taxable(ctx: Context) -> Hits:
    return [entry.where for entry in tax_entries(ctx) if not entry.has_taxable]


@rule(
    "BR-46",
    bt=["BT-117"],
    fr="Chaque ligne du récapitulatif de TVA (BG-23) doit indiquer le montant de TVA (BT-117).",
    en="Each VAT breakdown entry (BG-23) must give the VAT amount (BT-117).",
)
def breakdown_tax(ctx: Context) -> Hits:
    return [entry.where for entry in tax_entries(ctx) if not entry.has_tax]


@rule(
    "BR-47",
    bt=["BT-118"],
    fr="Chaque ligne du récapitulatif de TVA (BG-23) doit indiquer la catégorie de TVA (BT-118).",
    en="Each VAT breakdown entry (BG-23) must give the VAT category code (BT-118).",
)
def breakdown_category(ctx: Context) -> Hits:
    return [entry.where for entry in tax_entries(ctx) if not entry.has_category]


@rule(
    "BR-48",
    bt=["BT-119"],
    fr="Chaque ligne du récapitulatif de TVA (BG-23) doit indiquer le taux de TVA (BT-119), sauf pour la "
    "catégorie O (hors champ de la TVA).",
    en="Each VAT breakdown entry (BG-23) must give the VAT rate (BT-119), except in category O (not subject to VAT).",
)
def breakdown_rate(ctx: Context) -> Hits:
    return [entry.where for entry in tax_entries(ctx) if not entry.has_rate and not entry.not_subject]


# --- Items ------------------------------------------------------------------------------------------------------------


@rule(
    "BR-54",
    bt=["BT-160", "BT-161"],
    fr="Chaque attribut d'article (BG-32) doit avoir un nom (BT-160) et une valeur (BT-161).",
    en="Each item attribute (BG-32) must have a name (BT-160) and a value (BT-161).",
)
def item_attribute(ctx: Context) -> Hits:
    found = []
    for i, line in _lines(ctx):
        if line.item is None or not line.item.attributes:
            continue
        for j, attribute in enumerate(line.item.attributes, 1):
            name = exists(ctx, attribute, attribute.name, ((CBC + "Name",),), ((RAM + "Description",),))
            value = exists(ctx, attribute, attribute.value, ((CBC + "Value",),), ((RAM + "Value",),))
            if not name or not value:
                found.append(place(ctx, attribute, "lines", i, "item", "attributes", j))
    return found


@rule(
    "BR-64",
    bt=["BT-157"],
    fr="L'identifiant normalisé d'un article (BT-157) doit indiquer son schéma (BT-157-1), par exemple 0160 "
    "pour un GTIN.",
    en="An item standard identifier (BT-157) must state its scheme (BT-157-1), for example 0160 for a GTIN.",
)
def standard_id_scheme(ctx: Context) -> Hits:
    found = []
    binding = kind(ctx)
    for i, line in _lines(ctx):
        standard = None if line.item is None else line.item.standard_id
        if standard is None:
            continue
        if binding == "ubl":
            if standard.scheme_id is None:
                found.append(place(ctx, standard))
        elif binding == "cii":
            if not standard.scheme_id:  # CII fires on the line
                found.append(line)
        elif not filled(standard.scheme_id):
            found.append(place(ctx, standard, "lines", i, "item", "standard_id"))
    return found


@rule(
    "BR-65",
    bt=["BT-158"],
    fr="Chaque classification d'article (BT-158) doit indiquer son schéma (BT-158-1).",
    en="Each item classification identifier (BT-158) must state its scheme (BT-158-1).",
)
def classification_scheme(ctx: Context) -> Hits:
    if kind(ctx) == "cii":
        # The CII binding judges the line: one classification with its scheme is enough.
        return _CII_UNSCHEMED_CLASSIFICATION(ctx.root)  # type: ignore[return-value]
    return [
        place(ctx, classification, "lines", i, "item", "classifications", j)
        for i, line in _lines(ctx)
        if line.item is not None
        for j, classification in enumerate(line.item.classifications, 1)
        if not present(ctx, classification.list_id)
    ]
