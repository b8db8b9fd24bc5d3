"""The sandbox mounted in process, as the embedded default platform uses it (no server, no port)."""

from __future__ import annotations

import asyncio
import base64
import warnings
from pathlib import Path

import httpx

with warnings.catch_warnings():  # Starlette 1.x announces a move of its test client to another HTTP library
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

from bordereau.sandbox.app import create_app

from .conftest import CLIENT, SUPPLIER, account, invoice


def test_async_client_over_asgi_transport(tmp_path: Path) -> None:
    """httpx's ASGITransport runs no lifespan: the background work starts with the first API call."""
    app = create_app(tmp_path / "embedded.db")

    async def journey() -> str:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
            token = (await client.post("/api/oauth/token", data=CLIENT)).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}", "cpro-account": account(SUPPLIER)}
            body = {
                "fichierFlux": base64.b64encode(invoice()).decode(),
                "nomFichier": "f.xml",
                "syntaxeFlux": "IN_DP_E1_UBL_INVOICE",
            }
            numero = (await client.post("/cpro/factures/v1/deposer/flux", json=body, headers=headers)).json()[
                "numeroFluxDepot"
            ]
            await client.post("/sandbox/clock", json={"advance": "5s"})
            report = await client.post(
                "/cpro/transverses/v1/consulterCRDetaille", json={"numeroFluxDepot": numero}, headers=headers
            )
            await app.state.sandbox.stop()
            return report.json()["etatCourantDepotFlux"]

    assert asyncio.run(journey()) == "IN_INTEGRE"


def test_sync_client_through_the_test_client(tmp_path: Path) -> None:
    app = create_app(tmp_path / "embedded.db")
    for _ in range(2):  # the application can be started again after a stop
        with TestClient(app) as client:
            token = client.post("/api/oauth/token", data=CLIENT).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}", "cpro-account": account(SUPPLIER)}
            answer = client.post("/cpro/transverses/v1/recuperer/devises", json={}, headers=headers)
            assert answer.json()["codeRetour"] == 0
