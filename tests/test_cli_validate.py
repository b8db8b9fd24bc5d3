"""`bordereau validate`: exit status, the JSON lines, the readable report, both engines."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bordereau.cli import app

from .conftest import CORPUS, EXAMPLES

runner = CliRunner()
VALID_UBL = CORPUS / "en16931" / "ubl" / "ubl-tc434-example1.xml"
VALID_CII = CORPUS / "en16931" / "cii" / "CII_example1.xml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_valid_corpus_files_pass_en16931(corpus: Path) -> None:
    code, out, _ = invoke("validate", str(VALID_UBL), str(VALID_CII), "--rules", "en16931", "--json")
    assert code == 0
    reports = lines(out)
    assert [r["file"] for r in reports] == [str(VALID_UBL), str(VALID_CII)]
    assert [r["syntax"] for r in reports] == ["ubl", "cii"]
    assert all(r["valid"] and r["findings"] == [] for r in reports)


def test_the_example_passes_the_default_sets() -> None:
    code, out, _ = invoke("validate", str(EXAMPLES / "facture-ministere.json"), "--json")
    report = lines(out)[0]
    assert report["syntax"] == "json"
    assert report["findings"] == [], report["findings"]
    assert code == 0


def test_a_fatal_finding_gives_exit_1_and_one_finding_per_occurrence(corpus: Path, tmp_path: Path) -> None:
    data = VALID_UBL.read_text(encoding="utf-8")
    broken = tmp_path / "no line ids.xml"
    # Empty every invoice line identifier: BR-21 must fire once per line.
    count = data.count("<cac:InvoiceLine>")
    assert count >= 2
    text = data
    for _ in range(count):
        start = text.index("<cac:InvoiceLine>")
        id_start = text.index("<cbc:ID>", start)
        id_end = text.index("</cbc:ID>", id_start) + len("</cbc:ID>")
        text = (
            text[:start]
            + "<cac:InvoiceLineX>"
            + text[start + len("<cac:InvoiceLine>") : id_start]
            + ("<cbc:ID></cbc:ID>")
            + text[id_end:]
        )
    broken.write_text(text.replace("cac:InvoiceLineX", "cac:InvoiceLine"), encoding="utf-8")
    code, out, _ = invoke("validate", str(broken), "--rules", "en16931", "--json")
    assert code == 1
    report = lines(out)[0]
    assert report["valid"] is False
    br21 = [f for f in report["findings"] if f["rule"] == "BR-21"]
    assert len(br21) == count
    for finding in br21:
        assert set(finding) >= {"rule", "severity", "bt", "location", "message"}
        assert finding["severity"] == "fatal"
        assert "BT-126" in finding["bt"]
        assert "InvoiceLine" in finding["location"]


def test_an_unreadable_input_gives_exit_2_and_the_others_are_checked(corpus: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.xml"
    empty.write_bytes(b"")
    code, out, _ = invoke("validate", str(empty), str(VALID_UBL), "--rules", "en16931", "--json")
    assert code == 2
    first, second = lines(out)
    assert first["file"] == str(empty) and first["valid"] is False and "empty" in first["error"]
    assert second["valid"] is True


def test_readable_report_in_french_and_english(corpus: Path) -> None:
    code, out, _ = invoke("validate", str(VALID_UBL), "--lang", "fr")
    assert code == 1  # a foreign corpus invoice has no SIRET: Chorus Pro would refuse it
    assert "invalide" in out and "Erreurs bloquantes" in out
    code, out, _ = invoke("validate", str(VALID_UBL), "--lang", "en")
    assert "invalid" in out and "Fatal errors" in out


def test_unknown_rule_set_is_refused() -> None:
    code, _, err = invoke("validate", str(EXAMPLES / "minimal.json"), "--rules", "en16931,nope")
    assert code == 2
    assert "nope" in err


@pytest.mark.skipif(importlib.util.find_spec("saxonche") is None, reason="needs the 'official' extra (saxonche)")
def test_official_engine_gives_the_same_shape(corpus: Path) -> None:
    code, out, _ = invoke(
        "validate", str(VALID_UBL), str(VALID_CII), "--rules", "en16931", "--engine", "official", "--json"
    )
    assert code == 0
    assert all(r["valid"] for r in lines(out))
