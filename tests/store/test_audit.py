"""The hash chain: it verifies when intact, and every kind of tampering behind the API is reported where it happened."""

from __future__ import annotations

import itertools
import threading

from bordereau.store import (
    Company,
    DocumentKind,
    Invoice,
    InvoiceState,
    NewDocument,
    Store,
    add_invoice,
    append_event,
    record_document,
    timeline,
    transition,
    update_platform_status,
    verify_audit,
)
from bordereau.store.chain import event_hash
from bordereau.store.models import GENESIS

from .conftest import new_invoice, raw


def _history(db: Store, company: Company, number: str) -> Invoice:
    """An invoice with a few events and two documents."""
    with db.transaction() as session:
        source = NewDocument(DocumentKind.SOURCE, f"{number}.json", "application/json", b'{"n": 1}')
        invoice = add_invoice(session, company.id, new_invoice(number), source=source)
    for state in (InvoiceState.VALID, InvoiceState.RENDERED):
        with db.transaction() as session:
            transition(session, invoice.id, state)
    with db.transaction() as session:
        pdf = NewDocument(DocumentKind.FACTURX_PDF, f"{number}.pdf", "application/pdf", b"%PDF-1.7 " + number.encode())
        record_document(session, invoice.id, pdf)
        update_platform_status(session, invoice.id, "DEPOSEE")
    return invoice


def _event_ids(db: Store, invoice: Invoice) -> list[int]:
    with db.read() as session:
        return [event.id for event in timeline(session, invoice.id)]


def test_an_intact_trail_verifies(db: Store, company: Company) -> None:
    for number in ("F-1", "F-2", "F-3"):
        _history(db, company, number)
    report = verify_audit(db)
    assert report.ok, report.breaks
    assert (report.invoices, report.events, report.documents) == (3, 18, 6)


def test_each_event_hashes_its_content_and_the_one_before(db: Store, company: Company) -> None:
    invoice = _history(db, company, "F-1")
    with db.read() as session:
        events = timeline(session, invoice.id)
    assert events[0].prev_hash == GENESIS
    for before, event in itertools.pairwise(events):
        assert event.prev_hash == before.hash
        assert event.seq == before.seq + 1
    last = events[-1]
    recomputed = event_hash(
        invoice_id=last.invoice_id, seq=last.seq, type=last.type, at=last.at, data=last.data, prev_hash=last.prev_hash
    )
    assert recomputed == last.hash


def test_an_event_changed_behind_the_api_is_reported(db: Store, company: Company) -> None:
    _history(db, company, "F-1")
    invoice = _history(db, company, "F-2")
    target = _event_ids(db, invoice)[2]
    raw(db, "UPDATE events SET data = :data WHERE id = :id", data='{"from": "received", "to": "integrated"}', id=target)
    report = verify_audit(db)
    assert not report.ok
    [problem] = report.breaks
    assert (problem.problem, problem.event_id, problem.seq) == ("event altered", target, 3)
    assert problem.invoice_number == "F-2"
    assert problem.expected != problem.stored
    assert problem.stored is not None
    assert len(problem.stored) == 64
    assert str(target) in str(problem)


def test_a_deleted_event_is_reported(db: Store, company: Company) -> None:
    invoice = _history(db, company, "F-1")
    ids = _event_ids(db, invoice)
    raw(db, "DELETE FROM events WHERE id = :id", id=ids[2])
    [problem] = verify_audit(db).breaks
    assert problem.problem == "chain broken"
    assert problem.event_id == ids[3]
    assert "3..3" in problem.detail


def test_a_deleted_last_event_is_reported(db: Store, company: Company) -> None:
    invoice = _history(db, company, "F-1")
    ids = _event_ids(db, invoice)
    raw(db, "DELETE FROM events WHERE id = :id", id=ids[-1])
    [problem] = verify_audit(db).breaks
    assert problem.problem == "events missing"
    assert problem.expected != problem.stored


def test_reordered_events_are_reported(db: Store, company: Company) -> None:
    invoice = _history(db, company, "F-1")
    ids = _event_ids(db, invoice)
    # Swap the 2nd and 3rd events' places in the sequence.
    raw(db, "UPDATE events SET seq = -1 WHERE id = :id", id=ids[1])
    raw(db, "UPDATE events SET seq = 2 WHERE id = :id", id=ids[2])
    raw(db, "UPDATE events SET seq = 3 WHERE id = :id", id=ids[1])
    report = verify_audit(db)
    flagged = {problem.event_id for problem in report.breaks}
    assert {ids[1], ids[2]} <= flagged
    assert all(problem.problem in ("event altered", "chain broken") for problem in report.breaks)


def test_events_swapped_wholesale_between_rows_are_reported(db: Store, company: Company) -> None:
    """Moving two events' timestamps around (their order in time) breaks their hashes."""
    invoice = _history(db, company, "F-1")
    ids = _event_ids(db, invoice)
    raw(
        db,
        "UPDATE events SET at = (SELECT at FROM events WHERE id = :b) WHERE id = :a",
        a=ids[3],
        b=ids[4],
    )
    [problem] = verify_audit(db).breaks
    assert problem.event_id == ids[3]


def test_a_changed_document_is_reported(db: Store, company: Company) -> None:
    invoice = _history(db, company, "F-1")
    sql = "UPDATE documents SET content = :c WHERE invoice_id = :i AND kind = 'facturx_pdf'"
    raw(db, sql, c=b"forged", i=invoice.id)
    [problem] = verify_audit(db).breaks
    assert problem.problem == "document altered"
    assert problem.document_id is not None
    assert verify_audit(db, documents=False).ok  # the chain itself still holds


def test_a_document_whose_hash_was_rewritten_is_reported(db: Store, company: Company) -> None:
    invoice = _history(db, company, "F-1")
    forged = "ab" * 32
    raw(db, "UPDATE documents SET content = :c, sha256 = :s WHERE invoice_id = :i", c=b"x", s=forged, i=invoice.id)
    problems = verify_audit(db).breaks
    assert len(problems) == 2
    assert {problem.problem for problem in problems} == {"document altered"}


def test_one_invoice_can_be_checked_alone(db: Store, company: Company) -> None:
    first = _history(db, company, "F-1")
    second = _history(db, company, "F-2")
    raw(db, "DELETE FROM events WHERE id = :id", id=_event_ids(db, first)[-1])
    assert verify_audit(db, invoice_id=second.id).ok
    assert not verify_audit(db, invoice_id=first.id).ok


def test_concurrent_appends_to_one_invoice_keep_the_chain(db: Store, company: Company) -> None:
    """Several workers writing to the same invoice at once: the row lock serialises them, the chain holds."""
    with db.transaction() as session:
        invoice = add_invoice(session, company.id, new_invoice("F-BUSY"))
    failures: list[BaseException] = []
    barrier = threading.Barrier(6)

    def write(worker: int) -> None:
        try:
            barrier.wait(timeout=60)
            for step in range(15):
                with db.transaction() as session:
                    append_event(session, invoice.id, "test.note", {"worker": worker, "step": step})
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures
    report = verify_audit(db)
    assert report.ok, report.breaks
    assert report.events == 1 + 6 * 15
