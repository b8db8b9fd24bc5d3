"""The pipeline, one step per local state: accept, render, deposit, settle an unknown deposit, follow the flux report.

A worker claims an invoice (a lease) and :func:`advance` carries it as far as it can go at once: a received invoice
is checked, rendered and deposited in one go; then the flux report is looked at later, until the platform has
integrated or rejected it. Every step ends by giving the lease back, with the invoice due again later (a poll, a
retry) or not at all (nothing more to do locally: status tracking is batched, see :mod:`.tracking`).

Exactly once: the state goes to ``depositing`` (committed) *before* the file is sent. A deposit whose answer is lost,
or an invoice found in ``depositing`` by the next worker (its predecessor died mid-call), goes to ``unknown``; an
unknown deposit is settled by asking the platform whether the number arrived, several times, after its integration
delay; it is sent again only when the platform has said "not there" that many times.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from .. import rules, store
from ..errors import (
    DepositOutcomeUnknown,
    InputError,
    OutputError,
    PlatformError,
    PlatformRefused,
    PlatformUnavailable,
)
from ..formats import Document
from ..platform import InvoiceStatus
from ..store import InvoiceState as S
from ..store.types import utcnow
from . import documents, findings
from .context import Change, Dispatch
from .platforms import NotAttached

log = logging.getLogger("bordereau.dispatch")

NOT_FOUND = "dispatch.not_found"  # a check of an unknown deposit that did not find it
REPLACES = "dispatch.replaces"
REPLACED_BY = "dispatch.replaced_by"
REPORT_LOOKS_BEFORE_SEARCH = 5  # an integrated flux whose invoice is not listed yet: look again, then search


@dataclass
class Work:
    """A claimed invoice while a worker carries it: its row as last read, and the model once read."""

    job: store.Claimed
    invoice: store.Invoice
    company: store.Company
    document: Document | None = None
    stages: dict[str, float] = field(default_factory=dict)

    @property
    def id(self) -> int:
        return self.job.invoice_id

    @property
    def state(self) -> S:
        return self.invoice.state


class Timer:
    """Adds the time spent in each stage to a mapping (the benchmark's share of time per stage)."""

    def __init__(self, sink: dict[str, float], stage: str) -> None:
        self.sink, self.stage = sink, stage

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, *exc: object) -> None:
        self.sink[self.stage] = self.sink.get(self.stage, 0.0) + time.perf_counter() - self._start


def _load(d: Dispatch, invoice_id: int) -> tuple[store.Invoice, store.Company]:
    with d.db.read() as session:
        invoice = store.get_invoice(session, invoice_id)
        company = store.get_company(session, invoice.company_id)
    return invoice, company


def _later(seconds: float) -> datetime:
    return utcnow() + timedelta(seconds=max(0.0, seconds))


def _finish(d: Dispatch, work: Work, to: S, *, done: bool = True, due_in: float | None = None, **changes: Any) -> None:
    """Move to ``to`` and give the lease back: no more local work (``done``), or due again in ``due_in`` seconds."""
    with d.db.transaction() as session:
        work.invoice = store.transition(session, work.id, to, owner=d.owner, expect=work.state, **changes)
        if due_in is None:
            store.release(session, work.id, d.owner, done=done)
        else:
            store.reschedule(session, work.id, d.owner, _later(due_in))


def _wait(d: Dispatch, work: Work, seconds: float, error: str | None = None) -> None:
    with d.db.transaction() as session:
        store.reschedule(session, work.id, d.owner, _later(seconds), error=error)


# --- accept -----------------------------------------------------------------------------------------------------


def model(d: Dispatch, work: Work) -> Document:
    """The invoice as read from its source (strictly), with its attachments in BG-24; read once per claim."""
    if work.document is None:
        with d.db.read() as session:
            source = store.latest_document(session, work.id, store.DocumentKind.SOURCE)
            attached = [
                (doc.filename, doc.mime, store.document_content(session, doc.id))
                for doc in store.documents(session, work.id, kind=store.DocumentKind.ATTACHMENT)
            ]
        if source is None:
            raise InputError("the invoice's source document is missing from the store", source=work.invoice.number)
        document = documents.read_source(bytes(source.content), source.filename)
        document.invoice = documents.with_attachments(document.invoice, attached)
        work.document = document
    return work.document


def accept(d: Dispatch, work: Work) -> S | None:
    """Check the invoice with ``en16931`` + ``chorus`` and the buyer's directory entry: valid, or invalid for good."""
    try:
        with Timer(work.stages, "validate"):
            document = model(d, work)
    except InputError as exc:
        _finish(d, work, S.INVALID, findings=[findings.from_input_error(exc)])
        return None
    with Timer(work.stages, "directory"):
        try:
            d.platforms.supplier_id(d.db, work.company)
        except NotAttached as exc:
            refusal = findings.finding("ACCOUNT", str(exc), source=findings.VALIDATION, bt=["BT-29"])
            _finish(d, work, S.INVALID, findings=[refusal])
            return None
        entry = None
        try:
            entry = d.buyer(work.company, work.invoice.buyer_siret)
        except PlatformError as exc:  # the platform will check at integration anyway
            log.warning(
                "invoice %s: no directory entry for %s (%s)", work.invoice.number, work.invoice.buyer_siret, exc
            )
    with Timer(work.stages, "validate"):
        options: dict[str, Any] = {}
        if entry is not None and entry.rules_entry is not None:
            options["directory"] = entry.rules_entry
        report = rules.run(document, d.options.rule_sets, lang=d.options.lang, options=options)
        found = findings.from_report(report.findings)
        if entry is not None and not entry.found:
            found.insert(
                0,
                findings.finding(
                    "DIRECTORY",
                    f"no public structure with SIRET {work.invoice.buyer_siret} in the {d.platforms.name} directory",
                    source=findings.VALIDATION,
                    bt=["BT-46"],
                ),
            )
        facts = {"rule_sets": list(d.options.rule_sets), "directory": _directory_fact(entry)}
        if findings.fatal(found):
            _finish(d, work, S.INVALID, findings=found, data=facts)
            log.info("invoice %s is invalid: %s", work.invoice.number, findings.line(findings.fatal(found)[0]))
            return None
        with d.db.transaction() as session:
            work.invoice = store.transition(
                session, work.id, S.VALID, owner=d.owner, expect=S.RECEIVED, findings=found or None, data=facts
            )
            _link_replacement(session, work, document)
    return S.VALID


def _directory_fact(entry: Any) -> str:
    if entry is None:
        return "unavailable"
    if not entry.found:
        return "unknown buyer"
    return "stale" if entry.stale else "checked"


def _link_replacement(session: Any, work: Work, document: Document) -> None:
    """A corrected invoice names the rejected one in BT-25: both histories say so."""
    if document.invoice.type_code in ("381", "261", "262", "296", "308", "532"):  # credit notes refer, not replace
        return
    for preceding in document.invoice.preceding_invoices:
        old = store.find_invoice(session, preceding.number or "", company_id=work.company.id)
        if old is None or old.id == work.id:
            continue
        if old.platform_status == "REJETEE" or old.state in (S.REJECTED, S.INVALID):
            store.append_event(session, work.id, REPLACES, {"invoice": old.number, "invoice_id": old.id})
            store.append_event(session, old.id, REPLACED_BY, {"invoice": work.invoice.number, "invoice_id": work.id})


# --- render -----------------------------------------------------------------------------------------------------


def render(d: Dispatch, work: Work) -> S | None:
    """Build the file to deposit in the invoice's syntax and store it (bytes + SHA-256)."""
    with Timer(work.stages, "render"):
        try:
            rendered = documents.render(model(d, work).invoice, work.invoice.output_format, lang=d.options.lang)
        except (OutputError, InputError) as exc:
            _finish(d, work, S.INVALID, findings=[findings.from_error(exc, "RENDER")])
            return None
        with d.db.transaction() as session:
            store.record_document(
                session,
                work.id,
                store.NewDocument(rendered.kind, rendered.filename, rendered.mime, rendered.content),
                data={"syntax": work.invoice.output_format.value},
            )
            work.invoice = store.transition(session, work.id, S.RENDERED, owner=d.owner, expect=S.VALID)
    return S.RENDERED


# --- deposit ----------------------------------------------------------------------------------------------------

DEPOSIT_KIND = {
    store.OutputFormat.FACTURX: store.DocumentKind.FACTURX_PDF,
    store.OutputFormat.UBL: store.DocumentKind.INVOICE_XML,
    store.OutputFormat.CII: store.DocumentKind.INVOICE_XML,
}


def deposit(d: Dispatch, work: Work) -> S | None:
    """Send the rendered file once: ``depositing`` is committed first, so that a crash leaves a trace to settle."""
    platform = d.platforms.for_company(work.company)
    d.platforms.supplier_id(d.db, work.company)  # a company its technical user cannot act for stops here
    with d.db.read() as session:
        document = store.latest_document(session, work.id, DEPOSIT_KIND[work.invoice.output_format])
    if document is None:  # the document and the state commit together: this cannot happen
        raise RuntimeError(f"invoice {work.invoice.number} is rendered but its document is missing")
    syntax = work.invoice.output_format.value
    # the lease must outlive the call, or a second worker would settle a deposit still in flight
    with d.db.transaction() as session:
        store.renew(session, work.id, d.owner, d.options.timing.lease)
        work.invoice = store.transition(
            session,
            work.id,
            S.DEPOSITING,
            owner=d.owner,
            expect=S.RENDERED,
            data={"filename": document.filename, "sha256": document.sha256, "syntax": syntax},
        )
    try:
        with Timer(work.stages, "deposit"):
            receipt = platform.deposit(bytes(document.content), document.filename, syntax)
    except DepositOutcomeUnknown as exc:
        log.warning("invoice %s: deposit outcome unknown (%s); will ask the platform", work.invoice.number, exc)
        _finish(d, work, S.UNKNOWN, due_in=d.options.timing.unknown_wait, data={"error": str(exc)})
        return None
    except PlatformUnavailable as exc:  # not carried out (429, refused connection): send later
        wait = max(exc.retry_after or 0.0, d.options.timing.backoff(work.job.attempts))
        _finish(d, work, S.RENDERED, due_in=wait, data={"error": str(exc), "sent": False})
        return None
    except (PlatformRefused, InputError) as exc:
        finding = (
            findings.from_platform_error(exc) if isinstance(exc, PlatformError) else findings.from_input_error(exc)
        )
        _finish(d, work, S.REJECTED, findings=[finding])
        log.info("invoice %s: deposit refused: %s", work.invoice.number, exc)
        return None
    except PlatformError as exc:  # credentials, access: a configuration problem, nothing was taken
        _finish(d, work, S.RENDERED, due_in=d.options.timing.retry_max, data={"error": str(exc), "sent": False})
        return None
    except BaseException as exc:  # we cannot tell whether it left: settle it by asking, never by sending again
        try:
            _finish(d, work, S.UNKNOWN, due_in=d.options.timing.unknown_wait, data={"error": repr(exc)[:500]})
        except Exception:  # the next worker finds it depositing and does the same
            log.debug("invoice %s left in depositing", work.invoice.number, exc_info=True)
        raise
    _finish(
        d,
        work,
        S.DEPOSITED,
        due_in=d.options.timing.report_poll,
        flux_number=receipt.flux_id,
        data={"deposited_on": receipt.deposited_on, "syntax": receipt.syntax},
    )
    log.info("invoice %s deposited: flux %s", work.invoice.number, receipt.flux_id)
    return None


def interrupted(d: Dispatch, work: Work) -> S | None:
    """Found ``depositing``: whoever sent it stopped before writing the answer. Ask before anything else."""
    _finish(
        d,
        work,
        S.UNKNOWN,
        due_in=d.options.timing.unknown_wait,
        data={"reason": "the deposit was interrupted: its outcome is unknown"},
    )
    return None


def settle(d: Dispatch, work: Work) -> S | None:
    """An unknown deposit: the platform has the number (integrated), or, after enough "not there", send again."""
    # (a flux number on the row belongs to an earlier attempt, an IN_INCIDENTE one: only the number search settles)
    platform = d.platforms.for_company(work.company)
    supplier_id = d.platforms.supplier_id(d.db, work.company)
    with Timer(work.stages, "settle"):
        found = platform.find_invoice(supplier_id, work.invoice.number)
    if found is not None:
        with d.db.transaction() as session:
            work.invoice = store.transition(
                session,
                work.id,
                S.INTEGRATED,
                owner=d.owner,
                expect=S.UNKNOWN,
                platform_id=found.invoice_id,
                flux_number=found.flux_id,
                data={"reason": "found on the platform: the deposit had arrived"},
            )
            d.record_statuses(session, [_change(work.id, found)])
            store.release(session, work.id, d.owner, done=True)
        log.info("invoice %s: the unknown deposit had arrived (id %s)", work.invoice.number, found.invoice_id)
        return None
    timing = d.options.timing
    with d.db.transaction() as session:
        checks = _checks(session, work.id) + 1
        store.append_event(session, work.id, NOT_FOUND, {"check": checks, "of": timing.unknown_checks})
        if checks < timing.unknown_checks:
            store.reschedule(session, work.id, d.owner, _later(timing.unknown_wait))
            return None
        work.invoice = store.transition(
            session,
            work.id,
            S.RENDERED,
            owner=d.owner,
            expect=S.UNKNOWN,
            data={"reason": f"not on the platform after {checks} checks: the deposit never arrived"},
        )
    log.warning("invoice %s: the deposit never arrived; sending it again", work.invoice.number)
    return S.RENDERED


def _checks(session: Any, invoice_id: int) -> int:
    """The "not there" answers since the invoice became unknown."""
    count = 0
    for event in reversed(store.timeline(session, invoice_id)):
        if event.type == NOT_FOUND:
            count += 1
        elif event.type == store.EventType.STATE:
            break
    return count


# --- the flux report --------------------------------------------------------------------------------------------


def _change(invoice_id: int, status: InvoiceStatus | Any) -> Change:
    return Change(
        invoice_id,
        status.status,
        getattr(status, "status_at", None),
        {"comment": getattr(status, "comment", ""), "source": "platform"},
    )


def follow_report(d: Dispatch, work: Work) -> S | None:
    """Look at the flux report: wait, integrated (the invoice gets its identifiantFactureCPP), rejected, or resend."""
    platform = d.platforms.for_company(work.company)
    flux = work.invoice.flux_number or ""
    looks = work.job.attempts
    with Timer(work.stages, "report"):
        report = platform.deposit_report(flux)
    if not report.final:
        _wait(d, work, d.options.timing.report_wait(looks))
        return None
    number = work.invoice.number
    if report.incident:
        _finish(
            d,
            work,
            S.RENDERED,
            due_in=d.options.timing.retry_base,
            data={"flux_state": report.state, "reason": "the platform failed on the flux: it is sent again"},
        )
        return None
    ref = next((ref for ref in report.invoices if ref.number == number), None) if report.integrated else None
    if ref is not None:
        _integrated(d, work, ref, report.state)
        return None
    refused = any(r.number == number for r in report.rejections) or report.rejected
    if report.integrated and not refused and looks < REPORT_LOOKS_BEFORE_SEARCH:
        _wait(d, work, d.options.timing.report_poll)  # integrated, not listed yet
        return None
    if report.integrated and not refused:
        found = platform.find_invoice(d.platforms.supplier_id(d.db, work.company), number)
        if found is not None:
            return _integrated(d, work, found, report.state)
    _finish(d, work, S.REJECTED, findings=findings.from_flux(report, number), data={"flux_state": report.state})
    log.info("invoice %s rejected by the platform: %s", number, "; ".join(report.messages()) or report.state)
    return None


def _integrated(d: Dispatch, work: Work, found: Any, flux_state: str) -> None:
    """The platform has the invoice: its id, its first status, and no more local work."""
    with d.db.transaction() as session:
        work.invoice = store.transition(
            session,
            work.id,
            S.INTEGRATED,
            owner=d.owner,
            expect=S.DEPOSITED,
            platform_id=found.invoice_id,
            data={"flux_state": flux_state},
        )
        d.record_statuses(session, _first_statuses(d, work, found))
        store.release(session, work.id, d.owner, done=True)
    _replaced(d, work)


def _first_statuses(d: Dispatch, work: Work, found: Any) -> list[Change]:
    """The statuses since the deposit: the one seen, and those before it when it is already past DEPOSEE."""
    seen = _change(work.id, found)
    if not d.options.fill_history or found.status == "DEPOSEE":
        return [seen]
    try:
        history = d.platforms.for_company(work.company).history(found.invoice_id)
    except PlatformError:
        return [seen]
    steps = [
        Change(work.id, step.status, step.at, {"comment": step.comment, "by": step.by, "source": "history"})
        for step in history.statuses
        if step.status != found.status
    ]
    return [*steps, seen]


def _replaced(d: Dispatch, work: Work) -> None:
    """The corrected invoice is on the platform: tell it the rejection of the one it replaces is dealt with."""
    with d.db.read() as session:
        olds = [
            event.data.get("invoice_id")
            for event in store.timeline(session, work.id)
            if event.type == REPLACES and event.data.get("invoice_id")
        ]
        ids = [store.get_invoice(session, i).platform_id for i in olds]
    ids = [i for i in ids if i]
    mark = getattr(d.platforms.for_company(work.company), "mark_rejection_processed", None)
    if ids and mark is not None:
        try:
            mark(ids, f"remplacée par la facture {work.invoice.number}")
        except PlatformError as exc:
            log.warning("invoice %s: could not mark the replaced rejection as processed (%s)", work.invoice.number, exc)


def nothing(d: Dispatch, work: Work) -> S | None:
    """Nothing local left to do (invalid, rejected, integrated): the invoice leaves the work queue."""
    with d.db.transaction() as session:
        store.release(session, work.id, d.owner, done=True)
    return None


STEPS: dict[S, Callable[[Dispatch, Work], S | None]] = {
    S.RECEIVED: accept,
    S.VALID: render,
    S.RENDERED: deposit,
    S.DEPOSITING: interrupted,
    S.UNKNOWN: settle,
    S.DEPOSITED: follow_report,
    S.INTEGRATED: nothing,
    S.INVALID: nothing,
    S.REJECTED: nothing,
}


def advance(d: Dispatch, job: store.Claimed, stages: dict[str, float] | None = None) -> None:
    """Carry a claimed invoice through every step it can take now; the lease is always given back (or lost)."""
    invoice, company = _load(d, job.invoice_id)
    work = Work(job, invoice, company, stages=stages if stages is not None else {})
    try:
        while True:
            following = STEPS[work.state](d, work)
            if following is None:
                return
    except store.LeaseLost as exc:
        log.warning("%s", exc)
    except store.StateConflict as exc:  # another worker moved it: its state decides what comes next
        log.warning("%s", exc)
        _give_back(d, work, 0.0, None)
    except PlatformUnavailable as exc:
        wait = max(exc.retry_after or 0.0, d.options.timing.backoff(job.attempts))
        log.info("invoice %s: platform unavailable (%s); again in %.0f s", job.number, exc, wait)
        _give_back(d, work, wait, str(exc))
    except (PlatformError, NotAttached) as exc:
        log.error("invoice %s: %s", job.number, exc)
        _give_back(d, work, d.options.timing.backoff(job.attempts, ceiling=d.options.timing.retry_max), str(exc))
    except Exception as exc:
        log.exception("invoice %s: unexpected failure in state %s", job.number, work.state.value)
        _give_back(d, work, d.options.timing.backoff(job.attempts), f"{type(exc).__name__}: {exc}")


def _give_back(d: Dispatch, work: Work, wait: float, error: str | None) -> None:
    try:
        _wait(d, work, wait, error)
    except store.StoreError as exc:  # lost meanwhile, or the database is gone: the lease expires on its own
        log.warning("invoice %s: could not give the lease back (%s)", work.job.number, exc)
