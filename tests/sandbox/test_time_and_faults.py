"""The sandbox clock and the faults: errors, Retry-After, latency, hangs, expired tokens, incident flows."""

from __future__ import annotations

import time
from datetime import datetime

import httpx
import pytest

from bordereau.errors import InputError
from bordereau.sandbox.clock import Clock, parse_duration
from bordereau.sandbox.faults import Faults, read_faults_file

from .conftest import SUPPLIER, Running, account, invoice


def test_clock_runs_fast_and_moves_forward(start_sandbox) -> None:
    sandbox = start_sandbox(clock=Clock(86400))
    before = sandbox.http.get("/sandbox/clock").json()
    time.sleep(0.2)
    after = sandbox.http.get("/sandbox/clock").json()
    assert 0.15 * 86400 < after["timestamp"] - before["timestamp"] < 20 * 86400
    assert after["speed"] == 86400
    moved = sandbox.http.post("/sandbox/clock", json={"advance": "30d", "speed": 1}).json()
    assert moved["timestamp"] - after["timestamp"] >= 30 * 86400
    assert moved["speed"] == 1
    assert sandbox.http.post("/sandbox/clock", json={"set": "2001-01-01T00:00:00+01:00"}).status_code == 400
    assert sandbox.http.post("/sandbox/clock", json={"advance": "-1d"}).status_code == 400
    target = datetime.fromtimestamp(moved["timestamp"] + 86400).astimezone().isoformat()
    assert sandbox.http.post("/sandbox/clock", json={"set": target}).status_code == 200


def test_fast_clock_plays_the_life_cycle_by_itself(start_sandbox) -> None:
    sandbox = start_sandbox(clock=Clock(2_000_000))
    numero = sandbox.deposit(invoice())
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        found = sandbox.invoices_of(numero)
        if found and found[0]["statut"] == "MISE_EN_PAIEMENT":
            break
        time.sleep(0.1)
    assert found and found[0]["statut"] == "MISE_EN_PAIEMENT"


def test_dates_follow_the_sandbox_clock(sandbox: Running) -> None:
    sandbox.advance("365d")
    answer = sandbox.call(
        "factures/v1/deposer/flux",
        {"fichierFlux": "PGEvPg==", "nomFichier": "a.xml", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"},
    )
    assert answer["dateDepot"] > datetime.now().date().isoformat()


def test_durations() -> None:
    assert parse_duration("90") == 90 and parse_duration("15m") == 900 and parse_duration("2d") == 172800
    with pytest.raises(ValueError):
        parse_duration("soon")


def test_error_rate_with_retry_after(sandbox: Running) -> None:
    config = {"operations": {"factures/deposer/flux": {"error_rate": 1.0, "error_status": 429, "retry_after": 7}}}
    assert sandbox.http.put("/sandbox/faults", json=config).status_code == 200
    answer = sandbox.post("factures/v1/deposer/flux", {})
    assert answer.status_code == 429 and answer.headers["retry-after"] == "7"
    # other operations are untouched
    assert sandbox.post("transverses/v1/recuperer/devises", {}).status_code == 200
    sandbox.http.put("/sandbox/faults", json={"operations": {"*": {"error_rate": 1.0, "error_status": 503}}})
    assert sandbox.post("transverses/v1/recuperer/devises", {}).status_code == 503
    assert sandbox.http.post("/api/oauth/token", data={}).status_code == 503  # "*" covers the gateway too
    sandbox.http.put("/sandbox/faults", json={})
    assert sandbox.post("transverses/v1/recuperer/devises", {}).status_code == 200


def test_fail_first_then_succeed(sandbox: Running) -> None:
    sandbox.http.put(
        "/sandbox/faults",
        json={"operations": {"transverses/recuperer/devises": {"fail_first": 2, "error_status": 500}}},
    )
    codes = [sandbox.post("transverses/v1/recuperer/devises", {}).status_code for _ in range(4)]
    assert codes == [500, 500, 200, 200]


def test_error_after_the_operation_took_effect(sandbox: Running) -> None:
    """The answer is lost but the deposit happened: what exactly-once deposit must cope with."""
    sandbox.http.put(
        "/sandbox/faults",
        json={"operations": {"factures/deposer/flux": {"fail_first": 1, "error_status": 500, "when": "after"}}},
    )
    number = "APRES-500"
    import base64

    body = {
        "fichierFlux": base64.b64encode(invoice(number)).decode(),
        "nomFichier": "a.xml",
        "syntaxeFlux": "IN_DP_E1_UBL_INVOICE",
    }
    assert sandbox.post("factures/v1/deposer/flux", body).status_code == 500
    sandbox.advance("5s")
    found = sandbox.call("factures/v1/rechercher/fournisseur", {"numeroFacture": number})["listeFactures"]
    assert len(found) == 1


def test_latency(sandbox: Running) -> None:
    sandbox.http.put("/sandbox/faults", json={"operations": {"transverses/recuperer/devises": {"latency": 0.3}}})
    begin = time.monotonic()
    assert sandbox.post("transverses/v1/recuperer/devises", {}).status_code == 200
    assert time.monotonic() - begin >= 0.3


def test_hang_until_the_client_gives_up(sandbox: Running) -> None:
    sandbox.http.put("/sandbox/faults", json={"operations": {"transverses/recuperer/devises": {"hang_rate": 1.0}}})
    begin = time.monotonic()
    with pytest.raises(httpx.ReadTimeout):
        sandbox.post("transverses/v1/recuperer/devises", {}, timeout=0.5)
    assert time.monotonic() - begin < 5
    sandbox.http.put("/sandbox/faults", json={})
    assert sandbox.post("transverses/v1/recuperer/devises", {}).status_code == 200


def test_token_expiry_faults(sandbox: Running) -> None:
    sandbox.http.put("/sandbox/faults", json={"token": {"lifetime": 42}})
    token = sandbox.http.post(
        "/api/oauth/token",
        data={"grant_type": "client_credentials", "client_id": "bordereau-sandbox", "client_secret": "sandbox-secret"},
    ).json()
    assert token["expires_in"] == 42
    sandbox.http.put("/sandbox/faults", json={"operations": {"*": {"token_expired_rate": 1.0}}})
    headers = {"Authorization": f"Bearer {token['access_token']}", "cpro-account": account(SUPPLIER)}
    answer = sandbox.http.post("/cpro/transverses/v1/recuperer/devises", json={}, headers=headers)
    assert answer.status_code == 401 and "invalid_token" in answer.headers["www-authenticate"]


def test_incident_flows(sandbox: Running) -> None:
    sandbox.http.put("/sandbox/faults", json={"integration": {"incident_names": ["*INCIDENT*"]}})
    numero = sandbox.deposit(invoice(), name="lot-INCIDENT.xml")
    report = sandbox.report(numero)
    assert report["etatCourantDepotFlux"] == "IN_INCIDENTE"
    assert report["listeErreurTechnique"][0]["natureErreur"] == "INCIDENT"
    assert sandbox.invoices_of(numero) == []
    sandbox.http.put("/sandbox/faults", json={"integration": {"incident_rate": 1.0}})
    assert sandbox.report(sandbox.deposit(invoice()))["etatCourantDepotFlux"] == "IN_INCIDENTE"


def test_faults_file_formats(tmp_path, start_sandbox) -> None:
    toml = tmp_path / "faults.toml"
    toml.write_text(
        'seed = 7\n[token]\nlifetime = "10m"\n'
        '[operations."factures/deposer/flux"]\nerror_rate = 0.5\nerror_status = 503\nretry_after = 2\n'
        "[integration]\nincident_rate = 0.1\n",
        encoding="utf-8",
    )
    config = read_faults_file(toml)
    assert Faults(config).token_lifetime == 600
    as_json = tmp_path / "faults.json"
    as_json.write_text('{"operations": {"*": {"latency": "1s"}}}', encoding="utf-8")
    assert Faults(read_faults_file(as_json)).operations["*"].latency == 1
    bad = tmp_path / "bad.toml"
    bad.write_text('[operations."x"]\nerror_rate = 2\n', encoding="utf-8")
    with pytest.raises(InputError, match="error_rate"):
        read_faults_file(bad)
    bad.write_text("[surprise]\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown section"):
        read_faults_file(bad)
    sandbox = start_sandbox(faults=toml)
    assert sandbox.http.get("/sandbox/faults").json()["operations"]["factures/deposer/flux"]["error_rate"] == 0.5
    assert sandbox.http.put("/sandbox/faults", json={"operations": {"x": {"error_status": 299}}}).status_code == 400


def test_seeded_draws_repeat() -> None:
    config = {"seed": 3, "operations": {"*": {"error_rate": 0.5}}}
    one, two = Faults(config), Faults(config)
    draws = [one.decide("a").status for _ in range(20)]
    assert draws == [two.decide("a").status for _ in range(20)]
    assert set(draws) == {None, 503}
