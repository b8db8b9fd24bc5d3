"""From settings to a working platform: the PISTE hosts, a sandbox on a URL, or the sandbox in process."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from ..config import Settings, load_settings
from ..errors import PlatformError
from .client import ChorusClient
from .embedded import EMBEDDED_URL, lease
from .platform import ChorusPlatform
from .retry import RetryPolicy

log = logging.getLogger("bordereau.chorus")


@dataclass(frozen=True, slots=True)
class Endpoints:
    """Where a platform answers: the API base (``/cpro/…`` hangs from it) and the OAuth token URL."""

    api_url: str
    oauth_url: str


# The PISTE hosts (since September 2023; before, *.aife.economie.gouv.fr).
PRODUCTION = Endpoints("https://api.piste.gouv.fr", "https://oauth.piste.gouv.fr/api/oauth/token")
QUALIFICATION = Endpoints("https://sandbox-api.piste.gouv.fr", "https://sandbox-oauth.piste.gouv.fr/api/oauth/token")


def sandbox_endpoints(url: str) -> Endpoints:
    """A sandbox serves the token and the API from one address."""
    base = url.rstrip("/")
    return Endpoints(base, f"{base}/api/oauth/token")


def endpoints(settings: Settings) -> Endpoints:
    """The chosen platform's URLs, with ``api_url``/``oauth_url`` overriding either."""
    if settings.platform == "production":
        chosen = PRODUCTION
    elif settings.platform == "qualification":
        chosen = QUALIFICATION
    else:
        chosen = sandbox_endpoints(settings.sandbox_url or EMBEDDED_URL)
    return Endpoints(settings.api_url or chosen.api_url, settings.oauth_url or chosen.oauth_url)


class SandboxControls:
    """The sandbox's own controls (``/sandbox/…``): its clock, its faults, its tokens. Not part of the API.

    For the demo and tests; a running sandbox or the embedded one, through the same HTTP client as the API.
    """

    def __init__(self, http: httpx.Client, base_url: str) -> None:
        self._http = http
        self.base_url = base_url.rstrip("/")

    def __repr__(self) -> str:
        return f"SandboxControls({self.base_url!r})"

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        url = f"{self.base_url}/sandbox{path}"
        answer = self._http.request(method, url, json=body) if body is not None else self._http.request(method, url)
        if answer.status_code != 200:
            raise PlatformError(
                f"the sandbox refused {method} /sandbox{path}: {answer.text[:200]}",
                operation=f"sandbox{path}",
                status=answer.status_code,
            )
        return answer.json()

    def info(self) -> dict[str, Any]:
        return self._request("GET", "")

    def now(self) -> dict[str, Any]:
        """The sandbox clock: ``now`` (ISO), ``timestamp``, ``speed``."""
        return self._request("GET", "/clock")

    def advance(self, duration: str | float) -> dict[str, Any]:
        """Move the clock forward (``"30d"``, ``"2h"``, seconds); answers once every step then due was played."""
        return self._request("POST", "/clock", {"advance": duration})

    def set_speed(self, speed: float) -> dict[str, Any]:
        return self._request("POST", "/clock", {"speed": speed})

    def run_due(self) -> dict[str, Any]:
        """Play every step due now (integration, scripted buyers)."""
        return self._request("POST", "/run")

    def faults(self) -> dict[str, Any]:
        return self._request("GET", "/faults")

    def set_faults(self, document: dict[str, Any]) -> dict[str, Any]:
        """Replace the faults in force (the faults file's document; ``{}`` clears them)."""
        return self._request("PUT", "/faults", document)

    def expire_tokens(self) -> int:
        return int(self._request("POST", "/tokens/expire")["expired"])

    def accounts(self) -> list[dict[str, Any]]:
        return self._request("GET", "/accounts")


def open_platform(
    settings: Settings | None = None,
    *,
    account: str | None = None,
    supplier_id: int | None = None,
    transport: httpx.BaseTransport | None = None,
    retry: RetryPolicy | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> ChorusPlatform:
    """The platform ``settings`` choose (default: :func:`~bordereau.config.load_settings`), acting as ``account``.

    ``account`` names a technical user of ``settings.accounts`` (``None``: the default one). ``transport``
    replaces the network (tests). With the sandbox and no ``sandbox_url``, the sandbox runs in this process
    over ``settings.sandbox_db``. Close the platform when done (it is a context manager).
    """
    settings = settings or load_settings()
    piste = settings.piste()
    technical = settings.account(account)
    urls = endpoints(settings)
    release: Callable[[], None] | None = None
    if settings.embedded and transport is None:
        faults = str(settings.sandbox_faults) if settings.sandbox_faults else None
        transport = lease(settings.sandbox_db, clock_speed=settings.sandbox_clock_speed, faults=faults)
        release = transport.close
    policy = retry or RetryPolicy(attempts=settings.max_attempts)
    try:
        client = ChorusClient(
            urls.api_url,
            urls.oauth_url,
            piste,
            technical,
            transport=transport,
            timeout=settings.timeout,
            retry=policy,
            sleep=sleep,
        )
    except Exception:
        if release is not None:
            release()
        raise
    controls = None
    if settings.platform == "sandbox":
        controls = SandboxControls(client.http, urls.api_url)
    name = "sandbox (embedded)" if settings.embedded else settings.platform
    log.debug("platform %s at %s as %s", name, urls.api_url, technical.login)
    return ChorusPlatform(client, name=name, supplier_id=supplier_id, sandbox=controls, on_close=release)


__all__ = [
    "PRODUCTION",
    "QUALIFICATION",
    "Endpoints",
    "SandboxControls",
    "endpoints",
    "open_platform",
    "sandbox_endpoints",
]
