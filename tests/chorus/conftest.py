"""The Chorus Pro client against the sandbox served by uvicorn on 127.0.0.1, over real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bordereau.chorus import ChorusPlatform, RetryPolicy, open_platform
from bordereau.config import Settings
from bordereau.sandbox.app import create_app
from bordereau.sandbox.clock import Clock
from bordereau.sandbox.server import ServerThread

from ..sandbox.conftest import (
    MINISTRY,
    MINISTRY_ID,
    MINISTRY_SIRET,
    SPORTS,
    SUPPLIER,
    SUPPLIER_ID,
    SUPPLIER_SIRET,
    invoice,
    unique,
)

__all__ = [
    "MINISTRY",
    "MINISTRY_ID",
    "MINISTRY_SIRET",
    "SPORTS",
    "SUPPLIER",
    "SUPPLIER_ID",
    "SUPPLIER_SIRET",
    "Sleeps",
    "invoice",
    "unique",
]


class Sleeps(list[float]):
    """Stands in for ``time.sleep``: records each wait, and waits only a moment."""

    def __init__(self, hook: Callable[[float], None] | None = None) -> None:
        super().__init__()
        self.hook = hook

    def __call__(self, seconds: float) -> None:
        self.append(seconds)
        if self.hook is not None:
            self.hook(seconds)


class Served:
    """One sandbox on 127.0.0.1, and a way to open clients onto it."""

    def __init__(self, server: ServerThread) -> None:
        self.server = server
        self.url = server.url
        self.opened: list[ChorusPlatform] = []

    @property
    def state(self) -> Any:
        return self.server.app.state.sandbox

    def platform(
        self,
        user: tuple[str, str] = SUPPLIER,
        *,
        timeout: float = 30.0,
        attempts: int = 4,
        sleep: Callable[[float], None] | None = None,
        supplier_id: int | None = None,
        **settings: Any,
    ) -> ChorusPlatform:
        config = Settings(
            platform="sandbox",
            sandbox_url=self.url,
            technical_login=user[0],
            technical_password=user[1],
            timeout=timeout,
            **settings,
        )
        retry = RetryPolicy(attempts=attempts, base_delay=0.01, max_delay=0.05)
        platform = open_platform(
            config, retry=retry, sleep=sleep if sleep is not None else Sleeps(), supplier_id=supplier_id
        )
        self.opened.append(platform)
        return platform

    def calls(self, operation: str) -> int:
        """How many calls the faults machinery saw for ``operation`` (``factures/deposer/flux``)."""
        faults = self.state.faults.operations.get(operation)
        return faults.calls if faults is not None else 0

    def close(self) -> None:
        for platform in self.opened:
            platform.close()
        self.server.stop()


def _serve(db: Path, **options: Any) -> Served:
    options.setdefault("clock", Clock(1.0))
    return Served(ServerThread(create_app(db, **options)).start())


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Served]]:
    """Start a sandbox of one's own (faults, token lifetime…); stopped at the end of the test."""
    started: list[Served] = []

    def start(**options: Any) -> Served:
        served = _serve(tmp_path / f"sandbox-{len(started)}.db", **options)
        started.append(served)
        return served

    yield start
    for served in started:
        served.close()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One sandbox for a module whose tests use their own invoice numbers."""
    server = _serve(tmp_path_factory.mktemp("chorus") / "sandbox.db")
    yield server
    server.close()


@pytest.fixture(scope="module")
def supplier(served: Served) -> ChorusPlatform:
    return served.platform(SUPPLIER)


@pytest.fixture(scope="module")
def buyer(served: Served) -> ChorusPlatform:
    return served.platform(MINISTRY)


def integrate(platform: ChorusPlatform, flux_id: str) -> Any:
    """The flux's report once the sandbox had time to integrate it."""
    assert platform.sandbox is not None
    platform.sandbox.advance("5s")
    report = platform.deposit_report(flux_id)
    assert report.final, report
    return report


def deposit_one(platform: ChorusPlatform, number: str, **kwargs: Any) -> int:
    """Deposit one invoice that must integrate; its identifiantFactureCPP."""
    receipt = platform.deposit(invoice(number, **kwargs), f"{number}.xml", "ubl")
    report = integrate(platform, receipt.flux_id)
    assert report.state == "IN_INTEGRE", report.messages()
    invoice_id = report.invoice_id(number)
    assert invoice_id is not None
    return invoice_id
