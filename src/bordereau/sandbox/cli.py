"""`bordereau sandbox …` commands."""

from __future__ import annotations

import typer

app = typer.Typer(help="Run and inspect the local Chorus Pro sandbox.", no_args_is_help=True)
