"""Messages in linked channels: uploaded files are ingested; follow-up questions in a thread
where Concord was mentioned are answered without a new mention; with listening on, messages
that call for an expert get a suggestion."""

from __future__ import annotations

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from bot import uploads
from bot.audience import ChannelAudience
from bot.listeners.common import log, strip_mentions
from bot.listeners.direct import answer_direct_message
from bot.listeners.listening import listening, suggest_in_thread
from bot.listeners.mentions import answer_in_thread
from bot.runtime import Runtime

IGNORED_SUBTYPES = {"bot_message", "message_changed", "message_deleted", "channel_join",
                    "channel_leave", "channel_topic", "channel_purpose", "channel_name",
                    "channel_archive", "thread_broadcast", "me_message"}


def register(app: App, runtime: Runtime, audiences: ChannelAudience) -> None:
    @app.event("message")
    def on_message(event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("bot_id") or event.get("subtype") in IGNORED_SUBTYPES:
            return
        channel, ts = event.get("channel"), event.get("ts")
        if not channel or not ts:
            return
        if event.get("channel_type") == "im":
            answer_direct_message(runtime, client, event, context.team_id)
            return
        project = runtime.channels.project_for(channel)
        if project is None:
            return
        files = event.get("files") or []
        if files:
            thread = event.get("thread_ts") or ts
            try:
                reply = uploads.ingest_files(runtime, project=project,
                                             audience=audiences.of(client, channel),
                                             files=files)
            except Exception:
                log.exception("ingesting uploaded files failed")
                reply = "Sorry, ingesting the upload failed; it has been logged."
            client.chat_postMessage(channel=channel, thread_ts=thread, text=reply)
            return
        thread = event.get("thread_ts")
        text = event.get("text") or ""
        bot_user = context.bot_user_id or ""
        if bot_user and f"<@{bot_user}>" in text:
            return  # a mention: app_mention answers it
        question = strip_mentions(text)
        if thread and question and runtime.channels.follow_ups_enabled(channel) and \
                runtime.channels.is_concord_thread(channel, thread):
            answer_in_thread(runtime, client, audiences, channel=channel, ts=ts,
                             thread=thread, user=event.get("user"), question=question)
            return
        if listening(runtime).enabled(channel):
            try:
                suggest_in_thread(runtime, client, audiences, project=project, event=event)
            except Exception:  # a suggestion is optional; never break the channel
                log.exception("expert suggestion failed in %s", channel)
