"""Validating invoice files: the native engine by default, the official XSLTs on request."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from . import formats
from .rules import Finding, Report, run

# Sets that have an official artefact; the others always run natively.
OFFICIAL_SETS = frozenset({"en16931", "fr"})


class OfficialValidator(Protocol):
    def validate(self, data: bytes, syntax: str, sets: Iterable[str]) -> list[Finding]: ...


def check_file(
    path: Path, sets: Iterable[str], *, lang: str = "en", official: OfficialValidator | None = None
) -> Report:
    return check(formats.load(path), str(path), sets, lang=lang, official=official)


def check(
    data: bytes, source: str, sets: Iterable[str], *, lang: str = "en", official: OfficialValidator | None = None
) -> Report:
    """Read ``data`` and run the rule ``sets`` on it; ``official`` runs the sets that have XSLTs through it."""
    document = formats.read(data, source, strict=False)
    sets = list(sets)
    if official is None:
        return run(document, sets, lang=lang)
    native_sets = [s for s in sets if s not in OFFICIAL_SETS]
    report = run(document, native_sets, lang=lang)
    xml, syntax = data, document.syntax
    if syntax == "json":  # the official rules read XML: check the UBL we would send
        xml, syntax = formats.write(document.invoice, "ubl", check_schema=False), "ubl"
    elif syntax == "facturx":  # the official rules read the CII inside the PDF
        xml, syntax = document.pdf.xml.data, "cii"
    report.findings[:0] = official.validate(xml, syntax, [s for s in sets if s in OFFICIAL_SETS])
    return report


def as_json(report: Report, file: str) -> dict[str, Any]:
    return {
        "file": file,
        "syntax": report.syntax,
        "valid": report.valid,
        "findings": [finding.as_dict() for finding in report.findings],
    }
