"""The French rules of the 2026 reform (BR-FR-*, FNFE-MPE France_RFE 1.4.0.x), for UBL, CII and JSON input."""

from . import (  # noqa: F401  (importing registers the rules)
    consistency,
    contracts,
    dates,
    decimals,
    documents,
    identifiers,
    multivendor,
    multivendor_lines,
    notes,
    vat,
)
