"""Stores to test against: a SQLite file per test, and PostgreSQL (its own schema per test) when configured.

PostgreSQL tests read ``BORDEREAU_TEST_POSTGRES_URL`` (for example ``postgresql://postgres@127.0.0.1:5432/test``)
and are skipped when it is unset.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bordereau.store import Company, NewInvoice, Store, create_company, open_store
from bordereau.store.engine import make_engine, normalize_url

PG_VARIABLE = "BORDEREAU_TEST_POSTGRES_URL"
SUPPLIER_SIRET = "85274196600026"
BUYER_SIRET = "11004562200013"

# The migration's append-only triggers, to put back after a test tampered behind them on SQLite.
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER {table}_no_{action.lower()} BEFORE {action} ON {table} "
    f"BEGIN SELECT RAISE(ABORT, '{table} is append-only: {action} refused'); END"
    for table in ("events", "documents")
    for action in ("UPDATE", "DELETE")
]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    base = os.environ.get(PG_VARIABLE)
    if not base:
        pytest.skip(f"{PG_VARIABLE} is not set: no PostgreSQL to test against")
    schema = f"bordereau_test_{uuid.uuid4().hex[:12]}"
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


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest) -> str:
    """The URL of an empty database of each kind."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def db(url: str) -> Iterator[Store]:
    store = open_store(url)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def company(db: Store) -> Company:
    with db.transaction() as session:
        return create_company(session, siret=SUPPLIER_SIRET, name="Ateliers de Saône", credentials_ref="saone")


def new_invoice(number: str, **changes: Any) -> NewInvoice:
    fields: dict[str, Any] = {
        "number": number,
        "buyer_siret": BUYER_SIRET,
        "amount_due": Decimal("1200.00"),
        "total_with_vat": Decimal("1200.00"),
        "total_without_vat": Decimal("1000.00"),
        "currency": "EUR",
        "issue_date": date(2025, 3, 14),
        "due_date": date(2025, 4, 13),
        "service_code": "SERVICE_ACHAT",
        "engagement": "EJ-2025-0042",
    }
    fields.update(changes)
    return NewInvoice(**fields)


def raw(db: Store, sql: str, **params: Any) -> None:
    """Run SQL behind the store's back, with the append-only triggers out of the way (for tampering tests)."""
    with db.engine.begin() as connection:
        if db.dialect == "postgresql":
            for table in ("events", "documents"):
                connection.execute(text(f"ALTER TABLE {table} DISABLE TRIGGER USER"))
            connection.execute(text(sql), params)
            for table in ("events", "documents"):
                connection.execute(text(f"ALTER TABLE {table} ENABLE TRIGGER USER"))
        else:
            for table in ("events", "documents"):
                for action in ("update", "delete"):
                    connection.execute(text(f"DROP TRIGGER {table}_no_{action}"))
            connection.execute(text(sql), params)
            for statement in SQLITE_TRIGGERS:
                connection.execute(text(statement))
