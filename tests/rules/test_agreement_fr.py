"""The native ``fr`` rules and the official BR-FR stylesheets fire the same rules on mutated French invoices.

The bases satisfy the 2026 reform: the UBL invoice, UBL credit note and CII invoice of :mod:`.fr_documents`, and
the project's examples adapted to it (BT-23 a billing mode, the three mandatory notes) and written to UBL and CII.
They are mutated as in :mod:`.test_agreement`, with French codes and texts in the pools (billing modes, identifier
schemes, note subjects); the set of fatal BR-FR ids must be the same on both sides. Every BR-FR id is fatal and
known to both sides, so the comparison runs on all of them. Left out: documents the official stylesheet cannot
judge (it stops with a dynamic error: :class:`TransformFailed`), and, as in :mod:`.test_agreement`, a second
occurrence of an element the schema allows once. ``BORDEREAU_AGREEMENT_EXAMPLES`` runs more.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Iterator

import pytest
from hypothesis import assume, event, given, target

from bordereau.formats import read, write
from bordereau.rules.official import OfficialEngine, TransformFailed

from ..conftest import EXAMPLES
from .agreement import (
    EXTRA_CODES,
    TEXTS,
    Base,
    Bases,
    Case,
    code_pools,
    comparable_rules,
    examples_setting,
    fatal,
    flagged_apart,
    mutated,
    native_findings,
    official_rules,
)
from .fr_documents import base, to_bytes

HAS_SAXON = importlib.util.find_spec("saxonche") is not None

FRENCH_CODES = ("S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "B1", "B2", "B4", "B7", "M1", "M2", "M4", "A1",
                "A9", "0009", "0002", "0225", "0223", "0224", "0231", "0088", "0238", "EM", "AAB", "PMT", "PMD",
                "BAR", "TXD", "AAI", "S", "AE", "K", "E", "Z", "L", "M", "381", "384", "386", "389", "471", "473",
                "500", "501", "502", "503", "261", "262", "EUR", "USD", "FR", "BE")  # fmt: skip
FRENCH_TEXTS = (*TEXTS, "#PMT#x", "#PMD#x", "#AAB#x", "#BAR#B2G", "#BAR#B2C", "#TXD#x", "B2G", "B2C", "8527419660002",
                "852741966", "85274196600026", "852741966_FACTURES", "a b", "LISIBLE", "BON_LIVRAISON")  # fmt: skip
NOTES = ("PMT", "PMD", "AAB")


def _adapted(name: str) -> bytes:
    """An example made reform compliant: a billing mode for BT-23, and the mandatory notes it lacks."""
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    data["process"]["business_process_type"] = "M1"
    given = {note.get("subject_code") for note in data.get("notes") or []}
    model = json.loads((EXAMPLES / "facture-ministere.json").read_text(encoding="utf-8"))
    data["notes"] = (data.get("notes") or []) + [
        note for note in model["notes"] if note["subject_code"] in NOTES and note["subject_code"] not in given
    ]
    return json.dumps(data).encode()


def _bases() -> Bases:
    found = Bases(
        [
            Base("French UBL invoice", "ubl", to_bytes(base("ubl"))),
            Base("French UBL credit note", "ubl", to_bytes(base("ubl-cn"))),
            Base("French CII invoice", "cii", to_bytes(base("cii"))),
        ]
    )
    # minimal.json names neither the seller's SIRET nor the parties' electronic addresses: too far to adapt.
    for name in ("facture-ministere.json", "avoir-ministere.json", "facture-200-lignes.json"):
        if (EXAMPLES / name).is_file():
            invoice = read(_adapted(name), name).invoice
            for syntax in ("ubl", "cii"):
                found.append(Base(f"{name} (reform) as {syntax.upper()}", syntax, write(invoice, syntax)))
    return found


BASES = _bases()
POOLS = code_pools(BASES, (*EXTRA_CODES, *FRENCH_CODES), FRENCH_TEXTS)


@pytest.fixture(scope="module")
def engine() -> Iterator[OfficialEngine]:
    if not HAS_SAXON:
        pytest.skip("saxonche is not installed: pip install 'bordereau[official]'")
    with OfficialEngine(timeout=120) as official:
        yield official


@pytest.fixture(scope="module")
def universe(engine: OfficialEngine) -> dict[str, frozenset[str]]:
    return {syntax: comparable_rules("fr", syntax, engine.artefact("fr", syntax)) for syntax in ("ubl", "cii")}


@pytest.mark.parametrize("syntax", ["ubl", "cii"])
def test_universes_cover_every_official_rule(
    engine: OfficialEngine, universe: dict[str, frozenset[str]], syntax: str
) -> None:
    stylesheet = engine.artefact("fr", syntax)
    assert universe[syntax] == set(official_rules(stylesheet)) and len(universe[syntax]) > 150
    assert not flagged_apart("fr", syntax, stylesheet)


def test_bases_pass_both(engine: OfficialEngine, universe: dict[str, frozenset[str]]) -> None:
    assert len(BASES) >= 5
    for one in BASES:
        assert fatal(engine.validate(one.data, one.syntax, ("fr",)), universe[one.syntax]) == set(), one.name
        assert fatal(native_findings(one.data, "fr"), universe[one.syntax]) == set(), one.name


@given(case=mutated(BASES, POOLS))
@examples_setting(400)
def test_fr_native_agrees_with_official(
    engine: OfficialEngine, universe: dict[str, frozenset[str]], case: Case
) -> None:
    syntax = case.base.syntax
    try:
        official = engine.validate(case.data, syntax, ("fr",))
    except TransformFailed:
        event("the official stylesheet stopped (a dynamic error)")
        assume(False)
    theirs = fatal(official, universe[syntax])
    ours = fatal(native_findings(case.data, "fr"), universe[syntax])
    target(float(len(theirs)), label="BR-FR rules fired officially")
    event(f"{syntax}: " + ("fires" if theirs else "fires nothing"))
    assert ours == theirs, f"{case}: native only {sorted(ours - theirs)}, official only {sorted(theirs - ours)}"
