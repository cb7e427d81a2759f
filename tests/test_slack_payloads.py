"""Contract tests: Slack's own payload samples, signed, through /slack/events.

Every event, slash command, block action and view sample must be acknowledged (200), never
a 5xx or an unhandled request. Skips with a clear message where the samples are absent."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.runtime import Runtime
from bot.web import create_app
from tests.conftest import SLACK_PAYLOADS, make_settings
from tests.fakes import FakeSlack, HashingEmbeddings
from tests.servers import (
    SIGNING_SECRET,
    event_body,
    form_body,
    interactivity_body,
    serve,
    signed_headers,
)

SAMPLES = SLACK_PAYLOADS / "java-slack-sdk"
EVENTS = sorted((SAMPLES / "events").glob("*.json")) if SAMPLES.is_dir() else []
INTERACTIVE = sorted((SAMPLES / "app-backend").glob("*/*.json")) if SAMPLES.is_dir() else []

pytestmark = pytest.mark.skipif(
    not SAMPLES.is_dir(), reason=f"Slack payload samples not found at {SAMPLES}")


@pytest.fixture(scope="module")
def slack() -> Iterator[FakeSlack]:
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture(scope="module")
def server(slack: FakeSlack, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("payloads")
    settings = make_settings(home, slack_bot_token="xoxb-test",
                             slack_signing_secret=SIGNING_SECRET, slack_api_url=slack.url,
                             channel_projects={"C0ORION": "orion"})
    runtime = Runtime(settings=settings, embeddings=HashingEmbeddings())
    (home / "qaa.md").write_text("# QAA\n\n## 6.4 Review\n\nVesta reviews batch records.\n")
    runtime.ingestor.run([home / "qaa.md"], project="orion")
    with serve(create_app(runtime=runtime, warm=False)) as base:
        yield base


def _post(base: str, body: bytes, content_type: str) -> httpx.Response:
    return httpx.post(f"{base}/slack/events", content=body,
                      headers=signed_headers(body, content_type), timeout=10)


@pytest.mark.parametrize("path", EVENTS, ids=lambda p: p.stem)
def test_event_samples_are_acknowledged(server: str, path: Path) -> None:
    sample = json.loads(path.read_text())
    sample.update(type="event_callback", team_id="T1", api_app_id="A1",
                  event_id=f"Ev{path.stem}", event_time=int(time.time()),
                  authorizations=[{"team_id": "T1", "user_id": "UBOT", "is_bot": True}])
    event = sample.setdefault("event", {})
    event.update({k: v for k, v in {"channel": "C0ORION", "user": "U123",
                                    "ts": "1700000000.000100"}.items() if k in event})
    if "text" in event:
        event["text"] = "<@UBOT> who reviews batch records?"
    response = _post(server, *event_body(sample))
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("path", INTERACTIVE, ids=lambda p: p.stem)
def test_interactive_samples_are_acknowledged(server: str, slack: FakeSlack,
                                              path: Path) -> None:
    sample = json.loads(path.read_text())
    if "command" in sample:
        sample.update(command="/concord", text="help", team_id="T1", channel_id="C0ORION",
                      user_id="U123", api_app_id="A1", response_url=slack.response_url)
        response = _post(server, *form_body(sample))
    else:
        sample.setdefault("team", {})["id"] = "T1"
        sample.setdefault("user", {})["id"] = "U123"
        sample["api_app_id"] = "A1"
        if "view" in sample and isinstance(sample["view"], dict):
            sample["view"].update(type="modal", callback_id="concord_sample")
        for action in sample.get("actions", []):
            action.update(action_id="concord_sample", block_id="b1")
        response = _post(server, *interactivity_body(sample))
    assert response.status_code == 200, response.text
