"""Invoice lines (BG-25) and what hangs from them: period, allowances, charges, price, VAT, item."""

from __future__ import annotations

from datetime import date as _date
from typing import ClassVar

from pydantic import Field

from .base import Amount, Group, bt
from .parties import Identifier


class Period(Group):
    """A period: the invoicing period (BG-14) or a line's period (BG-26)."""

    groups: ClassVar[tuple[str, ...]] = ("BG-14", "BG-26")

    start_date: _date | None = bt("BT-73", "BT-134", description="Start date")
    end_date: _date | None = bt("BT-74", "BT-135", description="End date")


class LineAllowanceCharge(Group):
    """A line allowance (BG-27) or charge (BG-28): the list it sits in says which."""

    groups: ClassVar[tuple[str, ...]] = ("BG-27", "BG-28")

    amount: Amount | None = bt("BT-136", "BT-141", mandatory=True, description="Amount, without VAT")
    base_amount: Amount | None = bt("BT-137", "BT-142", description="Base amount the percentage applies to")
    percentage: Amount | None = bt("BT-138", "BT-143", description="Percentage")
    reason: str | None = bt("BT-139", "BT-144", description="Reason")
    reason_code: str | None = bt("BT-140", "BT-145", description="Reason code (UNTDID 5189 / 7161)")


class Price(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-29",)

    net_price: Amount | None = bt("BT-146", mandatory=True, description="Item net price")
    discount: Amount | None = bt("BT-147", description="Item price discount")
    gross_price: Amount | None = bt("BT-148", description="Item gross price")
    base_quantity: Amount | None = bt("BT-149", description="Item price base quantity")
    base_quantity_unit_code: str | None = bt("BT-150", description="Item price base quantity unit of measure")


class LineVat(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-30",)

    category_code: str | None = bt("BT-151", mandatory=True, description="Invoiced item VAT category code")
    rate: Amount | None = bt("BT-152", description="Invoiced item VAT rate, in percent")


class Classification(Group):
    """An item classification identifier (BT-158) with its list (BT-158-1) and version (BT-158-2)."""

    value: str = Field(description="Item classification identifier")
    list_id: str | None = Field(default=None, description="Scheme identifier (UNTDID 7143)")
    list_version: str | None = Field(default=None, description="Scheme version identifier")


class ItemAttribute(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-32",)

    name: str | None = bt("BT-160", mandatory=True, description="Item attribute name")
    value: str | None = bt("BT-161", mandatory=True, description="Item attribute value")


class Item(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-31",)

    name: str | None = bt("BT-153", mandatory=True, description="Item name")
    description: str | None = bt("BT-154", description="Item description")
    sellers_id: str | None = bt("BT-155", description="Item seller's identifier")
    buyers_id: str | None = bt("BT-156", description="Item buyer's identifier")
    standard_id: Identifier | None = bt("BT-157", description="Item standard identifier (BT-157-1: scheme)")
    classifications: list[Classification] = bt("BT-158", default=[], description="Item classification identifiers")
    origin_country: str | None = bt("BT-159", description="Item country of origin (ISO 3166-1 alpha-2)")
    attributes: list[ItemAttribute] = bt("BG-32", default=[], description="Item attributes")


class Line(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-25",)

    id: str | None = bt("BT-126", mandatory=True, description="Invoice line identifier")
    note: str | None = bt("BT-127", description="Invoice line note")
    object_identifier: Identifier | None = bt("BT-128", description="Invoice line object identifier (BT-128-1: scheme)")
    quantity: Amount | None = bt("BT-129", mandatory=True, description="Invoiced quantity")
    unit_code: str | None = bt("BT-130", mandatory=True, description="Unit of measure (UN/ECE Rec 20/21)")
    net_amount: Amount | None = bt(
        "BT-131",
        mandatory=True,
        description="Line net amount; computed from quantity and price when left out",
    )
    order_line_reference: str | None = bt("BT-132", description="Referenced purchase order line reference")
    accounting_reference: str | None = bt("BT-133", description="Invoice line buyer accounting reference")
    period: Period | None = bt("BG-26", description="Invoice line period")
    allowances: list[LineAllowanceCharge] = bt("BG-27", default=[], description="Invoice line allowances")
    charges: list[LineAllowanceCharge] = bt("BG-28", default=[], description="Invoice line charges")
    price: Price | None = bt("BG-29", mandatory=True, description="Price details")
    vat: LineVat | None = bt("BG-30", mandatory=True, description="Line VAT information")
    item: Item | None = bt("BG-31", mandatory=True, description="Item information")
