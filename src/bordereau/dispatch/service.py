"""The business operations the interfaces call: send, follow, complete, re-address, look a buyer up.

Each is a plain function over a :class:`~.context.Dispatch` (or the store alone for reading), so that the CLI, the
REST API and tests share them. :func:`open_dispatch` builds the Dispatch the configuration describes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from sqlalchemy import select

from .. import store
from ..config import Settings, load_settings
from ..errors import BordereauError, InputError, PlatformError
from ..formats import load
from ..platform import SUPPLIER_ACTION_STATUSES, ActionResult, Attachment
from ..store import InvoiceState as S
from .context import Deliverer, Dispatch
from .directory import Lookup, lookup
from .documents import attachment_document
from .intake import Submitted, read_attachments, submit
from .options import DispatchOptions
from .platforms import Platforms
from .tracking import Pass, track
from .worker import Worker

log = logging.getLogger("bordereau.dispatch")

COMPLETED = "dispatch.completed"
READDRESSED = "dispatch.readdressed"
# Local states after which `send` has done its part, and after which `send --wait` has.
SENT = frozenset({S.DEPOSITED, S.UNKNOWN, S.INTEGRATED, S.INVALID, S.REJECTED})
SETTLED = frozenset({S.INTEGRATED, S.INVALID, S.REJECTED})


class ActionRefused(BordereauError):
    """An action asked on an invoice whose status does not allow it (complete one that is not suspended…)."""


def open_dispatch(
    settings: Settings | None = None,
    *,
    options: DispatchOptions | None = None,
    database_url: str | None = None,
) -> Dispatch:
    """The store and the platforms the configuration names; close it with :func:`close`."""
    settings = settings or load_settings()
    db = store.open_store(database_url or settings.database_url)
    platforms = Platforms.from_settings(settings)
    if options is None:
        options = DispatchOptions()
        if settings.platform == "sandbox":  # it integrates in a second, and moves invoices sooner with a fast clock
            speed = _sandbox_speed(settings, platforms)
            options = replace(options, timing=options.timing.for_sandbox(speed))
    d = Dispatch(db, platforms, options)
    attach_notifications(d, settings)
    return d


def attach_notifications(d: Dispatch, settings: Settings) -> None:
    """Webhooks for every status change, when the configuration names URLs."""
    from ..notify import outbox_for

    outbox = outbox_for(d, settings)
    if outbox is not None:
        d.listeners.append(outbox)
        d.deliverer = outbox


def _sandbox_speed(settings: Settings, platforms: Platforms) -> float:
    if settings.platform != "sandbox":
        return 1.0
    if settings.embedded:
        return settings.sandbox_clock_speed
    controls = getattr(platforms.get(None), "sandbox", None)
    try:
        return float(controls.now().get("speed", 1.0)) if controls is not None else 1.0
    except (PlatformError, ValueError):
        return 1.0


def close(d: Dispatch) -> None:
    if d.deliverer is not None:
        d.deliverer.close()
    d.platforms.close()
    d.db.close()


# --- sending ----------------------------------------------------------------------------------------------------


@dataclass
class Sent:
    """What became of each file of a `send`."""

    submitted: list[Submitted] = field(default_factory=list)

    @property
    def ids(self) -> list[int]:
        return [s.invoice_id for s in self.submitted if s.invoice_id is not None]

    @property
    def broken(self) -> list[Submitted]:
        return [s for s in self.submitted if not s.ok]


def take_in(
    d: Dispatch,
    paths: Sequence[Path],
    *,
    output_format: store.OutputFormat | None = None,
    attach: Sequence[Path] = (),
    on_file: Callable[[Submitted], None] | None = None,
) -> Sent:
    """Store every readable file (each on its own: a broken one is reported and the others go on)."""
    attachments = read_attachments(list(attach))
    sent = Sent()
    for path in paths:
        try:
            data = load(path)
        except InputError as exc:
            result = Submitted(str(path), error=str(exc))
        else:
            result = submit(d.db, data, str(path), output_format=output_format, attachments=attachments)
        sent.submitted.append(result)
        if on_file is not None:
            on_file(result)
    return sent


def states(db: store.Store, ids: Sequence[int]) -> dict[int, S]:
    """The local state of each invoice."""
    found: dict[int, S] = {}
    with db.read() as session:
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            query = select(store.Invoice.id, store.Invoice.state).where(store.Invoice.id.in_(chunk))
            found.update((row.id, row.state) for row in session.execute(query))
    return found


def carry(
    d: Dispatch,
    ids: Sequence[int],
    *,
    settle: bool = False,
    concurrency: int = 4,
    on_progress: Callable[[dict[int, S]], None] | None = None,
    deliverer: Deliverer | None = None,
) -> dict[int, S]:
    """Work on these invoices until each is deposited (or, with ``settle``, integrated or rejected); their states."""
    goal = SETTLED if settle else SENT
    if not ids:
        return {}
    worker = Worker(d, concurrency=concurrency, track=False, deliverer=deliverer, ids=ids)
    last: dict[int, S] = {}

    def reached() -> bool:
        nonlocal last
        last = states(d.db, ids)
        if on_progress is not None:
            on_progress(last)
        return all(state in goal for state in last.values())

    if not reached():
        worker.run(until=reached)
    return last


# --- reading ----------------------------------------------------------------------------------------------------


@dataclass
class Overview:
    """Invoices by local state and by platform status, and the most recently changed ones."""

    by_state: dict[S, int]
    by_status: dict[str | None, int]
    invoices: list[store.Invoice]
    total: int


def overview(db: store.Store, *, limit: int | None = 50) -> Overview:
    with db.read() as session:
        by_state = store.count_by_state(session)
        by_status = store.count_by_platform_status(session)
        invoices = store.list_invoices(session, limit=limit)
    return Overview(by_state, by_status, invoices, sum(by_state.values()))


@dataclass
class Detail:
    invoice: store.Invoice
    company: store.Company
    events: list[store.Event]
    documents: list[store.Document]

    def record(self) -> dict[str, Any]:
        record = store.invoice_record(self.invoice, company=self.company)
        record["events"] = [store.event_record(event) for event in self.events]
        record["documents"] = [
            {"kind": doc.kind.value, "filename": doc.filename, "size": doc.size, "sha256": doc.sha256}
            for doc in self.documents
        ]
        return record


def find(db: store.Store, number: str) -> store.Invoice:
    with db.read() as session:
        invoice = store.find_invoice(session, number)
    if invoice is None:
        raise store.NotFound(f"no invoice numbered {number}")
    return invoice


def detail(db: store.Store, number: str) -> Detail:
    """One invoice, its supplier, its timeline and its documents."""
    with db.read() as session:
        invoice = store.find_invoice(session, number)
        if invoice is None:
            raise store.NotFound(f"no invoice numbered {number}")
        company = store.get_company(session, invoice.company_id)
        return Detail(invoice, company, store.timeline(session, invoice.id), store.documents(session, invoice.id))


def records(db: store.Store) -> list[dict[str, Any]]:
    """Every invoice as `status --json` shows it, oldest first, read in batches."""
    result: list[dict[str, Any]] = []
    with db.read() as session:
        companies = {c.id: c for c in store.list_companies(session)}
        offset = 0
        while True:
            batch = store.list_invoices(session, limit=1000, offset=offset, newest_first=False)
            result += [store.invoice_record(i, company=companies.get(i.company_id)) for i in batch]
            if len(batch) < 1000:
                return result
            offset += len(batch)


# --- tracking and actions ---------------------------------------------------------------------------------------


def sync(d: Dispatch) -> Pass:
    """One tracking pass (what `bordereau sync` runs)."""
    return track(d)


def _on_platform(
    d: Dispatch, number: str, expected: frozenset[str] | set[str], what: str
) -> tuple[store.Invoice, store.Company]:
    invoice = find(d.db, number)
    with d.db.read() as session:
        company = store.get_company(session, invoice.company_id)
    if invoice.platform_id is None:
        raise ActionRefused(f"invoice {number} is not on the platform (state {invoice.state.value})")
    if invoice.platform_status not in expected:
        raise ActionRefused(
            f"invoice {number} is {invoice.platform_status}: "
            f"only an invoice {' or '.join(sorted(expected))} can be {what}"
        )
    return invoice, company


def complete(d: Dispatch, number: str, comment: str, attach: Sequence[Path] = ()) -> ActionResult:
    """Answer a suspension: the comment and the files go to the buyer; the invoice becomes COMPLETEE."""
    if not comment.strip():
        raise InputError("a completion needs a comment for the buyer", field="--comment")
    attachments = read_attachments(list(attach))
    invoice, company = _on_platform(d, number, {"SUSPENDUE"}, "completed")
    platform = d.platforms.for_company(company)
    result = platform.complete(
        invoice.platform_id or 0, comment, [Attachment(name, content) for name, content in attachments]
    )
    with d.db.transaction() as session:
        for name, content in attachments:
            store.record_document(
                session, invoice.id, attachment_document(name, content), data={"sent_with": "completion"}
            )
        store.append_event(
            session, invoice.id, COMPLETED, {"comment": comment, "attachments": [name for name, _ in attachments]}
        )
    track(d, company_id=company.id)
    return result


def readdress(
    d: Dispatch,
    number: str,
    *,
    service: str | None = None,
    buyer: str | None = None,
    engagement: str | None = None,
    comment: str | None = None,
) -> ActionResult:
    """Send a recycled invoice (A_RECYCLER) to the right service, or another buyer; it starts over as DEPOSEE."""
    if not (service or buyer or engagement):
        raise InputError("say where the invoice goes: --service, --buyer or --engagement", field="--service")
    invoice, company = _on_platform(d, number, {"A_RECYCLER"}, "re-addressed")
    platform = d.platforms.for_company(company)
    result = platform.recycle(
        invoice.platform_id or 0,
        buyer_siret=buyer or invoice.buyer_siret,
        service_code=service,
        engagement=engagement,
        comment=comment,
    )
    with d.db.transaction() as session:
        store.append_event(
            session,
            invoice.id,
            READDRESSED,
            {
                "buyer_siret": buyer or invoice.buyer_siret,
                "service_code": service,
                "engagement": engagement,
                "comment": comment,
            },
        )
    track(d, company_id=company.id)
    return result


def buyer_comments(db: store.Store, invoices: Sequence[store.Invoice]) -> dict[int, str]:
    """The buyer's word on each invoice that waits for the supplier (why it is suspended, rejected, sent back)."""
    waiting = [i.id for i in invoices if i.platform_status in SUPPLIER_ACTION_STATUSES]
    found: dict[int, str] = {}
    with db.read() as session:
        for invoice_id in waiting:
            for event in reversed(store.timeline(session, invoice_id)):
                if event.type == store.EventType.PLATFORM_STATUS:
                    if event.data.get("comment"):
                        found[invoice_id] = f"« {event.data['comment']} »"
                    break
    return found


def waiting_for_supplier(db: store.Store) -> list[store.Invoice]:
    """Invoices the platform says wait for the supplier: suspended, to re-address, rejected."""
    with db.read() as session:
        return store.list_invoices(session, platform_statuses=sorted(SUPPLIER_ACTION_STATUSES))


def buyer(d: Dispatch, siret: str, *, refresh: bool = False) -> Lookup | None:
    """What the directory says a buyer requires (from the cache while fresh)."""
    with d.db.read() as session:
        company = next(iter(store.list_companies(session)), None)
    if company is None:  # no supplier yet: the default technical user asks
        return _lookup_default(d, siret, refresh)
    return d.buyer(company, siret, refresh=refresh)


def _lookup_default(d: Dispatch, siret: str, refresh: bool) -> Lookup | None:
    return lookup(
        d.db,
        d.platforms.get(None),
        d.platforms.name,
        siret,
        ttl=d.options.directory_ttl,
        unknown_ttl=d.options.unknown_buyer_ttl,
        refresh=refresh,
    )
