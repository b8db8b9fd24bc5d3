"""VAT rules beyond the ten common checks: delivery of an intra-community supply (BR-IC-11, BR-IC-12), an invoice
not subject to VAT having no other category (BR-O-11 to BR-O-14), and the Italian split payment (BR-B-01, BR-B-02).

As in :mod:`.vat`, UBL and CII input get the verdict of their own artefact (the CII one fires once per breakdown
entry where the UBL one fires once per invoice, and reads a few elements differently), and JSON input the UBL one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ...formats.xml import NS
from ..engine import Context, Family
from .rawxml import Hits
from .vat_facts import breakdown_in, vat_index, where

# The rules of this module run as one batch (see :class:`~bordereau.rules.engine.Family`).
rule = Family(__name__).rule

_CAC_INVOICE_PERIOD = f"{{{NS['cac']}}}InvoicePeriod"


# BR-IC-11, BR-IC-12: an intra-community supply says when and where the goods went --------------------------------


def _intra_community(ctx: Context) -> list[Any]:
    """Where a failed intra-community check is reported: each K entry in CII, the invoice once elsewhere."""
    entries = list(breakdown_in(ctx, "K"))
    if ctx.syntax == "cii":
        return [where(ctx, entry, f"vat_breakdown[{index}]") for index, entry in entries]
    return [None] if entries else []


def _delivered_when(ctx: Context) -> bool:
    invoice = ctx.invoice
    if invoice.delivery is not None and invoice.delivery.date is not None:
        return True
    if ctx.syntax == "ubl" and ctx.root is not None:
        # Any child of an InvoicePeriod counts, the VAT point date code (BT-8) included.
        return any(len(period) for period in ctx.root.iterchildren(_CAC_INVOICE_PERIOD))
    period = invoice.invoicing_period
    return period is not None and (period.start_date is not None or period.end_date is not None)


@rule(
    "BR-IC-11",
    bt=["BT-72", "BG-14", "BT-118"],
    en='An intra-community supply (VAT category "K") must give the actual delivery date (BT-72) or the invoicing '
    "period (BG-14).",
    fr="Une livraison intracommunautaire (catégorie de TVA « K ») doit indiquer la date de livraison effective "
    "(BT-72) ou la période de facturation (BG-14).",
)
def intra_community_date(ctx: Context) -> Hits:
    found: list[Any] = []
    hits = _intra_community(ctx)
    if hits and not _delivered_when(ctx):
        found.extend(hits)
    return found


def _delivered_where(ctx: Context) -> bool:
    delivery = ctx.invoice.delivery
    country = None if delivery is None or delivery.address is None else delivery.address.country_code
    if ctx.syntax == "cii":
        return country is not None
    return country is not None and len(country) > 1


@rule(
    "BR-IC-12",
    bt=["BT-80", "BT-118"],
    en='An intra-community supply (VAT category "K") must give the country the goods were delivered to (BT-80).',
    fr="Une livraison intracommunautaire (catégorie de TVA « K ») doit indiquer le pays de livraison (BT-80).",
)
def intra_community_country(ctx: Context) -> Hits:
    found: list[Any] = []
    hits = _intra_community(ctx)
    if hits and not _delivered_where(ctx):
        found.extend(hits)
    return found


# BR-O-11 to BR-O-14: not subject to VAT excludes every other category --------------------------------------------


def _not_o(code: str | None, syntax: str) -> bool:
    """A category other than O; in UBL a missing code counts as one (it is not "O"), in CII it does not (the
    CII index keeps an empty code element as "", which does count)."""
    if code is None:
        return syntax != "cii"
    return code != "O"


def _other_categories(ctx: Context, place: str) -> bool:
    """Whether a category other than O appears at ``place``: breakdown, lines, allowances or charges."""
    found, syntax = vat_index(ctx), ctx.syntax
    if syntax == "cii":
        # The CII artefact checks every ApplicableTradeTax (breakdown and lines alike) for 11 and 12, and every
        # CategoryTradeTax (allowances and charges alike) for 13 and 14.
        groups = (
            (found.breakdown, found.lines) if place in ("breakdown", "lines") else (found.allowances, found.charges)
        )
        return any(_not_o(code, syntax) for places in groups for code in places)
    places = {"breakdown": found.breakdown, "lines": found.lines, "allowances": found.allowances}
    by_code = places.get(place, found.charges)
    return any(_not_o(code, syntax) and any(ok for _, _, ok in groups) for code, groups in by_code.items())


def _only_o(place: str) -> Callable[[Context], Hits]:
    def check(ctx: Context) -> Hits:
        entries = list(breakdown_in(ctx, "O"))
        if not entries or not _other_categories(ctx, place):
            return ()
        if ctx.syntax == "cii":
            return [where(ctx, entry, f"vat_breakdown[{index}]") for index, entry in entries]
        return (None,)

    return check


_ONLY_O = (
    (
        "BR-O-11",
        "breakdown",
        ["BT-118"],
        "the VAT breakdown (BG-23) can have no entry in another category (BT-118).",
        "la ventilation de la TVA (BG-23) ne peut comporter aucune autre catégorie (BT-118).",
    ),
    (
        "BR-O-12",
        "lines",
        ["BT-118", "BT-151"],
        "no invoice line can be in another category (BT-151).",
        "aucune ligne de facture ne peut relever d'une autre catégorie (BT-151).",
    ),
    (
        "BR-O-13",
        "allowances",
        ["BT-118", "BT-95"],
        "no document level allowance can be in another category (BT-95).",
        "aucune remise au niveau du document ne peut relever d'une autre catégorie (BT-95).",
    ),
    (
        "BR-O-14",
        "charges",
        ["BT-118", "BT-102"],
        "no document level charge can be in another category (BT-102).",
        "aucune charge au niveau du document ne peut relever d'une autre catégorie (BT-102).",
    ),
)

for _id, _place, _bts, _en, _fr in _ONLY_O:
    rule(
        _id,
        bt=_bts,
        en='The VAT breakdown has an entry "not subject to VAT" (category "O"): ' + _en,
        fr="La ventilation de la TVA comporte la catégorie « O » (hors champ de la TVA) : " + _fr,
    )(_only_o(_place))


# BR-B-01, BR-B-02: split payment, Italy only ----------------------------------------------------------------------


def _codes(ctx: Context) -> set[str | None]:
    """Every category code of the invoice; the UBL artefact compares them as written here, spaces included."""
    found = vat_index(ctx)
    codes = found.codes()
    return found.raw_codes(ctx) if "B" in codes and ctx.syntax == "ubl" else codes


def _countries(ctx: Context) -> Iterator[str]:
    """Every country code the invoice gives: addresses, and (outside CII) the items' countries of origin."""
    invoice = ctx.invoice
    parties = (invoice.seller, invoice.buyer, invoice.tax_representative, invoice.delivery)
    for party in parties:
        address = None if party is None else party.address
        if address is not None and address.country_code is not None:
            yield address.country_code
    if ctx.syntax != "cii":
        for line in invoice.lines:
            if line.item is not None and line.item.origin_country is not None:
                yield line.item.origin_country


@rule(
    "BR-B-01",
    bt=["BT-118", "BT-151", "BT-40", "BT-55"],
    en='Split payment (VAT category "B") is for Italian domestic invoices only: every country code of the invoice '
    'must then be "IT".',
    fr="Le paiement scindé (catégorie de TVA « B ») ne vaut que pour les factures italiennes : tous les codes pays "
    "de la facture doivent alors être « IT ».",
)
def split_payment_italy(ctx: Context) -> Hits:
    hits: list[Any] = []
    if "B" in _codes(ctx) and any(country != "IT" for country in _countries(ctx)):
        hits.append(None)
    return hits


@rule(
    "BR-B-02",
    bt=["BT-118", "BT-151", "BT-95", "BT-102"],
    en='An invoice with split payment (VAT category "B") cannot also use the standard rate (VAT category "S").',
    fr="Une facture en paiement scindé (catégorie de TVA « B ») ne peut pas utiliser aussi le taux normal "
    "(catégorie de TVA « S »).",
)
def split_payment_not_standard(ctx: Context) -> Hits:
    hits: list[Any] = []
    codes = _codes(ctx)
    if "B" in codes and "S" in codes:
        hits.append(None)
    return hits
