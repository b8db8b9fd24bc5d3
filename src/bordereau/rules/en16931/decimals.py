"""Decimal rules BR-DEC-*: amounts written with at most two decimals.

The schematron counts the characters after the point in the amount as written: ``12.50`` has two decimals,
``12.500`` three, and so has ``12.50 `` (the spaces around a value count too, though the XSD allows them). For
an XML document the rules therefore read the amount's text in the source; for JSON input, which has no text,
the model's ``Decimal`` keeps the digits it was written with and is counted instead. The two rules on the
VAT totals (BR-DEC-13, BR-DEC-15) are the exception: the CII binding compares their values per currency, and
the UBL one, as published, can never fail (its test looks for the currency code inside the amount), so for UBL
documents they stay silent like the official artefact; JSON input gets the plain two-decimal check.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from lxml import etree

from ..engine import Context, Family
from .memo import per_run
from .rawxml import (
    CBC,
    NO_HITS,
    RAM,
    XPATH_NS,
    Hits,
    children,
    decimals,
    first,
    indicated,
    kind,
    monetary_totals,
    number,
    path,
    place,
    settlement,
    source,
    tax_entries,
)

# The rules of this module run as one batch (see :class:`~bordereau.rules.engine.Family`).
rule = Family(__name__).rule

Check = Callable[[Context], Iterator[Any]]
Tags = tuple[str, ...]


def _too_precise(value: Decimal | None) -> bool:
    return value is not None and decimals(value) > 2


def _written(ctx: Context, element: Any, value: Decimal | None, ubl: Tags, cii: Tags) -> str | None:
    """The amount as shown in a finding when it has more than two decimals, else None.

    ``element`` is where the group was read from; the amount is the first element down ``ubl`` or ``cii`` below
    it, and its decimals are the characters after the first point of its text (``substring-after(x, '.')``),
    whatever the model made of it. Without a source element, the model's value is counted.
    """
    if ctx.root is None or element is None:
        return format(value, "f") if _too_precise(value) else None
    return _shown(path(element, *(ubl if kind(ctx) == "ubl" else cii)))


def _shown(found: Any) -> str | None:
    """The text of an amount element when it has more than two decimals, else None."""
    raw = None if found is None else (found.text or "")
    return raw.strip() if raw is not None and len(raw.partition(".")[2]) > 2 else None


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
    def check(ctx: Context) -> Hits:
        shown = per_run(ctx, "decimals.totals", _precise_totals).get(field)
        return NO_HITS if shown is None else [(place(ctx, monetary_totals(ctx), "totals"), {"value": shown})]

    check.__doc__ = f"Two decimals at most for the document total {field}."
    return check


def _precise_totals(ctx: Context) -> dict[str, str]:
    """The document totals written with more than two decimals, as shown, by field: worked out once for the
    eight rules."""
    found: dict[str, str] = {}
    totals = monetary_totals(ctx)
    if totals is None:
        return found
    element = source(totals)
    if ctx.root is None or element is None:
        for field, ubl_tag, cii_tag in _TOTALS:
            shown = _written(ctx, element, getattr(totals, field), (ubl_tag,), (cii_tag,))
            if shown is not None:
                found[field] = shown
        return found
    parts = children(ctx, element)
    ubl = kind(ctx) == "ubl"
    for field, ubl_tag, cii_tag in _TOTALS:
        shown = _shown(first(parts, ubl_tag if ubl else cii_tag))
        if shown is not None:
            found[field] = shown
    return found


_TOTALS: list[tuple[str, str, str]] = []  # (field, UBL tag, CII tag) of each total

for _id, _bt, _field, _ubl, _cii, _fr, _en in (
    ("BR-DEC-09", "BT-106", "line_net_total", "LineExtensionAmount", "LineTotalAmount",
     "La somme des montants nets des lignes", "The sum of line net amounts"),
    ("BR-DEC-10", "BT-107", "allowance_total", "AllowanceTotalAmount", "AllowanceTotalAmount",
     "Le total des remises", "The sum of allowances"),
    ("BR-DEC-11", "BT-108", "charge_total", "ChargeTotalAmount", "ChargeTotalAmount",
     "Le total des frais", "The sum of charges"),
    ("BR-DEC-12", "BT-109", "tax_exclusive_amount", "TaxExclusiveAmount", "TaxBasisTotalAmount",
     "Le total hors TVA", "The total without VAT"),
    ("BR-DEC-14", "BT-112", "tax_inclusive_amount", "TaxInclusiveAmount", "GrandTotalAmount",
     "Le total TVA comprise", "The total with VAT"),
    ("BR-DEC-16", "BT-113", "prepaid_amount", "PrepaidAmount", "TotalPrepaidAmount",
     "Le montant déjà payé", "The paid amount"),
    ("BR-DEC-17", "BT-114", "rounding_amount", "PayableRoundingAmount", "RoundingAmount",
     "L'arrondi", "The rounding amount"),
    ("BR-DEC-18", "BT-115", "amount_due", "PayableAmount", "DuePayableAmount",
     "Le montant à payer", "The amount due for payment"),
):  # fmt: skip
    _TOTALS.append((_field, CBC + _ubl, RAM + _cii))
    _declare(_id, _bt, _fr, _en, _total_check(_field))


def _vat_total_check(accounting: bool) -> Check:
    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        if ctx.root is None:
            totals = ctx.invoice.totals
            value = None if totals is None else (totals.vat_total_accounting if accounting else totals.vat_total)
            if _too_precise(value):
                hits.append(_found("totals", value))  # type: ignore[arg-type]
        elif kind(ctx) == "cii":
            hits.extend(_cii_vat_total(ctx, accounting))
        return hits

    check.__doc__ = "Two decimals at most for the VAT total" + (" in accounting currency." if accounting else ".")
    return check


def _cii_vat_total(ctx: Context, accounting: bool) -> Hits:
    """Passes when one VAT total is fine: in the currency looked at and to the cent, or (see below) elsewhere."""
    header = children(ctx, settlement(ctx))
    summation = first(header, RAM + "SpecifiedTradeSettlementHeaderMonetarySummation")
    amounts = children(ctx, summation).get(RAM + "TaxTotalAmount")
    if not amounts:
        return NO_HITS
    codes = header.get(RAM + "TaxCurrencyCode" if accounting else RAM + "InvoiceCurrencyCode", [])
    if accounting and not codes:
        return NO_HITS
    currencies = {e.text or "" for e in codes}

    def fine(amount: Any) -> bool:
        value = number(amount)
        in_currency = amount.get("currencyID") in currencies
        # To the cent, compared in doubles; BR-DEC-13 lets an amount in another currency pass, BR-DEC-15 does not.
        cents = value is not None and math.floor(float(value) * 100 + 0.5) / 100 == float(value)
        return (in_currency and cents) or (not accounting and not in_currency)

    if any(fine(a) for a in amounts):
        return NO_HITS
    worst = next((number(a) for a in amounts if number(a) is not None), None)
    return [(summation, {"value": "—" if worst is None else format(worst, "f")})]


_declare("BR-DEC-13", "BT-110", "Le total de la TVA", "The invoice total VAT amount", _vat_total_check(False))
_declare(
    "BR-DEC-15",
    "BT-111",
    "Le total de la TVA en devise de comptabilisation",
    "The total VAT amount in accounting currency",
    _vat_total_check(True),
)


# --- Allowances, charges, VAT breakdown, lines ------------------------------------------------------------------------


# Where each amount is below the element its group was read from.
_TAGS: dict[str, tuple[Tags, Tags]] = {
    "amount": ((CBC + "Amount",), (RAM + "ActualAmount",)),
    "base_amount": ((CBC + "BaseAmount",), (RAM + "BasisAmount",)),
    "net_amount": (
        (CBC + "LineExtensionAmount",),
        (
            RAM + "SpecifiedLineTradeSettlement",
            RAM + "SpecifiedTradeSettlementLineMonetarySummation",
            RAM + "LineTotalAmount",
        ),
    ),
}


def _each(ctx: Context, items: Iterable[Any], field: str, *where: str | int) -> Hits:
    hits: list[Any] = []
    ubl, cii = _TAGS[field]
    for i, item in enumerate(items, 1):
        shown = _written(ctx, source(item), getattr(item, field), ubl, cii)
        if shown is not None:
            hits.append((place(ctx, item, *where, i), {"value": shown}))
    return hits


def _document_check(which: str, field: str) -> Check:
    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        hits.extend(_each(ctx, indicated(ctx, getattr(ctx.invoice, which), which == "charges"), field, which))
        return hits

    check.__doc__ = f"Two decimals at most for the {field} of each document level {which}."
    return check


def _line_check(which: str, field: str) -> Check:
    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        for i, line in enumerate(ctx.invoice.lines, 1):
            items = getattr(line, which)
            if items:
                hits.extend(_each(ctx, indicated(ctx, items, which == "charges"), field, "lines", i, which))
        return hits

    check.__doc__ = f"Two decimals at most for the {field} of each line {which}."
    return check


def _breakdown_check(field: str) -> Check:
    ubl, cii = {
        "taxable": ((CBC + "TaxableAmount",), (RAM + "BasisAmount",)),
        "tax": ((CBC + "TaxAmount",), (RAM + "CalculatedAmount",)),
    }[field]

    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        for entry in tax_entries(ctx):
            if ctx.root is None:
                shown = _written(ctx, None, getattr(entry, field), ubl, cii)
            else:
                # The entry keeps the amount elements it was read from (the first of each below it).
                shown = _shown(entry.taxable_element if field == "taxable" else entry.tax_element)
            if shown is not None:
                hits.append((entry.where, {"value": shown}))
        return hits

    check.__doc__ = f"Two decimals at most for the {field} of each VAT breakdown."
    return check


def _line_amount(ctx: Context) -> Hits:
    """Two decimals at most for each line net amount."""
    if ctx.root is not None and not _PRECISE_LINE_AMOUNTS[kind(ctx)](ctx.root):
        return NO_HITS  # no such amount anywhere in the document: no line can have one
    return _each(ctx, ctx.invoice.lines, "net_amount", "lines")


# Whether any element of the name a line's net amount has holds more than two characters after its first point
# (its whole text: at least as many as its own first text). Nearly always false: the lines need not be visited.
_PRECISE = "[string-length(substring-after(., '.')) > 2])"
_PRECISE_LINE_AMOUNTS = {
    "ubl": etree.XPath("boolean(descendant::cbc:LineExtensionAmount" + _PRECISE, namespaces=XPATH_NS),
    "cii": etree.XPath("boolean(descendant::ram:LineTotalAmount" + _PRECISE, namespaces=XPATH_NS),
}


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
