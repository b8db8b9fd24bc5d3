"""The readers build the model without pydantic's validation: what they build must be what validation would give."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree

from bordereau.formats import read
from bordereau.model import Address, Group, Identifier, Invoice, Line, Note
from tests.conftest import CII_FILES, CORPUS, FACTURX_FILES, UBL_FILES, ids
from tests.rules import vefa

FILES = [*UBL_FILES, *CII_FILES, *FACTURX_FILES]
# The CEN unit tests are mostly broken invoices: what a lenient reading makes of them must hold too.
UNIT_FILES = [
    *sorted((CORPUS / "en16931" / "unit-ubl-invoice").glob("*.xml")),
    *sorted((CORPUS / "en16931" / "unit-cii").glob("*.xml")),
]


def groups(value: object) -> list[Group]:
    """Every group inside ``value``, itself included."""
    if isinstance(value, list):
        return [g for item in value for g in groups(item)]
    if not isinstance(value, Group):
        return []
    return [value, *(g for name in type(value).model_fields for g in groups(getattr(value, name)))]


def assert_as_validated(invoice: Invoice) -> None:
    assert Invoice.model_validate(invoice.model_dump()) == invoice
    for group in groups(invoice):
        assert set(group.__dict__) == set(type(group).model_fields), type(group).__name__
        assert group.model_fields_set <= set(type(group).model_fields)


@pytest.mark.parametrize("path", FILES, ids=ids(FILES))
def test_what_a_reader_builds_survives_validation(path: Path) -> None:
    assert_as_validated(read(path.read_bytes(), str(path), strict=False).invoice)


@pytest.mark.parametrize("path", UNIT_FILES, ids=ids(UNIT_FILES))
def test_what_a_reader_makes_of_broken_invoices_survives_validation(path: Path) -> None:
    for unit in vefa.load(path):
        assert_as_validated(read(unit.document, unit.name, strict=False).invoice)


def test_read_from_fills_the_defaults_and_remembers_the_source() -> None:
    element = etree.Element("line")
    line = Line.read_from(element, id="1", quantity=Decimal("2"))
    assert line._source is element
    assert line.id == "1" and line.quantity == Decimal("2") and line.note is None
    assert line.model_fields_set == {"id", "quantity"}
    assert line == Line(id="1", quantity=Decimal("2"))
    assert repr(line) == repr(Line(id="1", quantity=Decimal("2")))  # fields in the model's order


def test_read_from_gives_each_group_its_own_lists() -> None:
    first, second = Invoice.read_from(None), Invoice.read_from(None)
    first.notes.append(Note(text="only in the first"))
    assert second.notes == []


def test_read_from_groups_compare_and_dump_like_validated_ones() -> None:
    built = Invoice.read_from(
        None,
        number="F-1",
        issue_date=date(2026, 11, 2),
        seller=None,
        notes=[Note.read_from(None, text="hello")],
    )
    validated = Invoice(number="F-1", issue_date=date(2026, 11, 2), notes=[Note(text="hello")])
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()
    assert Address.read_from(None, city="Paris").model_dump() == Address(city="Paris").model_dump()
    assert Identifier.read_from(None, value="X").scheme_id is None
