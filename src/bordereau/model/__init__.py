"""The EN 16931 semantic model: one class per business group, every field tagged with its BT."""

from .amounts import DocumentAllowanceCharge, Totals, VatBreakdown
from .base import Group
from .compute import complete
from .invoice import (
    Attachment,
    Delivery,
    Invoice,
    Note,
    PrecedingInvoice,
    ProcessControl,
    SupportingDocument,
)
from .lines import Classification, Item, ItemAttribute, Line, LineAllowanceCharge, LineVat, Period, Price
from .parties import Address, Buyer, Contact, Identifier, Payee, Seller, TaxRepresentative
from .payment import CreditTransfer, DirectDebit, PaymentCard, PaymentInstructions

__all__ = [
    "Address",
    "Attachment",
    "Buyer",
    "Classification",
    "Contact",
    "CreditTransfer",
    "Delivery",
    "DirectDebit",
    "DocumentAllowanceCharge",
    "Group",
    "Identifier",
    "Invoice",
    "Item",
    "ItemAttribute",
    "Line",
    "LineAllowanceCharge",
    "LineVat",
    "Note",
    "Payee",
    "PaymentCard",
    "PaymentInstructions",
    "Period",
    "PrecedingInvoice",
    "Price",
    "ProcessControl",
    "Seller",
    "SupportingDocument",
    "TaxRepresentative",
    "Totals",
    "VatBreakdown",
    "complete",
]
