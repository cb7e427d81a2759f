"""The `concord` command line. Exit status: 0 ok, 1 failure, 2 usage error."""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from bot import cli_roadblocks
from bot.cli_common import AudienceOpt, JsonOpt, ProjectOpt, _actor, _fail, err, out
from bot.runtime import Runtime
from ingest.pipeline import KIND_CHOICES, IngestReport, expand_paths
from knowledge.errors import ConcordError, UsageError
from knowledge.projects import validate_project

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Concord: who owns what between sponsor and contract organization.")
@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders")],
    project: ProjectOpt,
    kind: Annotated[str, typer.Option(help="auto|contract|qaa|notes|directory")] = "auto",
    audience: AudienceOpt = "internal",
    as_json: JsonOpt = False,
) -> None:
    """Ingest contracts, quality agreements and meeting notes into a project."""
    if kind not in KIND_CHOICES:
        _fail(UsageError(f"--kind must be one of {', '.join(KIND_CHOICES)}"))
    runtime = Runtime()
    try:
        total = len(expand_paths(paths))
        show = not as_json and sys.stderr.isatty()
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=err, disable=not show, transient=True) as progress:
            task = progress.add_task("Ingesting", total=total)
            report = runtime.ingestor.run(
                paths, project=project, kind=kind, audience=audience,
                on_file=lambda p: progress.update(task, advance=1, description=p.name[:40]),
            )
    except ConcordError as exc:
        _fail(exc)
        return
    if as_json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        _print_report(report)
    raise typer.Exit(1 if report.count("failed") else 0)


def _print_report(report: IngestReport) -> None:
    marks = {"ok": "[green]ok[/green]", "unchanged": "[dim]unchanged[/dim]",
             "failed": "[red]failed[/red]"}
    for f in report.files:
        detail = f.error if f.status == "failed" else (
            f"{f.kind}, version {f.version or '-'}, {f.pages or '-'} pages, {f.chunks} chunks")
        out.print(f"{marks[f.status]:>10}  ", end="")
        out.print(f"{Path(f.path).name}  {detail}", highlight=False, markup=False)
    out.print(f"Project {report.project}: {report.count('ok')} ingested, "
              f"{report.count('unchanged')} unchanged, {report.count('failed')} failed.")


@app.command()
def ask(
    question: Annotated[list[str], typer.Argument(help="The question")],
    project: ProjectOpt,
    audience: AudienceOpt = "internal",
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from a project's documents, with citations."""
    answer = _answer(lambda r: r.ask(project=project, question=" ".join(question),
                                     audience=audience, actor=_actor()), as_json)
    if answer is not None:
        out.print(answer.answer, highlight=False, markup=False)
        _print_citations(answer.citations)


def _answer(call: Callable[[Runtime], Any], as_json: bool) -> Any:
    """Run one answering call; print its JSON with --json (returns None), else return it."""
    try:
        result = call(Runtime())
    except ConcordError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return None
    return result


def _print_citations(citations: list) -> None:
    for c in citations:
        out.print(f"  - {c.label()}: “{c.quote}”", style="dim", highlight=False, markup=False)


@app.command()
def owner(
    questions: Annotated[list[str], typer.Argument(
        help="One or more questions, each in quotes, e.g. \"who releases batches?\"")],
    project: ProjectOpt,
    audience: AudienceOpt = "internal",
    document: Annotated[list[str] | None, typer.Option(
        "--document", help="Only documents whose title contains this (repeatable)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Who owns an activity: party, role, person and the clause that says so.

    With --json, one JSON object per question, one per line."""
    if all(" " not in q for q in questions):
        questions = [" ".join(questions)]  # an unquoted question: one question, not words
    runtime = Runtime()
    try:
        for question in questions:
            result = runtime.owner(project=project, question=question, audience=audience,
                                   documents=document or None, actor=_actor())
            if as_json:
                print(json.dumps(result.to_json(), ensure_ascii=False))
            else:
                out.print(f"[bold]{question}[/bold] [dim]({result.status})[/dim]")
                out.print(result.answer, highlight=False, markup=False)
                _print_citations(result.citations[1:] + result.nearest)
    except ConcordError as exc:
        _fail(exc)


@app.command()
def sme(
    text: Annotated[list[str], typer.Argument(help="A message or topic")],
    project: ProjectOpt,
    audience: AudienceOpt = "internal",
    as_json: JsonOpt = False,
) -> None:
    """Which subject-matter experts to bring in, why, and who they are."""
    result = _answer(lambda r: r.sme(project=project, text=" ".join(text), audience=audience,
                                     actor=_actor()), as_json)
    if result is None:
        return
    if not result.suggestions:
        out.print("No expert needed for this, as far as Concord can tell.")
    for s in result.suggestions:
        names = ", ".join(f"{p['name']} ({p['party'] or '?'})" for p in s.people) or \
            "nobody listed in the project's documents"
        out.print(f"{s.label}: {names}", highlight=False, markup=False)
        out.print(f"  why: {s.reason}", style="dim", highlight=False, markup=False)


@app.command()
def people(project: ProjectOpt, audience: AudienceOpt = "internal",
           as_json: JsonOpt = False) -> None:
    """The project's directory, merged across documents, with conflicting entries."""
    runtime = Runtime()
    try:
        found, conflicts = runtime.experts.directory(validate_project(project), audience)
    except ConcordError as exc:
        _fail(exc)
        return
    if runtime.settings.slack_bot_token:  # e-mails -> Slack users, when Slack is configured
        from bot.app import web_client
        from bot.slack_users import SLACK_USERS

        client = web_client(runtime)
        for person in found:
            if not person.slack_user and person.email:
                person.slack_user = SLACK_USERS.by_email(client, person.email)
    if as_json:
        print(json.dumps({"project": project, "people": [p.to_json() for p in found],
                          "conflicts": conflicts}, indent=2, ensure_ascii=False))
        return
    for p in found:
        out.print(f"{p.name:<22} {p.function or '-':<18} {p.party or '-':<14} {p.email or ''}",
                  highlight=False, markup=False)
    for c in conflicts:
        values = "; ".join(f"{v['value']} ({v['document']})" for v in c["values"])
        out.print(f"[yellow]Conflict[/yellow] {c['name']} {c['field']}: {values}",
                  highlight=False)


@app.command()
def gaps(project: ProjectOpt, audience: AudienceOpt = "internal",
         as_json: JsonOpt = False) -> None:
    """The quality-agreement gap check: each topic settled, without an owner, or absent."""
    result = _answer(lambda r: r.gaps(project=project, audience=audience), as_json)
    if result is None:
        return
    marks = {"settled": "ok", "no_owner": "NO OWNER", "absent": "ABSENT"}
    for entry in result.entries:
        where = entry.citations[0].label() if entry.citations else "-"
        missing = f" (missing: {'; '.join(entry.missing)})" if entry.missing else ""
        out.print(f"{marks[entry.status]:>9}  {entry.key:<32} {where}{missing}",
                  highlight=False, markup=False)


@app.command()
def audit(
    project: ProjectOpt,
    since: Annotated[str | None, typer.Option(help="Only from this date (YYYY-MM-DD)")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Who asked what, and what Concord answered from which sources."""
    try:
        start = datetime.fromisoformat(since).replace(tzinfo=UTC) if since else None
    except ValueError:
        _fail(UsageError(f"--since '{since}' is not a date (YYYY-MM-DD)"))
    runtime = Runtime()
    entries = runtime.audit.export(project=validate_project(project), since=start)
    if as_json:
        print(json.dumps({"project": project, "entries": entries}, indent=2,
                         ensure_ascii=False))
        return
    for e in entries:
        sources = "; ".join(f"{s['document']} §{s['section'] or '-'}" for s in e["sources"])
        out.print(f"{e['at']} {e['face']}/{e['user'] or '-'} {e['kind']} [{e['status']}] "
                  f"{e['question']} -> {sources or 'no sources'}", highlight=False, markup=False)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address")] = None,
    port: Annotated[int | None, typer.Option(help="Port")] = None,
    banner: Annotated[bool, typer.Option(help="Print what to try")] = False,
    console: Annotated[bool, typer.Option(
        help="Without Slack credentials, serve a local console at /console")] = True,
) -> None:
    """Run the HTTP server: Slack events at /slack/events, API at /api, docs at /docs."""
    import uvicorn

    from bot.web import create_app

    runtime = Runtime()
    settings = runtime.settings
    bind_host, bind_port = host or settings.host, port or settings.port
    loopback = "127.0.0.1" if bind_host in ("0.0.0.0", "::") else bind_host
    use_console = console and not settings.slack_configured
    web = create_app(runtime=runtime, console_base_url=f"http://{loopback}:{bind_port}"
                     if use_console else None, digests=True)
    if banner:
        _print_banner(runtime, bind_host, bind_port, console=use_console)
    uvicorn.run(web, host=bind_host, port=bind_port, log_level="info")


def _print_banner(runtime: Runtime, host: str, port: int, *, console: bool) -> None:
    from bot.web import api_token

    base = f"http://{host}:{port}"
    token = api_token(runtime.settings)
    curl = (f"curl -s -H 'Authorization: Bearer {token}' -H 'Content-Type: application/json' "
            f"{base}/api")
    lines = [
        f"\nConcord is starting on {base}",
        f"  API docs:  {base}/docs",
        f"  Health:    {base}/healthz",
        "  Try, in another terminal:",
        f"    {curl}/owner -d '{{\"project\":\"orion\",\"question\":\"Who owns batch release?\"}}'",
        f"    {curl}/ask -d '{{\"project\":\"orion\",\"question\":\"How fast are critical "
        "deviations notified?\"}'",
        "  (The CLI - .venv/bin/concord owner/ask ... --project orion - works once the server is",
        "   stopped: the embedded vector store is opened by one process at a time.)",
    ]
    if console:
        lines.append(f"  Console:   {base}/console  (a local stand-in for a Slack channel)")
        lines.append("  Slack: not configured. Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET "
                     "(README, 'Slack app setup') to answer in Slack.")
    for line in lines:
        out.print(line, soft_wrap=True, highlight=False, markup=False)


@app.command()
def socket() -> None:
    """Connect to Slack over Socket Mode (needs SLACK_APP_TOKEN and SLACK_BOT_TOKEN)."""
    from bot.app import run_socket_mode

    try:
        run_socket_mode(Runtime())
    except ConcordError as exc:
        _fail(exc)


cli_roadblocks.register(app)


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    for noisy in ("bm25s", "chromadb", "httpx", "sentence_transformers"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    try:
        app()
    except ConcordError as exc:  # configuration errors raised before a command runs
        err.print(f"[red]Error:[/red] {exc}")
        sys.exit(2 if isinstance(exc, UsageError) else 1)


if __name__ == "__main__":
    main()
