"""The EN 16931 rules of the CEN artefacts 1.3.16: integrity, calculation, decimals, code lists, VAT, syntax."""

from . import calculation, codelists, decimals, integrity, syntax_cii, syntax_ubl, vat  # noqa: F401
