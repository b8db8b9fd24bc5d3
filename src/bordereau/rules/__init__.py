"""Validation: the EN 16931 rules, the French rules and Chorus Pro's own checks, run natively."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..formats import Document, read, read_file
from . import chorus, en16931, facturx, fr  # noqa: F401  (importing registers the rules)

# Factur-X EXTENDED's own rules, registered once all the others are: the order of the findings follows the order of
# registration, which for every other document stays what it was.
from .en16931 import extended, extended_totals, extended_vat  # noqa: F401
from .engine import DEFAULT_SETS, REGISTRY, SETS, Finding, Report, Rule, rule, run


def validate(
    source: Document | bytes | str | Path,
    sets: Iterable[str] = DEFAULT_SETS,
    *,
    lang: str = "en",
    options: dict[str, Any] | None = None,
) -> Report:
    """Validate an invoice (a read document, raw bytes, or a path) against the rule ``sets``."""
    if isinstance(source, bytes):
        document = read(source, strict=False)
    elif isinstance(source, (str, Path)):
        document = read_file(source, strict=False)
    else:
        document = source
    unknown = set(sets) - set(SETS)
    if unknown:
        raise ValueError(f"unknown rule set(s): {', '.join(sorted(unknown))}; expected {', '.join(SETS)}")
    return run(document, sets, lang=lang, options=options)


__all__ = ["DEFAULT_SETS", "REGISTRY", "SETS", "Finding", "Report", "Rule", "rule", "run", "validate"]
