"""Readers and writers: every syntax in, the model in the middle, every syntax out."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Invoice
from . import cii, ubl
from . import json as json_format
from .document import Document
from .xml import NS, parse

SYNTAXES = ("ubl", "cii", "json")


def detect(data: bytes) -> str:
    """The syntax of ``data``, from its content: ``json``, ``pdf``, or the XML root's namespace."""
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return "json"
    if data[:5] == b"%PDF-":
        return "pdf"
    return "xml"


def _xml_syntax(root: etree._Element, source: str) -> str:
    qname = etree.QName(root)
    if (qname.namespace, qname.localname) in ((NS["ubl"], "Invoice"), (NS["ublcn"], "CreditNote")):
        return "ubl"
    if (qname.namespace, qname.localname) == (NS["rsm"], "CrossIndustryInvoice"):
        return "cii"
    raise InputError(
        f"not an invoice: root element {qname.localname!r} in namespace {qname.namespace or '(none)'!r} "
        "is neither UBL 2.1 Invoice/CreditNote nor CII CrossIndustryInvoice",
        source=source,
    )


def read(data: bytes, source: str = "<input>", *, strict: bool = True) -> Document:
    """Read an invoice in any supported syntax; errors name ``source``.

    ``strict`` (the default, for conversion) stops at a value that does not parse; validation reads leniently,
    so that such a value becomes a finding among the others instead of hiding them.
    """
    kind = detect(data)
    if kind == "json":
        return json_format.read(data, source)
    if kind == "pdf":
        from . import facturx  # pikepdf is loaded only for PDF input

        return facturx.read(data, source, strict=strict)
    root = parse(data, source)
    syntax = _xml_syntax(root, source)
    reader = ubl.read if syntax == "ubl" else cii.read
    return reader(root, source, strict=strict)


def load(path: str | Path) -> bytes:
    """The bytes of the file at ``path``, or a one-line InputError naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror})", source=str(path)) from None


def read_file(path: str | Path, *, strict: bool = True) -> Document:
    return read(load(path), str(path), strict=strict)


def write(invoice: Invoice, syntax: str, *, check_schema: bool = True) -> bytes:
    """Write ``invoice`` in ``syntax``; XML output is checked against its XSD unless told otherwise."""
    if syntax == "json":
        return json_format.write(invoice)
    if syntax == "ubl":
        return ubl.write(invoice, check_schema=check_schema)
    if syntax == "cii":
        return cii.write(invoice, check_schema=check_schema)
    raise ValueError(f"unknown syntax {syntax!r}; expected one of {', '.join(SYNTAXES)}")


__all__ = ["SYNTAXES", "Document", "detect", "load", "read", "read_file", "write"]
