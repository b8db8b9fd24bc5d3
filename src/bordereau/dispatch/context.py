"""What every step of the pipeline works with: the store, the platforms, the options, and who is working.

A :class:`Dispatch` is cheap to build and shared by a worker's threads. ``on_status`` is called inside the
transaction that records a platform status change, so that what follows from it (a webhook to post) is written
together with the change or not at all.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy.orm import Session

from .. import store
from .directory import Lookup, lookup
from .options import DispatchOptions
from .platforms import Platforms

log = logging.getLogger("bordereau.dispatch")


class StatusListener(Protocol):
    """Told of each platform status change, in the transaction that records it."""

    def status_changed(
        self,
        session: Session,
        invoice: store.Invoice,
        old: str | None,
        new: str,
        at: datetime | None,
        data: Mapping[str, Any],
    ) -> None: ...


class Deliverer(Protocol):
    """Posts, between claims, what is due (the notifications' outbox)."""

    def deliver_due(self) -> int: ...

    def close(self) -> None: ...


def worker_name() -> str:
    """A name unique to this running worker: host, process and a random part (the lease owner)."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True, slots=True)
class Change:
    """A platform status seen for one of our invoices."""

    invoice_id: int
    status: str
    at: datetime | None = None
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class Dispatch:
    """The store, the platforms and the options; ``owner`` names the worker holding leases."""

    db: store.Store
    platforms: Platforms
    options: DispatchOptions = field(default_factory=DispatchOptions)
    owner: str = field(default_factory=worker_name)
    listeners: list[StatusListener] = field(default_factory=list)
    deliverer: Deliverer | None = None

    def buyer(self, company: store.Company, siret: str, *, refresh: bool = False) -> Lookup | None:
        """The buyer's directory entry (cached), asked through the company's platform client."""
        return lookup(
            self.db,
            self.platforms.for_company(company),
            self.platforms.name,
            siret,
            ttl=self.options.directory_ttl,
            unknown_ttl=self.options.unknown_buyer_ttl,
            refresh=refresh,
        )

    def record_statuses(self, session: Session, changes: Iterable[Change]) -> list[int]:
        """Mirror platform statuses (in invoice id order, so that two passes never deadlock); ids that changed.

        Each real change is an event in the invoice's chain, and each listener hears of it in this transaction.
        """
        changed: list[int] = []
        for change in sorted(changes, key=lambda c: c.invoice_id):  # stable: keeps each invoice's own order
            invoice = session.get(store.Invoice, change.invoice_id)
            old = invoice.platform_status if invoice is not None else None
            data = {k: v for k, v in change.data.items() if v not in (None, "")}
            if not store.update_platform_status(session, change.invoice_id, change.status, at=change.at, data=data):
                continue
            invoice = store.get_invoice(session, change.invoice_id)
            log.info("invoice %s: %s -> %s", invoice.number, old or "-", change.status)
            for listener in self.listeners:
                listener.status_changed(session, invoice, old, change.status, change.at, data)
            if not changed or changed[-1] != change.invoice_id:
                changed.append(change.invoice_id)
        return changed
