"""Fill in what EN 16931 lets a sender derive: line net amounts, document totals and the VAT breakdown.

Only what is missing is computed; a value the input gives is kept, so that the rules can still catch an
input whose figures do not add up.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from .amounts import DocumentAllowanceCharge, Totals, VatBreakdown
from .codes import ZERO_TAX_CATEGORIES
from .invoice import Invoice
from .lines import Line

CENT = Decimal("0.01")
HUNDRED = Decimal(100)


def round2(value: Decimal) -> Decimal:
    """Round to the cent, half away from zero, as the CEN rules compute."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _percentage_amount(base: Decimal | None, percentage: Decimal | None) -> Decimal | None:
    if base is None or percentage is None:
        return None
    return round2(base * percentage / HUNDRED)


def line_net_amount(line: Line) -> Decimal | None:
    """BT-131 = quantity × (net price / base quantity) + charges − allowances."""
    if line.quantity is None or line.price is None or line.price.net_price is None:
        return None
    base_quantity = line.price.base_quantity or Decimal(1)
    amount = line.quantity * line.price.net_price / base_quantity
    amount -= sum((a.amount or Decimal(0) for a in line.allowances), Decimal(0))
    amount += sum((c.amount or Decimal(0) for c in line.charges), Decimal(0))
    return round2(amount)


def _complete_line(line: Line) -> None:
    for adjustment in (*line.allowances, *line.charges):
        if adjustment.amount is None:
            adjustment.amount = _percentage_amount(adjustment.base_amount, adjustment.percentage)
    if line.price is not None and line.price.net_price is None and line.price.gross_price is not None:
        line.price.net_price = line.price.gross_price - (line.price.discount or Decimal(0))
    if line.net_amount is None:
        line.net_amount = line_net_amount(line)


def _category_key(category: str | None, rate: Decimal | None) -> tuple[str | None, Decimal | None]:
    return (category, None if rate is None else rate.normalize())


def vat_breakdown(invoice: Invoice) -> list[VatBreakdown]:
    """One entry per (category, rate): lines, minus document allowances, plus document charges."""
    taxable: dict[tuple[str | None, Decimal | None], Decimal] = defaultdict(Decimal)
    rates: dict[tuple[str | None, Decimal | None], Decimal | None] = {}
    for line in invoice.lines:
        if line.vat is None:
            continue
        key = _category_key(line.vat.category_code, line.vat.rate)
        taxable[key] += line.net_amount or Decimal(0)
        rates.setdefault(key, line.vat.rate)
    for sign, adjustments in ((-1, invoice.allowances), (1, invoice.charges)):
        for adjustment in adjustments:
            key = _category_key(adjustment.vat_category_code, adjustment.vat_rate)
            taxable[key] += sign * (adjustment.amount or Decimal(0))
            rates.setdefault(key, adjustment.vat_rate)
    known = {_category_key(b.category_code, b.rate): b for b in invoice.vat_breakdown}
    breakdown = []
    for key, amount in taxable.items():
        category, _ = key
        rate = rates[key]
        given = known.get(key)
        tax = _tax(category, rate, amount)
        breakdown.append(
            VatBreakdown(
                taxable_amount=round2(amount),
                tax_amount=tax,
                category_code=category,
                rate=rate,
                exemption_reason=given.exemption_reason if given else None,
                exemption_reason_code=given.exemption_reason_code if given else None,
            )
        )
    return breakdown


def _tax(category: str | None, rate: Decimal | None, taxable: Decimal) -> Decimal:
    return Decimal("0.00") if category in ZERO_TAX_CATEGORIES else round2(taxable * (rate or 0) / HUNDRED)


def _matching(given: VatBreakdown, computed: list[VatBreakdown]) -> VatBreakdown | None:
    """The computed entry for the same (category, rate); a given entry without a rate matches on its category."""
    key = _category_key(given.category_code, given.rate)
    for entry in computed:
        if _category_key(entry.category_code, entry.rate) == key:
            return entry
    if given.rate is None:
        same_category = [entry for entry in computed if entry.category_code == given.category_code]
        if len(same_category) == 1:
            return same_category[0]
    return None


def _complete_breakdown(invoice: Invoice) -> list[VatBreakdown]:
    """The VAT breakdown with what the input left out filled in, and what it gave kept as given.

    No breakdown at all: computed from the lines. A complete one: kept, right or wrong, for the rules to judge.
    A partial one (say, only the exemption reason of a category): each entry completed from the lines, and the
    categories it did not mention added.
    """
    given = invoice.vat_breakdown
    if given and all(b.taxable_amount is not None and b.tax_amount is not None for b in given):
        return given
    computed = vat_breakdown(invoice)
    if not given:
        return computed
    used: list[VatBreakdown] = []
    for entry in given:
        match = _matching(entry, computed)
        if match is not None:
            used.append(match)
            if entry.rate is None:
                entry.rate = match.rate
        if entry.taxable_amount is None and match is not None:
            entry.taxable_amount = match.taxable_amount
        if entry.tax_amount is None and entry.taxable_amount is not None:
            entry.tax_amount = _tax(entry.category_code, entry.rate, entry.taxable_amount)
    return [*given, *(entry for entry in computed if not any(entry is u for u in used))]


def _sum(amounts: list[DocumentAllowanceCharge]) -> Decimal | None:
    return round2(sum((a.amount or Decimal(0) for a in amounts), Decimal(0))) if amounts else None


def complete(invoice: Invoice) -> Invoice:
    """A copy of ``invoice`` with every derivable amount filled in."""
    invoice = invoice.model_copy(deep=True)
    for line in invoice.lines:
        _complete_line(line)
    for adjustment in (*invoice.allowances, *invoice.charges):
        if adjustment.amount is None:
            adjustment.amount = _percentage_amount(adjustment.base_amount, adjustment.percentage)
    invoice.vat_breakdown = _complete_breakdown(invoice)
    totals = invoice.totals or Totals()
    if totals.line_net_total is None:
        totals.line_net_total = round2(sum((ln.net_amount or Decimal(0) for ln in invoice.lines), Decimal(0)))
    if totals.allowance_total is None:
        totals.allowance_total = _sum(invoice.allowances)
    if totals.charge_total is None:
        totals.charge_total = _sum(invoice.charges)
    if totals.tax_exclusive_amount is None:
        totals.tax_exclusive_amount = totals.line_net_total - (totals.allowance_total or 0) + (totals.charge_total or 0)
    if totals.vat_total is None:
        totals.vat_total = round2(sum((b.tax_amount or Decimal(0) for b in invoice.vat_breakdown), Decimal(0)))
    if totals.tax_inclusive_amount is None:
        totals.tax_inclusive_amount = totals.tax_exclusive_amount + totals.vat_total
    if totals.amount_due is None:
        totals.amount_due = totals.tax_inclusive_amount - (totals.prepaid_amount or 0) + (totals.rounding_amount or 0)
    invoice.totals = totals
    return invoice
