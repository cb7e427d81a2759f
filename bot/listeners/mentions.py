"""@Concord mentions: answered in the thread of the message that mentioned Concord."""

from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import render
from bot.audience import ChannelAudience
from bot.listeners.common import (
    HELP,
    answer_blocks_for,
    log,
    strip_mentions,
    unbound_message,
    user_message,
)
from bot.runtime import Runtime
from knowledge.audit import Actor

WORKING = "hourglass_flowing_sand"


def _react(client: WebClient, *, add: bool, channel: str, ts: str) -> None:
    try:
        if add:
            client.reactions_add(channel=channel, timestamp=ts, name=WORKING)
        else:
            client.reactions_remove(channel=channel, timestamp=ts, name=WORKING)
    except SlackApiError as exc:  # progress marks are nice to have, never fatal
        log.info("reaction %s failed: %s", "add" if add else "remove", exc.response.get("error"))


def answer_in_thread(runtime: Runtime, client: WebClient, audiences: ChannelAudience, *,
                     channel: str, ts: str, thread: str, user: str | None,
                     question: str) -> None:
    """Answer a question in a thread: progress reaction, answer, and the thread remembered
    so follow-ups there need no new mention."""
    _react(client, add=True, channel=channel, ts=ts)
    try:
        project = runtime.channels.project_for(channel)
        if project is None:
            blocks, fallback = None, unbound_message(channel)
        else:
            audience = audiences.of(client, channel)
            actor = Actor("slack", user=user, channel=channel)
            blocks, fallback = answer_blocks_for(runtime, project=project, question=question,
                                                 audience=audience, actor=actor)
            runtime.channels.remember_thread(channel, thread)
    except Exception as exc:
        message, reference = user_message(exc)
        blocks, fallback = render.error_blocks(message, reference), message
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread, text=fallback,
                                blocks=blocks, unfurl_links=False, unfurl_media=False)
    finally:
        _react(client, add=False, channel=channel, ts=ts)


def register(app: App, runtime: Runtime, audiences: ChannelAudience) -> None:
    @app.event("app_mention")
    def on_mention(event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("bot_id") or event.get("subtype") == "bot_message":
            return
        channel, ts = event.get("channel"), event.get("ts")
        if not channel or not ts:
            return
        thread = event.get("thread_ts") or ts
        question = strip_mentions(event.get("text", ""))
        if not question or question.lower() in ("help", "hi", "hello"):
            client.chat_postMessage(channel=channel, thread_ts=thread, text=HELP)
            return
        answer_in_thread(runtime, client, audiences, channel=channel, ts=ts, thread=thread,
                         user=event.get("user"), question=question)
