"""What the integrity, calculation and decimal rules share: XPath number semantics and a look at the source tree.

The model answers most questions. Some CEN asserts, though, are about the syntax itself: an element that is
there but empty (``exists()`` passes, the model holds None), how many ``cac:PaymentMeans`` carry a code, which
``TaxAmount`` has which ``currencyID``, a tax category whose scheme is not VAT, a ``BillingReference`` with no
invoice reference inside. For those the rules read the parsed source, from the element a group was read from,
and only when the model's value leaves the question open; where the schematron's context can sit anywhere
(every ``TaxSubtotal``, every VAT registration) they walk the tree once per document. JSON input has no tree:
those rules then judge the model, which is what the JSON input is.

The CII binding also computes some sums on untyped values, that is in doubles: :func:`fsum` and
:func:`fround2` reproduce that, so that a verdict at the half-cent matches the official one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from typing import Any

from lxml import etree

from ...formats.xml import NS
from ...model import Group, Period, Totals
from ..engine import Context
from .memo import per_run

Element = etree._Element

CAC = f"{{{NS['cac']}}}"
CBC = f"{{{NS['cbc']}}}"
RAM = f"{{{NS['ram']}}}"
RSM = f"{{{NS['rsm']}}}"
UDT = f"{{{NS['udt']}}}"

# What a check returns when it finds nothing, or one hit on the document itself. The checks of the busiest
# modules return their hits rather than yield them: a generator per rule and run costs more than the rule.
NO_HITS: tuple[Any, ...] = ()
DOCUMENT: tuple[Any, ...] = (None,)
Hits = Sequence[Any]

HALF = Decimal("0.5")
HUNDRED = Decimal(100)
ZERO = Decimal(0)

_WS = re.compile(r"[ \t\r\n]+")


def xround(value: Decimal) -> Decimal:
    """XPath ``round()``: to the nearest integer, a half going towards positive infinity (-2.5 gives -2)."""
    return (value + HALF).to_integral_value(rounding=ROUND_FLOOR)


def round2(value: Decimal) -> Decimal:
    """``round(x * 10 * 10) div 100``, the schematron's way of rounding to the cent."""
    return xround(value * HUNDRED) / HUNDRED


def total(values: Iterable[Decimal | None]) -> Decimal:
    """XPath ``sum()``: what is absent adds nothing, and the sum of nothing is zero."""
    return sum((v for v in values if v is not None), ZERO)


def decimals(value: Decimal) -> int:
    """How many digits the value was written with after the decimal point (``1.230`` has three)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def norm(text: str | None) -> str:
    """XPath ``normalize-space``."""
    if not text:
        return ""
    return _WS.sub(" ", text).strip(" \t\r\n") if _WS.search(text) else text


def text(element: Element | None) -> str | None:
    """The element's text as XPath compares it (not trimmed), or None when there is no element."""
    return None if element is None else (element.text or "")


def number(element: Element | None) -> Decimal | None:
    """``xs:decimal(.)`` of an element; None when absent or not a number (the XSLT stops on those anyway)."""
    if element is None:
        return None
    try:
        value = Decimal((element.text or "").strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def kids(parent: Element | None, tag: str) -> list[Element]:
    """The children of ``parent`` named ``tag`` (Clark notation)."""
    return [] if parent is None else list(parent.iterchildren(tag))


def kid(parent: Element | None, tag: str) -> Element | None:
    return None if parent is None else next(parent.iterchildren(tag), None)


def path(parent: Element | None, *tags: str) -> Element | None:
    """The first element down the chain of ``tags``."""
    for tag in tags:
        parent = kid(parent, tag)
        if parent is None:
            return None
    return parent


CII_ROOT = RSM + "CrossIndustryInvoice"


def kind(ctx: Context) -> str:
    """``ubl``, ``cii`` or ``json``: which binding judges the document.

    Taken from the source itself, so that the XML inside a Factur-X PDF (syntax ``facturx``) is judged by the
    binding of the syntax it is written in. Asked by nearly every rule: worked out once per run.
    """
    found: str | None = ctx.memo.get(_KIND)
    if found is None:
        root = ctx.root
        found = ctx.memo[_KIND] = "json" if root is None else "cii" if root.tag == CII_ROOT else "ubl"
    return found


_KIND = "rawxml.kind"


def cii_settlement(root: Element) -> Element | None:
    return path(root, RSM + "SupplyChainTradeTransaction", RAM + "ApplicableHeaderTradeSettlement")


def settlement(ctx: Context) -> Element | None:
    """The CII header settlement of the run's document (:func:`cii_settlement`), looked up once per run."""
    memo = ctx.memo
    if _SETTLEMENT in memo:
        return memo[_SETTLEMENT]  # type: ignore[no-any-return]
    found = memo[_SETTLEMENT] = None if ctx.root is None else cii_settlement(ctx.root)
    return found


_SETTLEMENT = "rawxml.settlement"


def children(ctx: Context, parent: Element | None) -> dict[Any, list[Element]]:
    """The children of ``parent`` by tag, sorted out once per run.

    For the elements a dozen rules look into (the document element, the monetary totals): one pass over the
    children costs less than a dozen ``iterchildren`` lookups. ``children(ctx, e).get(tag, [])`` is
    ``kids(e, tag)``.
    """
    if parent is None:
        return _NO_CHILDREN
    memo = ctx.memo
    found = memo.get(_CHILDREN)
    if found is None:
        found = memo[_CHILDREN] = {}
    by_tag: dict[Any, list[Element]] | None = found.get(parent)
    if by_tag is None:
        by_tag = found[parent] = {}
        for child in parent:
            tag = child.tag
            same = by_tag.get(tag)
            if same is None:
                by_tag[tag] = [child]
            else:
                same.append(child)
    return by_tag


_CHILDREN = "rawxml.children"
_NO_CHILDREN: dict[Any, list[Element]] = {}


def first(by_tag: dict[Any, list[Element]], tag: str) -> Element | None:
    """The first child named ``tag`` in a :func:`children` index: ``kid`` for an indexed element."""
    found = by_tag.get(tag)
    return found[0] if found else None


def source(group: Group | None) -> Element | None:
    """The element ``group`` was read from, or None.

    Read straight from ``__pydantic_private__``: pydantic's lookup of a private attribute costs a microsecond,
    and the rules ask for it once per line per rule.
    """
    if group is None:
        return None
    private = group.__pydantic_private__
    return None if private is None else private.get("_source")


def place(ctx: Context, group: Group | None, *steps: str | int) -> Any:
    """Where a finding points: the source element of ``group``, or for JSON input a readable path made of
    ``steps`` (``"lines", 2, "period"`` reads ``lines[2].period``), built only when a rule fires."""
    if ctx.root is not None:
        return group if source(group) is not None else None
    where = ""
    for step in steps:
        where += f"[{step}]" if isinstance(step, int) else f".{step}" if where else step
    return where


def periods(ctx: Context, given: Period | None, owner: Element | None) -> list[Period]:
    """The periods the schematron judges under a UBL document or line (``owner``), the model's ``given`` leading.

    The model keeps the first ``cac:InvoicePeriod``; the UBL schema lets it repeat and the artefact judges each
    one, so the others are read here from the source, dates as ``xs:date`` reads them. Like the reader, a period
    that gives only a tax point date code (``cbc:DescriptionCode``) is not an invoicing period. CII allows one
    period per place, and JSON input is the model.
    """
    found = [] if given is None else [given]
    if owner is None or kind(ctx) != "ubl":
        return found
    root = ctx.root
    if (owner is root or (owner.getparent() is root and owner.tag in _LINE_TAGS)) and owner not in per_run(
        ctx, _REPEATED_PERIODS, _repeated
    ):
        return found  # the document or a line, known to have one period at most
    for element in kids(owner, CAC + "InvoicePeriod")[1:]:
        start, end = kid(element, CBC + "StartDate"), kid(element, CBC + "EndDate")
        if start is None and end is None and kid(element, CBC + "DescriptionCode") is not None:
            continue
        period = Period(start_date=_xs_date(start), end_date=_xs_date(end))
        period._source = element
        found.append(period)
    return found


_LINE_TAGS = frozenset((CAC + "InvoiceLine", CAC + "CreditNoteLine"))
_REPEATED_PERIODS = "rawxml.repeated_periods"
# The document and the lines that have more than one InvoicePeriod: one query per document, nearly always empty.
_REPEATED_QUERY = etree.XPath(
    "self::*[cac:InvoicePeriod[2]] | (cac:InvoiceLine | cac:CreditNoteLine)[cac:InvoicePeriod[2]]",
    namespaces={"cac": NS["cac"]},
)


def _repeated(ctx: Context) -> set[Element]:
    return set(_REPEATED_QUERY(ctx.root))  # type: ignore[arg-type]


def _xs_date(element: Element | None) -> date | None:
    """``xs:date(.)`` of a plain ``YYYY-MM-DD``; None when absent or otherwise written (the XSLT stops on those)."""
    text = "" if element is None else (element.text or "").strip(" \t\r\n")
    try:
        return date.fromisoformat(text) if len(text) == 10 and text[4] == "-" else None
    except ValueError:
        return None


def monetary_totals(ctx: Context) -> Totals | None:
    """BG-22 when the document has its totals element (``LegalMonetaryTotal`` / header monetary summation).

    The UBL reader also makes a Totals for a document that only has a ``TaxTotal``; the totals rules, like the
    schematron, look at the monetary totals element itself.
    """
    memo = ctx.memo
    found: Totals | None = memo.get(_TOTALS, _UNKNOWN)
    if found is _UNKNOWN:
        totals = ctx.invoice.totals
        found = memo[_TOTALS] = None if totals is None or (ctx.root is not None and source(totals) is None) else totals
    return found


_TOTALS = "rawxml.totals"
_UNKNOWN: Any = object()


def present(ctx: Context, value: Any) -> bool:
    """An element that exists counts for the XML syntaxes (``exists()``); JSON needs a value that says something."""
    if ctx.root is not None:
        return value is not None
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


def filled(value: str | None) -> bool:
    """``normalize-space(x) != ''``."""
    return bool(value and value.strip(" \t\r\n"))


def nonblank(ctx: Context, value: str | None) -> bool:
    """A text the rule needs to be there and not empty.

    UBL asks ``normalize-space(x) != ''``. CII asks ``x != ''``, which a text of spaces passes: its reader gives
    ``None`` for an absent or empty element and ``""`` only for one holding nothing but spaces.
    """
    return value is not None if kind(ctx) == "cii" else filled(value)


def fsum(values: Iterable[Decimal | None]) -> float:
    """XPath ``sum()`` over untyped values, as the CII binding uses it: each one a double, added in order."""
    result = 0.0
    for value in values:
        if value is not None:
            result += float(value)
    return result


def fround2(value: float) -> float:
    """``round(x * 10 * 10) div 100`` computed in doubles, as the CII binding does on untyped amounts."""
    return math.floor(value * 10 * 10 + 0.5) / 100


def enumerate_path(items: Iterable[Any], name: str) -> Iterator[tuple[Any, str]]:
    """Each item with its JSON path (``lines[1]``), counting from 1 like the invoice does."""
    for index, item in enumerate(items, start=1):
        yield item, f"{name}[{index}]"


def exists(
    ctx: Context, group: Group | None, value: Any, ubl: tuple[tuple[str, ...], ...], cii: tuple[tuple[str, ...], ...]
) -> bool:
    """Whether a field is given: its element exists in the source (one of the chains of tags below the group's
    element), even empty; for JSON input, or a group read from nowhere, whether the model has a value.

    A value in the model was read from that element, so only a missing value sends the rule to the source.
    """
    if value is not None and (ctx.root is not None or present(ctx, value)):
        return True
    element = None if ctx.root is None else source(group)
    if element is None:
        return present(ctx, value)
    return any(path(element, *chain) is not None for chain in (ubl if kind(ctx) == "ubl" else cii))


def ubl_vat(parent: Element | None, tag: str = CAC + "TaxCategory") -> list[Element]:
    """The tax categories under ``parent`` whose scheme is VAT, the only ones the UBL binding reads."""
    found = []
    for category in kids(parent, tag):
        schemes = (norm(i.text).upper() for s in kids(category, CAC + "TaxScheme") for i in kids(s, CBC + "ID"))
        if "VAT" in schemes:
            found.append(category)
    return found


def cii_vat(parent: Element | None, tag: str) -> list[Element]:
    """The trade taxes under ``parent`` whose type code is VAT, the only ones the CII binding reads."""
    return [t for t in kids(parent, tag) if any((c.text or "").upper() == "VAT" for c in kids(t, RAM + "TypeCode"))]


def vat_code_in(ctx: Context, parent: Element | None, ubl_tag: str, cii_tag: str) -> bool:
    """A VAT category code under ``parent`` in the source: the ``cbc:ID`` of a VAT tax category (UBL) or the
    ``ram:CategoryCode`` of a VAT trade tax (CII)."""
    if kind(ctx) == "ubl":
        return any(kid(c, CBC + "ID") is not None for c in ubl_vat(parent, ubl_tag))
    return any(kid(t, RAM + "CategoryCode") is not None for t in cii_vat(parent, cii_tag))


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each field through object.__setattr__
class TaxEntry:
    """One VAT breakdown (BG-23) as the breakdown rules read it, whichever syntax it came in."""

    where: Any
    has_taxable: bool
    has_tax: bool
    taxable: Decimal | None
    tax: Decimal | None
    has_category: bool
    not_subject: bool  # category O, the one without a rate
    has_rate: bool
    rate: Decimal | None  # the rate of a VAT tax, as BR-CO-17 reads it
    taxable_element: Element | None = None  # where the amounts are written (XML input)
    tax_element: Element | None = None


def _upper_vat(expression: str) -> str:
    """XPath 2.0's ``upper-case(x) = 'VAT'`` in the XPath 1.0 of lxml: only the letters of VAT matter.

    A plain ``VAT``, the usual case, is settled first, without the string functions.
    """
    return f". = 'VAT' or translate({expression}, 'vat', 'VAT') = 'VAT'"


XPATH_NS = {"cac": NS["cac"], "cbc": NS["cbc"], "ram": NS["ram"], "rsm": NS["rsm"]}

# The lines without a VAT category code (BR-CO-04), found in one pass over the document.
UBL_LINES_WITHOUT_VAT = etree.XPath(
    "(cac:InvoiceLine | cac:CreditNoteLine)[not(cac:Item/cac:ClassifiedTaxCategory"
    f"[cac:TaxScheme/cbc:ID[{_upper_vat('normalize-space(.)')}]]/cbc:ID)]",
    namespaces=XPATH_NS,
)
CII_LINES_WITHOUT_VAT = etree.XPath(
    "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem[not(ram:SpecifiedLineTradeSettlement"
    f"/ram:ApplicableTradeTax[ram:TypeCode[{_upper_vat('.')}]]/ram:CategoryCode)]",
    namespaces=XPATH_NS,
)


def tax_entries(ctx: Context) -> list[TaxEntry]:
    """The VAT breakdowns the schematron looks at, read once per run.

    UBL: every ``TaxSubtotal`` of every ``TaxTotal`` (the model keeps those of one TaxTotal only), with only
    VAT tax categories counting. CII: each header ``ApplicableTradeTax``. JSON: the model's breakdown.
    """
    return per_run(ctx, "integrity.tax_entries", _tax_entries)


def _tax_entries(ctx: Context) -> list[TaxEntry]:
    if ctx.root is None:
        return [
            TaxEntry(
                where,
                b.taxable_amount is not None,
                b.tax_amount is not None,
                b.taxable_amount,
                b.tax_amount,
                filled(b.category_code),
                norm(b.category_code) == "O",
                b.rate is not None,
                b.rate,
            )
            for b, where in enumerate_path(ctx.invoice.vat_breakdown, "vat_breakdown")
        ]
    if kind(ctx) == "ubl":
        return [_ubl_entry(s) for s in ctx.root.iter(_TAX_SUBTOTAL) if _parent_is(s, _TAX_TOTAL)]
    return [_cii_entry(t) for t in kids(settlement(ctx), _TRADE_TAX)]


def _parent_is(element: Element, tag: str) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag == tag


_TAX_SUBTOTAL, _TAX_TOTAL, _TAX_CATEGORY = CAC + "TaxSubtotal", CAC + "TaxTotal", CAC + "TaxCategory"
_TAX_SCHEME, _TAXABLE, _TAX_AMOUNT = CAC + "TaxScheme", CBC + "TaxableAmount", CBC + "TaxAmount"
_ID, _PERCENT = CBC + "ID", CBC + "Percent"
_TRADE_TAX, _BASIS, _CALCULATED = RAM + "ApplicableTradeTax", RAM + "BasisAmount", RAM + "CalculatedAmount"
_RATE, _TYPE_CODE, _CATEGORY_CODE = RAM + "RateApplicablePercent", RAM + "TypeCode", RAM + "CategoryCode"


def _ubl_entry(subtotal: Element) -> TaxEntry:
    # One pass over the children of the subtotal and of each of its categories, instead of a lookup per tag.
    taxable = tax = None
    ids: list[Element] = []
    percents: list[Element] = []
    for child in subtotal:
        tag = child.tag
        if tag == _TAXABLE:
            if taxable is None:
                taxable = child
        elif tag == _TAX_AMOUNT:
            if tax is None:
                tax = child
        elif tag == _TAX_CATEGORY:
            # Only a category whose scheme is VAT counts (see ubl_vat).
            category_ids, category_percents, vat = [], [], False
            for part in child:
                tag = part.tag
                if tag == _ID:
                    category_ids.append(part)
                elif tag == _PERCENT:
                    category_percents.append(part)
                elif tag == _TAX_SCHEME and not vat:
                    # A scheme has one child or two: comparing tags costs less than a lookup.
                    vat = any(i.tag == _ID and _is_vat(i.text) for i in part)
            if vat:
                ids += category_ids
                percents += category_percents
    return TaxEntry(
        subtotal,
        taxable is not None,
        tax is not None,
        number(taxable),
        number(tax),
        bool(ids),
        any(norm(i.text) == "O" for i in ids),
        bool(percents),
        number(percents[0]) if percents else None,
        taxable,
        tax,
    )


def _is_vat(text: str | None) -> bool:
    """``upper-case(normalize-space(x)) = 'VAT'``, a plain VAT settled first."""
    return text == "VAT" or norm(text).upper() == "VAT"


def _cii_entry(tax: Element) -> TaxEntry:
    basis = amount = percent = None
    vat_type = has_category = not_subject = False
    for child in tax:
        tag = child.tag
        if tag == _BASIS:
            if basis is None:
                basis = child
        elif tag == _CALCULATED:
            if amount is None:
                amount = child
        elif tag == _RATE:
            if percent is None:
                percent = child
        elif tag == _TYPE_CODE:
            vat_type = vat_type or _is_vat(child.text)
        elif tag == _CATEGORY_CODE:
            has_category = True
            not_subject = not_subject or child.text == "O"
    return TaxEntry(
        tax,
        basis is not None,
        amount is not None,
        number(basis),
        number(amount),
        has_category,
        not_subject,
        percent is not None,
        number(percent) if vat_type else None,
        basis,
        amount,
    )


def indicated(ctx: Context, groups: Iterable[Any], charge: bool) -> list[Any]:
    """The allowances (or charges) the CII binding sees: those whose indicator reads exactly ``false`` (``true``).

    Its reader files an allowance or charge without a clear indicator somewhere; the schematron skips it.
    """
    groups = list(groups)
    if not groups or kind(ctx) != "cii":
        return groups
    seen = (
        per_run(ctx, "integrity.charges", _cii_charges)
        if charge
        else per_run(ctx, "integrity.allowances", _cii_allowances)
    )
    return [g for g in groups if source(g) is None or source(g) in seen]


_CII_INDICATED = "descendant::ram:SpecifiedTradeAllowanceCharge[ram:ChargeIndicator/udt:Indicator = '{}']"
_CII_ALLOWANCES = etree.XPath(_CII_INDICATED.format("false"), namespaces={**XPATH_NS, "udt": NS["udt"]})
_CII_CHARGES = etree.XPath(_CII_INDICATED.format("true"), namespaces={**XPATH_NS, "udt": NS["udt"]})


def _cii_allowances(ctx: Context) -> set[Element]:
    return set(_CII_ALLOWANCES(ctx.root))


def _cii_charges(ctx: Context) -> set[Element]:
    return set(_CII_CHARGES(ctx.root))
