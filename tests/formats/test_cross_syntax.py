"""UBL → CII → UBL and CII → UBL → CII keep every business term both syntaxes carry.

The models are compared field by field. The few terms one syntax cannot carry are listed here, with the reason,
and only those are allowed to differ.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bordereau.formats import read, read_file, write
from bordereau.model import Invoice

from ..conftest import CII_FILES, FACTURX_FILES, UBL_FILES, ids

FULL_FACTURX = [p for p in FACTURX_FILES if p.parent.name in ("en16931", "basic")]


def _flatten(value: Any, path: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            out.update(_flatten(item, f"{path}.{key}" if path else key))
        return out
    if isinstance(value, list):
        out = {}
        for index, item in enumerate(value):
            out.update(_flatten(item, f"{path}[{index}]"))
        return out
    return {} if value is None else {path: value}


def _comparable(invoice: Invoice) -> dict[str, Any]:
    data = invoice.model_dump()
    if data.get("seller"):
        # CII writes the seller's identifiers without a scheme (ram:ID) before those with one (ram:GlobalID).
        data["seller"]["identifiers"].sort(key=lambda i: (i["scheme_id"] is not None, i["scheme_id"] or ""))
    return data


def _differences(before: Invoice, after: Invoice) -> dict[str, tuple[Any, Any]]:
    a, b = _flatten(_comparable(before)), _flatten(_comparable(after))
    # An empty element and a missing one carry the same business term: nothing.
    return {
        key: (a.get(key), b.get(key))
        for key in sorted(set(a) | set(b))
        if a.get(key) != b.get(key) and {a.get(key), b.get(key)} != {"", None}
    }


def _allowed_ubl_via_cii(before: Invoice, key: str, values: tuple[Any, Any]) -> bool:
    # BT-6 equal to BT-5: CII's BR-53 refuses a VAT accounting currency equal to the invoice currency.
    if key == "tax_currency_code" and values == (before.currency_code, None):
        return True
    # A price discount given without its gross price: CII needs the gross price, net + discount.
    return key.endswith(".price.gross_price") and values[0] is None


def _allowed_cii_via_ubl(before: Invoice, key: str, values: tuple[Any, Any]) -> bool:
    # A credit note's due date (BT-9) lives inside a payment means in UBL: without payment means it is lost.
    if key == "due_date" and before.is_credit_note and before.payment is None:
        return True
    # UBL requires BT-110 (cbc:TaxAmount): when the CII leaves it out, the sum of the breakdown is written.
    if key == "totals.vat_total" and values[0] is None:
        return True
    return key.endswith(".price.discount") and values[0] is None


@pytest.mark.parametrize("path", UBL_FILES, ids=ids(UBL_FILES))
def test_ubl_through_cii(path: Path, corpus: Path) -> None:
    before = read_file(path).invoice
    after = read(write(read(write(before, "cii"), "via.xml").invoice, "ubl"), "back.xml").invoice
    unexpected = {k: v for k, v in _differences(before, after).items() if not _allowed_ubl_via_cii(before, k, v)}
    assert unexpected == {}


@pytest.mark.parametrize("path", CII_FILES + FULL_FACTURX, ids=ids(CII_FILES + FULL_FACTURX))
def test_cii_through_ubl(path: Path, corpus: Path) -> None:
    before = read_file(path).invoice
    after = read(write(read(write(before, "ubl"), "via.xml").invoice, "cii"), "back.xml").invoice
    unexpected = {k: v for k, v in _differences(before, after).items() if not _allowed_cii_via_ubl(before, k, v)}
    assert unexpected == {}
