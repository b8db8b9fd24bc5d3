"""Following integrated invoices until a final status, with one search per supplier per pass.

A pass asks the platform for the supplier's invoices whose status changed since the oldest last-known status of the
invoices still followed (so no change can be missed, whatever happened between passes), and mirrors what differs.
When an invoice moved by more than one step since it was last seen (MISE_A_DISPOSITION to MANDATEE), its history is
read once so that the statuses in between are recorded (and notified) too, with the platform's dates.

Several workers may run passes; on PostgreSQL an advisory lock lets one at a time do it, the others skip.
"""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, text

from .. import store
from ..platform import FINAL_STATUSES, InvoiceStatus, Platform
from ..store import InvoiceState as S
from .context import Change, Dispatch

log = logging.getLogger("bordereau.dispatch")

MARGIN = timedelta(seconds=2)  # searched a little before the cursor: times on both sides are rounded
LOCK_KEY = zlib.crc32(b"bordereau.dispatch.tracking")
# The usual way forward: a status seen right after the one before it needs no look at the history.
NEXT = {
    None: {"DEPOSEE"},
    "DEPOSEE": {"EN_COURS_ACHEMINEMENT"},
    "EN_COURS_ACHEMINEMENT": {"MISE_A_DISPOSITION"},
    "MISE_A_DISPOSITION": {"PRISE_EN_COMPTE_DESTINATAIRE", "SERVICE_FAIT", "SUSPENDUE", "REJETEE", "A_RECYCLER"},
    "PRISE_EN_COMPTE_DESTINATAIRE": {"SERVICE_FAIT", "SUSPENDUE", "REJETEE", "A_RECYCLER"},
    "SERVICE_FAIT": {"MANDATEE"},
    "MANDATEE": {"MISE_EN_PAIEMENT"},
    "SUSPENDUE": {"COMPLETEE"},
    "COMPLETEE": {"SERVICE_FAIT", "MISE_A_DISPOSITION"},
    "A_RECYCLER": {"DEPOSEE"},
}
_local = threading.Lock()  # SQLite: one pass at a time in this process (one writer anyway)


@dataclass
class Pass:
    """What one tracking pass did."""

    followed: int = 0  # invoices still followed before the pass
    searches: int = 0
    seen: int = 0  # invoices the searches returned
    changed: int = 0  # invoices whose status changed
    histories: int = 0  # histories read to fill in skipped statuses
    skipped: bool = False  # another worker was doing it
    errors: list[str] = field(default_factory=list)


def final(status: str | None, *, payment_hidden: bool = False) -> bool:
    return status in FINAL_STATUSES or (payment_hidden and status == "MANDATEE")


@contextmanager
def _one_at_a_time(d: Dispatch) -> Iterator[bool]:
    if d.db.dialect != "postgresql":
        with _local:
            yield True
        return
    with d.db.engine.connect() as connection:
        got = bool(connection.execute(text("SELECT pg_try_advisory_lock(:key)"), {"key": LOCK_KEY}).scalar())
        try:
            yield got
        finally:
            if got:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            connection.rollback()


def track(d: Dispatch, *, company_id: int | None = None) -> Pass:
    """One tracking pass over every supplier with invoices still followed (or only ``company_id``)."""
    result = Pass()
    with _one_at_a_time(d) as mine:
        if not mine:
            result.skipped = True
            return result
        with d.db.read() as session:
            query = select(store.Company)
            if company_id is not None:
                query = query.where(store.Company.id == company_id)
            companies = list(session.scalars(query.order_by(store.Company.id)))
        for company in companies:
            try:
                _track_company(d, company, result)
            except store.StoreError:
                raise
            except Exception as exc:  # one supplier's failure does not stop the others
                log.warning("tracking %s failed: %s", company.siret, exc)
                result.errors.append(f"{company.siret}: {exc}")
    return result


def _followed(d: Dispatch, company: store.Company) -> list[store.Invoice]:
    with d.db.read() as session:
        invoices = store.list_invoices(
            session, states=[S.INTEGRATED], company_id=company.id, exclude_platform_statuses=FINAL_STATUSES
        )
    return [invoice for invoice in invoices if invoice.platform_id is not None]


def _track_company(d: Dispatch, company: store.Company, result: Pass) -> None:
    followed = _followed(d, company)
    if not followed:
        return
    result.followed += len(followed)
    known = [i.platform_status_at for i in followed if i.platform_status_at is not None]
    since: datetime | None = min(known) - MARGIN if len(known) == len(followed) else None
    platform = d.platforms.for_company(company)
    supplier_id = d.platforms.supplier_id(d.db, company)
    found = platform.search_supplier_invoices(changed_since=since, supplier_id=supplier_id)
    result.searches += 1
    result.seen += len(found)
    by_id = {item.invoice_id: item for item in found}
    changes: list[Change] = []
    for invoice in followed:
        item = by_id.get(invoice.platform_id or 0)
        if item is None or item.status == invoice.platform_status:
            continue
        result.changed += 1
        skipped = d.options.fill_history and item.status not in NEXT.get(invoice.platform_status, set())
        if skipped:
            changes += _with_history(platform, invoice, item, result)
        else:
            changes.append(_change(invoice.id, item))
    if changes:
        with d.db.transaction() as session:
            d.record_statuses(session, changes)


def _change(invoice_id: int, item: InvoiceStatus) -> Change:
    return Change(invoice_id, item.status, item.status_at, {"comment": item.comment, "source": "search"})


def _with_history(platform: Platform, invoice: store.Invoice, item: InvoiceStatus, result: Pass) -> list[Change]:
    """The statuses the invoice went through since the one stored, oldest first, the searched one last."""
    try:
        history = platform.history(item.invoice_id)
    except Exception as exc:  # the current status is what matters; the steps between are a bonus
        log.info("history of %s unavailable (%s): recording the current status only", invoice.number, exc)
        return [_change(invoice.id, item)]
    result.histories += 1
    statuses = list(history.statuses)
    after = [i for i, step in enumerate(statuses) if step.status == invoice.platform_status]
    between = statuses[after[-1] + 1 :] if after else []
    changes = [
        Change(invoice.id, step.status, step.at, {"comment": step.comment, "by": step.by, "source": "history"})
        for step in between
        if step.status != item.status
    ]
    changes.append(_change(invoice.id, item))
    return changes
