"""The PISTE gateway: tokens, the cpro-account header, 401/403, malformed requests."""

from __future__ import annotations

import base64
import time

from .conftest import CLIENT, MINISTRY, MINISTRY_ID, SUPPLIER, Running, account

ACCOUNT_CHALLENGE = 'Bearer realm="PISTE",error="Unauthorized",error_description="login or password incorrects"'


def test_token_answers_as_piste(shared: Running) -> None:
    answer = shared.http.post("/api/oauth/token", data={**CLIENT, "scope": "openid"})
    assert answer.status_code == 200
    token = answer.json()
    assert token["token_type"] == "Bearer"
    assert token["expires_in"] == 3600
    assert token["scope"] == "openid"
    assert len(token["access_token"]) > 20


def test_token_without_scope_and_with_basic_auth(shared: Running) -> None:
    assert shared.http.post("/api/oauth/token", data=CLIENT).status_code == 200
    basic = base64.b64encode(b"bordereau-sandbox:sandbox-secret").decode()
    answer = shared.http.post(
        "/api/oauth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"}
    )
    assert answer.status_code == 200


def test_token_refusals(shared: Running) -> None:
    wrong = shared.http.post("/api/oauth/token", data={**CLIENT, "client_secret": "nope"})
    assert wrong.status_code == 401
    assert wrong.json()["error"] == "invalid_client"
    grant = shared.http.post("/api/oauth/token", data={**CLIENT, "grant_type": "password"})
    assert grant.status_code == 400
    assert grant.json()["error"] == "unsupported_grant_type"
    assert shared.http.post("/api/oauth/token", data={}).json()["error"] == "invalid_request"


def test_missing_or_wrong_token_is_401_with_challenge(shared: Running) -> None:
    headers = {"cpro-account": account(SUPPLIER)}
    missing = shared.http.post("/cpro/transverses/v1/recuperer/devises", json={}, headers=headers)
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith('Bearer realm="PISTE"')
    wrong = shared.http.post(
        "/cpro/transverses/v1/recuperer/devises", json={}, headers={**headers, "Authorization": "Bearer forged"}
    )
    assert wrong.status_code == 401
    assert "invalid_token" in wrong.headers["www-authenticate"]


def test_bad_cpro_account_is_401_never_500(shared: Running) -> None:
    token = shared.token()
    cases = [
        None,
        "%%% not base64 %%%",
        base64.b64encode(b"\xff\xfe\xfd").decode(),  # not UTF-8
        base64.b64encode(b"no-colon-here").decode(),
        account((SUPPLIER[0], "wrong password")),
        account(("nobody@example.org", "x")),
        "Basic " + account((SUPPLIER[0], "wrong")),
    ]
    for value in cases:
        headers = {"Authorization": f"Bearer {token}"}
        if value is not None:
            headers["cpro-account"] = value
        answer = shared.http.post("/cpro/transverses/v1/recuperer/devises", json={}, headers=headers)
        assert answer.status_code == 401, value
        assert answer.headers["www-authenticate"] == ACCOUNT_CHALLENGE


def test_account_with_basic_prefix_is_accepted(shared: Running) -> None:
    headers = {"Authorization": f"Bearer {shared.token()}", "cpro-account": "Basic " + account(SUPPLIER)}
    assert shared.http.post("/cpro/transverses/v1/recuperer/devises", json={}, headers=headers).status_code == 200


def test_expired_token(start_sandbox) -> None:
    sandbox = start_sandbox(token_lifetime=1)
    token = sandbox.http.post("/api/oauth/token", data=CLIENT).json()
    assert token["expires_in"] == 1
    headers = {"Authorization": f"Bearer {token['access_token']}", "cpro-account": account(SUPPLIER)}
    assert sandbox.http.post("/cpro/transverses/v1/recuperer/devises", json={}, headers=headers).status_code == 200
    time.sleep(1.1)
    answer = sandbox.http.post("/cpro/transverses/v1/recuperer/devises", json={}, headers=headers)
    assert answer.status_code == 401
    assert "invalid_token" in answer.headers["www-authenticate"]


def test_expire_all_tokens_on_demand(sandbox: Running) -> None:
    assert sandbox.post("transverses/v1/recuperer/devises", {}).status_code == 200
    assert sandbox.http.post("/sandbox/tokens/expire").json()["expired"] >= 1
    assert sandbox.post("transverses/v1/recuperer/devises", {}).status_code == 401


def test_acting_for_a_structure_not_attached_is_403(shared: Running) -> None:
    answer = shared.post("factures/v1/rechercher/fournisseur", {"idFournisseur": MINISTRY_ID})
    assert answer.status_code == 403
    assert answer.content == b""
    answer = shared.post("factures/v1/rechercher/recipiendaire", {"idDestinataire": 26300108}, MINISTRY)
    assert answer.status_code == 403


def test_malformed_requests_are_400_with_code_and_label(shared: Running) -> None:
    headers = {**shared.headers(), "Content-Type": "application/json"}
    broken = shared.http.post("/cpro/factures/v1/deposer/flux", content=b"{not json", headers=headers)
    assert broken.status_code == 400
    assert set(broken.json()) == {"codeRetour", "libelle"}
    listed = shared.http.post("/cpro/factures/v1/deposer/flux", content=b"[1, 2]", headers=headers)
    assert listed.status_code == 400
    missing = shared.post("factures/v1/deposer/flux", {"nomFichier": "a.xml", "syntaxeFlux": "IN_DP_E1_UBL_INVOICE"})
    assert missing.status_code == 400
    assert "fichierFlux" in missing.json()["libelle"]
    typed = shared.post("factures/v1/consulter/fournisseur", {"identifiantFactureCPP": "douze"})
    assert typed.status_code == 400


def test_unknown_operation_is_404_and_sandbox_controls_are_not_under_cpro(shared: Running) -> None:
    assert shared.post("factures/v1/nimporte/quoi", {}).status_code == 404
    assert shared.post("sandbox/v1/clock", {}).status_code == 404
    assert shared.http.get("/sandbox/clock").status_code == 200


def test_health_check_needs_only_the_token(shared: Running) -> None:
    answer = shared.http.get("/cpro/transverses/v1/health-check", headers={"Authorization": f"Bearer {shared.token()}"})
    assert answer.status_code == 200
    assert answer.json() == {"body": "OK", "statusCodeValue": 200, "statusCode": "OK"}
    assert shared.http.get("/cpro/transverses/v1/health-check").status_code == 401


def test_unknown_keys_and_empty_values_are_ignored(shared: Running) -> None:
    body = {
        "idFournisseur": 0,
        "numeroFacture": "",
        "statutCourant": [],
        "listeDestinataire": [],
        "periodeDateDepotDu": None,
        "rejetTraite": False,
        "cadreFacturation": {},
        "champInconnu": {"a": 1},
        "rechercheFactureParFournisseur": {"nbResultatsParPage": 0, "pageResultatDemandee": 0, "triSense": ""},
    }
    answer = shared.call("factures/v1/rechercher/fournisseur", body)
    assert answer["codeRetour"] == 0
