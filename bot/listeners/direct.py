"""Direct messages: answered from the projects whose channels the user is a member of.

A user of another organisation (Slack Connect) only ever gets `shared` documents. When the
user is in channels of several projects, the question names one: "orion: who owns release?"."""

from __future__ import annotations

import re

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import render
from bot.listeners.common import answer_blocks_for, user_message
from bot.listeners.home import user_channels
from bot.runtime import Runtime
from knowledge.audit import Actor

_PREFIX = re.compile(r"^\s*([a-z0-9][a-z0-9_-]{0,39})\s*:\s*(.+)$", re.IGNORECASE | re.DOTALL)


def _audience(client: WebClient, user: str, team: str | None) -> str:
    try:
        info = client.users_info(user=user).get("user") or {}
    except SlackApiError:
        return "shared"  # cannot tell: fail closed
    same_team = team is not None and info.get("team_id") in (team, None)
    return "internal" if same_team and not info.get("is_stranger") else "shared"


def answer_direct_message(runtime: Runtime, client: WebClient, event: dict,
                          team: str | None) -> None:
    user, channel, text = event.get("user"), event.get("channel"), (event.get("text") or "")
    if not user or not channel or not text.strip():
        return
    channels = user_channels(client, user) or []
    projects = runtime.channels.linked_projects(channels)
    chosen, question = None, text.strip()
    named = _PREFIX.match(question)
    if named and named.group(1).lower() in projects:
        chosen, question = named.group(1).lower(), named.group(2).strip()
    elif len(projects) == 1:
        chosen = projects[0]
    if chosen is None:
        reply = ("You are not in any channel linked to a project, so I have nothing to answer "
                 "from." if not projects else
                 "You are in channels of several projects: start your question with one of "
                 + ", ".join(f"`{p}:`" for p in projects) + ".")
        client.chat_postMessage(channel=channel, text=reply)
        return
    try:
        blocks, fallback = answer_blocks_for(
            runtime, project=chosen, question=question,
            audience=_audience(client, user, team), actor=Actor("slack", user, channel))
    except Exception as exc:
        message, reference = user_message(exc)
        blocks, fallback = render.error_blocks(message, reference), message
    client.chat_postMessage(channel=channel, text=fallback, blocks=blocks, unfurl_links=False)
