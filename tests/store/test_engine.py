"""Database URLs, per-database connection settings, exact amounts and instants, and secrets kept out of messages."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import text

from bordereau.store import Company, Store, StoreError, add_invoice, get_invoice, normalize_url, open_store, safe_url
from bordereau.store.engine import make_engine

from .conftest import new_invoice


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    assert normalize_url("postgresql://u@h:5432/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


def test_a_bare_path_is_a_sqlite_file() -> None:
    url = normalize_url("data/bordereau.db")
    assert url.get_backend_name() == "sqlite"
    assert url.database == "data/bordereau.db"


def test_other_databases_are_refused_without_showing_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        normalize_url("mysql://user:hunter2@db.example/x")
    assert "hunter2" not in str(caught.value)
    assert "mysql" in str(caught.value)


def test_passwords_never_show() -> None:
    assert "hunter2" not in safe_url("postgresql://user:hunter2@db.example/x")
    assert "hunter2" not in safe_url("postgresql://user:hunter2@[not a url")


def test_an_unreachable_server_is_one_line_without_the_password() -> None:
    with pytest.raises(StoreError) as caught:
        open_store("postgresql://bordereau:hunter2@127.0.0.1:1/nowhere?connect_timeout=2")
    message = str(caught.value)
    assert "hunter2" not in message
    assert "cannot open the database" in message
    assert "\n" not in message


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(sqlite_url: str) -> None:
    with open_store(sqlite_url) as store, store.read() as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_the_store_repr_hides_the_password() -> None:
    store = Store(make_engine("postgresql://bordereau:hunter2@127.0.0.1:1/x"))  # no connection made
    assert "hunter2" not in repr(store)
    assert "hunter2" not in store.url
    assert store.dialect == "postgresql"


def test_amounts_are_exact(db: Store, company: Company) -> None:
    huge = Decimal("1234567890123.123456")  # 19 digits, 6 decimals: the platform's widest amount
    with db.transaction() as session:
        invoice = add_invoice(session, company.id, new_invoice("F-EXACT", amount_due=huge, total_with_vat=huge))
    with db.read() as session:
        stored = get_invoice(session, invoice.id)
        assert stored.amount_due == huge
        assert str(stored.amount_due) == "1234567890123.123456"
        assert isinstance(stored.total_with_vat, Decimal)


def test_amounts_with_too_many_decimals_are_refused(db: Store, company: Company) -> None:
    with pytest.raises(Exception, match="decimals"), db.transaction() as session:
        add_invoice(session, company.id, new_invoice("F-ROUND", amount_due=Decimal("1.0000001")))


def test_instants_come_back_aware_in_utc(db: Store, company: Company) -> None:
    with db.transaction() as session:
        invoice = add_invoice(session, company.id, new_invoice("F-TIME", issue_date=date(2024, 2, 29)))
    with db.read() as session:
        stored = get_invoice(session, invoice.id)
        assert stored.created_at.tzinfo is not None
        assert stored.created_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
        assert abs((datetime.now(UTC) - stored.created_at).total_seconds()) < 3600
        assert stored.issue_date == date(2024, 2, 29)
