"""Attachments (BG-24, BT-125), by the rules Chorus Pro publishes for them (BR-CPRO-19 … 24): at most 10 MB each, at
most 120 MB for an invoice and its attachments (30 MB for an XML deposit), a file name of at most 50 characters
with one of the accepted extensions, and never an empty file.

Chorus Pro publishes no limit on the number of attachments: the size limits bound it. The totals count the
attachments, which make up nearly all of a dossier's weight (OCA keeps 2 MB for the invoice itself).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...model import Invoice, SupportingDocument
from ..engine import Context
from .common import (
    ATTACHMENT_EXTENSIONS,
    ATTACHMENT_MAX,
    ATTACHMENT_NAME_MAX,
    DOSSIER_MAX,
    MEGABYTE,
    XML_DEPOSIT_MAX,
    chorus_rule,
)


def _attached(invoice: Invoice) -> list[SupportingDocument]:
    return [d for d in invoice.supporting_documents if d.attachment is not None]


def _size(document: SupportingDocument) -> int:
    return len(document.attachment.content) if document.attachment is not None else 0


def _megabytes(size: int) -> str:
    return f"{size / MEGABYTE:.1f}"


def _name(document: SupportingDocument) -> str:
    attachment = document.attachment
    return (attachment.filename or "").strip() if attachment is not None else ""


@chorus_rule(
    "BR-CPRO-19",
    bt=["BT-125"],
    fr="La pièce jointe « {name} » pèse {size} Mo : Chorus Pro n'accepte pas plus de 10 Mo par pièce jointe.",
    en="The attachment '{name}' weighs {size} MB: Chorus Pro accepts at most 10 MB per attachment.",
)
def attachment_size(ctx: Context) -> Iterator[Any]:
    for document in _attached(ctx.invoice):
        if _size(document) > ATTACHMENT_MAX:
            yield document, {"name": _name(document), "size": _megabytes(_size(document))}


def _total(invoice: Invoice) -> int:
    return sum(_size(d) for d in _attached(invoice))


@chorus_rule(
    "BR-CPRO-20",
    bt=["BT-125"],
    fr="Les pièces jointes pèsent {size} Mo en tout : Chorus Pro n'accepte pas plus de 120 Mo pour une facture et "
    "ses pièces jointes.",
    en="The attachments weigh {size} MB in all: Chorus Pro accepts at most 120 MB for an invoice and its attachments.",
)
def dossier_size(ctx: Context) -> Iterator[Any]:
    total = _total(ctx.invoice)
    if total > DOSSIER_MAX:
        yield None, {"size": _megabytes(total)}


@chorus_rule(
    "BR-CPRO-21",
    bt=["BT-125"],
    severity="warning",
    fr="Les pièces jointes pèsent {size} Mo en tout : un dépôt XML sur Chorus Pro est limité à 30 Mo.",
    en="The attachments weigh {size} MB in all: an XML deposit on Chorus Pro is limited to 30 MB.",
)
def xml_deposit_size(ctx: Context) -> Iterator[Any]:
    total = _total(ctx.invoice)
    if XML_DEPOSIT_MAX < total <= DOSSIER_MAX:
        yield None, {"size": _megabytes(total)}


@chorus_rule(
    "BR-CPRO-22",
    bt=["BT-125"],
    fr="Le nom de la pièce jointe « {name} » dépasse 50 caractères, extension comprise.",
    en="The attachment name '{name}' is longer than 50 characters, extension included.",
)
def attachment_name_length(ctx: Context) -> Iterator[Any]:
    for document in _attached(ctx.invoice):
        if len(_name(document)) > ATTACHMENT_NAME_MAX:
            yield document, {"name": _name(document)}


def _extension(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.upper() if dot and stem else ""


@chorus_rule(
    "BR-CPRO-23",
    bt=["BT-125"],
    fr="La pièce jointe « {name} » n'a pas une extension acceptée par Chorus Pro (PDF, XML, JPG, PNG, ODT, DOCX, "
    "XLSX, CSV, ZIP …).",
    en="The attachment '{name}' does not have an extension Chorus Pro accepts (PDF, XML, JPG, PNG, ODT, DOCX, XLSX, "
    "CSV, ZIP …).",
)
def attachment_extension(ctx: Context) -> Iterator[Any]:
    for document in _attached(ctx.invoice):
        if _extension(_name(document)) not in ATTACHMENT_EXTENSIONS:
            yield document, {"name": _name(document)}


@chorus_rule(
    "BR-CPRO-24",
    bt=["BT-125"],
    fr="La pièce jointe « {name} » est vide.",
    en="The attachment '{name}' is empty.",
)
def attachment_not_empty(ctx: Context) -> Iterator[Any]:
    for document in _attached(ctx.invoice):
        if _size(document) == 0:
            yield document, {"name": _name(document)}
