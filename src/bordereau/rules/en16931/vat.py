"""VAT category rules: BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF (IGIC) and BR-AG (IPSI), checks 01 to 10.

Every VAT category is checked in the same ten ways: a breakdown entry exists when the category is used (01), the
parties carry the identifiers the category needs, for a line (02), an allowance (03) or a charge (04), the rate
has the right shape on a line (05), an allowance (06) or a charge (07), and each breakdown entry of the category
has the right taxable amount (08), VAT amount (09) and exemption reason (10). One table describes the categories;
the checks are written once and registered for each of them.

The UBL and CII artefacts of CEN 1.3.16 do not always say the same thing (which count triggers check 01, whether
a party check fires once per invoice or once per line, rounding and tolerance in 08 and 09, two IGIC/IPSI checks
the CII artefact leaves empty); each syntax gets its artefact's verdict, and JSON input follows the UBL one, the
closest to the text of EN 16931. The extra checks of some families (BR-IC-11/12, BR-O-11 to 14) and the split
payment rules (BR-B) are in :mod:`.vat_special`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..engine import Context, rule
from .rawxml import Hits
from .vat_facts import (
    HUNDRED,
    ONE,
    REQUIREMENTS,
    ZERO,
    adjustments_in,
    breakdown_in,
    cii_indicator,
    exemption_present,
    lines_in,
    net_total,
    orphans_in,
    parties,
    rate_present,
    raw_code,
    round2,
    show,
    vat_index,
    where,
)


@dataclass(frozen=True, slots=True)
class Category:
    """One VAT category (BT-118 code) and what its rule family asks."""

    code: str
    family: str  # the rule ids are BR-<family>-nn
    en: str
    fr: str
    parties: str  # a kind of vat_facts.REQUIREMENTS
    rate: str  # "positive", "zero", "not-negative" or "absent"
    exempt: bool  # True: an exemption reason is required; False: it is forbidden
    by_rate: bool  # True for the categories with a real rate (S, L, M): amounts are checked rate by rate

    @property
    def label_en(self) -> str:
        return f'category "{self.code}" ({self.en})'

    @property
    def label_fr(self) -> str:
        return f"catégorie « {self.code} » ({self.fr})"


CATEGORIES = (
    Category("S", "S", "standard rated", "taux normal", "registered", "positive", False, True),
    Category("Z", "Z", "zero rated", "taux zéro", "registered", "zero", False, False),
    Category("E", "E", "exempt from VAT", "exonéré de TVA", "registered", "zero", True, False),
    Category("AE", "AE", "VAT reverse charge", "autoliquidation", "reverse", "zero", True, False),
    Category("K", "IC", "intra-community supply", "livraison intracommunautaire", "intra", "zero", True, False),
    Category("G", "G", "export outside the EU", "exportation hors de l'UE", "vat", "zero", True, False),
    Category("O", "O", "not subject to VAT", "hors champ de la TVA", "none", "absent", True, False),
    Category("L", "AF", "IGIC, Canary Islands", "IGIC, îles Canaries", "registered", "not-negative", False, True),
    Category("M", "AG", "IPSI, Ceuta and Melilla", "IPSI, Ceuta et Melilla", "registered", "not-negative", False, True),
)

Check = Callable[[Context], Iterator[Any]]


# The checks of each category, by its code: the engine runs them as one batch (see :func:`_in_use_categories`).
_BY_CODE: dict[str, list[tuple[str, Check]]] = {}


def _register(category: Category, number: int, bts: list[str], en: str, fr: str, check: Check) -> None:
    rule_id = f"BR-{category.family}-{number:02d}"
    _BY_CODE.setdefault(category.code, []).append((rule_id, check))
    rule(rule_id, bt=bts, en=en, fr=fr, batch=_in_use_categories)(check)


def _in_use_categories(ctx: Context) -> dict[str, list[Any]]:
    """The hits of the category rules, run for the categories the invoice uses somewhere and for no other.

    Every check of a category starts from its lines, allowances, charges or breakdown entries: one the invoice
    does not use anywhere cannot fire, and most invoices use one or two of the nine.
    """
    hits: dict[str, list[Any]] = {}
    for code in vat_index(ctx).codes():
        for rule_id, check in _BY_CODE.get(code or "", ()):
            found = list(check(ctx))
            if found:
                hits[rule_id] = found
    return hits


# 01: the breakdown has an entry for a category in use ----------------------------------------------------------

# For S, L and M the UBL artefact filters on the VAT tax scheme in some counts and not in others:
# (usage counted with the scheme, entry counted with it when in use, entry counted with it when not in use).
_PRESENCE_SCHEMES = {"S": (False, False, False), "AF": (True, False, True), "AG": (True, True, True)}


def _presence(category: Category) -> Check:
    code = category.code

    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        if ctx.syntax == "cii":
            ok = _presence_cii(ctx, category)
        elif category.by_rate:
            used_vat, listed_vat, unlisted_vat = _PRESENCE_SCHEMES[category.family]
            used = _in_use(ctx, code, used_vat)
            entries = breakdown_in(ctx, code, vat=listed_vat if used else unlisted_vat)
            if used and category.family != "S":
                # For L and M, the UBL artefact compares the entry's code as written, spaces included.
                entries = ((i, e) for i, e in entries if raw_code(ctx, e) == code)
            ok = used == any(entries)
        else:
            # Any occurrence of the category (the breakdown included) asks for exactly one breakdown entry.
            entries = sum(1 for _ in breakdown_in(ctx, code))
            ok = entries == 1 or (entries == 0 and not _in_use(ctx, code, True))
        if not ok:
            hits.append(None)
        return hits

    return check


def _in_use(ctx: Context, code: str, vat: bool) -> bool:
    return (
        any(lines_in(ctx, code, vat=vat))
        or any(adjustments_in(ctx, code, charges=False, vat=vat))
        or any(adjustments_in(ctx, code, charges=True, vat=vat))
        or any(orphans_in(ctx, code, vat=vat))
    )


def _presence_cii(ctx: Context, category: Category) -> bool:
    """The CII artefact's counts: lines, breakdown entries, allowances and charges in the category."""
    code = category.code
    lines = sum(1 for _ in lines_in(ctx, code))
    entries = sum(1 for _ in breakdown_in(ctx, code))
    adjustments = sum(1 for _ in adjustments_in(ctx, code, charges=False)) + sum(
        1 for _ in adjustments_in(ctx, code, charges=True)
    )
    if category.by_rate:
        return (lines + entries >= 2 or lines == 0) and (adjustments + entries >= 2 or adjustments == 0)
    if category.code == "O":
        return entries == 0 or (entries == 1 and (lines > 0 or adjustments > 0))
    return (entries == 0 and lines == 0 and adjustments == 0) or (entries == 1 and (lines > 0 or adjustments > 0))


def _register_presence(category: Category) -> None:
    label_en, label_fr = category.label_en, category.label_fr
    if category.by_rate:
        en = (
            f"The VAT breakdown (BG-23) must have an entry in {label_en} when an invoice line, an allowance or "
            "a charge is in that category (BT-151, BT-95, BT-102), and only then."
        )
        fr = (
            f"La ventilation de la TVA (BG-23) doit comporter la {label_fr} dès qu'une ligne de facture, une "
            "remise ou une charge relève de cette catégorie (BT-151, BT-95, BT-102), et seulement dans ce cas."
        )
    else:
        en = (
            f"When an invoice line, an allowance or a charge is in {label_en} (BT-151, BT-95, BT-102), the VAT "
            "breakdown (BG-23) must have exactly one entry in that category."
        )
        fr = (
            f"Lorsqu'une ligne de facture, une remise ou une charge relève de la {label_fr} (BT-151, BT-95, "
            "BT-102), la ventilation de la TVA (BG-23) doit comporter exactement une entrée dans cette catégorie."
        )
    _register(category, 1, ["BG-23", "BT-118", "BT-151", "BT-95", "BT-102"], en, fr, _presence(category))


# 02, 03, 04: the parties' identifiers a category needs -----------------------------------------------------------

_REQUIREMENT_EN = {
    "registered": "the seller's VAT identifier (BT-31), the seller's tax registration identifier (BT-32) or the "
    "seller tax representative's VAT identifier (BT-63) must then be given.",
    "reverse": "the seller (BT-31, BT-32) or its tax representative (BT-63) must then be identified for VAT, and "
    "the buyer by its VAT identifier (BT-48) or its legal registration identifier (BT-47).",
    "vat": "the seller's VAT identifier (BT-31) or the seller tax representative's VAT identifier (BT-63) must "
    "then be given.",
    "intra": "the VAT identifier of the seller (BT-31) or of its tax representative (BT-63), and the buyer's VAT "
    "identifier (BT-48), must then be given.",
    "none": "the invoice must then carry no VAT identifier of the seller (BT-31), of its tax representative "
    "(BT-63) or of the buyer (BT-48).",
}
_REQUIREMENT_FR = {
    "registered": "le numéro de TVA du vendeur (BT-31), son identifiant d'enregistrement fiscal (BT-32) ou le "
    "numéro de TVA de son représentant fiscal (BT-63) doit alors figurer.",
    "reverse": "le vendeur (BT-31, BT-32) ou son représentant fiscal (BT-63) doit alors être identifié à la TVA, "
    "et l'acheteur par son numéro de TVA (BT-48) ou son identifiant légal (BT-47).",
    "vat": "le numéro de TVA du vendeur (BT-31) ou celui de son représentant fiscal (BT-63) doit alors figurer.",
    "intra": "le numéro de TVA du vendeur (BT-31) ou de son représentant fiscal (BT-63), et celui de l'acheteur "
    "(BT-48), doivent alors figurer.",
    "none": "la facture ne doit alors porter aucun numéro de TVA du vendeur (BT-31), de son représentant fiscal "
    "(BT-63) ni de l'acheteur (BT-48).",
}


def _line_parties(category: Category) -> Check:
    """02: once per invoice in UBL (and JSON), once per line of the category in CII."""
    code = category.code

    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        satisfied = parties(ctx).satisfy(category.parties)
        if ctx.syntax == "cii":
            if not satisfied:
                for index, vat in lines_in(ctx, code):
                    hits.append(where(ctx, vat, f"lines[{index}].vat"))
            return hits
        in_vat = any(lines_in(ctx, code))
        # BR-S-02 alone tests the absence of S lines without the VAT scheme filter.
        in_any = in_vat or (category.family == "S" and any(lines_in(ctx, code, vat=False)))
        if in_any and not (in_vat and satisfied):
            hits.append(None)
        return hits

    return check


def _adjustment_parties(category: Category, charges: bool) -> Check:
    """03 and 04: once per invoice in UBL (and JSON), once per allowance or charge of the category in CII."""
    code = category.code
    indicator = "true" if charges else "false"
    name = "charges" if charges else "allowances"

    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        if parties(ctx).satisfy(category.parties):
            return hits
        if ctx.syntax == "cii":
            for index, item in adjustments_in(ctx, code, charges=charges):
                if cii_indicator(item) == indicator:
                    hits.append(where(ctx, item, f"{name}[{index}]"))
            return hits
        found = adjustments_in(ctx, code, charges=charges)
        if category.family == "AF" and charges and ctx.syntax == "ubl":
            # BR-AF-04 looks for the charge's code as written, spaces included.
            found = ((i, item) for i, item in found if raw_code(ctx, item) == code)
        if any(found):
            hits.append(None)
        return hits

    return check


def _register_parties(category: Category) -> None:
    need_en, need_fr = _REQUIREMENT_EN[category.parties], _REQUIREMENT_FR[category.parties]
    bts = list(REQUIREMENTS[category.parties])
    label_en, label_fr = category.label_en, category.label_fr
    _register(
        category,
        2,
        ["BT-151", *bts],
        f"An invoice line is in {label_en}: {need_en}",
        f"Une ligne de facture relève de la {label_fr} : {need_fr}",
        _line_parties(category),
    )
    _register(
        category,
        3,
        ["BT-95", *bts],
        f"A document level allowance is in {label_en}: {need_en}",
        f"Une remise au niveau du document relève de la {label_fr} : {need_fr}",
        _adjustment_parties(category, charges=False),
    )
    _register(
        category,
        4,
        ["BT-102", *bts],
        f"A document level charge is in {label_en}: {need_en}",
        f"Une charge au niveau du document relève de la {label_fr} : {need_fr}",
        _adjustment_parties(category, charges=True),
    )


# 05, 06, 07: the rate of a line, an allowance, a charge ---------------------------------------------------------


def _rate_ok(requirement: str, rate: Decimal | None, given: bool) -> bool:
    if requirement == "absent":
        return not given
    if rate is None:
        return False
    if requirement == "positive":
        return rate > ZERO
    if requirement == "zero":
        return rate == ZERO
    return rate >= ZERO


def _rate_requirement(category: Category, ctx: Context) -> str:
    """The rate the artefact of this syntax asks: the CII one wants an IGIC rate above zero, UBL accepts 0."""
    if category.family == "AF" and ctx.syntax == "cii":
        return "positive"
    return category.rate


def _line_rate(category: Category) -> Check:
    code = category.code

    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        requirement = _rate_requirement(category, ctx)
        for index, vat in lines_in(ctx, code):
            if not _rate_ok(requirement, vat.rate, rate_present(ctx, vat)):
                hits.append(where(ctx, vat, f"lines[{index}].vat"))
        return hits

    return check


def _adjustment_rate(category: Category, charges: bool) -> Check:
    code = category.code
    indicator = "true" if charges else "false"
    name = "charges" if charges else "allowances"

    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        requirement = _rate_requirement(category, ctx)
        for index, item in adjustments_in(ctx, code, charges=charges):
            if ctx.syntax == "cii" and cii_indicator(item) != indicator:
                continue  # the CII contexts compare the indicator as text
            if not _rate_ok(requirement, item.vat_rate, rate_present(ctx, item)):
                hits.append(where(ctx, item, f"{name}[{index}]"))
        return hits

    return check


_RATE_EN = {
    "positive": "must have a VAT rate above zero",
    "zero": "must have a VAT rate of 0",
    "not-negative": "must have a VAT rate that is not negative",
    "absent": "must not have a VAT rate",
}
_RATE_FR = {
    "positive": "doit avoir un taux de TVA supérieur à zéro",
    "zero": "doit avoir un taux de TVA égal à 0",
    "not-negative": "doit avoir un taux de TVA positif ou nul",
    "absent": "ne doit pas avoir de taux de TVA",
}


def _register_rates(category: Category) -> None:
    rate_en, rate_fr = _RATE_EN[category.rate], _RATE_FR[category.rate]
    if category.family == "AF":
        rate_en += " (above zero in a CII invoice)"
        rate_fr += " (strictement positif dans une facture CII)"
    label_en, label_fr = category.label_en, category.label_fr
    places = (
        (5, "BT-151", "BT-152", "An invoice line", "Une ligne de facture", _line_rate(category)),
        (6, "BT-95", "BT-96", "A document level allowance", "Une remise au niveau du document", None),
        (7, "BT-102", "BT-103", "A document level charge", "Une charge au niveau du document", None),
    )
    for number, code_bt, rate_bt, subject_en, subject_fr, check in places:
        if check is None:
            check = _adjustment_rate(category, charges=number == 7)
        _register(
            category,
            number,
            [code_bt, rate_bt],
            f"{subject_en} in {label_en} {rate_en} ({rate_bt}).",
            f"{subject_fr} en {label_fr} {rate_fr} ({rate_bt}).",
            check,
        )


# 08, 09, 10: each breakdown entry of the category ------------------------------------------------------------


Compare = Callable[[Decimal, Decimal], bool]


# The artefacts compare the taxable amount as they read it. UBL casts it to a decimal (exact), except where it
# adds or takes 1 first: the untyped amount is then a double, and the result is cast back to a decimal. CII
# compares the untyped amount itself with the decimal sum, so both sides as doubles.


def _exact(given: Decimal, expected: Decimal) -> bool:
    return given == expected


def _within_one(given: Decimal, expected: Decimal) -> bool:
    """UBL: ``xs:decimal(x - 1) < sum`` and ``xs:decimal(x + 1) > sum``."""
    x = float(given)
    return Decimal(x - 1.0) < expected < Decimal(x + 1.0)


def _cii_same(given: Decimal, expected: Decimal) -> bool:
    """CII: ``x = sum``."""
    return float(given) == float(expected)


def _cii_band(given: Decimal, expected: Decimal) -> bool:
    """CII: ``x - 1 <= sum`` and ``x + 1 > sum``."""
    x, sum_ = float(given), float(expected)
    return x - 1.0 <= sum_ < x + 1.0


def _never(given: Decimal, expected: Decimal) -> bool:
    return False


def _taxable_verdict(ctx: Context, category: Category, rate: Decimal | None) -> tuple[Decimal, Compare] | None:
    """The taxable amount a breakdown entry should have and how close it must be; None when nothing is checked.

    UBL: exact for the categories without a rate, within one unit and rate by rate for S, L and M (S also needs
    a line, allowance or charge at that rate), and an invoice without lines always fails. CII: the three sums
    rounded to the cent; exact for S (rate by rate) and O, within one unit for the others; L and M never fail,
    the CII artefact's test reading the rate one level too high.
    """
    code = category.code
    if ctx.syntax == "cii":
        if category.family in ("AF", "AG"):
            return None
        if category.by_rate:
            return None if rate is None else (net_total(ctx, code, rate, rounded=True), _cii_same)
        return net_total(ctx, code, rounded=True), (_cii_same if code == "O" else _cii_band)
    has_lines = bool(ctx.invoice.lines)
    if not category.by_rate:
        return net_total(ctx, code), (_exact if has_lines else _never)
    if rate is None:
        return None  # the artefact checks each rate the entry gives, and it gives none
    possible = _used_at_rate(ctx, code, rate) if category.family == "S" else has_lines
    return net_total(ctx, code, rate), (_within_one if possible else _never)


def _used_at_rate(ctx: Context, code: str, rate: Decimal) -> bool:
    """Whether a line, an allowance or a charge (whatever its indicator or tax scheme) has this category and rate."""
    if any(vat.rate == rate for _, vat in lines_in(ctx, code, vat=False)):
        return True
    return _adjusted_at_rate(ctx, code, rate)


def _adjusted_at_rate(ctx: Context, code: str, rate: Decimal) -> bool:
    """Whether an allowance or a charge (whatever its indicator or tax scheme) has this category and rate."""
    adjustments = [
        item for charges in (False, True) for _, item in adjustments_in(ctx, code, charges=charges, vat=False)
    ]
    return any(item.vat_rate == rate for item in (*adjustments, *orphans_in(ctx, code, vat=False)))


def _ubl_lineless_match(ctx: Context, category: Category, rate: Decimal | None, given: Decimal) -> bool:
    """BR-S-08 in UBL also passes when the taxable amount matches the charges less the allowances alone.

    The UBL artefact tests the invoice lines and the credit note lines in two alternatives, each guarded by
    "a line *or an allowance or charge* has this rate": in an invoice, the credit-note alternative sums no line
    at all, so an S entry at a rate some allowance or charge carries also passes when its taxable amount is
    within one unit of Σ charges − Σ allowances (and the same the other way round in a credit note).
    """
    if ctx.syntax != "ubl" or category.family != "S" or rate is None or not _adjusted_at_rate(ctx, category.code, rate):
        return False
    return _within_one(given, net_total(ctx, category.code, rate, lines=False))


def _taxable(category: Category) -> Check:
    code = category.code

    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        for index, entry in breakdown_in(ctx, code):
            verdict = _taxable_verdict(ctx, category, entry.rate)
            if verdict is None:
                continue
            expected, compare = verdict
            given = entry.taxable_amount
            if given is None or not compare(given, expected):
                if given is not None and _ubl_lineless_match(ctx, category, entry.rate, given):
                    continue
                hits.append(
                    (where(ctx, entry, f"vat_breakdown[{index}]"), {"expected": show(expected), "given": show(given)})
                )
        return hits

    return check


def _tax(category: Category) -> Check:
    code = category.code

    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        if ctx.syntax == "cii" and category.family in ("AF", "AG"):
            return hits  # left to BR-CO-17 by the CII artefact
        for index, entry in breakdown_in(ctx, code):
            given = entry.tax_amount
            if category.by_rate:
                expected = _computed_tax(ctx, entry.taxable_amount, entry.rate)
                ok = given is not None and expected is not None and _near_tax(ctx, given, expected)
            else:
                expected = ZERO
                ok = given is not None and given == ZERO
            if not ok:
                hits.append(
                    (where(ctx, entry, f"vat_breakdown[{index}]"), {"expected": show(expected), "given": show(given)})
                )
        return hits

    return check


def _computed_tax(ctx: Context, taxable: Decimal | None, rate: Decimal | None) -> Decimal | None:
    """The tax the artefact computes: UBL in decimals; CII multiplies by the untyped rate, that is in doubles."""
    if taxable is None or rate is None:
        return None
    if ctx.syntax == "cii":
        return Decimal(repr(math.floor(float(abs(taxable)) * float(rate) + 0.5) / 100))
    return round2(abs(taxable) * (rate / HUNDRED))


def _near_tax(ctx: Context, given: Decimal, expected: Decimal) -> bool:
    """Within one unit of the computed tax; CII compares with its double, so as doubles."""
    if ctx.syntax == "cii":
        return float(abs(given) - ONE) < float(expected) < float(abs(given) + ONE)
    return abs(given) - ONE < expected < abs(given) + ONE


def _exemption(category: Category) -> Check:
    code = category.code

    def check(ctx: Context) -> Hits:
        hits: list[Any] = []
        for index, entry in breakdown_in(ctx, code):
            reason, reason_code = exemption_present(ctx, entry)
            if (reason or reason_code) != category.exempt:
                hits.append(where(ctx, entry, f"vat_breakdown[{index}]"))
        return hits

    return check


def _register_breakdown(category: Category) -> None:
    label_en, label_fr = category.label_en, category.label_fr
    if category.by_rate:
        en8 = (
            f"For each rate, the taxable amount (BT-116) of the {label_en} breakdown entry must match the line net "
            "amounts (BT-131) plus the charges (BT-99) minus the allowances (BT-92) in that category at that rate: "
            "{expected} expected, {given} given."
        )
        fr8 = (
            f"Pour chaque taux, la base imposable (BT-116) de la {label_fr} dans la ventilation de la TVA doit "
            "correspondre aux montants nets des lignes (BT-131), plus les charges (BT-99), moins les remises "
            "(BT-92) de cette catégorie à ce taux : {expected} attendu, {given} indiqué."
        )
        en9 = (
            f"The VAT amount (BT-117) of the {label_en} breakdown entry must be its taxable amount (BT-116) times "
            "its rate (BT-119), rounded to the cent: {expected} expected, {given} given."
        )
        fr9 = (
            f"Le montant de TVA (BT-117) de la {label_fr} dans la ventilation de la TVA doit être sa base "
            "imposable (BT-116) multipliée par son taux (BT-119), arrondie au centime : {expected} attendu, "
            "{given} indiqué."
        )
    else:
        en8 = (
            f"The taxable amount (BT-116) of the {label_en} breakdown entry must equal the line net amounts "
            "(BT-131) plus the charges (BT-99) minus the allowances (BT-92) in that category: {expected} expected, "
            "{given} given."
        )
        fr8 = (
            f"La base imposable (BT-116) de la {label_fr} dans la ventilation de la TVA doit être égale aux "
            "montants nets des lignes (BT-131), plus les charges (BT-99), moins les remises (BT-92) de cette "
            "catégorie : {expected} attendu, {given} indiqué."
        )
        en9 = f"The VAT amount (BT-117) of the {label_en} breakdown entry must be 0 (here {{given}})."
        fr9 = (
            f"Le montant de TVA (BT-117) de la {label_fr} dans la ventilation de la TVA doit être nul (ici {{given}})."
        )
    if category.exempt:
        en10 = (
            f"The {label_en} breakdown entry must give an exemption reason (BT-120) or an exemption reason code "
            "(BT-121)."
        )
        fr10 = (
            f"La {label_fr} de la ventilation de la TVA doit indiquer un motif d'exonération (BT-120) ou un code "
            "de motif d'exonération (BT-121)."
        )
    else:
        en10 = (
            f"The {label_en} breakdown entry must give no exemption reason (BT-120) and no exemption reason code "
            "(BT-121)."
        )
        fr10 = (
            f"La {label_fr} de la ventilation de la TVA ne doit indiquer ni motif d'exonération (BT-120) ni code "
            "de motif d'exonération (BT-121)."
        )
    _register(category, 8, ["BT-116", "BT-131", "BT-92", "BT-99"], en8, fr8, _taxable(category))
    _register(category, 9, ["BT-117", "BT-116", "BT-119"], en9, fr9, _tax(category))
    _register(category, 10, ["BT-120", "BT-121"], en10, fr10, _exemption(category))


for _category in CATEGORIES:
    _register_presence(_category)
    _register_parties(_category)
    _register_rates(_category)
    _register_breakdown(_category)
