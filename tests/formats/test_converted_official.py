"""A converted CEN example still passes the official EN 16931 rules: what we write is not only XSD-valid."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from bordereau.formats import facturx, read, read_file, write
from bordereau.rules.official import OfficialEngine

from ..conftest import CII_FILES, EXAMPLES, FACTURX_FILES, UBL_FILES, ids

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("saxonche") is None, reason="the official engine needs saxonche (the 'official' extra)"
)

# Factur-X examples that are full EN 16931 invoices (MINIMUM and BASIC WL carry no lines).
FULL_FACTURX = [p for p in FACTURX_FILES if p.parent.name in ("en16931", "basic")]


@pytest.fixture(scope="module")
def engine() -> Iterator[OfficialEngine]:
    with OfficialEngine() as running:
        yield running


def _fatal(engine: OfficialEngine, data: bytes, syntax: str) -> list[str]:
    return [
        f"{f.rule} at {f.location}: {f.message}"
        for f in engine.validate(data, syntax, ["en16931"])
        if f.severity == "fatal"
    ]


@pytest.mark.parametrize("path", UBL_FILES, ids=ids(UBL_FILES))
def test_ubl_converted_to_cii_passes_the_official_rules(path: Path, corpus: Path, engine: OfficialEngine) -> None:
    cii = write(read_file(path).invoice, "cii")
    assert _fatal(engine, cii, "cii") == []


@pytest.mark.parametrize("path", CII_FILES + FULL_FACTURX, ids=ids(CII_FILES + FULL_FACTURX))
def test_cii_converted_to_ubl_passes_the_official_rules(path: Path, corpus: Path, engine: OfficialEngine) -> None:
    ubl = write(read_file(path).invoice, "ubl")
    assert _fatal(engine, ubl, "ubl") == []


EXAMPLE_FILES = sorted(p for p in EXAMPLES.glob("*.json"))


@pytest.mark.parametrize(
    "path", UBL_FILES + CII_FILES + EXAMPLE_FILES, ids=ids(UBL_FILES + CII_FILES) + [p.name for p in EXAMPLE_FILES]
)
def test_facturx_xml_passes_the_official_rules(path: Path, corpus: Path, engine: OfficialEngine) -> None:
    """The CII inside the Factur-X we write, taken back out of the PDF, passes the official EN 16931 rules."""
    pdf = facturx.write(read_file(path).invoice)
    embedded = read(pdf, "written.pdf")
    assert embedded.syntax == "facturx"
    assert _fatal(engine, etree.tostring(embedded.root), "cii") == []
