"""`bordereau sandbox …` commands: run the sandbox, list its technical users."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from ..errors import BordereauError

app = typer.Typer(help="Run and inspect the local Chorus Pro sandbox.", no_args_is_help=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)


def _fail(exc: BordereauError) -> typer.Exit:
    err.print(f"[bold red]error[/]: {str(exc).replace('[', chr(92) + '[')}")
    return typer.Exit(2)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8790,
    db: Annotated[Path, typer.Option(help="SQLite file holding the sandbox's state (created when missing).")] = Path(
        "sandbox.db"
    ),
    seed: Annotated[
        Path | None, typer.Option(help="A seed (JSON) replacing the directory: structures, services, users.")
    ] = None,
    clock_speed: Annotated[
        float, typer.Option("--clock-speed", help="How fast the sandbox clock runs (86400: a day per second).")
    ] = 1.0,
    faults: Annotated[Path | None, typer.Option(help="A faults file (.toml or .json), see docs/sandbox.md.")] = None,
    token_lifetime: Annotated[int, typer.Option("--token-lifetime", help="Seconds an OAuth token lives.")] = 3600,
    workers: Annotated[
        int, typer.Option(help="Worker processes reading deposited flows (0: a thread in the server).")
    ] = 2,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn's log level.")] = "warning",
) -> None:
    """Start the sandbox: the PISTE gateway and the Chorus Pro API on one port."""
    import uvicorn

    from .app import create_app
    from .clock import Clock

    if clock_speed <= 0:
        raise typer.BadParameter("must be positive", param_hint="--clock-speed")
    try:
        application = create_app(
            db, seed=seed, clock=Clock(clock_speed), faults=faults, token_lifetime=token_lifetime, workers=workers
        )
    except BordereauError as exc:
        raise _fail(exc) from None
    base = f"http://{host}:{port}"
    err.print(f"Chorus Pro sandbox on {base}  (state in {db}, clock x{clock_speed:g})")
    err.print(f"  token:  POST {base}/api/oauth/token  (client bordereau-sandbox / sandbox-secret)")
    err.print(f"  API:    {base}/cpro/{{api}}/v1/{{op}}   controls: {base}/sandbox")
    err.print("  accounts: bordereau sandbox accounts --db " + str(db))
    logging.basicConfig(level=logging.WARNING)
    uvicorn.run(application, host=host, port=port, log_level=log_level)


@app.command()
def accounts(
    db: Annotated[
        Path | None, typer.Option(help="A sandbox's SQLite file (default: the directory a new sandbox gets).")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="A JSON list of objects.")] = False,
) -> None:
    """List the technical users (cpro-account logins) and the structures they act for."""
    from .directory import Directory, accounts, default_seed
    from .store import Store

    try:
        if db is not None:
            if not db.exists():
                raise BordereauError(f"{db}: no such sandbox database")
            store = Store(db)
            document = store.get_json("directory") or default_seed()
            store.close()
        else:
            document = default_seed()
        users = accounts(Directory(document))
    except BordereauError as exc:
        raise _fail(exc) from None
    if as_json:
        typer.echo(json.dumps(users, ensure_ascii=False, indent=2))
        return
    rows = [("login", "password", "role", "SIRET", "idStructureCPP", "structure / services")]
    for user in users:
        detail = user["designation"] or ""
        if user.get("structures"):
            detail += f" (+{len(user['structures']) - 1} other)"
        if user.get("services"):
            detail += ": " + ", ".join(s["codeService"] for s in user["services"])
        rows.append(
            (user["login"], user["password"], user["role"], user["siret"] or "", str(user["idStructureCPP"]), detail)
        )
    # plain aligned columns: logins and passwords are copied from here, so they must never wrap
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        typer.echo("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)) + "  " + row[5])
