"""`bordereau audit …` commands: check that the history and the documents sent are intact.

Mounted by the main CLI as ``audit``. The store is imported inside the commands, so that the rest of the CLI does not
pay for SQLAlchemy and Alembic at start-up.
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

app = typer.Typer(help="Verify the audit trail: the hash-chained history and the documents sent.", no_args_is_help=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="BORDEREAU_DATABASE_URL",
        show_envvar=True,
        help="Database URL (sqlite:///FILE or postgresql://…); default: bordereau.db in the working directory.",
    ),
]


@app.callback()
def audit() -> None:
    """Verify the audit trail: the hash-chained history of every invoice and the documents sent."""


@app.command()
def verify(
    database: DatabaseOption = None,
    skip_documents: Annotated[
        bool, typer.Option("--skip-documents", help="Check the event chains only, not the documents' bytes.")
    ] = False,
) -> None:
    """Recompute every invoice's hash chain and every document's SHA-256; exit 1 and list the breaks if any."""
    from .audit import verify_audit
    from .engine import default_url, normalize_url, open_store, safe_url, sqlite_path
    from .errors import StoreError

    try:
        url = normalize_url(database or default_url())
        path = sqlite_path(url) if url.get_backend_name() == "sqlite" else None
        if path is not None and not path.exists():
            raise StoreError(f"no database at {path}")
        with open_store(url) as store:
            report = verify_audit(store, documents=not skip_documents)
    except StoreError as exc:
        err.print(f"[bold red]error[/]: {escape(str(exc))}")
        raise typer.Exit(2) from None
    checked = f"{report.invoices} invoice(s), {report.events} event(s), {report.documents} document(s)"
    if report.ok:
        out.print(f"[green]audit trail intact[/]: {checked} in {escape(safe_url(url))}")
        return
    out.print(f"[bold red]audit trail broken[/]: {len(report.breaks)} problem(s) in {checked}")
    for problem in report.breaks:
        out.print(f"  - {escape(str(problem))}")
    raise typer.Exit(1)
