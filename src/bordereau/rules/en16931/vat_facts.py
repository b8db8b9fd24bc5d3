"""What the VAT category rules read from an invoice: categories by place, party identifiers, XPath-like rounding.

The rules work on the model, so that JSON input is checked too. For UBL and CII input, what the model does not
keep and the artefacts look at is read from the source, always below a known element:

- the tax scheme of a UBL category (the UBL artefact only counts categories whose scheme is ``VAT``);
- elements present but empty (``not(cbc:Percent)`` fires on ``<cbc:Percent/>``), codes written with spaces
  (the CII artefact compares codes as written), and the literal charge indicator of a CII allowance;
- second occurrences the model drops: a repeated UBL TaxTotal with subtotals, a line with two categories, a UBL
  AllowanceCharge whose indicator is neither true nor false;
- the parties' tax registrations, which count as soon as their element is there.

The invoice is indexed once per engine run (:class:`VatIndex`: groups by category code, with their tax scheme
verdict), so that each of the hundred VAT rules only touches the groups of the category it checks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from lxml import etree

from ...formats.xml import NS
from ...model import DocumentAllowanceCharge, Group, Invoice, LineVat, VatBreakdown
from ..engine import Context
from .memo import per_run

CAC_ALLOWANCE_CHARGE = f"{{{NS['cac']}}}AllowanceCharge"
CAC_CLASSIFIED_TAX_CATEGORY = f"{{{NS['cac']}}}ClassifiedTaxCategory"
CAC_ITEM = f"{{{NS['cac']}}}Item"
CAC_TAX_CATEGORY = f"{{{NS['cac']}}}TaxCategory"
CAC_TAX_SUBTOTAL = f"{{{NS['cac']}}}TaxSubtotal"
CAC_TAX_TOTAL = f"{{{NS['cac']}}}TaxTotal"
CBC_CHARGE_INDICATOR = f"{{{NS['cbc']}}}ChargeIndicator"
CBC_EXEMPTION_CODE = f"{{{NS['cbc']}}}TaxExemptionReasonCode"
CBC_EXEMPTION_REASON = f"{{{NS['cbc']}}}TaxExemptionReason"
CBC_ID = f"{{{NS['cbc']}}}ID"
CBC_PERCENT = f"{{{NS['cbc']}}}Percent"
CBC_TAX_AMOUNT = f"{{{NS['cbc']}}}TaxAmount"
CBC_TAXABLE_AMOUNT = f"{{{NS['cbc']}}}TaxableAmount"
RAM_APPLICABLE_TAX = f"{{{NS['ram']}}}ApplicableTradeTax"
RAM_CATEGORY_CODE = f"{{{NS['ram']}}}CategoryCode"
RAM_CATEGORY_TAX = f"{{{NS['ram']}}}CategoryTradeTax"
RAM_CHARGE_INDICATOR = f"{{{NS['ram']}}}ChargeIndicator"
RAM_EXEMPTION_CODE = f"{{{NS['ram']}}}ExemptionReasonCode"
RAM_EXEMPTION_REASON = f"{{{NS['ram']}}}ExemptionReason"
RAM_LINE_SETTLEMENT = f"{{{NS['ram']}}}SpecifiedLineTradeSettlement"
RAM_RATE = f"{{{NS['ram']}}}RateApplicablePercent"
UDT_INDICATOR = f"{{{NS['udt']}}}Indicator"

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
_HALF = Decimal("0.5")


# Where things are --------------------------------------------------------------------------------------------


def where(ctx: Context, group: Group, path: str) -> Any:
    """A hit on ``group``: its source element for XML input, a readable model path for JSON."""
    return path if ctx.syntax == "json" else group


def source_of(group: Group) -> etree._Element | None:
    """The element ``group`` was read from (the private attribute, read without pydantic's slower lookup)."""
    private = group.__pydantic_private__
    return None if private is None else private.get("_source")


def _ubl_category(group: Group) -> etree._Element | None:
    """The UBL TaxCategory (or ClassifiedTaxCategory) element a group was read from."""
    source = source_of(group)
    if source is None or isinstance(group, LineVat):
        return source
    return next(source.iterchildren(CAC_TAX_CATEGORY), None)


# The UBL categories the model reads (lines, document allowances and charges, every TaxTotal's subtotals) whose
# tax scheme is not VAT: one query per document, usually empty. translate() upper-cases the only letters that
# can spell "VAT", which is what upper-case() does for the comparison.
_NOT_VAT = " | ".join(
    f"{path}[not(cac:TaxScheme/cbc:ID[. = 'VAT' or normalize-space(translate(., 'vat', 'VAT')) = 'VAT'])]"
    for path in (
        "(cac:InvoiceLine | cac:CreditNoteLine)/cac:Item/cac:ClassifiedTaxCategory",
        "cac:AllowanceCharge/cac:TaxCategory",
        "cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory",
    )
)


def not_vat(ctx: Context) -> list[etree._Element]:
    """The category elements of a UBL document whose tax scheme is not VAT."""
    return _oddities(ctx)[0]


def is_vat(ctx: Context, group: Group, others: list[etree._Element] | None = None) -> bool:
    """Whether the category of ``group`` counts as VAT: in UBL its TaxScheme/ID must read ``VAT``."""
    if ctx.syntax != "ubl":
        return True
    others = not_vat(ctx) if others is None else others
    if not others:
        return True
    category = _ubl_category(group)
    return category is None or not any(category is other for other in others)


def present(ctx: Context, group: Group, value: Any, *tags: str) -> bool:
    """Whether a value is there, counting an empty element of the source (at ``tags`` below it) as there."""
    if value is not None:
        return True
    element = None if ctx.syntax == "json" else source_of(group)
    for tag in tags:
        if element is None:
            return False
        element = next(element.iterchildren(tag), None)
    return element is not None


def rate_present(ctx: Context, group: LineVat | DocumentAllowanceCharge) -> bool:
    """Whether a line or an allowance/charge carries a VAT rate element (BT-152, BT-96, BT-103), even empty."""
    if isinstance(group, LineVat):
        value, tags = group.rate, (CBC_PERCENT,) if ctx.syntax == "ubl" else (RAM_RATE,)
    else:
        value = group.vat_rate
        tags = (CAC_TAX_CATEGORY, CBC_PERCENT) if ctx.syntax == "ubl" else (RAM_CATEGORY_TAX, RAM_RATE)
    return present(ctx, group, value, *tags)


def raw_code(ctx: Context, group: Group) -> str | None:
    """The category code of a group exactly as written (None when absent): the CII artefact, and a few UBL
    tests, compare it without trimming spaces, and an empty code element is still there for them."""
    allowance = isinstance(group, DocumentAllowanceCharge)
    if ctx.syntax == "ubl":
        category = _ubl_category(group)
        code = None if category is None else next(category.iterchildren(CBC_ID), None)
    elif ctx.syntax == "cii" and (source := source_of(group)) is not None:
        category = next(source.iterchildren(RAM_CATEGORY_TAX), None) if allowance else source
        code = None if category is None else next(category.iterchildren(RAM_CATEGORY_CODE), None)
    else:
        return group.vat_category_code if allowance else group.category_code  # type: ignore[attr-defined]
    return None if code is None else (code.text or "")


def exemption_present(ctx: Context, entry: VatBreakdown) -> tuple[bool, bool]:
    """Whether a VAT breakdown entry carries an exemption reason (BT-120) and a reason code (BT-121)."""
    reason, code = entry.exemption_reason is not None, entry.exemption_reason_code is not None
    if (reason and code) or ctx.syntax == "json":
        return reason, code
    # What the model lacks may still be there, empty: one look at the children of the element holding both.
    holder = source_of(entry)
    if holder is not None and ctx.syntax == "ubl":
        holder = next(holder.iterchildren(CAC_TAX_CATEGORY), None)
    if holder is None:
        return reason, code
    if ctx.syntax == "ubl":
        reason_tag, code_tag = CBC_EXEMPTION_REASON, CBC_EXEMPTION_CODE
    else:
        reason_tag, code_tag = RAM_EXEMPTION_REASON, RAM_EXEMPTION_CODE
    tags = {child.tag for child in holder}
    return reason or reason_tag in tags, code or code_tag in tags


def cii_indicator(adjustment: DocumentAllowanceCharge) -> str | None:
    """The charge indicator of a CII allowance or charge exactly as written (some contexts compare the text)."""
    source = source_of(adjustment)
    indicator = None if source is None else next(source.iterchildren(RAM_CHARGE_INDICATOR), None)
    value = None if indicator is None else next(indicator.iterchildren(UDT_INDICATOR), None)
    return None if value is None else (value.text or "")


# Categories by place -----------------------------------------------------------------------------------------

Place = dict[str | None, list[tuple[int, Any, bool]]]


class VatIndex:
    """The invoice's VAT categories by place and code, each group with its index and tax scheme verdict."""

    __slots__ = ("allowances", "breakdown", "charges", "entries", "lines", "orphans", "parties")

    lines: Place
    allowances: Place
    charges: Place
    orphans: Place
    breakdown: Place

    def __init__(self, ctx: Context) -> None:
        invoice = ctx.invoice
        others, written, _ = _oddities(ctx)

        def place(groups: Iterable[tuple[int, Any, str | None]]) -> Place:
            found: Place = defaultdict(list)
            for number, group, code in groups:
                key = raw_code(ctx, group) if written else code
                found[key].append((number, group, not others or is_vat(ctx, group, others)))
            return found

        self.lines = place(
            [
                *((n, line.vat, line.vat.category_code) for n, line in enumerate(invoice.lines) if line.vat),
                *((n, vat, vat.category_code) for n, vat in _further_line_categories(ctx)),
            ]
        )
        self.allowances = place((n, a, a.vat_category_code) for n, a in enumerate(invoice.allowances))
        self.charges = place((n, c, c.vat_category_code) for n, c in enumerate(invoice.charges))
        self.orphans = place((n, o, o.vat_category_code) for n, o in enumerate(_orphans(ctx)))
        self.entries = _breakdown(ctx)
        self.breakdown = place((n, e, e.category_code) for n, e in enumerate(self.entries))
        self.parties = Parties(ctx)

    def codes(self) -> set[str | None]:
        """Every category code used anywhere: breakdown, allowances, charges, lines."""
        return {*self.breakdown, *self.allowances, *self.charges, *self.orphans, *self.lines}

    def raw_codes(self, ctx: Context) -> set[str | None]:
        """The same codes as written (see :func:`raw_code`)."""
        places = (self.breakdown, self.allowances, self.charges, self.orphans, self.lines)
        return {raw_code(ctx, group) for place in places for groups in place.values() for _, group, _ in groups}


_ODD = "ram:CategoryCode[. = '' or . != normalize-space(.)]"
_CII_ODD_CODES = " | ".join(
    f"rsm:SupplyChainTradeTransaction/{path}/{_ODD}"
    for path in (
        "ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax",
        "ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax",
        "ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax",
    )
)

# Lines that give more than one category (the model keeps the first): usually none.
_CROWDED_LINES = {
    "ubl": "(cac:InvoiceLine | cac:CreditNoteLine)[cac:Item/cac:ClassifiedTaxCategory[2]]",
    "cii": "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem"
    "[ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax[2]]",
}
_LINE_TAGS = {
    "ubl": frozenset((f"{{{NS['cac']}}}InvoiceLine", f"{{{NS['cac']}}}CreditNoteLine")),
    "cii": frozenset((f"{{{NS['ram']}}}IncludedSupplyChainTradeLineItem",)),
}
# What the VAT index reads from the source beyond the model, in one query per syntax (nearly always with no
# answer): the crowded lines, with (UBL) the categories whose tax scheme is not VAT or (CII) the category codes
# written empty or padded.
_ODDITIES = {
    "ubl": etree.XPath(f"{_NOT_VAT} | {_CROWDED_LINES['ubl']}", namespaces={"cac": NS["cac"], "cbc": NS["cbc"]}),
    "cii": etree.XPath(f"{_CII_ODD_CODES} | {_CROWDED_LINES['cii']}", namespaces={"rsm": NS["rsm"], "ram": NS["ram"]}),
}
_NONE: tuple[list[etree._Element], bool, list[etree._Element]] = ([], False, [])


def _oddities(ctx: Context) -> tuple[list[etree._Element], bool, list[etree._Element]]:
    """(UBL categories whose scheme is not VAT, whether CII codes must be taken as written, crowded lines)."""
    return per_run(ctx, "vat.oddities", _find_oddities)


def _find_oddities(ctx: Context) -> tuple[list[etree._Element], bool, list[etree._Element]]:
    query = _ODDITIES.get(ctx.syntax)
    found = None if query is None or ctx.root is None else query(ctx.root)
    if not found or not isinstance(found, list):
        return _NONE
    lines: list[etree._Element] = []
    others: list[etree._Element] = []
    line_tags = _LINE_TAGS[ctx.syntax]
    for element in found:
        (lines if element.tag in line_tags else others).append(element)
    if ctx.syntax == "ubl":
        return others, False, lines
    # CII compares codes as written: when some are empty or padded, group by the written code.
    return [], bool(others), lines


def _further_line_categories(ctx: Context) -> list[tuple[int, LineVat]]:
    """The second and later categories of a line, read from the source: the artefacts count each of them."""
    crowded = _oddities(ctx)[2]
    if not crowded:
        return []
    found = []
    for number, line in enumerate(ctx.invoice.lines):
        source = source_of(line)
        if source is None or not any(source is element for element in crowded):
            continue
        if ctx.syntax == "ubl":
            item = next(source.iterchildren(CAC_ITEM), None)
            categories = [] if item is None else list(item.iterchildren(CAC_CLASSIFIED_TAX_CATEGORY))
            code_tag, rate_tag = CBC_ID, CBC_PERCENT
        else:
            settlement = next(source.iterchildren(RAM_LINE_SETTLEMENT), None)
            categories = [] if settlement is None else list(settlement.iterchildren(RAM_APPLICABLE_TAX))
            code_tag, rate_tag = RAM_CATEGORY_CODE, RAM_RATE
        for element in categories[1:]:
            vat = LineVat(category_code=_child_text(element, code_tag), rate=_child_number(element, rate_tag))
            vat._source = element
            found.append((number, vat))
    return found


def _orphans(ctx: Context) -> list[DocumentAllowanceCharge]:
    """UBL AllowanceCharges whose indicator is neither true nor false: no allowance nor charge for the model, but
    a category the UBL artefact still counts where it looks for ``//cac:AllowanceCharge/cac:TaxCategory``."""
    if ctx.syntax != "ubl" or ctx.root is None:
        return []
    found = []
    for element in ctx.root.iterchildren(CAC_ALLOWANCE_CHARGE):
        indicator = next(element.iterchildren(CBC_CHARGE_INDICATOR), None)
        if indicator is not None and (indicator.text or "").strip() in ("true", "1", "false", "0"):
            continue
        category = next(element.iterchildren(CAC_TAX_CATEGORY), None)
        item = DocumentAllowanceCharge(
            vat_category_code=_child_text(category, CBC_ID), vat_rate=_child_number(category, CBC_PERCENT)
        )
        item._source = element
        found.append(item)
    return found


def orphans_in(ctx: Context, code: str, *, vat: bool = True) -> Iterator[DocumentAllowanceCharge]:
    """The UBL AllowanceCharges of :func:`_orphans` in category ``code``."""
    for _, group, ok in vat_index(ctx).orphans.get(code, ()):
        if ok or not vat:
            yield group


def vat_index(ctx: Context) -> VatIndex:
    """The VAT index of the invoice, built once per run."""
    return per_run(ctx, "vat", VatIndex)


def lines_in(ctx: Context, code: str, *, vat: bool = True) -> Iterator[tuple[int, LineVat]]:
    """``(index, line VAT)`` of every line in category ``code`` (with a VAT tax scheme when ``vat``)."""
    for number, group, ok in vat_index(ctx).lines.get(code, ()):
        if ok or not vat:
            yield number, group


def adjustments_in(
    ctx: Context, code: str, *, charges: bool, vat: bool = True
) -> Iterator[tuple[int, DocumentAllowanceCharge]]:
    """``(index, allowance or charge)`` of every document level allowance (or charge) in category ``code``."""
    found = vat_index(ctx)
    for number, group, ok in (found.charges if charges else found.allowances).get(code, ()):
        if ok or not vat:
            yield number, group


def breakdown_in(ctx: Context, code: str | None, *, vat: bool = True) -> Iterator[tuple[int, VatBreakdown]]:
    """``(index, entry)`` of every VAT breakdown entry in category ``code``."""
    for number, group, ok in vat_index(ctx).breakdown.get(code, ()):
        if ok or not vat:
            yield number, group


def _breakdown(ctx: Context) -> list[VatBreakdown]:
    """The VAT breakdown entries, with those of any further UBL TaxTotal (the artefact counts them all).

    The model keeps the subtotals of one TaxTotal; a UBL document may repeat TaxTotal with subtotals of its own,
    which the artefact counts and checks too, so they are read here from the source.
    """
    entries = ctx.invoice.vat_breakdown
    root = ctx.root
    if ctx.syntax != "ubl" or root is None:
        return entries
    # lxml hands out one proxy per element while a reference to it lives: holding them makes ``is`` reliable.
    read = [source.getparent() for source in map(source_of, entries) if source is not None]
    extra = [
        _subtotal(subtotal)
        for total in root.iterchildren(CAC_TAX_TOTAL)
        if not any(total is parent for parent in read)
        for subtotal in total.iterchildren(CAC_TAX_SUBTOTAL)
    ]
    return [*entries, *extra] if extra else entries


def _child_text(parent: etree._Element | None, tag: str) -> str | None:
    found = None if parent is None else next(parent.iterchildren(tag), None)
    return None if found is None else (found.text or "").strip()


def _child_number(parent: etree._Element | None, tag: str) -> Decimal | None:
    """A number read leniently: what cannot be read counts as missing."""
    value = _child_text(parent, tag)
    try:
        return Decimal(value) if value else None
    except ArithmeticError:
        return None


def _subtotal(element: etree._Element) -> VatBreakdown:
    """A UBL TaxSubtotal the model did not keep, read leniently."""
    category = next(element.iterchildren(CAC_TAX_CATEGORY), None)
    entry = VatBreakdown(
        taxable_amount=_child_number(element, CBC_TAXABLE_AMOUNT),
        tax_amount=_child_number(element, CBC_TAX_AMOUNT),
        category_code=_child_text(category, CBC_ID),
        rate=_child_number(category, CBC_PERCENT),
        exemption_reason=_child_text(category, CBC_EXEMPTION_REASON),
        exemption_reason_code=_child_text(category, CBC_EXEMPTION_CODE),
    )
    entry._source = element
    return entry


def net_total(
    ctx: Context, code: str, rate: Decimal | None = None, *, rounded: bool = False, lines: bool = True
) -> Decimal:
    """Σ line net amounts + Σ charges − Σ allowances in category ``code`` (and at ``rate`` when given).

    ``rounded`` rounds each of the three sums to the cent first, as the CII artefact does; ``lines=False`` leaves
    the lines out. Any tax scheme counts: the artefacts' sums do not look at it.
    """
    found = vat_index(ctx)
    invoice = ctx.invoice
    net = charges = allowances = ZERO
    counted: set[int] = set()  # a line with two matching categories counts once
    for number, vat, _ in found.lines.get(code, ()) if lines else ():
        amount = invoice.lines[number].net_amount
        if amount is not None and (rate is None or vat.rate == rate) and number not in counted:
            counted.add(number)
            net += amount
    # CII: the artefact sums the allowances (charges) whose indicator reads false (true); one with no indicator
    # is in neither sum, though the reader files it with the allowances.
    cii = ctx.syntax == "cii"
    for _, item, _ in found.charges.get(code, ()):
        if item.amount is not None and (rate is None or item.vat_rate == rate) and (not cii or _indicated(item)):
            charges += item.amount
    for _, item, _ in found.allowances.get(code, ()):
        if item.amount is not None and (rate is None or item.vat_rate == rate) and (not cii or _indicated(item)):
            allowances += item.amount
    if rounded:
        return round2(net) + round2(charges) - round2(allowances)
    return net + charges - allowances


def _indicated(adjustment: DocumentAllowanceCharge) -> bool:
    """Whether a CII allowance or charge has a charge indicator at all (the reader has read its value)."""
    return cii_indicator(adjustment) is not None


def parties(ctx: Context) -> Parties:
    """The parties' identifiers, read once per run."""
    return vat_index(ctx).parties


# Parties ------------------------------------------------------------------------------------------------------


def _given(value: Any) -> bool:
    """A JSON identifier counts when it is not blank."""
    return bool(getattr(value, "value", value))


_VAT_SCHEME = "[cac:TaxScheme/cbc:ID[. = 'VAT' or normalize-space(translate(., 'vat', 'VAT')) = 'VAT']]"
_UBL_PARTY = {"cac": NS["cac"], "cbc": NS["cbc"]}
_CII_PARTY = {"rsm": NS["rsm"], "ram": NS["ram"]}
_CII_AGREEMENT = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/"

# Whether each identifier is there, as the artefacts ask it (an element counts even when empty). UBL: a seller
# tax registration under any scheme (BT-31 or BT-32), under VAT (BT-31), the representative's and buyer's under
# VAT, the buyer's legal registration. CII: the same with the schemes VA (BT-31, BT-48, BT-63) and FC (BT-32).
_PARTY_TESTS = {
    "ubl": {
        name: etree.XPath(f"boolean({path})", namespaces=_UBL_PARTY)
        for name, path in (
            ("seller_registration", "cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme/cbc:CompanyID"),
            ("seller_vat", f"cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme{_VAT_SCHEME}/cbc:CompanyID"),
            ("representative_vat", f"cac:TaxRepresentativeParty/cac:PartyTaxScheme{_VAT_SCHEME}/cbc:CompanyID"),
            ("buyer_vat", f"cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme{_VAT_SCHEME}/cbc:CompanyID"),
            ("buyer_legal", "cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"),
        )
    },
    "cii": {
        name: etree.XPath(f"boolean({_CII_AGREEMENT}{path})", namespaces=_CII_PARTY)
        for name, path in (
            ("seller_registration", "ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'FC']"),
            ("seller_vat", "ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'VA']"),
            (
                "representative_vat",
                "ram:SellerTaxRepresentativeTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'VA']",
            ),
            ("buyer_vat", "ram:BuyerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID = 'VA']"),
            ("buyer_legal", "ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
        )
    },
}


class Parties:
    """The VAT and legal identifiers the VAT category rules ask of the seller, its representative and the buyer.

    Read from the source for UBL and CII, where an identifier counts as soon as its element is there (even
    empty, and in UBL whatever the tax scheme of a seller's registration), which the model cannot tell; from
    the model for JSON, where a blank identifier does not count. In the source each one is looked for only when
    a requirement asks for it: a seller's VAT identifier is usually enough.
    """

    __slots__ = ("_found", "_root", "_tests")

    def __init__(self, ctx: Context) -> None:
        self._found: dict[str, bool] = {}
        self._root = ctx.root
        tests = _PARTY_TESTS.get(ctx.syntax)
        self._tests = tests if ctx.root is not None else None
        if self._tests is not None:
            return
        invoice: Invoice = ctx.invoice
        seller, buyer, representative = invoice.seller, invoice.buyer, invoice.tax_representative
        self._found = {
            "seller_vat": seller is not None and _given(seller.vat_id),
            "seller_registration": seller is not None and _given(seller.tax_registration_id),
            "representative_vat": representative is not None and _given(representative.vat_id),
            "buyer_vat": buyer is not None and _given(buyer.vat_id),
            "buyer_legal": buyer is not None and _given(buyer.legal_registration),
        }

    def has(self, name: str) -> bool:
        """Whether the invoice has the identifier ``name`` (``seller_vat``, ``buyer_legal``…)."""
        found = self._found.get(name)
        if found is None:
            found = self._found[name] = bool(self._tests[name](self._root))  # type: ignore[index]
        return found

    def satisfy(self, requirement: str) -> bool:
        """Whether the parties meet ``requirement``, one of the kinds of :data:`REQUIREMENTS`."""
        has = self.has
        if requirement == "registered":
            return has("seller_vat") or has("representative_vat") or has("seller_registration")
        if requirement == "reverse":
            registered = has("seller_vat") or has("representative_vat") or has("seller_registration")
            return registered and (has("buyer_vat") or has("buyer_legal"))
        if requirement == "vat":
            return has("seller_vat") or has("representative_vat")
        if requirement == "intra":
            return (has("seller_vat") or has("representative_vat")) and has("buyer_vat")
        if requirement == "none":
            return not (has("seller_vat") or has("representative_vat") or has("buyer_vat"))
        raise ValueError(f"unknown party requirement {requirement!r}")


# The kinds of party requirement, with the BTs each one reads.
REQUIREMENTS = {
    "registered": ("BT-31", "BT-32", "BT-63"),
    "reverse": ("BT-31", "BT-32", "BT-63", "BT-47", "BT-48"),
    "vat": ("BT-31", "BT-63"),
    "intra": ("BT-31", "BT-63", "BT-48"),
    "none": ("BT-31", "BT-63", "BT-48"),
}


# Arithmetic ----------------------------------------------------------------------------------------------------


def xround(value: Decimal) -> Decimal:
    """XPath's ``round``: to the nearest integer, halves going up (towards positive infinity)."""
    return (value + _HALF).to_integral_value(rounding=ROUND_FLOOR)


def round2(value: Decimal) -> Decimal:
    """``round(value * 100) div 100``, the artefacts' rounding to the cent."""
    return xround(value * HUNDRED) / HUNDRED


def show(value: Decimal | None) -> str:
    """An amount for a message."""
    return "—" if value is None else format(value, "f")
