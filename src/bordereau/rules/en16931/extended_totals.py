"""Factur-X EXTENDED: the document totals (BR-FXEXT-CO-10 to -16), as its schematron checks them.

Unlike BR-CO-10 to -16, the line sums count only the lines that are no sub-line (:func:`.extended.counted`), a sum
may be off by a cent per amount it adds up, the charges include the logistics service charges (BG-X-42) and the
amount due includes the financial adjustments. Each check reads one monetary summation (BG-22) and the elements
around it, the way the schematron's relative paths do; sums it computes on untyped values are doubles there, and
here. The arithmetic is exact (a double turned into a decimal keeps all its digits), so that a verdict at the
cent of tolerance is the schematron's.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from decimal import Context as Arithmetic
from decimal import Decimal, localcontext
from typing import Any

from ..engine import Context
from .extended import (
    ALLOWANCE_CHARGE,
    LINE,
    LOGISTICS,
    SUMMATION,
    anywhere,
    counted,
    extended_rule,
    header_settlement,
    indicated,
    line_amounts,
    round_double,
    xpath_number,
)
from .rawxml import RAM, Element, kid, kids, number, round2, total
from .syntax_common import text as string

EXACT = Arithmetic(prec=200)
CENT = Decimal("0.01")


def beyond(difference: Decimal, amounts: int) -> bool:
    """Whether a difference exceeds the tolerance of a cent per amount summed (to be called in :data:`EXACT`)."""
    return abs(difference) > CENT * amounts


def _lines_near(summation: Element) -> list[Element]:
    """``../../ram:IncludedSupplyChainTradeLineItem`` from a monetary summation."""
    settlement = summation.getparent()
    return kids(None if settlement is None else settlement.getparent(), LINE)


def _beside(summation: Element, tag: str) -> list[Element]:
    """``../tag`` from a monetary summation."""
    return kids(summation.getparent(), tag)


def _sum_lines(found: list[Element]) -> Decimal:
    return round2(total(number(a) for line in found if counted(line) for a in line_amounts(line)))


def _charges(holder: Element | None, value: str) -> list[Element]:
    return [c for c in kids(holder, ALLOWANCE_CHARGE) if indicated(c, value)]


def _sum_of(holders: list[Element], tag: str) -> Decimal:
    return round2(total(number(a) for holder in holders for a in holder.iterchildren(tag)))


def _charged(settlement: Element | None) -> Decimal:
    """Σ BT-99 + Σ BT-X-272: the document charges and the logistics service charges, each rounded to the cent."""
    return _sum_of(_charges(settlement, "true"), RAM + "ActualAmount") + _sum_of(
        kids(settlement, LOGISTICS), RAM + "AppliedAmount"
    )


def _charge_count(summation: Element) -> int:
    charges = [c for c in _beside(summation, ALLOWANCE_CHARGE) if indicated(c, "true")]
    return len(charges) + len(_beside(summation, LOGISTICS))


def _allowance_count(summation: Element) -> int:
    return len([c for c in _beside(summation, ALLOWANCE_CHARGE) if indicated(c, "false")])


@extended_rule(
    "BR-FXEXT-CO-10",
    bt=["BT-106", "BT-131"],
    en="The sum of invoice line net amounts (BT-106) must equal the net amounts (BT-131) of the lines that are not "
    "sub-lines added up, give or take a cent per line of the invoice.",
    fr="La somme des montants nets des lignes (BT-106) doit égaler le total des montants nets (BT-131) des lignes "
    "qui ne sont pas des sous-lignes, à un centime près par ligne de la facture.",
)
def line_total(ctx: Context) -> Iterator[Any]:
    with localcontext(EXACT):
        for summation in anywhere(ctx, SUMMATION):
            found = _lines_near(summation)
            stated = number(kid(summation, RAM + "LineTotalAmount"))
            if stated is None or beyond(stated - _sum_lines(found), len(found)):
                yield summation


@extended_rule(
    "BR-FXEXT-CO-11",
    bt=["BT-107", "BT-92"],
    en="The sum of allowances on document level (BT-107) must equal the document level allowances (BT-92) added up, "
    "give or take a cent per allowance.",
    fr="La somme des remises au niveau du document (BT-107) doit égaler le total des remises (BT-92), à un centime "
    "près par remise.",
)
def allowance_total(ctx: Context) -> Iterator[Any]:
    if ctx.root is None:
        return
    allowances = _charges(header_settlement(ctx.root), "false")
    with localcontext(EXACT):
        for summation in anywhere(ctx, SUMMATION):
            stated_element = kid(summation, RAM + "AllowanceTotalAmount")
            if not allowances and stated_element is None:
                continue
            # Summed as untyped values, that is as doubles, then rounded to the cent in doubles.
            added = 0.0
            for allowance in allowances:
                for value in allowance.iterchildren(RAM + "ActualAmount"):
                    added += xpath_number(string(value))
            rounded = round_double(added * 10 * 10) / 100
            stated = number(stated_element)
            if stated is None or not math.isfinite(rounded):
                yield summation  # no total stated, or an amount that is no number
            elif beyond(stated - Decimal(rounded), _allowance_count(summation)):
                yield summation


@extended_rule(
    "BR-FXEXT-CO-12",
    bt=["BT-108", "BT-99", "BT-X-272"],
    en="The sum of charges on document level (BT-108) must equal the document level charges (BT-99) and the "
    "logistics service charges (BT-X-272) added up, give or take a cent per charge.",
    fr="La somme des frais au niveau du document (BT-108) doit égaler le total des frais (BT-99) et des frais de "
    "service logistique (BT-X-272), à un centime près par frais.",
)
def charge_total(ctx: Context) -> Iterator[Any]:
    if ctx.root is None:
        return
    settlement = header_settlement(ctx.root)
    charges = _charges(settlement, "true")
    with localcontext(EXACT):
        for summation in anywhere(ctx, SUMMATION):
            stated_element = kid(summation, RAM + "ChargeTotalAmount")
            if not charges and stated_element is None:
                continue
            stated = number(stated_element)
            if stated is None or beyond(stated - _charged(settlement), _charge_count(summation)):
                yield summation


def _amount_count(summation: Element) -> int:
    """The amounts BT-109 adds up: the lines that are no sub-line, the allowances, the charges."""
    found = sum(1 for line in _lines_near(summation) if counted(line))
    return found + _allowance_count(summation) + _charge_count(summation)


@extended_rule(
    "BR-FXEXT-CO-13",
    bt=["BT-109", "BT-131", "BT-92", "BT-99"],
    en="The invoice total without VAT (BT-109) must equal the net amounts of the lines that are not sub-lines "
    "(BT-131), less the allowances (BT-92), plus the charges (BT-99, BT-X-272), give or take a cent per amount.",
    fr="Le total hors TVA (BT-109) doit égaler les montants nets des lignes qui ne sont pas des sous-lignes "
    "(BT-131), moins les remises (BT-92), plus les frais (BT-99, BT-X-272), à un centime près par montant.",
)
def total_without_vat(ctx: Context) -> Iterator[Any]:
    if ctx.root is None:
        return
    settlement = header_settlement(ctx.root)
    allowed = _sum_of(_charges(settlement, "false"), RAM + "ActualAmount")
    charged = _charged(settlement)
    with localcontext(EXACT):
        for summation in anywhere(ctx, SUMMATION):
            stated = number(kid(summation, RAM + "TaxBasisTotalAmount"))
            if stated is None:
                yield summation
                continue
            difference = stated - _sum_lines(_lines_near(summation)) + allowed - charged
            if beyond(difference, _amount_count(summation)):
                yield summation


@extended_rule(
    "BR-FXEXT-CO-15",
    bt=["BT-112", "BT-109", "BT-110"],
    en="The invoice total with VAT (BT-112) must equal the total without VAT (BT-109) plus the VAT total in the "
    "invoice currency (BT-110), give or take a cent per amount of BT-109; with no such VAT total, it must equal "
    "the total without VAT.",
    fr="Le total TTC (BT-112) doit égaler le total hors TVA (BT-109) plus le total de TVA dans la devise de la "
    "facture (BT-110), à un centime près par montant de BT-109 ; sans ce total de TVA, il doit égaler le total "
    "hors TVA.",
)
def total_with_vat(ctx: Context) -> Iterator[Any]:
    with localcontext(EXACT):
        for summation in anywhere(ctx, SUMMATION):
            if not _with_vat_adds_up(summation):
                yield summation


def _with_vat_adds_up(summation: Element) -> bool:
    currencies = _beside(summation, RAM + "InvoiceCurrencyCode")
    if not currencies:
        return False
    currency = string(currencies[0])
    in_currency = [t for t in kids(summation, RAM + "TaxTotalAmount") if t.get("currencyID") == currency]
    without = number(kid(summation, RAM + "TaxBasisTotalAmount"))
    vat = number(in_currency[0]) if in_currency else None
    with_vat = number(kid(summation, RAM + "GrandTotalAmount"))
    if without is None or vat is None or with_vat is None:
        return False  # the schematron's expression has nothing to return, which fails
    if len(in_currency) == 1:
        return not beyond(with_vat - vat - without, _amount_count(summation))
    return without == with_vat


@extended_rule(
    "BR-FXEXT-CO-16",
    bt=["BT-115", "BT-112", "BT-113", "BT-114"],
    en="The amount due for payment (BT-115) must equal the total with VAT (BT-112), less the paid amount (BT-113), "
    "plus the rounding amount (BT-114) and the financial adjustments.",
    fr="Le montant à payer (BT-115) doit égaler le total TTC (BT-112), moins le montant déjà payé (BT-113), plus "
    "l'arrondi (BT-114) et les ajustements financiers.",
)
def amount_due(ctx: Context) -> Iterator[Any]:
    with localcontext(EXACT):
        for summation in anywhere(ctx, SUMMATION):
            due = number(kid(summation, RAM + "DuePayableAmount"))
            itself = [summation]
            expected = (
                _added(itself, RAM + "GrandTotalAmount")
                - _added(itself, RAM + "TotalPrepaidAmount")
                + _added(itself, RAM + "RoundingAmount")
                + _added(_beside(summation, RAM + "SpecifiedFinancialAdjustment"), RAM + "ActualAmount")
            )
            if due is None or due != expected:
                yield summation


def _added(holders: list[Element], tag: str) -> Decimal:
    """``sum(holder/tag/xs:decimal(.))``, unrounded."""
    return total(number(e) for holder in holders for e in holder.iterchildren(tag))
