"""Opt-in listening: in channels where `/concord listen on` was run, a message that calls for
an expert gets one short suggestion in its thread, with the reason and the people, and a
"Not now" button. At most one suggestion per function per thread; never on bot messages."""

from __future__ import annotations

import json

from slack_bolt import Ack, App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import render
from bot.audience import ChannelAudience
from bot.listeners.channel_admin import is_admin
from bot.listeners.common import log, strip_mentions
from bot.runtime import Runtime
from bot.slack_users import SLACK_USERS
from knowledge.experts import Suggestion
from knowledge.listening import Listening

NOT_NOW = "sme_not_now"
MIN_CHARS = 20  # "ok thanks" never calls for an expert


def listening(runtime: Runtime) -> Listening:
    return Listening(runtime.store.records.engine, clock=runtime.clock)


def listen_command(runtime: Runtime, client: WebClient, *, channel: str, user: str | None,
                   argument: str) -> str:
    """`/concord listen on|off|status`."""
    state = listening(runtime)
    word = argument.strip().lower() or "status"
    if word in ("on", "off"):
        if runtime.channels.project_for(channel) is None:
            return "Link this channel to a project first: `/concord link <project>`."
        if not is_admin(runtime, client, user):
            return "Only workspace admins or Concord project admins can change listening."
        state.set(channel, on=word == "on", user=user)
    elif word != "status":
        return "Usage: `/concord listen on|off|status`"
    if state.enabled(channel):
        return ("Listening is *on*: when a message here calls for an expert (QA, QC, "
                "Regulatory, ...), Concord suggests who to bring in, once per thread.")
    return "Listening is *off*: Concord only answers when asked."


def _people(client: WebClient, suggestion: Suggestion) -> str:
    names = []
    for person in suggestion.people[:3]:
        side = f", {person['party']}" if person.get("party") else ""
        known = SLACK_USERS.of(client, person)
        # a suggestion names people without pinging them; the roadblock button mentions them
        names.append(f"{render.escape(person['name'])}{render.escape(side)}"
                     + (" ✓" if known else ""))
    return " · ".join(names)


def suggestion_blocks(client: WebClient, suggestions: list[Suggestion],
                      thread: str) -> list[dict]:
    lines = []
    for suggestion in suggestions:
        who = _people(client, suggestion)
        lines.append(f":bulb: *Consider bringing in {render.escape(suggestion.label)}*"
                     + (f" ({who})" if who else "") + f": {render.escape(suggestion.reason)}.")
    value = json.dumps({"thread": thread, "functions": [s.function for s in suggestions]})
    return [render.context_block(render.clip("\n".join(lines), 1900)),
            {"type": "actions", "elements": [{
                "type": "button", "action_id": NOT_NOW, "value": value[:2000],
                "text": {"type": "plain_text", "text": "Not now"}}]}]


def suggest_in_thread(runtime: Runtime, client: WebClient, audiences: ChannelAudience, *,
                      project: str, event: dict) -> None:
    """Called for each human message in a linked channel with listening on."""
    channel, ts = event.get("channel") or "", event.get("ts") or ""
    text = strip_mentions(event.get("text") or "")
    if len(text) < MIN_CHARS:
        return
    audience = audiences.of(client, channel)
    answer = runtime.experts.suggest(project=project, text=text, audience=audience)
    if not answer.suggestions:
        return
    thread = event.get("thread_ts") or ts
    state = listening(runtime)
    fresh = set(state.claim(channel, thread, [s.function for s in answer.suggestions]))
    chosen = [s for s in answer.suggestions if s.function in fresh][:3]
    if not chosen:
        return
    labels = ", ".join(s.label for s in chosen)
    client.chat_postMessage(channel=channel, thread_ts=thread,
                            text=f"Consider bringing in {labels}",
                            blocks=suggestion_blocks(client, chosen, thread))


def register(app: App, runtime: Runtime) -> None:
    @app.action(NOT_NOW)
    def on_not_now(ack: Ack, body: dict, client: WebClient) -> None:
        ack()
        value = json.loads(body["actions"][0].get("value") or "{}")
        channel = (body.get("channel") or {}).get("id") or \
            (body.get("container") or {}).get("channel_id") or ""
        functions = [str(f) for f in value.get("functions", [])]
        listening(runtime).silence(channel, str(value.get("thread", "")), functions)
        message_ts = (body.get("container") or {}).get("message_ts")
        user = (body.get("user") or {}).get("id")
        if not message_ts:
            return
        try:
            client.chat_update(channel=channel, ts=message_ts, blocks=[], text=(
                f"Okay <@{user}>, not now: no more suggestions for "
                f"{', '.join(functions)} in this thread."))
        except SlackApiError as exc:
            log.warning("could not update the suggestion: %s", exc.response.get("error"))
