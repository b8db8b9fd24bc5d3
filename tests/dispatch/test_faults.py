"""The sandbox's faults on the way: every invoice still ends integrated, and deposited exactly once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bordereau import store
from bordereau.dispatch import service
from bordereau.dispatch.context import Dispatch
from bordereau.store import InvoiceState as S

from .conftest import Sandbox, make_dispatch, rows, send, unique, write_invoices

DEPOSIT = "factures/deposer/flux"


def _states(d: Dispatch, invoice_id: int) -> list[str]:
    with d.db.read() as session:
        return [e.data["to"] for e in store.timeline(session, invoice_id) if e.type == store.EventType.STATE]


def test_a_500_before_the_deposit_took_effect_is_asked_about_then_sent_again(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.faults({"operations": {DEPOSIT: {"fail_first": 1, "error_status": 500}}})
    number = unique("E500")
    invoice = send(dispatch, tmp_path, [number])[number]

    assert invoice.state is S.INTEGRATED
    states = _states(dispatch, invoice.id)
    assert states[:6] == ["valid", "rendered", "depositing", "unknown", "rendered", "depositing"]
    with dispatch.db.read() as session:
        checks = [e for e in store.timeline(session, invoice.id) if e.type == "dispatch.not_found"]
    assert len(checks) == dispatch.options.timing.unknown_checks
    assert sandbox.flux_count(f"{number}.pdf") == 1
    assert sandbox.integrated_count(number) == 1


def test_a_500_after_the_deposit_took_effect_is_found_on_the_platform_and_never_sent_again(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    sandbox.faults({"operations": {DEPOSIT: {"fail_first": 1, "error_status": 500, "when": "after"}}})
    number = unique("A500")
    invoice = send(dispatch, tmp_path, [number])[number]

    assert invoice.state is S.INTEGRATED
    assert _states(dispatch, invoice.id) == ["valid", "rendered", "depositing", "unknown", "integrated"]
    assert invoice.platform_id is not None
    assert sandbox.flux_count(f"{number}.pdf") == 1


def test_a_deposit_that_hangs_is_settled_by_asking(sandbox: Sandbox, sqlite_url: str, tmp_path: Path) -> None:
    sandbox.faults({"operations": {DEPOSIT: {"fail_first": 0, "hang_rate": 1.0, "hang_max": 20, "when": "after"}}})
    d = make_dispatch(sandbox, sqlite_url, timeout=1.0)
    try:
        number = unique("HANG")
        sent = service.take_in(d, write_invoices(tmp_path, [number]))
        service.carry(d, sent.ids, settle=False)
        sandbox.faults({})
        service.carry(d, sent.ids, settle=True)
        invoice = rows(d, [number])[number]
    finally:
        service.close(d)
    assert invoice.state is S.INTEGRATED
    assert "unknown" in _states(d, invoice.id)
    assert sandbox.flux_count(f"{number}.pdf") == 1


def test_429_is_not_a_deposit_it_is_sent_later(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.faults({"operations": {DEPOSIT: {"fail_first": 1, "error_status": 429, "retry_after": 1}}})
    number = unique("R429")
    invoice = send(dispatch, tmp_path, [number])[number]

    assert invoice.state is S.INTEGRATED
    states = _states(dispatch, invoice.id)
    assert states[:5] == ["valid", "rendered", "depositing", "rendered", "depositing"]  # never "unknown"
    assert "unknown" not in states
    assert sandbox.flux_count(f"{number}.pdf") == 1


def test_503_on_reads_is_retried_by_the_client(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    sandbox.faults({"operations": {"transverses/consulterCRDetaille": {"fail_first": 2, "error_status": 503}}})
    number = unique("R503")
    assert send(dispatch, tmp_path, [number])[number].state is S.INTEGRATED


def test_the_platform_down_for_a_while(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    # more failures than the client's attempts: the pipeline waits and comes back
    sandbox.faults({"operations": {"transverses/consulterCRDetaille": {"fail_first": 8, "error_status": 500}}})
    number = unique("DOWN")
    invoice = send(dispatch, tmp_path, [number])[number]
    assert invoice.state is S.INTEGRATED
    assert sandbox.flux_count(f"{number}.pdf") == 1


def test_an_expired_token_is_renewed(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    first, second = unique("TOK"), unique("TOK")
    send(dispatch, tmp_path, [first])
    sandbox.state.gateway.expire_all()
    invoice = send(dispatch, tmp_path, [second])[second]
    assert invoice.state is S.INTEGRATED
    assert sandbox.flux_count(f"{second}.pdf") == 1


def test_in_incidente_sends_the_flux_again(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    number = unique("INC")
    sandbox.faults({"integration": {"incident_names": [f"{number}*"]}})
    sent = service.take_in(dispatch, write_invoices(tmp_path, [number]))
    invoice_id = sent.ids[0]

    def incident_seen(states: dict[int, Any]) -> None:
        if "rendered" in _states(dispatch, invoice_id)[3:]:
            sandbox.faults({})  # the platform is well again

    service.carry(dispatch, sent.ids, settle=True, on_progress=incident_seen)
    invoice = rows(dispatch, [number])[number]
    assert invoice.state is S.INTEGRATED
    with dispatch.db.read() as session:
        reasons = [e.data.get("flux_state") for e in store.timeline(session, invoice.id)]
    assert "IN_INCIDENTE" in reasons
    assert sandbox.integrated_count(number) == 1


def test_credentials_refused_at_the_gateway_hold_the_deposit(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    # every deposit refused with 401 (a token the gateway no longer takes): nothing was sent, it waits and retries
    sandbox.faults({"operations": {DEPOSIT: {"token_expired_rate": 1.0}}})
    number = unique("T401")
    sent = service.take_in(dispatch, write_invoices(tmp_path, [number]))

    def heal(_states: dict[int, Any]) -> None:
        if _states_of(dispatch, sent.ids[0]).count("depositing") >= 1:
            sandbox.faults({})

    service.carry(dispatch, sent.ids, settle=True, on_progress=heal)
    invoice = rows(dispatch, [number])[number]
    assert invoice.state is S.INTEGRATED
    assert "unknown" not in _states(dispatch, invoice.id)
    assert sandbox.flux_count(f"{number}.pdf") == 1


def _states_of(d: Dispatch, invoice_id: int) -> list[str]:
    return _states(d, invoice_id)
