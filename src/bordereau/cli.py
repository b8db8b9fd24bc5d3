"""The command line: each command parses its arguments, calls the core, and presents the result."""

from __future__ import annotations

import json
import os
import sys
from contextlib import AbstractContextManager, ExitStack
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from . import __version__, present, validation
from .convert import Options, convert_file, plan
from .errors import BordereauError, InvalidInvoiceData
from .output import write_atomic
from .rules import DEFAULT_SETS, SETS
from .schema import json_schema

app = typer.Typer(
    name="bordereau",
    help="Open e-invoicing gateway for France's public sector: EN 16931 invoices, UBL, CII, Chorus Pro.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

# How many dropped elements a conversion lists before summing up the rest.
SHOWN_UNMAPPED = 5


class Target(StrEnum):
    ubl = "ubl"
    cii = "cii"
    json = "json"
    facturx = "facturx"
    pdf = "pdf"


class Profile(StrEnum):
    minimum = "minimum"
    basicwl = "basicwl"
    basic = "basic"
    en16931 = "en16931"
    extended = "extended"


class Lang(StrEnum):
    fr = "fr"
    en = "en"


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
    err.print(f"[bold red]error[/]: {escape(str(exc))}")
    if isinstance(exc, InvalidInvoiceData) and len(exc.problems) > 1:
        for path, reason in exc.problems:
            err.print(f"  - {escape(path)}: {escape(reason)}")


@app.command()
def convert(
    inputs: Annotated[
        list[Path], typer.Argument(help="Invoice files: UBL, CII (any Factur-X profile), JSON or Factur-X PDF.")
    ],
    to: Annotated[
        Target, typer.Option("--to", "-t", help="What to write: ubl, cii, json, facturx (PDF/A-3 + XML) or pdf.")
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", help="Output file, '-' for standard output, or a folder for several inputs."),
    ] = None,
    profile: Annotated[
        Profile | None,
        typer.Option("--profile", help="Factur-X profile of the XML (facturx, cii); default en16931."),
    ] = None,
    pdf: Annotated[
        Path | None,
        typer.Option("--pdf", help="An ERP's own PDF to carry the data (facturx), instead of bordereau's page."),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the legible page (facturx, pdf).")] = Lang.fr,
) -> None:
    """Convert invoices between UBL 2.1, CII D16B, the JSON model, Factur-X and a legible PDF.

    The input syntax is read from the content. Factur-X is a PDF/A-3b with the CII of --profile attached;
    --to pdf writes the legible invoice alone.
    """
    try:
        options = Options(profile=profile.value if profile else None, lang=lang.value, pdf=pdf)
        options.check(to.value, len(inputs))
        pairs = plan(inputs, to.value, output)
    except BordereauError as exc:
        _report_error(exc)
        raise typer.Exit(2) from None
    failed = 0
    for source, target in pairs:
        try:
            converted = convert_file(source, to.value, options)
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
            err.print(f"[green]wrote[/] {escape(str(target))}")
    if failed:
        raise typer.Exit(2)


def _warn_unmapped(source: Path, unmapped: list) -> None:
    err.print(
        f"[yellow]warning[/]: {escape(str(source))}: {len(unmapped)} element(s) have no place in the "
        "EN 16931 model and were dropped:"
    )
    for item in unmapped[:SHOWN_UNMAPPED]:
        value = f" = {item.value!r}" if item.value else ""
        err.print(f"  - {escape(item.path)}{escape(value)}")
    if len(unmapped) > SHOWN_UNMAPPED:
        err.print(f"  … and {len(unmapped) - SHOWN_UNMAPPED} more")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the JSON invoice input (the EN 16931 model, each field with its BT)."""
    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))


class Engine(StrEnum):
    native = "native"
    official = "official"


def _default_lang() -> str:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


def _rule_sets(value: str) -> list[str]:
    sets = [part.strip() for part in value.split(",") if part.strip()]
    unknown = [s for s in sets if s not in SETS]
    if unknown or not sets:
        raise typer.BadParameter(f"unknown rule set {', '.join(unknown) or '(none)'}; choose from {', '.join(SETS)}")
    return sets


@app.command()
def validate(
    inputs: Annotated[list[Path], typer.Argument(help="Invoice files: UBL, CII (any Factur-X profile) or JSON.")],
    rules: Annotated[
        str, typer.Option("--rules", "-r", help="Comma-separated rule sets: en16931, fr, chorus.")
    ] = ",".join(DEFAULT_SETS),
    engine: Annotated[
        Engine, typer.Option("--engine", help="native (built in) or official (the official XSLTs, needs saxonche).")
    ] = Engine.native,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per input, one per line.")] = False,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of the messages: fr or en.")] = None,
) -> None:
    """Check invoices against EN 16931, the French rules and Chorus Pro's checks.

    Exit status: 0 when no input has a fatal finding, 1 when one has, 2 when an input cannot be read.
    """
    sets = _rule_sets(rules)
    language = lang or _default_lang()
    unreadable = invalid = False
    with ExitStack() as stack:
        official = stack.enter_context(_official_engine()) if engine is Engine.official else None
        for path in inputs:
            try:
                report = validation.check_file(path, sets, lang=language, official=official)
            except BordereauError as exc:
                unreadable = True
                if as_json:
                    typer.echo(
                        json.dumps(
                            {"file": str(path), "syntax": None, "valid": False, "error": str(exc), "findings": []},
                            ensure_ascii=False,
                        )
                    )
                else:
                    _report_error(exc)
                continue
            invalid |= not report.valid
            if as_json:
                typer.echo(json.dumps(validation.as_json(report, str(path)), ensure_ascii=False))
            else:
                present.report(out, report, str(path), language)
    raise typer.Exit(2 if unreadable else 1 if invalid else 0)


def _official_engine() -> AbstractContextManager:
    from .rules.official import OfficialEngine

    return OfficialEngine()


def _mount_subcommands() -> None:
    from .dispatch.cli import register
    from .sandbox.cli import app as sandbox_app
    from .store.cli import app as audit_app

    app.add_typer(sandbox_app, name="sandbox")
    app.add_typer(audit_app, name="audit")
    register(app)  # send, status, sync, worker, complete, readdress, directory, demo


_mount_subcommands()
