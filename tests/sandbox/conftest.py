"""The sandbox under uvicorn on 127.0.0.1 (a free port, a thread), and helpers that talk to it over HTTP."""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bordereau import read, to_cii, to_ubl
from bordereau.sandbox.app import create_app
from bordereau.sandbox.clock import Clock
from bordereau.sandbox.server import ServerThread

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CLIENT = {"grant_type": "client_credentials", "client_id": "bordereau-sandbox", "client_secret": "sandbox-secret"}

# Technical users of the default seed.
SUPPLIER = ("TECH_ATELIERS_SAONE@sandbox.cpro.fr", "Saone-Sandbox-2026")  # Ateliers Numériques de Saône
MULTI = ("TECH_FOURNITURES_RHONE@sandbox.cpro.fr", "Rhone-Sandbox-2026")  # two supplier structures
UNIVERSITY = ("TECH_UNIVERSITE_SR@sandbox.cpro.fr", "Univ-Sandbox-2026")  # a public structure as supplier
MINISTRY = ("TECH_MIN_ADMIN_NUM@sandbox.cpro.fr", "Ministere-Sandbox-2026")  # buyer, automatic
SPORTS = ("TECH_MIN_SPORTS@sandbox.cpro.fr", "Sports-Sandbox-2026")  # buyer, acts by hand
SUPPLIER_SIRET = "85274196600026"
SUPPLIER_ID = 26300297
MINISTRY_SIRET = "11004562200013"
MINISTRY_ID = 26300101
FINAL = ("IN_INTEGRE", "IN_INTEGRE_PARTIEL", "IN_REJETE", "IN_INCIDENTE")


def account(user: tuple[str, str]) -> str:
    return base64.b64encode(f"{user[0]}:{user[1]}".encode()).decode()


class Running:
    """A sandbox served on 127.0.0.1, with an HTTP client and shortcuts for the API and the controls."""

    def __init__(self, server: ServerThread) -> None:
        self.server = server
        self.url = server.url
        self.http = httpx.Client(base_url=self.url, timeout=30)
        self._token: str | None = None

    @property
    def state(self) -> Any:
        return self.server.app.state.sandbox

    def token(self) -> str:
        if self._token is None:
            answer = self.http.post("/api/oauth/token", data=CLIENT)
            assert answer.status_code == 200, answer.text
            self._token = answer.json()["access_token"]
        return self._token

    def headers(self, user: tuple[str, str] = SUPPLIER) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token()}", "cpro-account": account(user)}

    def post(self, path: str, body: Any, user: tuple[str, str] = SUPPLIER, **kwargs: Any) -> httpx.Response:
        return self.http.post(f"/cpro/{path}", json=body, headers=self.headers(user), **kwargs)

    def call(self, path: str, body: Any, user: tuple[str, str] = SUPPLIER) -> dict[str, Any]:
        """A call that must succeed at the HTTP level; returns the JSON answer."""
        answer = self.post(path, body, user)
        assert answer.status_code == 200, f"{path}: {answer.status_code} {answer.text}"
        return answer.json()

    def advance(self, duration: str | float) -> dict[str, Any]:
        answer = self.http.post("/sandbox/clock", json={"advance": duration})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def deposit(
        self, document: bytes, name: str = "facture.xml", syntaxe: str = "IN_DP_E1_UBL_INVOICE", user=SUPPLIER
    ) -> str:
        body = {
            "idUtilisateurCourant": 0,
            "fichierFlux": base64.b64encode(document).decode(),
            "nomFichier": name,
            "syntaxeFlux": syntaxe,
            "avecSignature": False,
        }
        answer = self.call("factures/v1/deposer/flux", body, user)
        assert answer["codeRetour"] == 0, answer
        return answer["numeroFluxDepot"]

    def report(self, numero: str, user: tuple[str, str] = SUPPLIER) -> dict[str, Any]:
        """The detailed CR once integration is over (the clock is moved past the integration delay)."""
        self.advance("5s")
        answer = self.call("transverses/v1/consulterCRDetaille", {"numeroFluxDepot": numero}, user)
        assert answer["etatCourantDepotFlux"] in FINAL, answer
        return answer

    def invoices_of(self, numero: str, user: tuple[str, str] = SUPPLIER) -> list[dict[str, Any]]:
        return self.call("factures/v1/rechercher/fournisseur", {"numeroFluxDepot": numero}, user)["listeFactures"]

    def deposit_invoice(self, document: bytes, **kwargs: Any) -> int:
        """Deposit one invoice that must integrate; its identifiantFactureCPP."""
        numero = self.deposit(document, **kwargs)
        report = self.report(numero)
        assert report["etatCourantDepotFlux"] == "IN_INTEGRE", report
        (invoice,) = self.invoices_of(numero)
        return invoice["identifiantFactureCPP"]

    def invoices_of_id(self, invoice_id: int, user: tuple[str, str] = SUPPLIER) -> str:
        """The flow an invoice came in."""
        body = {"rechercheFactureParFournisseur": {"nbResultatsParPage": 10000}}
        detail = self.call("factures/v1/rechercher/fournisseur", body, user)["listeFactures"]
        return next(f["numeroFluxDepot"] for f in detail if f["identifiantFactureCPP"] == invoice_id)

    def history(self, invoice_id: int, user: tuple[str, str] = SUPPLIER) -> dict[str, Any]:
        return self.call("factures/v1/consulter/historique", {"idFacture": invoice_id}, user)

    def status(self, invoice_id: int, user: tuple[str, str] = SUPPLIER) -> str:
        return self.history(invoice_id, user)["statutCourantCode"]

    def close(self) -> None:
        self.http.close()
        self.server.stop()


@pytest.fixture
def start_sandbox(tmp_path: Path) -> Iterator[Callable[..., Running]]:
    """Start sandboxes (``db`` defaults to one file per test); all are stopped at the end."""
    running: list[Running] = []

    def start(db: Path | None = None, **kwargs: Any) -> Running:
        kwargs.setdefault("clock", Clock(1.0))
        app = create_app(db or tmp_path / "sandbox.db", **kwargs)
        sandbox = Running(ServerThread(app).start())
        running.append(sandbox)
        return sandbox

    yield start
    for sandbox in running:
        sandbox.close()


@pytest.fixture
def sandbox(start_sandbox: Callable[..., Running]) -> Running:
    return start_sandbox()


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """One sandbox for a whole test module (tests use their own invoice numbers)."""
    app = create_app(tmp_path_factory.mktemp("sandbox") / "sandbox.db", clock=Clock(1.0))
    sandbox = Running(ServerThread(app).start())
    yield sandbox
    sandbox.close()


def example(name: str = "facture-ministere.json") -> dict[str, Any]:
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


_counter = [0]


def unique(prefix: str = "T") -> str:
    """An invoice number no other test uses (≤ 20 characters)."""
    _counter[0] += 1
    return f"{prefix}-{_counter[0]:05d}"[:20]


def invoice(
    number: str | None = None,
    *,
    buyer: str | None = MINISTRY_SIRET,
    service: str | None = "keep",
    engagement: str | None = "keep",
    seller: str | None = None,
    syntax: str = "ubl",
    base: str = "facture-ministere.json",
    change: Callable[[dict[str, Any]], None] | None = None,
) -> bytes:
    """An example invoice, with another number, buyer, service code or engagement, as UBL or CII bytes."""
    data = copy.deepcopy(example(base))
    data["number"] = number or unique()
    if buyer != MINISTRY_SIRET:
        for key in ("identifier", "electronic_address"):
            data["buyer"][key] = {"value": buyer, "scheme_id": "0009"} if buyer else None
        data["buyer"]["legal_registration"] = {"value": buyer[:9], "scheme_id": "0002"} if buyer else None
    if seller is not None:
        data["seller"]["identifiers"] = [{"value": seller, "scheme_id": "0009"}]
        data["seller"]["electronic_address"] = {"value": seller, "scheme_id": "0009"}
        data["seller"]["legal_registration"] = {"value": seller[:9], "scheme_id": "0002"}
    if service != "keep":
        data["buyer_reference"] = service
    if engagement != "keep":
        data["purchase_order_reference"] = engagement
    if change is not None:
        change(data)
    model = read(json.dumps(data).encode(), "test.json").invoice
    return to_ubl(model) if syntax == "ubl" else to_cii(model)
