"""The command line: each command parses its arguments, calls the core, and presents the result."""

from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from . import __version__
from .convert import convert_file, plan
from .errors import BordereauError, InvalidInvoiceData
from .output import write_atomic
from .schema import json_schema

app = typer.Typer(
    name="bordereau",
    help="Open e-invoicing gateway for France's public sector: EN 16931 invoices, UBL, CII, Chorus Pro.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

# How many dropped elements a conversion lists before summing up the rest.
SHOWN_UNMAPPED = 5


class Target(str, Enum):
    ubl = "ubl"
    cii = "cii"
    json = "json"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bordereau {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """bordereau turns ERP data into compliant e-invoices and dispatches them to Chorus Pro."""


def _report_error(exc: BordereauError) -> None:
    err.print(f"[bold red]error[/]: {_escape(str(exc))}")
    if isinstance(exc, InvalidInvoiceData) and len(exc.problems) > 1:
        for path, reason in exc.problems:
            err.print(f"  - {_escape(path)}: {_escape(reason)}")


def _escape(text: str) -> str:
    return text.replace("[", r"\[")


@app.command()
def convert(
    inputs: Annotated[list[Path], typer.Argument(help="Invoice files: UBL, CII (any Factur-X profile) or JSON.")],
    to: Annotated[Target, typer.Option("--to", "-t", help="Syntax to write.")],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Output file, '-' for standard output, or a folder for several inputs."),
    ] = None,
) -> None:
    """Convert invoices between UBL 2.1, CII D16B and the JSON model; the syntax is read from the content."""
    try:
        pairs = plan(inputs, to.value, output)
    except BordereauError as exc:
        _report_error(exc)
        raise typer.Exit(2) from None
    failed = 0
    for source, target in pairs:
        try:
            converted = convert_file(source, to.value)
        except BordereauError as exc:
            _report_error(exc)
            failed += 1
            continue
        if converted.unmapped:
            _warn_unmapped(source, converted.unmapped)
        if target is None:
            sys.stdout.buffer.write(converted.data)
            sys.stdout.buffer.flush()
        else:
            write_atomic(target, converted.data)
            err.print(f"[green]wrote[/] {_escape(str(target))}")
    if failed:
        raise typer.Exit(2)


def _warn_unmapped(source: Path, unmapped: list) -> None:
    err.print(
        f"[yellow]warning[/]: {_escape(str(source))}: {len(unmapped)} element(s) have no place in the "
        "EN 16931 model and were dropped:"
    )
    for item in unmapped[:SHOWN_UNMAPPED]:
        value = f" = {item.value!r}" if item.value else ""
        err.print(f"  - {_escape(item.path)}{_escape(value)}")
    if len(unmapped) > SHOWN_UNMAPPED:
        err.print(f"  … and {len(unmapped) - SHOWN_UNMAPPED} more")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the JSON invoice input (the EN 16931 model, each field with its BT)."""
    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
