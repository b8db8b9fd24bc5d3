"""FX-*: what makes a Factur-X PDF a Factur-X, and a PDF/A-3 (checked structurally from what the reader saw).

These rules run only on documents read from a PDF (syntax ``facturx``); the CII rules run on the XML inside as
well. Each one names a point of the Factur-X 1.0 specification or of PDF/A-3 (ISO 19005-3) that a file can miss;
the README lists them with the reason for each.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from ..formats.cii_profile import FACTURX_NS, PROFILES, level_of
from .engine import Context, rule

LEVELS = frozenset(level for level, _, _ in PROFILES.values()) | {"XRECHNUNG"}
FX = "facturx"
XMP = "PDF /Metadata (XMP)"
AF = "PDF catalog /AF"


def _facts(ctx: Context) -> Any:
    """The reader's :class:`~bordereau.formats.facturx.facts.PdfFacts` (not imported: pikepdf loads only for PDFs)."""
    return ctx.document.pdf


def fx_rule(id: str, *, severity: str = "fatal", fr: str, en: str, bt: tuple[str, ...] = ()) -> Any:
    return rule(id, set="en16931", severity=severity, bt=bt, fr=fr, en=en, syntax=FX)  # type: ignore[arg-type]


@fx_rule(
    "FX-01",
    fr="Le XML de la facture n'est pas un fichier associé du document : le /AF du catalogue ne le cite pas "
    "(il n'a été trouvé que par son nom).",
    en="The invoice XML is not an associated file of the document: the catalog's /AF does not list it "
    "(it was found by its name only).",
)
def associated(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and facts.xml is not None and facts.xml.found_by != "af":
        yield AF


@fx_rule(
    "FX-02",
    fr="La relation du fichier XML (/AFRelationship) est « {value} » ; Factur-X demande Data (ou Alternative, Source).",
    en="The XML file's relationship (/AFRelationship) is '{value}'; Factur-X asks for Data (or Alternative, Source).",
)
def relationship(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and facts.xml is not None and facts.xml.relationship not in ("Data", "Alternative", "Source"):
        yield AF, {"value": facts.xml.relationship or "-"}


@fx_rule(
    "FX-03",
    severity="warning",
    fr="Le fichier XML s'appelle « {name} » et non factur-x.xml : c'est un PDF ZUGFeRD ou XRechnung.",
    en="The XML file is named '{name}', not factur-x.xml: this is a ZUGFeRD or XRechnung PDF.",
)
def file_name(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and facts.xml is not None and facts.xml.name != "factur-x.xml":
        yield AF, {"name": facts.xml.name}


@fx_rule(
    "FX-04",
    fr="Le flux du fichier XML n'a pas le type MIME text/xml (/Subtype {value}), exigé par PDF/A-3.",
    en="The XML file's stream does not carry the MIME type text/xml (/Subtype {value}), as PDF/A-3 requires.",
)
def mime_type(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and facts.xml is not None and facts.xml.subtype not in ("text/xml", "application/xml"):
        yield AF, {"value": facts.xml.subtype or "-"}


@fx_rule(
    "FX-05",
    severity="warning",
    fr="Le fichier XML n'a pas de /Params avec sa taille (/Size) et sa date de modification (/ModDate).",
    en="The XML file has no /Params giving its size (/Size) and modification date (/ModDate).",
)
def params(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and facts.xml is not None and not (facts.xml.has_size and facts.xml.has_mod_date):
        yield AF


@fx_rule(
    "FX-06",
    fr="Le PDF n'a pas de métadonnées XMP lisibles : ni PDF/A ni Factur-X ne peuvent y être déclarés.",
    en="The PDF has no readable XMP metadata: neither PDF/A nor Factur-X can be declared in it.",
)
def has_xmp(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and facts.xmp is None:
        yield XMP


@fx_rule(
    "FX-07",
    fr="Le XMP ne déclare pas un PDF/A-3 (pdfaid:part {part}, pdfaid:conformance {conformance}) : "
    "Factur-X demande PDF/A-3, niveau B au moins.",
    en="The XMP does not declare a PDF/A-3 (pdfaid:part {part}, pdfaid:conformance {conformance}): "
    "Factur-X asks for PDF/A-3, level B at least.",
)
def pdfa_identification(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is None or facts.xmp is None:
        return
    part, conformance = facts.xmp.get("pdfaid:part"), facts.xmp.get("pdfaid:conformance")
    if part != "3" or (conformance or "").upper() not in ("A", "B", "U"):
        yield XMP, {"part": part or "-", "conformance": conformance or "-"}


_FX_EXPECTED = {"fx:DocumentType": "INVOICE", "fx:Version": "1.0"}


@fx_rule(
    "FX-08",
    fr="Les métadonnées Factur-X du XMP sont absentes ou fausses : {detail}.",
    en="The Factur-X metadata in the XMP is missing or wrong: {detail}.",
)
def facturx_fields(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is None or facts.xmp is None:
        return
    problems = []
    for key in ("fx:DocumentType", "fx:DocumentFileName", "fx:Version", "fx:ConformanceLevel"):
        value = facts.xmp.get(key)
        if not value:
            problems.append(f"{key} -")
        elif value != _FX_EXPECTED.get(key, value) or (key == "fx:ConformanceLevel" and value.upper() not in LEVELS):
            problems.append(f"{key} = {value}")
    if problems:
        yield XMP, {"detail": ", ".join(problems)}


@fx_rule(
    "FX-09",
    fr="Le XMP utilise l'espace de noms Factur-X sans le décrire par un schéma d'extension PDF/A "
    "(pdfaExtension:schemas), ce que PDF/A-3 exige.",
    en="The XMP uses the Factur-X namespace without describing it in a PDF/A extension schema "
    "(pdfaExtension:schemas), which PDF/A-3 requires.",
)
def extension_schema(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is None or facts.xmp is None:
        return
    uses = any(key.startswith("fx:") for key in facts.xmp)
    if uses and FACTURX_NS not in facts.extension_schemas:
        yield XMP


@fx_rule(
    "FX-10",
    bt=("BT-24",),
    fr="Le profil déclaré dans le XMP ({declared}) n'est pas celui du XML ({actual}, d'après BT-24).",
    en="The profile declared in the XMP ({declared}) is not the XML's ({actual}, from BT-24).",
)
def profile_matches(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is None or facts.xmp is None or not facts.xmp.get("fx:ConformanceLevel"):
        return
    declared = facts.xmp["fx:ConformanceLevel"].strip().upper()
    actual = level_of(ctx.invoice.process.specification_id)
    if actual is None or declared != actual:
        yield XMP, {"declared": declared, "actual": actual or ctx.invoice.process.specification_id or "-"}


@fx_rule(
    "FX-11",
    fr="Le XMP annonce le fichier « {declared} » mais le XML joint s'appelle « {actual} ».",
    en="The XMP names the file '{declared}' but the attached XML is named '{actual}'.",
)
def file_name_matches(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is None or facts.xmp is None or facts.xml is None:
        return
    declared = facts.xmp.get("fx:DocumentFileName")
    if declared and declared != facts.xml.name:
        yield XMP, {"declared": declared, "actual": facts.xml.name}


@fx_rule(
    "FX-12",
    fr="Des polices ne sont pas incorporées au PDF ({fonts}) : PDF/A exige toutes les polices.",
    en="Fonts are not embedded in the PDF ({fonts}): PDF/A requires every font.",
)
def fonts_embedded(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and facts.unembedded_fonts:
        yield "PDF fonts", {"fonts": ", ".join(facts.unembedded_fonts[:5])}


@fx_rule(
    "FX-13",
    fr="Le PDF n'a pas d'intention de sortie PDF/A (/OutputIntents GTS_PDFA1 avec un profil ICC).",
    en="The PDF has no PDF/A output intent (/OutputIntents GTS_PDFA1 with an ICC profile).",
)
def output_intent(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and not any(s == "GTS_PDFA1" and profile for s, profile in facts.output_intents):
        yield "PDF catalog /OutputIntents"


@fx_rule(
    "FX-14",
    fr="Le PDF est chiffré : PDF/A l'interdit.",
    en="The PDF is encrypted: PDF/A forbids it.",
)
def not_encrypted(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and facts.encrypted:
        yield "PDF trailer /Encrypt"


@fx_rule(
    "FX-15",
    fr="Le PDF contient du JavaScript ou des actions interdites par PDF/A : {where}.",
    en="The PDF contains JavaScript or actions PDF/A forbids: {where}.",
)
def no_actions(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is not None and facts.actions:
        yield "PDF", {"where": "; ".join(facts.actions[:3])}


_INFO_TO_XMP = (
    ("Title", "dc:title"),
    ("Author", "dc:creator"),
    ("Subject", "dc:description"),
    ("Keywords", "pdf:Keywords"),
    ("Creator", "xmp:CreatorTool"),
    ("Producer", "pdf:Producer"),
    ("CreationDate", "xmp:CreateDate"),
    ("ModDate", "xmp:ModifyDate"),
)


def _pdf_moment(value: str) -> datetime | None:
    text = value.strip()
    text = text[2:] if text.startswith("D:") else text
    try:
        moment = datetime.strptime(text[:14].ljust(14, "0"), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    zone = text[14:].replace("'", "")
    if zone[:1] in ("+", "-") and len(zone) >= 3:
        delta = timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5] or 0))
        return moment.replace(tzinfo=timezone(delta if zone[0] == "+" else -delta))
    return moment.replace(tzinfo=UTC)


def _xmp_moment(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@fx_rule(
    "FX-16",
    fr="Le dictionnaire Info ne concorde pas avec le XMP ({fields}) : PDF/A exige les mêmes valeurs.",
    en="The Info dictionary disagrees with the XMP ({fields}): PDF/A requires the same values.",
)
def info_matches_xmp(ctx: Context) -> Iterator[Any]:
    facts = _facts(ctx)
    if facts is None or facts.xmp is None:
        return
    differ = []
    for info_key, xmp_key in _INFO_TO_XMP:
        info_value = facts.info.get(info_key)
        if info_value is None:
            continue
        xmp_value = facts.xmp.get(xmp_key)
        if info_key.endswith("Date"):
            same = xmp_value is not None and _pdf_moment(info_value) == _xmp_moment(xmp_value)
        else:
            same = xmp_value is not None and info_value.strip() == xmp_value.strip()
        if not same:
            differ.append(info_key)
    if differ:
        yield XMP, {"fields": ", ".join(differ)}


@fx_rule(
    "FX-17",
    severity="warning",
    bt=("BT-24",),
    fr="Le profil {level} ne porte ni lignes ni détail : ce n'est pas une facture complète au sens légal, et "
    "Chorus Pro attend le profil EN 16931.",
    en="The {level} profile carries no lines and little detail: it is not a complete invoice in the legal sense, "
    "and Chorus Pro expects the EN 16931 profile.",
)
def partial_profile(ctx: Context) -> Iterator[Any]:
    level = level_of(ctx.invoice.process.specification_id)
    if level in ("MINIMUM", "BASIC WL"):
        yield XMP, {"level": level}
