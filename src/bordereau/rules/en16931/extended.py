"""Factur-X EXTENDED: the documents that declare it are judged as its own schematron judges them.

EXTENDED is CII beyond the EN 16931 subset: sub-lines (BT-X-8, ``ram:LineStatusReasonCode``: a ``GROUP`` line
sums the lines below it, an ``INFORMATION`` line only informs), logistics service charges (BG-X-42), financial
adjustments, many more parties. Its schematron leaves out the EN 16931 rules that such a document would break
(:data:`DROPPED`) and, but for a few (:data:`BINDING_KEPT`), the CEN binding of CII, which describes the EN 16931
subset; in their place it has rules of its own, ``BR-FXEXT-*``: the sums count only the lines that are neither a
sub-total nor information (no status code, or ``DETAIL``) and allow a cent per amount summed, and each VAT
category's taxable amount is checked three ways (see :mod:`.extended_vat`).

A document is EXTENDED when its BT-24 says so (:func:`~bordereau.rules.engine.profile_of`): the rules here judge
those only, and the rules they replace judge every other document, exactly as before. They read the source tree,
as the schematron does: the model has no room for what EXTENDED adds. This module holds the shared reading and
the rules about lines, notes and parties; :mod:`.extended_totals` and :mod:`.extended_vat` the sums.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..engine import REGISTRY, Check, Context, Severity, rule
from .memo import per_run
from .rawxml import RAM, RSM, UDT, Element, cii_settlement, kid, kids, norm
from .syntax_cii import PROGRAM
from .syntax_common import text as string

PROFILE = "extended"


def _words(text: str) -> list[str]:
    return text.split()


# The EN 16931 rules the EXTENDED schematron does without: most have a BR-FXEXT variant here.
DROPPED = _words(
    "BR-22 BR-23 BR-24 BR-26 BR-27 BR-28 BR-38 BR-44 BR-54 "
    "BR-CO-04 BR-CO-06 BR-CO-08 BR-CO-10 BR-CO-11 BR-CO-12 BR-CO-13 BR-CO-15 BR-CO-16 BR-CO-17 BR-CO-22 BR-CO-24 "
    "BR-S-01 BR-S-08 BR-S-09 BR-S-10 BR-Z-01 BR-Z-08 BR-Z-10 BR-E-01 BR-E-08 BR-AE-01 BR-AE-08 BR-IC-01 BR-IC-08 "
    "BR-G-01 BR-G-08 BR-O-01 BR-O-02 BR-O-03 BR-O-04 BR-O-08 BR-O-11 BR-O-12 BR-O-13 BR-O-14 "
    "BR-AF-01 BR-AF-08 BR-AF-10 BR-AG-01 BR-AG-08 BR-AG-10 CII-SR-470 CII-SR-474"
)

# The CII binding rules the EXTENDED schematron keeps; it drops the others (see above).
BINDING_KEPT = frozenset(
    _words(
        "CII-SR-463 CII-SR-464 CII-SR-465 CII-SR-466 CII-SR-467 CII-SR-468 CII-SR-469 CII-SR-471 CII-SR-472 "
        "CII-SR-473 CII-SR-475 CII-SR-476 CII-DT-097"
    )
)

REGISTRY.leave_out([*DROPPED, *(spec.id for spec in PROGRAM.specs if spec.id not in BINDING_KEPT)], PROFILE)


def extended_rule(
    id: str, *, bt: Iterable[str], en: str, fr: str, severity: Severity = "fatal"
) -> Callable[[Check], Check]:
    """Register a rule of the EXTENDED schematron: CII only (a Factur-X PDF included), EXTENDED documents only."""
    return rule(id, severity=severity, bt=bt, en=en, fr=fr, syntax="cii", profiles=(PROFILE,))


# --- reading the tree ---------------------------------------------------------------------------------------------

LINE = RAM + "IncludedSupplyChainTradeLineItem"
LINE_DOCUMENT = RAM + "AssociatedDocumentLineDocument"
LINE_SETTLEMENT = RAM + "SpecifiedLineTradeSettlement"
LINE_SUMMATION = RAM + "SpecifiedTradeSettlementLineMonetarySummation"
LINE_TOTAL = RAM + "LineTotalAmount"
STATUS = RAM + "LineStatusReasonCode"
ALLOWANCE_CHARGE = RAM + "SpecifiedTradeAllowanceCharge"
CHARGE_INDICATOR = RAM + "ChargeIndicator"
INDICATOR = UDT + "Indicator"
LOGISTICS = RAM + "SpecifiedLogisticsServiceCharge"
HEADER_SETTLEMENT = RAM + "ApplicableHeaderTradeSettlement"
TRADE_TAX = RAM + "ApplicableTradeTax"
CATEGORY_TAX = RAM + "CategoryTradeTax"
APPLIED_TAX = RAM + "AppliedTradeTax"
CATEGORY = RAM + "CategoryCode"
RATE = RAM + "RateApplicablePercent"
SUMMATION = RAM + "SpecifiedTradeSettlementHeaderMonetarySummation"

# The elements the schematron looks for anywhere in the document (``//ram:X``), gathered in one walk per run.
_ANYWHERE = (
    LINE,
    LINE_DOCUMENT,
    LINE_SETTLEMENT,
    HEADER_SETTLEMENT,
    SUMMATION,
    CATEGORY_TAX,
    APPLIED_TAX,
    RAM + "SpecifiedTaxRegistration",
    RAM + "ApplicableProductCharacteristic",
    RAM + "SpecifiedTradePaymentTerms",
    RAM + "DuePayableAmount",
    UDT + "DateTimeString",
)


def anywhere(ctx: Context, tag: str) -> list[Element]:
    """Every ``tag`` element of the document, in document order (``tag`` is one of :data:`_ANYWHERE`)."""
    return per_run(ctx, "extended.anywhere", _gather).get(tag, [])


def _gather(ctx: Context) -> dict[str, list[Element]]:
    found: dict[str, list[Element]] = {}
    if ctx.root is not None:
        for element in ctx.root.iter(*_ANYWHERE):
            found.setdefault(element.tag, []).append(element)
    return found


def lines(root: Element) -> list[Element]:
    """The invoice lines at their place (``/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/…``)."""
    return kids(kid(root, RSM + "SupplyChainTradeTransaction"), LINE)


def header_settlement(root: Element) -> Element | None:
    return cii_settlement(root)


def below(element: Element | None, *tags: str) -> list[Element]:
    """Every element down the chain of ``tags`` (all occurrences at each step, as an XPath path does)."""
    found = [] if element is None else [element]
    for tag in tags:
        found = [child for parent in found for child in parent.iterchildren(tag)]
    return found


def first_text(elements: list[Element]) -> str:
    """``normalize-space(path)`` of a path that reaches at most one element (the first one otherwise)."""
    return norm(string(elements[0])) if elements else ""


def statuses(line: Element) -> list[str]:
    """The line's sub-line status codes (BT-X-8), as written."""
    return [string(code) for document in line.iterchildren(LINE_DOCUMENT) for code in document.iterchildren(STATUS)]


def counted(line: Element) -> bool:
    """A line the sums count: one with no status code, or a ``DETAIL`` one (not a ``GROUP`` nor information)."""
    codes = statuses(line)
    return not codes or "DETAIL" in codes


def codes_of(tax: Element) -> list[str]:
    return [string(code) for code in tax.iterchildren(CATEGORY)]


def indicated(charge: Element, value: str) -> bool:
    """``ram:ChargeIndicator/udt:Indicator = 'value'``: compared as text, as written."""
    return any(string(i) == value for c in charge.iterchildren(CHARGE_INDICATOR) for i in c.iterchildren(INDICATOR))


_DOUBLE = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def xpath_number(value: str) -> float:
    """XPath ``number()`` of a text: a double, NaN when the text is no number."""
    value = value.strip(" \t\r\n")
    if _DOUBLE.fullmatch(value):
        return float(value)
    return {"INF": math.inf, "-INF": -math.inf}.get(value, math.nan)


def round_double(value: float) -> float:
    """XPath ``round()`` of a double: half towards positive infinity; NaN and the infinities stay as they are."""
    return math.floor(value + 0.5) if math.isfinite(value) else value


# --- notes, parties, item attributes --------------------------------------------------------------------------------


@extended_rule(
    "BR-FXEXT-01",
    bt=["BT-21", "BT-22", "BT-X-5"],
    en="An invoice note with a subject code (BT-21) must carry its text (BT-22), its coded text (BT-X-5), or both.",
    fr="Une note de facture dotée d'un code sujet (BT-21) doit porter son texte (BT-22), son texte codé (BT-X-5), "
    "ou les deux.",
)
def note_has_content(ctx: Context) -> Iterator[Any]:
    if ctx.root is not None:
        for note in below(ctx.root, RSM + "ExchangedDocument", RAM + "IncludedNote"):
            yield from _empty_note(note)


def _empty_note(note: Element) -> Iterator[Element]:
    subject = kid(note, RAM + "SubjectCode") is not None
    if subject and kid(note, RAM + "ContentCode") is None and kid(note, RAM + "Content") is None:
        yield note


@extended_rule(
    "BR-FXEXT-02",
    bt=["BT-X-10", "BT-127", "BT-X-9"],
    en="A line note with a subject code (BT-X-10) must carry its text (BT-127), its coded text (BT-X-9), or both.",
    fr="Une note de ligne dotée d'un code sujet (BT-X-10) doit porter son texte (BT-127), son texte codé (BT-X-9), "
    "ou les deux.",
)
def line_note_has_content(ctx: Context) -> Iterator[Any]:
    for document in anywhere(ctx, LINE_DOCUMENT):
        for note in document.iterchildren(RAM + "IncludedNote"):
            yield from _empty_note(note)


@extended_rule(
    "BR-FXEXT-03",
    bt=["BT-X-66", "BT-X-84", "BT-X-144", "BT-X-161", "BT-X-180", "BT-X-199", "BT-X-223", "BT-X-242", "BT-X-257"],
    en="Apart from the seller, a party may only give a VAT registration as its tax registration (scheme VA).",
    fr="En dehors du vendeur, une partie ne peut donner comme immatriculation fiscale qu'un numéro de TVA (schéma VA).",
)
def only_vat_registrations(ctx: Context) -> Iterator[Any]:
    for registration in anywhere(ctx, RAM + "SpecifiedTaxRegistration"):
        for identifier in registration.iterchildren(RAM + "ID"):
            if identifier.get("schemeID") != "VA" and next(identifier.iterancestors(_SELLER), None) is None:
                yield identifier


_SELLER = RAM + "SellerTradeParty"

# UNTDID 6313 (measured attribute codes) and the codes Factur-X adds to it for item attributes.
_ATTRIBUTE_CODES = frozenset(
    _words(
        """A AAA AAB AAC AAD AAF AAG AAH AAI AAJ AAK AAM AAN AAO AAP AAQ AAR AAS AAT AAU AAV AAW AAX AAY AAZ ABA ABB ABC
    ABD ABE ABF ABG ABH ABI ABJ ABK ABL ABM ABN ABO ABP ABS ABT ABX ABY ABZ ACA ACE ACG ACN ACP ACS ACV ACW ACX ADR
    ADS ADT ADU ADV ADW ADX ADY ADZ AEA AEB AEC AED AEE AEF AEG AEH AEI AEJ AEK AEL AEM AEN AEO AEP AEQ AER AES AET
    AEU AEV AEW AEX AEY AEZ AF AFA AFB AFC AFD AFE AFF AFG AFH AFI AFJ AFK AFL AFM AFN AFO AFP AFQ AFR AFS AFT AFU AFV
    AFW AFX B BL BMY BMZ BNA BNB BNC BND BNE BNF BNG BNH BNI BNJ BNK BNL BNM BNN BNO BNP BNQ BNR BNS BNT BNU BNV BNW
    BNX BNY BNZ BR BRA BRB BRC BRD BRE BRF BRG BRH BRI BRJ BRK BRL BRM BRN BRO BRP BRQ BRR BRS BRT BRU BRV BS BSW BSX
    BSY BSZ BTA BTB BTC BTD BTE BTF BTG BTH BTI BTJ BTK BTL BTM BW CHN CHO CM CT CV CZ D DI DL DN DP DR DS DW E EA F
    FI FL FN FV GG GW HF HM HT IB ID L LM LN LND M MO MW N OD PRS PTN RA RF RJ RMW RP RUN RY SQ T TC TH TN TT VGM VH
    VW WA WD WM WU XH XQ XZ YS ZAL ZAS ZB ZBI ZC ZCA ZCB ZCE ZCL ZCO ZCR ZCU ZFE ZFS ZGE ZH ZK ZMG ZMN ZMO ZN ZNA ZNB
    ZNI ZO ZP ZPB ZS ZSB ZSE ZSI ZSL ZSN ZTA ZTE ZTI ZV ZW ZWA ZZN ZZR ZZZ
    BEST_BEFORE_DATE COLOR_TEXT COMMISSION DEPOSIT_SYSTEM DEPOSIT_TYPE ENERGY_CLASS EXPIRATION_DATE FEE
    KIND_OF_ARTICLE MATERIAL METER_LOCATION METER_NUMBER ORGANIC_CONTROL_BODY PACKAGING_MATERIAL PACKAGING_TYPE
    PROMOTIONAL_VARIANT SEAL_NUMBER SIZE_CODE SIZE_TEXT TRADING_UNIT WASTE_CODE WASTE_FRACTION WEEE_NUMBER"""
    )
)


@extended_rule(
    "BR-FXEXT-04",
    severity="warning",
    bt=["BT-X-11"],
    en="An item attribute code (BT-X-11) should come from UNTDID 6313 or the Factur-X extension of it, so that the "
    "attribute can be processed without prior agreement.",
    fr="Le code d'un attribut d'article (BT-X-11) devrait venir de l'UNTDID 6313 ou de son extension Factur-X, "
    "pour que l'attribut puisse être traité sans accord préalable.",
)
def attribute_code_known(ctx: Context) -> Iterator[Any]:
    for characteristic in anywhere(ctx, RAM + "ApplicableProductCharacteristic"):
        for code in characteristic.iterchildren(RAM + "TypeCode"):
            if norm(string(code)) not in _ATTRIBUTE_CODES:
                yield code


@extended_rule(
    "BR-FXEXT-BR-54-1",
    bt=["BT-160", "BT-X-11"],
    en="Each item attribute (BG-32) must have a name (BT-160), a code (BT-X-11), or both.",
    fr="Chaque attribut d'article (BG-32) doit avoir un nom (BT-160), un code (BT-X-11), ou les deux.",
)
def attribute_named(ctx: Context) -> Iterator[Any]:
    for characteristic in anywhere(ctx, RAM + "ApplicableProductCharacteristic"):
        if kid(characteristic, RAM + "Description") is None and kid(characteristic, RAM + "TypeCode") is None:
            yield characteristic


@extended_rule(
    "BR-FXEXT-BR-54-2",
    bt=["BT-161", "BT-X-12"],
    en="Each item attribute (BG-32) must have either a value (BT-161) or a measured value with its unit (BT-X-12), "
    "not both.",
    fr="Chaque attribut d'article (BG-32) doit avoir soit une valeur (BT-161), soit une valeur mesurée avec son "
    "unité (BT-X-12), pas les deux.",
)
def attribute_valued(ctx: Context) -> Iterator[Any]:
    for characteristic in anywhere(ctx, RAM + "ApplicableProductCharacteristic"):
        value = kid(characteristic, RAM + "Value") is not None
        measures = kids(characteristic, RAM + "ValueMeasure")
        if value:
            if measures:
                yield characteristic
        elif not any(m.get("unitCode") not in (None, "") for m in measures):
            yield characteristic


# --- sub-lines ------------------------------------------------------------------------------------------------------


def _parent_id(line: Element) -> str:
    return first_text(below(line, LINE_DOCUMENT, RAM + "ParentLineID"))


def line_amounts(line: Element) -> list[Element]:
    """The line's net amounts (BT-131): one, or none."""
    return below(line, LINE_SETTLEMENT, LINE_SUMMATION, LINE_TOTAL)


@extended_rule(
    "BR-FXEXT-06",
    bt=["BT-X-304", "BT-X-8"],
    en="A line that names its parent line (BT-X-304) must give its sub-line type (BT-X-8).",
    fr="Une ligne qui désigne sa ligne parente (BT-X-304) doit indiquer son type de sous-ligne (BT-X-8).",
)
def sub_line_typed(ctx: Context) -> Iterator[Any]:
    for line in anywhere(ctx, LINE):
        if _parent_id(line) and not any(statuses(line)):
            yield line


@extended_rule(
    "BR-FXEXT-08",
    bt=["BT-X-8", "BT-131"],
    en="A sub-total line (BT-X-8 GROUP) that gives a net amount (BT-131) must equal the sum of the net amounts of the "
    "DETAIL and GROUP lines right below it, each of which must then give one.",
    fr="Une ligne de sous-total (BT-X-8 GROUP) qui donne un montant net (BT-131) doit égaler la somme des montants "
    "nets des lignes DETAIL et GROUP placées juste sous elle, qui doivent alors toutes en donner un.",
)
def sub_totals_add_up(ctx: Context) -> Iterator[Any]:
    found = anywhere(ctx, LINE)
    if not all(_group_adds_up(group, found) for group in found):
        yield from found  # the schematron asks this of the whole document once per line


def _group_adds_up(group: Element, every: list[Element]) -> bool:
    amount = first_text(line_amounts(group))
    if "GROUP" not in statuses(group) or not amount:
        return True
    own = first_text(below(group, LINE_DOCUMENT, RAM + "LineID"))
    below_it = [
        xpath_number(first_text(line_amounts(line)))
        for line in every
        if _parent_id(line) == own and {"DETAIL", "GROUP"} & set(statuses(line))
    ]
    added = 0.0
    for value in below_it:  # one after the other, as XPath adds doubles
        added += value
    return xpath_number(amount) == round_double(added * 100) / 100


@extended_rule(
    "BR-FXEXT-11",
    bt=["BT-X-304", "BT-126"],
    en="The parent line (BT-X-304) a line names must be the identifier (BT-126) of a line of the invoice.",
    fr="La ligne parente (BT-X-304) qu'une ligne désigne doit être l'identifiant (BT-126) d'une ligne de la facture.",
)
def parent_exists(ctx: Context) -> Iterator[Any]:
    found = anywhere(ctx, LINE)
    known = None
    for line in found:
        parent = _parent_id(line)
        if parent:
            if known is None:
                known = {norm(string(i)) for other in found for i in below(other, LINE_DOCUMENT, RAM + "LineID")}
            if parent not in known:
                yield line


@extended_rule(
    "BR-FXEXT-12",
    bt=["BT-X-8", "BT-131"],
    en="A sub-total line (BT-X-8 GROUP) that gives a net amount (BT-131) needs an identifier (BT-126), and every "
    "sub-total line right below it must give a net amount too.",
    fr="Une ligne de sous-total (BT-X-8 GROUP) qui donne un montant net (BT-131) doit avoir un identifiant (BT-126), "
    "et chaque ligne de sous-total placée juste sous elle doit aussi donner un montant net.",
)
def sub_totals_below_have_amounts(ctx: Context) -> Iterator[Any]:
    if ctx.root is None:
        return
    at_place = lines(ctx.root)
    for group in anywhere(ctx, LINE):
        if "GROUP" not in statuses(group) or not line_amounts(group):
            continue
        own = [string(i) for i in below(group, LINE_DOCUMENT, RAM + "LineID")]
        if not own or not all(_groups_below_have_amounts(identifier, at_place) for identifier in own):
            yield group


def _groups_below_have_amounts(identifier: str, at_place: list[Element]) -> bool:
    groups = [
        line
        for line in at_place
        if "GROUP" in statuses(line)
        and any(string(p) == identifier for p in below(line, LINE_DOCUMENT, RAM + "ParentLineID"))
    ]
    return len(groups) == sum(len(line_amounts(line)) for line in groups)


def _counted_documents(ctx: Context) -> Iterator[Element]:
    """The line documents the schematron's line checks start from: those of a line that is not a sub-line."""
    for document in anywhere(ctx, LINE_DOCUMENT):
        line = document.getparent()
        if line is not None and line.tag == LINE:
            codes = [string(code) for code in document.iterchildren(STATUS)]
            if not codes or "DETAIL" in codes:
                yield document


def _line_check(test: Callable[[Element], bool]) -> Check:
    def check(ctx: Context) -> Iterator[Any]:
        for document in _counted_documents(ctx):
            if not test(document.getparent()):  # type: ignore[arg-type]
                yield document

    return check


extended_rule(
    "BR-FXEXT-BR-22",
    bt=["BT-129", "BT-X-8"],
    en="Each invoice line that is not a sub-line (BT-X-8 DETAIL or none) must give the invoiced quantity (BT-129).",
    fr="Chaque ligne qui n'est pas une sous-ligne (BT-X-8 DETAIL ou absent) doit indiquer la quantité facturée "
    "(BT-129).",
)(_line_check(lambda line: bool(below(line, RAM + "SpecifiedLineTradeDelivery", RAM + "BilledQuantity"))))
extended_rule(
    "BR-FXEXT-BR-23",
    bt=["BT-130", "BT-X-8"],
    en="Each invoice line that is not a sub-line (BT-X-8 DETAIL or none) must give the unit of measure of the "
    "invoiced quantity (BT-130).",
    fr="Chaque ligne qui n'est pas une sous-ligne (BT-X-8 DETAIL ou absent) doit indiquer l'unité de la quantité "
    "facturée (BT-130).",
)(
    _line_check(
        lambda line: any(
            "unitCode" in q.attrib for q in below(line, RAM + "SpecifiedLineTradeDelivery", RAM + "BilledQuantity")
        )
    )
)
extended_rule(
    "BR-FXEXT-BR-24",
    bt=["BT-131", "BT-X-8"],
    en="Each invoice line that is not a sub-line (BT-X-8 DETAIL or none) must give its net amount (BT-131).",
    fr="Chaque ligne qui n'est pas une sous-ligne (BT-X-8 DETAIL ou absent) doit indiquer son montant net (BT-131).",
)(_line_check(lambda line: bool(line_amounts(line))))
extended_rule(
    "BR-FXEXT-BR-26",
    bt=["BT-146", "BT-X-8"],
    en="Each invoice line that is not a sub-line (BT-X-8 DETAIL or none) must give the item net price (BT-146).",
    fr="Chaque ligne qui n'est pas une sous-ligne (BT-X-8 DETAIL ou absent) doit indiquer le prix net de l'article "
    "(BT-146).",
)(
    _line_check(
        lambda line: bool(
            below(line, RAM + "SpecifiedLineTradeAgreement", RAM + "NetPriceProductTradePrice", RAM + "ChargeAmount")
        )
    )
)


def _line_vat_category(line: Element) -> bool:
    taxes = below(line, LINE_SETTLEMENT, TRADE_TAX)
    if not any(string(t) == "VAT" for tax in taxes for t in tax.iterchildren(RAM + "TypeCode")):
        return False
    return any(kid(tax, CATEGORY) is not None for tax in taxes if vat_typed(tax))


def vat_typed(tax: Element) -> bool:
    """``upper-case(ram:TypeCode) = 'VAT'``, of the first type code."""
    return first_raw(kids(tax, RAM + "TypeCode")).upper() == "VAT"


def first_raw(elements: list[Element]) -> str:
    return string(elements[0]) if elements else ""


extended_rule(
    "BR-FXEXT-CO-04",
    bt=["BT-151", "BT-X-8"],
    en="Each invoice line that is not a sub-line (BT-X-8 DETAIL or none) must give its VAT category (BT-151).",
    fr="Chaque ligne qui n'est pas une sous-ligne (BT-X-8 DETAIL ou absent) doit indiquer sa catégorie de TVA "
    "(BT-151).",
)(_line_check(_line_vat_category))


# --- charges with a reason ------------------------------------------------------------------------------------------


def _charges_without_reason(holders: list[Element]) -> Iterator[Element]:
    for holder in holders:
        for charge in holder.iterchildren(ALLOWANCE_CHARGE):
            for indicator in charge.iterchildren(CHARGE_INDICATOR):
                charged = any(string(i) == "true" for i in indicator.iterchildren(INDICATOR))
                if charged and kid(charge, RAM + "Reason") is None and kid(charge, RAM + "ReasonCode") is None:
                    yield indicator


@extended_rule(
    "BR-FXEXT-BR-38",
    bt=["BT-104", "BT-105"],
    en="Each document level charge or tax (BG-21) must give a reason (BT-104), a reason or tax code (BT-105, BT-177), "
    "or both.",
    fr="Chaque frais ou taxe au niveau du document (BG-21) doit indiquer un motif (BT-104), un code de motif ou de "
    "taxe (BT-105, BT-177), ou les deux.",
)
def document_charge_reason(ctx: Context) -> Iterator[Any]:
    yield from _charges_without_reason(anywhere(ctx, HEADER_SETTLEMENT))


@extended_rule(
    "BR-FXEXT-BR-44",
    bt=["BT-144", "BT-145"],
    en="Each line charge or tax (BG-28) must give a reason (BT-144), a reason or tax code (BT-145, BT-193), or both.",
    fr="Chaque frais ou taxe de ligne (BG-28) doit indiquer un motif (BT-144), un code de motif ou de taxe (BT-145, "
    "BT-193), ou les deux.",
)
def line_charge_reason(ctx: Context) -> Iterator[Any]:
    yield from _charges_without_reason(anywhere(ctx, LINE_SETTLEMENT))


# --- dates, payment terms -------------------------------------------------------------------------------------------

_DATE_TIME_205 = re.compile(
    r"[ \t\n\r]*\d{4}(1[0-2]|0[1-9])(3[01]|[12][0-9]|0[1-9])([01][0-9]|2[0-3])[0-5][0-9][ \t\n\r]*"
)


@extended_rule(
    "BR-FXEXT-CII-DT-097a",
    bt=[],
    en="A date and time in format 205 must read YYYYMMDDHHMM.",
    fr="Une date et heure au format 205 doit s'écrire AAAAMMJJHHMM.",
)
def date_time_205(ctx: Context) -> Iterator[Any]:
    for element in anywhere(ctx, UDT + "DateTimeString"):
        if element.get("format") == "205" and not _DATE_TIME_205.fullmatch(string(element)):
            yield element


@extended_rule(
    "BR-CO-25",
    bt=["BT-115", "BT-9", "BT-20"],
    en="When an amount is due for payment (BT-115 positive), the invoice must give the payment due date (BT-9) or "
    "the payment terms (BT-20).",
    fr="Lorsqu'un montant reste à payer (BT-115 positif), la facture doit indiquer la date d'échéance (BT-9) ou les "
    "conditions de paiement (BT-20).",
)
def due_amount_has_terms(ctx: Context) -> Iterator[Any]:
    due = anywhere(ctx, RAM + "DuePayableAmount")
    if ctx.root is None or not due or not xpath_number(string(due[0])) > 0:
        return
    terms = anywhere(ctx, RAM + "SpecifiedTradePaymentTerms")
    if not any(kid(t, RAM + "DueDateDateTime") is not None or kid(t, RAM + "Description") is not None for t in terms):
        yield ctx.root
