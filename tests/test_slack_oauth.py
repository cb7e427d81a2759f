"""Multi-workspace installs through OAuth, with tokens in the records database."""

from __future__ import annotations

import re
import time
from pathlib import Path

import httpx

from bot.runtime import Runtime
from bot.web import create_app
from tests.conftest import make_settings
from tests.fakes import FakeSlack, HashingEmbeddings
from tests.servers import SIGNING_SECRET, event_body, serve, signed_headers


def test_install_then_answer_with_the_installed_token(slack: FakeSlack, tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "home", slack_client_id="111.222",
                             slack_client_secret="oauth-client-secret-123",
                             slack_signing_secret=SIGNING_SECRET, slack_api_url=slack.url,
                             channel_projects={"C9": "orion"})
    runtime = Runtime(settings=settings, embeddings=HashingEmbeddings())
    (tmp_path / "qaa.md").write_text(
        '# QAA\n\nBetween Aldebaran Bio, Inc. ("Aldebaran", the "Customer") and Vesta GmbH '
        '("Vesta", the "Manufacturer").\n\n## 10.2 Recall\n\nAldebaran decides on any recall.\n')
    runtime.ingestor.run([tmp_path / "qaa.md"], project="orion")
    with serve(create_app(runtime=runtime, warm=False)) as base, \
            httpx.Client(base_url=base) as browser:
        install = browser.get("/slack/install")
        assert install.status_code == 200
        link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', install.text)
        assert link and "client_id=111.222" in link.group(1)
        state = re.search(r"state=([^&\"]+)", link.group(1)).group(1)
        # The state cookie is Secure (https only): send it back as a browser on https would.
        cookie = install.headers["set-cookie"].split(";")[0]
        callback = browser.get("/slack/oauth_redirect", params={"code": "c0de", "state": state},
                               headers={"Cookie": cookie})
        assert callback.status_code == 200, callback.text
        assert slack.calls_of("oauth.v2.access")
        forged = browser.get("/slack/oauth_redirect", params={"code": "c0de", "state": "forged"},
                             headers={"Cookie": cookie})
        assert forged.status_code == 400

        event = {"token": "x", "team_id": "T9", "api_app_id": "A1", "type": "event_callback",
                 "event": {"type": "app_mention", "user": "U9", "channel": "C9",
                           "text": "<@UBOT9> who decides on any recall?",
                           "ts": "1700000000.000100"},
                 "event_id": "EvOauth", "event_time": int(time.time()),
                 "authorizations": [{"team_id": "T9", "user_id": "UBOT9", "is_bot": True}]}
        body, ctype = event_body(event)
        response = httpx.post(f"{base}/slack/events", content=body,
                              headers=signed_headers(body, ctype))
        assert response.status_code == 200
        posted = slack.wait_for("chat.postMessage")[0]
        assert posted["_authorization"] == "Bearer xoxb-installed-T9"
        assert "*Aldebaran* (sponsor)" in str(posted["blocks"])
