"""Dispatch against the sandbox served by uvicorn on 127.0.0.1 (real HTTP), with a store of its own per test.

The sandbox clock runs 60 times faster than real time (integration in a blink, routing in a few seconds); tests that
need days to pass move it with ``advance``. The pipeline's waits are shortened to match.
"""

from __future__ import annotations

import copy
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bordereau import store
from bordereau.chorus import ChorusPlatform, RetryPolicy, open_platform
from bordereau.config import Settings
from bordereau.dispatch import service
from bordereau.dispatch.context import Dispatch
from bordereau.dispatch.options import DispatchOptions, Timing
from bordereau.dispatch.platforms import Platforms
from bordereau.sandbox.app import create_app
from bordereau.sandbox.clock import Clock
from bordereau.sandbox.server import ServerThread
from bordereau.store.engine import make_engine, normalize_url

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
PG_VARIABLE = "BORDEREAU_TEST_POSTGRES_URL"
SUPPLIER = ("TECH_ATELIERS_SAONE@sandbox.cpro.fr", "Saone-Sandbox-2026")
SUPPLIER_SIRET = "85274196600026"
MINISTRY_SIRET = "11004562200013"  # automatic buyer: *SUSP*, *REJ*, *RECYC*, *MANU* numbers steer it
TRANSITION_SIRET = "11000121100173"  # requires a service code
SPORTS_SIRET = "11000788700232"  # a buyer that only a person moves

FAST = Timing(
    report_poll=0.05,
    report_poll_max=0.3,
    track_every=0.2,
    unknown_wait=0.3,
    unknown_checks=4,
    retry_base=0.05,
    retry_max=1.0,
    lease=30.0,
    idle=0.1,
    notify_base=0.05,
    notify_max=0.5,
    notify_attempts=4,
)


def invoice_json(
    number: str, *, buyer: str = MINISTRY_SIRET, change: Callable[[dict[str, Any]], None] | None = None
) -> bytes:
    """``examples/minimal.json`` with another number (and buyer)."""
    data = json.loads((EXAMPLES / "minimal.json").read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    data["number"] = number
    data["buyer"]["identifier"] = {"value": buyer, "scheme_id": "0009"}
    if change is not None:
        change(data)
    return json.dumps(data).encode()


class Sandbox:
    """A sandbox on 127.0.0.1 and what the tests ask of it behind the API (its own records, its controls)."""

    def __init__(self, db: Path, **options: Any) -> None:
        options.setdefault("clock", Clock(60.0))
        self.db = db
        self.server = ServerThread(create_app(db, **options)).start()
        self.url = self.server.url

    @property
    def state(self) -> Any:
        return self.server.app.state.sandbox

    def faults(self, document: dict[str, Any]) -> None:
        self.state.faults.load(document)

    def flux_count(self, filename: str) -> int:
        return int(self.state.store.scalar("SELECT COUNT(*) FROM flux WHERE nom_fichier = ?", [filename]))

    def integrated_count(self, number: str) -> int:
        return int(self.state.store.scalar("SELECT COUNT(*) FROM invoices WHERE numero = ?", [number]))

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Sandbox]:
    running = Sandbox(tmp_path / "sandbox.db")
    yield running
    running.stop()


def settings_for(sandbox: Sandbox, database_url: str, **more: Any) -> Settings:
    return Settings(
        platform="sandbox",
        sandbox_url=sandbox.url,
        technical_login=SUPPLIER[0],
        technical_password=SUPPLIER[1],
        database_url=database_url,
        timeout=more.pop("timeout", 10.0),
        **more,
    )


def make_dispatch(sandbox: Sandbox, database_url: str, *, timing: Timing = FAST, **more: Any) -> Dispatch:
    settings = settings_for(sandbox, database_url, **more)
    retry = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)
    opened: list[ChorusPlatform] = []

    def opener(account: str | None) -> ChorusPlatform:
        platform = open_platform(settings, account=account, retry=retry)
        opened.append(platform)
        return platform

    db = store.open_store(database_url)
    return Dispatch(db, Platforms(opener, name="sandbox"), DispatchOptions(timing=timing))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'bordereau.db'}"


@pytest.fixture
def dispatch(sandbox: Sandbox, sqlite_url: str) -> Iterator[Dispatch]:
    d = make_dispatch(sandbox, sqlite_url)
    yield d
    service.close(d)


@pytest.fixture
def pg_url() -> Iterator[str]:
    """An empty PostgreSQL schema of its own (skipped without ``BORDEREAU_TEST_POSTGRES_URL``)."""
    base = os.environ.get(PG_VARIABLE)
    if not base:
        pytest.skip(f"{PG_VARIABLE} is not set: no PostgreSQL to test against")
    schema = f"bordereau_dispatch_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = normalize_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def write_invoices(folder: Path, numbers: list[str], **kwargs: Any) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in numbers:
        path = folder / f"{number}.json"
        path.write_bytes(invoice_json(number, **kwargs))
        paths.append(path)
    return paths


def send(
    d: Dispatch, folder: Path, numbers: list[str], *, settle: bool = True, **kwargs: Any
) -> dict[str, store.Invoice]:
    """Write, take in and carry these invoices; the rows by number."""
    fmt = kwargs.pop("output_format", None)
    sent = service.take_in(d, write_invoices(folder, numbers, **kwargs), output_format=fmt)
    assert not sent.broken, sent.broken
    service.carry(d, sent.ids, settle=settle)
    return rows(d, numbers)


def rows(d: Dispatch, numbers: list[str]) -> dict[str, store.Invoice]:
    with d.db.read() as session:
        return {n: store.find_invoice(session, n) for n in numbers}  # type: ignore[misc]


def with_timing(d: Dispatch, **changes: Any) -> None:
    d.options = replace(d.options, timing=replace(d.options.timing, **changes))


def unique(prefix: str = "T") -> str:
    """An invoice number of at most 20 characters that no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:8].upper()}"[:20]
