"""Roadblocks in Slack: `/concord roadblocks|roadblock add|digest`, the buttons on each item
(Mark aligned, Assign owner, Snooze, Bring in an expert), the "Log as roadblock" message
shortcut, the :construction: reaction, and the button on "no document assigns this" answers.

Every action checks that the roadblock belongs to the channel's project and may be seen there
(a Slack Connect channel only ever sees and changes `shared` roadblocks)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot import render
from bot.audience import ChannelAudience
from bot.digests import schedules_for
from bot.listeners.channel_admin import is_admin
from bot.listeners.common import log, unbound_message, user_message
from bot.render_roadblocks import (
    ALIGN,
    ASSIGN,
    EXPERT,
    LOG_FROM_OWNER,
    SNOOZE,
    digest_blocks,
    digest_text,
    list_blocks,
    one_roadblock_blocks,
)
from bot.runtime import Runtime
from bot.slack_users import SLACK_USERS
from knowledge.digest import experts_for
from knowledge.errors import UsageError
from knowledge.people import people_for
from knowledge.store import audiences_for
from knowledge.topics import topic_for
from knowledge.tracker import Roadblock, text_key

ALIGN_MODAL = "rb_align_modal"
SHORTCUT = "log_roadblock"
STATUS_WORDS = ("open", "aligned", "dismissed", "all")


def _scope(runtime: Runtime, client: WebClient, audiences: ChannelAudience,
           channel: str) -> tuple[str, str]:
    project = runtime.channels.project_for(channel)
    if project is None:
        raise UsageError(unbound_message(channel))
    return project, audiences.of(client, channel)


def _roadblock(runtime: Runtime, client: WebClient, audiences: ChannelAudience,
               channel: str, roadblock_id: int) -> Roadblock:
    project, audience = _scope(runtime, client, audiences, channel)
    return runtime.tracker.require(roadblock_id, project=project,
                                   audiences=audiences_for(audience))


def handle_command(runtime: Runtime, client: WebClient, audiences: ChannelAudience, *,
                   verb: str, rest: str, channel: str, user: str | None,
                   respond: Respond) -> bool:
    """`/concord roadblocks [status]`, `/concord roadblock add <text>`, `/concord digest
    [now|schedule <cron> [tz]|on|off|status]`. False when the verb is not ours."""
    verb = verb.lower()
    if verb not in ("roadblocks", "roadblock", "digest"):
        return False
    try:
        if verb == "roadblocks":
            status = rest.strip().lower() or "open"
            if status not in STATUS_WORDS:
                raise UsageError("Usage: `/concord roadblocks [open|aligned|dismissed|all]`")
            project, audience = _scope(runtime, client, audiences, channel)
            found = runtime.roadblocks(project=project, audience=audience,
                                       status=None if status == "all" else status)
            respond(text=f"{len(found.roadblocks)} {status} roadblocks in {project}",
                    blocks=list_blocks(project, found.roadblocks, runtime.clock(),
                                       status=None if status == "all" else status),
                    response_type="ephemeral")
        elif verb == "roadblock":
            action, _, text = rest.strip().partition(" ")
            if action.lower() != "add" or not text.strip():
                raise UsageError("Usage: `/concord roadblock add <what is not aligned>`")
            project, audience = _scope(runtime, client, audiences, channel)
            item, _ = runtime.tracker.add(project=project, title=text, actor=user or "slack",
                                          origin="person", audience=audience,
                                          topic=topic_for(text))
            respond(text=f"Logged roadblock #{item.id}", response_type="in_channel",
                    blocks=one_roadblock_blocks(item, runtime.clock(),
                                                f"<@{user}> logged a roadblock:"))
        else:
            _digest_command(runtime, client, audiences, rest=rest, channel=channel, user=user,
                            respond=respond)
    except Exception as exc:
        message, reference = user_message(exc)
        respond(text=message, blocks=render.error_blocks(message, reference),
                response_type="ephemeral")
    return True


def _digest_command(runtime: Runtime, client: WebClient, audiences: ChannelAudience, *,
                    rest: str, channel: str, user: str | None, respond: Respond) -> None:
    words = rest.split()
    action = words[0].lower() if words else "now"
    schedules = schedules_for(runtime)
    now = runtime.clock()
    if action == "now":
        project, audience = _scope(runtime, client, audiences, channel)
        digest = runtime.digest_builder.build(project, now=now, audience=audience)
        respond(text=digest_text(digest), blocks=digest_blocks(digest),
                response_type="in_channel")
        return
    if action not in ("schedule", "on", "off", "status"):
        raise UsageError("Usage: `/concord digest [now|status|on|off|schedule "
                         "\"0 9 * * 1\" Europe/Zurich]`")
    _scope(runtime, client, audiences, channel)
    if action != "status":
        if not is_admin(runtime, client, user):
            raise UsageError("Only workspace admins or Concord project admins can change "
                             "the digest schedule.")
        if action == "schedule":
            argument = rest.strip()[len("schedule"):].strip()
            cron, _, zone = argument.partition('"')[2].partition('"') if '"' in argument \
                else (" ".join(argument.split()[:5]), "", " ".join(argument.split()[5:]))
            schedules.set(channel, now=now, cron=cron.strip() or None,
                          timezone=zone.strip() or None, enabled=True, user=user)
        else:
            schedules.set(channel, now=now, enabled=action == "on", user=user)
    current = schedules.get(channel).to_json(now)
    state = f"on, `{current['cron']}` in {current['timezone']}, next {current['next'][:16]}" \
        if current["enabled"] else "off"
    respond(text=f"Digests in this channel: {state}.", response_type="ephemeral")


def _confirm(client: WebClient, body: dict, text: str) -> None:
    """Say in the channel (in the item's thread when there is one) what was done."""
    channel = (body.get("channel") or {}).get("id") or \
        (body.get("container") or {}).get("channel_id")
    thread = (body.get("container") or {}).get("message_ts") or \
        (body.get("message") or {}).get("ts")
    if not channel:
        return
    try:
        client.chat_postMessage(channel=channel, thread_ts=thread, text=text)
    except SlackApiError as exc:
        log.warning("confirmation failed: %s", exc.response.get("error"))


def _channel_of(body: dict) -> str:
    return (body.get("channel") or {}).get("id") or \
        (body.get("container") or {}).get("channel_id") or ""


def _expert_text(runtime: Runtime, client: WebClient, project: str, audience: str,
                 roadblock: Roadblock, user: str | None) -> str:
    directory, _ = runtime.experts.directory(project, audience)
    lines = []
    for function in experts_for(roadblock.title, roadblock.topic, runtime.experts.suggester):
        people = [p.to_json() for p in people_for(directory, function)]
        who = ", ".join(f"<@{user}>" if (user := SLACK_USERS.of(client, p))
                        else render.escape(p["name"]) for p in people[:3]) \
            or "nobody is listed for it in this project"
        lines.append(f"• *{function}*: {who}")
    if not lines:
        return f"<@{user}>: Concord finds no expert function for #{roadblock.id}."
    return (f"<@{user}> brings in experts on roadblock *#{roadblock.id}* "
            f"({render.escape(render.clip(roadblock.title, 200))}):\n" + "\n".join(lines))


def register(app: App, runtime: Runtime, audiences: ChannelAudience) -> None:
    def guarded(body: dict, client: WebClient, respond: Respond, work) -> None:  # type: ignore[no-untyped-def]
        try:
            work()
        except Exception as exc:
            message, reference = user_message(exc)
            try:
                respond(text=message, blocks=render.error_blocks(message, reference),
                        response_type="ephemeral", replace_original=False)
            except Exception:  # no response_url (e.g. a modal): tell the user directly
                channel = _channel_of(body)
                user = (body.get("user") or {}).get("id")
                if channel and user:
                    client.chat_postEphemeral(channel=channel, user=user, text=message)

    @app.action(ALIGN)
    def on_align(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()

        def work() -> None:
            channel = _channel_of(body)
            roadblock = _roadblock(runtime, client, audiences, channel,
                                   int(body["actions"][0]["value"]))
            client.views_open(trigger_id=body["trigger_id"], view={
                "type": "modal", "callback_id": ALIGN_MODAL,
                "private_metadata": json.dumps({"id": roadblock.id, "channel": channel,
                                                "thread": (body.get("container") or {})
                                                .get("message_ts")}),
                "title": {"type": "plain_text", "text": f"Align #{roadblock.id}"},
                "submit": {"type": "plain_text", "text": "Mark aligned"},
                "blocks": [
                    {"type": "section", "text": {"type": "mrkdwn", "text": render.escape(
                        render.clip(roadblock.title, 2900))}},
                    {"type": "input", "block_id": "note",
                     "label": {"type": "plain_text", "text": "How was it aligned?"},
                     "element": {"type": "plain_text_input", "action_id": "note",
                                 "multiline": True, "min_length": 3, "max_length": 2000,
                                 "placeholder": {"type": "plain_text", "text":
                                                 "e.g. Agreed in the JPT of 12 May; QAA v4 "
                                                 "section 4.5"}}}]})
        guarded(body, client, respond, work)

    @app.view(ALIGN_MODAL)
    def on_align_submitted(ack: Ack, body: dict, view: dict, client: WebClient) -> None:
        meta = json.loads(view.get("private_metadata") or "{}")
        note = (((view.get("state") or {}).get("values") or {}).get("note") or {}) \
            .get("note", {}).get("value") or ""
        user = (body.get("user") or {}).get("id")
        try:
            roadblock = _roadblock(runtime, client, audiences, meta.get("channel", ""),
                                   int(meta.get("id", 0)))
        except Exception as exc:
            ack(response_action="errors", errors={"note": user_message(exc)[0][:150]})
            return
        ack()
        runtime.tracker.set_status(roadblock.id, "aligned", actor=user or "slack", note=note)
        _confirm(client, {"channel": {"id": meta.get("channel")},
                          "container": {"message_ts": meta.get("thread")}},
                 f":white_check_mark: <@{user}> marked roadblock *#{roadblock.id}* aligned: "
                 f"{render.escape(render.clip(note, 1000))}")

    @app.action(ASSIGN)
    def on_assign(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()

        def work() -> None:
            roadblock_id = int(str(body["actions"][0].get("block_id", "rb_0"))[3:])
            roadblock = _roadblock(runtime, client, audiences, _channel_of(body), roadblock_id)
            owner = body["actions"][0]["selected_user"]
            user = (body.get("user") or {}).get("id")
            runtime.tracker.assign(roadblock.id, actor=user or "slack", user=owner)
            _confirm(client, body, f":bust_in_silhouette: <@{user}> assigned roadblock "
                                   f"*#{roadblock.id}* to <@{owner}>.")
        guarded(body, client, respond, work)

    @app.action(SNOOZE)
    def on_snooze(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()

        def work() -> None:
            raw_id, _, days = body["actions"][0]["selected_option"]["value"].partition(":")
            roadblock = _roadblock(runtime, client, audiences, _channel_of(body), int(raw_id))
            user = (body.get("user") or {}).get("id")
            done = runtime.tracker.snooze(roadblock.id, actor=user or "slack", days=int(days))
            until = done.snoozed_until.date().isoformat() if done.snoozed_until else "?"
            _confirm(client, body, f":zzz: <@{user}> snoozed roadblock *#{roadblock.id}* "
                                   f"until {until}.")
        guarded(body, client, respond, work)

    @app.action(EXPERT)
    def on_expert(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()

        def work() -> None:
            channel = _channel_of(body)
            project, audience = _scope(runtime, client, audiences, channel)
            roadblock = _roadblock(runtime, client, audiences, channel,
                                   int(body["actions"][0]["value"]))
            user = (body.get("user") or {}).get("id")
            _confirm(client, body, _expert_text(runtime, client, project, audience, roadblock,
                                                user))
        guarded(body, client, respond, work)

    @app.action(LOG_FROM_OWNER)
    def on_log_from_owner(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()

        def work() -> None:
            channel = _channel_of(body)
            project, audience = _scope(runtime, client, audiences, channel)
            activity = body["actions"][0]["value"][:300]
            user = (body.get("user") or {}).get("id")
            item, new = runtime.tracker.add(
                project=project, title=f"No document assigns {activity}", actor=user or "slack",
                origin="owner_question", audience=audience, topic=topic_for(activity),
                key=text_key("owner", project, activity))
            verb = "logged" if new else "had already logged"
            _confirm(client, body, f":construction: <@{user}> {verb} roadblock *#{item.id}*: "
                                   f"{render.escape(item.title)}")
        guarded(body, client, respond, work)

    @app.shortcut(SHORTCUT)
    def on_shortcut(ack: Ack, body: dict, client: WebClient, respond: Respond) -> None:
        ack()

        def work() -> None:
            message = body.get("message") or {}
            _log_message(runtime, client, audiences, channel=_channel_of(body),
                         message=message, user=(body.get("user") or {}).get("id"),
                         how="with the shortcut")
        guarded(body, client, respond, work)

    @app.event("reaction_added")
    def on_reaction(event: dict, client: WebClient) -> None:
        item = event.get("item") or {}
        if event.get("reaction") != runtime.settings.roadblock_reaction \
                or item.get("type") != "message":
            return
        channel, ts = item.get("channel") or "", item.get("ts") or ""
        if runtime.channels.project_for(channel) is None:
            return
        message = _fetch_message(client, channel, ts)
        if message is None:
            return
        try:
            _log_message(runtime, client, audiences, channel=channel, message=message,
                         user=event.get("user"), how=f"with :{event.get('reaction')}:")
        except Exception as exc:
            user_message(exc)  # logged with a reference; a reaction has nowhere to answer


def _fetch_message(client: WebClient, channel: str, ts: str) -> dict | None:
    """The reacted-to message: from the channel's history, or from its thread."""
    try:
        found = client.conversations_history(channel=channel, latest=ts, inclusive=True,
                                             limit=1).get("messages") or []
        if not (found and found[0].get("ts") == ts):
            found = [m for m in client.conversations_replies(channel=channel, ts=ts)
                     .get("messages") or [] if m.get("ts") == ts]
    except SlackApiError as exc:
        log.warning("could not read the reacted message in %s: %s", channel,
                    exc.response.get("error"))
        return None
    return found[0] if found else None


def _log_message(runtime: Runtime, client: WebClient, audiences: ChannelAudience, *,
                 channel: str, message: dict, user: str | None, how: str) -> None:
    if message.get("bot_id") or message.get("subtype") == "bot_message":
        raise UsageError("Concord's own and other bots' messages are not logged as roadblocks.")
    text = render.clip(" ".join((message.get("text") or "").split()), 500)
    ts = message.get("ts") or ""
    if len(text) < 3:
        raise UsageError("That message has no text to log as a roadblock.")
    project, audience = _scope(runtime, client, audiences, channel)
    try:
        link = client.chat_getPermalink(channel=channel, message_ts=ts).get("permalink")
    except SlackApiError:
        link = None
    written = datetime.fromtimestamp(float(ts or 0), UTC).date().isoformat() if ts else None
    source = {"document": "Slack message", "quote": text, "link": link, "date": written,
              "author": message.get("user"), "version": None, "section": None, "page": None}
    item, new = runtime.tracker.add(project=project, title=text, actor=user or "slack",
                                    origin="message", audience=audience, topic=topic_for(text),
                                    sources=[source], key=text_key("message", channel, ts))
    verb = "logged this as" if new else "this is already"
    client.chat_postMessage(channel=channel, thread_ts=message.get("thread_ts") or ts,
                            text=f":construction: <@{user}> {verb} roadblock #{item.id} ({how}).",
                            blocks=one_roadblock_blocks(
                                item, runtime.clock(),
                                f":construction: <@{user}> {verb} roadblock *#{item.id}* "
                                f"({render.escape(how)}):"))
