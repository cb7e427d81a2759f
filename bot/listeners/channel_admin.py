"""/concord link, unlink and status: binding a channel to a project, by admins only."""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.audience import ChannelAudience
from bot.render import escape
from bot.runtime import Runtime
from knowledge.errors import UsageError
from knowledge.projects import validate_project


def is_admin(runtime: Runtime, client: WebClient, user: str | None) -> bool:
    """Configured project admins, and the workspace's admins and owners."""
    if not user:
        return False
    if user in runtime.settings.project_admins:
        return True
    try:
        info = client.users_info(user=user).get("user") or {}
    except SlackApiError:
        return False
    return bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))


def link(runtime: Runtime, client: WebClient, *, channel: str, user: str | None,
         argument: str, team: str | None = None) -> str:
    if not is_admin(runtime, client, user):
        return "Only workspace admins or Concord project admins can link a channel."
    try:
        project = validate_project(argument)
    except UsageError as exc:
        return f"{exc}. Usage: `/concord link <project>`"
    runtime.channels.link(channel=channel, project=project, user=user, team=team)
    note = "" if runtime.store.records.project_exists(project) else \
        " It has no documents yet: ingest some with `concord ingest PATH --project " + \
        f"{project}` or upload files here."
    return f"This channel is now linked to project *{escape(project)}*.{escape(note)}"


def unlink(runtime: Runtime, client: WebClient, *, channel: str, user: str | None) -> str:
    if not is_admin(runtime, client, user):
        return "Only workspace admins or Concord project admins can unlink a channel."
    if runtime.channels.unlink(channel):
        return "This channel is no longer linked to a project."
    return "This channel was not linked with `/concord link` (nothing to unlink)."


def status(runtime: Runtime, client: WebClient, audiences: ChannelAudience, *,
           channel: str) -> str:
    project = runtime.channels.project_for(channel)
    if project is None:
        return "This channel is not linked to a project. An admin can link it with " \
               "`/concord link <project>`."
    audience = audiences.of(client, channel)
    allowed = ("internal", "shared") if audience == "internal" else ("shared",)
    documents = [d for d in runtime.store.records.documents(project, current_only=True)
                 if d.audience in allowed]
    kinds: dict[str, int] = {}
    for document in documents:
        kinds[document.kind] = kinds.get(document.kind, 0) + 1
    counts = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())) or "no documents"
    last = runtime.store.records.last_run(project) if audience == "internal" else None
    lines = [f"Linked to project *{escape(project)}*.",
             f"Documents this channel may use ({audience}): {counts}."]
    if last:
        lines.append(f"Last ingest: {last['started_at'][:16].replace('T', ' ')} UTC "
                     f"({last['ok']} ok, {last['unchanged']} unchanged, {last['failed']} failed).")
    return "\n".join(lines)
