"""Typed requests and answers of the Chorus Pro API, one module per API family (``from .factures import …``)."""

from __future__ import annotations

from . import common, factures, structures, transverses

__all__ = ["common", "factures", "structures", "transverses"]
