"""The HTTP API: token-protected, same JSON as the CLI, documented in OpenAPI."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from bot.runtime import Runtime
from bot.web import api_token, create_app
from tests.conftest import make_settings
from tests.fakes import HashingEmbeddings
from tests.servers import serve

AUTH = {"Authorization": "Bearer test-token"}


@pytest.fixture
def api(runtime: Runtime, tmp_path: Path) -> Iterator[str]:
    notes = tmp_path / "qaa.md"
    notes.write_text("# QAA\n\n## 5.4 CAPA\n\nCAPAs shall be approved by both parties.\n")
    runtime.ingestor.run([notes], project="orion")
    with serve(create_app(runtime=runtime, warm=False)) as base:
        yield base


def test_ask_requires_the_token(api: str) -> None:
    body = {"project": "orion", "question": "who approves CAPA?"}
    assert httpx.post(f"{api}/api/ask", json=body).status_code == 401
    wrong = {"Authorization": "Bearer nope"}
    assert httpx.post(f"{api}/api/ask", json=body, headers=wrong).status_code == 401


def test_ask_returns_the_cli_shape(api: str, runtime: Runtime) -> None:
    body = {"project": "orion", "question": "who approves CAPA?"}
    response = httpx.post(f"{api}/api/ask", json=body, headers=AUTH)
    assert response.status_code == 200
    data = response.json()
    assert data == runtime.ask(project="orion", question="who approves CAPA?").to_json()
    assert data["status"] == "answered" and data["citations"][0]["section"] == "5.4"


def test_ask_errors_are_clear(api: str) -> None:
    missing = httpx.post(f"{api}/api/ask", json={"project": "vega", "question": "who?"},
                         headers=AUTH)
    assert missing.status_code == 404 and "vega" in missing.json()["detail"]
    invalid = httpx.post(f"{api}/api/ask", json={"project": "orion"}, headers=AUTH)
    assert invalid.status_code == 422
    audience = httpx.post(f"{api}/api/ask", headers=AUTH,
                          json={"project": "orion", "question": "x", "audience": "public"})
    assert audience.status_code == 422


def test_health_and_openapi(api: str) -> None:
    health = httpx.get(f"{api}/healthz").json()
    assert health == {"status": "ok", "ready": True, "slack": False, "console": False}
    spec = httpx.get(f"{api}/openapi.json").json()
    assert "/api/ask" in spec["paths"]
    assert spec["paths"]["/api/ask"]["post"]["responses"]["200"]
    assert httpx.get(f"{api}/docs").status_code == 200


def test_slack_endpoint_without_credentials_says_how_to_configure(api: str) -> None:
    response = httpx.post(f"{api}/slack/events", json={"type": "url_verification"})
    assert response.status_code == 503 and "SLACK_BOT_TOKEN" in response.json()["detail"]


def test_generated_token_is_stable_and_private(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "h", api_token=None)
    first = api_token(settings)
    assert first == api_token(settings) and len(first) >= 24
    assert (tmp_path / "h" / "api_token").stat().st_mode & 0o077 == 0


def test_owner_endpoint(api: str, runtime: Runtime, tmp_path: Path) -> None:
    qaa = tmp_path / "qaa2.md"
    qaa.write_text('# Quality Agreement\n\nBetween Acme Bio, Inc. ("Acme", the "Customer") and '
                   'Beta Labs GmbH ("Beta", the "Manufacturer").\n\n## 7.3 OOS\n\n'
                   "Beta shall investigate all OOS results.\n")
    runtime.ingestor.run([qaa], project="acme")
    body = {"project": "acme", "question": "Who shall investigate all OOS results?"}
    assert httpx.post(f"{api}/api/owner", json=body).status_code == 401
    response = httpx.post(f"{api}/api/owner", json=body, headers=AUTH)
    assert response.status_code == 200
    data = response.json()
    assert data == runtime.owner(project="acme", question=body["question"]).to_json()
    assert data["status"] == "found"
    assert data["owners"][0]["party"] == "Beta"
    assert data["owners"][0]["role"] == "contract_organization"
    assert data["citations"][0]["section"] == "7.3"


def test_sme_endpoint(api: str) -> None:
    body = {"project": "orion", "text": "FDA announced a pre-approval inspection"}
    assert httpx.post(f"{api}/api/sme", json=body).status_code == 401
    response = httpx.post(f"{api}/api/sme", json=body, headers=AUTH)
    assert response.status_code == 200
    data = response.json()
    assert data["project"] == "orion" and data["text"] == body["text"]
    for suggestion in data["suggestions"]:
        assert set(suggestion) >= {"function", "label", "reason", "people"}
    assert httpx.post(f"{api}/api/sme", json={"project": "vega", "text": "x"},
                      headers=AUTH).status_code == 404


def test_gaps_endpoint(api: str) -> None:
    assert httpx.get(f"{api}/api/gaps", params={"project": "orion"}).status_code == 401
    response = httpx.get(f"{api}/api/gaps", params={"project": "orion"}, headers=AUTH)
    assert response.status_code == 200
    data = response.json()
    assert len(data["topics"]) == 31
    capa = next(t for t in data["topics"] if t["key"] == "deviations_capa")
    assert capa["status"] in ("settled", "no_owner")  # the test QAA mentions CAPA approval
    recall = next(t for t in data["topics"] if t["key"] == "recall")
    assert recall["status"] == "absent"


def test_roadblocks_api_lists_changes_and_keeps_history(runtime: Runtime, tmp_path: Path) -> None:
    notes = tmp_path / "2026-03-10 weekly call.md"
    notes.write_text("# Weekly call\n\n## Open issues\n\n- Retention samples storage owner "
                     "TBD.\n")
    runtime.ingestor.run([notes], project="orion")
    with serve(create_app(runtime=runtime, warm=False)) as base:
        assert httpx.get(f"{base}/api/roadblocks", params={"project": "orion"}).status_code \
            == 401
        listed = httpx.get(f"{base}/api/roadblocks", params={"project": "orion"},
                           headers=AUTH).json()
        assert listed == runtime.roadblocks(project="orion").to_json()
        [mined] = [r for r in listed["roadblocks"] if r["origin"] == "notes"]
        assert "Retention samples" in mined["title"] and mined["raised_on"] == "2026-03-10"
        added = httpx.post(f"{base}/api/roadblocks", headers=AUTH, json={
            "project": "orion", "title": "Who pays for the failed PPQ batch?"})
        assert added.status_code == 201 and added.json()["history"][0]["action"] == "opened"
        number = added.json()["id"]
        assigned = httpx.post(f"{base}/api/roadblocks/{number}/assign", headers=AUTH,
                              json={"party": "Vesta", "due": "2026-12-01"}).json()
        assert assigned["owner"]["party"] == "Vesta" and assigned["due"] == "2026-12-01"
        bad_due = httpx.post(f"{base}/api/roadblocks/{number}/assign", headers=AUTH,
                             json={"party": "Vesta", "due": "soon"})
        assert bad_due.status_code == 422
        done = httpx.post(f"{base}/api/roadblocks/{number}/status", headers=AUTH,
                          json={"status": "aligned", "note": "MSA 10.1 settles it"}).json()
        assert done["status"] == "aligned"
        assert [e["action"] for e in done["history"]] == ["opened", "assigned", "aligned"]
        missing = httpx.get(f"{base}/api/roadblocks/9999", headers=AUTH)
        assert missing.status_code == 400 and "no roadblock #9999" in missing.json()["detail"]
        digest = httpx.get(f"{base}/api/digest", params={"project": "orion"}, headers=AUTH)
        assert digest.status_code == 200 and set(digest.json()["counts"]) == {
            "new", "aging", "ownerless", "conflicts", "gaps", "actions"}
        schema = httpx.get(f"{base}/openapi.json").json()
        assert "/api/roadblocks/{roadblock_id}/snooze" in schema["paths"]


def test_roadblock_sources_link_to_a_signed_view_of_the_cited_passage(tmp_path: Path) -> None:
    from bot.render_roadblocks import digest_blocks

    settings = make_settings(tmp_path / "home", public_url="https://concord.example/")
    runtime = Runtime(settings=settings, embeddings=HashingEmbeddings())
    notes = tmp_path / "2026-03-10 weekly call.md"
    notes.write_text("# Weekly call\n\n## Open issues\n\n- Retention samples storage owner "
                     "TBD.\n- Who writes the <script>alert(1)</script> summary is unclear.\n")
    runtime.ingestor.run([notes], project="orion")
    [mined, *_] = runtime.roadblocks(project="orion").roadblocks
    link = mined.sources[0]["link"]
    assert link.startswith("https://concord.example/sources/")
    blocks = str(digest_blocks(runtime.digest(project="orion")))
    assert "<https://concord.example/sources/" in blocks  # Slack shows it as a link
    path = link.removeprefix("https://concord.example")
    with serve(create_app(runtime=runtime, warm=False)) as base:
        page = httpx.get(f"{base}{path}")  # no API token: the signature is the key
        assert page.status_code == 200 and "Retention samples storage owner" in page.text
        assert "<script>" not in page.text and "&lt;script&gt;" in page.text
        assert page.headers["cache-control"] == "no-store"
        tampered = httpx.get(f"{base}{path.replace('audience=internal', 'audience=shared')}")
        assert tampered.status_code == 403 and "not valid or has expired" in tampered.text
        runtime.source_links.clock = lambda: datetime.now(UTC) + timedelta(days=91)
        assert httpx.get(f"{base}{path}").status_code == 403  # expired
    # a link made for a Slack Connect channel never opens an internal document
    runtime.source_links.clock = lambda: datetime.now(UTC)
    unlinked = {k: v for k, v in mined.sources[0].items() if k != "link"}
    shared_link = runtime.source_links.url(unlinked, "shared")
    with serve(create_app(runtime=runtime, warm=False)) as base:
        refused = httpx.get(f"{base}{shared_link.removeprefix('https://concord.example')}")
        assert refused.status_code == 404
    plain = Runtime(settings=make_settings(tmp_path / "home2"), embeddings=HashingEmbeddings())
    plain.ingestor.run([notes], project="orion")
    assert all("link" not in s for r in plain.roadblocks(project="orion").roadblocks
               for s in r.sources)
