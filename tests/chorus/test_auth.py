"""The PISTE token: cached, renewed before it expires, renewed once on a 401; refused credentials."""

from __future__ import annotations

import logging
import time

import httpx
import pytest
from pydantic import SecretStr

from bordereau.chorus.auth import TokenCache
from bordereau.config import PisteCredentials
from bordereau.errors import PlatformAuthError

from .conftest import SUPPLIER, Served, deposit_one, unique

CLIENT = PisteCredentials(client_id="bordereau-sandbox", client_secret=SecretStr("sandbox-secret"))


def test_one_token_serves_many_calls(served: Served) -> None:
    platform = served.platform()
    for _ in range(5):
        platform.client.recuperer_devises()
    assert platform.client.tokens.issued == 1


def test_renewed_before_expiry(serve) -> None:
    sandbox: Served = serve(token_lifetime=3600)
    now = [1000.0]
    with httpx.Client() as http:
        cache = TokenCache(http, f"{sandbox.url}/api/oauth/token", CLIENT, clock=lambda: now[0])
        first = cache.get()
        now[0] += 3600 - 240 - 1  # renewed four minutes before it expires
        assert cache.get() == first
        now[0] += 2
        second = cache.get()
    assert second != first and cache.issued == 2


def test_a_short_lifetime_is_renewed_at_three_quarters(serve) -> None:
    sandbox: Served = serve(token_lifetime=8)
    now = [0.0]
    with httpx.Client() as http:
        cache = TokenCache(http, f"{sandbox.url}/api/oauth/token", CLIENT, clock=lambda: now[0])
        first = cache.get()
        now[0] = 5.9
        assert cache.get() == first
        now[0] = 6.0
        assert cache.get() != first


def test_short_lived_tokens_are_renewed_without_a_refusal(serve, caplog: pytest.LogCaptureFixture) -> None:
    sandbox: Served = serve(token_lifetime=1)
    platform = sandbox.platform()
    platform.client.recuperer_devises()
    time.sleep(1.2)
    with caplog.at_level(logging.INFO, logger="bordereau.chorus"):
        platform.client.recuperer_devises()
    assert platform.client.tokens.issued == 2
    assert "refused the token" not in caplog.text


def test_an_expired_token_is_renewed_once(served: Served, caplog: pytest.LogCaptureFixture) -> None:
    platform = served.platform()
    platform.client.recuperer_devises()
    assert platform.sandbox is not None
    platform.sandbox.expire_tokens()
    with caplog.at_level(logging.INFO, logger="bordereau.chorus"):
        # a deposit too: the gateway refused it before the platform saw it, so sending it again is safe
        deposit_one(platform, unique("TOK"))
    assert platform.client.tokens.issued == 2
    assert "refused the token" in caplog.text


def test_a_token_refused_twice_is_an_error(serve) -> None:
    sandbox: Served = serve(faults={"operations": {"transverses/recuperer/devises": {"token_expired_rate": 1}}})
    platform = sandbox.platform()
    with pytest.raises(PlatformAuthError) as caught:
        platform.client.recuperer_devises()
    assert caught.value.status == 401 and "token" in str(caught.value)
    assert sandbox.calls("transverses/recuperer/devises") == 2  # one renewal, no loop
    platform.client.recuperer_modes_reglement()  # other operations still work with the same client


def test_a_wrong_technical_password_is_not_retried(served: Served) -> None:
    platform = served.platform((SUPPLIER[0], "not-the-password"))
    with pytest.raises(PlatformAuthError) as caught:
        platform.client.recuperer_devises()
    error = caught.value
    assert error.status == 401 and SUPPLIER[0] in str(error) and "cpro-account" in str(error)
    assert "not-the-password" not in str(error)
    assert platform.client.tokens.issued == 1


def test_a_wrong_client_secret(served: Served) -> None:
    platform = served.platform(client_id="bordereau-sandbox", client_secret="wrong-secret-value")
    with pytest.raises(PlatformAuthError) as caught:
        platform.client.recuperer_devises()
    error = caught.value
    assert error.operation == "oauth/token" and error.status == 401 and error.code == "invalid_client"
    assert "bordereau-sandbox" in str(error) and "wrong-secret-value" not in str(error)
