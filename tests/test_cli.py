"""The documented commands, run as a user runs them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bordereau import read, read_file
from bordereau.cli import app

from .conftest import CII_FILES, EXAMPLES, UBL_FILES

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_schema_is_json_schema_with_bt_ids() -> None:
    code, out, _ = invoke("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["properties"]["number"]["bt"] == "BT-1"
    assert "number" in schema["required"]
    assert "totals" not in schema.get("required", [])
    assert schema["$defs"]["Line"]["properties"]["quantity"]["bt"] == "BT-129"


def test_version() -> None:
    code, out, _ = invoke("--version")
    assert code == 0
    assert out.startswith("bordereau ")


def test_convert_to_stdout(corpus: Path) -> None:
    source = corpus / "en16931" / "cii" / "CII_example1.xml"
    code, out, _ = invoke("convert", str(source), "--to", "ubl", "-o", "-")
    assert code == 0
    assert read(out.encode(), "stdout").syntax == "ubl"


def test_convert_names_with_spaces_and_commas(corpus: Path, tmp_path: Path) -> None:
    awkward = [p for p in UBL_FILES if " " in p.name or "," in p.name]
    assert len(awkward) >= 3
    code, _, err = invoke("convert", *map(str, awkward), "--to", "cii", "-o", str(tmp_path / "out"))
    assert code == 0, err
    written = sorted((tmp_path / "out").iterdir())
    assert len(written) == len(awkward)
    for path in written:
        assert read_file(path).syntax == "cii"


def test_convert_one_file_to_a_file(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "invoice.json"
    code, _, err = invoke(
        "convert", str(corpus / "en16931" / "ubl" / "ubl-tc434-example1.xml"), "--to", "json", "-o", str(target)
    )
    assert code == 0, err
    data = json.loads(target.read_text())
    assert data["number"] == read_file(corpus / "en16931" / "ubl" / "ubl-tc434-example1.xml").invoice.number


def test_convert_whole_corpus(corpus: Path, tmp_path: Path) -> None:
    inputs = [*UBL_FILES, *CII_FILES]
    for target in ("ubl", "cii"):
        code, _, err = invoke("convert", *map(str, inputs), "--to", target, "-o", str(tmp_path / target))
        assert code == 0, err
        assert len(list((tmp_path / target).iterdir())) == len(inputs)


def test_a_broken_file_leaves_no_output_and_the_others_are_written(corpus: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken invoice.xml"
    broken.write_bytes((corpus / "en16931" / "cii" / "CII_example1.xml").read_bytes()[:500])
    good = tmp_path / "good.xml"
    shutil.copy(corpus / "en16931" / "cii" / "CII_example2.xml", good)
    out = tmp_path / "out"
    code, _, err = invoke("convert", str(broken), str(good), "--to", "ubl", "-o", str(out))
    assert code == 2
    assert "broken invoice.xml" in err and "not well-formed" in err
    assert sorted(p.name for p in out.iterdir()) == ["good.ubl.xml"]


def test_single_failure_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "empty.xml"
    broken.write_bytes(b"")
    target = tmp_path / "result.xml"
    code, _, err = invoke("convert", str(broken), "--to", "ubl", "-o", str(target))
    assert code == 2
    assert "empty.xml: the file is empty" in err
    assert not target.exists()
    assert list(tmp_path.iterdir()) == [broken]


def test_several_inputs_need_a_folder(corpus: Path) -> None:
    code, _, err = invoke("convert", str(CII_FILES[0]), str(CII_FILES[1]), "--to", "ubl")
    assert code == 2
    assert "folder" in err


def test_refuses_to_overwrite_an_input(corpus: Path, tmp_path: Path) -> None:
    first = tmp_path / "a.json"
    second = tmp_path / "a.ubl.xml"
    shutil.copy(EXAMPLES / "minimal.json", first)
    shutil.copy(EXAMPLES / "minimal.json", second)
    code, _, err = invoke("convert", str(first), str(second), "--to", "ubl", "-o", str(tmp_path))
    assert code == 2
    assert "overwrite" in err


def test_invalid_json_lists_each_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"number": "F1", "issue_date": "hier", "lines": [{"quantity": "deux"}]}))
    code, _, err = invoke("convert", str(bad), "--to", "ubl", "-o", "-")
    assert code == 2
    assert "bad.json" in err
    assert "issue_date: not a date" in err
    assert "lines[0].quantity: not a number (BT-129)" in err
    assert "Traceback" not in err


def test_unmapped_elements_are_warned(tmp_path: Path, corpus: Path) -> None:
    source = (corpus / "en16931" / "cii" / "CII_example1.xml").read_text(encoding="utf-8")
    marker = "</rsm:ExchangedDocument>"
    injected = source.replace(marker, "<ram:Unheard>kept aside</ram:Unheard>" + marker, 1)
    path = tmp_path / "odd.xml"
    path.write_text(injected, encoding="utf-8")
    code, _, err = invoke("convert", str(path), "--to", "ubl", "-o", str(tmp_path / "odd-ubl.xml"))
    assert code == 0, err
    assert "dropped" in err and "Unheard" in err


def test_installed_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).with_name("bordereau")
    if not script.exists():
        pytest.skip("the console script is not installed in this environment")
    result = subprocess.run(
        [str(script), "convert", str(EXAMPLES / "minimal.json"), "--to", "cii", "-o", str(tmp_path / "m.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert read_file(tmp_path / "m.xml").syntax == "cii"
