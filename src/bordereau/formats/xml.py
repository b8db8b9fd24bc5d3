"""Shared XML plumbing for the readers and writers: a hardened parser, value parsing, and leftovers.

Every XML document bordereau reads goes through :func:`parse`: no network, no DTD, no entity, bounded
size and depth. A reader takes values through a :class:`Source`, which remembers the elements it used, so
that whatever the model could not hold is reported instead of silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from ..errors import InputError

# Limits on what the parser accepts. libxml2 itself refuses nesting deeper than 256 levels and text nodes
# larger than 10 MB when ``huge_tree`` is off, which it is.
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024
MAX_DEPTH = 256

NS = {
    "ubl": "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
    "ublcn": "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "ext": "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}
_PREFIX_OF = {uri: prefix for prefix, uri in NS.items() if prefix not in ("ubl", "ublcn")}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse(data: bytes, source: str) -> etree._Element:
    """Parse untrusted XML, or raise a one-line :class:`InputError` naming ``source``."""
    if not data or data.isspace():  # not data.strip(), which would copy a document of megabytes
        raise InputError("the file is empty", source=source)
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError(f"the document is larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MB", source=source)
    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data[:65536]:
        raise InputError("a DOCTYPE or entity declaration is not allowed in an invoice", source=source)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML ({_syntax_error(exc)})", source=source) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise InputError("a DOCTYPE or entity declaration is not allowed in an invoice", source=source)
    return root


def _syntax_error(exc: etree.XMLSyntaxError) -> str:
    message = str(exc.msg or exc).strip().rstrip(".")
    if "Excessive depth" in message or "depth" in message.lower():
        return f"nesting deeper than {MAX_DEPTH} levels"
    line = f"line {exc.lineno}: " if exc.lineno else ""
    return f"{line}{message}"


def path_of(element: etree._Element) -> str:
    """A readable XPath of ``element``, with the usual prefixes and a position where siblings repeat."""
    steps = []
    node: Any = element
    while node is not None:
        qname = etree.QName(node)
        prefix = _PREFIX_OF.get(qname.namespace or "")
        name = f"{prefix}:{qname.localname}" if prefix else qname.localname
        parent = node.getparent()
        if parent is not None:
            same = [sibling for sibling in parent.iterchildren(node.tag)]
            if len(same) > 1:
                name += f"[{same.index(node) + 1}]"
        steps.append(name)
        node = parent
    return "/" + "/".join(reversed(steps))


@dataclass(frozen=True, slots=True)
class Malformed:
    """A value that does not parse as its business term's type (a date, a number, base64)."""

    path: str
    bt: str
    value: str
    reason: str


@dataclass(frozen=True, slots=True)
class Unmapped:
    """A piece of the source document that the model has no place for."""

    path: str
    value: str


class Source:
    """A parsed document as a reader sees it: it finds elements and remembers which ones it used."""

    __slots__ = ("malformed", "name", "namespaces", "root", "strict", "used")

    def __init__(self, root: etree._Element, name: str, namespaces: dict[str, str], *, strict: bool = True) -> None:
        self.root = root
        self.name = name
        self.namespaces = namespaces
        self.used: set[etree._Element] = set()
        # Strict: a value that does not parse stops the reading (a conversion must not drop it). Lenient: the
        # value is set aside in ``malformed`` and the field left empty, so that validation can report it.
        self.strict = strict
        self.malformed: list[Malformed] = []

    def find(self, parent: etree._Element | None, path: str) -> etree._Element | None:
        if parent is None:
            return None
        found = parent.find(path, self.namespaces)
        if found is not None:
            self.used.add(found)
        return found

    def findall(self, parent: etree._Element | None, path: str) -> list[etree._Element]:
        if parent is None:
            return []
        found = parent.findall(path, self.namespaces)
        self.used.update(found)
        return found

    def text(self, parent: etree._Element | None, path: str) -> str | None:
        found = self.find(parent, path)
        return found.text.strip() if found is not None and found.text is not None else None

    def texts(self, parent: etree._Element | None, path: str) -> list[str]:
        return [(e.text or "").strip() for e in self.findall(parent, path)]

    def decimal(self, parent: etree._Element | None, path: str, bt: str) -> Decimal | None:
        found = self.find(parent, path)
        return None if found is None else self.to_decimal(found, bt)

    def to_decimal(self, element: etree._Element, bt: str) -> Decimal | None:
        text = (element.text or "").strip()
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite():
            return self.problem(element, bt, f"{text!r} is not a decimal number")
        return value

    def date(self, parent: etree._Element | None, path: str, bt: str, compact: bool = False) -> date | None:
        found = self.find(parent, path)
        if found is None:
            return None
        return self.to_date(found, bt, compact)

    def to_date(self, element: etree._Element, bt: str, compact: bool = False) -> date | None:
        text = (element.text or "").strip()
        if not text:
            return None
        try:
            if compact and len(text) == 8 and text.isdigit():
                return date(int(text[:4]), int(text[4:6]), int(text[6:]))
            if not compact and len(text) == 10 and text[4] == "-":
                return date.fromisoformat(text)
            raise ValueError(text)
        except ValueError:
            expected = "YYYYMMDD" if compact else "YYYY-MM-DD"
            return self.problem(element, bt, f"{text!r} is not a date ({expected})")

    def problem(self, element: etree._Element, bt: str, reason: str) -> None:
        """A value that cannot be read: an error when strict, else set aside (the field stays empty)."""
        if self.strict:
            raise self.error(element, bt, reason)
        self.malformed.append(Malformed(path_of(element), bt, (element.text or "").strip(), reason))

    def error(self, element: etree._Element, bt: str, reason: str) -> InputError:
        return InputError(reason, source=self.name, field=f"{bt} at {path_of(element)}")

    def unmapped(self) -> list[Unmapped]:
        """Leaf elements that carry a value and that no reader took."""
        left = []
        for element in self.root.iter(etree.Element):
            if len(element) or element in self.used:
                continue
            value = (element.text or "").strip()
            if value or element.attrib:
                left.append(Unmapped(path_of(element), value))
        return left


def sub(parent: etree._Element, tag: str, text: Any = None, **attrib: str | None) -> etree._Element:
    """Append ``<tag>`` (``prefix:name``) to ``parent``; attributes whose value is None are left out."""
    prefix, _, local = tag.partition(":")
    element = etree.SubElement(parent, f"{{{NS[prefix]}}}{local}")
    if text is not None:
        element.text = format(text, "f") if isinstance(text, Decimal) else str(text)
    for key, value in attrib.items():
        if value is not None:
            element.set(key, value)
    return element


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
