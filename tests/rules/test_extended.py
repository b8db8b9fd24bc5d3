"""Factur-X EXTENDED: a document that declares it is judged as the Factur-X EXTENDED schematron judges it.

The ``en16931`` set leaves out, for those documents only, the EN 16931 rules the EXTENDED schematron drops and the
CEN CII binding rules it does not keep, and runs its ``BR-FXEXT-*`` variants (sub-lines, tolerances, the
``ini``/``rev``/``b`` VAT sums) in their place. Checked here: the Factur-X EXTENDED examples pass with no fatal
finding and with exactly the official findings; deterministic edits of them and random mutations (those of
:mod:`.agreement`, plus edits of the sub-line structure) fire the same fatal rules natively and in the official
EXTENDED stylesheet; every other document keeps the plan it had.
"""

from __future__ import annotations

import copy
import importlib.util
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import assume, event, given, target
from hypothesis import strategies as st
from lxml import etree

from bordereau.formats import read, read_file
from bordereau.rules import REGISTRY, run, validate
from bordereau.rules.en16931 import extended
from bordereau.rules.engine import DEFAULT_PROFILE, Finding, profile_of
from bordereau.rules.official import OfficialEngine, TransformFailed, finding

from ..conftest import CII_FILES, CORPUS, FACTURX_FILES, UBL_FILES, ids
from .agreement import (
    TEXTS,
    Base,
    Bases,
    Case,
    Draw,
    code_pools,
    comparable_rules,
    examples_setting,
    fatal,
    flagged_apart,
    mutate,
    mutated,
    native_findings,
    native_rules,
)

HAS_SAXON = importlib.util.find_spec("saxonche") is not None
needs_saxon = pytest.mark.skipif(not HAS_SAXON, reason="saxonche is not installed: pip install 'bordereau[official]'")

EXTENDED_FILES = sorted((CORPUS / "facturx-1.09" / "extended").glob("*.xml"))
OTHER_FACTURX = [p for p in FACTURX_FILES if p.parent.name != "extended"]
BASES = Bases(Base(p.name, "cii", p.read_bytes()) for p in EXTENDED_FILES)
SUB_LINE_CODES = ("DETAIL", "GROUP", "INFORMATION")
POOLS = code_pools(BASES, texts=(*TEXTS, *SUB_LINE_CODES))

# BR-51 (the last digits of a card number) is a warning natively, as the CEN UBL stylesheet flags it; the Factur-X
# stylesheets report it with no flag, that is as fatal (see test_agreement.py).
FLAGGED_APART = ("BR-51",)

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}
RAM = f"{{{NS['ram']}}}"


@pytest.fixture(scope="module")
def engine() -> Iterator[OfficialEngine]:
    """One worker for the module: the EXTENDED stylesheet is compiled once."""
    if not HAS_SAXON:
        pytest.skip("saxonche is not installed: pip install 'bordereau[official]'")
    with OfficialEngine(timeout=120) as official:
        yield official


@pytest.fixture(scope="module")
def stylesheet(engine: OfficialEngine) -> Path:
    return engine.artefact("en16931", "cii", extended.PROFILE)


@pytest.fixture(scope="module")
def universe(stylesheet: Path) -> frozenset[str]:
    return comparable_rules("en16931", "cii", stylesheet, FLAGGED_APART, extended.PROFILE)


def official_fatal(engine: OfficialEngine, data: bytes, universe: frozenset[str]) -> set[str]:
    return fatal(engine.validate(data, "cii", ("en16931",)), universe)


def fired(findings: list[Finding], universe: frozenset[str]) -> set[tuple[str, str]]:
    """The (rule, severity) pairs of the findings on rules both engines know: warnings are compared too."""
    return {(f.rule, f.severity) for f in findings if f.rule in universe}


# --- the examples ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", EXTENDED_FILES, ids=ids(EXTENDED_FILES))
def test_examples_have_no_fatal_finding(path: Path, corpus: Path) -> None:
    report = validate(path, ["en16931"])
    assert profile_of(read_file(path, strict=False)) == extended.PROFILE
    assert report.fatal() == []


@needs_saxon
@pytest.mark.parametrize("path", EXTENDED_FILES, ids=ids(EXTENDED_FILES))
def test_examples_findings_are_the_official_ones(engine: OfficialEngine, path: Path, corpus: Path) -> None:
    official = {(f.rule, f.severity) for f in engine.validate(path.read_bytes(), "cii", ["en16931"])}
    assert {(f.rule, f.severity) for f in validate(path, ["en16931"]).findings} == official


def test_examples_are_all_there(corpus: Path) -> None:
    assert len(EXTENDED_FILES) == 25
    # Two examples leave an exempt amount apart from the entry of its exemption reason: the rev variant warns.
    warned = {p.name for p in EXTENDED_FILES if validate(p, ["en16931"]).warnings()}
    assert warned == {"factur-x-14.xml", "factur-x-19.xml"}


# --- who is judged as EXTENDED --------------------------------------------------------------------------------------


def test_profile_comes_from_the_guideline(corpus: Path) -> None:
    for path in OTHER_FACTURX:
        assert profile_of(read_file(path, strict=False)) == path.parent.name
    for path in CII_FILES + UBL_FILES[:5]:
        assert profile_of(read_file(path, strict=False)) == DEFAULT_PROFILE
    # The EXTENDED guideline in a UBL document, or a JSON one, changes nothing: the profile is CII's.
    invoice = read_file(UBL_FILES[0], strict=False)
    invoice.invoice.process.specification_id = "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended"
    assert profile_of(invoice) == DEFAULT_PROFILE


def test_plans_differ_for_extended_only() -> None:
    for syntax in ("cii", "facturx", "ubl", "json"):
        plain = REGISTRY.plan(["en16931", "fr", "chorus"], syntax).rules
        for profile in ("minimum", "basicwl", "basic", "en16931"):
            assert REGISTRY.plan(["en16931", "fr", "chorus"], syntax, profile).rules == plain
        assert not any(r.id.startswith("BR-FXEXT") or r.id == "BR-CO-25" for r in plain)
    ours = {r.id for r in REGISTRY.plan(["en16931"], "cii", extended.PROFILE).rules}
    theirs = {r.id for r in REGISTRY.plan(["en16931"], "cii").rules}
    assert not ours & set(extended.DROPPED)
    assert {i for i in ours if i.startswith("CII-")} == extended.BINDING_KEPT
    assert {i for i in ours - theirs} == {
        i for i in native_rules("en16931", "cii", extended.PROFILE) if i not in theirs
    }
    added = ours - theirs
    assert len(added) == 62 and "BR-CO-25" in added and all(i.startswith("BR-FXEXT") for i in added - {"BR-CO-25"})
    # A Factur-X PDF carrying an EXTENDED document gets the same rules, and the PDF checks.
    pdf = {r.id for r in REGISTRY.plan(["en16931"], "facturx", extended.PROFILE).rules}
    assert pdf - ours == {i for i in pdf if i.startswith("FX-")} and ours <= pdf


def test_extended_ids_are_the_official_ones() -> None:
    """Every id of ours is one the EXTENDED stylesheet reports (read from its message list, offline)."""
    ours = {i for i in native_rules("en16931", "cii", extended.PROFILE) if i.startswith("BR-FXEXT")}
    families = ("S", "Z", "E", "AE", "IC", "G", "O", "AF", "AG")
    expected = {f"BR-FXEXT-{n}" for n in ("01", "02", "03", "04", "06", "08", "11", "12", "CII-DT-097a")}
    expected |= {f"BR-FXEXT-BR-{n}" for n in ("22", "23", "24", "26", "38", "44", "54-1", "54-2")}
    expected |= {f"BR-FXEXT-CO-{n}" for n in ("04", "10", "11", "12", "13", "15", "16")}
    expected |= {f"BR-FXEXT-{f}-{v}" for f in families for v in ("01", "08ini", "08rev")}
    expected |= {f"BR-FXEXT-{f}-08b" for f in families if f != "S"} | {"BR-FXEXT-S08b", "BR-FXEXT-S-09b"}
    assert ours == expected
    warnings = {i for i, s in native_rules("en16931", "cii", extended.PROFILE).items() if s == "warning"}
    assert {i for i in warnings if i.startswith("BR-FXEXT")} == {
        "BR-FXEXT-04",
        *(f"BR-FXEXT-{f}-{v}" for f in families for v in ("08ini", "08rev")),
    }


@needs_saxon
def test_severities_differ_only_where_said(stylesheet: Path) -> None:
    assert flagged_apart("en16931", "cii", stylesheet, extended.PROFILE) == set(FLAGGED_APART)


@needs_saxon
def test_universe_is_not_vacuous(universe: frozenset[str]) -> None:
    assert len(universe) > 150
    assert {"BR-FXEXT-CO-10", "BR-FXEXT-S08b", "BR-FXEXT-S-09b", "BR-FXEXT-08", "BR-CO-25", "CII-DT-097"} <= universe
    assert not universe & set(extended.DROPPED)
    assert not {"XSD", "FORMAT", "CII-SR-001", "CII-DT-027"} & universe


@needs_saxon
def test_official_engine_picks_the_extended_stylesheet(engine: OfficialEngine, corpus: Path) -> None:
    assert engine.artefact("en16931", "cii", extended.PROFILE).name == "FACTUR-X_EXTENDED.xslt"
    assert engine.artefact("en16931", "cii", "basic").name == "FACTUR-X_EN16931.xslt"
    root = etree.fromstring(EXTENDED_FILES[0].read_bytes())
    one(root, "//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:LineTotalAmount").text = "1.00"
    fired = engine.validate(etree.tostring(root), "cii", ["en16931"])
    assert {f.rule for f in fired} == {"BR-FXEXT-CO-10"}
    assert all(f.message.startswith(f"[{f.rule}]") for f in fired)


def test_bracketed_ids_are_read_whole() -> None:
    assert finding("FX-SCH-A-000348", None, "/", "[BR-FXEXT-S08b]-In a VAT breakdown").rule == "BR-FXEXT-S08b"
    assert finding("BR-FXEXT-E-08rev", "warning", "/", "[BR-FXEXT-E-08rev] - In").severity == "warning"


# --- edits of the examples ------------------------------------------------------------------------------------------


def one(root: etree._Element, path: str) -> etree._Element:
    found = root.xpath(path, namespaces=NS)
    assert found, path
    return found[0]  # type: ignore[no-any-return]


_DOCUMENT_ORDER = ("LineID", "ParentLineID", "LineStatusCode", "LineStatusReasonCode", "IncludedNote")


def put(document: etree._Element, name: str, value: str | None) -> None:
    """Set (None: remove) a child of a line's document, at its place in the schema's order."""
    for old in document.findall(RAM + name):
        document.remove(old)
    if value is None:
        return
    element = etree.Element(RAM + name)
    element.text = value
    before = _DOCUMENT_ORDER[: _DOCUMENT_ORDER.index(name)]
    position = sum(1 for child in document if etree.QName(child).localname in before)
    document.insert(position, element)


Edit = Callable[[etree._Element], None]


def _set(path: str, value: str) -> Edit:
    def edit(root: etree._Element) -> None:
        one(root, path).text = value

    return edit


def _drop(path: str) -> Edit:
    def edit(root: etree._Element) -> None:
        element = one(root, path)
        element.getparent().remove(element)

    return edit


def _status(number: int, value: str | None) -> Edit:
    def edit(root: etree._Element) -> None:
        put(
            one(root, f"//ram:IncludedSupplyChainTradeLineItem[{number}]/ram:AssociatedDocumentLineDocument"),
            "LineStatusReasonCode",
            value,
        )

    return edit


def _group_of(*numbers: int, amount: str | None = None) -> Edit:
    """A GROUP line, first of the invoice, over the lines ``numbers``; its amount their sum unless given."""

    def edit(root: etree._Element) -> None:
        lines = root.xpath("//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)
        members = [lines[n - 1] for n in numbers]
        group = copy.deepcopy(members[0])
        document = one(group, "ram:AssociatedDocumentLineDocument")
        put(document, "LineID", "G-1")
        put(document, "ParentLineID", None)
        put(document, "LineStatusReasonCode", "GROUP")
        total = sum(float(one(m, ".//ram:LineTotalAmount").text) for m in members)
        one(group, ".//ram:LineTotalAmount").text = amount if amount is not None else f"{total:.2f}"
        for member in members:
            put(one(member, "ram:AssociatedDocumentLineDocument"), "ParentLineID", "G-1")
            put(one(member, "ram:AssociatedDocumentLineDocument"), "LineStatusReasonCode", "DETAIL")
        lines[0].addprevious(group)

    return edit


def _add(path: str, snippet: str, first: bool = False) -> Edit:
    """Add an element, written with the ``ram`` and ``udt`` prefixes, as the last (or first) child of ``path``."""

    def edit(root: etree._Element) -> None:
        declared = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())
        element = etree.fromstring(snippet.replace(">", f" {declared}>", 1))
        parent = one(root, path)
        parent.insert(0, element) if first else parent.append(element)

    return edit


def _both(*edits: Edit) -> Edit:
    def edit(root: etree._Element) -> None:
        for each in edits:
            each(root)

    return edit


# A category for every line, allowance and breakdown entry, and the rate it takes (None: leave, "": none).
RECATEGORISED = {"S": None, "Z": "0", "E": "0", "AE": "0", "K": "0", "G": "0", "O": "", "L": "7", "M": "4"}


def recategorise(code: str, reasons: str = "none") -> Edit:
    """Every VAT of the document in category ``code``, at its rate; an exemption reason on the ``reasons`` taxes
    (none, the breakdown's, the others': lines, allowances, charges; or both)."""

    def edit(root: etree._Element) -> None:
        for category in root.iter(RAM + "CategoryCode"):
            category.text = code
        rate = RECATEGORISED[code]
        for percent in list(root.iter(RAM + "RateApplicablePercent")):
            if rate == "":
                percent.getparent().remove(percent)
            elif rate is not None:
                percent.text = rate
        for tax in list(root.iter(RAM + "ApplicableTradeTax", RAM + "CategoryTradeTax", RAM + "AppliedTradeTax")):
            header = tax.getparent().tag == RAM + "ApplicableHeaderTradeSettlement"
            if reasons == "both" or reasons == ("breakdown" if header else "lines"):
                reason = etree.Element(RAM + "ExemptionReason")
                reason.text = "Exempt"
                tax.find(RAM + "TypeCode").addnext(reason)

    return edit


LINE_1 = "//ram:IncludedSupplyChainTradeLineItem[1]"
TOTALS = "//ram:SpecifiedTradeSettlementHeaderMonetarySummation"
SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"
S08 = ("BR-FXEXT-S08b", "BR-FXEXT-S-08ini", "BR-FXEXT-S-08rev")  # the taxable amount of a standard rated entry
ENTRY_1 = f"{SETTLEMENT}/ram:ApplicableTradeTax[1]"

# (base, what the edit does, the edit, the rules it fires natively, XSD and FORMAT aside): the official stylesheet
# fires the same (test_edits_agree_with_official).
EDITS: list[tuple[str, str, Edit, set[str]]] = [
    ("factur-x-1.xml", "a line amount off by a euro",
     _set(f"{LINE_1}//ram:LineTotalAmount", "1.00"), {"BR-FXEXT-CO-10", "BR-FXEXT-CO-13", *S08}),
    ("factur-x-1.xml", "a line amount off by a cent, within the tolerance",
     lambda root: setattr(one(root, f"{LINE_1}//ram:LineTotalAmount"), "text",
                          f"{float(one(root, f'{LINE_1}//ram:LineTotalAmount').text) + 0.01:.2f}"), set()),
    ("factur-x-1.xml", "a line's VAT rate changed",
     _set(f"{LINE_1}//ram:ApplicableTradeTax/ram:RateApplicablePercent", "5.5"),
     set(S08)),
    ("factur-x-22.xml", "the VAT breakdown entry removed",
     _drop(ENTRY_1), {"BR-CO-14", "BR-CO-18", "BR-FXEXT-S-01"}),
    ("factur-x-1.xml", "the first line becomes a sub-total",
     _status(1, "GROUP"), {"BR-FXEXT-08", "BR-FXEXT-CO-10", "BR-FXEXT-CO-13", *S08}),
    ("factur-x-1.xml", "the first line becomes information",
     _status(1, "INFORMATION"), {"BR-FXEXT-CO-10", "BR-FXEXT-CO-13", *S08}),
    ("factur-x-1.xml", "the first line says it is a detail line", _status(1, "DETAIL"), set()),
    ("factur-x-1.xml", "a sub-total line over the first two lines", _group_of(1, 2), set()),
    ("factur-x-1.xml", "a sub-total line whose amount is not its lines' sum",
     _group_of(1, 2, amount="1.00"), {"BR-FXEXT-08"}),
    ("factur-x-1.xml", "a line names a parent that is not there",
     _both(_status(1, "DETAIL"), lambda root: put(one(root, f"{LINE_1}/ram:AssociatedDocumentLineDocument"),
                                                  "ParentLineID", "NOWHERE")), {"BR-FXEXT-11"}),
    ("factur-x-1.xml", "a line names a parent but not its own type",
     lambda root: put(one(root, f"{LINE_1}/ram:AssociatedDocumentLineDocument"), "ParentLineID",
                      one(root, "//ram:IncludedSupplyChainTradeLineItem[2]//ram:LineID").text),
     {"BR-FXEXT-06"}),
    ("factur-x-1.xml", "a detail line without quantity",
     _drop(f"{LINE_1}//ram:BilledQuantity"), {"BR-FXEXT-BR-22", "BR-FXEXT-BR-23"}),
    ("factur-x-1.xml", "the total without VAT off by a euro",
     _set(f"{TOTALS}/ram:TaxBasisTotalAmount", "1.00"), {"BR-FXEXT-CO-13", "BR-FXEXT-CO-15"}),
    ("factur-x-1.xml", "the amount due off by a cent, with no tolerance",
     lambda root: setattr(one(root, f"{TOTALS}/ram:DuePayableAmount"), "text",
                          f"{float(one(root, f'{TOTALS}/ram:DuePayableAmount').text) + 0.01:.2f}"),
     {"BR-FXEXT-CO-16"}),
    ("factur-x-1.xml", "the total with VAT off by a euro",
     _set(f"{TOTALS}/ram:GrandTotalAmount", "1.00"), {"BR-FXEXT-CO-15", "BR-FXEXT-CO-16"}),
    ("factur-x-1.xml", "no VAT total in the invoice currency",
     _drop(f"{TOTALS}/ram:TaxTotalAmount"), {"BR-FXEXT-CO-15"}),
    ("factur-x-1.xml", "the VAT amount of an entry off by a euro",
     _set(f"{ENTRY_1}/ram:CalculatedAmount", "1.00"), {"BR-CO-14", "BR-FXEXT-S-09b"}),
    ("factur-x-1.xml", "a positive amount due with no due date nor terms",
     _drop("//ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradePaymentTerms"), {"BR-CO-25"}),
    ("factur-x-5.xml", "a sub-total without its amount under a sub-total with one",
     _drop("//ram:IncludedSupplyChainTradeLineItem[1]//ram:LineTotalAmount"), {"BR-FXEXT-08", "BR-FXEXT-12"}),
    ("factur-x-15.xml", "the allowance turned into a charge",
     _set(f"{SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge//udt:Indicator", "true"),
     {"BR-FXEXT-CO-11", "BR-FXEXT-CO-12", "BR-FXEXT-CO-13", *S08}),
    ("factur-x-15.xml", "the allowance turned into a charge without a reason",
     _both(_set(f"{SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge//udt:Indicator", "true"),
           _drop(f"{SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge/ram:Reason")),
     {"BR-FXEXT-BR-38", "BR-FXEXT-CO-11", "BR-FXEXT-CO-12", "BR-FXEXT-CO-13", *S08}),
    ("factur-x-15.xml", "a logistics service charge off by a euro",
     _set(f"{SETTLEMENT}/ram:SpecifiedLogisticsServiceCharge/ram:AppliedAmount", "16.00"),
     {"BR-FXEXT-CO-12", "BR-FXEXT-CO-13", *S08}),
    ("factur-x-15.xml", "an item attribute without a name",
     _drop("//ram:ApplicableProductCharacteristic/ram:Description"), {"BR-FXEXT-BR-54-1"}),
    ("factur-x-15.xml", "an item attribute with a value and a measured value",
     _add("//ram:ApplicableProductCharacteristic", '<ram:ValueMeasure unitCode="KWH">3</ram:ValueMeasure>'),
     {"BR-FXEXT-BR-54-2"}),
    ("factur-x-15.xml", "an item attribute with a code of no list",
     _add("//ram:ApplicableProductCharacteristic", "<ram:TypeCode>NOPE</ram:TypeCode>", first=True), {"BR-FXEXT-04"}),
    ("factur-x-1.xml", "a line charge without a reason",
     _add(f"{LINE_1}/ram:SpecifiedLineTradeSettlement",
          "<ram:SpecifiedTradeAllowanceCharge><ram:ChargeIndicator><udt:Indicator>true</udt:Indicator>"
          "</ram:ChargeIndicator><ram:ActualAmount>0.00</ram:ActualAmount></ram:SpecifiedTradeAllowanceCharge>"),
     {"BR-FXEXT-BR-44"}),
    ("factur-x-1.xml", "a line note with a subject but no text",
     _add(f"{LINE_1}/ram:AssociatedDocumentLineDocument", "<ram:IncludedNote><ram:SubjectCode>AAI</ram:SubjectCode>"
          "</ram:IncludedNote>"), {"BR-FXEXT-02"}),
    ("factur-x-1.xml", "a note with a subject but no text",
     _drop("//rsm:ExchangedDocument/ram:IncludedNote[1]/ram:Content"), {"BR-FXEXT-01"}),
    ("factur-x-1.xml", "a buyer tax registration that is no VAT number",
     _add("//ram:BuyerTradeParty", '<ram:SpecifiedTaxRegistration><ram:ID schemeID="FC">123</ram:ID>'
          "</ram:SpecifiedTaxRegistration>"), {"BR-FXEXT-03"}),
    ("factur-x-1.xml", "a date said to be in format 205",
     lambda root: one(root, "//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString").set("format", "205"),
     {"BR-03", "BR-FXEXT-CII-DT-097a"}),
    ("factur-x-1.xml", "a financial adjustment the amount due leaves out",
     _add(SETTLEMENT, "<ram:SpecifiedFinancialAdjustment><ram:ActualAmount>10.00</ram:ActualAmount>"
          "</ram:SpecifiedFinancialAdjustment>"), {"BR-FXEXT-CO-16"}),
    ("factur-x-15.xml", "everything not subject to VAT (O), which takes no rate",
     recategorise("O"), {"BR-O-09", "BR-O-10"}),
    ("factur-x-15.xml", "everything exempt (E), the reason on the breakdown only",
     recategorise("E", "breakdown"), {"BR-E-09", "BR-FXEXT-E-08rev"}),
    ("factur-x-15.xml", "everything exempt (E), the reason everywhere", recategorise("E", "both"), {"BR-E-09"}),
    ("factur-x-15.xml", "everything reverse charged (AE), an allowance of another rate",
     _both(recategorise("AE", "both"), _set(f"{SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge//ram:Rate"
                                            "ApplicablePercent", "10")),
     {"BR-AE-02", "BR-AE-03", "BR-AE-06", "BR-AE-09", "BR-FXEXT-AE-08b", "BR-FXEXT-AE-08ini", "BR-FXEXT-AE-08rev"}),
]  # fmt: skip


@pytest.mark.parametrize(("name", "what", "edit", "expected"), EDITS, ids=[f"{e[0]}: {e[1]}" for e in EDITS])
def test_edits_fire_what_they_break(name: str, what: str, edit: Edit, expected: set[str], corpus: Path) -> None:
    root = etree.fromstring((CORPUS / "facturx-1.09" / "extended" / name).read_bytes())
    edit(root)
    findings = native_findings(etree.tostring(root), "en16931")
    assert {f.rule for f in findings if f.rule not in ("XSD", "FORMAT")} == expected


@needs_saxon
@pytest.mark.parametrize(("name", "what", "edit", "expected"), EDITS, ids=[f"{e[0]}: {e[1]}" for e in EDITS])
def test_edits_agree_with_official(
    engine: OfficialEngine, universe: frozenset[str], name: str, what: str, edit: Edit, expected: set[str]
) -> None:
    root = etree.fromstring((CORPUS / "facturx-1.09" / "extended" / name).read_bytes())
    edit(root)
    data = etree.tostring(root)
    official = fired(engine.validate(data, "cii", ("en16931",)), universe)
    assert fired(native_findings(data, "en16931"), universe) == official
    assert {rule for rule, _ in official} == expected


# --- random mutations -----------------------------------------------------------------------------------------------


@st.composite
def sub_lined(draw: Draw, bases: Bases, most: int = 2) -> Case:
    """A base whose sub-line structure is edited (a status code, a parent line, a new GROUP line), then maybe
    mutated as :func:`.agreement.mutated` does."""
    base = draw(st.sampled_from(bases))
    root = etree.fromstring(base.data)
    lines = root.xpath("//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)
    line = lines[draw(st.integers(0, len(lines) - 1))]
    document = line.find(RAM + "AssociatedDocumentLineDocument")
    how = draw(st.sampled_from(("status", "parent", "group")))
    if how == "status":
        value = draw(st.sampled_from((*SUB_LINE_CODES, "", None)))
        put(document, "LineStatusReasonCode", value)
        done = [f"status of line {lines.index(line) + 1} = {value!r}"]
    elif how == "parent":
        others = [(o.findtext(f"{RAM}AssociatedDocumentLineDocument/{RAM}LineID") or "") for o in lines]
        value = draw(st.sampled_from([*others, "NOWHERE", ""]))
        put(document, "ParentLineID", value)
        done = [f"parent of line {lines.index(line) + 1} = {value!r}"]
    else:
        count = draw(st.integers(1, min(3, len(lines))))
        first = lines.index(line)
        members = list(range(first + 1, min(first + count, len(lines)) + 1))
        amount = draw(st.sampled_from((None, "0.00", "1.00")))
        _group_of(*members, amount=amount)(root)
        done = [f"GROUP over lines {members}" + ("" if amount is None else f" stating {amount}")]
    for _ in range(draw(st.integers(0, most))):
        step = mutate(draw, root, "cii", POOLS)
        if step:
            done.append(step[0])
    return Case(base, etree.tostring(root, xml_declaration=True, encoding="UTF-8"), tuple(done))


@st.composite
def recategorised(draw: Draw, bases: Bases, most: int = 2) -> Case:
    """A base whose VAT is all of another category (with its rate, and maybe exemption reasons on the breakdown
    or the lines), then maybe mutated as :func:`.agreement.mutated` does: the categories the examples lack."""
    base = draw(st.sampled_from(bases))
    root = etree.fromstring(base.data)
    code = draw(st.sampled_from(sorted(RECATEGORISED)))
    reasons = draw(st.sampled_from(("none", "breakdown", "lines", "both")))
    recategorise(code, reasons)(root)
    done = [f"every category {code}, exemption reasons on {reasons}"]
    for _ in range(draw(st.integers(0, most))):
        step = mutate(draw, root, "cii", POOLS)
        if step:
            done.append(step[0])
    return Case(base, etree.tostring(root, xml_declaration=True, encoding="UTF-8"), tuple(done))


def agree(engine: OfficialEngine, universe: frozenset[str], case: Case) -> None:
    document = read(case.data, "mutated.xml", strict=False)
    if profile_of(document) != extended.PROFILE:
        event("no longer declares EXTENDED (both engines judge it as EN 16931)")
        assume(False)
    try:
        official = fired(engine.validate(case.data, "cii", ("en16931",)), universe)
    except TransformFailed:
        event("the official stylesheet stopped (a value it cannot cast)")
        assume(False)
    ours = fired(run(document, ("en16931",)).findings, universe)
    target(float(len(official)), label="rules fired officially")
    event("fires" if official else "fires nothing")
    assert ours == official, f"{case}: native only {sorted(ours - official)}, official only {sorted(official - ours)}"


@given(case=mutated(BASES, POOLS))
@examples_setting(300)
def test_mutations_agree_with_official(engine: OfficialEngine, universe: frozenset[str], case: Case) -> None:
    agree(engine, universe, case)


@given(case=sub_lined(BASES))
@examples_setting(200)
def test_sub_line_edits_agree_with_official(engine: OfficialEngine, universe: frozenset[str], case: Case) -> None:
    agree(engine, universe, case)


@given(case=recategorised(BASES))
@examples_setting(200)
def test_other_categories_agree_with_official(engine: OfficialEngine, universe: frozenset[str], case: Case) -> None:
    agree(engine, universe, case)


def test_reading_an_extended_document_stays_lenient(corpus: Path) -> None:
    """The profile is worked out from the model's BT-24, once per run: a document without one is plain EN 16931."""
    root = etree.fromstring(EXTENDED_FILES[0].read_bytes())
    _drop("//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")(root)
    document = read(etree.tostring(root), "x.xml", strict=False)
    assert profile_of(document) == DEFAULT_PROFILE
    assert "CII-DT-027" in {f.rule for f in validate(document, ["en16931"]).findings}
