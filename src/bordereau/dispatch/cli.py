"""The dispatch commands: send, status, sync, worker, complete, readdress, directory lookup, demo.

Each parses its arguments, calls :mod:`.service` and shows the result; :func:`register` adds them to the main CLI.
Errors a user can fix come out as one line (exit 2); invoices that are invalid or refused make the exit status 1.
"""

from __future__ import annotations

import json
import logging
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..errors import BordereauError


def _consoles() -> tuple[Console, Console]:
    """Standard output and error, made when a command runs so that they see its terminal (or ``COLUMNS``)."""
    return Console(highlight=False), Console(stderr=True, highlight=False, soft_wrap=True)


directory_app = typer.Typer(help="Look buyers up in the platform's directory.", no_args_is_help=True)


class Format(StrEnum):
    ubl = "ubl"
    cii = "cii"
    facturx = "facturx"


DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="BORDEREAU_DATABASE_URL",
        show_envvar=False,
        help="Database URL (sqlite:///FILE or postgresql://…); default: bordereau.db in the working directory.",
    ),
]


def _fail(exc: BaseException) -> typer.Exit:
    _, err = _consoles()
    err.print(f"[bold red]error[/]: {escape(str(exc))}")
    return typer.Exit(2)


def _logging(level: int = logging.WARNING) -> None:
    """Log lines on standard error; the libraries' chatter only when something goes wrong."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("bordereau").setLevel(max(level, logging.WARNING) if level > logging.DEBUG else level)
    for name in ("bordereau.dispatch", "bordereau.notify"):
        logging.getLogger(name).setLevel(level)


@contextmanager
def _dispatch(database: str | None = None) -> Iterator[Any]:
    from ..config import load_settings
    from . import service

    try:
        settings = load_settings()
        d = service.open_dispatch(settings, database_url=database)
    except BordereauError as exc:
        raise _fail(exc) from None
    try:
        yield d
    except BordereauError as exc:
        raise _fail(exc) from None
    finally:
        service.close(d)


def send(
    inputs: Annotated[list[Path], typer.Argument(help="Invoice files: JSON, UBL, CII or Factur-X PDF.")],
    output_format: Annotated[
        Format | None,
        typer.Option(
            "--format", "-f", help="Syntax deposited: ubl, cii or facturx (default: the supplier's, facturx)."
        ),
    ] = None,
    attach: Annotated[
        list[Path] | None, typer.Option("--attach", "-a", help="A file to attach to every invoice sent (repeatable).")
    ] = None,
    wait: Annotated[
        bool, typer.Option("--wait", help="Wait until the platform has integrated or rejected them.")
    ] = False,
    queue: Annotated[
        bool, typer.Option("--queue", help="Only check and store them: `bordereau worker` sends.")
    ] = False,
    concurrency: Annotated[int, typer.Option("--concurrency", min=1, max=64, help="Invoices sent at once.")] = 4,
    database: DatabaseOption = None,
) -> None:
    """Check invoices and deposit them on Chorus Pro, each exactly once.

    Every file goes on its own: one that cannot be read is reported and the others are sent. An invalid invoice is
    never sent; its findings are shown (and kept: `bordereau status NUMBER`). Exit status: 0 when every invoice
    was sent, 1 when one is invalid or refused, 2 when a file cannot be read.
    """
    from .. import store
    from . import service, views

    out, err = _consoles()
    _logging()
    fmt = store.OutputFormat(output_format.value) if output_format else None
    with _dispatch(database) as d:
        with _progress(len(inputs) > 1, err) as progress:
            reading = progress.add_task("reading", total=len(inputs))
            sent = service.take_in(
                d, inputs, output_format=fmt, attach=attach or [], on_file=lambda _s: progress.advance(reading)
            )
            for broken in sent.broken:
                err.print(f"[bold red]error[/]: {escape(broken.error or '')}")
            ids = sent.ids
            if ids and not queue:
                carrying = progress.add_task("waiting for the platform" if wait else "sending", total=len(ids))
                goal = service.SETTLED if wait else service.SENT

                def shown(current: dict[int, store.InvoiceState]) -> None:
                    progress.update(carrying, completed=sum(state in goal for state in current.values()))

                service.carry(d, ids, settle=wait, concurrency=concurrency, on_progress=shown)
        invoices = _rows(d.db, ids)
        if invoices:
            out.print(views.invoices_table(invoices))
        if queue and ids:
            err.print(f"{len(ids)} invoice(s) stored and due: `bordereau worker` will send them")
    refused = [i for i in invoices if i.state in (store.InvoiceState.INVALID, store.InvoiceState.REJECTED)]
    for invoice in refused:
        err.print(f"[red]{escape(invoice.number)}[/]: {invoice.state.value}; see `bordereau status {invoice.number}`")
    raise typer.Exit(2 if sent.broken else 1 if refused else 0)


@contextmanager
def _progress(shown: bool, err: Console) -> Iterator[Progress]:
    progress = Progress(
        TextColumn("{task.description:<24}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not shown,
        transient=False,
    )
    with progress:
        yield progress


def _rows(db: Any, ids: list[int]) -> list[Any]:
    from .. import store

    with db.read() as session:
        return [store.get_invoice(session, i) for i in ids]


def status(
    number: Annotated[str | None, typer.Argument(help="An invoice number: its timeline.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON: a list of invoices, or one with its events.")] = False,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Invoices listed in the table.")] = 50,
    database: DatabaseOption = None,
) -> None:
    """Where invoices stand: a table by status, or one invoice's timeline."""
    from .. import store
    from . import service, views

    out, _err = _consoles()
    url = database or _database_url()
    if _missing(url):
        out.print("[]" if as_json else "no invoices yet: `bordereau send FILE…` sends some, `bordereau demo` shows how")
        if number is not None:
            raise _fail(store.NotFound(f"no invoice numbered {number}"))
        return
    try:
        db = store.open_store(url)
    except BordereauError as exc:
        raise _fail(exc) from None
    try:
        if number is not None:
            detail = service.detail(db, number)
            if as_json:
                typer.echo(json.dumps([detail.record()], ensure_ascii=False, indent=2))
            else:
                out.print(views.timeline(detail))
            return
        if as_json:
            typer.echo(json.dumps(service.records(db), ensure_ascii=False, indent=2))
            return
        overview = service.overview(db, limit=limit)
        if not overview.total:
            out.print("no invoices yet: `bordereau send FILE…` sends some, `bordereau demo` shows the journey")
            return
        out.print(views.counts(overview.by_state, overview.by_status))
        shown = f" (the {limit} most recent)" if overview.total > limit else ""
        notes = service.buyer_comments(db, overview.invoices)
        out.print(views.invoices_table(overview.invoices, title=f"{overview.total} invoice(s){shown}", notes=notes))
    except BordereauError as exc:
        raise _fail(exc) from None
    finally:
        db.close()


def _missing(url: str) -> bool:
    """A SQLite file that does not exist yet: nothing to show, and nothing to create for it."""
    from ..store.engine import normalize_url, sqlite_path

    try:
        parsed = normalize_url(url)
    except BordereauError:
        return False
    path = sqlite_path(parsed) if parsed.get_backend_name() == "sqlite" else None
    return path is not None and not path.exists()


def _database_url() -> str:
    from ..config import load_settings

    return load_settings().database_url


def sync(database: DatabaseOption = None) -> None:
    """One tracking pass: ask the platform what changed for the invoices still followed."""
    from . import service, views

    out, err = _consoles()
    _logging()
    with _dispatch(database) as d:
        seen = _Changes()
        d.listeners.append(seen)
        result = service.sync(d)
        for line in seen.lines:
            out.print(line)
        out.print(
            f"{result.followed} invoice(s) followed, {result.searches} search(es), {result.changed} changed"
            + (f", {result.histories} history(ies) read" if result.histories else "")
        )
        for problem in result.errors:
            err.print(f"[yellow]warning[/]: {escape(problem)}")
        waiting = service.waiting_for_supplier(d.db)
        if waiting:
            notes = service.buyer_comments(d.db, waiting)
            out.print(
                views.invoices_table(waiting, title="waiting for you (complete, readdress or replace)", notes=notes)
            )


class _Changes:
    """Collects the status changes a command caused, to show them."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def status_changed(self, session: Any, invoice: Any, old: str | None, new: str, at: Any, data: Any) -> None:
        said = f"  « {data['comment']} »" if data.get("comment") else ""
        self.lines.append(f"{escape(invoice.number)}: {old or '-'} → {new}{escape(said)}")


def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Do what is due now, one tracking pass, then stop (cron runs it again).")
    ] = False,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=64, help="Invoices at once.")] = 4,
    lease: Annotated[
        float | None, typer.Option("--lease", min=5, help="Seconds a claimed invoice stays this worker's own.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Run the pipeline: claim due invoices, check, render, deposit, follow reports and statuses, notify."""
    from dataclasses import replace

    from .worker import Worker

    _out, err = _consoles()
    _logging(logging.INFO)
    with _dispatch(database) as d:
        if lease is not None:
            d.options = replace(d.options, timing=replace(d.options.timing, lease=lease))
        running = Worker(d, concurrency=concurrency)
        signal.signal(signal.SIGTERM, lambda *_: running.stop())
        try:
            stats = running.run(once=once)
        except KeyboardInterrupt:
            running.stop()
            err.print("stopped")
            return
        err.print(f"{stats.carried} claim(s) carried, {stats.passes} tracking pass(es), {stats.changes} change(s)")


def complete(
    number: Annotated[str, typer.Argument(help="The suspended invoice's number.")],
    comment: Annotated[str, typer.Option("--comment", "-m", help="What the buyer asked for, answered.")],
    attach: Annotated[
        list[Path] | None, typer.Option("--attach", "-a", help="A file for the buyer (repeatable).")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Answer a suspension (SUSPENDUE): send the buyer a comment and files; the invoice becomes COMPLETEE."""
    from . import service

    out, _err = _consoles()
    _logging()
    with _dispatch(database) as d:
        result = service.complete(d, number, comment, attach or [])
        invoice = service.find(d.db, number)
        out.print(f"{escape(number)}: completed on {result.on or 'the platform'}; now {invoice.platform_status}")


def readdress(
    number: Annotated[str, typer.Argument(help="The invoice the buyer sent back for routing (A_RECYCLER).")],
    service_code: Annotated[str | None, typer.Option("--service", help="The right service code (BT-10).")] = None,
    buyer: Annotated[str | None, typer.Option("--buyer", help="Another buyer's SIRET.")] = None,
    engagement: Annotated[str | None, typer.Option("--engagement", help="The engagement number (BT-13).")] = None,
    comment: Annotated[str | None, typer.Option("--comment", "-m", help="A word for the buyer.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Re-address a recycled invoice (A_RECYCLER) to the right service or buyer; it is routed again."""
    from . import service

    out, _err = _consoles()
    _logging()
    with _dispatch(database) as d:
        service.readdress(d, number, service=service_code, buyer=buyer, engagement=engagement, comment=comment)
        invoice = service.find(d.db, number)
        out.print(f"{escape(number)}: re-addressed; now {invoice.platform_status}")


@directory_app.command("lookup")
def directory_lookup(
    siret: Annotated[str, typer.Argument(help="The buyer's SIRET.")],
    refresh: Annotated[bool, typer.Option("--refresh", help="Ask the platform even if the cache is fresh.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="The cached entry as JSON.")] = False,
    database: DatabaseOption = None,
) -> None:
    """What a buyer requires on its invoices (service code, engagement number) and its services."""
    from . import service, views

    out, _err = _consoles()
    _logging()
    with _dispatch(database) as d:
        found = service.buyer(d, siret, refresh=refresh)
        if as_json:
            typer.echo(json.dumps(_entry_json(siret, found), ensure_ascii=False, indent=2))
        else:
            out.print(views.directory_entry(siret, found, d.platforms.name))
    if found is None or not found.found:
        raise typer.Exit(1)


def _entry_json(siret: str, found: Any) -> dict[str, Any]:
    if found is None:
        return {"siret": siret, "found": None}
    entry = found.entry
    return {
        "siret": siret,
        "found": entry.found,
        "idStructureCPP": entry.structure_id,
        "name": entry.name,
        "parametres": dict(entry.flags),
        "services": list(entry.services),
        "fetched_at": entry.fetched_at.isoformat(),
        "expires_at": entry.expires_at.isoformat(),
        "from_platform": found.fetched,
        "stale": found.stale,
    }


def demo(
    directory: Annotated[
        Path | None, typer.Option("--dir", help="Where to keep the demo's database and sandbox (default: a new one).")
    ] = None,
    speed: Annotated[float, typer.Option("--speed", min=1, help="Sandbox days per real second.")] = 1.5,
) -> None:
    """Watch invoices go from JSON to paid on a local Chorus Pro sandbox, in under a minute (no configuration)."""
    from .demo import run

    out, _err = _consoles()
    _logging(logging.ERROR)
    try:
        run(out, directory=directory, days_per_second=speed)
    except BordereauError as exc:
        raise _fail(exc) from None


def register(app: typer.Typer) -> None:
    """Add the dispatch commands to the main CLI."""
    for command in (send, status, sync, worker, complete, readdress, demo):
        app.command()(command)
    app.add_typer(directory_app, name="directory")
