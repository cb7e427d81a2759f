"""App Home: the user's projects (those of the channels they are in), with the
quality-agreement topics still open, the open roadblocks, the newest documents, and what to
try."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import render
from bot.listeners.common import log
from bot.runtime import Runtime

MAX_PROJECTS = 8


def user_channels(client: WebClient, user: str) -> list[str] | None:
    try:
        response = client.users_conversations(user=user, types="public_channel,private_channel",
                                              exclude_archived=True, limit=200)
    except SlackApiError as exc:
        log.info("users.conversations failed: %s", exc.response.get("error"))
        return None
    return [c["id"] for c in response.get("channels") or [] if c.get("id")]


def project_blocks(runtime: Runtime, project: str) -> list[dict]:
    documents = runtime.store.records.documents(project, current_only=True)
    documents.sort(key=lambda d: d.ingested_at, reverse=True)
    entries = runtime.gaps(project=project).entries
    open_topics = [e for e in entries if e.status != "settled" and e.matters]
    lines = [f"*{render.escape(project)}* · {len(documents)} current documents · "
             f"{len(open_topics)} quality-agreement topics open"]
    if open_topics:
        lines.append("Open: " + ", ".join(render.escape(e.label) for e in open_topics[:4]))
    roadblocks = runtime.roadblock_service.list(project, status="open")
    if roadblocks:
        now = runtime.clock()
        ownerless = sum(r.ownerless for r in roadblocks)
        oldest = max(r.age_days(now) for r in roadblocks)
        lines.append(f"{len(roadblocks)} open roadblocks, {ownerless} without an owner, "
                     f"the oldest {oldest} days: `/concord roadblocks`")
    recent = ", ".join(render.escape(d.display_name) for d in documents[:3])
    blocks = [render.section_block("\n".join(lines))]
    if recent:
        blocks.append(render.context_block(f"Newest: {recent}"))
    return blocks


def home_view(runtime: Runtime, client: WebClient, user: str) -> dict:
    channels = user_channels(client, user)
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": "Concord"}}]
    if channels is None:
        blocks.append(render.section_block("I couldn't list your channels just now."))
    else:
        projects = runtime.channels.linked_projects(channels)[:MAX_PROJECTS]
        if not projects:
            blocks.append(render.section_block(
                "None of your channels is linked to a project yet. An admin can link one "
                "with `/concord link <project>`."))
        for project in projects:
            if runtime.store.records.project_exists(project):
                blocks.extend(project_blocks(runtime, project))
                blocks.append({"type": "divider"})
    blocks.append(render.context_block(
        "Try `/concord owner batch release`, `/concord gaps`, `/concord sme FDA 483 response`, "
        "or mention @Concord in a linked channel."))
    return {"type": "home", "blocks": blocks[:render.MAX_BLOCKS]}


def register(app: App, runtime: Runtime) -> None:
    @app.event("app_home_opened")
    def on_home(event: dict, client: WebClient) -> None:
        user = event.get("user")
        if not user or event.get("tab", "home") != "home":
            return
        client.views_publish(user_id=user, view=home_view(runtime, client, user))
