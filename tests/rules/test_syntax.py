"""The syntax binding rules (UBL-CR/SR/DT, CII-SR/DT): silent on valid invoices, and firing where the CEN
artefacts fire, once per offending element for the "not used" rules and once per context for the others."""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from bordereau.formats.document import Document
from bordereau.formats.xml import NS, parse
from bordereau.rules import REGISTRY, validate
from bordereau.rules.en16931 import syntax_cii, syntax_ubl
from bordereau.rules.engine import Context, location_of

from ..conftest import CII_FILES, FACTURX_FILES, UBL_FILES, ids

FACTURX_FULL = [p for p in FACTURX_FILES if p.parent.name in ("en16931", "basic")]


UBL_NS = {"cac": NS["cac"], "cbc": NS["cbc"]}
CII_NS = {"rsm": NS["rsm"], "ram": NS["ram"], "udt": NS["udt"]}
LINE_SETTLEMENT = (
    "rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement"
)


def findings(root: etree._Element, syntax: str) -> list[tuple[str, str, str | None]]:
    """(rule, severity, location) of the binding rules alone, straight from the registry (no reader involved)."""
    document = Document(invoice=None, syntax=syntax, source="test", root=root)  # type: ignore[arg-type]
    context = Context(document)  # the binding rules read the raw XML only, never the invoice
    out: list[tuple[str, str, str | None]] = []
    for rule in REGISTRY.select(["en16931"], syntax):
        if not rule.id.startswith(("UBL-", "CII-")):
            continue
        for hit in rule.check(context) or ():
            where = hit[0] if isinstance(hit, tuple) else hit
            out.append((rule.id, rule.severity, location_of(where)))
    return out


def fired(root: etree._Element, syntax: str) -> Counter[str]:
    return Counter(rule for rule, _severity, _location in findings(root, syntax))


def one(root: etree._Element, path: str) -> etree._Element:
    """The element at ``path`` (UBL or CII prefixes), which the test relies on."""
    found = root.find(path, {**UBL_NS, **CII_NS})
    assert found is not None, path
    return found


def load(path: Path) -> etree._Element:
    return parse(path.read_bytes(), str(path))


def sub(parent: etree._Element, qname: str, text: str | None = None, **attributes: str) -> etree._Element:
    prefix, _, local = qname.partition(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{local}", attributes)
    element.text = text
    return element


@pytest.fixture
def invoice(corpus: Path) -> etree._Element:
    return load(corpus / "en16931" / "ubl" / "Invoice-Max_content.xml")


@pytest.fixture
def credit_note(corpus: Path) -> etree._Element:
    return load(corpus / "en16931" / "ubl" / "CreditNote-Max_content.xml")


@pytest.fixture
def cii(corpus: Path) -> etree._Element:
    return load(corpus / "en16931" / "cii" / "CII_example1.xml")


# --- the tables -----------------------------------------------------------------------------------------------------


def test_every_rule_of_the_artefacts_is_registered() -> None:
    families = Counter(rule.id.rsplit("-", 1)[0] for rule in REGISTRY.rules.values() if rule.id[:4] in ("UBL-", "CII-"))
    assert families == {"UBL-CR": 678, "UBL-SR": 54, "UBL-DT": 24, "CII-SR": 464, "CII-DT": 101}
    fatal_cr = {r.id for r in REGISTRY.rules.values() if r.id.startswith("UBL-CR") and r.severity == "fatal"}
    assert fatal_cr == {"UBL-CR-666", "UBL-CR-673"}
    assert {r.syntaxes for r in REGISTRY.rules.values() if r.id.startswith("UBL-")} == {frozenset({"ubl"})}
    assert {r.syntaxes for r in REGISTRY.rules.values() if r.id.startswith("CII-")} == {frozenset({"cii"})}


def test_messages_are_whole_sentences_in_both_languages() -> None:
    for program in (syntax_ubl.PROGRAM, syntax_cii.PROGRAM):
        for spec in program.specs:
            rule = REGISTRY.rules[spec.id]
            for lang in ("fr", "en"):
                message = rule.messages[lang]
                assert message.endswith("."), (spec.id, message)
                assert "{" not in message and len(message) > 20, (spec.id, message)
    assert "cac:InvoicePeriod/cbc:StartTime" in REGISTRY.rules["UBL-CR-012"].messages["en"]
    assert "retiré" in REGISTRY.rules["UBL-CR-012"].messages["fr"]


# --- valid invoices -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", UBL_FILES, ids=ids(UBL_FILES))
def test_valid_ubl_is_silent(path: Path, corpus: Path) -> None:
    assert findings(load(path), "ubl") == []


@pytest.mark.parametrize("path", CII_FILES + FACTURX_FULL, ids=ids(CII_FILES + FACTURX_FULL))
def test_valid_cii_is_silent(path: Path, corpus: Path) -> None:
    assert fired(load(path), "cii") == {}


# --- UBL ------------------------------------------------------------------------------------------------------------


def test_an_unused_element_is_reported_where_it_is(invoice: etree._Element) -> None:
    invoice.insert(3, etree.Element(f"{{{NS['cbc']}}}UUID"))
    assert findings(invoice, "ubl") == [("UBL-CR-005", "warning", "/Invoice/cbc:UUID")]


def test_one_finding_per_offending_line(invoice: etree._Element, credit_note: etree._Element) -> None:
    for root, line in ((invoice, "cac:InvoiceLine"), (credit_note, "cac:CreditNoteLine")):
        for item in root.findall(f"{line}/cac:Item", UBL_NS):
            sub(item, "cbc:PackQuantity", "1")
        lines = len(root.findall(line, UBL_NS))
        assert lines > 1
        assert fired(root, "ubl") == {"UBL-CR-563": lines}


def test_unused_attributes_anywhere(invoice: etree._Element) -> None:
    one(invoice, "cbc:ID").set("schemeName", "x")
    means_code = one(invoice, "cac:PaymentMeans/cbc:PaymentMeansCode")
    means_code.set("name", "Credit transfer")
    assert findings(invoice, "ubl") == [("UBL-DT-08", "warning", "/Invoice/cbc:ID/@schemeName")]
    one(invoice, "cbc:IssueDate").set("name", "x")
    assert fired(invoice, "ubl") == {"UBL-DT-08": 1, "UBL-DT-18": 1}


def test_the_payment_due_date_belongs_to_credit_notes_only(
    invoice: etree._Element, credit_note: etree._Element
) -> None:
    for root in (invoice, credit_note):
        means = one(root, "cac:PaymentMeans")
        if means.find("cbc:PaymentDueDate", UBL_NS) is None:
            sub(means, "cbc:PaymentDueDate", "2024-01-31")
    assert fired(invoice, "ubl") == {"UBL-CR-412": 1}
    assert fired(credit_note, "ubl") == {}


def test_an_object_identifier_takes_no_attachment(invoice: etree._Element) -> None:
    reference = sub(invoice, "cac:AdditionalDocumentReference")
    sub(reference, "cbc:ID", "X", schemeID="ABZ")
    sub(reference, "cbc:DocumentTypeCode", "130")
    sub(
        sub(reference, "cac:Attachment"),
        "cbc:EmbeddedDocumentBinaryObject",
        "QUJD",
        mimeCode="text/plain",
        filename="a",
    )
    assert fired(invoice, "ubl") == {"UBL-CR-666": 1, "UBL-SR-04": 1}  # the sample has an object identifier already
    one(reference, "cbc:DocumentTypeCode").text = "916"
    assert fired(invoice, "ubl") == {"UBL-CR-665": 1, "UBL-SR-43": 1}


def test_cardinalities_fire_once_per_context(invoice: etree._Element) -> None:
    party = one(invoice, "cac:AccountingSupplierParty/cac:Party")
    scheme = one(party, "cac:PartyTaxScheme")
    for _ in range(2):
        party.append(copy.deepcopy(scheme))
    found = findings(invoice, "ubl")
    assert Counter(rule for rule, _s, _l in found) == {"UBL-SR-12": 1, "UBL-SR-42": 1}
    # located at the first occurrence too many
    assert ("UBL-SR-42", "fatal", "/Invoice/cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme[3]") in found


def test_each_line_has_exactly_one_vat_category(invoice: etree._Element) -> None:
    item = one(invoice, "cac:InvoiceLine/cac:Item")
    item.remove(one(item, "cac:ClassifiedTaxCategory"))
    assert fired(invoice, "ubl") == {"UBL-SR-48": 1}


def test_amounts_take_two_decimals_but_prices_do_not(invoice: etree._Element) -> None:
    line = one(invoice, "cac:InvoiceLine")
    one(line, "cbc:LineExtensionAmount").text = "10.001"
    price = one(line, "cac:Price")
    one(price, "cbc:PriceAmount").text = "1.23456"
    discount = price.find("cac:AllowanceCharge", UBL_NS)
    if discount is None:
        discount = sub(price, "cac:AllowanceCharge")
        sub(discount, "cbc:ChargeIndicator", "false")
        sub(discount, "cbc:Amount", "0.125", currencyID="EUR")
    else:
        one(discount, "cbc:Amount").text = "0.125"
    assert fired(invoice, "ubl") == {"UBL-DT-01": 1}


def test_payment_means_repeat_with_one_code_only(invoice: etree._Element) -> None:
    means = one(invoice, "cac:PaymentMeans")
    twin = copy.deepcopy(means)
    code = one(twin, "cbc:PaymentMeansCode")
    if "name" in code.attrib:
        del code.attrib["name"]
    invoice.insert(invoice.index(means) + 1, twin)
    assert fired(invoice, "ubl") == {}
    one(twin, "cbc:PaymentMeansCode").text = "58"
    assert fired(invoice, "ubl") == {"UBL-SR-47": 1}


def test_the_payee_must_not_be_the_seller(invoice: etree._Element) -> None:
    seller = invoice.findtext(
        "cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName", namespaces=UBL_NS
    )
    payee = invoice.find("cac:PayeeParty", UBL_NS)
    if payee is None:
        payee = sub(invoice, "cac:PayeeParty")
        sub(sub(payee, "cac:PartyName"), "cbc:Name", "Someone else")
    assert fired(invoice, "ubl") == {}
    one(payee, "cac:PartyName/cbc:Name").text = seller
    assert fired(invoice, "ubl") == {"UBL-SR-19": 1, "UBL-SR-20": 1, "UBL-SR-21": 1}


# --- CII ------------------------------------------------------------------------------------------------------------


def test_cii_unused_element(cii: etree._Element) -> None:
    document = one(cii, "rsm:ExchangedDocument")
    sub(document, "ram:Name", "Facture")
    assert findings(cii, "cii") == [
        ("CII-SR-013", "warning", "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:Name")
    ]


def test_cii_identifiers_of_the_document_take_no_attribute_at_all(cii: etree._Element) -> None:
    identifier = one(cii, "rsm:ExchangedDocument/ram:ID")
    identifier.set("schemeName", "x")
    identifier.set("schemeID", "y")
    assert fired(cii, "cii") == {"CII-DT-001": 1, "CII-DT-005": 1}  # not CII-DT-101: the first rule takes it
    seller_id = sub(one(cii, ".//ram:SellerTradeParty"), "ram:ID", "1", schemeName="x")
    assert fired(cii, "cii") == {"CII-DT-001": 1, "CII-DT-005": 1, "CII-DT-101": 1}
    assert seller_id is not None


def test_cii_invoice_type_code_is_checked_as_a_type_code(cii: etree._Element) -> None:
    type_code = one(cii, "rsm:ExchangedDocument/ram:TypeCode")
    type_code.set("listID", "1001")
    type_code.set("name", "x")
    # CII-DT-010 is shadowed by CII-DT-008/009's context, in the CEN stylesheet as here
    assert fired(cii, "cii") == {"CII-DT-008": 1}


def test_cii_dates_in_format_102(cii: etree._Element) -> None:
    date = one(cii, "rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString")
    date.text = "20241331"
    assert fired(cii, "cii") == {"CII-DT-097": 1}
    date.text = " 20241231\n"
    assert fired(cii, "cii") == {}


def test_cii_exemptions_of_referenced_documents(cii: etree._Element) -> None:
    agreement = one(cii, "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement")
    attachment = sub(agreement, "ram:AdditionalReferencedDocument")
    sub(attachment, "ram:IssuerAssignedID", "A1")
    sub(attachment, "ram:URIID", "https://example.org/a1")
    sub(attachment, "ram:TypeCode", "916")
    sub(attachment, "ram:Name", "Timesheet")
    assert fired(cii, "cii") == {}
    order = sub(agreement, "ram:BuyerOrderReferencedDocument")
    sub(order, "ram:IssuerAssignedID", "PO1")
    sub(order, "ram:Name", "Order")
    assert fired(cii, "cii") == {"CII-DT-021": 1}


def test_cii_line_counts(cii: etree._Element) -> None:
    settlement = one(cii, LINE_SETTLEMENT)
    settlement.append(copy.deepcopy(one(settlement, "ram:ApplicableTradeTax")))
    assert fired(cii, "cii") == {"CII-SR-454": 1}


def test_cii_buyer_identifier_once(cii: etree._Element) -> None:
    buyer = one(cii, ".//ram:BuyerTradeParty")
    for element in buyer.findall("ram:ID", CII_NS) + buyer.findall("ram:GlobalID", CII_NS):
        buyer.remove(element)
    buyer.insert(0, etree.Element(f"{{{NS['ram']}}}GlobalID", schemeID="0088"))
    buyer.insert(0, etree.Element(f"{{{NS['ram']}}}ID"))
    assert [(r, s) for r, s, _l in findings(cii, "cii")] == [("CII-SR-450", "warning")]


@pytest.mark.parametrize(
    ("guideline", "warned"),
    [
        ("urn:cen.eu:en16931:2017", True),
        ("urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic", False),
        ("urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", False),
        ("urn:example:unknown", True),
    ],
)
def test_cii_two_buyer_identifiers_are_a_factur_x_practice(cii: etree._Element, guideline: str, warned: bool) -> None:
    """Factur-X BASIC and EXTENDED give the buyer both identifiers; the CEN guideline keeps CII-SR-450's warning."""
    one(cii, ".//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID").text = guideline
    buyer = one(cii, ".//ram:BuyerTradeParty")
    for element in buyer.findall("ram:ID", CII_NS) + buyer.findall("ram:GlobalID", CII_NS):
        buyer.remove(element)
    buyer.insert(0, etree.Element(f"{{{NS['ram']}}}GlobalID", schemeID="0088"))
    buyer.insert(0, etree.Element(f"{{{NS['ram']}}}ID"))
    assert ("CII-SR-450" in fired(cii, "cii")) is warned


# --- through the engine ---------------------------------------------------------------------------------------------


def test_through_validate_with_french_messages(corpus: Path) -> None:
    root = load(corpus / "en16931" / "ubl" / "Invoice-Min_content_with_VAT.xml")
    root.insert(3, etree.Element(f"{{{NS['cbc']}}}CopyIndicator"))
    root[3].text = "false"
    report = validate(etree.tostring(root), ["en16931"], lang="fr")
    syntax = [f for f in report.findings if f.rule.startswith("UBL-")]
    assert [(f.rule, f.severity, f.location) for f in syntax] == [
        ("UBL-CR-004", "warning", "/Invoice/cbc:CopyIndicator")
    ]
    assert "cbc:CopyIndicator" in syntax[0].message and "retiré" in syntax[0].message
