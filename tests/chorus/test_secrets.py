"""Secrets never show: not in reprs, not in logs (whatever the level), not in error messages."""

from __future__ import annotations

import base64
import logging

import pytest

from bordereau.config import Settings
from bordereau.errors import BordereauError

from .conftest import Served, deposit_one, unique

SECRET = "sandbox-secret"
PASSWORD = "Saone-Sandbox-2026"
LOGIN = "TECH_ATELIERS_SAONE@sandbox.cpro.fr"


def test_reprs_mask_secrets(served: Served) -> None:
    settings = Settings(
        platform="qualification",
        client_id="app",
        client_secret=SECRET,
        technical_login=LOGIN,
        technical_password=PASSWORD,
        webhooks={"urls": ["https://example.test/hook"], "secret": "hook-secret"},
    )
    platform = served.platform()
    shown = " ".join(
        repr(x)
        for x in (settings, settings.piste(), settings.account(), platform, platform.client, platform.client.tokens)
    )
    for secret in (SECRET, PASSWORD, "hook-secret"):
        assert secret not in shown and secret not in str(settings.model_dump())
    assert LOGIN in shown  # the login is not a secret: it says who acts


def test_nothing_secret_in_logs(serve, caplog: pytest.LogCaptureFixture) -> None:
    sandbox: Served = serve(faults={"operations": {"factures/rechercher/fournisseur": {"fail_first": 1}}})
    with caplog.at_level(logging.DEBUG):  # every logger, httpx and httpcore included
        platform = sandbox.platform()
        deposit_one(platform, unique("LOG"))
        assert platform.sandbox is not None
        platform.sandbox.expire_tokens()
        platform.search_supplier_invoices()
        wrong = sandbox.platform((LOGIN, "wrong-" + PASSWORD))
        with pytest.raises(BordereauError) as caught:
            wrong.search_supplier_invoices()
    token = platform.client.tokens.get()
    account = base64.b64encode(f"{LOGIN}:{PASSWORD}".encode()).decode()
    text = caplog.text + str(caught.value)
    assert "trying again" in caplog.text  # the retry was logged…
    for secret in (SECRET, PASSWORD, account, token):
        assert secret not in text  # …and nothing that opens the account


def test_config_errors_do_not_echo_secret_values(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BORDEREAU_MAX_ATTEMPTS", "not-a-number-" + PASSWORD)
    from bordereau.config import load_settings

    with pytest.raises(BordereauError) as caught:
        load_settings()
    assert "BORDEREAU_MAX_ATTEMPTS" in str(caught.value) and PASSWORD not in str(caught.value)
