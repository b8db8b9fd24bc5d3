"""What `complete` derives, checked against the EN 16931 formulas worked out by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bordereau.model import (
    DocumentAllowanceCharge,
    Invoice,
    Line,
    LineAllowanceCharge,
    LineVat,
    Price,
    Totals,
    VatBreakdown,
    complete,
)
from bordereau.model.compute import line_net_amount, round2

D = Decimal


def line(
    quantity: str,
    price: str,
    *,
    category: str = "S",
    rate: str | None = "20",
    base_quantity: str | None = None,
    allowances: list[LineAllowanceCharge] | None = None,
    charges: list[LineAllowanceCharge] | None = None,
    net_amount: str | None = None,
) -> Line:
    return Line(
        id="1",
        quantity=D(quantity),
        unit_code="C62",
        net_amount=None if net_amount is None else D(net_amount),
        price=Price(net_price=D(price), base_quantity=None if base_quantity is None else D(base_quantity)),
        vat=LineVat(category_code=category, rate=None if rate is None else D(rate)),
        allowances=allowances or [],
        charges=charges or [],
    )


def adjustment(
    amount: str | None = None,
    *,
    category: str = "S",
    rate: str | None = "20",
    base: str | None = None,
    percentage: str | None = None,
) -> DocumentAllowanceCharge:
    return DocumentAllowanceCharge(
        amount=None if amount is None else D(amount),
        base_amount=None if base is None else D(base),
        percentage=None if percentage is None else D(percentage),
        vat_category_code=category,
        vat_rate=None if rate is None else D(rate),
        reason="test",
    )


def breakdown(invoice: Invoice) -> dict[tuple[str | None, Decimal | None], tuple[Decimal | None, Decimal | None]]:
    return {
        (b.category_code, None if b.rate is None else b.rate.normalize()): (b.taxable_amount, b.tax_amount)
        for b in invoice.vat_breakdown
    }


# Line net amount (BT-131)


@pytest.mark.parametrize(
    ("quantity", "price", "base_quantity", "expected"),
    [
        ("3", "10.00", None, "30.00"),
        ("35.5", "85.00", None, "3017.50"),
        ("2500", "180.00", "1000", "450.00"),  # the price is per thousand
        ("1", "10.00", "3", "3.33"),  # 3.333… is rounded, not truncated
        ("2", "10.00", "3", "6.67"),
        ("7", "1.2345", None, "8.64"),  # prices may have more than two decimals, the amount may not
        ("0", "99.99", None, "0.00"),
    ],
)
def test_line_net_amount_is_quantity_times_price_over_base_quantity(
    quantity: str, price: str, base_quantity: str | None, expected: str
) -> None:
    computed = line_net_amount(line(quantity, price, base_quantity=base_quantity))
    assert computed == D(expected)
    assert computed is not None and computed.as_tuple().exponent == -2


def test_line_net_amount_subtracts_allowances_and_adds_charges() -> None:
    subject = line(
        "10",
        "12.50",
        allowances=[LineAllowanceCharge(amount=D("5.00")), LineAllowanceCharge(amount=D("1.25"))],
        charges=[LineAllowanceCharge(amount=D("2.50"))],
    )
    assert line_net_amount(subject) == D("121.25")  # 125.00 − 5.00 − 1.25 + 2.50


def test_line_net_amount_needs_quantity_and_price() -> None:
    subject = line("1", "1")
    subject.quantity = None
    assert line_net_amount(subject) is None
    subject = line("1", "1")
    subject.price = None
    assert line_net_amount(subject) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.125", "0.13"),  # half up, where banker's rounding would give 0.12
        ("1.005", "1.01"),
        ("2.675", "2.68"),
        ("0.124999", "0.12"),
        ("-1.005", "-1.01"),  # half away from zero for negative amounts
        ("-0.125", "-0.13"),
        ("10", "10.00"),
    ],
)
def test_round2_half_up(value: str, expected: str) -> None:
    assert round2(D(value)) == D(expected)
    assert str(round2(D(value))) == expected


@pytest.mark.parametrize(
    ("quantity", "price", "expected"),
    [
        ("3", "0.335", "1.01"),  # 1.005
        ("1", "0.125", "0.13"),
        ("-3", "0.335", "-1.01"),  # a negative line (a return on an invoice)
    ],
)
def test_completed_line_rounds_half_up(quantity: str, price: str, expected: str) -> None:
    invoice = complete(Invoice(lines=[line(quantity, price)]))
    assert invoice.lines[0].net_amount == D(expected)


def test_net_price_from_gross_price_and_discount() -> None:
    subject = line("4", "0")
    assert subject.price is not None
    subject.price = Price(gross_price=D("25.00"), discount=D("2.50"))
    invoice = complete(Invoice(lines=[subject]))
    assert invoice.lines[0].price is not None
    assert invoice.lines[0].price.net_price == D("22.50")
    assert invoice.lines[0].net_amount == D("90.00")


# Allowances and charges given as a percentage


def test_line_allowance_from_percentage() -> None:
    subject = line("20", "10.00", allowances=[LineAllowanceCharge(base_amount=D("200.00"), percentage=D("12.5"))])
    invoice = complete(Invoice(lines=[subject]))
    assert invoice.lines[0].allowances[0].amount == D("25.00")
    assert invoice.lines[0].net_amount == D("175.00")


def test_line_charge_from_percentage_is_rounded() -> None:
    subject = line("1", "33.33", charges=[LineAllowanceCharge(base_amount=D("33.33"), percentage=D("7.5"))])
    invoice = complete(Invoice(lines=[subject]))
    assert invoice.lines[0].charges[0].amount == D("2.50")  # 2.49975
    assert invoice.lines[0].net_amount == D("35.83")


def test_document_allowance_and_charge_from_percentage() -> None:
    invoice = complete(
        Invoice(
            lines=[line("1", "1234.56")],
            allowances=[adjustment(base="1234.56", percentage="3")],
            charges=[adjustment(base="1000.00", percentage="2.5")],
        )
    )
    assert invoice.allowances[0].amount == D("37.04")  # 37.0368
    assert invoice.charges[0].amount == D("25.00")
    assert invoice.totals is not None
    assert invoice.totals.allowance_total == D("37.04")
    assert invoice.totals.charge_total == D("25.00")
    assert invoice.totals.tax_exclusive_amount == D("1222.52")  # 1234.56 − 37.04 + 25.00


def test_given_allowance_amount_is_kept_over_the_percentage() -> None:
    subject = line(
        "1", "100.00", allowances=[LineAllowanceCharge(amount=D("9.00"), base_amount=D("100"), percentage=D("10"))]
    )
    invoice = complete(Invoice(lines=[subject], allowances=[adjustment("4.00", base="100", percentage="5")]))
    assert invoice.lines[0].allowances[0].amount == D("9.00")
    assert invoice.lines[0].net_amount == D("91.00")
    assert invoice.allowances[0].amount == D("4.00")


# VAT breakdown (BG-23)


def test_vat_breakdown_per_category_and_rate_with_document_allowances_and_charges() -> None:
    invoice = complete(
        Invoice(
            lines=[
                line("1", "100.00", rate="20"),
                line("1", "50.00", rate="20.00"),  # the same rate written differently
                line("1", "30.00", rate="10"),
                line("1", "40.00", rate="5.5"),
            ],
            allowances=[adjustment("15.00", rate="20")],
            charges=[adjustment("5.00", rate="10")],
        )
    )
    assert breakdown(invoice) == {
        ("S", D("20")): (D("135.00"), D("27.00")),
        ("S", D("10")): (D("35.00"), D("3.50")),
        ("S", D("5.5")): (D("40.00"), D("2.20")),
    }
    totals = invoice.totals
    assert totals is not None
    assert totals.line_net_total == D("220.00")
    assert totals.allowance_total == D("15.00")
    assert totals.charge_total == D("5.00")
    assert totals.tax_exclusive_amount == D("210.00")
    assert totals.vat_total == D("32.70")
    assert totals.tax_inclusive_amount == D("242.70")
    assert totals.amount_due == D("242.70")


def test_vat_is_rounded_per_category_not_per_line() -> None:
    # Three lines of 0.03 at 20 %: 0.006 each would round to 0.01 (0.03 in all); the category gives 0.09 × 20 %.
    invoice = complete(Invoice(lines=[line("1", "0.03"), line("1", "0.03"), line("1", "0.03")]))
    assert breakdown(invoice) == {("S", D("20")): (D("0.09"), D("0.02"))}


def test_vat_rounding_half_up() -> None:
    invoice = complete(Invoice(lines=[line("1", "478.50", rate="5.5"), line("1", "0.25", rate="10")]))
    assert breakdown(invoice) == {
        ("S", D("5.5")): (D("478.50"), D("26.32")),  # 26.3175
        ("S", D("10")): (D("0.25"), D("0.03")),  # 0.025
    }


@pytest.mark.parametrize(
    ("category", "rate"), [("Z", "0"), ("E", "0"), ("AE", "0"), ("K", "0"), ("G", "0"), ("O", None), ("E", "20")]
)
def test_zero_tax_categories(category: str, rate: str | None) -> None:
    invoice = complete(Invoice(lines=[line("2", "500.00", category=category, rate=rate)]))
    assert len(invoice.vat_breakdown) == 1
    entry = invoice.vat_breakdown[0]
    assert (entry.category_code, entry.taxable_amount, entry.tax_amount) == (category, D("1000.00"), D("0.00"))
    assert invoice.totals is not None
    assert invoice.totals.vat_total == D("0.00")
    assert invoice.totals.amount_due == D("1000.00")


def test_mixed_standard_and_exempt() -> None:
    invoice = complete(
        Invoice(lines=[line("1", "100.00"), line("1", "80.00", category="E", rate="0")], allowances=[adjustment("10")])
    )
    assert breakdown(invoice) == {("S", D("20")): (D("90.00"), D("18.00")), ("E", D("0")): (D("80.00"), D("0.00"))}
    assert invoice.totals is not None
    assert invoice.totals.amount_due == D("188.00")


# What the input gives is kept


def test_given_line_net_amount_is_kept() -> None:
    invoice = complete(Invoice(lines=[line("3", "10.00", net_amount="31.00")]))
    assert invoice.lines[0].net_amount == D("31.00")
    assert invoice.totals is not None
    assert invoice.totals.line_net_total == D("31.00")


def test_given_totals_are_kept_and_the_missing_ones_filled() -> None:
    given = Totals(line_net_total=D("999.99"), vat_total=D("1.00"), prepaid_amount=D("50.00"))
    invoice = complete(Invoice(lines=[line("3", "10.00")], totals=given))
    totals = invoice.totals
    assert totals is not None
    assert totals.line_net_total == D("999.99")
    assert totals.vat_total == D("1.00")
    assert totals.tax_exclusive_amount == D("999.99")
    assert totals.tax_inclusive_amount == D("1000.99")
    assert totals.amount_due == D("950.99")


def test_prepaid_and_rounding_amounts() -> None:
    totals = Totals(prepaid_amount=D("100.00"), rounding_amount=D("0.01"))
    invoice = complete(Invoice(lines=[line("1", "99.99", rate="20")], totals=totals))
    assert invoice.totals is not None
    assert invoice.totals.tax_inclusive_amount == D("119.99")  # 99.99 + 20.00 (19.998)
    assert invoice.totals.amount_due == D("20.00")


def test_complete_breakdown_is_kept_even_when_wrong() -> None:
    given = [VatBreakdown(taxable_amount=D("10.00"), tax_amount=D("2.01"), category_code="S", rate=D("20"))]
    invoice = complete(Invoice(lines=[line("1", "10.00")], vat_breakdown=given))
    assert breakdown(invoice) == {("S", D("20")): (D("10.00"), D("2.01"))}
    assert invoice.totals is not None
    assert invoice.totals.vat_total == D("2.01")


def test_partial_breakdown_is_completed_and_keeps_what_was_given() -> None:
    # The input gives only the exemption reason of category E; the S category is not mentioned at all.
    given = [VatBreakdown(category_code="E", exemption_reason="Exonération, article 261 du CGI", rate=D("0"))]
    invoice = complete(
        Invoice(lines=[line("1", "100.00"), line("2", "40.00", category="E", rate="0")], vat_breakdown=given)
    )
    assert breakdown(invoice) == {("E", D("0")): (D("80.00"), D("0.00")), ("S", D("20")): (D("100.00"), D("20.00"))}
    exempt = next(b for b in invoice.vat_breakdown if b.category_code == "E")
    assert exempt.exemption_reason == "Exonération, article 261 du CGI"


def test_partial_breakdown_keeps_the_given_taxable_amount() -> None:
    given = [VatBreakdown(category_code="S", rate=D("20"), taxable_amount=D("50.00"))]
    invoice = complete(Invoice(lines=[line("1", "100.00")], vat_breakdown=given))
    assert breakdown(invoice) == {("S", D("20")): (D("50.00"), D("10.00"))}


def test_given_entry_without_rate_matches_its_category() -> None:
    given = [VatBreakdown(category_code="E", exemption_reason_code="VATEX-EU-132")]
    invoice = complete(Invoice(lines=[line("1", "70.00", category="E", rate="0")], vat_breakdown=given))
    assert len(invoice.vat_breakdown) == 1
    entry = invoice.vat_breakdown[0]
    assert (entry.taxable_amount, entry.tax_amount, entry.rate) == (D("70.00"), D("0.00"), D("0"))
    assert entry.exemption_reason_code == "VATEX-EU-132"


def test_complete_leaves_its_input_alone() -> None:
    original = Invoice(lines=[line("3", "10.00")], allowances=[adjustment(base="30", percentage="10")])
    before = original.model_dump()
    completed = complete(original)
    assert original.model_dump() == before
    assert original.totals is None and completed.totals is not None
    assert complete(completed).model_dump() == completed.model_dump()  # completing twice changes nothing


# The figures always add up (BR-CO-10 … BR-CO-17) for any lines

amounts = st.decimals(min_value=D("-1000"), max_value=D("100000"), places=2, allow_nan=False, allow_infinity=False)
quantities = st.decimals(min_value=D("-50"), max_value=D("1000"), places=3, allow_nan=False, allow_infinity=False)
rates = st.sampled_from([("S", "20"), ("S", "10"), ("S", "5.5"), ("S", "2.1"), ("Z", "0"), ("E", "0")])


@st.composite
def invoices(draw: st.DrawFn) -> Invoice:
    lines = []
    for index in range(draw(st.integers(min_value=1, max_value=12))):
        category, rate = draw(rates)
        lines.append(line(str(draw(quantities)), str(draw(amounts)), category=category, rate=rate))
        lines[-1].id = str(index + 1)
    used = sorted({(ln.vat.category_code, ln.vat.rate) for ln in lines if ln.vat and ln.vat.category_code})
    allowances = [
        adjustment(str(draw(amounts)), category=category or "S", rate=str(rate))
        for category, rate in draw(st.lists(st.sampled_from(used), max_size=2))
    ]
    return Invoice(lines=lines, allowances=allowances)


@settings(max_examples=150, deadline=None)
@given(invoices())
def test_totals_always_add_up(invoice: Invoice) -> None:
    result = complete(invoice)
    totals = result.totals
    assert totals is not None
    assert totals.line_net_total == sum((ln.net_amount or D(0) for ln in result.lines), D(0))  # BR-CO-10
    assert totals.allowance_total == (
        sum((a.amount or D(0) for a in result.allowances), D(0)) if result.allowances else None
    )
    assert totals.tax_exclusive_amount == totals.line_net_total - (totals.allowance_total or 0)  # BR-CO-13
    assert totals.vat_total == sum((b.tax_amount or D(0) for b in result.vat_breakdown), D(0))  # BR-CO-14
    assert totals.tax_inclusive_amount == totals.tax_exclusive_amount + totals.vat_total  # BR-CO-15
    assert sum((b.taxable_amount or D(0) for b in result.vat_breakdown), D(0)) == totals.tax_exclusive_amount
    for entry in result.vat_breakdown:
        assert entry.taxable_amount is not None and entry.tax_amount is not None
        expected = D(0) if entry.category_code != "S" else round2(entry.taxable_amount * (entry.rate or 0) / 100)
        assert entry.tax_amount == expected  # BR-S-09, BR-Z-09, BR-E-09
    for value in (totals.line_net_total, totals.tax_exclusive_amount, totals.vat_total, totals.amount_due):
        assert value is not None and value.as_tuple().exponent == -2  # BR-DEC-*
