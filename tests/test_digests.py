"""Scheduled digests and overdue reminders, with an injected clock (no sleeping): once per
period across replicas, survives restarts, grace period and late note, retries, Slack's rate
limits, and Slack Connect channels seeing shared roadblocks only."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import web_client
from bot.digests import DigestPoster
from bot.runtime import Runtime
from knowledge.errors import UsageError
from knowledge.schedules import DigestSchedules
from tests.conftest import make_settings
from tests.fakes import FakeSlack, HashingEmbeddings

CHANNEL, SHARED = "C0KEST", "C0SHARED"
MONDAY_9 = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY_9 - timedelta(days=3))


def _notes(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "Kestrel Technical Agreement v1.md").write_text(
        "# Kestrel Technical Agreement\n\nBetween Kestrel Therapeutics, Inc. (\"Kestrel\") and "
        "Norland Analytical Labs B.V. (\"Norland\").\n\n## 4 Release\n\n4.1 Kestrel is "
        "responsible for batch release.\n")
    (folder / "2026-04-01 kickoff notes.md").write_text(
        "# Kestrel kickoff notes\n\nAttendees: Ada Lindqvist (Kestrel QA), Pieter Visser "
        "(Norland QC)\n\n## Action items\n\n- Action: Pieter Visser (Norland QC) to share the "
        "shipper validation report by 2026-04-20.\n\n## Open issues\n\n- Turnaround time for "
        "sterility results not agreed.\n")
    (folder / "kestrel-contacts.csv").write_text(
        "name,function,party,email,slack_user\n"
        "Pieter Visser,qc,contract_organization,pieter@norland.example,\n"
        "Ada Lindqvist,qa,sponsor,ada@kestrel.example,U0ADA\n")
    return folder


@pytest.fixture
def runtime(tmp_path: Path, slack: FakeSlack, clock: Clock) -> Runtime:
    settings = make_settings(tmp_path / "home", slack_bot_token="xoxb-test",
                             slack_api_url=slack.url)
    runtime = Runtime(settings=settings, embeddings=HashingEmbeddings(), clock=clock)
    runtime.ingestor.run([_notes(tmp_path / "kestrel")], project="kestrel")
    runtime.channels.link(channel=CHANNEL, project="kestrel", user="UADMIN")
    return runtime


def poster(runtime: Runtime, replica: str = "a") -> DigestPoster:
    return DigestPoster(runtime, web_client(runtime), replica=replica)


def digests_posted(slack: FakeSlack, channel: str = CHANNEL) -> list[dict]:
    return [c for c in slack.calls_of("chat.postMessage")
            if c.get("channel") == channel and "digest" in c.get("text", "").lower()]


def test_one_digest_per_period_however_many_replicas_tick(
        runtime: Runtime, slack: FakeSlack, clock: Clock) -> None:
    a, b = poster(runtime, "a"), poster(runtime, "b")
    clock.now = MONDAY_9 - timedelta(minutes=1)
    assert a.tick(clock.now).posted == [] and b.tick(clock.now).posted == []
    clock.now = MONDAY_9 + timedelta(seconds=30)
    reports = [a.tick(clock.now), b.tick(clock.now), a.tick(clock.now + timedelta(minutes=5))]
    assert sum(len(r.posted) for r in reports) == 1
    [posted] = digests_posted(slack)
    blocks = json.dumps(posted["blocks"])
    assert "Turnaround time for sterility results not agreed" in blocks
    assert "rb_align" in blocks and "users_select" in blocks  # buttons on each item
    runs = a.schedules.runs(CHANNEL)
    assert [r["status"] for r in runs] == ["sent"] and runs[0]["posted_ts"]
    clock.now = MONDAY_9 + timedelta(days=7, minutes=1)  # next Monday: the next one
    assert len(b.tick(clock.now).posted) == 1


def test_schedules_follow_the_channels_time_zone_and_survive_restarts(
        runtime: Runtime, slack: FakeSlack, clock: Clock) -> None:
    first = poster(runtime)
    first.schedules.set(CHANNEL, now=clock.now, cron="0 9 * * 1", timezone="Europe/Zurich")
    clock.now = datetime(2026, 5, 4, 7, 0, 10, tzinfo=UTC)  # 09:00 in Zurich (CEST)
    assert first.tick(clock.now).posted == [CHANNEL]
    restarted = poster(runtime, "after-restart")  # a new process: state is in the database
    assert restarted.schedules.get(CHANNEL).timezone == "Europe/Zurich"
    assert restarted.tick(clock.now + timedelta(minutes=3)).posted == []
    with pytest.raises(UsageError, match="not a cron schedule"):
        restarted.schedules.set(CHANNEL, now=clock.now, cron="every monday")
    with pytest.raises(UsageError, match="not a time zone"):
        restarted.schedules.set(CHANNEL, now=clock.now, timezone="Mars/Olympus")


def test_back_within_the_grace_period_the_digest_goes_out_as_usual(
        runtime: Runtime, slack: FakeSlack, clock: Clock) -> None:
    clock.now = MONDAY_9 + timedelta(minutes=90)  # down at 09:00, back at 10:30
    assert poster(runtime).tick(clock.now).posted == [CHANNEL]
    assert "was due" not in json.dumps(digests_posted(slack)[0]["blocks"])


def test_back_after_the_grace_period_it_goes_out_once_with_a_note(
        runtime: Runtime, slack: FakeSlack, clock: Clock) -> None:
    clock.now = MONDAY_9 + timedelta(days=15, hours=5)  # two Mondays missed, Tue 14:00
    first = poster(runtime)
    assert first.tick(clock.now).posted == [CHANNEL]
    assert first.tick(clock.now + timedelta(minutes=1)).posted == []
    [posted] = digests_posted(slack)
    assert "This digest was due Mon 18 May 2026 09:00" in json.dumps(posted["blocks"])


def test_no_digest_for_a_period_before_the_channel_was_linked(
        runtime: Runtime, slack: FakeSlack, clock: Clock) -> None:
    clock.now = MONDAY_9 + timedelta(hours=3)
    runtime.channels.link(channel="C0NEW", project="kestrel", user="UADMIN")
    assert poster(runtime).tick(clock.now).posted == [CHANNEL]


def test_a_failed_post_is_logged_and_retried_never_dropped(
        runtime: Runtime, slack: FakeSlack, clock: Clock,
        caplog: pytest.LogCaptureFixture) -> None:
    slack.failing["chat.postMessage"] = "channel_not_found"
    clock.now = MONDAY_9 + timedelta(seconds=5)
    with caplog.at_level(logging.ERROR, logger="concord.digests"):
        report = poster(runtime, "a").tick(clock.now)
    assert report.failed == [CHANNEL]
    assert "channel_not_found" in caplog.text and CHANNEL in caplog.text
    del slack.failing["chat.postMessage"]
    assert poster(runtime, "b").tick(clock.now + timedelta(seconds=30)).posted == [CHANNEL]
    [run] = poster(runtime).schedules.runs(CHANNEL)
    assert run["status"] == "sent" and run["attempts"] == 2


def test_slack_rate_limits_are_honoured(runtime: Runtime, slack: FakeSlack,
                                        clock: Clock) -> None:
    slack.throttle["chat.postMessage"] = 2  # HTTP 429 with Retry-After twice, then ok
    clock.now = MONDAY_9 + timedelta(seconds=5)
    assert poster(runtime).tick(clock.now).posted == [CHANNEL]
    assert len(slack.calls_of("chat.postMessage")) == 3


def test_a_slack_connect_channel_gets_shared_roadblocks_only(
        runtime: Runtime, slack: FakeSlack, clock: Clock) -> None:
    slack.shared_channels.add(SHARED)
    runtime.channels.link(channel=SHARED, project="kestrel", user="UADMIN")
    runtime.tracker.add(project="kestrel", title="Agreed with Norland: joint EM review",
                        actor="U1", audience="shared")
    clock.now = MONDAY_9 + timedelta(seconds=5)
    poster(runtime).tick(clock.now)
    shared = json.dumps(digests_posted(slack, SHARED)[0]["blocks"])
    internal = json.dumps(digests_posted(slack, CHANNEL)[0]["blocks"])
    assert "joint EM review" in shared and "joint EM review" in internal
    assert "sterility" not in shared and "sterility" in internal  # internal notes stay home


def test_overdue_owners_get_one_reminder_per_interval(
        runtime: Runtime, slack: FakeSlack, clock: Clock) -> None:
    slack.emails["pieter@norland.example"] = "U0PIETER"  # found with users.lookupByEmail
    item, _ = runtime.tracker.add(project="kestrel", title="EM report owner", actor="U1")
    runtime.tracker.assign(item.id, actor="U1", user="U0ADA", due="2026-04-30")
    clock.now = MONDAY_9 + timedelta(hours=1)
    sender = poster(runtime)
    assert sorted(sender.remind_overdue(clock.now).reminded) == ["U0ADA", "U0PIETER"]
    dms = {c["channel"]: c["text"] for c in slack.calls_of("chat.postMessage")
           if c["channel"].startswith("U")}
    assert "share the shipper validation report" in dms["U0PIETER"]
    assert "Overdue by 14 days" in dms["U0PIETER"]
    assert "EM report owner" in dms["U0ADA"]
    assert sender.remind_overdue(clock.now + timedelta(days=1)).reminded == []
    assert len(poster(runtime, "b").remind_overdue(
        clock.now + timedelta(days=8)).reminded) == 2
    assert runtime.tracker.require(item.id).last_reminded_at is not None


def test_digest_lists_new_aging_actions_and_experts(runtime: Runtime, clock: Clock) -> None:
    clock.now = datetime(2026, 5, 5, 9, 0, tzinfo=UTC)
    fresh, _ = runtime.tracker.add(project="kestrel", title="Who signs the CoA?", actor="U1")
    digest = runtime.digest(project="kestrel").to_json()
    [aging] = digest["aging"]  # raised on 1 April, tracked since 1 May: aging, not new
    assert "sterility" in aging["title"] and aging["age_days"] == 34
    assert [r["id"] for r in digest["new"]] == [fresh.id]
    [action] = digest["actions"]
    assert action["person"] == "Pieter Visser" and action["days_overdue"] == 15
    assert any(e["function"] in ("qc", "qa") for e in digest["experts"])
    assert all("only project managers" in e["reason"] for e in digest["experts"])


def test_schedule_rows_are_unique_per_channel_and_time(runtime: Runtime, clock: Clock) -> None:
    schedules = DigestSchedules(runtime.store.records.engine)
    clock.now = MONDAY_9 + timedelta(seconds=1)
    [due] = schedules.due(clock.now)
    assert schedules.claim(due, clock.now)
    [again] = DigestSchedules(runtime.store.records.engine, replica="other").due(
        clock.now + timedelta(hours=1))  # the claim is stale after the lease
    assert DigestSchedules(runtime.store.records.engine, replica="other").claim(
        again, clock.now + timedelta(hours=1))
    assert not schedules.claim(due, clock.now + timedelta(hours=1))


def test_a_recent_note_announcing_an_inspection_calls_for_experts(
        runtime: Runtime, clock: Clock, tmp_path: Path) -> None:
    folder = tmp_path / "more"
    folder.mkdir()
    (folder / "2026-05-02 weekly call.md").write_text(
        "# Weekly call\n\n## Discussion\n\n- The FDA announced a pre-approval inspection of "
        "the Norland lab for June.\n")
    runtime.ingestor.run([folder], project="kestrel")
    clock.now = MONDAY_9
    experts = runtime.digest(project="kestrel").to_json()["experts"]
    announced = [e for e in experts if "pre-approval inspection" in e["reason"]]
    assert {e["function"] for e in announced} & {"qa", "regulatory"}
    assert all(e["roadblock_id"] is None for e in announced)
    assert any(p["name"] == "Ada Lindqvist" for e in announced for p in e["people"])


def test_the_server_posts_digests_on_its_own(runtime: Runtime, slack: FakeSlack,
                                             clock: Clock) -> None:
    from bot.web import create_app
    from tests.servers import serve

    runtime.settings.digest_tick_seconds = 0.2
    clock.now = MONDAY_9 + timedelta(seconds=5)
    with serve(create_app(runtime=runtime, warm=False, digests=True)):
        slack.wait_for("chat.postMessage", timeout=20)
    assert len(digests_posted(slack)) == 1


def test_oauth_installs_post_each_workspaces_digest_with_its_own_token(
        tmp_path: Path, slack: FakeSlack, clock: Clock) -> None:
    from slack_sdk.oauth.installation_store import Installation

    from bot.app import installation_store
    from bot.slack_clients import SlackClients

    settings = make_settings(tmp_path / "home", slack_client_id="111.222",
                             slack_client_secret="oauth-client-secret-123",
                             slack_signing_secret="signing-secret", slack_api_url=slack.url)
    runtime = Runtime(settings=settings, embeddings=HashingEmbeddings(), clock=clock)
    runtime.ingestor.run([_notes(tmp_path / "kestrel")], project="kestrel")
    store = installation_store(runtime)
    for team in ("T1", "T2"):
        store.save(Installation(app_id="A1", team_id=team, user_id="UADMIN",
                                bot_token=f"xoxb-installed-{team}", bot_id=f"B{team}",
                                bot_user_id=f"UBOT{team}", bot_scopes=["chat:write"]))
    runtime.channels.link(channel="C0ONE", project="kestrel", user="UADMIN", team="T1")
    runtime.channels.link(channel="C0TWO", project="kestrel", user="UADMIN", team="T2")
    runtime.channels.link(channel="C0OLD", project="kestrel", user="UADMIN")  # no workspace
    runtime.channels.link(channel="C0GONE", project="kestrel", user="UADMIN", team="T9")
    slack.emails["pieter@norland.example"] = "U0PIETER"
    poster = DigestPoster(runtime, clients=SlackClients.for_runtime(runtime))
    clock.now = MONDAY_9 + timedelta(seconds=30)
    report = poster.tick(clock.now)
    assert sorted(report.posted) == ["C0ONE", "C0TWO"]
    assert sorted(report.failed) == ["C0GONE", "C0OLD"]  # logged and retried, not dropped
    tokens = {c["channel"]: c["_authorization"] for c in slack.calls_of("chat.postMessage")
              if c["channel"].startswith("C0")}
    assert tokens == {"C0ONE": "Bearer xoxb-installed-T1", "C0TWO": "Bearer xoxb-installed-T2"}
    # the overdue action's owner is reminded once, through a workspace that has a token
    reminders = [c for c in slack.calls_of("chat.postMessage") if c["channel"] == "U0PIETER"]
    assert len(reminders) == 1 and "shipper validation report" in reminders[0]["text"]
    assert reminders[0]["_authorization"].startswith("Bearer xoxb-installed-T")
    runs = poster.schedules.runs("C0GONE")
    assert runs and runs[0]["status"] == "failed" and "not installed" in runs[0]["error"]


def test_a_database_from_before_workspaces_were_kept_gains_the_column(tmp_path: Path) -> None:
    from sqlalchemy import create_engine, inspect, text

    from knowledge.schema import MIGRATIONS, migrate, schema_migrations

    engine = create_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as c:  # the database as migration 9 left it
        schema_migrations.create(c)
        for number, _ in MIGRATIONS[:9]:
            c.execute(schema_migrations.insert().values(version=number,
                                                        applied_at=datetime.now(UTC)))
        c.execute(text("CREATE TABLE channel_links (channel VARCHAR(40) PRIMARY KEY, "
                       "project VARCHAR(64) NOT NULL, linked_by VARCHAR(40), "
                       "linked_at DATETIME NOT NULL)"))
        c.execute(text("INSERT INTO channel_links VALUES ('C1', 'kestrel', 'U1', "
                       "'2026-01-01 00:00:00')"))
    assert migrate(engine) == [10]
    columns = {c["name"] for c in inspect(engine).get_columns("channel_links")}
    assert "team_id" in columns
    with engine.connect() as c:
        assert c.execute(text("SELECT project, team_id FROM channel_links")).all() == [
            ("kestrel", None)]
