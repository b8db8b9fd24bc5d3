"""What the Chorus Pro checks share: the platform's limits and code lists, and the reading of SIRETs.

Sources: the Chorus Pro API reference of this project (``chorus-pro-api.md``: soumettreFacture, the directory,
the billing frameworks, the attachment limits), the Chorus Pro community page on attachments ("Pièces jointes
dans Chorus Pro : quelques règles à respecter"), and the checks the OCA ``l10n_fr_chorus_account`` module runs
before it sends an invoice, with the rejections its users reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from stdnum.fr import siret as _siret

from ...model import Identifier, Invoice
from ..engine import rule

MEGABYTE = 1024 * 1024


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# BT-1: Chorus Pro keeps 20 characters of an invoice number (numeroFactureSaisi) made of letters, digits and
# - _ / +. It is also the reform's alphabet (BR-FR-01/02), so one numbering serves both.
NUMBER_MAX = 20
NUMBER_CHARACTERS = re.compile(r"[A-Za-z0-9\-_/+]+")
SERVICE_CODE_MAX = 100  # codeServiceExecutant
ENGAGEMENT_MAX = 50  # numeroBonCommande, the legal engagement number

# BT-23: Chorus Pro's billing frameworks (cadres de facturation), A1 … A25 as the XML gives them; absent means A1.
BILLING_FRAMEWORKS = {
    "A1": "facture fournisseur",
    "A2": "facture fournisseur déjà payée",
    "A3": "mémoire de frais de justice",
    "A4": "projet de décompte mensuel fournisseur",
    "A5": "état d'acompte fournisseur",
    "A6": "état d'acompte validé fournisseur",
    "A7": "projet de décompte final fournisseur",
    "A8": "décompte général et définitif fournisseur",
    "A9": "facture de sous-traitant",
    "A10": "projet de décompte mensuel sous-traitant",
    "A11": "projet de décompte final sous-traitant",
    "A12": "facture de cotraitant",
    "A13": "projet de décompte mensuel cotraitant",
    "A14": "projet de décompte final cotraitant",
    "A15": "état d'acompte maîtrise d'œuvre",
    "A16": "état d'acompte validé maîtrise d'œuvre",
    "A17": "projet de décompte général maîtrise d'œuvre",
    "A18": "décompte général maîtrise d'œuvre",
    "A19": "état d'acompte validé maîtrise d'ouvrage",
    "A20": "décompte général maîtrise d'ouvrage",
    "A21": "demande de remboursement de la TIC",
    "A22": "projet de décompte général fournisseur, procédure tacite",
    "A23": "décompte général et définitif tacite fournisseur",
    "A24": "décompte général et définitif tacite maîtrise d'œuvre",
    "A25": "décompte général et définitif maîtrise d'œuvre, procédure tacite",
}
DEFAULT_FRAMEWORK = "A1"

# BT-81: payments to the supplier's account, for which Chorus Pro needs an IBAN (OCA checks 30, 31 and 42; EN 16931
# names 58 the SEPA credit transfer).
TRANSFER_MEANS = frozenset({"30", "31", "42", "58"})
# The payment means codes that Chorus Pro maps to its payment modes (CHEQUE, PRELEVEMENT, VIREMENT, ESPECE, AUTRE,
# REPORT), as integrators routing EN 16931 invoices to it document them; others are reported as a warning.
KNOWN_MEANS = frozenset({"1", "10", "20", "30", "31", "42", "48", "49", "97"})

# BG-24: attachments (community page on attachments; OCA uses the same figures).
ATTACHMENT_MAX = 10 * MEGABYTE  # each file
DOSSIER_MAX = 120 * MEGABYTE  # the invoice and its attachments, portal entry or PDF deposit
XML_DEPOSIT_MAX = 30 * MEGABYTE  # an XML deposit (a "lot")
ATTACHMENT_NAME_MAX = 50  # extension included
ATTACHMENT_EXTENSIONS = frozenset(
    [
        "BMP",
        "GIF",
        "FAX",
        "ODT",
        "PPT",
        "TIFF",
        "XLS",
        "BZ2",
        "GZ",
        "JPEG",
        "P7S",
        "RTF",
        "TXT",
        "XML",
        "CSV",
        "GZIP",
        "JPG",
        "PDF",
        "SVG",
        "XHTML",
        "XLSX",
        "DOC",
        "HTM",
        "ODP",
        "PNG",
        "TGZ",
        "XLC",
        "ZIP",
        "DOCX",
        "HTML",
        "ODS",
        "PPS",
        "TIF",
        "XLM",
        "PPTX",
    ]
)

# SIRET: scheme 0009 in EN 16931 (ISO 6523); Chorus Pro's own UBL flux (E1) writes it with scheme "1".
SIRET_SCHEMES = frozenset({"0009", "1"})
SIRET_FORMAT = re.compile(r"[0-9]{14}")
LA_POSTE_SIREN = "356000000"

# A seller established abroad is known to Chorus Pro by another kind of identifier (typeIdentifiantStructure):
# UE_HORS_FRANCE (its intra-community VAT number), HORS_UE, RIDET (New Caledonia), TAHITI (French Polynesia) or
# AUTRE. An EN 16931 invoice carries the VAT number in BT-31 and the others in BT-29 or BT-30.
EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "CY",
        "CZ",
        "DE",
        "DK",
        "EE",
        "ES",
        "FI",
        "FR",
        "GR",
        "HR",
        "HU",
        "IE",
        "IT",
        "LT",
        "LU",
        "LV",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SE",
        "SI",
        "SK",
    ]
)
# VAT numbers of Greece start with EL, not with its ISO country code.
VAT_PREFIX = {"GR": "EL"}


def valid_siret(value: str) -> bool:
    """14 digits with a valid Luhn key; La Poste's establishments (SIREN 356000000) are exempt from the key."""
    if not SIRET_FORMAT.fullmatch(value):
        return False
    return value.startswith(LA_POSTE_SIREN) or _siret.is_valid(value)


def sirets(identifiers: list[Identifier | None]) -> list[str]:
    """The SIRETs among ``identifiers``: the values given with a SIRET scheme."""
    return [i.value.strip() for i in identifiers if i is not None and i.scheme_id in SIRET_SCHEMES]


def buyer_ids(invoice: Invoice) -> list[Identifier | None]:
    """Where a buyer's SIRET may be: BT-46, BT-47, BT-49."""
    buyer = invoice.buyer
    return [] if buyer is None else [buyer.identifier, buyer.legal_registration, buyer.electronic_address]


def seller_ids(invoice: Invoice) -> list[Identifier | None]:
    """Where a seller's SIRET may be: BT-29, BT-30, BT-34."""
    seller = invoice.seller
    if seller is None:
        return []
    return [*seller.identifiers, seller.legal_registration, seller.electronic_address]


def chorus_rule(
    id: str, *, bt: list[str], fr: str, en: str, severity: str = "fatal"
) -> Callable[[Callable[..., Iterator[Any]]], Any]:
    """Register a Chorus Pro check (the ``chorus`` set, every syntax: they read the model)."""
    return rule(id, set="chorus", severity=severity, bt=bt, fr=fr, en=en)  # type: ignore[arg-type]
