"""Verifying the audit trail: recompute every invoice's hash chain and every document's SHA-256, report each break.

What it catches: an event changed behind the API (its hash no longer matches its content), an event removed or
events reordered (an event no longer points at the one before it), events missing at the end (the invoice's chain
head disagrees), a document whose bytes or recorded hash changed, or that the history does not mention.
What no in-database chain can catch: someone rewriting a whole chain *and* its head consistently; keep copies of
the heads elsewhere (an export, a timestamping service) if that attacker is in your threat model.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .chain import event_hash
from .engine import Store
from .models import GENESIS, Document, Event, Invoice
from .states import EventType

# Invoices checked per round trip; keeps memory flat on large databases.
BATCH = 500


@dataclass(frozen=True)
class AuditBreak:
    """One place where the trail does not hold."""

    # "event altered", "chain broken", "events missing", "document altered", "document not chained", "document missing"
    problem: str
    invoice_id: int
    invoice_number: str
    detail: str
    event_id: int | None = None
    seq: int | None = None
    document_id: int | None = None
    expected: str | None = None
    stored: str | None = None

    def __str__(self) -> str:
        where = f"invoice {self.invoice_number} (id {self.invoice_id})"
        if self.event_id is not None:
            where += f", event {self.event_id} (seq {self.seq})"
        if self.document_id is not None:
            where += f", document {self.document_id}"
        hashes = ""
        if self.expected is not None or self.stored is not None:
            hashes = f"; expected {self.expected or '-'}, stored {self.stored or '-'}"
        return f"{where}: {self.problem}: {self.detail}{hashes}"


@dataclass
class AuditReport:
    """What was checked and what does not hold."""

    invoices: int = 0
    events: int = 0
    documents: int = 0
    breaks: list[AuditBreak] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify_audit(store: Store, *, invoice_id: int | None = None, documents: bool = True) -> AuditReport:
    """Recompute the chains (of every invoice, or of one) and, unless ``documents=False``, the documents' hashes.

    Runs in one read snapshot, so workers may keep writing while it runs.
    """
    report = AuditReport()
    with store.read(snapshot=True) as session:
        after = -1
        while True:
            heads_query = select(Invoice.id, Invoice.number, Invoice.event_count, Invoice.last_event_hash)
            if invoice_id is not None:
                heads_query = heads_query.where(Invoice.id == invoice_id)
            heads = session.execute(heads_query.where(Invoice.id > after).order_by(Invoice.id).limit(BATCH)).all()
            if not heads:
                break
            after = heads[-1].id
            chained = _verify_events(session, heads, report)
            if documents:
                _verify_documents(session, heads, chained, report)
            report.invoices += len(heads)
    return report


def _verify_events(session: Session, heads: list[Any], report: AuditReport) -> dict[int, tuple[int, str]]:
    """Check the chains of these invoices; the documents their histories mention (id → invoice id, SHA-256)."""
    numbers = {head.id: head.number for head in heads}
    events = session.execute(
        select(Event.id, Event.invoice_id, Event.seq, Event.type, Event.at, Event.data, Event.prev_hash, Event.hash)
        .where(Event.invoice_id.in_(list(numbers)))
        .order_by(Event.invoice_id, Event.seq)
    ).all()
    by_invoice: dict[int, list[Any]] = {head.id: [] for head in heads}
    for row in events:
        by_invoice[row.invoice_id].append(row)
    chained: dict[int, tuple[int, str]] = {}
    for head in heads:
        rows = by_invoice[head.id]
        report.events += len(rows)
        previous_hash, previous_seq = GENESIS, 0
        for row in rows:
            problem = _check_event(row, previous_hash, previous_seq)
            if problem is not None:
                report.breaks.append(
                    AuditBreak(invoice_id=head.id, invoice_number=head.number, event_id=row.id, seq=row.seq, **problem)
                )
            previous_hash, previous_seq = row.hash, row.seq
            if row.type == EventType.DOCUMENT and isinstance(row.data, dict) and "document_id" in row.data:
                chained[int(row.data["document_id"])] = (head.id, str(row.data.get("sha256")))
        last = rows[-1].hash if rows else None
        # A wrong count with the right last hash is a gap already reported above; a wrong last hash is a lost tail.
        if last != head.last_event_hash:
            report.breaks.append(
                AuditBreak(
                    problem="events missing",
                    invoice_id=head.id,
                    invoice_number=head.number,
                    detail=f"the invoice's chain head records {head.event_count} event(s), {len(rows)} found",
                    expected=head.last_event_hash,
                    stored=last,
                )
            )
    return chained


def _check_event(row: Any, previous_hash: str, previous_seq: int) -> dict[str, Any] | None:
    recomputed = event_hash(
        invoice_id=row.invoice_id, seq=row.seq, type=row.type, at=row.at, data=row.data, prev_hash=row.prev_hash
    )
    if recomputed != row.hash:
        return {
            "problem": "event altered",
            "detail": "its content no longer matches its hash",
            "expected": recomputed,
            "stored": row.hash,
        }
    if row.prev_hash != previous_hash:
        if row.seq > previous_seq + 1:
            detail = f"event(s) {previous_seq + 1}..{row.seq - 1} before it are missing"
        else:
            detail = "it is not chained to the event before it (events removed or reordered)"
        return {"problem": "chain broken", "detail": detail, "expected": previous_hash, "stored": row.prev_hash}
    return None


def _verify_documents(
    session: Session, heads: list[Any], chained: dict[int, tuple[int, str]], report: AuditReport
) -> None:
    """Hash each document's bytes again and compare with the row and with the history."""
    numbers = {head.id: head.number for head in heads}
    seen: set[int] = set()
    rows = session.execute(
        select(Document.id, Document.invoice_id, Document.sha256, Document.content)
        .where(Document.invoice_id.in_(list(numbers)))
        .order_by(Document.id)
        .execution_options(yield_per=16)
    )
    for row in rows:
        report.documents += 1
        seen.add(row.id)
        actual = hashlib.sha256(bytes(row.content)).hexdigest()
        recorded = chained.get(row.id, (row.invoice_id, None))[1]
        if recorded is None:
            problem = ("document not chained", "no event of the invoice's history records it", None, actual)
        elif actual != recorded:
            problem = ("document altered", "its bytes no longer match the hash in the history", recorded, actual)
        elif row.sha256 != recorded:
            problem = ("document altered", "its recorded SHA-256 was changed", recorded, row.sha256)
        else:
            continue
        name, detail, expected, stored = problem
        report.breaks.append(
            AuditBreak(
                problem=name,
                invoice_id=row.invoice_id,
                invoice_number=numbers[row.invoice_id],
                document_id=row.id,
                detail=detail,
                expected=expected,
                stored=stored,
            )
        )
    for document_id, (owner, sha) in chained.items():
        if document_id not in seen:
            report.breaks.append(
                AuditBreak(
                    problem="document missing",
                    invoice_id=owner,
                    invoice_number=numbers[owner],
                    document_id=document_id,
                    detail="the history records it but it is gone",
                    expected=sha,
                )
            )
