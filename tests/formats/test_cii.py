"""CII D16B reader and writer: the CEN examples and every Factur-X 1.09 profile, read, written and read again."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from bordereau.errors import InputError, OutputError
from bordereau.formats import cii, read, read_file, xsd
from bordereau.formats.lookup import FastSource, child
from bordereau.formats.xml import NS
from bordereau.model import (
    Address,
    Attachment,
    Buyer,
    Classification,
    Contact,
    CreditTransfer,
    Delivery,
    DirectDebit,
    DocumentAllowanceCharge,
    Identifier,
    Invoice,
    Item,
    ItemAttribute,
    Line,
    LineAllowanceCharge,
    LineVat,
    Note,
    Payee,
    PaymentCard,
    PaymentInstructions,
    Period,
    PrecedingInvoice,
    Price,
    ProcessControl,
    Seller,
    SupportingDocument,
    TaxRepresentative,
    Totals,
    VatBreakdown,
)
from tests.conftest import CII_FILES, FACTURX_FILES, ids

# Files whose model survives CII → model → CII → model unchanged. MINIMUM and BASIC WL carry no lines, so the
# EN 16931 XSD (which requires at least one line) rejects what the writer makes of them: they are only read.
ROUND_TRIP = CII_FILES + [p for p in FACTURX_FILES if p.parent.name in ("en16931", "basic")]
EXTENDED = [p for p in FACTURX_FILES if p.parent.name == "extended"]

TRANSACTION = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction"
AGREEMENT = f"{TRANSACTION}/ram:ApplicableHeaderTradeAgreement"


def _line_path(index: int, rest: str) -> str:
    return f"{TRANSACTION}/ram:IncludedSupplyChainTradeLineItem[{index}]/{rest}"


GROSS_BASIS = "ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice/ram:BasisQuantity"

# What the CEN examples carry that the model has no place for, and why:
# - a gross price whose BasisQuantity differs from the net price's: EN 16931 has one base quantity (BT-149) for
#   both prices, so the second value cannot be held;
# - a header AdditionalReferencedDocument without TypeCode: the CEN binding tells BT-17 (50), BT-18 (130) and
#   BG-24 (916) apart by TypeCode only, so such a reference belongs to none of them.
EXPECTED_UNMAPPED = {
    "CII_business_example_01.xml": [_line_path(1, GROSS_BASIS), _line_path(3, GROSS_BASIS)],
    "CII_example2.xml": [_line_path(1, GROSS_BASIS), _line_path(3, GROSS_BASIS)],
    "CII_example5.xml": [
        _line_path(1, GROSS_BASIS),
        f"{AGREEMENT}/ram:AdditionalReferencedDocument[1]/ram:IssuerAssignedID",
        f"{AGREEMENT}/ram:AdditionalReferencedDocument[2]/ram:IssuerAssignedID",
    ],
    "huf_example_cii.xml": [f"{AGREEMENT}/ram:AdditionalReferencedDocument[1]/ram:IssuerAssignedID"],
}


def _same(read_value: object, expected: object) -> bool:
    """Model equality on content: ``==`` on groups would also compare the source elements they were read from."""

    def dump(value: object) -> object:
        if isinstance(value, list):
            return [dump(v) for v in value]
        return value.model_dump() if hasattr(value, "model_dump") else value

    return dump(read_value) == dump(expected)


def _xpath(root: etree._Element, path: str) -> list[str]:
    found = root.xpath(path, namespaces=NS)
    return [(v.text or "").strip() if isinstance(v, etree._Element) else str(v).strip() for v in found]


# Reading ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", CII_FILES + FACTURX_FILES, ids=ids(CII_FILES + FACTURX_FILES))
def test_every_corpus_file_reads(corpus: Path, path: Path) -> None:
    document = read_file(path)
    assert document.syntax == "cii"
    assert document.source == str(path)
    assert document.invoice.number
    assert document.invoice.totals is not None and document.invoice.totals.amount_due is not None
    if path.parent.name not in ("minimum", "basicwl"):
        assert document.invoice.lines and all(line.item and line.item.name for line in document.invoice.lines)


@pytest.mark.parametrize("path", CII_FILES, ids=ids(CII_FILES))
def test_cen_examples_leave_nothing_unmapped(corpus: Path, path: Path) -> None:
    document = read_file(path)
    assert [u.path for u in document.unmapped] == EXPECTED_UNMAPPED.get(path.name, [])


def test_example1_fields(corpus: Path) -> None:
    """Values checked against CII_example1.xml itself, so that a mapping mistake cannot hide in a round trip."""
    invoice = read_file(corpus / "en16931" / "cii" / "CII_example1.xml").invoice
    assert (invoice.number, invoice.type_code, invoice.issue_date) == ("12115118", "380", date(2015, 1, 9))
    assert invoice.process.specification_id == "urn:cen.eu:en16931:2017"
    assert invoice.process.business_process_type is None
    assert len(invoice.notes) == 1 and invoice.notes[0].subject_code == "AAR"
    assert invoice.notes[0].text and invoice.notes[0].text.startswith("Alle leveringen zijn franco.")
    assert invoice.currency_code == "EUR" and invoice.due_date == date(2015, 1, 9)

    seller = invoice.seller
    assert seller is not None and seller.name == "De Koksmaat"
    assert _same(seller.legal_registration, Identifier(value="57151520"))
    assert seller.vat_id == "NL8200.98.395.B.01" and seller.identifiers == []
    assert _same(
        seller.address, Address(line1="Postbus 7l", city="Velsen-Noord", post_code="1950 AB", country_code="NL")
    )
    buyer = invoice.buyer
    assert buyer is not None and buyer.name == "ODIN 59"
    assert _same(buyer.identifier, Identifier(value="10202"))
    assert _same(buyer.contact, Contact(name="Dhr. J BLOKKER"))

    payment = invoice.payment
    assert payment is not None
    assert (payment.means_code, payment.remittance_information) == ("30", "Deb. 10202 / Fact. 12115118")
    assert [t.account_id for t in payment.credit_transfers] == ["NL57 RABO 0107307510"] * 2

    assert [(b.category_code, b.rate, b.taxable_amount, b.tax_amount) for b in invoice.vat_breakdown] == [
        ("S", Decimal("6"), Decimal("183.23"), Decimal("10.99")),
        ("S", Decimal("21"), Decimal("46.37"), Decimal("9.74")),
    ]
    assert _same(
        invoice.totals,
        Totals(
            line_net_total=Decimal("229.6"),
            tax_exclusive_amount=Decimal("229.6"),
            vat_total=Decimal("20.73"),
            tax_inclusive_amount=Decimal("250.33"),
            amount_due=Decimal("250.33"),
        ),
    )

    assert [line.id for line in invoice.lines] == [str(n) for n in range(1, len(invoice.lines) + 1)]
    first = invoice.lines[0]
    assert (first.quantity, first.unit_code, first.net_amount) == (Decimal("2"), "H87", Decimal("19.9"))
    assert _same(first.price, Price(net_price=Decimal("9.95")))
    assert _same(first.vat, LineVat(category_code="S", rate=Decimal("6")))
    assert _same(first.item, Item(name="PATAT FRITES 10MM 10KG", sellers_id="166022"))


def test_facturx_en16931_fields(corpus: Path) -> None:
    """Factur-X EN 16931 example 12: process type, tax representative, payee, delivery, periods, gross price."""
    invoice = read_file(corpus / "facturx-1.09" / "en16931" / "factur-x-12.xml").invoice
    assert _same(
        invoice.process,
        ProcessControl(business_process_type="Beispielgeschäftsprozess", specification_id="urn:cen.eu:en16931:2017"),
    )
    assert invoice.notes[0].subject_code == "REG" and invoice.notes[0].text.endswith("HRB Berlin 13086")
    assert invoice.seller is not None and invoice.seller.name == "Global Supplies Ltd."
    assert _same(invoice.seller.identifiers, [Identifier(value="12345676")])
    assert invoice.buyer is not None and invoice.buyer.vat_id == "DE106008386"
    assert invoice.buyer.address is not None and invoice.buyer.address.line2 == "Hof 3"
    assert _same(
        invoice.tax_representative,
        TaxRepresentative(
            name="Global Supplies Financial Services",
            vat_id="DE727081482",
            address=Address(line1="Friedrichstraße 165", city="Berlin", post_code="12345", country_code="DE"),
        ),
    )
    assert _same(
        invoice.payee,
        Payee(name="Global Supplies Financial Services", identifier=Identifier(value="432156789", scheme_id="0060")),
    )
    assert invoice.delivery is not None
    assert _same(invoice.delivery.location, Identifier(value="75969815"))
    assert invoice.delivery.address is not None and invoice.delivery.address.city == "Metallstadt"
    assert _same(invoice.invoicing_period, Period(start_date=date(2026, 5, 1), end_date=date(2026, 5, 31)))
    assert invoice.payment is not None and invoice.payment.means_code == "58"
    assert _same(
        invoice.payment.credit_transfers,
        [CreditTransfer(account_id="DE75512108001245126199", account_name="Global Supplies Financial Services")],
    )
    breakdown = invoice.vat_breakdown[0]
    assert (breakdown.category_code, breakdown.rate, breakdown.taxable_amount) == ("K", Decimal("0"), Decimal("2000"))
    assert breakdown.exemption_reason and breakdown.exemption_reason.startswith("Mehrwertsteuerbefreiung")
    line = invoice.lines[0]
    assert _same(
        line.price,
        Price(
            net_price=Decimal("100"),
            gross_price=Decimal("1000"),
            base_quantity=Decimal("1"),
            base_quantity_unit_code="H87",
        ),
    )
    assert line.item is not None and (line.item.buyers_id, line.item.origin_country) == ("Toolbox 0815", "DE")
    assert _same(line.period, Period(start_date=date(2026, 5, 1), end_date=date(2026, 5, 31)))
    assert invoice.totals is not None and invoice.totals.line_net_total == Decimal("2000.00")


def test_sources_point_at_the_elements(corpus: Path) -> None:
    document = read_file(corpus / "en16931" / "cii" / "CII_example2.xml")
    invoice = document.invoice
    assert invoice._source is document.root
    assert etree.QName(invoice.lines[0]._source).localname == "IncludedSupplyChainTradeLineItem"
    assert invoice.seller is not None and etree.QName(invoice.seller._source).localname == "SellerTradeParty"
    assert invoice.lines[0].price is not None
    assert etree.QName(invoice.lines[0].price._source).localname == "NetPriceProductTradePrice"
    assert etree.QName(invoice.vat_breakdown[0]._source).localname == "ApplicableTradeTax"


def test_fast_lookup_finds_what_elementpath_finds() -> None:
    ram = NS["ram"]
    root = etree.fromstring(
        f'<r xmlns:ram="{ram}"><ram:A><ram:C>1</ram:C></ram:A><ram:A><ram:B>2</ram:B><ram:B>3</ram:B></ram:A></r>'
    )
    for path in ("ram:A/ram:B", "ram:A/ram:C", "ram:A", "ram:A/ram:D", "ram:A[2]/ram:B", "ram:A/ram:B[@x='1']"):
        assert child(root, path) is root.find(path, NS), path
    source = FastSource(root, "x", NS)
    assert source.text(root, "ram:A/ram:B") == "2"
    assert [e.text for e in source.findall(root, "ram:A/ram:B")] == ["2", "3"]
    assert [u.value for u in source.unmapped()] == ["1"]


def test_unknown_element_is_reported(corpus: Path) -> None:
    root = etree.parse(str(corpus / "en16931" / "cii" / "CII_example1.xml")).getroot()
    seller = root.find("rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty", NS)
    etree.SubElement(seller, f"{{{NS['ram']}}}FavouriteColour").text = "green"
    etree.SubElement(root.find("rsm:ExchangedDocument", NS), "{urn:example:private}Flag", value="1")
    document = read(etree.tostring(root), "injected.xml")
    assert [(u.path, u.value) for u in document.unmapped] == [
        ("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/Flag", ""),
        (f"{AGREEMENT}/ram:SellerTradeParty/ram:FavouriteColour", "green"),
    ]


# Leniency: rule tests feed fragments ----------------------------------------------------------------------------

FRAGMENT = """<rsm:CrossIndustryInvoice xmlns:rsm="{rsm}" xmlns:ram="{ram}" xmlns:udt="{udt}">
  <rsm:ExchangedDocument><ram:ID/></rsm:ExchangedDocument>
  <rsm:SupplyChainTradeTransaction>
    <ram:IncludedSupplyChainTradeLineItem>
      <ram:SpecifiedTradeProduct><ram:GlobalID schemeID="0160"/></ram:SpecifiedTradeProduct>
    </ram:IncludedSupplyChainTradeLineItem>
    <ram:ApplicableHeaderTradeAgreement>
      <ram:BuyerTradeParty><ram:GlobalID schemeID="0009"></ram:GlobalID></ram:BuyerTradeParty>
    </ram:ApplicableHeaderTradeAgreement>
    <ram:ApplicableHeaderTradeSettlement>{settlement}</ram:ApplicableHeaderTradeSettlement>
  </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>"""


def _fragment(settlement: str = "") -> bytes:
    return FRAGMENT.format(settlement=settlement, **NS).encode()


def test_fragment_missing_mandatory_parts_reads() -> None:
    invoice = read(_fragment(), "fragment.xml").invoice
    assert invoice.number is None and invoice.issue_date is None and invoice.seller is None
    assert invoice.totals is None and invoice.payment is None and invoice.vat_breakdown == []
    assert _same(invoice.process, ProcessControl())
    assert invoice.buyer is not None
    assert _same(invoice.buyer.identifier, Identifier(value="", scheme_id="0009"))
    line = invoice.lines[0]
    assert (line.id, line.quantity, line.price, line.vat) == (None, None, None, None)
    assert _same(line.item, Item(standard_id=Identifier(value="", scheme_id="0160")))


def test_tax_point_date_code_is_held_as_untdid_2005() -> None:
    tax = "<ram:ApplicableTradeTax><ram:TypeCode>VAT</ram:TypeCode><ram:CategoryCode>S</ram:CategoryCode>"
    tax += "<ram:DueDateTypeCode>72</ram:DueDateTypeCode></ram:ApplicableTradeTax>"
    document = read(_fragment(tax), "fragment.xml")
    assert document.invoice.tax_point_date_code == "432" and document.unmapped == []


def test_bad_number_names_the_term_and_path() -> None:
    summation = "<ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:DuePayableAmount>12,50"
    summation += "</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>"
    with pytest.raises(InputError) as caught:
        read(_fragment(summation), "bad.xml")
    message = str(caught.value)
    assert "bad.xml" in message and "BT-115" in message and "'12,50' is not a decimal number" in message
    assert "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount" in message


def test_bad_date_is_reported() -> None:
    terms = '<ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">2024-13-01'
    terms += "</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>"
    with pytest.raises(InputError, match=r"BT-9 .*is not a date \(YYYYMMDD\)"):
        read(_fragment(terms), "bad.xml")


# Writing ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ROUND_TRIP, ids=ids(ROUND_TRIP))
def test_round_trip(corpus: Path, path: Path) -> None:
    first = read_file(path)
    written = cii.write(first.invoice, check_schema=True)
    again = read(written, "written.xml")
    assert again.invoice.model_dump() == first.invoice.model_dump()
    assert again.unmapped == []  # everything the writer puts out, the reader takes back


@pytest.mark.parametrize("path", EXTENDED, ids=ids(EXTENDED))
def test_extended_writes_a_valid_en16931_document(corpus: Path, path: Path) -> None:
    document = read_file(path)
    root = cii.build(document.invoice)
    assert xsd.errors(root, "en16931") == []
    again = read(cii.write(document.invoice), "written.xml")
    assert again.unmapped == []
    assert again.invoice.number == document.invoice.number
    assert len(again.invoice.lines) == len(document.invoice.lines)


def _unmapped_kinds(path: Path) -> set[str]:
    return {re.sub(r"\[\d+\]", "", u.path).rsplit("/", 2)[-2] for u in read_file(path).unmapped}


def test_extended_content_is_reported_as_unmapped(corpus: Path) -> None:
    folder = corpus / "facturx-1.09" / "extended"
    unmapped = [u.path for u in read_file(folder / "factur-x-24.xml").unmapped]
    assert any(p.endswith("ram:InvoiceeTradeParty/ram:Name") for p in unmapped)
    assert any("ram:SpecifiedLogisticsServiceCharge/" in p for p in unmapped)
    assert any("ram:ApplicableTradePaymentDiscountTerms/" in p for p in unmapped)
    seen = set().union(*(_unmapped_kinds(p) for p in EXTENDED))
    for extended_only in (
        "ram:TestIndicator",  # ExchangedDocumentContext/TestIndicator
        "rsm:ExchangedDocument",  # ExchangedDocument/Name
        "ram:SpecifiedAdvancePayment",
        "ram:TaxApplicableTradeCurrencyExchange",
        "ram:AssociatedDocumentLineDocument",  # ParentLineID, LineStatusReasonCode
        "ram:IncludedReferencedProduct",
        "ram:DeliveryNoteReferencedDocument",
    ):
        assert extended_only in seen, extended_only


def test_decimals_keep_their_scale(corpus: Path) -> None:
    invoice = read_file(corpus / "en16931" / "cii" / "CII_example8.xml").invoice
    root = etree.fromstring(cii.write(invoice))
    net = "//ram:IncludedSupplyChainTradeLineItem[1]//ram:NetPriceProductTradePrice/ram:ChargeAmount/text()"
    assert _xpath(root, net) == ["0.00880"]


def test_write_rejects_what_the_xsd_rejects() -> None:
    invoice = Invoice(number="1", issue_date=date(2026, 1, 1), type_code="380", currency_code="EUR")
    with pytest.raises(OutputError, match="not valid against its XSD"):
        cii.write(invoice)
    assert cii.write(invoice, check_schema=False).startswith(b"<?xml")


# Every business term, on a synthetic invoice that fills the ones the corpus leaves empty ---------------------------


def _full_invoice() -> Invoice:
    address = Address(
        line1="1 rue de la Paix",
        line2="Bâtiment B",
        line3="3e étage",
        city="Paris",
        post_code="75002",
        subdivision="Île-de-France",
        country_code="FR",
    )
    return Invoice(
        number="F-2026-001",
        issue_date=date(2026, 3, 1),
        type_code="380",
        currency_code="EUR",
        tax_currency_code="USD",
        tax_point_date_code="35",
        due_date=date(2026, 3, 31),
        buyer_reference="SERVICE-42",
        project_reference="PRJ-7",
        contract_reference="MARCHE-2026-12",
        purchase_order_reference="EJ-1234567890",
        sales_order_reference="SO-5",
        receiving_advice_reference="RA-1",
        despatch_advice_reference="DA-1",
        tender_reference="LOT-3",
        invoiced_object=Identifier(value="METER-99", scheme_id="AWV"),
        buyer_accounting_reference="6061",
        payment_terms="30 jours fin de mois",
        notes=[Note(subject_code="PMT", text="Indemnité forfaitaire de 40 €"), Note(text="Sans sujet")],
        process=ProcessControl(business_process_type="A1", specification_id="urn:cen.eu:en16931:2017"),
        preceding_invoices=[PrecedingInvoice(number="F-2025-999", issue_date=date(2025, 12, 31))],
        seller=Seller(
            name="Vendeur SA",
            trading_name="Vendeur",
            identifiers=[Identifier(value="LOCAL-1"), Identifier(value="12345678200010", scheme_id="0009")],
            legal_registration=Identifier(value="123456782", scheme_id="0002"),
            vat_id="FR12123456782",
            tax_registration_id="123/456/789",
            additional_legal_info="SA au capital de 100 000 €",
            electronic_address=Identifier(value="12345678200010", scheme_id="0009"),
            address=address,
            contact=Contact(name="Service facturation", telephone="+33 1 00 00 00 00", email="factures@vendeur.fr"),
        ),
        buyer=Buyer(
            name="Ministère",
            trading_name="DGFiP",
            identifier=Identifier(value="11000201100044", scheme_id="0009"),
            legal_registration=Identifier(value="110002011", scheme_id="0002"),
            vat_id="FR00110002011",
            electronic_address=Identifier(value="11000201100044", scheme_id="0009"),
            address=address,
            contact=Contact(name="Mme Dupont", email="achats@example.gouv.fr"),
        ),
        payee=Payee(
            name="Affactureur",
            identifier=Identifier(value="PAYEE-1"),
            legal_registration=Identifier(value="987654321", scheme_id="0002"),
        ),
        tax_representative=TaxRepresentative(name="Représentant", vat_id="FR99999999999", address=address),
        delivery=Delivery(
            party_name="Entrepôt",
            location=Identifier(value="3012345678901", scheme_id="0088"),
            date=date(2026, 2, 27),
            address=address,
        ),
        invoicing_period=Period(start_date=date(2026, 2, 1), end_date=date(2026, 2, 28)),
        payment=PaymentInstructions(
            means_code="30",
            means_text="Virement",
            remittance_information="F-2026-001",
            credit_transfers=[
                CreditTransfer(
                    account_id="FR7630006000011234567890189", account_name="Vendeur", service_provider_id="AGRIFRPP"
                ),
                CreditTransfer(account_id="0012345678"),  # not an IBAN: ProprietaryID
            ],
            card=PaymentCard(account_number="1234", holder_name="J Dupont"),
            direct_debit=DirectDebit(
                mandate_reference="MANDAT-1",
                creditor_id="FR12ZZZ123456",
                debited_account_id="FR7611111111111111111111111",
            ),
        ),
        allowances=[
            DocumentAllowanceCharge(
                amount=Decimal("10.00"),
                base_amount=Decimal("100.00"),
                percentage=Decimal("10"),
                vat_category_code="S",
                vat_rate=Decimal("20"),
                reason="Remise",
                reason_code="95",
            )
        ],
        charges=[
            DocumentAllowanceCharge(
                amount=Decimal("5.00"), vat_category_code="S", vat_rate=Decimal("20"), reason="Port"
            )
        ],
        totals=Totals(
            line_net_total=Decimal("100.00"),
            allowance_total=Decimal("10.00"),
            charge_total=Decimal("5.00"),
            tax_exclusive_amount=Decimal("95.00"),
            vat_total=Decimal("19.00"),
            vat_total_accounting=Decimal("20.52"),
            tax_inclusive_amount=Decimal("114.00"),
            prepaid_amount=Decimal("4.00"),
            rounding_amount=Decimal("0.00"),
            amount_due=Decimal("110.00"),
        ),
        vat_breakdown=[
            VatBreakdown(
                taxable_amount=Decimal("95.00"), tax_amount=Decimal("19.00"), category_code="S", rate=Decimal("20")
            ),
            VatBreakdown(
                taxable_amount=Decimal("0.00"),
                tax_amount=Decimal("0.00"),
                category_code="E",
                rate=Decimal("0"),
                exemption_reason="Exonération",
                exemption_reason_code="VATEX-EU-132",
            ),
        ],
        supporting_documents=[
            SupportingDocument(
                reference="BL-1",
                description="Bon de livraison",
                external_uri="https://example.org/bl-1.pdf",
                attachment=Attachment(content=b"%PDF-1.7 fake", mime_code="application/pdf", filename="bl-1.pdf"),
            )
        ],
        lines=[
            Line(
                id="1",
                note="Ligne unique",
                object_identifier=Identifier(value="SUB-1", scheme_id="AVE"),
                quantity=Decimal("10.000"),
                unit_code="C62",
                net_amount=Decimal("100.00"),
                order_line_reference="3",
                accounting_reference="6063",
                period=Period(start_date=date(2026, 2, 1)),
                allowances=[LineAllowanceCharge(amount=Decimal("2.00"), reason_code="95")],
                charges=[
                    LineAllowanceCharge(
                        amount=Decimal("2.00"), base_amount=Decimal("20"), percentage=Decimal("10"), reason="Emballage"
                    )
                ],
                price=Price(
                    net_price=Decimal("10.00"),
                    discount=Decimal("1.00"),
                    gross_price=Decimal("11.00"),
                    base_quantity=Decimal("1"),
                    base_quantity_unit_code="C62",
                ),
                vat=LineVat(category_code="S", rate=Decimal("20.00")),
                item=Item(
                    name="Ramette",
                    description="Papier A4",
                    sellers_id="RAM-A4",
                    buyers_id="FOURN-12",
                    standard_id=Identifier(value="3012345678901", scheme_id="0160"),
                    classifications=[Classification(value="30197600", list_id="STI", list_version="2008")],
                    origin_country="FR",
                    attributes=[ItemAttribute(name="Grammage", value="80 g")],
                ),
            )
        ],
    )


def test_every_business_term_round_trips() -> None:
    invoice = _full_invoice()
    written = cii.write(invoice)
    again = read(written, "full.xml")
    assert again.unmapped == []
    assert again.invoice.model_dump() == invoice.model_dump()


def test_every_business_term_lands_on_its_cen_path() -> None:
    """The places the CEN syntax binding gives, checked one by one on the written XML."""
    root = etree.fromstring(cii.write(_full_invoice()))
    agreement = "//ram:ApplicableHeaderTradeAgreement"
    seller = f"{agreement}/ram:SellerTradeParty"
    settlement = "//ram:ApplicableHeaderTradeSettlement"
    means = f"{settlement}/ram:SpecifiedTradeSettlementPaymentMeans"
    line = "//ram:IncludedSupplyChainTradeLineItem"
    expected = {
        "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID": ["A1"],
        "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID": ["urn:cen.eu:en16931:2017"],
        "//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString[@format='102']": ["20260301"],
        "//rsm:ExchangedDocument/ram:IncludedNote/ram:SubjectCode": ["PMT"],
        f"{seller}/ram:ID": ["LOCAL-1"],
        f"{seller}/ram:GlobalID[@schemeID='0009']": ["12345678200010"],
        f"{seller}/ram:SpecifiedLegalOrganization/ram:ID[@schemeID='0002']": ["123456782"],
        f"{seller}/ram:SpecifiedLegalOrganization/ram:TradingBusinessName": ["Vendeur"],
        f"{seller}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']": ["FR12123456782"],
        f"{seller}/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']": ["123/456/789"],
        f"{seller}/ram:Description": ["SA au capital de 100 000 €"],
        f"{seller}/ram:DefinedTradeContact/ram:PersonName": ["Service facturation"],
        f"{seller}/ram:URIUniversalCommunication/ram:URIID[@schemeID='0009']": ["12345678200010"],
        f"{agreement}/ram:BuyerTradeParty/ram:GlobalID[@schemeID='0009']": ["11000201100044"],
        f"{agreement}/ram:AdditionalReferencedDocument[ram:TypeCode='50']/ram:IssuerAssignedID": ["LOT-3"],
        f"{agreement}/ram:AdditionalReferencedDocument[ram:TypeCode='130']/ram:IssuerAssignedID": ["METER-99"],
        f"{agreement}/ram:AdditionalReferencedDocument[ram:TypeCode='130']/ram:ReferenceTypeCode": ["AWV"],
        f"{agreement}/ram:AdditionalReferencedDocument[ram:TypeCode='916']/ram:IssuerAssignedID": ["BL-1"],
        f"{agreement}/ram:AdditionalReferencedDocument/ram:AttachmentBinaryObject/@filename": ["bl-1.pdf"],
        f"{agreement}/ram:SpecifiedProcuringProject/ram:ID": ["PRJ-7"],
        "//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString": ["20260227"],
        f"{settlement}/ram:CreditorReferenceID": ["FR12ZZZ123456"],
        f"{settlement}/ram:PaymentReference": ["F-2026-001"],
        f"{settlement}/ram:TaxCurrencyCode": ["USD"],
        f"{means}/ram:TypeCode": ["30", "30"],
        f"{means}/ram:PayeePartyCreditorFinancialAccount/ram:IBANID": ["FR7630006000011234567890189"],
        f"{means}/ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID": ["0012345678"],
        f"{means}/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID": ["AGRIFRPP"],
        f"{means}/ram:PayerPartyDebtorFinancialAccount/ram:IBANID": ["FR7611111111111111111111111"],
        f"{means}/ram:ApplicableTradeSettlementFinancialCard/ram:ID": ["1234"],
        f"{settlement}/ram:ApplicableTradeTax/ram:DueDateTypeCode": ["29"],  # UNTDID 2475 for the model's 35
        f"{settlement}/ram:ApplicableTradeTax/ram:ExemptionReasonCode": ["VATEX-EU-132"],
        f"{settlement}/ram:SpecifiedTradePaymentTerms/ram:Description": ["30 jours fin de mois"],
        f"{settlement}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString": ["20260331"],
        f"{settlement}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID": ["MANDAT-1"],
        f"{settlement}//ram:TaxTotalAmount[@currencyID='EUR']": ["19.00"],
        f"{settlement}//ram:TaxTotalAmount[@currencyID='USD']": ["20.52"],
        f"{settlement}/ram:InvoiceReferencedDocument/ram:FormattedIssueDateTime/qdt:DateTimeString": ["20251231"],
        f"{settlement}/ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID": ["6061"],
        f"{settlement}/ram:SpecifiedTradeAllowanceCharge/ram:ChargeIndicator/udt:Indicator": ["false", "true"],
        f"{line}//ram:SpecifiedTradeAllowanceCharge/ram:ChargeIndicator/udt:Indicator": ["false", "true"],
        f"{line}//ram:GrossPriceProductTradePrice/ram:AppliedTradeAllowanceCharge/ram:ActualAmount": ["1.00"],
        f"{line}//ram:NetPriceProductTradePrice/ram:BasisQuantity[@unitCode='C62']": ["1"],
        f"{line}//ram:AdditionalReferencedDocument[ram:TypeCode='130']/ram:IssuerAssignedID": ["SUB-1"],
        f"{line}//ram:BuyerOrderReferencedDocument/ram:LineID": ["3"],
        f"{line}//ram:ClassCode[@listID='STI'][@listVersionID='2008']": ["30197600"],
        f"{line}//ram:BilledQuantity[@unitCode='C62']": ["10.000"],
    }
    for path, values in expected.items():
        assert _xpath(root, path) == values, path
    assert _xpath(root, f"{settlement}/ram:ApplicableTradeTax/ram:TaxPointDate") == []  # BT-8 is set, so no BT-7


def test_tax_point_date_goes_on_the_first_vat_breakdown() -> None:
    invoice = _full_invoice().model_copy(update={"tax_point_date": date(2026, 2, 28), "tax_point_date_code": None})
    root = etree.fromstring(cii.write(invoice))
    dates = root.xpath("//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax/ram:TaxPointDate", namespaces=NS)
    assert len(dates) == 1 and _xpath(dates[0], "udt:DateString[@format='102']/text()") == ["20260228"]
    assert read(etree.tostring(root), "x").invoice.tax_point_date == date(2026, 2, 28)


def test_department_name_is_the_contact_when_no_person(corpus: Path) -> None:
    root = etree.parse(str(corpus / "en16931" / "cii" / "CII_example1.xml")).getroot()
    person = root.find(".//ram:BuyerTradeParty/ram:DefinedTradeContact/ram:PersonName", NS)
    person.tag = f"{{{NS['ram']}}}DepartmentName"
    document = read(etree.tostring(root), "x")
    assert document.invoice.buyer is not None
    assert _same(document.invoice.buyer.contact, Contact(name="Dhr. J BLOKKER"))
    assert document.unmapped == []
