"""Drawn pages to the bytes of a PDF/A-3b file, with optional associated files (the Factur-X XML).

Why a serializer of our own: the file bordereau makes from its own layout always has the same shape (catalog,
two embedded fonts, output intent, metadata, pages, attachments), and most of it is the same bytes for every
invoice. Writing it directly keeps rendering at a few milliseconds; handing it to pikepdf to save costs more
than the rest of the rendering together, because qpdf re-serialises the fonts' width arrays each time (see
the README). pikepdf still does every job on PDFs that come from elsewhere (an ERP's PDF, a received
Factur-X) and checks what this module writes in the tests.

Fonts are Type 0 (CIDFontType2, ``Identity-H``) with the TrueType program embedded as ``/FontFile2`` and a
ToUnicode map. Object numbers 1 to ``FIRST_FREE - 1`` are fixed, so the font objects are cached as bytes.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

from .. import pdfa
from .fonts import BOLD, REGULAR, FontProgram, choose_repertoire, font
from .images import Image
from .layout import PAGE_HEIGHT, PAGE_WIDTH, Canvas

CONTENT_COMPRESSION = 1  # the fastest level: content streams and the XML get only slightly larger

CATALOG, PAGES, INFO, METADATA, OUTPUT_INTENT, ICC, RESOURCES = range(1, 8)
FONT_OBJECTS = {REGULAR: 8, BOLD: 13}  # five objects each: Type0, CIDFont, descriptor, program, ToUnicode
FIRST_FREE = 18


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file embedded as an associated file of the document (PDF/A-3 ``/AF``)."""

    name: str
    data: bytes
    mime: str
    relationship: str  # Data, Source, Alternative, Supplement, Unspecified
    description: str


def text_string(value: str) -> bytes:
    """A PDF text string: UTF-16BE with its byte-order mark, in hex, so that no character needs escaping."""
    return b"<FEFF" + value.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def name(value: str) -> bytes:
    """A PDF name, with the characters a name cannot hold written as ``#xx``."""
    out = []
    for byte in value.encode("utf-8"):
        char = chr(byte)
        out.append(char if 0x21 <= byte <= 0x7E and char not in "#()<>[]{}/%" else f"#{byte:02X}")
    return ("/" + "".join(out)).encode("ascii")


def _stream(entries: bytes, data: bytes) -> bytes:
    return b"<<" + entries + b" /Length " + str(len(data)).encode() + b">>\nstream\n" + data + b"\nendstream"


@cache
def _font_objects(weight: str, repertoire: str) -> tuple[bytes, ...]:
    """The five objects of one embedded font, numbered from ``FONT_OBJECTS[weight]`` on."""
    program: FontProgram = font(weight, repertoire)
    first = FONT_OBJECTS[weight]
    metrics = program.metrics
    base = name(program.base_font)
    widths = " ".join(map(str, metrics["widths"]))
    bbox = " ".join(map(str, metrics["bbox"]))
    type0 = (
        b"<</Type /Font /Subtype /Type0 /BaseFont " + base + b" /Encoding /Identity-H"
        b" /DescendantFonts [" + f"{first + 1} 0 R] /ToUnicode {first + 4} 0 R>>".encode()
    )
    cid = (
        b"<</Type /Font /Subtype /CIDFontType2 /BaseFont " + base + b" /CIDSystemInfo"
        b" <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /CIDToGIDMap /Identity"
        + f" /FontDescriptor {first + 2} 0 R /W [0 [{widths}]]>>".encode()
    )
    stem = 120 if weight == BOLD else 80
    descriptor = (
        b"<</Type /FontDescriptor /FontName "
        + base
        + f" /Flags 32 /FontBBox [{bbox}]"
        f" /ItalicAngle {metrics['italic_angle']:g} /Ascent {metrics['ascent']} /Descent {metrics['descent']}"
        f" /CapHeight {metrics['cap_height']} /StemV {stem} /FontFile2 {first + 3} 0 R>>".encode()
    )
    program_stream = _stream(f"/Filter /FlateDecode /Length1 {program.program_length}".encode(), program.program)
    to_unicode = _stream(b"/Filter /FlateDecode", program.to_unicode)
    return type0, cid, descriptor, program_stream, to_unicode


@cache
def _color_objects() -> tuple[bytes, bytes]:
    data, _ = pdfa.icc_profile()
    condition = text_string(pdfa.OUTPUT_CONDITION)
    intent = (
        b"<</Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier "
        + condition
        + b" /Info "
        + condition
        + b" /RegistryName (http://www.color.org)"
        + f" /DestOutputProfile {ICC} 0 R>>".encode()
    )
    return intent, _stream(b"/N 3 /Filter /FlateDecode", data)


def _image(image: Image, mask_number: int | None) -> bytes:
    space = image.color_space
    if isinstance(space, list):
        palette = space[3].hex().upper()  # type: ignore[union-attr]
        colors = f"[/Indexed {space[1]} {space[2]} <{palette}>]"
    else:
        colors = str(space)
    entries = (
        f"/Type /XObject /Subtype /Image /Width {image.width} /Height {image.height}"
        f" /BitsPerComponent {image.bits} /ColorSpace {colors} /Filter {image.filter}"
    )
    if image.decode_parms:
        entries += " /DecodeParms <<" + " ".join(f"/{k} {v}" for k, v in image.decode_parms.items()) + ">>"
    if mask_number is not None:
        entries += f" /SMask {mask_number} 0 R"
    return _stream(entries.encode("ascii"), image.data)


def _content(ops: list[tuple], fonts: dict[str, tuple[str, FontProgram]]) -> bytes:
    out: list[str] = []
    append = out.append
    prefixes: dict[object, tuple[str, dict[int, str]]] = {}
    for op in ops:
        kind = op[0]
        if kind == "T":
            _, x, y, text, style = op
            found = prefixes.get(style)
            if found is None:
                key, program = fonts[style.weight]
                r, g, b = style.color
                found = prefixes[style] = (f"BT /{key} {style.size:g} Tf {r:g} {g:g} {b:g} rg ", program.codes_by_ord)
            append(f"{found[0]}{x:.2f} {y:.2f} Td ({text.translate(found[1])}) Tj ET")
        elif kind == "R":
            _, x, y, w, h, (r, g, b) = op
            append(f"{r:g} {g:g} {b:g} rg {x:.2f} {y:.2f} {w:.2f} {h:.2f} re f")
        elif kind == "L":
            _, x1, y1, x2, y2, thickness, (r, g, b) = op
            append(f"{thickness:g} w {r:g} {g:g} {b:g} RG {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")
        elif kind == "I":
            _, image_name, x, y, w, h = op
            append(f"q {w:.2f} 0 0 {h:.2f} {x:.2f} {y:.2f} cm /{image_name} Do Q")
    return zlib.compress("\n".join(out).encode("latin-1"), CONTENT_COMPRESSION)


class _Objects:
    """Numbered object bodies, written out with a cross-reference table."""

    def __init__(self) -> None:
        self.bodies: dict[int, bytes] = {}
        self.next = FIRST_FREE

    def add(self, body: bytes) -> int:
        number = self.next
        self.next += 1
        self.bodies[number] = body
        return number

    def reserve(self) -> int:
        number = self.next
        self.next += 1
        return number

    def serialize(self, file_id: bytes) -> bytes:
        chunks = [b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"]
        offsets = [0] * self.next
        position = len(chunks[0])
        for number in range(1, self.next):
            chunk = b"%d 0 obj\n%s\nendobj\n" % (number, self.bodies[number])
            offsets[number] = position
            position += len(chunk)
            chunks.append(chunk)
        xref = [b"xref\n0 %d\n0000000000 65535 f \n" % self.next]
        xref.extend(b"%010d 00000 n \n" % offset for offset in offsets[1:])
        chunks.extend(xref)
        identifier = file_id.hex().upper().encode("ascii")
        chunks.append(
            b"trailer\n<</Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>]>>\nstartxref\n%d\n%%%%EOF\n"
            % (self.next, CATALOG, INFO, identifier, identifier, position)
        )
        return b"".join(chunks)


def _info(meta: pdfa.Metadata) -> bytes:
    entries = (
        (b"Title", meta.title),
        (b"Author", meta.author),
        (b"Subject", meta.subject),
        (b"Keywords", meta.keywords),
        (b"Creator", meta.creator),
        (b"Producer", meta.producer),
    )
    body = b"".join(b"/" + key + b" " + text_string(value) + b" " for key, value in entries)
    dates = f"/CreationDate ({pdfa.pdf_date(meta.created)}) /ModDate ({pdfa.pdf_date(meta.modified)})"
    return b"<<" + body + dates.encode("ascii") + b">>"


def _attachment(objects: _Objects, attachment: Attachment, modified: datetime) -> int:
    data = zlib.compress(attachment.data, CONTENT_COMPRESSION)
    params = f"/Params <</Size {len(attachment.data)} /ModDate ({pdfa.pdf_date(modified)})>>"
    entries = b"/Type /EmbeddedFile /Subtype " + name(attachment.mime) + b" /Filter /FlateDecode " + params.encode()
    stream = objects.add(_stream(entries, data))
    spec = (
        b"<</Type /Filespec /F "
        + text_string(attachment.name)
        + b" /UF "
        + text_string(attachment.name)
        + b" /Desc "
        + text_string(attachment.description)
        + b" /AFRelationship "
        + name(attachment.relationship)
        + f" /EF <</F {stream} 0 R /UF {stream} 0 R>>>>".encode()
    )
    return objects.add(spec)


def write(
    canvas: Canvas,
    images: dict[str, Image],
    lang: str,
    meta: pdfa.Metadata,
    facturx: pdfa.FacturXInfo | None = None,
    attachments: Sequence[Attachment] = (),
) -> bytes:
    """The complete PDF/A-3b file: pages, fonts, output intent, XMP and Info, associated files."""
    repertoire = choose_repertoire(set("".join(op[3] for ops in canvas.pages for op in ops if op[0] == "T")))
    regular, bold = font(REGULAR, repertoire), font(BOLD, repertoire)
    fonts = {REGULAR: ("F1", regular), BOLD: ("F2", bold)}
    objects = _Objects()
    bodies = objects.bodies
    for weight in (REGULAR, BOLD):
        for offset, body in enumerate(_font_objects(weight, repertoire)):
            bodies[FONT_OBJECTS[weight] + offset] = body
    bodies[OUTPUT_INTENT], bodies[ICC] = _color_objects()
    xobjects = b""
    for image_name, image in images.items():
        mask = None
        if image.smask is not None:
            mask_entries = (
                f"/Type /XObject /Subtype /Image /Width {image.width} /Height {image.height}"
                " /BitsPerComponent 8 /ColorSpace /DeviceGray /Filter /FlateDecode"
            )
            mask = objects.add(_stream(mask_entries.encode(), image.smask))
        xobjects += b"/%s %d 0 R " % (image_name.encode("ascii"), objects.add(_image(image, mask)))
    resources = f"<</Font <</F1 {FONT_OBJECTS[REGULAR]} 0 R /F2 {FONT_OBJECTS[BOLD]} 0 R>>".encode()
    bodies[RESOURCES] = resources + (b" /XObject <<" + xobjects + b">>" if xobjects else b"") + b">>"
    digest = hashlib.md5(usedforsecurity=False)
    kids = []
    media_box = f"[0 0 {PAGE_WIDTH:g} {PAGE_HEIGHT:g}]"
    for ops in canvas.pages:
        content = _content(ops, fonts)
        digest.update(content)
        contents = objects.add(_stream(b"/Filter /FlateDecode", content))
        page = f"<</Type /Page /Parent {PAGES} 0 R /MediaBox {media_box} /Resources {RESOURCES} 0 R"
        kids.append(objects.add(f"{page} /Contents {contents} 0 R>>".encode()))
    bodies[PAGES] = f"<</Type /Pages /Count {len(kids)} /Kids [{' '.join(f'{k} 0 R' for k in kids)}]>>".encode()
    specs = [_attachment(objects, attachment, meta.modified) for attachment in attachments]
    catalog = (
        f"<</Type /Catalog /Pages {PAGES} 0 R /Metadata {METADATA} 0 R /OutputIntents [{OUTPUT_INTENT} 0 R]"
        " /ViewerPreferences <</DisplayDocTitle true>> /Lang "
    ).encode() + text_string("fr-FR" if lang == "fr" else "en")
    if specs:
        tree = b" ".join(
            text_string(a.name) + f" {spec} 0 R".encode()
            for a, spec in sorted(zip(attachments, specs, strict=True), key=lambda pair: pair[0].name)
        )
        catalog += b" /Names <</EmbeddedFiles <</Names [" + tree + b"]>>>>"
        catalog += f" /AF [{' '.join(f'{s} 0 R' for s in specs)}]".encode()
    bodies[CATALOG] = catalog + b">>"
    bodies[INFO] = _info(meta)
    bodies[METADATA] = _stream(b"/Type /Metadata /Subtype /XML", pdfa.xmp(meta, facturx))
    digest.update(bodies[INFO])
    return objects.serialize(digest.digest())
