"""The references Chorus Pro files an invoice by (BR-CPRO-06 … 11): its number, its billing framework, the buyer's
service and the legal engagement; and, given the buyer's directory entry, what that buyer requires
(BR-CPRO-25 … 32)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Invoice
from ..engine import Context
from .common import (
    BILLING_FRAMEWORKS,
    ENGAGEMENT_MAX,
    NUMBER_CHARACTERS,
    NUMBER_MAX,
    SERVICE_CODE_MAX,
    buyer_ids,
    chorus_rule,
    sirets,
)
from .directory import PUBLIC_INVOICES_SERVICE, DirectoryEntry


@chorus_rule(
    "BR-CPRO-06",
    bt=["BT-1"],
    fr="Le numéro de facture (BT-1) « {value} » dépasse les 20 caractères que Chorus Pro conserve.",
    en="The invoice number (BT-1) '{value}' is longer than the 20 characters Chorus Pro keeps.",
)
def number_length(ctx: Context) -> Iterator[Any]:
    number = ctx.invoice.number
    if number is not None and len(number) > NUMBER_MAX:
        yield None, {"value": number}


@chorus_rule(
    "BR-CPRO-07",
    bt=["BT-1"],
    fr="Le numéro de facture (BT-1) « {value} » ne peut contenir que des lettres sans accent, des chiffres et les "
    "signes - _ / +, sans espace.",
    en="The invoice number (BT-1) '{value}' may only hold unaccented letters, digits and - _ / +, with no space.",
)
def number_characters(ctx: Context) -> Iterator[Any]:
    number = ctx.invoice.number
    if number and not NUMBER_CHARACTERS.fullmatch(number):
        yield None, {"value": number}


@chorus_rule(
    "BR-CPRO-08",
    bt=["BT-23"],
    fr="Le cadre de facturation (BT-23) « {value} » n'est pas un cadre de Chorus Pro (A1 à A25 ; absent, A1).",
    en="The billing framework (BT-23) '{value}' is not one of Chorus Pro's (A1 to A25; absent means A1).",
)
def billing_framework(ctx: Context) -> Iterator[Any]:
    framework = ctx.invoice.process.business_process_type
    if framework is not None and framework not in BILLING_FRAMEWORKS:
        yield ctx.invoice.process, {"value": framework}


def _service_code(invoice: Invoice) -> str:
    return (invoice.buyer_reference or "").strip()


def _engagement(invoice: Invoice) -> str:
    return (invoice.purchase_order_reference or "").strip()


@chorus_rule(
    "BR-CPRO-09",
    bt=["BT-10"],
    fr="Le code service (BT-10) dépasse 100 caractères.",
    en="The service code (BT-10) is longer than 100 characters.",
)
def service_code_length(ctx: Context) -> Iterator[Any]:
    if len(_service_code(ctx.invoice)) > SERVICE_CODE_MAX:
        yield None


@chorus_rule(
    "BR-CPRO-10",
    bt=["BT-13"],
    fr="Le numéro d'engagement (BT-13) « {value} » dépasse 50 caractères.",
    en="The engagement number (BT-13) '{value}' is longer than 50 characters.",
)
def engagement_length(ctx: Context) -> Iterator[Any]:
    engagement = _engagement(ctx.invoice)
    if len(engagement) > ENGAGEMENT_MAX:
        yield None, {"value": engagement}


@chorus_rule(
    "BR-CPRO-11",
    bt=["BT-10"],
    fr="Le code service FACTURES_PUBLIQUES (BT-10) est réservé aux factures entre entités publiques : donnez le "
    "code du service destinataire.",
    en="The service code FACTURES_PUBLIQUES (BT-10) is reserved for invoices between public entities: give the "
    "code of the receiving service.",
)
def public_invoices_service(ctx: Context) -> Iterator[Any]:
    if _service_code(ctx.invoice) == PUBLIC_INVOICES_SERVICE:
        yield None


# --- what the buyer's directory entry requires ---------------------------------------------------------------------


def _entry(ctx: Context) -> DirectoryEntry | None:
    return DirectoryEntry.coerce(ctx.options.get("directory"))


@chorus_rule(
    "BR-CPRO-25",
    bt=["BT-46"],
    fr="La structure publique {value} n'est pas active dans Chorus Pro : elle ne peut recevoir de facture.",
    en="The public structure {value} is not active in Chorus Pro: it cannot receive invoices.",
)
def structure_active(ctx: Context) -> Iterator[Any]:
    entry = _entry(ctx)
    if entry is not None and not entry.active:
        yield ctx.invoice.buyer, {"value": entry.siret}


@chorus_rule(
    "BR-CPRO-26",
    bt=["BT-46", "BT-47", "BT-49"],
    severity="warning",
    fr="L'entrée d'annuaire fournie ({value}) n'est pas celle de l'acheteur de la facture : ses exigences ne "
    "s'appliquent peut-être pas.",
    en="The directory entry given ({value}) is not the invoice's buyer's: its requirements may not apply.",
)
def entry_is_the_buyers(ctx: Context) -> Iterator[Any]:
    entry = _entry(ctx)
    found = sirets(buyer_ids(ctx.invoice))
    if entry is not None and found and entry.siret not in found:
        yield ctx.invoice.buyer, {"value": entry.siret}


@chorus_rule(
    "BR-CPRO-27",
    bt=["BT-10"],
    fr="La structure publique {value} exige un code service (BT-10).",
    en="The public structure {value} requires a service code (BT-10).",
)
def service_required(ctx: Context) -> Iterator[Any]:
    entry = _entry(ctx)
    if entry is not None and entry.service_required and not _service_code(ctx.invoice):
        yield None, {"value": entry.siret}


@chorus_rule(
    "BR-CPRO-28",
    bt=["BT-13"],
    fr="La structure publique {value} exige un numéro d'engagement (BT-13).",
    en="The public structure {value} requires an engagement number (BT-13).",
)
def engagement_required(ctx: Context) -> Iterator[Any]:
    entry = _entry(ctx)
    if entry is not None and entry.engagement_required and not _engagement(ctx.invoice):
        yield None, {"value": entry.siret}


@chorus_rule(
    "BR-CPRO-29",
    bt=["BT-10", "BT-13"],
    fr="La structure publique {value} exige un code service (BT-10) ou un numéro d'engagement (BT-13).",
    en="The public structure {value} requires a service code (BT-10) or an engagement number (BT-13).",
)
def service_or_engagement(ctx: Context) -> Iterator[Any]:
    entry = _entry(ctx)
    invoice = ctx.invoice
    if entry is not None and entry.service_or_engagement and not (_service_code(invoice) or _engagement(invoice)):
        yield None, {"value": entry.siret}


@chorus_rule(
    "BR-CPRO-30",
    bt=["BT-10"],
    fr="Le service « {value} » (BT-10) n'existe pas dans la structure publique destinataire.",
    en="The service '{value}' (BT-10) does not exist in the receiving public structure.",
)
def service_exists(ctx: Context) -> Iterator[Any]:
    entry = _entry(ctx)
    code = _service_code(ctx.invoice)
    if entry is not None and entry.services is not None and code and entry.service(code) is None:
        yield None, {"value": code}


@chorus_rule(
    "BR-CPRO-31",
    bt=["BT-10"],
    fr="Le service « {value} » (BT-10) de la structure publique destinataire n'est pas actif.",
    en="The service '{value}' (BT-10) of the receiving public structure is not active.",
)
def service_active(ctx: Context) -> Iterator[Any]:
    entry = _entry(ctx)
    code = _service_code(ctx.invoice)
    service = entry.service(code) if entry is not None and code else None
    if service is not None and not service.active:
        yield None, {"value": code}


@chorus_rule(
    "BR-CPRO-32",
    bt=["BT-10", "BT-13"],
    fr="Le service « {value} » (BT-10) exige un numéro d'engagement (BT-13).",
    en="The service '{value}' (BT-10) requires an engagement number (BT-13).",
)
def service_engagement(ctx: Context) -> Iterator[Any]:
    entry = _entry(ctx)
    code = _service_code(ctx.invoice)
    service = entry.service(code) if entry is not None and code else None
    if service is not None and service.engagement_required and not _engagement(ctx.invoice):
        yield None, {"value": code}
