"""Slack end to end: signed requests to the real server, replies to a fake Slack Web API."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.runtime import Runtime
from bot.web import create_app
from tests.conftest import make_settings
from tests.fakes import FakeSlack, HashingEmbeddings
from tests.servers import SIGNING_SECRET, event_body, form_body, serve, signed_headers

CHANNEL = "C0ORION"
SHARED = "C0SHARED"  # a Slack Connect channel with the contract organization


@pytest.fixture
def runtime_box() -> dict:
    return {}


@pytest.fixture
def server(slack: FakeSlack, tmp_path: Path, runtime_box: dict) -> Iterator[str]:
    settings = make_settings(
        tmp_path / "home", slack_bot_token="xoxb-test", slack_signing_secret=SIGNING_SECRET,
        slack_api_url=slack.url, channel_projects={CHANNEL: "orion", SHARED: "orion"},
    )
    runtime = Runtime(settings=settings, embeddings=HashingEmbeddings())
    runtime_box["runtime"] = runtime
    notes = tmp_path / "qaa.md"
    notes.write_text("# Orion Quality Agreement\n\n"
                     'Between Aldebaran Bio, Inc. ("Aldebaran", the "Customer") and Vesta '
                     'Pharma Services GmbH ("Vesta", the "Manufacturer").\n\n'
                     "## 6.4 Batch record review\n\n"
                     "Vesta shall review each executed batch record before disposition "
                     "and tell <!channel> and <@U999> now.\n\n"
                     "## 10.2 Recall\n\nAldebaran decides on any recall of the Product.\n")
    runtime.ingestor.run([notes], project="orion")
    internal = tmp_path / "internal"
    internal.mkdir()
    (internal / "sponsor-strategy.md").write_text(
        "# Sponsor internal memo\n\n## 1 Strategy\n\nThe batch record review budget is "
        "secret: Vesta must never see this internal batch record review note.\n")
    runtime.ingestor.run([internal], project="orion")
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "joint-minutes.md").write_text(
        "# Joint minutes\n\n## 2 Decisions\n\nVesta will send the deviation report on "
        "the batch record review within 5 days.\n")
    runtime.ingestor.run([shared], project="orion", audience="shared")
    slack.shared_channels.add(SHARED)
    with serve(create_app(runtime=runtime, warm=False)) as base:
        yield base


def post(base: str, body: bytes, content_type: str, **header_overrides: str) -> httpx.Response:
    headers = signed_headers(body, content_type)
    headers.update(header_overrides)
    return httpx.post(f"{base}/slack/events", content=body, headers=headers, timeout=10)


def mention(text: str, *, event_id: str = "Ev1", channel: str = CHANNEL,
            thread_ts: str | None = None) -> dict:
    event = {"type": "app_mention", "user": "U123", "text": text, "ts": "1700000000.000100",
             "channel": channel, "event_ts": "1700000000.000100"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event": event, "event_id": event_id, "event_time": int(time.time()),
            "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}]}


def test_url_verification(server: str) -> None:
    body, ctype = event_body({"token": "x", "challenge": "abc123", "type": "url_verification"})
    response = post(server, body, ctype)
    assert response.status_code == 200 and response.json()["challenge"] == "abc123"


def test_bad_and_stale_signatures_are_rejected(server: str, slack: FakeSlack) -> None:
    body, ctype = event_body(mention("<@UBOT> who reviews batch records?"))
    wrong = signed_headers(body, ctype, secret="not-the-secret")
    assert httpx.post(f"{server}/slack/events", content=body, headers=wrong).status_code == 401
    stale = signed_headers(body, ctype, timestamp=int(time.time()) - 600)
    assert httpx.post(f"{server}/slack/events", content=body, headers=stale).status_code == 401
    time.sleep(0.3)
    assert slack.calls_of("chat.postMessage") == []


def test_mention_is_answered_in_the_thread(server: str, slack: FakeSlack) -> None:
    body, ctype = event_body(mention("<@UBOT> who reviews executed batch records?"))
    started = time.perf_counter()
    response = post(server, body, ctype)
    assert response.status_code == 200
    assert time.perf_counter() - started < 3  # acknowledged within Slack's 3 seconds
    posted = slack.wait_for("chat.postMessage")[0]
    assert posted["channel"] == CHANNEL and posted["thread_ts"] == "1700000000.000100"
    text = str(posted["blocks"])
    assert "Vesta shall review each executed batch record" in text
    assert "§6.4" in text
    assert "<!channel>" not in text and "<@U999>" not in text  # document text is escaped
    assert "&lt;!channel&gt;" in text
    slack.wait_for("reactions.remove")
    reactions = [name for name, _ in slack.calls if name.startswith("reactions.")]
    assert reactions == ["reactions.add", "reactions.remove"]


def test_mention_in_thread_replies_to_that_thread(server: str, slack: FakeSlack) -> None:
    body, ctype = event_body(mention("<@UBOT> who reviews executed batch records?",
                                     thread_ts="1699999999.000001"))
    post(server, body, ctype)
    assert slack.wait_for("chat.postMessage")[0]["thread_ts"] == "1699999999.000001"


def test_retried_event_is_answered_once(server: str, slack: FakeSlack) -> None:
    body, ctype = event_body(mention("<@UBOT> who reviews executed batch records?",
                                     event_id="EvRetry"))
    post(server, body, ctype)
    post(server, body, ctype, **{"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "timeout"})
    slack.wait_for("chat.postMessage")
    time.sleep(0.5)
    assert len(slack.calls_of("chat.postMessage")) == 1


def test_mention_in_unlinked_channel_explains_linking(server: str, slack: FakeSlack) -> None:
    body, ctype = event_body(mention("<@UBOT> who releases batches?", channel="C0OTHER"))
    post(server, body, ctype)
    reply = slack.wait_for("chat.postMessage")[0]
    assert "not linked to a project" in reply["text"] and "/concord link" in reply["text"]


def test_slash_command_ask(server: str, slack: FakeSlack) -> None:
    body, ctype = form_body({
        "token": "x", "team_id": "T1", "channel_id": CHANNEL, "user_id": "U123",
        "command": "/concord", "text": "ask who reviews executed batch records?",
        "api_app_id": "A1", "response_url": slack.response_url, "trigger_id": "1.2.3",
    })
    response = post(server, body, ctype)
    assert response.status_code == 200
    reply = slack.wait_for("response_url")[0]
    assert reply["response_type"] == "in_channel"
    assert "Vesta shall review each executed batch record" in str(reply["blocks"])


def test_slash_command_nothing_found_and_help(server: str, slack: FakeSlack) -> None:
    for text in ("ask what is the capital of France?", "help"):
        body, ctype = form_body({"team_id": "T1", "channel_id": CHANNEL, "user_id": "U1",
                                 "command": "/concord", "text": text,
                                 "response_url": slack.response_url})
        post(server, body, ctype)
    replies = slack.wait_for("response_url", count=2)
    texts = " ".join(str(r) for r in replies)
    assert "I found nothing on that in Orion's documents." in texts
    assert "/concord ask" in texts


def test_owner_command_and_ownership_mention(server: str, slack: FakeSlack) -> None:
    body, ctype = form_body({"team_id": "T1", "channel_id": CHANNEL, "user_id": "U1",
                             "command": "/concord", "text": "owner recall of the product",
                             "response_url": slack.response_url})
    post(server, body, ctype)
    reply = slack.wait_for("response_url")[0]
    text = str(reply["blocks"])
    assert "*Aldebaran* (sponsor)" in text and "§10.2" in text
    body, ctype = event_body(mention("<@UBOT> who decides on any recall of the product?",
                                     event_id="EvOwner"))
    post(server, body, ctype)
    posted = slack.wait_for("chat.postMessage")[0]
    assert "*Aldebaran* (sponsor)" in str(posted["blocks"])


def test_shared_channel_sees_only_shared_documents(server: str, slack: FakeSlack) -> None:
    question = "<@UBOT> what does the batch record review note say?"
    body, ctype = event_body(mention(question, event_id="EvShared", channel=SHARED))
    post(server, body, ctype)
    shared_reply = str(slack.wait_for("chat.postMessage")[0])
    assert "secret" not in shared_reply and "internal" not in shared_reply.lower()
    assert "Quality Agreement" not in shared_reply
    body, ctype = event_body(mention(question, event_id="EvInternal", channel=CHANNEL))
    post(server, body, ctype)
    internal_reply = str(slack.wait_for("chat.postMessage", count=2)[1])
    assert "secret" in internal_reply
    info = slack.calls_of("conversations.info")
    assert {c["channel"] for c in info} >= {SHARED, CHANNEL}


def test_sme_command(server: str, slack: FakeSlack) -> None:
    body, ctype = form_body({"team_id": "T1", "channel_id": CHANNEL, "user_id": "U1",
                             "command": "/concord",
                             "text": "sme a patient reported an adverse event, dizziness",
                             "response_url": slack.response_url})
    assert post(server, body, ctype).status_code == 200
    reply = str(slack.wait_for("response_url")[0]["blocks"])
    assert "*Consider bringing in Pharmacovigilance / medical*" in reply
    assert "“adverse event”" in reply  # the reason names what was said


def test_every_slack_answer_is_audited(server: str, slack: FakeSlack, runtime_box: dict) -> None:
    body, ctype = event_body(mention("<@UBOT> who reviews executed batch records?",
                                     event_id="EvAudit"))
    post(server, body, ctype)
    slack.wait_for("chat.postMessage")
    entries = runtime_box["runtime"].audit.export(project="orion")
    assert len(entries) == 1
    entry = entries[0]
    assert (entry["face"], entry["user"], entry["channel"], entry["kind"]) == \
        ("slack", "U123", CHANNEL, "owner")
    assert entry["question"] == "who reviews executed batch records?"
    assert entry["sources"] and entry["sources"][0]["section"] == "6.4"


def test_gaps_command(server: str, slack: FakeSlack) -> None:
    body, ctype = form_body({"team_id": "T1", "channel_id": CHANNEL, "user_id": "U1",
                             "command": "/concord", "text": "gaps",
                             "response_url": slack.response_url})
    assert post(server, body, ctype).status_code == 200
    reply = str(slack.wait_for("response_url")[0]["blocks"])
    assert "Quality-agreement gap check" in reply
    assert "`records_raw_data_access`" in reply and "not covered" in reply
    assert "rb_align" in reply and "rb_snooze" in reply  # each open topic can be acted on


def _command(server: str, slack: FakeSlack, text: str, *, user: str = "U1",
             channel: str = "C0NEW") -> str:
    before = len(slack.calls_of("response_url"))
    body, ctype = form_body({"team_id": "T1", "channel_id": channel, "user_id": user,
                             "command": "/concord", "text": text,
                             "response_url": slack.response_url})
    assert post(server, body, ctype).status_code == 200
    reply = slack.wait_for("response_url", count=before + 1)[before]
    assert reply["response_type"] == "ephemeral"
    return reply["text"]


def test_link_unlink_and_status_by_admins_only(server: str, slack: FakeSlack) -> None:
    slack.admins.add("UADMIN")
    assert "Only workspace admins" in _command(server, slack, "link orion", user="U1")
    assert "not linked" in _command(server, slack, "status")
    assert "now linked to project *orion*" in _command(server, slack, "link orion",
                                                        user="UADMIN")
    status = _command(server, slack, "status")
    assert "Linked to project *orion*" in status and "qaa" in status
    body, ctype = event_body(mention("<@UBOT> who decides on any recall of the product?",
                                     event_id="EvLinked", channel="C0NEW"))
    post(server, body, ctype)
    assert "*Aldebaran* (sponsor)" in str(slack.wait_for("chat.postMessage")[0]["blocks"])
    assert "Only workspace admins" in _command(server, slack, "unlink", user="U1")
    assert "no longer linked" in _command(server, slack, "unlink", user="UADMIN")
    assert "not linked" in _command(server, slack, "status")


def message(text: str, *, event_id: str, channel: str = CHANNEL, thread_ts: str | None = None,
            ts: str = "1700000100.000100", **extra: object) -> dict:
    payload = mention(text, event_id=event_id, channel=channel, thread_ts=thread_ts)
    payload["event"].update({"type": "message", "ts": ts, "channel_type": "channel", **extra})
    return payload


def test_uploaded_files_are_ingested_with_a_threaded_reply(server: str, slack: FakeSlack,
                                                           runtime_box: dict) -> None:
    slack.files["qaa-v4.md"] = (
        b"# Orion Quality Agreement Version 4.0\n\n## 6.4 Batch record review\n\n"
        b"Vesta shall review each executed batch record within 3 days.\n")
    files = [
        {"id": "F1", "name": "Orion Quality Agreement v4.md", "size": 120,
         "url_private_download": slack.file_url("qaa-v4.md")},
        {"id": "F2", "name": "setup.exe", "size": 10, "url_private_download":
         slack.file_url("setup.exe")},
        {"id": "F3", "name": "huge.pdf", "size": 10**12, "url_private_download":
         slack.file_url("huge.pdf")},
        {"id": "F4", "name": "elsewhere.pdf", "size": 10,
         "url_private_download": "http://127.0.0.2:9/elsewhere.pdf"},
    ]
    body, ctype = event_body(message("here is v4", event_id="EvUpload", subtype="file_share",
                                     files=files))
    assert post(server, body, ctype).status_code == 200
    reply = slack.wait_for("chat.postMessage")[0]
    assert reply["thread_ts"] == "1700000100.000100"
    text = reply["text"]
    assert "Ingested `Orion Quality Agreement v4.md`: qaa, version 4.0" in text
    assert "`setup.exe` is not a supported type" in text
    assert "`huge.pdf` is larger than" in text
    assert "`elsewhere.pdf` has no download address on Slack's file host" in text
    documents = runtime_box["runtime"].store.records.documents("orion", current_only=True)
    assert any(d.file_name == "Orion Quality Agreement v4.md" for d in documents)


def test_follow_ups_in_a_concord_thread_need_no_mention(server: str, slack: FakeSlack) -> None:
    body, ctype = event_body(mention("<@UBOT> who reviews executed batch records?",
                                     event_id="EvStart"))
    post(server, body, ctype)
    slack.wait_for("chat.postMessage")
    follow = message("and who decides on any recall of the product?", event_id="EvFollow",
                     thread_ts="1700000000.000100", ts="1700000200.000100")
    post(server, *event_body(follow))
    replies = slack.wait_for("chat.postMessage", count=2)
    assert replies[1]["thread_ts"] == "1700000000.000100"
    assert "*Aldebaran* (sponsor)" in str(replies[1]["blocks"])
    other = message("who decides on any recall?", event_id="EvOther",
                    thread_ts="1600000000.000001", ts="1700000300.000100")
    bot = message("who decides on any recall?", event_id="EvBot", bot_id="B1",
                  thread_ts="1700000000.000100", ts="1700000400.000100")
    post(server, *event_body(other))
    post(server, *event_body(bot))
    time.sleep(0.5)
    assert len(slack.calls_of("chat.postMessage")) == 2


def test_app_home_shows_the_users_projects(server: str, slack: FakeSlack) -> None:
    slack.memberships["U123"] = [CHANNEL]
    event = {"token": "x", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
             "event": {"type": "app_home_opened", "user": "U123", "channel": "D1",
                       "tab": "home", "event_ts": "1700000000.000100"},
             "event_id": "EvHome", "event_time": int(time.time())}
    assert post(server, *event_body(event)).status_code == 200
    published = slack.wait_for("views.publish")[0]
    assert published["user_id"] == "U123"
    view = published["view"]
    text = str(view)
    assert "*orion*" in text and "quality-agreement topics open" in text
    assert "open roadblocks" in text and "without an owner" in text  # QAA gaps are roadblocks
    slack.memberships["U999"] = []
    event["event"]["user"], event["event_id"] = "U999", "EvHome2"
    post(server, *event_body(event))
    other = str(slack.wait_for("views.publish", count=2)[1]["view"])
    assert "*orion*" not in other and "/concord link" in other


def test_direct_messages_use_the_users_projects(server: str, slack: FakeSlack) -> None:
    slack.memberships["U123"] = [CHANNEL]
    dm = message("what does the batch record review note say?", event_id="EvDM",
                 channel="D0DM", channel_type="im")
    post(server, *event_body(dm))
    reply = slack.wait_for("chat.postMessage")[0]
    assert reply["channel"] == "D0DM" and "secret" in str(reply["blocks"])
    slack.user_teams["U123"] = "T0VESTA"  # now a user of the contract organization
    dm2 = message("what does the batch record review note say?", event_id="EvDM2",
                  channel="D0DM", channel_type="im", ts="1700000500.000100")
    post(server, *event_body(dm2))
    external = str(slack.wait_for("chat.postMessage", count=2)[1])
    assert "secret" not in external
    slack.memberships["U777"] = []
    dm3 = message("who releases batches?", event_id="EvDM3", channel="D0DM7",
                  channel_type="im", user="U777", ts="1700000600.000100")
    post(server, *event_body(dm3))
    assert "not in any channel linked" in slack.wait_for("chat.postMessage", count=3)[2]["text"]


def test_event_ids_are_shared_between_replicas(tmp_path: Path) -> None:
    from bot.dedup import SeenEvents
    from knowledge.records import Records, make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'shared.db'}")
    Records(engine=engine)  # migrations
    replica_a, replica_b = SeenEvents(engine=engine), SeenEvents(engine=engine)
    assert replica_a.first_time("Ev1") is True
    assert replica_b.first_time("Ev1") is False  # the other replica already handled it
    assert replica_a.first_time("Ev1") is False
    assert replica_b.first_time("Ev2") is True


def test_rendering_respects_slack_limits() -> None:
    from bot import render
    from knowledge.models import Answer, Citation

    long_quote = "Vesta shall <!channel> review " + "x" * 5000
    citations = [Citation(document="QAA", version="3", section=str(i), page=None,
                          quote=long_quote) for i in range(80)]
    blocks = render.answer_blocks(Answer(question="q", project="orion", status="answered",
                                         answer="a", citations=citations))
    assert len(blocks) <= 50
    for block in blocks:
        texts = [block["text"]["text"]] if block["type"] == "section" else \
            [e["text"] for e in block["elements"]]
        for text in texts:
            assert len(text) <= 3000 and "<!channel>" not in text
    assert blocks[0]["text"]["text"].endswith("(trimmed)")


def test_answers_suggest_experts_when_the_question_calls_for_them(server: str,
                                                                  slack: FakeSlack) -> None:
    body, ctype = form_body({
        "team_id": "T1", "channel_id": CHANNEL, "user_id": "U123", "command": "/concord",
        "text": "ask the FDA announced a pre-approval inspection: what does the agreement say "
                "about batch record review?", "response_url": slack.response_url})
    post(server, body, ctype)
    reply = str(slack.wait_for("response_url")[0]["blocks"])
    assert "Vesta shall review each executed batch record" in reply
    assert "Consider bringing in" in reply and "Regulatory" in reply
