"""The EN 16931 rules of the CEN artefacts 1.3.16: integrity, calculation, decimals, code lists, VAT, syntax."""

from . import integrity  # noqa: F401
