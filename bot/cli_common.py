"""What the `concord` commands share: options, output consoles, failing with exit codes."""

from __future__ import annotations

import getpass
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from knowledge.audit import Actor
from knowledge.errors import ConcordError, UsageError

err = Console(stderr=True)
out = Console()

ProjectOpt = Annotated[str, typer.Option("--project", "-p", help="Project name")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON (shape in the README)")]
AudienceOpt = Annotated[str, typer.Option(
    "--audience", help="internal (sponsor only) or shared (fit for the CO to see)")]


def _fail(exc: ConcordError) -> NoReturn:
    err.print(f"[red]Error:[/red] {exc}")
    raise typer.Exit(2 if isinstance(exc, UsageError) else 1)


def _actor() -> Actor:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = None
    return Actor("cli", user=user)
