"""Roadblocks in Slack, end to end: signed requests to the real server, Slack's Web API faked
on loopback. Slash commands, the buttons on each item, the message shortcut, the reaction,
the "Log as roadblock" button on unanswered ownership questions, and digests on demand."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.runtime import Runtime
from bot.web import create_app
from tests.conftest import make_settings
from tests.fakes import FakeSlack, HashingEmbeddings
from tests.servers import (
    SIGNING_SECRET,
    event_body,
    form_body,
    interactivity_body,
    serve,
    signed_headers,
)

CHANNEL, SHARED = "C0ORION", "C0SHARED"


@pytest.fixture
def runtime(slack: FakeSlack, tmp_path: Path) -> Runtime:
    settings = make_settings(
        tmp_path / "home", slack_bot_token="xoxb-test", slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url, channel_projects={CHANNEL: "orion", SHARED: "orion"},
        project_admins=["UADMIN"])
    runtime = Runtime(settings=settings, embeddings=HashingEmbeddings())
    folder = tmp_path / "orion"
    folder.mkdir()
    (folder / "2026-03-10 weekly call.md").write_text(
        "# Orion weekly call\n\n## Open issues\n\n- Who writes the OOS investigation summary "
        "for the agency - TBD.\n")
    (folder / "orion-contacts.csv").write_text(
        "name,function,party,email,slack_user\n"
        "Jane Roe,qa,sponsor,jane@aldebaran.example,U0JANE\n"
        "Priya Nair,regulatory,sponsor,priya@aldebaran.example,U0PRIYA\n"
        "Nils Frei,qc,contract_organization,nils@vesta.example,U0NILS\n")
    runtime.ingestor.run([folder], project="orion")
    slack.shared_channels.add(SHARED)
    return runtime


@pytest.fixture
def server(runtime: Runtime) -> Iterator[str]:
    with serve(create_app(runtime=runtime, warm=False)) as base:
        yield base


def post(base: str, body: bytes, content_type: str) -> httpx.Response:
    return httpx.post(f"{base}/slack/events", content=body,
                      headers=signed_headers(body, content_type), timeout=10)


def command(base: str, slack: FakeSlack, text: str, *, channel: str = CHANNEL,
            user: str = "U123") -> dict:
    before = len(slack.calls_of("response_url"))
    body, ctype = form_body({"team_id": "T1", "channel_id": channel, "user_id": user,
                             "command": "/concord", "text": text, "trigger_id": "1.2.3",
                             "response_url": slack.response_url})
    assert post(base, body, ctype).status_code == 200
    return slack.wait_for("response_url", before + 1)[-1]


def click(base: str, slack: FakeSlack, action: dict, *, channel: str = CHANNEL,
          user: str = "U123", block_id: str | None = None) -> None:
    if block_id:
        action["block_id"] = block_id
    payload = {"type": "block_actions", "team": {"id": "T1"}, "user": {"id": user},
               "api_app_id": "A1", "trigger_id": "9.9.9", "channel": {"id": channel},
               "container": {"type": "message", "channel_id": channel,
                             "message_ts": "1700000000.000500"},
               "message": {"ts": "1700000000.000500", "text": "list"},
               "response_url": slack.response_url, "actions": [action]}
    body, ctype = interactivity_body(payload)
    assert post(base, body, ctype).status_code == 200


def wait_until(check, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def open_point(runtime: Runtime) -> int:
    return next(r.id for r in runtime.roadblock_service.list("orion") if r.origin == "notes")


def test_roadblocks_command_lists_items_with_buttons(server: str, slack: FakeSlack) -> None:
    reply = command(server, slack, "roadblocks")
    blocks = json.dumps(reply["blocks"])
    assert "Who writes the OOS investigation summary for the agency" in blocks
    for action in ("rb_align", "rb_assign", "rb_snooze", "rb_expert"):
        assert action in blocks
    assert "Usage" in command(server, slack, "roadblocks sideways")["text"]


def test_roadblock_add_logs_it_for_everyone_to_see(server: str, slack: FakeSlack,
                                                   runtime: Runtime) -> None:
    reply = command(server, slack, "roadblock add Who approves the EM trend report?")
    assert reply["response_type"] == "in_channel"
    [item] = [r for r in runtime.tracker.list("orion") if r.origin == "person"]
    assert item.title == "Who approves the EM trend report?" and item.created_by == "U123"
    assert f"#{item.id}" in json.dumps(reply["blocks"])


def test_mark_aligned_asks_for_a_note_and_keeps_it(server: str, slack: FakeSlack,
                                                  runtime: Runtime) -> None:
    point = open_point(runtime)
    click(server, slack, {"action_id": "rb_align", "value": str(point), "type": "button"})
    view = slack.wait_for("views.open")[0]["view"]
    view = json.loads(view) if isinstance(view, str) else view
    submission = {"type": "view_submission", "team": {"id": "T1"}, "user": {"id": "U0JANE"},
                  "api_app_id": "A1", "view": {
                      "id": "V1", "type": "modal", "callback_id": view["callback_id"],
                      "private_metadata": view["private_metadata"],
                      "state": {"values": {"note": {"note": {
                          "type": "plain_text_input",
                          "value": "JPT 24 March: Aldebaran RA writes it"}}}}}}
    body, ctype = interactivity_body(submission)
    assert post(server, body, ctype).status_code == 200
    wait_until(lambda: runtime.tracker.require(point).status == "aligned")
    last = runtime.tracker.history(point)[-1]
    assert (last.actor, last.action, last.note) == ("U0JANE", "aligned",
                                                     "JPT 24 March: Aldebaran RA writes it")
    confirmation = slack.wait_for("chat.postMessage")[-1]
    assert confirmation["thread_ts"] == "1700000000.000500"
    assert "marked roadblock" in confirmation["text"]


def test_assign_snooze_and_expert_buttons(server: str, slack: FakeSlack,
                                          runtime: Runtime) -> None:
    point = open_point(runtime)
    click(server, slack, {"action_id": "rb_assign", "type": "users_select",
                          "selected_user": "U0NILS"}, block_id=f"rb_{point}")
    wait_until(lambda: runtime.tracker.require(point).owner_user == "U0NILS")
    click(server, slack, {"action_id": "rb_snooze", "type": "static_select",
                          "selected_option": {"value": f"{point}:14"}})
    wait_until(lambda: runtime.tracker.require(point).snoozed_until is not None)
    click(server, slack, {"action_id": "rb_expert", "value": str(point), "type": "button"})
    wait_until(lambda: any("brings in experts" in c.get("text", "")
                           for c in slack.calls_of("chat.postMessage")))
    text = next(c["text"] for c in slack.calls_of("chat.postMessage")
                if "brings in experts" in c.get("text", ""))
    assert "<@U0PRIYA>" in text or "<@U0JANE>" in text  # agency summary: regulatory, qa
    assert [e.action for e in runtime.tracker.history(point)][-2:] == ["assigned", "snoozed"]


def test_a_shared_channel_cannot_touch_internal_roadblocks(server: str, slack: FakeSlack,
                                                          runtime: Runtime) -> None:
    point = open_point(runtime)  # from internal notes
    click(server, slack, {"action_id": "rb_snooze", "type": "static_select",
                          "selected_option": {"value": f"{point}:7"}}, channel=SHARED)
    reply = slack.wait_for("response_url")[-1]
    assert "no roadblock" in reply["text"].lower()
    assert runtime.tracker.require(point).snoozed_until is None
    listed = command(server, slack, "roadblocks", channel=SHARED)
    assert "OOS investigation summary" not in json.dumps(listed)


def test_message_shortcut_and_reaction_log_the_message_once(server: str, slack: FakeSlack,
                                                             runtime: Runtime) -> None:
    message = {"type": "message", "user": "U0NILS", "ts": "1700000001.000100",
               "text": "Vesta considers the EM trend report outside the agreement."}
    shortcut = {"type": "message_action", "callback_id": "log_roadblock", "team": {"id": "T1"},
                "user": {"id": "U123"}, "channel": {"id": CHANNEL}, "message": message,
                "message_ts": message["ts"], "trigger_id": "1.1.1",
                "response_url": slack.response_url}
    body, ctype = interactivity_body(shortcut)
    assert post(server, body, ctype).status_code == 200
    wait_until(lambda: any(r.origin == "message" for r in runtime.tracker.list("orion")))
    [item] = [r for r in runtime.tracker.list("orion") if r.origin == "message"]
    assert item.sources[0]["link"].endswith("/p1700000001000100")
    reply = slack.wait_for("chat.postMessage")[-1]
    assert reply["thread_ts"] == message["ts"] and f"roadblock #{item.id}" in reply["text"]
    slack.messages[(CHANNEL, message["ts"])] = message
    reaction = {"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
                "event_id": "EvReact1", "event_time": int(time.time()),
                "event": {"type": "reaction_added", "user": "U0JANE",
                          "reaction": "construction", "item_user": "U0NILS",
                          "item": {"type": "message", "channel": CHANNEL,
                                   "ts": message["ts"]}, "event_ts": "1700000002.0"}}
    body, ctype = event_body(reaction)
    post(server, body, ctype)
    wait_until(lambda: len(slack.calls_of("chat.postMessage")) >= 2)
    assert "already roadblock" in slack.calls_of("chat.postMessage")[-1]["text"]
    assert len([r for r in runtime.tracker.list("orion") if r.origin == "message"]) == 1


def test_unanswered_ownership_offers_to_log_a_roadblock(server: str, slack: FakeSlack,
                                                        runtime: Runtime) -> None:
    reply = command(server, slack, "owner environmental monitoring trend reports")
    blocks = json.dumps(reply["blocks"])
    assert "No document assigns" in blocks and "rb_log_owner" in blocks
    button = next(e for b in reply["blocks"] if b["type"] == "actions"
                  for e in b["elements"] if e["action_id"] == "rb_log_owner")
    click(server, slack, {"action_id": "rb_log_owner", "value": button["value"],
                          "type": "button"})
    wait_until(lambda: any(r.origin == "owner_question" for r in runtime.tracker.list("orion")))
    [item] = [r for r in runtime.tracker.list("orion") if r.origin == "owner_question"]
    assert "environmental monitoring trend reports" in item.title


def test_digest_now_and_schedule_changes_by_admins(server: str, slack: FakeSlack,
                                                   runtime: Runtime) -> None:
    reply = command(server, slack, "digest")
    assert reply["response_type"] == "in_channel"
    assert "OOS investigation summary" in json.dumps(reply["blocks"])
    refused = command(server, slack, 'digest schedule "0 8 * * 2" Europe/Zurich')
    assert "Only workspace admins" in refused["text"]
    done = command(server, slack, 'digest schedule "0 8 * * 2" Europe/Zurich', user="UADMIN")
    assert "`0 8 * * 2` in Europe/Zurich" in done["text"]
    assert "off" in command(server, slack, "digest off", user="UADMIN")["text"]


def message_event(text: str, *, ts: str, thread_ts: str | None = None, bot: bool = False,
                  event_id: str) -> dict:
    event = {"type": "message", "channel": CHANNEL, "channel_type": "channel", "user": "U0PM",
             "text": text, "ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    if bot:
        event["bot_id"] = "B0OTHER"
    return {"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event": event, "event_id": event_id, "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]}


def suggestions(slack: FakeSlack) -> list[dict]:
    return [c for c in slack.calls_of("chat.postMessage")
            if c.get("text", "").startswith("Consider bringing in")]


def test_listening_is_opt_in_and_suggests_once_per_thread(server: str, slack: FakeSlack,
                                                         runtime: Runtime) -> None:
    inspection = "The FDA announced a pre-approval inspection at Vesta Basel next month"
    body, ctype = event_body(message_event(inspection, ts="1700000100.000100", event_id="Ev1"))
    post(server, body, ctype)
    time.sleep(0.5)
    assert suggestions(slack) == []  # listening is off by default
    assert "Only workspace admins" in command(server, slack, "listen on")["text"]
    assert "*on*" in command(server, slack, "listen on", user="UADMIN")["text"]
    body, ctype = event_body(message_event(inspection, ts="1700000101.000100", event_id="Ev2"))
    post(server, body, ctype)
    wait_until(lambda: len(suggestions(slack)) == 1)
    [first] = suggestions(slack)
    assert first["thread_ts"] == "1700000101.000100"
    text = json.dumps(first["blocks"])
    assert "Regulatory" in text or "QA" in text
    assert "Priya Nair" in text or "Jane Roe" in text
    assert "<@" not in text  # a suggestion names people; it does not ping them
    assert "sme_not_now" in text
    again = message_event("Also, the agency inspection will cover the packaging line",
                          ts="1700000102.000100", thread_ts="1700000101.000100",
                          event_id="Ev3")
    body, ctype = event_body(again)
    post(server, body, ctype)
    bot = message_event("FDA inspection reminder from another bot at the site",
                        ts="1700000103.000100", bot=True, event_id="Ev4")
    body, ctype = event_body(bot)
    post(server, body, ctype)
    time.sleep(0.7)
    assert len(suggestions(slack)) == 1  # same functions, same thread: said once; bots: never


def test_not_now_silences_the_suggestion_in_that_thread(server: str, slack: FakeSlack,
                                                        runtime: Runtime) -> None:
    command(server, slack, "listen on", user="UADMIN")
    body, ctype = event_body(message_event(
        "We got a 483 observation on cleaning validation; who answers the FDA?",
        ts="1700000200.000100", event_id="Ev10"))
    post(server, body, ctype)
    wait_until(lambda: len(suggestions(slack)) == 1)
    button = next(e for b in suggestions(slack)[0]["blocks"] if b["type"] == "actions"
                  for e in b["elements"])
    click(server, slack, {"action_id": "sme_not_now", "value": button["value"],
                          "type": "button"})
    updated = slack.wait_for("chat.update")[0]
    assert "not now" in updated["text"].lower()
    from bot.listeners.listening import listening

    state = listening(runtime).status(CHANNEL, "1700000200.000100")
    assert state and set(state.values()) == {"silenced"}


def test_bring_in_an_expert_finds_slack_users_by_email(server: str, slack: FakeSlack,
                                                       runtime: Runtime,
                                                       tmp_path: Path) -> None:
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "orion-ra.csv").write_text(
        "name,function,party,email,slack_user\n"
        "Omar Haddad,regulatory,sponsor,omar@aldebaran.example,\n")
    runtime.ingestor.run([tmp_path / "more"], project="orion")
    slack.emails["omar@aldebaran.example"] = "U0OMAR"
    point = open_point(runtime)
    click(server, slack, {"action_id": "rb_expert", "value": str(point), "type": "button"})
    wait_until(lambda: any("brings in experts" in c.get("text", "")
                           for c in slack.calls_of("chat.postMessage")))
    text = next(c["text"] for c in slack.calls_of("chat.postMessage")
                if "brings in experts" in c.get("text", ""))
    assert "<@U0OMAR>" in text
    assert slack.calls_of("users.lookupByEmail")[0]["email"] == "omar@aldebaran.example"


def test_roadblock_text_can_never_ping_anyone(server: str, slack: FakeSlack) -> None:
    reply = command(server, slack, "roadblock add <!channel> who approves the EM report? <@U9>")
    blocks = json.dumps(reply["blocks"])
    assert "<!channel>" not in blocks and "&lt;!channel&gt;" in blocks
    assert "<@U9>" not in blocks
    listed = json.dumps(command(server, slack, "roadblocks")["blocks"])
    assert "<!channel>" not in listed
