"""What a reader hands on: the invoice, the syntax it came in, and what the model could not hold."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Invoice
from .xml import Malformed, Unmapped


@dataclass(slots=True)
class Document:
    invoice: Invoice
    syntax: str  # "ubl", "cii", "json" (and "facturx" for a PDF)
    source: str
    root: Any = None  # the parsed XML root (lxml), kept so that rules can point into the source
    unmapped: list[Unmapped] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)  # values set aside by a lenient reading
    pdf: Any = None  # for a Factur-X: the PDF-level facts the FX rules judge (formats.facturx.facts.PdfFacts)
