"""What a reader hands on: the invoice, the syntax it came in, and what the model could not hold."""

from __future__ import annotations

from collections.abc import Callable
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
    # What the model could not hold, or how to find it: a conversion reports it, a validation never asks, so an XML
    # reader hands over the search (a walk over the whole tree) and :attr:`unmapped` runs it on first use.
    leftovers: list[Unmapped] | Callable[[], list[Unmapped]] = field(default_factory=list, repr=False)
    malformed: list[Malformed] = field(default_factory=list)  # values set aside by a lenient reading
    pdf: Any = None  # for a Factur-X: the PDF-level facts the FX rules judge (formats.facturx.facts.PdfFacts)

    @property
    def unmapped(self) -> list[Unmapped]:
        if callable(self.leftovers):
            self.leftovers = self.leftovers()
        return self.leftovers
