"""How the invoice is paid: payment instructions (BG-16) and their means."""

from __future__ import annotations

from typing import ClassVar

from .base import Group, bt


class CreditTransfer(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-17",)

    account_id: str | None = bt("BT-84", mandatory=True, description="Payment account identifier (IBAN)")
    account_name: str | None = bt("BT-85", description="Payment account name")
    service_provider_id: str | None = bt("BT-86", description="Payment service provider identifier (BIC)")


class PaymentCard(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-18",)

    account_number: str | None = bt("BT-87", mandatory=True, description="Payment card primary account number")
    holder_name: str | None = bt("BT-88", description="Payment card holder name")


class DirectDebit(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-19",)

    mandate_reference: str | None = bt("BT-89", description="Mandate reference identifier")
    creditor_id: str | None = bt("BT-90", description="Bank assigned creditor identifier")
    debited_account_id: str | None = bt("BT-91", description="Debited account identifier")


class PaymentInstructions(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-16",)

    means_code: str | None = bt("BT-81", mandatory=True, description="Payment means type code (UNTDID 4461)")
    means_text: str | None = bt("BT-82", description="Payment means text")
    remittance_information: str | None = bt("BT-83", description="Remittance information")
    credit_transfers: list[CreditTransfer] = bt("BG-17", default=[], description="Credit transfers")
    card: PaymentCard | None = bt("BG-18", description="Payment card information")
    direct_debit: DirectDebit | None = bt("BG-19", description="Direct debit")
