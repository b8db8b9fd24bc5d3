"""The audit trail: events appended to a hash chain, one chain per invoice.

Each event is hashed (SHA-256) over a canonical serialisation of ``{v, invoice, seq, type, at, data, prev}``, where
``prev`` is the hash of the invoice's previous event (64 zeros for the first). The invoice row holds the chain's head
(``event_count``, ``last_event_hash``), updated in the same transaction as the insert.

Why per invoice rather than one global chain: appending needs the previous hash, so appends to one chain must be
serialised. A worker changing an invoice already holds that invoice's row lock (``SELECT … FOR UPDATE``), so a
per-invoice chain costs no extra lock and workers on different invoices never wait for each other. A global chain
would make every transaction of every worker queue on one row (or advisory lock) until it commits, which caps
throughput at one commit at a time and invites deadlocks between that lock and the invoice rows. What a global
chain adds (the order *between* invoices) is not part of any invoice's audit trail; the ``UNIQUE (invoice_id, seq)``
constraint turns any append that bypassed the lock into an error instead of a fork.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .errors import NotFound
from .models import GENESIS, Event, Invoice
from .types import utcnow

CHAIN_VERSION = 1

# Keys that must never reach the event history: the history is kept forever and shown to users.
SECRET_KEYS = ("password", "secret", "authorization", "access_token", "refresh_token", "cpro-account", "cpro_account")


def canonical(value: Any) -> bytes:
    """The one serialisation that is hashed: sorted keys, no spaces, UTF-8, no NaN."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode()


def instant(value: datetime) -> str:
    """An instant as the chain spells it: UTC, microseconds, ``Z``."""
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(*, invoice_id: int, seq: int, type: str, at: datetime, data: Any, prev_hash: str) -> str:
    """The SHA-256 (hex) that an event with these fields must carry."""
    body = {
        "v": CHAIN_VERSION,
        "invoice": invoice_id,
        "seq": seq,
        "type": type,
        "at": instant(at),
        "data": data,
        "prev": prev_hash,
    }
    return hashlib.sha256(canonical(body)).hexdigest()


def jsonable(value: Any, *, path: str = "data") -> Any:
    """Plain JSON values from what the pipeline hands over (``Decimal`` and dates as text, enums as their value).

    Refuses keys that look like credentials, so that a secret cannot end up in the permanent history by mistake.
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{path}: {value} cannot be stored")
        return value
    if isinstance(value, Enum):
        return jsonable(value.value, path=path)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise ValueError(f"{path}: naive datetime {value.isoformat()}")
        return instant(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        result: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ValueError(f"{path}: key {key!r} is not a string")
            if any(word in key.lower() for word in SECRET_KEYS):
                raise ValueError(f"{path}.{key}: credentials are never written to the history")
            result[key] = jsonable(item, path=f"{path}.{key}")
        return result
    if isinstance(value, list | tuple):
        return [jsonable(item, path=f"{path}[{i}]") for i, item in enumerate(value)]
    raise ValueError(f"{path}: {type(value).__name__} cannot be stored in an event")


def lock_invoice(session: Session, invoice_id: int) -> Invoice:
    """The invoice, re-read and row-locked until the transaction ends (``FOR UPDATE`` on PostgreSQL).

    On SQLite the write transaction (``BEGIN IMMEDIATE``) already excludes every other writer.
    """
    invoice = session.scalars(
        select(Invoice)
        .where(Invoice.id == invoice_id)
        .with_for_update(of=Invoice)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if invoice is None:
        raise NotFound(f"no invoice with id {invoice_id}")
    return invoice


def append(session: Session, invoice: Invoice, type: str, data: Mapping[str, Any] | None = None) -> Event:
    """Add an event to ``invoice``'s chain. The caller must hold the invoice's lock (see ``lock_invoice``)."""
    if not type or len(type) > 64:
        raise ValueError(f"event type {type!r}: 1 to 64 characters")
    plain = jsonable(dict(data or {}))
    # What is stored is exactly what was hashed, whatever JSON the database hands back later.
    plain = json.loads(canonical(plain))
    at = utcnow()
    seq = invoice.event_count + 1
    prev = invoice.last_event_hash or GENESIS
    digest = event_hash(invoice_id=invoice.id, seq=seq, type=type, at=at, data=plain, prev_hash=prev)
    event = Event(invoice_id=invoice.id, seq=seq, type=type, at=at, data=plain, prev_hash=prev, hash=digest)
    session.add(event)
    invoice.event_count = seq
    invoice.last_event_hash = digest
    invoice.updated_at = at
    session.flush()
    return event


def append_event(session: Session, invoice_id: int, type: str, data: Mapping[str, Any] | None = None) -> Event:
    """Lock the invoice and append an event of the pipeline's own (``dispatch.deposit_sent``, ``notify.sent`` …)."""
    return append(session, lock_invoice(session, invoice_id), type, data)
