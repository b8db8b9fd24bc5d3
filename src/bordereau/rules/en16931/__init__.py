"""The EN 16931 rules of the CEN artefacts 1.3.16: integrity, calculation, decimals, code lists, VAT, syntax."""

from . import (  # noqa: F401
    calculation,
    codelists,
    decimals,
    integrity,
    schema,
    syntax_cii,
    syntax_ubl,
    vat,
    vat_special,
)
