"""Companies and invoices: adding, moving through the pipeline with an event each time, documents, platform status."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from bordereau.store import (
    TRANSITIONS,
    Company,
    DocumentKind,
    DuplicateCompany,
    DuplicateInvoice,
    Event,
    EventType,
    Invoice,
    InvoiceState,
    LeaseLost,
    NewDocument,
    StateConflict,
    StatusUpdate,
    Store,
    StoreError,
    add_invoice,
    append_event,
    claim,
    count_by_platform_status,
    count_by_state,
    create_company,
    document_content,
    documents,
    find_by_flux,
    find_by_platform_id,
    find_company,
    find_invoice,
    get_invoice,
    invoice_record,
    latest_document,
    list_invoices,
    record_document,
    set_platform_ids,
    timeline,
    transition,
    update_company,
    update_platform_status,
    update_platform_statuses,
)

from .conftest import new_invoice, raw

S = InvoiceState
HAPPY_PATH = [S.VALID, S.RENDERED, S.DEPOSITING, S.DEPOSITED, S.INTEGRATED]


def _add(db: Store, company: Company, number: str = "F-2025-001") -> Invoice:
    with db.transaction() as session:
        return add_invoice(session, company.id, new_invoice(number))


def _events(db: Store, invoice_id: int) -> list[Event]:
    with db.read() as session:
        return timeline(session, invoice_id)


# Companies


def test_a_company_is_registered_once(db: Store, company: Company) -> None:
    with pytest.raises(DuplicateCompany), db.transaction() as session:
        create_company(session, siret=company.siret, name="Again")
    with db.transaction() as session:
        update_company(session, company.id, structure_id=26300297, output_format="ubl")
    with db.read() as session:
        found = find_company(session, company.siret)
        assert found is not None
        assert found.structure_id == 26300297
        assert found.output_format == "ubl"
        assert found.credentials_ref == "saone"


def test_a_company_keeps_a_reference_to_its_credentials_never_the_secret(db: Store) -> None:
    secret = "p@ss word/with:colons="
    with pytest.raises(StoreError) as caught, db.transaction() as session:
        create_company(session, siret="85274196600026", name="Ateliers", credentials_ref=secret)
    assert secret not in str(caught.value)
    with pytest.raises(StoreError, match="14 digits"), db.transaction() as session:
        create_company(session, siret="8527419660", name="Ateliers")
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Company)) == 0


# Invoices


def test_an_invoice_arrives_received_with_its_first_event_and_its_source(db: Store, company: Company) -> None:
    source = NewDocument(DocumentKind.SOURCE, "F-2025-001.json", "application/json", b'{"number": "F-2025-001"}')
    with db.transaction() as session:
        invoice = add_invoice(session, company.id, new_invoice("F-2025-001"), source=source, data={"input": "erp"})
    assert invoice.state == S.RECEIVED
    assert invoice.output_format == "facturx"  # the company's preference
    assert invoice.due_at is not None  # its first step is due at once
    events = _events(db, invoice.id)
    assert [event.type for event in events] == [EventType.RECEIVED, EventType.DOCUMENT]
    assert events[0].data["number"] == "F-2025-001"
    assert events[0].data["amount_due"] == "1200.00"
    assert events[0].data["input"] == "erp"
    assert events[1].data["sha256"] == hashlib.sha256(source.content).hexdigest()


def test_an_invoice_number_is_unique_per_company(db: Store, company: Company) -> None:
    _add(db, company, "F-1")
    with pytest.raises(DuplicateInvoice, match="F-1"), db.transaction() as session:
        add_invoice(session, company.id, new_invoice("F-1"))
    with db.transaction() as session:
        other = create_company(session, siret="11004562200013", name="Another supplier")
        add_invoice(session, other.id, new_invoice("F-1"))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Invoice)) == 2
        with pytest.raises(StoreError, match="several companies"):
            find_invoice(session, "F-1")
        found = find_invoice(session, "F-1", company_id=company.id)
        assert found is not None
        assert found.company_id == company.id


def test_bad_invoice_data_is_refused_before_anything_is_written(db: Store, company: Company) -> None:
    with pytest.raises(StoreError, match="currency"), db.transaction() as session:
        add_invoice(session, company.id, new_invoice("F-CUR", currency="euro"))
    with pytest.raises(StoreError, match="Decimal"), db.transaction() as session:
        add_invoice(session, company.id, new_invoice("F-FLOAT", amount_due=12.5))
    with db.read() as session:
        assert session.scalar(select(func.count()).select_from(Invoice)) == 0


def test_the_happy_path_leaves_one_event_per_step(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    for state in HAPPY_PATH:
        with db.transaction() as session:
            extra = {"flux_number": "CPP0011110000000000000001"} if state == S.DEPOSITED else {}
            if state == S.INTEGRATED:
                extra = {"platform_id": 140000001}
            transition(session, invoice.id, state, **extra)
    with db.read() as session:
        stored = get_invoice(session, invoice.id)
        assert stored.state == S.INTEGRATED
        assert stored.flux_number == "CPP0011110000000000000001"
        assert stored.platform_id == 140000001
        assert find_by_flux(session, "CPP0011110000000000000001")[0].id == invoice.id
        assert find_by_platform_id(session, 140000001) is not None
    moves = [(event.data["from"], event.data["to"]) for event in _events(db, invoice.id)[1:]]
    assert moves == list(zip(["received", *HAPPY_PATH[:-1]], HAPPY_PATH, strict=True))


def test_every_state_has_its_rule_and_terminal_integration() -> None:
    assert set(TRANSITIONS) == set(InvoiceState)
    assert not TRANSITIONS[S.INTEGRATED]
    assert S.UNKNOWN in TRANSITIONS[S.DEPOSITING]


def test_a_move_from_the_wrong_state_is_refused_and_writes_nothing(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    with pytest.raises(StateConflict, match="'received' to 'deposited'"), db.transaction() as session:
        transition(session, invoice.id, S.DEPOSITED)
    with pytest.raises(StateConflict, match="expected it in 'valid'"), db.transaction() as session:
        transition(session, invoice.id, S.INVALID, expect=S.VALID)
    with db.read() as session:
        assert get_invoice(session, invoice.id).state == S.RECEIVED
    assert len(_events(db, invoice.id)) == 1


def test_findings_are_kept_and_traced(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    findings = [{"rule": "BR-CPRO-05", "bt": "BT-10", "message": "service code required"}]
    with db.transaction() as session:
        transition(session, invoice.id, S.INVALID, findings=findings)
    with db.read() as session:
        assert get_invoice(session, invoice.id).findings == findings
    assert _events(db, invoice.id)[-1].data["findings"] == findings


def test_only_the_lease_holder_moves_a_leased_invoice(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    [job] = claim(db, "worker-a", 300, 1)
    with pytest.raises(LeaseLost, match="worker-a"), db.transaction() as session:
        transition(session, invoice.id, S.VALID, owner="worker-b")
    with db.transaction() as session:
        transition(session, job.invoice_id, S.VALID, owner="worker-a")
        assert get_invoice(session, invoice.id).attempts == 0  # progress resets the count


def test_the_platform_status_makes_an_event_only_when_it_changes(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    seen = datetime(2025, 3, 20, 9, 30, tzinfo=UTC)
    with db.transaction() as session:
        assert update_platform_status(session, invoice.id, "DEPOSEE", at=seen)
        assert not update_platform_status(session, invoice.id, "DEPOSEE", at=seen)
        assert update_platform_status(session, invoice.id, "MISE_A_DISPOSITION")
    with pytest.raises(StoreError, match="spelling"), db.transaction() as session:
        update_platform_status(session, invoice.id, "mise à disposition")
    statuses = [event.data["to"] for event in _events(db, invoice.id) if event.type == EventType.PLATFORM_STATUS]
    assert statuses == ["DEPOSEE", "MISE_A_DISPOSITION"]
    with db.read() as session:
        assert count_by_platform_status(session) == {"MISE_A_DISPOSITION": 1}


def test_a_tracking_pass_applies_histories_in_order(db: Store, company: Company) -> None:
    first, second = _add(db, company, "F-A"), _add(db, company, "F-B")
    updates = [
        StatusUpdate(second.id, "DEPOSEE"),
        StatusUpdate(first.id, "DEPOSEE"),
        StatusUpdate(second.id, "MISE_A_DISPOSITION"),
        StatusUpdate(first.id, "DEPOSEE"),
    ]
    with db.transaction() as session:
        assert update_platform_statuses(session, updates) == [first.id, second.id]
    with db.read() as session:
        assert get_invoice(session, second.id).platform_status == "MISE_A_DISPOSITION"


def test_platform_ids_make_an_event_only_when_new(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    with db.transaction() as session:
        set_platform_ids(session, invoice.id, flux_number="CPP0011110000000000000007")
        set_platform_ids(session, invoice.id, flux_number="CPP0011110000000000000007", platform_id=7)
        set_platform_ids(session, invoice.id, platform_id=7)
    kinds = [event.type for event in _events(db, invoice.id)]
    assert kinds.count(EventType.PLATFORM_IDS) == 2


# Documents


def test_documents_keep_their_bytes_and_sha256(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 64
    with db.transaction() as session:
        document = record_document(
            session, invoice.id, NewDocument(DocumentKind.FACTURX_PDF, "F-2025-001.pdf", "application/pdf", pdf)
        )
    assert document.sha256 == hashlib.sha256(pdf).hexdigest()
    assert document.size == len(pdf)
    with db.read() as session:
        assert document_content(session, document.id) == pdf
        latest = latest_document(session, invoice.id, DocumentKind.FACTURX_PDF)
        assert latest is not None
        assert latest.content == pdf
        assert [d.kind for d in documents(session, invoice.id)] == [DocumentKind.FACTURX_PDF]
    assert _events(db, invoice.id)[-1].data["sha256"] == document.sha256


def test_documents_and_events_cannot_be_changed_through_the_orm(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    with db.transaction() as session:
        record_document(session, invoice.id, NewDocument(DocumentKind.ATTACHMENT, "a.txt", "text/plain", b"a"))
    with pytest.raises(PermissionError), db.transaction() as session:
        documents(session, invoice.id)[0].filename = "b.txt"
        session.flush()
    with pytest.raises(PermissionError), db.transaction() as session:
        session.delete(timeline(session, invoice.id)[0])
        session.flush()


@pytest.mark.parametrize("statement", ["UPDATE events SET type = 'forged'", "DELETE FROM events"])
def test_the_database_refuses_to_change_events(db: Store, company: Company, statement: str) -> None:
    _add(db, company)
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text(statement))


def test_documents_are_immutable_in_the_database(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    with db.transaction() as session:
        record_document(session, invoice.id, NewDocument(DocumentKind.ATTACHMENT, "a.txt", "text/plain", b"a"))
    with pytest.raises(DBAPIError, match="append-only"), db.engine.begin() as connection:
        connection.execute(text("UPDATE documents SET content = :c"), {"c": b"b"})


# Nothing half-written


def test_a_failing_event_insert_rolls_back_the_state_change(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    # Put the chain head back by one, behind the store: the next event collides with the first one's number.
    raw(db, "UPDATE invoices SET event_count = 0 WHERE id = :id", id=invoice.id)
    with pytest.raises(IntegrityError), db.transaction() as session:
        transition(session, invoice.id, S.VALID, findings=[])
    with db.read() as session:
        stored = get_invoice(session, invoice.id)
        assert stored.state == S.RECEIVED
        assert stored.findings is None
    assert len(_events(db, invoice.id)) == 1


def test_a_failure_later_in_the_transaction_undoes_everything(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    with pytest.raises(RuntimeError), db.transaction() as session:
        transition(session, invoice.id, S.VALID)
        record_document(session, invoice.id, NewDocument(DocumentKind.SOURCE, "x.json", "application/json", b"{}"))
        raise RuntimeError("the renderer crashed")
    with db.read() as session:
        assert get_invoice(session, invoice.id).state == S.RECEIVED
        assert documents(session, invoice.id) == []
    assert len(_events(db, invoice.id)) == 1


def test_an_invoice_with_a_bad_source_is_not_left_behind(db: Store, company: Company) -> None:
    bad = NewDocument(DocumentKind.SOURCE, "", "application/json", b"{}")  # no file name
    with pytest.raises(StoreError, match="file name"), db.transaction() as session:
        add_invoice(session, company.id, new_invoice("F-HALF"), source=bad)
    with db.read() as session:
        assert find_invoice(session, "F-HALF") is None
        assert session.scalar(select(func.count()).select_from(Event)) == 0


def test_credentials_never_reach_the_history(db: Store, company: Company) -> None:
    invoice = _add(db, company)
    with pytest.raises(ValueError, match="credentials"), db.transaction() as session:
        append_event(session, invoice.id, "dispatch.login", {"auth": {"client_secret": "s3cr3t"}})
    with pytest.raises(ValueError, match="store's own"), db.transaction() as session:
        transition(session, invoice.id, S.VALID, data={"to": "integrated"})
    assert len(_events(db, invoice.id)) == 1


# Listings


def test_listing_by_state_and_the_status_record(db: Store, company: Company) -> None:
    for number in ("F-1", "F-2", "F-3"):
        _add(db, company, number)
    with db.transaction() as session:
        valid = find_invoice(session, "F-2")
        assert valid is not None
        transition(session, valid.id, S.VALID)
    with db.read() as session:
        assert [i.number for i in list_invoices(session, states=[S.VALID])] == ["F-2"]
        assert {i.number for i in list_invoices(session, states=[S.RECEIVED])} == {"F-1", "F-3"}
        assert len(list_invoices(session, company_id=company.id, limit=2)) == 2
        assert len(list_invoices(session, exclude_platform_statuses=["MISE_EN_PAIEMENT"])) == 3
        counts = count_by_state(session)
        assert counts[S.RECEIVED] == 2
        assert counts[S.VALID] == 1
        assert counts[S.INTEGRATED] == 0
        record = invoice_record(get_invoice(session, valid.id), company=company)
    assert list(record)[:7] == [
        "number",
        "buyer_siret",
        "state",
        "platform_status",
        "platform_id",
        "amount_due",
        "updated_at",
    ]
    assert record["state"] == "valid"
    assert record["amount_due"] == "1200.00"
    assert record["company_siret"] == company.siret
