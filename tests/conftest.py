"""Shared fixtures: where the reference corpus and the examples are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("BORDEREAU_CORPUS", ROOT.parent / "shared" / "corpus"))
EXAMPLES = ROOT / "examples"

UBL_FILES = sorted((CORPUS / "en16931" / "ubl").glob("*"))
CII_FILES = sorted((CORPUS / "en16931" / "cii").glob("*.xml"))
FACTURX_FILES = sorted((CORPUS / "facturx-1.09").glob("*/*.xml"))


def ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(CORPUS).as_posix() if p.is_relative_to(CORPUS) else p.name for p in paths]


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"reference corpus not found at {CORPUS}")
    return CORPUS
