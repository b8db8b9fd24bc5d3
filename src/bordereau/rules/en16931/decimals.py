"""Decimal rules BR-DEC-*: amounts written with at most two decimals.

The model keeps each amount as an exact ``Decimal`` with the digits it was written with, so ``12.50`` has two
decimals and ``12.500`` three, as the schematron counts the characters after the point. The two rules on the
VAT totals (BR-DEC-13, BR-DEC-15) are the exception: the CII binding compares their values per currency, and
the UBL one, as published, can never fail (its test looks for the currency code inside the amount), so for UBL
documents they stay silent like the official artefact; JSON input gets the plain two-decimal check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from ..engine import Context, rule
from .rawxml import (
    RAM,
    cii_settlement,
    decimals,
    indicated,
    kid,
    kids,
    kind,
    monetary_totals,
    number,
    place,
    tax_entries,
)

Check = Callable[[Context], Iterator[Any]]


def _too_precise(value: Decimal | None) -> bool:
    return value is not None and decimals(value) > 2


def _declare(rule_id: str, bt: str, what_fr: str, what_en: str, check: Check) -> None:
    rule(
        rule_id,
        bt=[bt],
        fr=f"{what_fr} ({bt}) vaut {{value}} : pas plus de deux décimales.",
        en=f"{what_en} ({bt}) is {{value}}: no more than two decimals.",
    )(check)


def _found(where: Any, value: Decimal) -> tuple[Any, dict[str, str]]:
    return where, {"value": format(value, "f")}


# --- Document totals --------------------------------------------------------------------------------------------------


def _total_check(field: str) -> Check:
    def check(ctx: Context) -> Iterator[Any]:
        totals = monetary_totals(ctx)
        value = None if totals is None else getattr(totals, field)
        if _too_precise(value):
            yield _found(place(ctx, totals, "totals"), value)  # type: ignore[arg-type]

    check.__doc__ = f"Two decimals at most for the document total {field}."
    return check


for _id, _bt, _field, _fr, _en in (
    ("BR-DEC-09", "BT-106", "line_net_total", "La somme des montants nets des lignes", "The sum of line net amounts"),
    ("BR-DEC-10", "BT-107", "allowance_total", "Le total des remises", "The sum of allowances"),
    ("BR-DEC-11", "BT-108", "charge_total", "Le total des frais", "The sum of charges"),
    ("BR-DEC-12", "BT-109", "tax_exclusive_amount", "Le total hors TVA", "The total without VAT"),
    ("BR-DEC-14", "BT-112", "tax_inclusive_amount", "Le total TVA comprise", "The total with VAT"),
    ("BR-DEC-16", "BT-113", "prepaid_amount", "Le montant déjà payé", "The paid amount"),
    ("BR-DEC-17", "BT-114", "rounding_amount", "L'arrondi", "The rounding amount"),
    ("BR-DEC-18", "BT-115", "amount_due", "Le montant à payer", "The amount due for payment"),
):
    _declare(_id, _bt, _fr, _en, _total_check(_field))


def _vat_total_check(accounting: bool) -> Check:
    def check(ctx: Context) -> Iterator[Any]:
        if ctx.root is None:
            totals = ctx.invoice.totals
            value = None if totals is None else (totals.vat_total_accounting if accounting else totals.vat_total)
            if _too_precise(value):
                yield _found("totals", value)  # type: ignore[arg-type]
        elif kind(ctx) == "cii":
            yield from _cii_vat_total(ctx, accounting)

    check.__doc__ = "Two decimals at most for the VAT total" + (" in accounting currency." if accounting else ".")
    return check


def _cii_vat_total(ctx: Context, accounting: bool) -> Iterator[Any]:
    """Passes when one VAT total is fine: in the currency looked at and to the cent, or (see below) elsewhere."""
    settlement = cii_settlement(ctx.root)
    summation = kid(settlement, RAM + "SpecifiedTradeSettlementHeaderMonetarySummation")
    amounts = kids(summation, RAM + "TaxTotalAmount")
    if not amounts:
        return
    codes = kids(settlement, RAM + "TaxCurrencyCode" if accounting else RAM + "InvoiceCurrencyCode")
    if accounting and not codes:
        return
    currencies = {e.text or "" for e in codes}

    def fine(amount: Any) -> bool:
        value = number(amount)
        in_currency = amount.get("currencyID") in currencies
        # To the cent, compared in doubles; BR-DEC-13 lets an amount in another currency pass, BR-DEC-15 does not.
        cents = value is not None and math.floor(float(value) * 100 + 0.5) / 100 == float(value)
        return (in_currency and cents) or (not accounting and not in_currency)

    if not any(fine(a) for a in amounts):
        worst = next((number(a) for a in amounts if number(a) is not None), None)
        yield (summation, {"value": "—" if worst is None else format(worst, "f")})


_declare("BR-DEC-13", "BT-110", "Le total de la TVA", "The invoice total VAT amount", _vat_total_check(False))
_declare(
    "BR-DEC-15",
    "BT-111",
    "Le total de la TVA en devise de comptabilisation",
    "The total VAT amount in accounting currency",
    _vat_total_check(True),
)


# --- Allowances, charges, VAT breakdown, lines ------------------------------------------------------------------------


def _each(ctx: Context, items: Iterable[Any], field: str, *where: str | int) -> Iterator[Any]:
    for i, item in enumerate(items, 1):
        value = getattr(item, field)
        if value is not None and decimals(value) > 2:
            yield _found(place(ctx, item, *where, i), value)


def _document_check(which: str, field: str) -> Check:
    def check(ctx: Context) -> Iterator[Any]:
        yield from _each(ctx, indicated(ctx, getattr(ctx.invoice, which), which == "charges"), field, which)

    check.__doc__ = f"Two decimals at most for the {field} of each document level {which}."
    return check


def _line_check(which: str, field: str) -> Check:
    def check(ctx: Context) -> Iterator[Any]:
        for i, line in enumerate(ctx.invoice.lines, 1):
            items = getattr(line, which)
            if items:
                yield from _each(ctx, indicated(ctx, items, which == "charges"), field, "lines", i, which)

    check.__doc__ = f"Two decimals at most for the {field} of each line {which}."
    return check


def _breakdown_check(field: str) -> Check:
    def check(ctx: Context) -> Iterator[Any]:
        for entry in tax_entries(ctx):
            value = getattr(entry, field)
            if _too_precise(value):
                yield _found(entry.where, value)

    check.__doc__ = f"Two decimals at most for the {field} of each VAT breakdown."
    return check


def _line_amount(ctx: Context) -> Iterator[Any]:
    """Two decimals at most for each line net amount."""
    yield from _each(ctx, ctx.invoice.lines, "net_amount", "lines")


for _id, _bt, _fr, _en, _check in (
    ("BR-DEC-01", "BT-92", "Une remise", "A document level allowance", _document_check("allowances", "amount")),
    (
        "BR-DEC-02",
        "BT-93",
        "La base d'une remise",
        "A document level allowance base amount",
        _document_check("allowances", "base_amount"),
    ),
    ("BR-DEC-05", "BT-99", "Un frais", "A document level charge", _document_check("charges", "amount")),
    (
        "BR-DEC-06",
        "BT-100",
        "La base d'un frais",
        "A document level charge base amount",
        _document_check("charges", "base_amount"),
    ),
    ("BR-DEC-19", "BT-116", "Une base imposable", "A VAT category taxable amount", _breakdown_check("taxable")),
    ("BR-DEC-20", "BT-117", "Un montant de TVA", "A VAT category tax amount", _breakdown_check("tax")),
    ("BR-DEC-23", "BT-131", "Le montant net d'une ligne", "An invoice line net amount", _line_amount),
    ("BR-DEC-24", "BT-136", "Une remise de ligne", "An invoice line allowance", _line_check("allowances", "amount")),
    (
        "BR-DEC-25",
        "BT-137",
        "La base d'une remise de ligne",
        "An invoice line allowance base amount",
        _line_check("allowances", "base_amount"),
    ),
    ("BR-DEC-27", "BT-141", "Un frais de ligne", "An invoice line charge", _line_check("charges", "amount")),
    (
        "BR-DEC-28",
        "BT-142",
        "La base d'un frais de ligne",
        "An invoice line charge base amount",
        _line_check("charges", "base_amount"),
    ),
):
    _declare(_id, _bt, _fr, _en, _check)
