"""Who the invoice is from and to (BR-CPRO-01 … 05): Chorus Pro routes an invoice to the public structure whose SIRET
it names, and files it under the supplier's structure, found by its SIRET or, abroad, by another identifier."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..engine import Context
from .common import (
    EU_COUNTRIES,
    buyer_ids,
    chorus_rule,
    seller_ids,
    sirets,
    valid_siret,
)

# Countries and territories where companies have a SIRET (INSEE's SIRENE covers the overseas departments and
# collectivities below); New Caledonia (RIDET), French Polynesia (TAHITI) and foreign countries do not.
SIRET_COUNTRIES = frozenset({"FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF"})


@chorus_rule(
    "BR-CPRO-01",
    bt=["BT-46", "BT-47", "BT-49"],
    fr="L'acheteur public doit être identifié par son SIRET (schéma 0009) en BT-46, BT-47 ou BT-49 : Chorus Pro "
    "achemine la facture à la structure de ce SIRET.",
    en="The public buyer must be identified by its SIRET (scheme 0009) in BT-46, BT-47 or BT-49: Chorus Pro routes "
    "the invoice to the structure with that SIRET.",
)
def buyer_siret(ctx: Context) -> Iterator[Any]:
    if not sirets(buyer_ids(ctx.invoice)):
        yield ctx.invoice.buyer


@chorus_rule(
    "BR-CPRO-02",
    bt=["BT-46", "BT-47", "BT-49"],
    fr="Le SIRET de l'acheteur « {value} » n'est pas valide (14 chiffres et clé de Luhn, sauf La Poste).",
    en="The buyer's SIRET '{value}' is not valid (14 digits and a Luhn check digit, La Poste excepted).",
)
def buyer_siret_valid(ctx: Context) -> Iterator[Any]:
    for value in dict.fromkeys(sirets(buyer_ids(ctx.invoice))):
        if not valid_siret(value):
            yield ctx.invoice.buyer, {"value": value}


@chorus_rule(
    "BR-CPRO-03",
    bt=["BT-46", "BT-47", "BT-49"],
    severity="warning",
    fr="L'acheteur est désigné par plusieurs SIRET différents ({value}) : Chorus Pro n'en retiendra qu'un.",
    en="The buyer is given several different SIRETs ({value}): Chorus Pro will keep only one.",
)
def buyer_sirets_agree(ctx: Context) -> Iterator[Any]:
    found = list(dict.fromkeys(sirets(buyer_ids(ctx.invoice))))
    if len(found) > 1:
        yield ctx.invoice.buyer, {"value": ", ".join(found)}


def _country(ctx: Context) -> str:
    seller = ctx.invoice.seller
    address = seller.address if seller is not None else None
    return (address.country_code or "FR").upper() if address is not None else "FR"


@chorus_rule(
    "BR-CPRO-04",
    bt=["BT-29", "BT-30", "BT-31", "BT-34", "BT-40"],
    fr="Le vendeur doit être identifié comme Chorus Pro le connaît : par son SIRET (schéma 0009, en BT-29, BT-30 ou "
    "BT-34) s'il est établi en France, par son numéro de TVA (BT-31) s'il est établi dans un autre pays de l'UE, "
    "par un identifiant (BT-29, BT-30) ou son numéro de TVA (BT-31) ailleurs.",
    en="The seller must be identified as Chorus Pro knows it: by its SIRET (scheme 0009, in BT-29, BT-30 or BT-34) "
    "when established in France, by its VAT number (BT-31) in another EU country, by an identifier (BT-29, BT-30) "
    "or its VAT number (BT-31) elsewhere.",
)
def seller_identified(ctx: Context) -> Iterator[Any]:
    seller = ctx.invoice.seller
    country = _country(ctx)
    if country in SIRET_COUNTRIES:
        identified = bool(sirets(seller_ids(ctx.invoice)))
    elif seller is None:
        identified = False
    elif country in EU_COUNTRIES:
        # UE_HORS_FRANCE: the structure is the one with this intra-community VAT number.
        identified = bool(seller.vat_id)
    else:
        # HORS_UE, RIDET, TAHITI, AUTRE: the structure's own identifier, or a VAT number.
        identified = bool(seller.identifiers or seller.legal_registration or seller.vat_id)
    if not identified:
        yield seller


@chorus_rule(
    "BR-CPRO-05",
    bt=["BT-29", "BT-30", "BT-34"],
    fr="Le SIRET du vendeur « {value} » n'est pas valide (14 chiffres et clé de Luhn, sauf La Poste).",
    en="The seller's SIRET '{value}' is not valid (14 digits and a Luhn check digit, La Poste excepted).",
)
def seller_siret_valid(ctx: Context) -> Iterator[Any]:
    for value in dict.fromkeys(sirets(seller_ids(ctx.invoice))):
        if not valid_siret(value):
            yield ctx.invoice.seller, {"value": value}
