"""The shipped examples: they read, their identifiers are valid, and their totals are what a person computes."""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from stdnum import iban
from stdnum.fr import siren, siret, tva

from bordereau.formats import read_file
from bordereau.model import Buyer, Identifier, Invoice

from .conftest import EXAMPLES

JSON_EXAMPLES = sorted(EXAMPLES.glob("*.json"))
MAIN = EXAMPLES / "facture-ministere.json"
CREDIT_NOTE = EXAMPLES / "avoir-ministere.json"
LONG = EXAMPLES / "facture-200-lignes.json"
MINIMAL = EXAMPLES / "minimal.json"


def read(path: Path) -> Invoice:
    return read_file(path).invoice


def test_the_expected_examples_are_there() -> None:
    names = {path.name for path in JSON_EXAMPLES}
    assert {MAIN.name, CREDIT_NOTE.name, LONG.name, MINIMAL.name} <= names
    assert (EXAMPLES / "README.md").is_file()


@pytest.mark.parametrize("path", JSON_EXAMPLES, ids=[p.name for p in JSON_EXAMPLES])
def test_example_reads(path: Path) -> None:
    document = read_file(path)
    assert document.syntax == "json"
    invoice = document.invoice
    assert invoice.number and len(invoice.number) <= 20
    assert invoice.currency_code == "EUR"
    assert invoice.process.specification_id == "urn:cen.eu:en16931:2017"
    assert invoice.totals is not None and invoice.totals.amount_due is not None
    assert invoice.vat_breakdown
    assert all(line.net_amount is not None for line in invoice.lines)


def _identifiers(invoice: Invoice) -> Iterator[tuple[str, Identifier]]:
    """Every party identifier of the invoice, with where it sits."""
    for role, party in (("seller", invoice.seller), ("buyer", invoice.buyer), ("payee", invoice.payee)):
        if party is None:
            continue
        for name in ("identifier", "legal_registration", "electronic_address"):
            value = getattr(party, name, None)
            if value is not None:
                yield f"{role}.{name}", value
        for index, value in enumerate(getattr(party, "identifiers", [])):
            yield f"{role}.identifiers[{index}]", value


@pytest.mark.parametrize("path", JSON_EXAMPLES, ids=[p.name for p in JSON_EXAMPLES])
def test_identifiers_are_valid(path: Path) -> None:
    invoice = read(path)
    checked = 0
    for where, identifier in _identifiers(invoice):
        if identifier.scheme_id == "0009":
            assert siret.is_valid(identifier.value), f"{where}: {identifier.value} is not a valid SIRET"
        elif identifier.scheme_id == "0002":
            assert siren.is_valid(identifier.value), f"{where}: {identifier.value} is not a valid SIREN"
        else:
            pytest.fail(f"{where}: unexpected scheme {identifier.scheme_id!r}")
        checked += 1
    assert checked >= 2
    for party in (invoice.seller, invoice.buyer):
        if party is not None and party.vat_id is not None:
            assert tva.is_valid(party.vat_id), f"{party.vat_id} is not a valid French VAT number"
    if invoice.payment is not None:
        for transfer in invoice.payment.credit_transfers:
            assert transfer.account_id is not None and iban.is_valid(transfer.account_id)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize("path", JSON_EXAMPLES, ids=[p.name for p in JSON_EXAMPLES])
def test_every_number_that_looks_like_an_identifier_is_valid(path: Path) -> None:
    """Not only the identifier fields: any SIRET, SIREN, VAT number or IBAN written anywhere in the file."""
    found = 0
    for text in _strings(json.loads(path.read_text(encoding="utf-8"))):
        compact = text.replace(" ", "")
        if re.fullmatch(r"\d{14}", compact):
            assert siret.is_valid(compact), text
        elif re.fullmatch(r"\d{9}", compact):
            assert siren.is_valid(compact), text
        elif re.fullmatch(r"FR\d{2}\d{9}", compact):
            assert tva.is_valid(compact), text
        elif re.fullmatch(r"FR\d{2}[0-9A-Z]{23}", compact):
            assert iban.is_valid(compact), text
        else:
            for siren_in_text in re.findall(r"\b\d{3} \d{3} \d{3}\b", text):
                assert siren.is_valid(siren_in_text.replace(" ", "")), text
                found += 1
            continue
        found += 1
    assert found >= 3


@pytest.mark.parametrize("path", JSON_EXAMPLES, ids=[p.name for p in JSON_EXAMPLES])
def test_party_numbers_agree(path: Path) -> None:
    """Within a party, the SIRETs, the SIREN and the VAT number all rest on the same nine digits."""
    invoice = read(path)
    for party in (invoice.seller, invoice.buyer):
        assert party is not None
        numbers = [party.identifier] if isinstance(party, Buyer) else list(party.identifiers)
        numbers += [party.legal_registration, party.electronic_address]
        sirens = {i.value[:9] for i in numbers if i is not None and i.scheme_id in ("0009", "0002")}
        if party.vat_id is not None:
            sirens.add(party.vat_id[4:])
        assert len(sirens) == 1, f"{party.name}: {sorted(sirens)}"


def test_main_invoice_chorus_references() -> None:
    invoice = read(MAIN)
    assert invoice.type_code == "380"
    assert invoice.buyer_reference == "SERV-DSI-01"
    assert invoice.purchase_order_reference == "EJ-2026-004512"
    assert invoice.contract_reference
    assert invoice.process.business_process_type == "A1"
    assert invoice.buyer is not None and invoice.buyer.identifier is not None
    assert invoice.buyer.identifier.scheme_id == "0009"
    assert invoice.buyer.electronic_address == invoice.buyer.identifier
    assert invoice.seller is not None and invoice.seller.electronic_address == invoice.seller.identifiers[0]
    assert invoice.payment is not None and invoice.payment.means_code == "30"
    assert invoice.payment_terms is not None and "40 €" in invoice.payment_terms
    assert {note.subject_code for note in invoice.notes} >= {"PMT", "PMD"}
    assert {line.unit_code for line in invoice.lines} >= {"C62", "HUR", "DAY"}
    assert {line.vat.rate for line in invoice.lines if line.vat} == {Decimal("20"), Decimal("10"), Decimal("5.5")}


def test_main_invoice_totals() -> None:
    """The figures worked out by hand from the file.

    Lines: 12 DAY × 650.00 = 7 800.00; 35.5 HUR × 85.00 = 3 017.50; 50 × 120.00 − 10 % of 6 000.00 = 5 400.00;
    2 500 × 180.00 per 1 000 = 450.00 (all at 20 %); 24 × 14.45 = 346.80 (10 %); 15 × 31.90 = 478.50 (5.5 %).
    Document allowance: 5 % of 7 800.00 = 390.00, at 20 %.
    20 %: 16 667.50 − 390.00 = 16 277.50, VAT 3 255.50; 10 %: VAT 34.68; 5.5 %: 26.3175 → 26.32.
    """
    invoice = read(MAIN)
    assert [line.net_amount for line in invoice.lines] == [
        Decimal("7800.00"),
        Decimal("3017.50"),
        Decimal("5400.00"),
        Decimal("450.00"),
        Decimal("346.80"),
        Decimal("478.50"),
    ]
    assert invoice.lines[2].allowances[0].amount == Decimal("600.00")
    totals = invoice.totals
    assert totals is not None
    assert totals.line_net_total == Decimal("17492.80")  # BT-106
    assert totals.allowance_total == Decimal("390.00")  # BT-107
    assert totals.charge_total is None  # BT-108
    assert totals.tax_exclusive_amount == Decimal("17102.80")  # BT-109
    assert totals.vat_total == Decimal("3316.50")  # BT-110
    assert totals.tax_inclusive_amount == Decimal("20419.30")  # BT-112
    assert totals.amount_due == Decimal("20419.30")  # BT-115
    breakdown = {(b.category_code, b.rate): (b.taxable_amount, b.tax_amount) for b in invoice.vat_breakdown}
    assert breakdown == {
        ("S", Decimal("20")): (Decimal("16277.50"), Decimal("3255.50")),
        ("S", Decimal("10")): (Decimal("346.80"), Decimal("34.68")),
        ("S", Decimal("5.5")): (Decimal("478.50"), Decimal("26.32")),
    }
    # Every amount carries exactly two decimals (BR-DEC-*).
    amounts = [*breakdown.values()]
    assert all(value.as_tuple().exponent == -2 for pair in amounts for value in pair)


def test_credit_note() -> None:
    credit_note = read(CREDIT_NOTE)
    invoice = read(MAIN)
    assert credit_note.type_code == "381"
    assert credit_note.is_credit_note
    assert len(credit_note.preceding_invoices) == 1
    reference = credit_note.preceding_invoices[0]
    assert (reference.number, reference.issue_date) == (invoice.number, invoice.issue_date)
    assert credit_note.payment is None
    assert credit_note.seller == invoice.seller
    assert credit_note.buyer == invoice.buyer
    assert credit_note.buyer_reference == invoice.buyer_reference
    assert credit_note.issue_date is not None and invoice.issue_date is not None
    assert credit_note.issue_date > invoice.issue_date
    assert credit_note.totals is not None
    assert credit_note.totals.amount_due == Decimal("1650.27")
    assert all(line.quantity is not None and line.quantity > 0 for line in credit_note.lines)
    assert all(line.net_amount is not None and line.net_amount > 0 for line in credit_note.lines)


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate_long", EXAMPLES / "generate_long.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_long_invoice() -> None:
    invoice = read(LONG)
    assert len(invoice.lines) == 200
    assert [line.id for line in invoice.lines] == [str(n) for n in range(1, 201)]
    assert len({line.vat.rate for line in invoice.lines if line.vat}) >= 3
    with_allowance = [line for line in invoice.lines if line.allowances]
    assert len(with_allowance) >= 10
    assert all(a.amount is not None and a.amount > 0 for line in with_allowance for a in line.allowances)
    assert invoice.totals is not None
    assert invoice.totals.line_net_total == sum((line.net_amount or Decimal(0) for line in invoice.lines), Decimal(0))
    assert invoice.totals.vat_total == sum((b.tax_amount or Decimal(0) for b in invoice.vat_breakdown), Decimal(0))


def test_long_invoice_is_what_the_script_generates() -> None:
    generator = _load_generator()
    assert generator.render() == LONG.read_text(encoding="utf-8")


def test_minimal_invoice_loads_and_stays_minimal() -> None:
    invoice = read(MINIMAL)
    assert len(invoice.lines) == 1
    assert invoice.payment is not None
    assert invoice.totals is not None and invoice.totals.amount_due == Decimal("2340.00")
    raw: dict[str, Any] = json.loads(MINIMAL.read_text(encoding="utf-8"))
    assert "totals" not in raw and "vat_breakdown" not in raw
