"""The /concord slash command: `/concord ask <question>`, `/concord help`."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from bot import render
from bot.audience import ChannelAudience
from bot.listeners import channel_admin, roadblocks
from bot.listeners.common import HELP, answer_blocks_for, unbound_message, user_message
from bot.listeners.listening import listen_command
from bot.runtime import Runtime
from knowledge.audit import Actor


def register(app: App, runtime: Runtime, audiences: ChannelAudience) -> None:
    @app.command("/concord")
    def concord_command(ack: Ack, command: dict, respond: Respond, client: WebClient) -> None:
        ack()
        text = (command.get("text") or "").strip()
        verb, _, rest = text.partition(" ")
        if not text or verb.lower() == "help":
            respond(text=HELP, response_type="ephemeral")
            return
        channel, user = command.get("channel_id") or "", command.get("user_id")
        if verb.lower() in ("link", "unlink", "status", "listen"):
            if verb.lower() == "listen":
                message = listen_command(runtime, client, channel=channel, user=user,
                                         argument=rest)
            elif verb.lower() == "link":
                message = channel_admin.link(runtime, client, channel=channel, user=user,
                                             argument=rest.strip(),
                                             team=command.get("team_id"))
            elif verb.lower() == "unlink":
                message = channel_admin.unlink(runtime, client, channel=channel, user=user)
            else:
                message = channel_admin.status(runtime, client, audiences, channel=channel)
            respond(text=message, response_type="ephemeral")
            return
        if roadblocks.handle_command(runtime, client, audiences, verb=verb, rest=rest,
                                     channel=channel, user=user, respond=respond):
            return
        mode = verb.lower() if verb.lower() in ("ask", "owner", "sme", "gaps") else "auto"
        question = rest.strip() if mode != "auto" else text
        if mode == "gaps":
            question = "gaps"
        if mode == "owner" and question and not question.lower().startswith(("who", "whose")):
            question = f"Who is responsible for {question}?"
        if not question:
            respond(text="Ask a question after `ask`, e.g. `/concord ask who releases batches?`",
                    response_type="ephemeral")
            return
        project = runtime.channels.project_for(channel)
        if project is None:
            respond(text=unbound_message(command.get("channel_id")), response_type="ephemeral")
            return
        try:
            audience = audiences.of(client, command.get("channel_id") or "")
            actor = Actor("slack", user=command.get("user_id"),
                          channel=command.get("channel_id"))
            blocks, fallback = answer_blocks_for(runtime, project=project, question=question,
                                                 audience=audience, actor=actor, mode=mode)
        except Exception as exc:
            message, reference = user_message(exc)
            respond(text=message, blocks=render.error_blocks(message, reference),
                    response_type="ephemeral")
            return
        asked = render.context_block(f"<@{command.get('user_id')}> asked: "
                                f"{render.escape(render.clip(question, 300))}")
        respond(text=fallback, blocks=[asked, *blocks], response_type="in_channel")
