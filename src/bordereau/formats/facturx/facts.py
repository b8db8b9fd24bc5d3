"""What a PDF is, as far as PDF/A-3 and Factur-X care: read once with pikepdf, judged later by the FX rules.

The reader keeps these facts on the :class:`~bordereau.formats.document.Document` it returns, so that the rules
need not reopen the file; the ERP path uses them to refuse a PDF that cannot honestly become PDF/A-3.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import pikepdf
from lxml import etree

from ...errors import InputError
from ..cii_profile import FACTURX_NS
from ..xml import MAX_DOCUMENT_BYTES, parse

# The names a Factur-X / ZUGFeRD / XRechnung PDF gives its XML, in order of preference.
XML_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "ZUGFeRD-invoice.xml")
RELATIONSHIPS_FOR_DATA = frozenset({"Data", "Alternative", "Source"})

XMP_NAMESPACES = {
    "http://www.aiim.org/pdfa/ns/id/": "pdfaid",
    FACTURX_NS: "fx",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://ns.adobe.com/pdf/1.3/": "pdf",
    "http://ns.adobe.com/xap/1.0/": "xmp",
}
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_SCHEMA_NS = "http://www.aiim.org/pdfa/ns/schema#"
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_EMBEDDING_SUBTYPES = frozenset({"/Type1", "/MMType1", "/TrueType", "/CIDFontType0", "/CIDFontType2"})


@dataclass(slots=True)
class EmbeddedXml:
    """The invoice XML found in the PDF, and how it is attached."""

    name: str
    data: bytes
    found_by: str  # "af": through the catalog's /AF; "name": only by its file name
    relationship: str | None
    subtype: str | None
    has_size: bool
    has_mod_date: bool


@dataclass(slots=True)
class PdfFacts:
    version: str = ""
    encrypted: bool = False
    actions: list[str] = field(default_factory=list)  # JavaScript, Launch, additional actions: where
    unembedded_fonts: list[str] = field(default_factory=list)
    output_intents: list[tuple[str, bool]] = field(default_factory=list)  # (subtype, has a destination profile)
    xmp: dict[str, str] | None = None
    xmp_error: str | None = None
    extension_schemas: set[str] = field(default_factory=set)
    info: dict[str, str] = field(default_factory=dict)
    attachment_names: list[str] = field(default_factory=list)
    catalog_af: int = 0  # number of entries in the catalog's /AF
    xml: EmbeddedXml | None = None


def _name(value: object) -> str | None:
    return str(value)[1:] if isinstance(value, pikepdf.Name) else None


def _fonts(pdf: pikepdf.Pdf) -> list[str]:
    missing: list[str] = []
    seen: set[tuple[int, int]] = set()

    def check(font: pikepdf.Object) -> None:
        if not isinstance(font, pikepdf.Dictionary):
            return
        if font.is_indirect:
            if font.objgen in seen:
                return
            seen.add(font.objgen)
        subtype = str(font.get("/Subtype", ""))
        if subtype == "/Type0":
            for descendant in font.get("/DescendantFonts", []):
                check(descendant)
            return
        if subtype not in _EMBEDDING_SUBTYPES:
            return  # Type3 fonts draw their glyphs with content streams
        descriptor = font.get("/FontDescriptor")
        if not isinstance(descriptor, pikepdf.Dictionary) or not any(key in descriptor for key in _FONT_FILES):
            missing.append(str(font.get("/BaseFont", "(unnamed)")).lstrip("/"))

    for page in pdf.pages:
        # On a page, the fonts its content selects (Tf); in forms and annotations, all of them (not parsed).
        try:
            used = {str(operands[0]) for operands, _ in pikepdf.parse_content_stream(page, "Tf") if operands}
        except pikepdf.PdfError:
            used = None
        fonts = _resource_fonts(page.obj)
        for key in fonts or ():
            if used is None or key in used:
                check(fonts[key])
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == pikepdf.Name.Form:
            fonts = _resource_fonts(obj)
            for key in fonts or ():
                check(fonts[key])
    return sorted(set(missing))


def _resource_fonts(holder: pikepdf.Object) -> pikepdf.Dictionary | None:
    resources = holder.get("/Resources")
    fonts = resources.get("/Font") if isinstance(resources, pikepdf.Dictionary) else None
    return fonts if isinstance(fonts, pikepdf.Dictionary) else None


def _actions(pdf: pikepdf.Pdf) -> list[str]:
    found: list[str] = []
    names = pdf.Root.get("/Names")
    if isinstance(names, pikepdf.Dictionary) and "/JavaScript" in names:
        found.append("document-level JavaScript (/Names /JavaScript)")
    if "/AA" in pdf.Root:
        found.append("additional actions on the document (/AA)")
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary | pikepdf.Array):
            _scan_actions(obj, obj.objgen[0], found, 0)
    return found


def _scan_actions(obj: pikepdf.Object, number: int, found: list[str], depth: int) -> None:
    """Actions in ``obj`` and the direct objects inside it (indirect ones are scanned on their own)."""
    if depth > 32:
        return
    if isinstance(obj, pikepdf.Dictionary):
        kind = obj.get("/S")
        if kind in (pikepdf.Name.JavaScript, pikepdf.Name.Launch):
            found.append(f"{str(kind)[1:]} action in object {number}")
        elif "/JS" in obj:
            found.append(f"JavaScript in object {number}")
        elif "/AA" in obj and obj.get("/Type") in (pikepdf.Name.Page, pikepdf.Name.Annot):
            found.append(f"additional actions in object {number}")
        children = [obj[key] for key in obj.keys()]  # noqa: SIM118 (pikepdf dictionaries iterate keys this way)
    elif isinstance(obj, pikepdf.Array):
        children = list(obj)
    else:
        return
    for child in children:
        if isinstance(child, pikepdf.Dictionary | pikepdf.Array) and not child.is_indirect:
            _scan_actions(child, number, found, depth + 1)


def _text(node: etree._Element) -> str:
    items = [(li.text or "").strip() for li in node.iter(f"{{{_RDF}}}li")]
    return items[0] if items else (node.text or "").strip()


def _xmp(pdf: pikepdf.Pdf, facts: PdfFacts) -> None:
    stream = pdf.Root.get("/Metadata")
    if not isinstance(stream, pikepdf.Stream):
        return
    try:
        root = parse(stream.read_bytes(), "XMP metadata")
    except (InputError, pikepdf.PdfError) as exc:
        facts.xmp_error = str(exc)
        return
    values: dict[str, str] = {}
    for description in root.iter(f"{{{_RDF}}}Description"):
        for key, value in description.attrib.items():
            qname = etree.QName(key)
            prefix = XMP_NAMESPACES.get(qname.namespace or "")
            if prefix:
                values.setdefault(f"{prefix}:{qname.localname}", value.strip())
        for child in description:
            if not isinstance(child.tag, str):
                continue
            qname = etree.QName(child)
            prefix = XMP_NAMESPACES.get(qname.namespace or "")
            if prefix:
                values.setdefault(f"{prefix}:{qname.localname}", _text(child))
    for node in root.iter(f"{{{_SCHEMA_NS}}}namespaceURI"):
        facts.extension_schemas.add((node.text or "").strip())
    for node in root.iter():
        uri = node.get(f"{{{_SCHEMA_NS}}}namespaceURI") if isinstance(node.tag, str) else None
        if uri:
            facts.extension_schemas.add(uri.strip())
    facts.xmp = values


def read_stream(stream: pikepdf.Stream, source: str) -> bytes:
    """The decoded data of an embedded file, refusing more than the XML size limit (no decompression bomb)."""
    filters = stream.get("/Filter")
    if filters == pikepdf.Name.FlateDecode and "/DecodeParms" not in stream:
        decompressor = zlib.decompressobj()
        try:
            data = decompressor.decompress(stream.read_raw_bytes(), MAX_DOCUMENT_BYTES + 1)
        except zlib.error:
            raise InputError("the embedded invoice XML is damaged (bad compressed data)", source=source) from None
    else:
        data = stream.read_bytes()
    if len(data) > MAX_DOCUMENT_BYTES:
        raise InputError("the embedded invoice XML is larger than the size limit", source=source)
    return data


def _spec_name(spec: pikepdf.Dictionary) -> str:
    for key in ("/UF", "/F"):
        if key in spec:
            return str(spec[key])
    return ""


def _embedded(spec: pikepdf.Dictionary, found_by: str, source: str) -> EmbeddedXml | None:
    files = spec.get("/EF")
    if not isinstance(files, pikepdf.Dictionary):
        return None
    stream = files.get("/UF", files.get("/F"))
    if not isinstance(stream, pikepdf.Stream):
        return None
    params = stream.get("/Params")
    params = params if isinstance(params, pikepdf.Dictionary) else pikepdf.Dictionary()
    return EmbeddedXml(
        name=_spec_name(spec),
        data=read_stream(stream, source),
        found_by=found_by,
        relationship=_name(spec.get("/AFRelationship")),
        subtype=_name(stream.get("/Subtype")),
        has_size="/Size" in params,
        has_mod_date="/ModDate" in params,
    )


def _rank(name: str) -> int:
    lowered = name.lower()
    for index, known in enumerate(XML_NAMES):
        if lowered == known.lower():
            return index
    return len(XML_NAMES) if lowered.endswith(".xml") else len(XML_NAMES) + 1


def _find_xml(pdf: pikepdf.Pdf, facts: PdfFacts, source: str) -> None:
    """The invoice XML: first through the catalog's /AF (by relationship), then by its name."""
    af = pdf.Root.get("/AF")
    candidates: list[pikepdf.Dictionary] = []
    if isinstance(af, pikepdf.Array):
        facts.catalog_af = len(af)
        candidates = [s for s in af if isinstance(s, pikepdf.Dictionary) and _rank(_spec_name(s)) <= len(XML_NAMES)]
        with_data = [s for s in candidates if _name(s.get("/AFRelationship")) in RELATIONSHIPS_FOR_DATA]
        for spec in sorted(with_data or candidates, key=lambda s: _rank(_spec_name(s))):
            found = _embedded(spec, "af", source)
            if found is not None:
                facts.xml = found
                return
    for name in sorted(facts.attachment_names, key=_rank):
        if _rank(name) < len(XML_NAMES):
            found = _embedded(pdf.attachments[name].obj, "name", source)
            if found is not None:
                facts.xml = found
                return


def collect(pdf: pikepdf.Pdf, source: str) -> PdfFacts:
    facts = PdfFacts(version=pdf.pdf_version, encrypted=pdf.is_encrypted)
    facts.unembedded_fonts = _fonts(pdf)
    facts.actions = _actions(pdf)
    for intent in pdf.Root.get("/OutputIntents", []):
        if isinstance(intent, pikepdf.Dictionary):
            facts.output_intents.append((str(intent.get("/S", "")).lstrip("/"), "/DestOutputProfile" in intent))
    _xmp(pdf, facts)
    facts.info = {str(key)[1:]: str(value) for key, value in pdf.docinfo.items()} if "/Info" in pdf.trailer else {}
    try:
        facts.attachment_names = list(pdf.attachments.keys())
    except (pikepdf.PdfError, ValueError, TypeError):
        facts.attachment_names = []
    _find_xml(pdf, facts, source)
    return facts
