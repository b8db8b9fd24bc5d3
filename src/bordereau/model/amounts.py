"""Money at document level: allowances and charges (BG-20, BG-21), totals (BG-22), VAT breakdown (BG-23)."""

from __future__ import annotations

from typing import ClassVar

from .base import Amount, Group, bt


class DocumentAllowanceCharge(Group):
    """A document-level allowance (BG-20) or charge (BG-21): the list it sits in says which."""

    groups: ClassVar[tuple[str, ...]] = ("BG-20", "BG-21")

    amount: Amount | None = bt("BT-92", "BT-99", mandatory=True, description="Amount, without VAT")
    base_amount: Amount | None = bt("BT-93", "BT-100", description="Base amount the percentage applies to")
    percentage: Amount | None = bt("BT-94", "BT-101", description="Percentage")
    vat_category_code: str | None = bt(
        "BT-95", "BT-102", mandatory=True, description="VAT category code (UNTDID 5305 subset)"
    )
    vat_rate: Amount | None = bt("BT-96", "BT-103", description="VAT rate, in percent")
    reason: str | None = bt("BT-97", "BT-104", description="Reason")
    reason_code: str | None = bt(
        "BT-98", "BT-105", description="Reason code (UNTDID 5189 for allowances, 7161 for charges)"
    )


class Totals(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-22",)

    line_net_total: Amount | None = bt("BT-106", mandatory=True, description="Sum of invoice line net amounts")
    allowance_total: Amount | None = bt("BT-107", description="Sum of allowances on document level")
    charge_total: Amount | None = bt("BT-108", description="Sum of charges on document level")
    tax_exclusive_amount: Amount | None = bt("BT-109", mandatory=True, description="Invoice total without VAT")
    vat_total: Amount | None = bt("BT-110", description="Invoice total VAT amount")
    vat_total_accounting: Amount | None = bt(
        "BT-111", description="Invoice total VAT amount in accounting currency (BT-6)"
    )
    tax_inclusive_amount: Amount | None = bt("BT-112", mandatory=True, description="Invoice total with VAT")
    prepaid_amount: Amount | None = bt("BT-113", description="Paid amount")
    rounding_amount: Amount | None = bt("BT-114", description="Rounding amount")
    amount_due: Amount | None = bt("BT-115", mandatory=True, description="Amount due for payment")


class VatBreakdown(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-23",)

    taxable_amount: Amount | None = bt("BT-116", mandatory=True, description="VAT category taxable amount")
    tax_amount: Amount | None = bt("BT-117", mandatory=True, description="VAT category tax amount")
    category_code: str | None = bt("BT-118", mandatory=True, description="VAT category code (UNTDID 5305 subset)")
    rate: Amount | None = bt("BT-119", description="VAT category rate, in percent")
    exemption_reason: str | None = bt("BT-120", description="VAT exemption reason text")
    exemption_reason_code: str | None = bt("BT-121", description="VAT exemption reason code (VATEX)")
