"""An ERP's own PDF as the legible part of a Factur-X: keep its pages, attach the data, or say why not.

A PDF can honestly become PDF/A-3b only if nothing in it contradicts the standard. Some defects cannot be fixed
by adding metadata: an encrypted file, JavaScript or launch actions, fonts that are not embedded (their glyphs are
simply not in the file). Those are refused with the reasons and the way out: let bordereau render its own page.
What can be added is added (sRGB output intent, XMP and Info, the associated XML). When pikepdf's PDF/A checker
is installed (``pikepdf[pdfa]``), the result is checked by it too, and any violation it reports is refused as well.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pikepdf

from ...errors import InputError
from ...model import Invoice
from .. import pdfa
from ..pdf import metadata
from .facts import collect
from .reader import open_pdf

OWN_PAGE_HINT = "leave out --pdf to have bordereau render its own legible PDF/A-3 page instead"

# pikepdf's checker allows no XMP extension schema, so it reports the Factur-X one (which PDF/A-3 permits when
# described by a pdfaExtension block, as bordereau writes it) as a violation: those findings are set aside.
_EXTENSION_RULE = "6.6.2.3.1-1"
_EXTENSION_WORDS = ("namespace fx=", "property fx:", "pdfaExtension", "pdfaSchema", "pdfaProperty")


def blockers(pdf: pikepdf.Pdf, source: str) -> list[str]:
    """Why this PDF cannot become PDF/A-3b by adding metadata and an attachment (empty when it can)."""
    facts = collect(pdf, source)
    reasons = []
    if facts.encrypted:
        reasons.append("it is encrypted")
    if facts.actions:
        more = f" and {len(facts.actions) - 1} more" if len(facts.actions) > 1 else ""
        reasons.append(f"it contains {facts.actions[0]}{more}")
    if facts.unembedded_fonts:
        names = ", ".join(facts.unembedded_fonts[:4]) + (" …" if len(facts.unembedded_fonts) > 4 else "")
        reasons.append(f"fonts are not embedded ({names})")
    if any(subtype == "GTS_PDFA1" and not profile for subtype, profile in facts.output_intents):
        reasons.append("its PDF/A output intent has no ICC profile")
    return reasons


def _checker_violations(pdf: pikepdf.Pdf) -> list[str] | None:
    try:
        from pikepdf import pdfa as checker
    except ImportError:
        return None
    report = checker.check(pdf, "3b")
    found = []
    for finding in report.findings:
        text = str(finding)
        if "[violation]" not in text:
            continue
        if _EXTENSION_RULE in text and any(word in text for word in _EXTENSION_WORDS):
            continue
        found.append(text.replace("[violation] ", ""))
    return found


def attach(
    data: bytes,
    source: str,
    invoice: Invoice,
    xml: bytes,
    facturx: pdfa.FacturXInfo,
    *,
    lang: str,
    created: datetime | None = None,
) -> bytes:
    """The ERP's PDF with the XML attached as Factur-X, or InputError saying why it cannot be PDF/A-3b."""
    try:
        pdf = open_pdf(data, source)
    except InputError as exc:
        raise InputError(f"{exc.reason}; {OWN_PAGE_HINT}", source=source) from None
    with pdf:
        reasons = blockers(pdf, source)
        if reasons:
            why = "; ".join(reasons)
            raise InputError(f"this PDF cannot honestly be made PDF/A-3: {why}; {OWN_PAGE_HINT}", source=source)
        meta = metadata(invoice, lang, created)
        creator = str(pdf.docinfo.get("/Creator", "")) if "/Info" in pdf.trailer else ""
        if creator:
            meta = replace(meta, creator=creator)
        pdfa.add_output_intent(pdf)
        pdfa.set_metadata(pdf, meta, facturx)
        pdfa.attach(
            pdf,
            facturx.document_file_name,
            xml,
            mime="text/xml",
            relationship="Data",
            description=f"Factur-X {facturx.conformance_level}: {invoice.number or ''}",
            modified=meta.modified,
        )
        violations = _checker_violations(pdf)
        if violations:
            more = f" (and {len(violations) - 2} more)" if len(violations) > 2 else ""
            raise InputError(
                f"with the data attached, this PDF still is not PDF/A-3b: {'; '.join(violations[:2])}{more}; "
                f"{OWN_PAGE_HINT}",
                source=source,
            )
        return pdfa.save(pdf)
