"""State lives in SQLite: a restarted sandbox has its flows, invoices, tokens, clock and pending steps."""

from __future__ import annotations

from pathlib import Path

from bordereau.sandbox.clock import Clock

from .conftest import CLIENT, SUPPLIER, account, invoice


def test_state_survives_a_restart(start_sandbox, tmp_path: Path) -> None:
    db = tmp_path / "persist.db"
    first = start_sandbox(db)
    invoice_id = first.deposit_invoice(invoice("RESTART-1"))
    token = first.token()
    first.advance("10d")
    pending = first.deposit(invoice("RESTART-2"))  # IN_RECU: its integration job is still to come
    state = first.call("transverses/v1/consulterCRDetaille", {"numeroFluxDepot": pending})["etatCourantDepotFlux"]
    assert state == "IN_RECU"
    clock_before = first.http.get("/sandbox/clock").json()["timestamp"]
    first.close()

    second = start_sandbox(db, clock=Clock(1.0))
    assert second.http.get("/sandbox/clock").json()["timestamp"] >= clock_before
    headers = {"Authorization": f"Bearer {token}", "cpro-account": account(SUPPLIER)}
    answer = second.http.post("/cpro/factures/v1/consulter/historique", json={"idFacture": invoice_id}, headers=headers)
    assert answer.status_code == 200
    assert answer.json()["statutCourantCode"] == "SERVICE_FAIT"
    assert second.report(pending)["etatCourantDepotFlux"] == "IN_INTEGRE"
    second.advance("40d")
    assert second.status(invoice_id) == "MISE_EN_PAIEMENT"
    # numbers go on from where they were
    assert second.deposit(invoice()) > pending
    assert second.http.post("/api/oauth/token", data=CLIENT).status_code == 200
