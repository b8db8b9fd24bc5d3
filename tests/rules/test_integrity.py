"""Integrity (BR-01 … BR-65), calculation (BR-CO-*) and decimal (BR-DEC-*) rules.

The CEN unit tests (``test_unit_corpus.py``) pin these rules on XML fragments. Here: the reference invoices,
which must raise none of them; JSON input, which only the model carries; and the places where UBL and CII
write a rule differently and each document is judged by its own syntax.
"""

from __future__ import annotations

import copy
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from bordereau.formats import read
from bordereau.formats.document import Document
from bordereau.formats.xml import NS
from bordereau.model import Invoice, complete
from bordereau.rules import Report, validate
from bordereau.rules.en16931.rawxml import round2, xround

from ..conftest import CII_FILES, CORPUS, UBL_FILES, ids

FAMILIES = re.compile(r"BR-(\d\d|CO-\d\d|DEC-\d\d)$")
VALID = [*UBL_FILES, *CII_FILES, *sorted(CORPUS.glob("facturx-1.09/en16931/*.xml"))]
VALID += sorted(CORPUS.glob("facturx-1.09/basic/*.xml"))

BASE: dict[str, Any] = {
    "number": "FA-2026-0042",
    "issue_date": "2026-03-04",
    "type_code": "380",
    "currency_code": "EUR",
    "due_date": "2026-04-03",
    "process": {"specification_id": "urn:cen.eu:en16931:2017"},
    "seller": {
        "name": "Ateliers de Saône SAS",
        "identifiers": [{"value": "85274196600026", "scheme_id": "0009"}],
        "vat_id": "FR96852741966",
        "address": {"city": "Lyon", "post_code": "69002", "country_code": "FR"},
    },
    "buyer": {
        "name": "Ministère de l'Exemple",
        "identifier": {"value": "11004562200013", "scheme_id": "0009"},
        "address": {"city": "Paris", "post_code": "75005", "country_code": "FR"},
    },
    "payment": {"means_code": "30", "credit_transfers": [{"account_id": "FR7630003012340005123456740"}]},
    "lines": [
        {
            "id": "1",
            "quantity": "3",
            "unit_code": "DAY",
            "price": {"net_price": "650.00"},
            "vat": {"category_code": "S", "rate": "20"},
            "item": {"name": "Développement"},
        },
        {
            "id": "2",
            "quantity": "1",
            "unit_code": "C62",
            "price": {"net_price": "99.99"},
            "vat": {"category_code": "S", "rate": "20"},
            "item": {"name": "Recette"},
        },
    ],
}


def ours(report: Report) -> list[tuple[str, str | None]]:
    """The findings of the three families, as (rule, location)."""
    return [(f.rule, f.location) for f in report.findings if FAMILIES.match(f.rule)]


def fired(report: Report) -> list[str]:
    return sorted(rule for rule, _ in ours(report))


def from_json(raw: dict[str, Any]) -> Report:
    """Through the JSON reader, as a user's file would come (it refuses missing mandatory terms)."""
    return validate(read(json.dumps(raw).encode(), "test.json"), ["en16931"])


def from_model(raw: dict[str, Any]) -> Report:
    """Straight from the model, as a program using the library could build it, gaps included."""
    invoice = complete(Invoice.model_validate(raw))
    return validate(Document(invoice=invoice, syntax="json", source="test"), ["en16931"])


def base() -> dict[str, Any]:
    return copy.deepcopy(BASE)


# --- The reference invoices -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_reference_invoices_pass(path: Path, corpus: Path) -> None:
    assert ours(validate(path, ["en16931"])) == []


@pytest.mark.parametrize("path", VALID, ids=ids(VALID))
def test_reference_invoices_have_no_finding_at_all(path: Path, corpus: Path) -> None:
    """The whole ``en16931`` set, warnings included, on the CEN examples and the Factur-X EN 16931 and BASIC ones."""
    assert [(f.rule, f.severity, f.location) for f in validate(path, ["en16931"]).findings] == []


def test_json_base_invoice_passes() -> None:
    assert ours(from_json(base())) == []


# --- Integrity on JSON input ------------------------------------------------------------------------------------


def test_missing_header_terms() -> None:
    raw = base()
    del raw["number"]
    raw["seller"]["name"] = " "
    raw["buyer"]["address"]["country_code"] = None
    report = from_model(raw)
    assert fired(report) == ["BR-02", "BR-06", "BR-11"]
    assert ("BR-11", "buyer.address") in ours(report)


def test_line_rules_fire_once_per_line() -> None:
    raw = base()
    for line in raw["lines"]:
        line["item"]["name"] = ""
    raw["lines"][1]["price"]["net_price"] = "-1"
    report = from_model(raw)
    assert ("BR-25", "lines[1]") in ours(report)
    assert ("BR-25", "lines[2]") in ours(report)
    assert ("BR-27", "lines[2]") in ours(report)
    assert fired(report).count("BR-25") == 2


def test_reversed_periods() -> None:
    raw = base()
    raw["invoicing_period"] = {"start_date": "2026-03-31", "end_date": "2026-03-01"}
    raw["lines"][0]["period"] = {"start_date": "2026-03-02", "end_date": "2026-03-01"}
    assert sorted(r for r, _ in ours(from_json(raw)) if r in ("BR-29", "BR-30")) == ["BR-29", "BR-30"]


def test_credit_transfer_without_account() -> None:
    raw = base()
    raw["payment"] = {"means_code": "58", "credit_transfers": [{"account_name": "Compte principal"}]}
    report = from_model(raw)
    assert ("BR-50", "payment.credit_transfers[1]") in ours(report)
    assert ("BR-61", "payment") in ours(report)
    raw["payment"] = {"means_code": "49"}  # a direct debit needs no account of the seller
    assert fired(from_model(raw)) == []


def test_payee_must_differ_from_seller() -> None:
    raw = base()
    raw["payee"] = {"name": "Ateliers de Saône SAS"}
    assert fired(from_json(raw)) == ["BR-17"]
    raw["payee"] = {"name": "Banque d'affacturage", "legal_registration": {"value": "552120222"}}
    assert fired(from_json(raw)) == []


def test_card_number_is_a_warning() -> None:
    raw = base()
    raw["payment"] = {"means_code": "48", "card": {"account_number": "4970101234567890"}}
    report = from_json(raw)
    assert [(f.rule, f.severity) for f in report.findings if FAMILIES.match(f.rule)] == [("BR-51", "warning")]


def test_vat_accounting_currency_needs_its_total() -> None:
    raw = base()
    raw["tax_currency_code"] = "USD"
    assert "BR-53" in fired(from_json(raw))
    raw["totals"] = {"vat_total_accounting": "340.00"}
    assert "BR-53" not in fired(from_json(raw))


def test_supporting_document_reference() -> None:
    raw = base()
    raw["supporting_documents"] = [{"reference": "BL-1"}, {"reference": "", "description": "Bon de livraison"}]
    assert ("BR-52", "supporting_documents[2]") in ours(from_model(raw))


# --- Calculation on JSON input ----------------------------------------------------------------------------------


def test_totals_that_do_not_add_up() -> None:
    raw = base()
    # Lines: 1950.00 + 99.99 = 2049.99; VAT 20 %: 410.00 (409.998 rounded).
    raw["totals"] = {"line_net_total": "2049.98", "tax_inclusive_amount": "2459.99", "amount_due": "2000.00"}
    report = from_json(raw)
    assert fired(report) == ["BR-CO-10", "BR-CO-15", "BR-CO-16"]
    message = next(f.message for f in report.findings if f.rule == "BR-CO-10")
    assert "2049.98" in message and "2049.99" in message


def test_vat_breakdown_amounts() -> None:
    raw = base()
    raw["vat_breakdown"] = [{"category_code": "S", "rate": "20", "taxable_amount": "2049.99", "tax_amount": "411.50"}]
    assert "BR-CO-17" in fired(from_json(raw))
    raw["vat_breakdown"][0]["tax_amount"] = "410.50"  # half a unit away: inside the official tolerance
    assert "BR-CO-17" not in fired(from_json(raw))


def test_vat_total_is_the_sum_of_the_breakdown() -> None:
    raw = base()
    raw["totals"] = {"vat_total": "410.01"}
    assert "BR-CO-14" in fired(from_json(raw))


def test_vat_identifier_prefix() -> None:
    raw = base()
    raw["seller"]["vat_id"] = "XX96852741966"
    raw["buyer"]["vat_id"] = "EL123456789"  # Greece writes EL
    assert ours(from_json(raw)) == [("BR-CO-09", "seller.vat_id")]


def test_seller_must_be_identified() -> None:
    raw = base()
    raw["seller"]["identifiers"] = []
    raw["seller"]["vat_id"] = None
    assert fired(from_model(raw)) == ["BR-CO-26"]
    raw["seller"]["legal_registration"] = {"value": "852741966", "scheme_id": "0002"}
    assert fired(from_model(raw)) == []


def test_tax_point_date_and_code_exclude_each_other() -> None:
    raw = base()
    raw["tax_point_date"] = "2026-03-04"
    raw["tax_point_date_code"] = "35"
    assert "BR-CO-03" in fired(from_json(raw))


def test_allowance_needs_a_reason() -> None:
    raw = base()
    raw["allowances"] = [{"amount": "10.00", "vat_category_code": "S", "vat_rate": "20"}]
    assert sorted(r for r in fired(from_json(raw)) if r in ("BR-33", "BR-CO-21")) == ["BR-33", "BR-CO-21"]


# --- Decimals on JSON input -------------------------------------------------------------------------------------


def test_amounts_with_three_decimals() -> None:
    raw = base()
    raw["lines"][0]["net_amount"] = "1950.000"
    raw["lines"][1]["allowances"] = [{"amount": "0.999", "reason": "Remise"}]
    raw["lines"][1]["net_amount"] = "99.00"
    report = from_json(raw)
    assert ("BR-DEC-23", "lines[1]") in ours(report)
    assert ("BR-DEC-24", "lines[2].allowances[1]") in ours(report)
    assert "value" not in next(f.message for f in report.findings if f.rule == "BR-DEC-23")


def test_trailing_zero_counts_as_a_decimal() -> None:
    raw = base()
    raw["totals"] = {"prepaid_amount": "100.000"}
    assert "BR-DEC-16" in fired(from_json(raw))


# --- Where UBL and CII differ -----------------------------------------------------------------------------------

UBL_LINES = """<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
 xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
 xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
 <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
 <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">1.234</cbc:TaxAmount></cac:TaxTotal>
 <cac:InvoiceLine><cbc:LineExtensionAmount currencyID="EUR">100.00</cbc:LineExtensionAmount></cac:InvoiceLine>
 <cac:InvoiceLine><cbc:LineExtensionAmount currencyID="EUR">0.005</cbc:LineExtensionAmount></cac:InvoiceLine>
 <cac:LegalMonetaryTotal><cbc:LineExtensionAmount currencyID="EUR">{total}</cbc:LineExtensionAmount>
 </cac:LegalMonetaryTotal>
</Invoice>"""

CII_LINES = """<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">
 <rsm:SupplyChainTradeTransaction>
  <ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedLineTradeSettlement>
   <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>100.00</ram:LineTotalAmount>
   </ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:IncludedSupplyChainTradeLineItem><ram:SpecifiedLineTradeSettlement>
   <ram:SpecifiedTradeSettlementLineMonetarySummation><ram:LineTotalAmount>0.005</ram:LineTotalAmount>
   </ram:SpecifiedTradeSettlementLineMonetarySummation></ram:SpecifiedLineTradeSettlement>
  </ram:IncludedSupplyChainTradeLineItem>
  <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:LineTotalAmount>{total}</ram:LineTotalAmount>
    <ram:TaxTotalAmount currencyID="EUR">1.234</ram:TaxTotalAmount>
   </ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"""


def _xml(template: str, total: str) -> list[str]:
    return fired(validate(read(template.format(total=total).encode(), "fragment.xml"), ["en16931"]))


def test_line_total_sum_ubl_adds_decimals() -> None:
    # 100.00 + 0.005 = 100.005, which rounds up to 100.01.
    assert "BR-CO-10" in _xml(UBL_LINES, "100.00")
    assert "BR-CO-10" not in _xml(UBL_LINES, "100.01")


def test_line_total_sum_cii_adds_doubles() -> None:
    # As doubles, 100.00 + 0.005 is 100.00499999…, which rounds down to 100.00.
    assert "BR-CO-10" not in _xml(CII_LINES, "100.00")
    assert "BR-CO-10" in _xml(CII_LINES, "100.01")


def test_factur_x_is_judged_by_the_syntax_inside() -> None:
    for template in (CII_LINES, UBL_LINES):
        document = read(template.format(total="100.00").encode(), "fragment.xml")
        alone = fired(validate(document, ["en16931"]))
        document.syntax = "facturx"  # as the Factur-X reader hands on the XML of a PDF
        assert fired(validate(document, ["en16931"])) == alone


def test_vat_total_decimals_only_checked_in_cii() -> None:
    # The published UBL test for BR-DEC-13 cannot fail; the CII one can.
    assert "BR-DEC-13" not in _xml(UBL_LINES, "100.01")
    assert "BR-DEC-13" in _xml(CII_LINES, "100.00")


def _without(path: Path, address: str) -> list[str]:
    root = etree.parse(str(path)).getroot()
    element = root.find(address, NS)
    element.getparent().remove(element)
    return [r for r in fired(validate(read(etree.tostring(root), path.name), ["en16931"])) if r in ("BR-08", "BR-09")]


def test_missing_seller_address_in_each_syntax(corpus: Path) -> None:
    ubl = corpus / "en16931/ubl/ubl-tc434-example1.xml"
    cii = corpus / "en16931/cii/CII_example1.xml"
    assert _without(ubl, "cac:AccountingSupplierParty/cac:Party/cac:PostalAddress") == ["BR-08"]
    # CII asks for the seller's country code even when the whole address is missing.
    seller = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty"
    assert _without(cii, f"{seller}/ram:PostalTradeAddress") == ["BR-08", "BR-09"]


# --- The schematron's rounding ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2.5", "3"), ("-2.5", "-2"), ("-2.51", "-3"), ("0.49", "0")],
)
def test_xpath_round_goes_half_towards_positive_infinity(value: str, expected: str) -> None:
    assert xround(Decimal(value)) == Decimal(expected)


def test_round_to_the_cent() -> None:
    assert round2(Decimal("409.998")) == Decimal("410.00")
    assert round2(Decimal("-0.005")) == Decimal("0.00")
    assert round2(Decimal("0.005")) == Decimal("0.01")
