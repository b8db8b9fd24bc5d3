"""Factur-X EXTENDED: the VAT categories (BR-FXEXT-xx-01, -08b, -08ini, -08rev, S-09b), as its schematron checks them.

For each of the nine categories of :mod:`.vat`:

- ``01``: the breakdown (BG-23) has an entry of the category if and only if something uses it: a line that is no
  sub-line, a document or line allowance or charge, a logistics service charge (BG-X-42). Unlike BR-xx-01, an
  entry that nothing uses fails too.
- ``08``: an entry's taxable amount (BT-116) equals what its category adds up: the net amounts of the lines that
  are no sub-line, less the document allowances, plus the document charges and the logistics service charges,
  give or take a cent per amount added. ``ini`` counts what has the entry's category and rate; ``rev`` also asks
  for the same exemption reason, text and code (BT-120, BT-121); ``b``, the fatal one, is met when either is.
  Category O has no rate: its amounts are taken whatever their rate.
- ``S-09b``: a standard rated entry's VAT amount (BT-117) is its taxable amount times its rate, rounded to the
  cent, give or take a cent per amount of the category (by rate, with or without the exemption reasons).

An entry that lacks what a check needs (a rate, a taxable amount, a VAT amount) fails it, as in the schematron,
whose expression then has nothing to return.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext
from typing import Any

from ..engine import Context
from .extended import (
    ALLOWANCE_CHARGE,
    APPLIED_TAX,
    CATEGORY_TAX,
    CHARGE_INDICATOR,
    HEADER_SETTLEMENT,
    INDICATOR,
    LINE_SETTLEMENT,
    LINE_SUMMATION,
    LINE_TOTAL,
    LOGISTICS,
    RATE,
    TRADE_TAX,
    anywhere,
    codes_of,
    counted,
    extended_rule,
    first_text,
    header_settlement,
    lines,
    vat_typed,
)
from .extended_totals import EXACT, beyond
from .rawxml import RAM, Element, kid, kids, number, round2, total, xround
from .syntax_common import text as string
from .vat import CATEGORIES, Category

NO_RATE = "O"  # the category whose checks take every rate


@dataclass(frozen=True, slots=True)
class _Filter:
    """What makes an amount count for a breakdown entry: its category, its rate (None: any), its exemption."""

    category: str
    rate: Decimal | None
    exemption: tuple[str, str] | None  # (code, text), normalized; None: any

    def accepts(self, taxes: list[Element]) -> bool:
        """Whether the taxes of a line, an allowance or a charge meet the filter, each part by any of them."""
        if not any(self.category in codes_of(tax) for tax in taxes):
            return False
        if self.rate is not None and not any(_rate(tax) == self.rate for tax in taxes):
            return False
        if self.exemption is not None:
            code = first_text([e for tax in taxes for e in tax.iterchildren(RAM + "ExemptionReasonCode")])
            reason = first_text([e for tax in taxes for e in tax.iterchildren(RAM + "ExemptionReason")])
            return (code, reason) == self.exemption
        return True


def _rate(tax: Element) -> Decimal | None:
    return number(kid(tax, RATE))


def _flags(charge: Element) -> set[bool]:
    """``ram:ChargeIndicator/udt:Indicator`` read as booleans (``true``/``1``, ``false``/``0``)."""
    indicators = (i for c in charge.iterchildren(CHARGE_INDICATOR) for i in c.iterchildren(INDICATOR))
    values = (string(i).strip(" \t\r\n") for i in indicators)
    return {value in ("true", "1") for value in values if value in ("true", "1", "false", "0")}


@dataclass(frozen=True, slots=True)
class _Amounts:
    """What a breakdown entry's checks add up, for one filter: the sums rounded to the cent, and how many."""

    lines: Decimal
    allowances: Decimal
    charges: Decimal
    logistics: Decimal
    count: int

    def taxable(self) -> Decimal:
        return self.lines - self.allowances + self.charges + self.logistics


def _amounts(root: Element, wanted: _Filter) -> _Amounts:
    found = [line for line in lines(root) if counted(line)]
    settlements = [s for line in found for s in line.iterchildren(LINE_SETTLEMENT)]
    line_sum = total(
        number(kid(m, LINE_TOTAL))
        for s in settlements
        if wanted.accepts(kids(s, TRADE_TAX))
        for m in s.iterchildren(LINE_SUMMATION)
    )
    line_count = sum(1 for line in found if wanted.accepts(_line_taxes(line)))
    settlement = header_settlement(root)
    charges = [c for c in kids(settlement, ALLOWANCE_CHARGE) if wanted.accepts(kids(c, CATEGORY_TAX))]
    allowed = total(number(kid(c, RAM + "ActualAmount")) for c in charges if False in _flags(c))
    charged = total(number(kid(c, RAM + "ActualAmount")) for c in charges if True in _flags(c))
    logistics = [c for c in kids(settlement, LOGISTICS) if wanted.accepts(kids(c, APPLIED_TAX))]
    logistic_sum = total(number(kid(c, RAM + "AppliedAmount")) for c in logistics)
    count = line_count + len(charges) + len(logistics)
    return _Amounts(round2(line_sum), round2(allowed), round2(charged), round2(logistic_sum), count)


def _line_taxes(line: Element) -> list[Element]:
    return [tax for s in line.iterchildren(LINE_SETTLEMENT) for tax in s.iterchildren(TRADE_TAX)]


@dataclass(frozen=True, slots=True)
class _Entry:
    """One breakdown entry (BG-23) of a category, and what its checks found."""

    tax: Element
    by_rate: _Amounts | None  # ini: the amounts of its category and rate; None when the entry cannot be checked
    by_reason: _Amounts | None  # rev: … and exemption reason
    taxable: Decimal | None
    rate: Decimal | None


def _entries(ctx: Context, code: str, vat_only: bool = True) -> list[_Entry]:
    """The breakdown entries of a category, each with its amounts (``vat_only``: of a trade tax typed VAT)."""
    found = []
    for settlement in anywhere(ctx, HEADER_SETTLEMENT):
        for tax in settlement.iterchildren(TRADE_TAX):
            if code in codes_of(tax) and (vat_typed(tax) or not vat_only):
                found.append(_entry(ctx, tax, code))
    return found


def _entry(ctx: Context, tax: Element, code: str) -> _Entry:
    """The facts of one entry, worked out once per run for all the checks that read them."""
    memo = ctx.memo.setdefault("extended.entries", {})
    if tax not in memo:
        rate = None if code == NO_RATE else _rate(tax)
        taxable = number(kid(tax, RAM + "BasisAmount"))
        root = ctx.root
        if root is None or taxable is None or (rate is None and code != NO_RATE):
            memo[tax] = _Entry(tax, None, None, taxable, rate)
        else:
            reason = (
                first_text(kids(tax, RAM + "ExemptionReasonCode")),
                first_text(kids(tax, RAM + "ExemptionReason")),
            )
            by_rate, by_reason = _amounts(root, _Filter(code, rate, None)), _amounts(root, _Filter(code, rate, reason))
            memo[tax] = _Entry(tax, by_rate, by_reason, taxable, rate)
    return memo[tax]  # type: ignore[no-any-return]


def _meets(entry: _Entry, amounts: _Amounts | None) -> bool:
    if amounts is None or entry.taxable is None:
        return False
    with localcontext(EXACT):
        return not beyond(entry.taxable - amounts.taxable(), amounts.count)


# --- 01: an entry in the breakdown if and only if the category is used ---------------------------------------------


def _in_use(ctx: Context, code: str) -> bool:
    for settlement in anywhere(ctx, LINE_SETTLEMENT):
        line = settlement.getparent()
        used = any(code in codes_of(tax) for tax in settlement.iterchildren(TRADE_TAX))
        if used and line is not None and counted(line):
            return True
    return any(code in codes_of(tax) for tag in (CATEGORY_TAX, APPLIED_TAX) for tax in anywhere(ctx, tag))


def _presence(code: str) -> Any:
    def check(ctx: Context) -> Iterator[Any]:
        entries = [
            tax
            for settlement in anywhere(ctx, HEADER_SETTLEMENT)
            for tax in settlement.iterchildren(TRADE_TAX)
            if code in codes_of(tax)
        ]
        if ctx.root is not None and bool(entries) != _in_use(ctx, code):
            yield ctx.root

    return check


# --- 08: the taxable amount of each entry ---------------------------------------------------------------------------


def _taxable(code: str, variant: str) -> Any:
    def check(ctx: Context) -> Iterator[Any]:
        for entry in _entries(ctx, code):
            by_rate, by_reason = _meets(entry, entry.by_rate), _meets(entry, entry.by_reason)
            ok = {"b": by_rate or by_reason, "ini": by_rate, "rev": by_reason}[variant]
            if not ok:
                yield entry.tax

    return check


# --- S-09b: the VAT amount of each standard rated entry ------------------------------------------------------------


def _standard_vat(ctx: Context) -> Iterator[Any]:
    for entry in _entries(ctx, "S", vat_only=False):
        vat = number(kid(entry.tax, RAM + "CalculatedAmount"))
        if entry.by_rate is None or entry.by_reason is None or vat is None:
            yield entry.tax
            continue
        with localcontext(EXACT):
            difference = vat - xround(entry.taxable * entry.rate) / 100  # type: ignore[operator]
            if beyond(difference, entry.by_reason.count) and beyond(difference, entry.by_rate.count):
                yield entry.tax


def _listed(parts: list[str], conjunction: str) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def _sharing(rated: bool, reason: bool) -> tuple[str, str]:
    """What the amounts an entry adds up share with it, in English and in French."""
    en, fr = ["category"], ["de la même catégorie"]
    if rated:
        en, fr = [*en, "rate"], [*fr, "du même taux"]
    if reason:
        en, fr = [*en, "exemption reason (BT-120, BT-121)"], [*fr, "du même motif d'exonération (BT-120, BT-121)"]
    return f"of the same {_listed(en, 'and')}", _listed(fr, "et")


def _register(category: Category) -> None:
    family, label_en, label_fr = category.family, category.label_en, category.label_fr
    rated = category.code != NO_RATE
    extended_rule(
        f"BR-FXEXT-{family}-01",
        bt=["BT-118", "BT-151", "BT-95", "BT-102"],
        en=f"The VAT breakdown (BG-23) must have an entry of {label_en} if and only if a line that is not a sub-line, "
        "an allowance, a charge or a logistics service charge is of that category.",
        fr=f"La ventilation de la TVA (BG-23) doit avoir une entrée de la {label_fr} si et seulement si une ligne qui "
        "n'est pas une sous-ligne, une remise, des frais ou des frais de service logistique sont de cette catégorie.",
    )(_presence(category.code))

    def taxable(reason: bool) -> tuple[str, str]:
        same_en, same_fr = _sharing(rated, reason)
        return (
            f"The taxable amount (BT-116) of an entry of {label_en} must equal the net amounts of the lines that are "
            "not sub-lines, less the document allowances, plus the document charges and logistics service charges, "
            f"{same_en}, give or take a cent per amount",
            f"La base d'imposition (BT-116) d'une entrée de la {label_fr} doit égaler les montants nets des lignes qui "
            "ne sont pas des sous-lignes, moins les remises, plus les frais et frais de service logistique au niveau "
            f"du document, {same_fr}, à un centime près par montant",
        )

    by_rate, by_reason = taxable(False), taxable(True)
    bts = ["BT-116", "BT-118", "BT-119", "BT-131", "BT-92", "BT-99"]
    extended_rule(
        "BR-FXEXT-S08b" if family == "S" else f"BR-FXEXT-{family}-08b",
        bt=bts,
        en=f"{by_rate[0]}, or at least when only the amounts that also share its exemption reason (BT-120, BT-121) "
        "are counted.",
        fr=f"{by_rate[1]}, ou du moins en ne comptant que les montants qui partagent aussi son motif d'exonération "
        "(BT-120, BT-121).",
    )(_taxable(category.code, "b"))
    extended_rule(f"BR-FXEXT-{family}-08ini", severity="warning", bt=bts, en=f"{by_rate[0]}.", fr=f"{by_rate[1]}.")(
        _taxable(category.code, "ini")
    )
    extended_rule(
        f"BR-FXEXT-{family}-08rev",
        severity="warning",
        bt=[*bts, "BT-120", "BT-121"],
        en=f"{by_reason[0]}.",
        fr=f"{by_reason[1]}.",
    )(_taxable(category.code, "rev"))


for _category in CATEGORIES:
    _register(_category)

extended_rule(
    "BR-FXEXT-S-09b",
    bt=["BT-117", "BT-116", "BT-119"],
    en='The VAT amount (BT-117) of an entry of category "S" must be its taxable amount (BT-116) times its rate '
    "(BT-119), rounded to the cent, give or take a cent per amount of that category and rate.",
    fr="Le montant de TVA (BT-117) d'une entrée de la catégorie « S » doit être sa base d'imposition (BT-116) "
    "multipliée par son taux (BT-119), arrondie au centime, à un centime près par montant de cette catégorie et de "
    "ce taux.",
)(_standard_vat)
