"""`bordereau sandbox accounts` and `bordereau sandbox serve`."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
from typer.testing import CliRunner

from bordereau.cli import app
from bordereau.sandbox.app import create_app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def test_accounts_json() -> None:
    result = runner.invoke(app, ["sandbox", "accounts", "--json"])
    assert result.exit_code == 0, result.output
    users = json.loads(result.output)
    assert {"login", "password", "role", "siret", "idStructureCPP"} <= set(users[0])
    supplier = next(u for u in users if u["siret"] == "85274196600026")
    assert supplier["role"] == "supplier"
    buyer = next(u for u in users if u["siret"] == "11004562200013")
    assert buyer["role"] == "buyer"
    assert "SERV-DSI-01" in [s["codeService"] for s in buyer["services"]]


def test_accounts_table_from_a_database(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    create_app(db).state.sandbox.close()
    result = runner.invoke(app, ["sandbox", "accounts", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "TECH_ATELIERS_SAONE@sandbox.cpro.fr" in result.output
    missing = runner.invoke(app, ["sandbox", "accounts", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 2


def test_serve_starts_uvicorn(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [
        sys.executable,
        "-c",
        "from bordereau.cli import app; app()",
        "sandbox",
        "serve",
        "--port",
        str(port),
        "--db",
        str(tmp_path / "served.db"),
        "--clock-speed",
        "86400",
        "--workers",
        "0",
    ]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                clock = httpx.get(f"http://127.0.0.1:{port}/sandbox/clock", timeout=1).json()
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline, process.stderr.read1().decode() if process.stderr else ""
                time.sleep(0.2)
        assert clock["speed"] == 86400
    finally:
        process.terminate()
        process.wait(30)
    assert (tmp_path / "served.db").exists()


def test_serve_refuses_a_bad_seed(tmp_path: Path) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text("{}", encoding="utf-8")
    result = runner.invoke(app, ["sandbox", "serve", "--seed", str(seed), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2
    assert "seed" in result.output
