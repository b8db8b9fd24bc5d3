"""A worker process killed (SIGKILL) while a deposit is in flight, then another started: every invoice is deposited
exactly once, as the sandbox's own records show, and none is lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bordereau import store
from bordereau.dispatch import service
from bordereau.store import InvoiceState as S

from .conftest import Sandbox, unique, write_invoices

DEPOSIT = "factures/deposer/flux"
WORKER = [sys.executable, "-c", "from bordereau.cli import app; app()", "worker"]


def start_worker(sandbox: Sandbox, database_url: str, log: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "BORDEREAU_PLATFORM": "sandbox",
        "BORDEREAU_SANDBOX_URL": sandbox.url,
        "BORDEREAU_DATABASE_URL": database_url,
        "BORDEREAU_TIMEOUT": "30",
    }
    env.pop("BORDEREAU_CONFIG", None)
    handle = log.open("ab")
    return subprocess.Popen([*WORKER, *args], env=env, stdout=handle, stderr=subprocess.STDOUT, cwd=log.parent)


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def counts(db: store.Store) -> dict[S, int]:
    with db.read() as session:
        return store.count_by_state(session)


@pytest.mark.parametrize(
    "fault",
    [
        # the deposit waits before it takes effect: the worker dies first, the platform may still take it
        {"latency": 3.0},
        # the deposit takes effect, then its answer never comes: the worker dies waiting
        {"hang_rate": 1.0, "hang_max": 60, "when": "after"},
    ],
    ids=["held-before", "hung-after"],
)
def test_a_worker_killed_during_a_deposit(sandbox: Sandbox, tmp_path: Path, fault: dict) -> None:
    database_url = f"sqlite:///{tmp_path / 'bordereau.db'}"
    db = store.open_store(database_url)
    numbers = [unique("CR") for _ in range(6)]
    sent = service.take_in(
        _dispatchless(db), write_invoices(tmp_path / "in", numbers), output_format=store.OutputFormat.UBL
    )
    assert not sent.broken
    sandbox.faults({"operations": {DEPOSIT: fault}})
    log = tmp_path / "workers.log"

    first = start_worker(sandbox, database_url, log, "--lease", "5", "--concurrency", "3")
    try:
        wait_for(lambda: counts(db)[S.DEPOSITING] > 0, 90, "a deposit in flight")
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    in_flight = counts(db)[S.DEPOSITING]
    assert in_flight > 0
    sandbox.faults({})  # the platform answers normally again

    second = start_worker(sandbox, database_url, log, "--lease", "5", "--concurrency", "3")
    try:
        wait_for(lambda: counts(db)[S.INTEGRATED] == len(numbers), 180, "every invoice integrated")
    finally:
        second.send_signal(signal.SIGTERM)
        try:
            second.wait(30)
        except subprocess.TimeoutExpired:
            second.kill()

    for number in numbers:
        assert sandbox.flux_count(f"{number}.xml") == 1, (number, log.read_text()[-3000:])
        assert sandbox.integrated_count(number) == 1
    with db.read() as session:
        settled = [
            invoice
            for invoice in store.list_invoices(session)
            if any(
                e.data.get("to") == "unknown" for e in store.timeline(session, invoice.id) if e.type == "invoice.state"
            )
        ]
    assert settled, "the interrupted deposits went through 'unknown'"
    report = store.verify_audit(db)
    assert report.ok, report.breaks
    db.close()


class _dispatchless:
    """``take_in`` needs only the store."""

    def __init__(self, db: store.Store) -> None:
        self.db = db
