"""The XSD comes first: a document that does not fit its syntax's schema, or whose values do not parse, is refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...formats import xsd
from ..engine import Context, rule


@rule(
    "XSD",
    syntax=("ubl", "cii"),
    fr="Le document n'est pas conforme au schéma XSD de sa syntaxe : {detail}",
    en="The document does not conform to its syntax's XSD: {detail}",
)
def schema_valid(ctx: Context) -> Iterator[Any]:
    if ctx.root is None:
        return
    profile = xsd.PROFILE_OF_GUIDELINE.get(ctx.invoice.process.specification_id or "", "en16931")
    for path, message in xsd.problems(ctx.root, xsd.schema_for(ctx.root, profile)):
        yield path, {"detail": message}


@rule(
    "FORMAT",
    syntax=("ubl", "cii"),
    fr="La valeur « {value} » de {bt} ne peut pas être lue : {reason}.",
    en="The value '{value}' of {bt} cannot be read: {reason}.",
)
def readable_values(ctx: Context) -> Iterator[Any]:
    """Values the reader set aside (a date or a number that does not parse), which the XSD may not catch in CII."""
    for item in ctx.document.malformed:
        yield item.path, {"value": item.value, "bt": item.bt, "reason": item.reason}
