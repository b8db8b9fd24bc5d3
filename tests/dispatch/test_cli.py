"""The dispatch commands as a user runs them, against a sandbox on 127.0.0.1."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from bordereau.cli import app

from .conftest import TRANSITION_SIRET, Sandbox, unique, write_invoices

runner = CliRunner()


@pytest.fixture
def env(sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.chdir(tmp_path)
    values = {
        "BORDEREAU_PLATFORM": "sandbox",
        "BORDEREAU_SANDBOX_URL": sandbox.url,
        "BORDEREAU_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
        "BORDEREAU_CONFIG": str(tmp_path / "none.toml"),
        "COLUMNS": "200",
    }
    (tmp_path / "none.toml").write_text("")
    return values


def invoke(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_send_wait_then_status(env: dict[str, str], sandbox: Sandbox, tmp_path: Path) -> None:
    good = [unique("CLI"), unique("CLI")]
    paths = write_invoices(tmp_path / "in", good)
    broken = tmp_path / "in" / "broken.json"
    broken.write_text("{")
    bad = write_invoices(tmp_path / "in", [unique("BAD")], buyer=TRANSITION_SIRET)

    code, out, err = invoke(env, "send", *map(str, [paths[0], broken, bad[0], paths[1]]), "--wait", "--format", "ubl")
    assert code == 2, (out, err)  # a file could not be read
    assert "broken.json" in err and "not valid JSON" in err
    assert "invalid" in err
    for number in good:
        assert number in out

    code, out, _ = invoke(env, "status", "--json")
    assert code == 0
    records = json.loads(out)
    assert {r["number"] for r in records} == {*good, bad[0].stem}
    for record in records:
        assert {"number", "buyer_siret", "state", "platform_status", "platform_id", "amount_due", "updated_at"} <= set(
            record
        )
    sent = {r["number"]: r for r in records}
    assert sent[good[0]]["state"] == "integrated"
    assert sent[good[0]]["platform_status"] in ("DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION")
    assert isinstance(sent[good[0]]["platform_id"], int)
    assert sent[bad[0].stem]["state"] == "invalid" and sent[bad[0].stem]["platform_id"] is None

    code, out, _ = invoke(env, "status", good[0], "--json")
    assert code == 0
    (one,) = json.loads(out)
    assert one["number"] == good[0]
    assert [e["seq"] for e in one["events"]] == list(range(1, len(one["events"]) + 1))
    assert any(e["type"] == "platform.status" for e in one["events"])

    code, out, _ = invoke(env, "status")
    assert code == 0 and "integrated" in out and good[0] in out
    code, out, _ = invoke(env, "status", good[0])
    assert code == 0 and "identifiantFactureCPP" in out and "depositing" in out
    code, out, _ = invoke(env, "status", bad[0].stem)
    assert code == 0 and "BR-CPRO" in out

    code, out, err = invoke(env, "audit", "verify")
    assert code == 0, err
    assert "intact" in out


def test_send_a_number_already_sent(env: dict[str, str], tmp_path: Path) -> None:
    number = unique("TWICE")
    (path,) = write_invoices(tmp_path / "in", [number])
    assert invoke(env, "send", str(path))[0] == 0
    code, _, err = invoke(env, "send", str(path))
    assert code == 2 and "already sent" in err


def test_queue_then_worker_once_then_sync(env: dict[str, str], sandbox: Sandbox, tmp_path: Path) -> None:
    numbers = [unique("Q") for _ in range(3)]
    paths = write_invoices(tmp_path / "in", numbers)
    code, _, err = invoke(env, "send", *map(str, paths), "--queue")
    assert code == 0 and "bordereau worker" in err
    for _ in range(40):  # each run does what is due then stops: the flux reports come due a moment later
        code, _, err = invoke(env, "worker", "--once", "--concurrency", "2")
        assert code == 0, err
        if {r["state"] for r in json.loads(invoke(env, "status", "--json")[1])} == {"integrated"}:
            break
        time.sleep(0.25)
    httpx.post(f"{sandbox.url}/sandbox/clock", json={"advance": "40d"}, timeout=60)
    code, out, _ = invoke(env, "sync")
    assert code == 0 and "changed" in out
    records = json.loads(invoke(env, "status", "--json")[1])
    assert {r["platform_status"] for r in records} <= {"MISE_EN_PAIEMENT", "DEPOSEE", "MISE_A_DISPOSITION"}
    assert {r["state"] for r in records} == {"integrated"}


def test_complete_and_readdress_from_the_command_line(env: dict[str, str], sandbox: Sandbox, tmp_path: Path) -> None:
    suspended, recycled = f"SUSP-{unique('C')}"[:20], f"RECYC-{unique('C')}"[:20]
    paths = write_invoices(tmp_path / "in", [suspended, recycled])
    assert invoke(env, "send", *map(str, paths), "--wait")[0] == 0
    httpx.post(f"{sandbox.url}/sandbox/clock", json={"advance": "3d"}, timeout=60)
    code, out, _ = invoke(env, "sync")
    assert code == 0 and "waiting for you" in out and "bon de livraison" in out
    note = tmp_path / "bl.pdf"
    note.write_bytes(b"%PDF-1.4\n")
    code, out, err = invoke(env, "complete", suspended, "--attach", str(note), "--comment", "BL joint")
    assert code == 0, err
    assert "COMPLETEE" in out
    code, out, err = invoke(env, "readdress", recycled, "--service", "SERV-ACHATS")
    assert code == 0, err
    assert "DEPOSEE" in out
    code, _, err = invoke(env, "complete", recycled, "--comment", "x")
    assert code == 2 and "SUSPENDUE" in err


def test_directory_lookup(env: dict[str, str]) -> None:
    code, out, _ = invoke(env, "directory", "lookup", TRANSITION_SIRET)
    assert code == 0
    assert "service code (BT-10)" in out and "DGT-ACHATS" in out
    code, out, _ = invoke(env, "directory", "lookup", TRANSITION_SIRET, "--json")
    entry = json.loads(out)
    assert entry["found"] is True and entry["from_platform"] is False  # cached by the first lookup
    assert entry["parametres"]["codeServiceDoitEtreRenseigne"] is True
    code, _, _ = invoke(env, "directory", "lookup", "35600000000048")
    assert code == 1


def test_demo_runs_without_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for variable in ("BORDEREAU_SANDBOX_URL", "BORDEREAU_DATABASE_URL", "BORDEREAU_CONFIG"):
        monkeypatch.delenv(variable, raising=False)
    result = runner.invoke(app, ["demo", "--dir", str(tmp_path / "demo"), "--speed", "6"])
    assert result.exit_code == 0, result.stdout + result.stderr
    out = result.stdout
    assert "3 paid of 5 invoices" in out
    assert "was suspended, completed, then MISE_EN_PAIEMENT" in out
    assert "was rejected by the buyer" in out and "commande" in out
    assert "was never sent" in out and "BT-10" in out
    assert "audit trail" in out and "verifies" in out
