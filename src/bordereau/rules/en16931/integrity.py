"""Integrity rules BR-01 … BR-65: what an invoice must contain."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..engine import Context, rule


@rule(
    "BR-01",
    bt=["BT-24"],
    fr="La facture doit indiquer l'identifiant de spécification (BT-24).",
    en="The invoice must state its specification identifier (BT-24).",
)
def specification_identifier(ctx: Context) -> Iterator[Any]:
    if not ctx.invoice.process.specification_id:
        yield None


@rule(
    "BR-02",
    bt=["BT-1"],
    fr="La facture doit porter un numéro (BT-1).",
    en="The invoice must have an invoice number (BT-1).",
)
def invoice_number(ctx: Context) -> Iterator[Any]:
    if not ctx.invoice.number:
        yield None
