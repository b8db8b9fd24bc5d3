"""Who is involved: seller, buyer, payee, tax representative, with their addresses and contacts."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from .base import Group, bt


class Identifier(Group):
    """An identifier and the scheme it belongs to (the ``-1`` sub-term of its BT, an ISO 6523 ICD for parties)."""

    value: str = Field(description="The identifier itself")
    scheme_id: str | None = Field(
        default=None, description="Identification scheme (ISO 6523 ICD, EAS code, UNTDID 1153, …)"
    )


class Address(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-5", "BG-8", "BG-12", "BG-15")

    line1: str | None = bt("BT-35", "BT-50", "BT-64", "BT-75", description="Address line 1")
    line2: str | None = bt("BT-36", "BT-51", "BT-65", "BT-76", description="Address line 2")
    line3: str | None = bt("BT-162", "BT-163", "BT-164", "BT-165", description="Address line 3")
    city: str | None = bt("BT-37", "BT-52", "BT-66", "BT-77", description="City")
    post_code: str | None = bt("BT-38", "BT-53", "BT-67", "BT-78", description="Post code")
    subdivision: str | None = bt("BT-39", "BT-54", "BT-68", "BT-79", description="Country subdivision")
    country_code: str | None = bt(
        "BT-40", "BT-55", "BT-69", "BT-80", mandatory=True, description="Country code (ISO 3166-1 alpha-2)"
    )


class Contact(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-6", "BG-9")

    name: str | None = bt("BT-41", "BT-56", description="Contact point (person or department)")
    telephone: str | None = bt("BT-42", "BT-57", description="Contact telephone number")
    email: str | None = bt("BT-43", "BT-58", description="Contact email address")


class Seller(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-4",)

    name: str | None = bt("BT-27", mandatory=True, description="Seller name")
    trading_name: str | None = bt("BT-28", description="Seller trading name")
    identifiers: list[Identifier] = bt("BT-29", default=[], description="Seller identifiers (BT-29-1: scheme)")
    legal_registration: Identifier | None = bt(
        "BT-30",
        description="Seller legal registration identifier, SIREN or SIRET in France (BT-30-1: scheme)",
    )
    vat_id: str | None = bt("BT-31", description="Seller VAT identifier")
    tax_registration_id: str | None = bt("BT-32", description="Seller tax registration identifier")
    additional_legal_info: str | None = bt("BT-33", description="Seller additional legal information")
    electronic_address: Identifier | None = bt("BT-34", description="Seller electronic address (BT-34-1: scheme)")
    address: Address | None = bt("BG-5", mandatory=True, description="Seller postal address")
    contact: Contact | None = bt("BG-6", description="Seller contact")


class Buyer(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-7",)

    name: str | None = bt("BT-44", mandatory=True, description="Buyer name")
    trading_name: str | None = bt("BT-45", description="Buyer trading name")
    identifier: Identifier | None = bt(
        "BT-46", description="Buyer identifier; a French public buyer's SIRET with scheme 0009 (BT-46-1)"
    )
    legal_registration: Identifier | None = bt(
        "BT-47", description="Buyer legal registration identifier (BT-47-1: scheme)"
    )
    vat_id: str | None = bt("BT-48", description="Buyer VAT identifier")
    electronic_address: Identifier | None = bt("BT-49", description="Buyer electronic address (BT-49-1: scheme)")
    address: Address | None = bt("BG-8", mandatory=True, description="Buyer postal address")
    contact: Contact | None = bt("BG-9", description="Buyer contact")


class Payee(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-10",)

    name: str | None = bt("BT-59", mandatory=True, description="Payee name")
    identifier: Identifier | None = bt("BT-60", description="Payee identifier (BT-60-1: scheme)")
    legal_registration: Identifier | None = bt(
        "BT-61", description="Payee legal registration identifier (BT-61-1: scheme)"
    )


class TaxRepresentative(Group):
    groups: ClassVar[tuple[str, ...]] = ("BG-11",)

    name: str | None = bt("BT-62", mandatory=True, description="Seller tax representative name")
    vat_id: str | None = bt("BT-63", mandatory=True, description="Seller tax representative VAT identifier")
    address: Address | None = bt("BG-12", mandatory=True, description="Seller tax representative postal address")
