"""The default platform: the sandbox in this process, with no configuration, no server and no port."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from bordereau.chorus import embedded, open_platform
from bordereau.config import load_settings
from bordereau.errors import DepositOutcomeUnknown

from .conftest import SUPPLIER_ID, invoice, unique


@pytest.fixture(autouse=True)
def nothing_configured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in list(os.environ):
        if name.upper().startswith("BORDEREAU_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_whole_journey_with_no_configuration(nothing_configured: Path) -> None:
    with open_platform() as platform:
        assert platform.name == "sandbox (embedded)" and platform.sandbox is not None
        number = unique("EMB")
        receipt = platform.deposit(invoice(number), f"{number}.xml", "ubl")
        platform.sandbox.advance("5s")
        report = platform.deposit_report(receipt.flux_id)
        assert report.integrated, report.messages()
        invoice_id = report.invoice_id(number)
        assert invoice_id is not None
        platform.sandbox.advance("30d")
        assert platform.history(invoice_id).status == "MISE_EN_PAIEMENT"
    assert (nothing_configured / "bordereau-sandbox.db").is_file()
    assert embedded._open == {}  # stopped with its last client
    with open_platform() as again:  # the state survives
        found = again.find_invoice(SUPPLIER_ID, number)
        assert found is not None and found.status == "MISE_EN_PAIEMENT"


def test_clients_share_one_sandbox(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDEREAU_SANDBOX_CLOCK_SPEED", "86400")
    first = open_platform()
    second = open_platform(
        load_settings(technical_login="TECH_MIN_ADMIN_NUM@sandbox.cpro.fr", technical_password="Ministere-Sandbox-2026")
    )
    assert len(embedded._open) == 1
    assert first.sandbox is not None and first.sandbox.now()["speed"] == 86400
    first.close()
    assert second.structure("11004562200013") is not None  # still running for the other client
    second.close()
    assert embedded._open == {}


def test_timeouts_hold_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDEREAU_TIMEOUT", "1")
    with open_platform() as platform:
        assert platform.sandbox is not None
        platform.sandbox.set_faults(
            {"operations": {"factures/deposer/flux": {"hang_rate": 1, "hang_max": 120, "when": "after"}}}
        )
        number = unique("EHANG")
        with pytest.raises(DepositOutcomeUnknown):
            platform.deposit(invoice(number), f"{number}.xml", "ubl")
        platform.sandbox.set_faults({})
        platform.sandbox.advance("5s")
        assert platform.find_invoice(SUPPLIER_ID, number) is not None


def test_several_threads_at_once() -> None:
    with open_platform() as platform:
        results: list[int] = []
        errors: list[BaseException] = []

        def search() -> None:
            try:
                for _ in range(5):
                    results.append(len(platform.client.recuperer_devises().listeDevises))
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=search) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert errors == [] and len(results) == 20 and all(results)
