"""The PISTE gateway's credentials: an OAuth token, cached and renewed early, and the ``cpro-account`` header.

A token is asked for with the client credentials grant and kept until shortly before it expires (four minutes
before, or a quarter of its lifetime when it lives less than sixteen minutes). A 401 that says the token is
invalid drops it, so that the next call gets a new one. Secrets stay in :class:`~pydantic.SecretStr` and only
leave it to build a request.
"""

from __future__ import annotations

import base64
import logging
import threading
import time
from collections.abc import Callable

import httpx

from ..config import PisteCredentials, TechnicalAccount
from ..errors import PlatformAuthError, PlatformUnavailable
from .retry import RETRYABLE_STATUSES, RetryPolicy, parse_retry_after

log = logging.getLogger("bordereau.chorus")

RENEW_BEFORE = 240.0  # seconds before expiry a token is renewed (what production clients do)
TOKEN_OPERATION = "oauth/token"


def cpro_account(account: TechnicalAccount) -> str:
    """The ``cpro-account`` header: base64 of ``login:password`` (no ``Basic`` prefix)."""
    pair = f"{account.login}:{account.password.get_secret_value()}"
    return base64.b64encode(pair.encode("utf-8")).decode("ascii")


class TokenCache:
    """Gets PISTE tokens from ``url`` and keeps the current one; safe to share between threads."""

    def __init__(
        self,
        http: httpx.Client,
        url: str,
        credentials: PisteCredentials,
        *,
        retry: RetryPolicy | None = None,
        renew_before: float = RENEW_BEFORE,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = http
        self._url = url
        self._credentials = credentials
        self._retry = retry or RetryPolicy()
        self._renew_before = renew_before
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._token: str | None = None
        self._renew_at = 0.0
        self.issued = 0  # tokens obtained so far (for logs and tests)

    def __repr__(self) -> str:
        return f"TokenCache(url={self._url!r}, client_id={self._credentials.client_id!r})"

    def get(self) -> str:
        """A token that is not about to expire."""
        with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._token, lifetime = self._fetch()
                margin = min(self._renew_before, lifetime / 4)
                self._renew_at = self._clock() + lifetime - margin
                self.issued += 1
                log.info("PISTE token obtained (valid %.0f s, renewed %.0f s before expiry)", lifetime, margin)
            return self._token

    def invalidate(self, token: str) -> None:
        """Forget ``token`` (the gateway refused it); another thread may already have replaced it."""
        with self._lock:
            if self._token == token:
                self._token = None

    def _fetch(self) -> tuple[str, float]:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._credentials.client_id,
            "client_secret": self._credentials.client_secret.get_secret_value(),
            "scope": "openid",
        }
        attempt = 0
        while True:
            attempt += 1
            retry_after: float | None = None
            try:
                answer = self._http.post(self._url, data=form, headers={"Accept": "application/json"})
            except httpx.TransportError as exc:
                problem = f"the token endpoint could not be reached ({type(exc).__name__})"
            else:
                if answer.status_code == 200:
                    return self._read(answer)
                if answer.status_code not in RETRYABLE_STATUSES:
                    raise self._refused(answer)
                retry_after = parse_retry_after(answer.headers.get("Retry-After"))
                problem = f"the token endpoint answered HTTP {answer.status_code}"
            if attempt >= self._retry.attempts or self._retry.gives_up_on(retry_after):
                raise PlatformUnavailable(
                    f"{problem}, {attempt} attempt(s)", operation=TOKEN_OPERATION, retry_after=retry_after
                )
            wait = self._retry.delay(attempt, retry_after)
            log.warning("%s: %s; trying again in %.1f s", TOKEN_OPERATION, problem, wait)
            self._sleep(wait)

    def _read(self, answer: httpx.Response) -> tuple[str, float]:
        try:
            data = answer.json()
            token = str(data["access_token"])
            lifetime = float(data.get("expires_in") or 3600)
        except (ValueError, KeyError, TypeError):
            raise PlatformUnavailable(
                "the token endpoint answered something that is not a token", operation=TOKEN_OPERATION, status=200
            ) from None
        return token, max(lifetime, 1.0)

    def _refused(self, answer: httpx.Response) -> PlatformAuthError:
        try:
            data = answer.json()
        except ValueError:
            data = {}
        error = str(data.get("error") or "") if isinstance(data, dict) else ""
        description = str(data.get("error_description") or "") if isinstance(data, dict) else ""
        return PlatformAuthError(
            f"PISTE refused the client {self._credentials.client_id!r}"
            + (f": {description}" if description else "")
            + " (check the client id and secret)",
            operation=TOKEN_OPERATION,
            status=answer.status_code,
            code=error or answer.status_code,
            label=description or None,
        )
