"""The webhooks' outbox: notifications written with the change they announce, posted later, retried until delivered.

``enqueue`` joins the caller's transaction (the one that records the platform status change), so a notification
exists exactly when its change does. Posting happens outside any transaction: ``claim_notifications`` leases due rows
to a worker (``FOR UPDATE SKIP LOCKED`` on PostgreSQL), which then reports each one ``delivered`` or ``failed``
(due again at a later time, or given up). A worker that dies leaves its rows to come due again when the lease ends:
delivery is at least once, and receivers tell repeats apart by the notification id the body carries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .chain import jsonable
from .engine import Store
from .models import Notification
from .types import utcnow

MAX_ERROR = 2000


@dataclass(frozen=True)
class Outgoing:
    """A notification leased to a worker for posting."""

    id: int
    invoice_id: int
    event_id: int
    url: str
    body: Mapping[str, Any]
    attempts: int  # posts tried so far, this one not included


def enqueue(
    session: Session, invoice_id: int, event_id: int, urls: Sequence[str], body: Mapping[str, Any]
) -> list[Notification]:
    """One notification per URL for this event, due now."""
    now = utcnow()
    rows = [
        Notification(
            invoice_id=invoice_id,
            event_id=event_id,
            url=url,
            body=jsonable(dict(body), path="body"),
            attempts=0,
            next_at=now,
            created_at=now,
        )
        for url in urls
    ]
    session.add_all(rows)
    session.flush()
    return rows


def claim_notifications(
    store: Store, owner: str, lease_seconds: float, limit: int, *, now: datetime | None = None
) -> list[Outgoing]:
    """Lease up to ``limit`` due notifications (oldest first) to ``owner``; commits."""
    now = now or utcnow()
    with store.transaction() as session:
        query = (
            select(Notification)
            .where(Notification.next_at.is_not(None), Notification.next_at <= now)
            .order_by(Notification.next_at, Notification.id)
            .limit(limit)
        )
        if store.dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = list(session.scalars(query))
        for row in rows:
            row.owner = owner
            row.next_at = now + timedelta(seconds=lease_seconds)
        return [Outgoing(r.id, r.invoice_id, r.event_id, r.url, dict(r.body), r.attempts) for r in rows]


def _owned(session: Session, notification_id: int, owner: str) -> Notification | None:
    row = session.scalars(
        select(Notification).where(Notification.id == notification_id).with_for_update()
    ).one_or_none()
    return row if row is not None and row.owner == owner and row.next_at is not None else None


def delivered(session: Session, notification_id: int, owner: str) -> bool:
    """The receiver took it; False when the lease was lost meanwhile (another worker has it now)."""
    row = _owned(session, notification_id, owner)
    if row is None:
        return False
    row.attempts += 1
    row.delivered_at = utcnow()
    row.next_at = None
    row.owner = None
    row.last_error = None
    return True


def failed(session: Session, notification_id: int, owner: str, error: str, *, retry_at: datetime | None) -> bool:
    """A post that did not go through: due again at ``retry_at``, or given up when it is None."""
    row = _owned(session, notification_id, owner)
    if row is None:
        return False
    row.attempts += 1
    row.last_error = error[:MAX_ERROR]
    row.owner = None
    row.next_at = retry_at
    if retry_at is None:
        row.given_up_at = utcnow()
    return True


def notification_counts(session: Session) -> dict[str, int]:
    """How many notifications are pending, delivered and given up."""
    pending = session.scalar(select(func.count(Notification.id)).where(Notification.next_at.is_not(None)))
    sent = session.scalar(select(func.count(Notification.id)).where(Notification.delivered_at.is_not(None)))
    dropped = session.scalar(select(func.count(Notification.id)).where(Notification.given_up_at.is_not(None)))
    return {"pending": int(pending or 0), "delivered": int(sent or 0), "given_up": int(dropped or 0)}


def notifications_of(session: Session, invoice_id: int) -> list[Notification]:
    """An invoice's notifications, oldest first."""
    return list(
        session.scalars(select(Notification).where(Notification.invoice_id == invoice_id).order_by(Notification.id))
    )


def next_notification_due(session: Session) -> datetime | None:
    return session.scalar(select(func.min(Notification.next_at)).where(or_(Notification.next_at.is_not(None))))
