"""PDF/A-3b plumbing shared by the legible PDF and Factur-X: output intent, XMP and Info, attachments, saving.

PDF/A-3 (ISO 19005-3) asks, among other things, for an ICC output intent, XMP metadata that declares the part and
conformance and agrees with the document Info dictionary, and, for attached files, a file specification listed in
the catalog's ``/AF`` with an ``/AFRelationship``. Everything here works on a :class:`pikepdf.Pdf`.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, Stream, String

from .. import __version__
from .cii_profile import FACTURX_NS

ASSETS = Path(__file__).resolve().parent / "assets"
ICC_PROFILE = ASSETS / "sRGB2014.icc"
OUTPUT_CONDITION = "sRGB IEC61966-2.1"
PRODUCER = f"bordereau {__version__}"


@cache
def icc_profile() -> tuple[bytes, int]:
    """The sRGB profile, compressed, and its size."""
    data = ICC_PROFILE.read_bytes()
    return zlib.compress(data, 9), len(data)


def pdf_date(moment: datetime) -> str:
    """A PDF date string, ``D:YYYYMMDDHHmmSS+HH'mm'``."""
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{minutes // 60:02d}'{minutes % 60:02d}'"


def xmp_date(moment: datetime) -> str:
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{moment:%Y-%m-%dT%H:%M:%S}{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True, slots=True)
class FacturXInfo:
    """What the Factur-X extension schema declares in the XMP."""

    conformance_level: str  # MINIMUM, BASIC WL, BASIC, EN 16931, EXTENDED
    document_file_name: str = "factur-x.xml"
    document_type: str = "INVOICE"
    version: str = "1.0"


@dataclass(frozen=True, slots=True)
class Metadata:
    """The document's metadata, written identically to the Info dictionary and to the XMP."""

    title: str
    author: str
    subject: str
    keywords: str
    created: datetime
    modified: datetime
    creator: str = PRODUCER
    producer: str = PRODUCER


def add_output_intent(pdf: pikepdf.Pdf) -> None:
    """The sRGB output intent PDF/A needs for device colours (left alone when the file already has one)."""
    if "/OutputIntents" in pdf.Root and len(pdf.Root.OutputIntents):
        return
    data, _ = icc_profile()
    profile = Stream(pdf, data)
    profile.Filter = Name.FlateDecode
    profile.N = 3
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFA1,
        OutputConditionIdentifier=String(OUTPUT_CONDITION),
        Info=String(OUTPUT_CONDITION),
        RegistryName=String("http://www.color.org"),
        DestOutputProfile=pdf.make_indirect(profile),
    )
    pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])


def _alt(text: str) -> str:
    return f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(text)}</rdf:li></rdf:Alt>'


_FX_PROPERTIES = (
    ("DocumentFileName", "The name of the embedded XML invoice file"),
    ("DocumentType", "The type of the hybrid document: INVOICE"),
    ("Version", "The version of the Factur-X XML schema"),
    ("ConformanceLevel", "The Factur-X profile the embedded XML follows"),
)


def xmp(meta: Metadata, facturx: FacturXInfo | None = None) -> bytes:
    """The XMP packet: PDF/A identification, Dublin Core, PDF and XMP basics, and the Factur-X schema."""
    parts = [
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
        '<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">',
        "<pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>",
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">',
        "<dc:format>application/pdf</dc:format>",
        f"<dc:title>{_alt(meta.title)}</dc:title>",
        f"<dc:creator><rdf:Seq><rdf:li>{escape(meta.author)}</rdf:li></rdf:Seq></dc:creator>",
        f"<dc:description>{_alt(meta.subject)}</dc:description>",
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">',
        f"<pdf:Producer>{escape(meta.producer)}</pdf:Producer><pdf:Keywords>{escape(meta.keywords)}</pdf:Keywords>",
        "</rdf:Description>",
        '<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">',
        f"<xmp:CreatorTool>{escape(meta.creator)}</xmp:CreatorTool>",
        f"<xmp:CreateDate>{xmp_date(meta.created)}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{xmp_date(meta.modified)}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{xmp_date(meta.modified)}</xmp:MetadataDate>",
        "</rdf:Description>",
    ]
    if facturx is not None:
        parts += [
            f'<rdf:Description rdf:about="" xmlns:fx="{FACTURX_NS}">',
            f"<fx:DocumentType>{escape(facturx.document_type)}</fx:DocumentType>",
            f"<fx:DocumentFileName>{escape(facturx.document_file_name)}</fx:DocumentFileName>",
            f"<fx:Version>{escape(facturx.version)}</fx:Version>",
            f"<fx:ConformanceLevel>{escape(facturx.conformance_level)}</fx:ConformanceLevel>",
            "</rdf:Description>",
            '<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"'
            ' xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"'
            ' xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">',
            '<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">',
            "<pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>",
            f"<pdfaSchema:namespaceURI>{FACTURX_NS}</pdfaSchema:namespaceURI>",
            "<pdfaSchema:prefix>fx</pdfaSchema:prefix>",
            "<pdfaSchema:property><rdf:Seq>",
        ]
        for name, description in _FX_PROPERTIES:
            parts += [
                '<rdf:li rdf:parseType="Resource">',
                f"<pdfaProperty:name>{name}</pdfaProperty:name>",
                "<pdfaProperty:valueType>Text</pdfaProperty:valueType>",
                "<pdfaProperty:category>external</pdfaProperty:category>",
                f"<pdfaProperty:description>{description}</pdfaProperty:description>",
                "</rdf:li>",
            ]
        parts += [
            "</rdf:Seq></pdfaSchema:property>",
            "</rdf:li></rdf:Bag></pdfaExtension:schemas>",
            "</rdf:Description>",
        ]
    parts += ["</rdf:RDF>", "</x:xmpmeta>", '<?xpacket end="w"?>']
    return "\n".join(parts).encode("utf-8")


def set_metadata(pdf: pikepdf.Pdf, meta: Metadata, facturx: FacturXInfo | None = None) -> None:
    """Write ``meta`` to the Info dictionary and the XMP stream (uncompressed, as PDF/A wants it)."""
    info = Dictionary(
        Title=String(meta.title),
        Author=String(meta.author),
        Subject=String(meta.subject),
        Keywords=String(meta.keywords),
        Creator=String(meta.creator),
        Producer=String(meta.producer),
        CreationDate=String(pdf_date(meta.created)),
        ModDate=String(pdf_date(meta.modified)),
    )
    pdf.trailer.Info = pdf.make_indirect(info)
    stream = Stream(pdf, xmp(meta, facturx))
    stream.Type = Name.Metadata
    stream.Subtype = Name.XML
    pdf.Root.Metadata = pdf.make_indirect(stream)


def attach(
    pdf: pikepdf.Pdf,
    name: str,
    data: bytes,
    *,
    mime: str,
    relationship: str,
    description: str,
    modified: datetime,
) -> None:
    """Embed ``data`` as an associated file: in the EmbeddedFiles name tree and in the catalog's ``/AF``."""
    embedded = Stream(pdf, zlib.compress(data, 6))
    embedded.Filter = Name.FlateDecode
    embedded.Type = Name.EmbeddedFile
    embedded.Subtype = Name("/" + mime)  # qpdf writes the slash as #2F
    embedded.Params = Dictionary(Size=len(data), ModDate=String(pdf_date(modified)))
    spec = pdf.make_indirect(
        Dictionary(
            Type=Name.Filespec,
            F=String(name),
            UF=String(name),
            Desc=String(description),
            AFRelationship=Name("/" + relationship),
            EF=Dictionary(F=pdf.make_indirect(embedded), UF=pdf.make_indirect(embedded)),
        )
    )
    root = pdf.Root
    if "/Names" not in root:
        root.Names = Dictionary()
    if "/EmbeddedFiles" not in root.Names:
        root.Names.EmbeddedFiles = NameTree.new(pdf).obj
    NameTree(root.Names.EmbeddedFiles)[name] = spec
    if "/AF" not in root:
        root.AF = Array()
    root.AF.append(spec)


def save(pdf: pikepdf.Pdf) -> bytes:
    """The file's bytes: streams kept as they are (already compressed where it helps), no metadata rewriting."""
    out = io.BytesIO()
    pdf.save(
        out,
        min_version="1.7",
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        compress_streams=False,
        fix_metadata_version=False,
    )
    return out.getvalue()
