"""From a JSON file to an integrated invoice on the sandbox, over real HTTP: the nominal path and the refusals."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bordereau import store
from bordereau.dispatch import service
from bordereau.dispatch.context import Dispatch
from bordereau.store import InvoiceState as S

from .conftest import (
    SPORTS_SIRET,
    TRANSITION_SIRET,
    Sandbox,
    invoice_json,
    make_dispatch,
    rows,
    send,
    unique,
    write_invoices,
)


def test_a_json_invoice_is_validated_rendered_as_facturx_deposited_once_and_integrated(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    number = unique("FX")
    invoice = send(dispatch, tmp_path, [number])[number]

    assert invoice.state is S.INTEGRATED
    assert invoice.platform_id is not None
    assert invoice.flux_number and invoice.flux_number.startswith("CPP")
    assert invoice.platform_status in ("DEPOSEE", "EN_COURS_ACHEMINEMENT", "MISE_A_DISPOSITION")
    with dispatch.db.read() as session:
        sent = store.latest_document(session, invoice.id, store.DocumentKind.FACTURX_PDF)
        assert sent is not None
        assert sent.content.startswith(b"%PDF-")
        assert sent.sha256 == hashlib.sha256(sent.content).hexdigest()
        kinds = [event.type for event in store.timeline(session, invoice.id)]
    assert "platform.status" in kinds
    assert sandbox.flux_count(f"{number}.pdf") == 1
    assert sandbox.integrated_count(number) == 1
    assert store.verify_audit(dispatch.db).ok


@pytest.mark.parametrize("syntax", ["ubl", "cii"])
def test_the_other_syntaxes(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path, syntax: str) -> None:
    number = unique(syntax.upper())
    invoice = send(dispatch, tmp_path, [number], output_format=store.OutputFormat(syntax))[number]
    assert invoice.state is S.INTEGRATED, invoice.findings
    assert invoice.output_format.value == syntax
    name = f"{number}.cii.xml" if syntax == "cii" else f"{number}.xml"
    assert sandbox.flux_count(name) == 1


def test_an_invalid_invoice_is_never_sent_and_its_findings_are_kept(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    number = unique("INV")
    # this ministry wants a service code (BT-10) on every invoice: the directory says so, the rules check it
    invoice = send(dispatch, tmp_path, [number], buyer=TRANSITION_SIRET)[number]

    assert invoice.state is S.INVALID
    rules = [f["rule"] for f in invoice.findings or [] if f["severity"] == "fatal"]
    assert rules, invoice.findings
    assert any("BT-10" in f["bt"] for f in invoice.findings or [])
    assert sandbox.flux_count(f"{number}.pdf") == 0
    assert invoice.due_at is None  # nothing more to do until it comes back corrected


def test_a_corrected_invoice_may_come_back_under_the_same_number(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    number = unique("FIX")
    assert send(dispatch, tmp_path / "1", [number], buyer=TRANSITION_SIRET)[number].state is S.INVALID

    def with_service(data: dict) -> None:
        data["buyer_reference"] = "DGT-ACHATS"

    invoice = send(dispatch, tmp_path / "2", [number], buyer=TRANSITION_SIRET, change=with_service)[number]
    assert invoice.state is S.INTEGRATED, invoice.findings
    assert invoice.service_code == "DGT-ACHATS"
    assert sandbox.flux_count(f"{number}.pdf") == 1


def test_a_batch_with_a_broken_file_sends_the_others(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    numbers = [unique("B"), unique("B")]
    paths = write_invoices(tmp_path, numbers)
    broken = tmp_path / "broken.json"
    broken.write_text('{"number": "X", "issue_date": "not a date"}')
    missing = tmp_path / "missing.json"
    sent = service.take_in(dispatch, [paths[0], broken, missing, paths[1]])

    assert [s.ok for s in sent.submitted] == [True, False, False, True]
    assert "broken.json" in (sent.submitted[1].error or "")
    assert "missing.json" in (sent.submitted[2].error or "")
    service.carry(dispatch, sent.ids, settle=True)
    assert {i.state for i in rows(dispatch, numbers).values()} == {S.INTEGRATED}
    with dispatch.db.read() as session:
        assert store.count_by_state(session)[S.INTEGRATED] == 2
        assert sum(store.count_by_state(session).values()) == 2  # nothing half-written for the broken ones


def test_a_number_already_sent_is_refused_before_anything_is_stored(dispatch: Dispatch, tmp_path: Path) -> None:
    number = unique("DUP")
    send(dispatch, tmp_path / "1", [number])
    again = service.take_in(dispatch, write_invoices(tmp_path / "2", [number]))
    assert not again.submitted[0].ok
    assert "already sent" in (again.submitted[0].error or "")


def test_a_flux_the_platform_rejects_gives_readable_findings(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    number = unique("REF")
    # the platform already knows the number (deposited from another gateway): it rejects ours at integration
    elsewhere = make_dispatch(sandbox, f"sqlite:///{tmp_path / 'other.db'}")
    send(elsewhere, tmp_path / "other", [number])
    service.close(elsewhere)

    invoice = send(dispatch, tmp_path, [number])[number]
    assert invoice.state is S.REJECTED
    messages = " ".join(f["message"] for f in invoice.findings or [])
    assert number in messages and "utilisé" in messages
    assert all(f["source"] == "platform" for f in invoice.findings or [])


def test_a_buyer_that_is_not_in_the_directory(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    number = unique("NOB")
    invoice = send(dispatch, tmp_path, [number], buyer="35600000000048")[number]
    assert invoice.state is S.INVALID
    assert any(f["rule"] == "DIRECTORY" for f in invoice.findings or [])
    assert sandbox.flux_count(f"{number}.pdf") == 0


def test_send_without_waiting_stops_at_the_deposit(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    number = unique("NW")
    invoice = send(dispatch, tmp_path, [number], settle=False)[number]
    assert invoice.state in (S.DEPOSITED, S.INTEGRATED)
    assert invoice.flux_number
    assert invoice.due_at is not None or invoice.state is S.INTEGRATED  # a worker follows the report


def test_attachments_travel_inside_the_invoice(dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path) -> None:
    number = unique("ATT")
    note = tmp_path / "bon-de-livraison.pdf"
    note.write_bytes(b"%PDF-1.4\n% a delivery note\n")
    path = write_invoices(tmp_path, [number])[0]
    sent = service.take_in(dispatch, [path], attach=[note])
    service.carry(dispatch, sent.ids, settle=True)
    invoice = rows(dispatch, [number])[number]
    assert invoice.state is S.INTEGRATED, invoice.findings
    with dispatch.db.read() as session:
        kinds = [doc.kind for doc in store.documents(session, invoice.id)]
    assert store.DocumentKind.ATTACHMENT in kinds
    deposited = sandbox.state.store.one("SELECT document FROM invoices WHERE numero = ?", [number])
    assert deposited is not None


def test_a_buyer_acting_by_hand_keeps_the_invoice_available(
    dispatch: Dispatch, sandbox: Sandbox, tmp_path: Path
) -> None:
    number = unique("HAND")
    invoice = send(dispatch, tmp_path, [number], buyer=SPORTS_SIRET)[number]
    assert invoice.state is S.INTEGRATED


def test_invoice_json_is_valid_example(tmp_path: Path) -> None:
    from bordereau import read
    from bordereau.rules import run

    report = run(read(invoice_json("X-1")), ["en16931", "chorus"])
    assert report.valid, report.findings
