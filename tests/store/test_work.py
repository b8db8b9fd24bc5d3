"""Claiming work with leases: due items only, never twice, taken over when a lease expires."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bordereau.store import (
    Company,
    Invoice,
    InvoiceState,
    LeaseLost,
    Store,
    add_invoice,
    claim,
    create_company,
    get_invoice,
    open_store,
    pending,
    release,
    renew,
    reschedule,
    schedule,
    transition,
)
from bordereau.store.types import utcnow

from .conftest import SUPPLIER_SIRET, new_invoice
from .workers import claim_until_empty

ITEMS = 1000


def _add_many(db: Store, company: Company, count: int, *, prefix: str = "F") -> list[int]:
    with db.transaction() as session:
        return [add_invoice(session, company.id, new_invoice(f"{prefix}-{n:05d}")).id for n in range(count)]


def test_claims_take_due_work_oldest_first(db: Store, company: Company) -> None:
    now = utcnow()
    ids = _add_many(db, company, 5)
    with db.transaction() as session:
        for offset, invoice_id in enumerate(ids):
            schedule(session, invoice_id, now - timedelta(minutes=10 - offset))
        schedule(session, ids[4], now + timedelta(hours=1))  # not due yet
        session.execute(update(Invoice).where(Invoice.id == ids[3]).values(due_at=None))  # no work
    first = claim(db, "w1", 60, 2, now=now)
    assert [job.invoice_id for job in first] == ids[:2]
    assert all(job.owner == "w1" and job.attempts == 1 and job.state == InvoiceState.RECEIVED for job in first)
    assert [job.invoice_id for job in claim(db, "w2", 60, 10, now=now)] == [ids[2]]
    assert claim(db, "w3", 60, 10, now=now) == []
    with db.read() as session:
        assert pending(session, now=now) == 0
        assert pending(session, now=now + timedelta(hours=2)) == 4  # ids[4] due, the three leases expired


def test_claims_can_be_restricted_to_states_or_invoices(db: Store, company: Company) -> None:
    ids = _add_many(db, company, 3)
    with db.transaction() as session:
        transition(session, ids[1], InvoiceState.VALID)
    jobs = claim(db, "renderer", 60, 10, states=[InvoiceState.VALID])
    assert [job.invoice_id for job in jobs] == [ids[1]]
    assert [job.invoice_id for job in claim(db, "sender", 60, 10, ids=[ids[2]])] == [ids[2]]


def test_an_expired_lease_is_taken_over(db: Store, company: Company) -> None:
    [invoice_id] = _add_many(db, company, 1)
    start = utcnow()
    [job] = claim(db, "dead-worker", 60, 5, now=start)
    assert claim(db, "other", 60, 5, now=start + timedelta(seconds=30)) == []
    [again] = claim(db, "other", 60, 5, now=start + timedelta(seconds=61))
    assert again.invoice_id == job.invoice_id == invoice_id
    assert again.attempts == 2
    # The first worker comes back to life: it no longer owns the invoice.
    with pytest.raises(LeaseLost, match="other"), db.transaction() as session:
        transition(session, invoice_id, InvoiceState.VALID, owner="dead-worker")
    with pytest.raises(LeaseLost), db.transaction() as session:
        release(session, invoice_id, "dead-worker")
    with db.transaction() as session:
        transition(session, invoice_id, InvoiceState.VALID, owner="other")
        release(session, invoice_id, "other", done=True)
    with db.read() as session:
        stored = get_invoice(session, invoice_id)
        assert (stored.state, stored.lease_owner, stored.due_at) == (InvoiceState.VALID, None, None)


def test_release_reschedule_and_renew(db: Store, company: Company) -> None:
    ids = _add_many(db, company, 2)
    now = utcnow()
    claim(db, "w", 60, 2, now=now)
    later = now + timedelta(minutes=5)
    with db.transaction() as session:
        release(session, ids[0], "w")  # next step due at once
        reschedule(session, ids[1], "w", later, error="platform answered 503")
    assert [job.invoice_id for job in claim(db, "w", 60, 5, now=now)] == [ids[0]]
    with db.transaction() as session:
        renew(session, ids[0], "w", 3600, now=now)
    assert [job.invoice_id for job in claim(db, "x", 60, 5, now=later)] == [ids[1]]  # ids[0] still leased
    with db.read() as session:
        assert get_invoice(session, ids[1]).last_error == "platform answered 503"


def test_claims_refuse_nonsense() -> None:
    with pytest.raises(ValueError):
        claim(None, "", 60, 1)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        claim(None, "w", 0, 1)  # type: ignore[arg-type]


def _assert_each_claimed_once(claims: list[list[int]], ids: list[int]) -> None:
    counts = Counter(invoice_id for batch in claims for invoice_id in batch)
    twice = [invoice_id for invoice_id, count in counts.items() if count > 1]
    assert not twice, f"claimed more than once: {twice[:10]}"
    assert set(counts) == set(ids), f"{len(set(ids) - set(counts))} item(s) never claimed"


def test_threads_claiming_together_never_share_an_item(db: Store, company: Company) -> None:
    ids = _add_many(db, company, ITEMS)
    workers = 8
    barrier = threading.Barrier(workers)
    claims: list[list[int]] = [[] for _ in range(workers)]
    failures: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait(timeout=60)
            while jobs := claim(db, f"thread-{n}", 600, 7):
                claims[n].extend(job.invoice_id for job in jobs)
        except BaseException as exc:  # reported below
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not failures
    _assert_each_claimed_once(claims, ids)
    assert sum(1 for batch in claims if batch) > 1  # the work was actually shared


def test_processes_claiming_together_never_share_an_item(url: str, db: Store, company: Company) -> None:
    ids = _add_many(db, company, ITEMS)
    context = multiprocessing.get_context("spawn")
    workers = 4
    barrier = context.Barrier(workers)
    results = context.Queue()
    processes = [
        context.Process(target=claim_until_empty, args=(url, f"process-{n}", 5, barrier, results))
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        reported = [results.get(timeout=600) for _ in processes]
    finally:
        for process in processes:
            process.join(timeout=60)
    assert all(process.exitcode == 0 for process in processes)
    _assert_each_claimed_once([batch for _, batch in reported], ids)
    with db.read() as session:
        owners = set(session.scalars(select(Invoice.lease_owner)))
    assert owners <= {f"process-{n}" for n in range(workers)}


def test_postgresql_claims_skip_rows_another_transaction_holds(pg_url: str) -> None:
    """SKIP LOCKED: a claim does not wait for rows another claimer is busy with, it takes the next ones."""
    with open_store(pg_url) as db:
        with db.transaction() as session:
            company = create_company(session, siret=SUPPLIER_SIRET, name="Ateliers")
        ids = _add_many(db, company, 4)
        with db.engine.connect() as holder, holder.begin():
            held = holder.execute(select(Invoice.id).where(Invoice.id.in_(ids[:2])).with_for_update()).scalars()
            assert sorted(held) == ids[:2]
            jobs = claim(db, "w", 60, 10)  # would block here without SKIP LOCKED
        assert [job.invoice_id for job in jobs] == ids[2:]


def test_claims_and_leases_do_not_count_as_changes(db: Store, company: Company) -> None:
    [invoice_id] = _add_many(db, company, 1)
    with db.read() as session:
        before = get_invoice(session, invoice_id).updated_at
    claim(db, "w", 60, 1)
    with db.transaction() as session:
        release(session, invoice_id, "w")
    with db.read() as session:
        assert get_invoice(session, invoice_id).updated_at == before
    with db.transaction() as session:
        transition(session, invoice_id, InvoiceState.VALID)
    with db.read() as session:
        assert get_invoice(session, invoice_id).updated_at > before
