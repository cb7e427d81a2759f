"""`concord roadblocks`, `concord roadblock ...`, `concord digest` and `concord schedule`."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from bot.cli_common import AudienceOpt, JsonOpt, ProjectOpt, _actor, _fail, out
from bot.runtime import Runtime
from knowledge.errors import ConcordError, UsageError
from knowledge.projects import validate_project
from knowledge.tracker import Roadblock

roadblock_app = typer.Typer(no_args_is_help=True,
                            help="Log, change and close one roadblock.")
IdArg = Annotated[int, typer.Argument(help="Roadblock number (#12 -> 12)")]
NoteOpt = Annotated[str | None, typer.Option("--note", help="Why: evidence, decision")]


def _print_one(roadblock: Roadblock, runtime: Runtime, as_json: bool, *,
               history: bool = False) -> None:
    data = roadblock.to_json(runtime.clock())
    if history:
        data["history"] = [e.to_json() for e in runtime.tracker.history(roadblock.id)]
    if as_json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    owner = data["owner"] or {}
    who = ", ".join(filter(None, [owner.get("person"), owner.get("party"),
                                  owner.get("slack_user")])) or "no owner"
    out.print(f"#{roadblock.id} [{roadblock.status}] {roadblock.title}", highlight=False,
              markup=False)
    out.print(f"   {roadblock.origin}, open {data['age_days']} d, {who}"
              + (f", due {roadblock.due}" if roadblock.due else "")
              + (f", topic {roadblock.topic}" if roadblock.topic else ""),
              style="dim", highlight=False, markup=False)
    for source in roadblock.sources[:3]:
        where = ", ".join(str(source[k]) for k in ("document", "section", "date")
                          if source.get(k))
        out.print(f"   - {where}: “{source.get('quote', '')}”", style="dim",
                  highlight=False, markup=False)
    for event in data.get("history", []):
        out.print(f"   {event['at'][:16]} {event['actor']} {event['action']}"
                  + (f": {event['note']}" if event["note"] else ""), style="dim",
                  highlight=False, markup=False)


def roadblocks(project: ProjectOpt,
               status: Annotated[str, typer.Option(
                   help="open | aligned | dismissed | all")] = "open",
               audience: AudienceOpt = "internal", as_json: JsonOpt = False) -> None:
    """Roadblocks of a project: ownerless first, then oldest."""
    runtime = Runtime()
    try:
        result = runtime.roadblocks(project=project, audience=audience,
                                    status=None if status == "all" else status)
    except ConcordError as exc:
        _fail(exc)
    if as_json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
        return
    if not result.roadblocks:
        out.print(f"No {status} roadblocks in {project}.", highlight=False, markup=False)
    for roadblock in result.roadblocks:
        _print_one(roadblock, runtime, False)


def _change(call, as_json: bool, *, history: bool = False) -> None:  # type: ignore[no-untyped-def]
    runtime = Runtime()
    try:
        roadblock = call(runtime)
    except ConcordError as exc:
        _fail(exc)
    _print_one(roadblock, runtime, as_json, history=history)


def _actor_name() -> str:
    actor = _actor()
    return f"cli:{actor.user or 'unknown'}"


@roadblock_app.command("add")
def add(text: Annotated[list[str], typer.Argument(help="What is not aligned")],
        project: ProjectOpt, audience: AudienceOpt = "internal",
        as_json: JsonOpt = False) -> None:
    """Log a roadblock by hand."""
    from knowledge.topics import topic_for

    title = " ".join(text)
    _change(lambda r: r.tracker.add(project=validate_project(project), title=title,
                                    actor=_actor_name(), origin="person", audience=audience,
                                    topic=topic_for(title))[0], as_json)


@roadblock_app.command("show")
def show(roadblock_id: IdArg, as_json: JsonOpt = False) -> None:
    """One roadblock with its sources and history."""
    _change(lambda r: r.tracker.require(roadblock_id), as_json, history=True)


@roadblock_app.command("align")
def align(roadblock_id: IdArg, note: NoteOpt = None, as_json: JsonOpt = False) -> None:
    """Mark a roadblock aligned (say how with --note)."""
    if not note:
        _fail(UsageError("Say how it was aligned: --note 'QAA v4 section 4.5 agreed'"))
    _change(lambda r: r.tracker.set_status(roadblock_id, "aligned", actor=_actor_name(),
                                           note=note), as_json)


@roadblock_app.command("dismiss")
def dismiss(roadblock_id: IdArg, note: NoteOpt = None, as_json: JsonOpt = False) -> None:
    """Dismiss a roadblock that is not one."""
    _change(lambda r: r.tracker.set_status(roadblock_id, "dismissed", actor=_actor_name(),
                                           note=note), as_json)


@roadblock_app.command("reopen")
def reopen(roadblock_id: IdArg, note: NoteOpt = None, as_json: JsonOpt = False) -> None:
    """Open an aligned or dismissed roadblock again."""
    _change(lambda r: r.tracker.set_status(roadblock_id, "open", actor=_actor_name(),
                                           note=note), as_json)


@roadblock_app.command("assign")
def assign(roadblock_id: IdArg,
           person: Annotated[str | None, typer.Option(help="Person's name")] = None,
           party: Annotated[str | None, typer.Option(help="Party's name")] = None,
           user: Annotated[str | None, typer.Option(help="Slack user id")] = None,
           due: Annotated[str | None, typer.Option(help="Due date, YYYY-MM-DD")] = None,
           as_json: JsonOpt = False) -> None:
    """Give a roadblock an owner (and a due date)."""
    from datetime import date

    if due:
        try:
            date.fromisoformat(due)
        except ValueError:
            _fail(UsageError(f"--due '{due}' is not a date (YYYY-MM-DD)"))
    _change(lambda r: r.tracker.assign(roadblock_id, actor=_actor_name(), user=user,
                                       person=person, party=party, due=due), as_json)


@roadblock_app.command("snooze")
def snooze(roadblock_id: IdArg,
           days: Annotated[int, typer.Option(help="Days to keep it out of digests")] = 7,
           as_json: JsonOpt = False) -> None:
    """Keep a roadblock out of digests for a while."""
    _change(lambda r: r.tracker.snooze(roadblock_id, actor=_actor_name(), days=days), as_json)


def digest(project: ProjectOpt, audience: AudienceOpt = "internal",
           post: Annotated[bool, typer.Option(
               "--post", help="Post it to the project's linked channels")] = False,
           channel: Annotated[str | None, typer.Option(
               help="Post to this channel instead")] = None,
           as_json: JsonOpt = False) -> None:
    """Build the digest now (and post it with --post)."""
    runtime = Runtime()
    try:
        result = runtime.digest(project=project, audience=audience)
        posted = _post_digest(runtime, result.project, channel) if post else []
    except ConcordError as exc:
        _fail(exc)
    if as_json:
        data = result.to_json()
        if post:
            data["posted"] = posted
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from bot.render_roadblocks import digest_text

    out.print(digest_text(result), highlight=False, markup=False)
    for section in ("new", "conflicts", "aging", "ownerless", "gaps"):
        for roadblock in getattr(result, section):
            out.print(f"  [{section}] #{roadblock.id} {roadblock.title}", highlight=False,
                      markup=False)
    for item in result.actions:
        out.print(f"  [action] {item.action} - {item.person or 'no owner'}, due {item.due}",
                  highlight=False, markup=False)
    for entry in posted:
        out.print(f"Posted to {entry['channel']}: {entry.get('ts') or entry.get('error')}",
                  highlight=False, markup=False)


def _post_digest(runtime: Runtime, project: str, channel: str | None) -> list[dict]:
    from bot.digests import DigestPoster
    from bot.slack_clients import SlackClients

    if not (runtime.settings.slack_bot_token or runtime.settings.slack_oauth_configured):
        raise UsageError("--post needs SLACK_BOT_TOKEN or an OAuth install (and the channel "
                         "linked with /concord link, or --channel)")
    poster = DigestPoster(runtime, clients=SlackClients.for_runtime(runtime))
    channels = [channel] if channel else [c for c, p, _ in poster.schedules.linked()
                                          if p == project]
    if not channels:
        raise UsageError(f"No channel is linked to {project}: use /concord link {project} "
                         "in the channel, or --channel C0123")
    posted = []
    for target in channels:
        try:
            built = poster.build(target, project, runtime.clock())
            posted.append({"channel": target, "ts": poster.post(target, built)})
        except Exception as exc:
            posted.append({"channel": target, "error": f"{type(exc).__name__}: {exc}"})
    return posted


def schedule(channel: Annotated[str, typer.Option(help="Slack channel id")],
             cron: Annotated[str | None, typer.Option(help="e.g. '0 9 * * 1'")] = None,
             timezone: Annotated[str | None, typer.Option(help="e.g. Europe/Zurich")] = None,
             on: Annotated[bool | None, typer.Option("--on/--off",
                                                     help="Digests on or off")] = None,
             as_json: JsonOpt = False) -> None:
    """Show or change a channel's digest schedule."""
    from bot.digests import schedules_for

    runtime = Runtime()
    schedules = schedules_for(runtime)
    try:
        if cron or timezone or on is not None:
            result = schedules.set(channel, now=runtime.clock(), cron=cron, timezone=timezone,
                                   enabled=on, user=_actor_name())
        else:
            result = schedules.get(channel)
    except ConcordError as exc:
        _fail(exc)
    data = result.to_json(runtime.clock())
    if as_json:
        print(json.dumps(data, indent=2))
        return
    state = "on" if result.enabled else "off"
    out.print(f"{channel}: {state}, '{result.cron}' in {result.timezone}"
              + (f", next {data['next']}" if data.get("next") else ""), highlight=False,
              markup=False)


def register(app: typer.Typer) -> None:
    app.command()(roadblocks)
    app.add_typer(roadblock_app, name="roadblock")
    app.command()(digest)
    app.command()(schedule)
