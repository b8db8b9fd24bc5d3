"""Notifications of platform status changes: written with the change, posted by the workers, retried with backoff.

:class:`Outbox` is both halves: a status listener of the pipeline (in the transaction that records a change, it
writes one notification per configured URL) and a deliverer (between claims, a worker posts what is due). Waits
between attempts grow exponentially with jitter; after ``notify_attempts`` the notification is given up, and says
so in the log. Every change is also a log line, whether or not webhooks are configured.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import store
from ..store.types import utcnow
from .webhooks import PostFailed, post

log = logging.getLogger("bordereau.notify")

EVENT_TYPE = "invoice.status"
BATCH = 20


class Outbox:
    """Writes notifications for status changes and posts them (see the module docstring)."""

    def __init__(
        self,
        db: store.Store,
        urls: Sequence[str],
        *,
        secret: str | None,
        owner: str,
        timeout: float = 10.0,
        base: float = 10.0,
        ceiling: float = 3600.0,
        attempts: int = 12,
        lease: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.db = db
        self.urls = list(urls)
        self._secret = secret
        self.owner = owner
        self.base, self.ceiling, self.attempts, self.lease = base, ceiling, attempts, lease
        self._client = httpx.Client(timeout=timeout, transport=transport, follow_redirects=False)
        if self.urls and not secret:
            log.warning("webhooks are posted unsigned: set webhooks.secret (BORDEREAU_WEBHOOKS__SECRET) to sign them")

    def __repr__(self) -> str:
        return f"Outbox(urls={len(self.urls)}, signed={self._secret is not None})"

    def close(self) -> None:
        self._client.close()

    # -- the listener: in the transaction that records the change -----------------------------------------------

    def status_changed(
        self,
        session: Session,
        invoice: store.Invoice,
        old: str | None,
        new: str,
        at: datetime | None,
        data: Mapping[str, Any],
    ) -> None:
        if not self.urls:
            return
        event = session.scalars(
            select(store.Event).where(store.Event.invoice_id == invoice.id, store.Event.seq == invoice.event_count)
        ).one()
        body = {
            "type": EVENT_TYPE,
            "invoice": {
                "number": invoice.number,
                "buyer_siret": invoice.buyer_siret,
                "platform_id": invoice.platform_id,
                "amount_due": format(invoice.amount_due, "f"),
                "currency": invoice.currency,
            },
            "from": old,
            "to": new,
            "at": at.isoformat() if at is not None else None,
            "comment": data.get("comment") or None,
            "event": {"seq": event.seq, "hash": event.hash, "recorded_at": event.at.isoformat()},
        }
        store.enqueue(session, invoice.id, event.id, self.urls, body)

    # -- the deliverer: between claims ----------------------------------------------------------------------------

    def wait(self, attempts: int) -> float:
        top = min(self.ceiling, self.base * (2 ** max(0, attempts - 1)))
        return random.uniform(top / 2, top)

    def deliver_due(self) -> int:
        """Post the notifications that are due (a batch); how many were delivered."""
        if not self.urls:
            return 0
        delivered = 0
        for item in store.claim_notifications(self.db, self.owner, self.lease, BATCH):
            body = {**item.body, "id": item.id}
            try:
                post(self._client, item.url, body, secret=self._secret, delivery=str(item.id))
            except PostFailed as exc:
                tries = item.attempts + 1
                retry = None if tries >= self.attempts else utcnow() + timedelta(seconds=self.wait(tries))
                with self.db.transaction() as session:
                    store.failed(session, item.id, self.owner, str(exc), retry_at=retry)
                if retry is None:
                    log.error("webhook %s for %s given up after %d attempts: %s", item.url, _number(body), tries, exc)
                else:
                    log.info("webhook %s for %s failed (%s); again at %s", item.url, _number(body), exc, retry)
                continue
            with self.db.transaction() as session:
                store.delivered(session, item.id, self.owner)
            delivered += 1
            log.info("webhook %s: %s %s -> %s", item.url, _number(body), body.get("from"), body.get("to"))
        return delivered


def _number(body: Mapping[str, Any]) -> str:
    return str((body.get("invoice") or {}).get("number", "?"))
