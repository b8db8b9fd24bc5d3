"""`bordereau audit verify`: exit 0 when the trail holds, 1 listing the breaks, 2 when there is nothing to check."""

from __future__ import annotations

from pathlib import Path

import typer
from pytest import MonkeyPatch
from typer.testing import CliRunner

from bordereau.store import Company, DocumentKind, NewDocument, Store, add_invoice, open_store, timeline
from bordereau.store.cli import app

from .conftest import new_invoice, raw

runner = CliRunner()


def _one_invoice(db: Store, company: Company) -> int:
    with db.transaction() as session:
        source = NewDocument(DocumentKind.SOURCE, "F-1.json", "application/json", b"{}")
        return add_invoice(session, company.id, new_invoice("F-1"), source=source).id


def test_an_intact_trail_exits_0(url: str, db: Store, company: Company) -> None:
    _one_invoice(db, company)
    result = runner.invoke(app, ["verify", "--database", url])
    assert result.exit_code == 0, result.output
    assert "audit trail intact" in result.output
    assert "1 invoice(s), 2 event(s), 1 document(s)" in result.output


def test_a_broken_trail_exits_1_and_lists_the_breaks(url: str, db: Store, company: Company) -> None:
    invoice_id = _one_invoice(db, company)
    with db.read() as session:
        first = timeline(session, invoice_id)[0]
    raw(db, "UPDATE events SET type = 'forged' WHERE id = :id", id=first.id)
    result = runner.invoke(app, ["verify", "--database", url])
    assert result.exit_code == 1, result.output
    assert "audit trail broken: 1 problem(s)" in result.output
    assert f"event {first.id} (seq 1): event altered" in result.output
    assert first.hash in result.output.replace("\n", "")


def test_mounted_as_audit_with_the_database_from_the_environment(sqlite_url: str, monkeypatch: MonkeyPatch) -> None:
    main = typer.Typer()
    main.add_typer(app, name="audit")
    monkeypatch.setenv("BORDEREAU_DATABASE_URL", sqlite_url)
    open_store(sqlite_url).close()
    result = runner.invoke(main, ["audit", "verify", "--skip-documents"])
    assert result.exit_code == 0, result.output
    assert "0 invoice(s)" in result.output


def test_a_missing_database_is_an_error_not_an_empty_trail(tmp_path: Path) -> None:
    result = runner.invoke(app, ["verify", "--database", str(tmp_path / "nothing.db")])
    assert result.exit_code == 2
    assert "no database at" in result.output
    assert not (tmp_path / "nothing.db").exists()
