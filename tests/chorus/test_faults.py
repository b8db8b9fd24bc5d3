"""The sandbox's faults: searches are retried, deposits and actions never blindly; lost deposits are found again."""

from __future__ import annotations

import socket

import pytest

from bordereau.errors import (
    DepositOutcomeUnknown,
    OutcomeUnknown,
    PlatformRateLimited,
    PlatformUnavailable,
)

from .conftest import SUPPLIER_ID, Served, Sleeps, deposit_one, integrate, invoice, unique

SEARCH = "factures/rechercher/fournisseur"
DEPOSIT = "factures/deposer/flux"


def faulty(serve, operation: str, **faults) -> Served:
    return serve(faults={"seed": 1, "operations": {operation: faults}})


def test_server_errors_on_a_search_are_retried(serve) -> None:
    sandbox = faulty(serve, SEARCH, fail_first=2, error_status=500)
    sleeps = Sleeps()
    platform = sandbox.platform(sleep=sleeps)
    assert platform.search_supplier_invoices() == []
    assert sandbox.calls(SEARCH) == 3 and len(sleeps) == 2


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_is_honoured(serve, status: int) -> None:
    sandbox = faulty(serve, SEARCH, fail_first=1, error_status=status, retry_after=3)
    sleeps = Sleeps()
    platform = sandbox.platform(sleep=sleeps)
    assert platform.search_supplier_invoices() == []
    assert sleeps == [pytest.approx(3.0)]  # the wait the platform asked for, not the tiny backoff


def test_a_search_that_keeps_failing_gives_up(serve) -> None:
    sandbox = faulty(serve, SEARCH, error_rate=1, error_status=503)
    platform = sandbox.platform(attempts=3)
    with pytest.raises(PlatformUnavailable) as caught:
        platform.search_supplier_invoices()
    assert caught.value.status == 503 and sandbox.calls(SEARCH) == 3
    assert not isinstance(caught.value, OutcomeUnknown)


def test_a_long_retry_after_is_left_to_the_caller(serve) -> None:
    sandbox = faulty(serve, SEARCH, fail_first=1, error_status=429, retry_after=600)
    platform = sandbox.platform()
    with pytest.raises(PlatformRateLimited) as caught:
        platform.search_supplier_invoices()
    assert caught.value.retry_after == 600 and sandbox.calls(SEARCH) == 1


def test_a_hanging_search_times_out_and_is_retried(serve) -> None:
    sandbox = faulty(serve, SEARCH, hang_rate=1, hang_max=60)
    sleeps = Sleeps(lambda _: sandbox.state.faults.load({}))  # the fault is gone once the client waits
    platform = sandbox.platform(timeout=1.0, sleep=sleeps)
    assert platform.search_supplier_invoices() == []
    assert len(sleeps) == 1  # the first attempt hung until the client's timeout, the second went through


def test_latency_is_only_slower(serve) -> None:
    sandbox = serve(faults={"operations": {"*": {"latency": 0.2, "latency_jitter": 0.1}}})
    platform = sandbox.platform()
    deposit_one(platform, unique("SLOW"))


def test_a_rate_limited_deposit_is_not_retried(serve) -> None:
    sandbox = faulty(serve, DEPOSIT, fail_first=1, error_status=429, retry_after=1)
    sleeps = Sleeps()
    platform = sandbox.platform(sleep=sleeps)
    number = unique("RL")
    with pytest.raises(PlatformRateLimited) as caught:
        platform.deposit(invoice(number), f"{number}.xml", "ubl")
    assert caught.value.retry_after == 1 and sandbox.calls(DEPOSIT) == 1 and sleeps == []
    assert sandbox.state.store.scalar("SELECT COUNT(*) FROM flux") == 0


@pytest.mark.parametrize("status", [500, 503])
def test_a_deposit_failing_before_is_unknown_and_not_found(serve, status: int) -> None:
    sandbox = faulty(serve, DEPOSIT, fail_first=1, error_status=status)
    platform = sandbox.platform()
    number = unique("LOST")
    with pytest.raises(DepositOutcomeUnknown) as caught:
        platform.deposit(invoice(number), f"{number}.xml", "ubl")
    assert caught.value.status == status and sandbox.calls(DEPOSIT) == 1
    assert platform.sandbox is not None
    platform.sandbox.advance("5s")
    assert platform.find_invoice(SUPPLIER_ID, number) is None  # never arrived: it may be sent again


def test_a_deposit_whose_answer_is_lost_is_found(serve) -> None:
    sandbox = faulty(serve, DEPOSIT, fail_first=1, error_status=500, when="after")
    platform = sandbox.platform()
    number = unique("AFTER")
    with pytest.raises(DepositOutcomeUnknown):
        platform.deposit(invoice(number), f"{number}.xml", "ubl")
    assert sandbox.calls(DEPOSIT) == 1
    assert platform.sandbox is not None
    platform.sandbox.advance("5s")
    found = platform.find_invoice(SUPPLIER_ID, number)
    assert found is not None and found.status == "DEPOSEE" and found.flux_id


def test_a_deposit_that_hangs_is_unknown_then_found(serve) -> None:
    sandbox = faulty(serve, DEPOSIT, hang_rate=1, hang_max=60, when="after")
    platform = sandbox.platform(timeout=2.0)
    number = unique("HANG")
    with pytest.raises(DepositOutcomeUnknown) as caught:
        platform.deposit(invoice(number), f"{number}.xml", "ubl")
    assert "ReadTimeout" in str(caught.value) and sandbox.calls(DEPOSIT) == 1
    assert platform.sandbox is not None
    platform.sandbox.advance("5s")
    assert platform.find_invoice(SUPPLIER_ID, number) is not None


def test_an_action_whose_answer_is_lost_is_unknown(serve) -> None:
    sandbox = serve()
    platform = sandbox.platform()
    invoice_id = deposit_one(platform, unique("ACT"))
    sandbox.state.faults.load({"operations": {"factures/completer": {"fail_first": 1, "error_status": 502}}})
    with pytest.raises(OutcomeUnknown) as caught:
        platform.complete(invoice_id, "x")
    assert not isinstance(caught.value, DepositOutcomeUnknown | PlatformUnavailable)
    assert sandbox.calls("factures/completer") == 1


def test_a_refused_connection_is_retried_even_for_a_deposit(serve) -> None:
    """Nothing was sent: trying again cannot duplicate anything."""
    sandbox = serve()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    sleeps = Sleeps()
    platform = sandbox.platform(sleep=sleeps, attempts=3, api_url=dead, oauth_url=f"{sandbox.url}/api/oauth/token")
    with pytest.raises(PlatformUnavailable) as caught:
        platform.deposit(b"<x/>", "x.xml", "ubl")
    assert "could not connect" in str(caught.value) and len(sleeps) == 2


def test_an_incident_flux(serve) -> None:
    sandbox = serve(faults={"integration": {"incident_names": ["*INCIDENT*"]}})
    platform = sandbox.platform()
    number = unique("INC")
    receipt = platform.deposit(invoice(number), f"INCIDENT-{number}.xml", "ubl")
    report = integrate(platform, receipt.flux_id)
    assert report.incident and report.final and not report.integrated and report.invoices == ()
