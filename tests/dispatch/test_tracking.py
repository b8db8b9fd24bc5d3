"""After integration: batched status tracking to a final status, and the supplier's answers (complete, re-address,
replace), against the sandbox's scripted buyers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from bordereau import store
from bordereau.dispatch import service
from bordereau.dispatch.context import Dispatch
from bordereau.dispatch.service import ActionRefused
from bordereau.store import InvoiceState as S

from .conftest import Sandbox, rows, send, unique


def advance(sandbox: Sandbox, duration: str) -> None:
    answer = httpx.post(f"{sandbox.url}/sandbox/clock", json={"advance": duration}, timeout=60)
    assert answer.status_code == 200, answer.text


def statuses(d: Dispatch, number: str) -> list[str]:
    with d.db.read() as session:
        invoice = store.find_invoice(session, number)
        assert invoice is not None
        return [e.data["to"] for e in store.timeline(session, invoice.id) if e.type == store.EventType.PLATFORM_STATUS]


class Counting:
    """Wraps a platform and counts the calls made through it, by method."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.calls: dict[str, int] = {}

    def __getattr__(self, name: str) -> Any:
        attribute = getattr(self.inner, name)
        if not callable(attribute):
            return attribute

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] = self.calls.get(name, 0) + 1
            return attribute(*args, **kwargs)

        return counted


def counting(d: Dispatch) -> Counting:
    wrapped = Counting(d.platforms.get(None))
    d.platforms._open[None] = wrapped  # type: ignore[assignment]
    return wrapped


def test_tracking_follows_every_invoice_to_payment_with_one_search_per_pass(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    numbers = [unique("PAY") for _ in range(5)]
    send(dispatch, tmp_path, numbers)
    calls = counting(dispatch)
    advance(sandbox, "4d")
    first = service.sync(dispatch)
    assert first.searches == 1 and first.followed == 5
    assert all(statuses(dispatch, n)[-1] == "SERVICE_FAIT" for n in numbers)
    advance(sandbox, "30d")
    second = service.sync(dispatch)
    assert second.searches == 1
    assert calls.calls.get("search_supplier_invoices") == 2  # one per pass, whatever the number of invoices
    for number in numbers:
        seen = statuses(dispatch, number)
        assert seen[-3:] == ["SERVICE_FAIT", "MANDATEE", "MISE_EN_PAIEMENT"], seen  # MANDATEE from the history
        assert seen[0] == "DEPOSEE"
    # paid invoices are no longer followed
    third = service.sync(dispatch)
    assert third.followed == 0 and third.searches == 0
    assert store.verify_audit(dispatch.db).ok


def test_a_suspended_invoice_is_completed_then_paid(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    number = unique("SUSP")  # the ministry's script suspends invoices numbered *SUSP*
    number = f"SUSP-{number}"[:20]
    send(dispatch, tmp_path, [number])
    advance(sandbox, "3d")
    service.sync(dispatch)
    invoice = rows(dispatch, [number])[number]
    assert invoice.platform_status == "SUSPENDUE"
    with dispatch.db.read() as session:
        reason = [e.data.get("comment") for e in store.timeline(session, invoice.id) if e.data.get("to") == "SUSPENDUE"]
    assert reason and "bon de livraison" in reason[0]

    delivery = tmp_path / "bon-livraison-signe.pdf"
    delivery.write_bytes(b"%PDF-1.4\n% signed delivery note\n")
    service.complete(dispatch, number, "Bon de livraison signé joint.", [delivery])
    assert rows(dispatch, [number])[number].platform_status == "COMPLETEE"
    with pytest.raises(ActionRefused):
        service.complete(dispatch, number, "again", [])

    advance(sandbox, "25d")
    service.sync(dispatch)
    assert statuses(dispatch, number)[-1] == "MISE_EN_PAIEMENT"
    with dispatch.db.read() as session:
        kinds = [e.type for e in store.timeline(session, invoice.id)]
    assert "dispatch.completed" in kinds


def test_a_recycled_invoice_is_readdressed(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    number = f"RECYC-{unique('R')}"[:20]
    send(dispatch, tmp_path, [number])
    advance(sandbox, "2d")
    service.sync(dispatch)
    assert rows(dispatch, [number])[number].platform_status == "A_RECYCLER"

    service.readdress(dispatch, number, service="SERV-ACHATS", comment="Service des achats")
    assert rows(dispatch, [number])[number].platform_status == "DEPOSEE"
    advance(sandbox, "30d")
    service.sync(dispatch)
    assert statuses(dispatch, number)[-1] == "MISE_EN_PAIEMENT"


def test_a_rejected_invoice_is_replaced_by_a_corrected_one(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    rejected = f"REJ-{unique('X')}"[:20]
    send(dispatch, tmp_path / "1", [rejected])
    advance(sandbox, "3d")
    service.sync(dispatch)
    old = rows(dispatch, [rejected])[rejected]
    assert old.platform_status == "REJETEE"
    detail = service.detail(dispatch.db, rejected)
    assert any("commande" in (e.data.get("comment") or "") for e in detail.events)  # the buyer's reason

    replacement = unique("NEW")

    def refers(data: dict) -> None:
        data["preceding_invoices"] = [{"number": rejected, "issue_date": data["issue_date"]}]

    new = send(dispatch, tmp_path / "2", [replacement], change=refers)[replacement]
    assert new.state is S.INTEGRATED, new.findings
    with dispatch.db.read() as session:
        assert any(e.type == "dispatch.replaces" for e in store.timeline(session, new.id))
        assert any(e.type == "dispatch.replaced_by" for e in store.timeline(session, old.id))
    flag = sandbox.state.store.scalar("SELECT rejet_traite FROM invoices WHERE numero = ?", [rejected])
    assert flag == 1  # the platform was told the rejection is dealt with


def test_actions_on_the_wrong_status_are_refused(dispatch: Dispatch, tmp_path: Path) -> None:
    number = unique("ACT")
    send(dispatch, tmp_path, [number])
    with pytest.raises(ActionRefused):
        service.complete(dispatch, number, "nothing asked", [])
    with pytest.raises(ActionRefused):
        service.readdress(dispatch, number, service="SERV-ACHATS")
    with pytest.raises(store.NotFound):
        service.complete(dispatch, "NO-SUCH-NUMBER", "x", [])


def test_the_directory_is_cached(dispatch: Dispatch, sandbox: Sandbox) -> None:
    calls = counting(dispatch)
    first = service.buyer(dispatch, "11000121100173")
    assert first is not None and first.fetched and first.found
    assert first.entry.flags["codeServiceDoitEtreRenseigne"] is True
    assert {s["codeService"] for s in first.entry.services} >= {"DGT-ACHATS", "DGT-IMMO"}
    second = service.buyer(dispatch, "11000121100173")
    assert second is not None and not second.fetched
    assert calls.calls.get("structure") == 1
    third = service.buyer(dispatch, "11000121100173", refresh=True)
    assert third is not None and third.fetched
    unknown = service.buyer(dispatch, "35600000000048")
    assert unknown is not None and not unknown.found
