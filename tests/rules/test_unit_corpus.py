"""The CEN rule unit tests, run against the native engine: every one must pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from bordereau.formats import read
from bordereau.rules import validate

from ..conftest import CORPUS
from .vefa import UnitTest, load

UNIT_DIRS = [CORPUS / "en16931" / "unit-ubl-invoice", CORPUS / "en16931" / "unit-cii"]
UNIT_TESTS: list[UnitTest] = [t for d in UNIT_DIRS if d.is_dir() for f in sorted(d.glob("*.xml")) for t in load(f)]


@pytest.mark.parametrize("case", UNIT_TESTS, ids=[t.name for t in UNIT_TESTS])
def test_unit(case: UnitTest, corpus: Path) -> None:
    document = read(case.document, case.name, strict=False)
    report = validate(document, ["en16931"])
    problems = case.problems([(f.rule, f.severity) for f in report.findings])
    assert not problems, f"{case.description}: " + "; ".join(problems)


def test_unit_corpus_is_there(corpus: Path) -> None:
    assert len(UNIT_TESTS) >= 900
