"""The XSD comes first: a document that does not fit its syntax's schema, or whose values do not parse, is refused."""

from __future__ import annotations

import binascii
import copy
from collections.abc import Iterator
from typing import Any

import pybase64
from lxml import etree

from ...formats import xsd
from ...formats.xml import NS
from ..engine import Context, rule

# Attachments (BT-125) are base64 text, often megabytes of it, which libxml2 checks about four times slower than
# Python's C routines read it: a large one that is plainly valid is swapped for a short valid value in a copy of
# the tree before the schema is checked. Anything less plain is left to libxml2, so the verdict never changes.
_BINARY_TAGS = (f"{{{NS['cbc']}}}EmbeddedDocumentBinaryObject", f"{{{NS['ram']}}}AttachmentBinaryObject")
_LARGE = 256 * 1024
_WHITE = b" \t\r\n"
_SYMBOLS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_VALUE = {c: n for n, c in enumerate(_SYMBOLS)}
_PLACEHOLDER = "AAAA"


def plainly_base64(text: str) -> bool:
    """Whether ``text`` is base64 that libxml2 accepts as ``xs:base64Binary``, judged on the plain form only.

    Plain: ASCII base64 symbols, then at most two ``=``, with white space anywhere. libxml2 ignores white space,
    counts the symbols before the first ``=`` and the ``=`` after it, and accepts a count that is a multiple of
    four, or that leaves three (two) symbols before one (two) ``=`` whose last symbol carries no stray bits.
    False for anything else, valid or not: the caller then lets libxml2 decide. pybase64's strict mode checks
    the symbols, the padding and the length in one fast pass; the stray bits are checked here.
    """
    if not text.isascii():
        return False
    data = text.encode("ascii")
    if any(white in data for white in _WHITE):
        data = data.translate(None, _WHITE)
    try:
        pybase64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        return False
    symbols = data.rstrip(b"=")
    pad = len(data) - len(symbols)
    if pad == 0:
        return True
    # The bits of the last symbol that fall beyond the last byte must be zero: two with "=", four with "==".
    return _VALUE[symbols[-1]] & (0x03 if pad == 1 else 0x0F) == 0


def schema_tree(root: etree._Element) -> etree._Element:
    """The tree to check against the XSD: ``root``, or a copy whose large, plainly valid attachments are short."""
    large = []
    for number, element in enumerate(root.iter(*_BINARY_TAGS)):
        text = element.text  # a new string of megabytes at each access: read once
        if text is not None and len(text) > _LARGE and not len(element):
            if not plainly_base64(text):
                return root
            large.append(number)
    if not large:
        return root
    swapped = copy.deepcopy(root)
    binaries = list(swapped.iter(*_BINARY_TAGS))
    for number in large:
        binaries[number].text = _PLACEHOLDER
    return swapped


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
    for path, message in xsd.problems(schema_tree(ctx.root), xsd.schema_for(ctx.root, profile)):
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
