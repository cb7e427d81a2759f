"""The installed `concord` command, run as a user would (real model, real files)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DEMO
from tests.documents import make_encrypted_pdf, make_pdf

pytestmark = pytest.mark.real_model
CONCORD = [sys.executable, "-m", "bot.cli"]


def run(args: list[str], home: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONCORD_", "SLACK_"))}
    env.update(CONCORD_HOME=str(home), HF_HUB_OFFLINE="1", PYTHONPATH=str(DEMO.parent),
               **extra)
    return subprocess.run(CONCORD + args, capture_output=True, text=True, env=env, timeout=300,
                          cwd=home.parent)


def test_ingest_ask_and_exit_codes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    docs = tmp_path / "docs"
    docs.mkdir()
    good = make_pdf(docs / "Acme Supply Agreement.pdf", [
        ["1. Parties", "Acme Pharma (\"Customer\") and Beta CMO (\"Manufacturer\")."],
        ["6.5 Release", "Customer's Qualified Person shall certify each batch for release."],
        ["9. Audits", "Customer may audit the facility once per year."],
    ])
    make_encrypted_pdf(docs / "locked.pdf", good)

    first = run(["ingest", str(docs), "--project", "acme", "--json"], home)
    assert first.returncode == 1, first.stderr
    report = json.loads(first.stdout)
    assert (report["ok"], report["unchanged"], report["failed"]) == (1, 0, 1)
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert by_name["Acme Supply Agreement.pdf"]["pages"] == 3
    assert by_name["Acme Supply Agreement.pdf"]["kind"] == "contract"
    assert "encrypted" in by_name["locked.pdf"]["error"]
    assert set(by_name["locked.pdf"]) >= {"path", "status", "document_id", "kind", "version",
                                          "pages", "chunks", "error"}

    again = run(["ingest", str(docs / "Acme Supply Agreement.pdf"), "--project", "acme"], home)
    assert again.returncode == 0 and "1 unchanged" in again.stdout

    asked = run(["ask", "Who certifies batches for release?", "--project", "acme", "--json"],
                home)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert answer["status"] == "answered"
    assert answer["citations"][0]["section"] == "6.5" and answer["citations"][0]["page"] == 2

    human = run(["ask", "Who certifies batches for release?", "--project", "acme"], home)
    assert "Qualified Person shall certify" in human.stdout and "§6.5, p. 2" in human.stdout

    audit = json.loads(run(["audit", "--project", "acme", "--json"], home).stdout)["entries"]
    assert [(e["face"], e["kind"], e["status"]) for e in audit] == [
        ("cli", "ask", "answered"), ("cli", "ask", "answered")]
    assert audit[0]["sources"][0] == {"document": "Acme Supply Agreement", "version": None,
                                      "section": "6.5", "page": 2}
    later = run(["audit", "--project", "acme", "--since", "2999-01-01", "--json"], home)
    assert json.loads(later.stdout)["entries"] == []
    assert run(["audit", "--project", "acme", "--since", "yesterday"], home).returncode == 2


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(["ingest", str(tmp_path / "nope.pdf"), "--project", "acme"], home).returncode == 2
    assert run(["ingest", str(tmp_path), "--project", "Bad Name"], home).returncode == 2
    assert run(["ingest", str(tmp_path), "--project", "x", "--kind", "memo"], home).returncode == 2
    missing = run(["ask", "who?", "--project", "vega"], home)
    assert missing.returncode == 2 and "vega" in missing.stderr


def test_owner_answers_several_questions_as_json_lines(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(["ingest", str(DEMO / "orion"), "--project", "orion"], home).returncode == 0
    result = run(["owner", "Who decides on a recall?", "Who gives access to raw data?",
                  "--project", "orion", "--json"], home)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["status"] for line in lines] == ["found", "not_found"]
    assert lines[0]["owners"][0]["party"] == "Aldebaran"
    unquoted = run(["owner", "who", "decides", "on", "a", "recall", "--project", "orion"], home)
    assert "Aldebaran (sponsor)" in unquoted.stdout


def test_sme_and_people(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(["ingest", str(DEMO / "orion"), "--project", "orion"], home).returncode == 0
    sme = run(["sme", "a patient reported dizziness after taking the tablets", "--project",
               "orion", "--json"], home)
    assert sme.returncode == 0, sme.stderr
    suggestions = json.loads(sme.stdout)["suggestions"]
    assert [s["function"] for s in suggestions] == ["pharmacovigilance"]
    assert suggestions[0]["people"][0]["name"] == "Dr. Felix Moreau"
    people = json.loads(run(["people", "--project", "orion", "--json"], home).stdout)
    names = {p["name"]: p for p in people["people"]}
    assert names["Rita Okafor"]["function"] == "qa"
    assert names["Rita Okafor"]["role"] == "contract_organization"
    assert people["conflicts"] == []


def test_roadblocks_digest_and_schedule_commands(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(["ingest", str(DEMO / "orion"), "--project", "orion"], home).returncode == 0
    listed = run(["roadblocks", "--project", "orion", "--json"], home)
    data = json.loads(listed.stdout)
    titles = [r["title"] for r in data["roadblocks"]]
    assert any("trending data" in t for t in titles), titles
    assert data["status"] == "open"
    added = json.loads(run(["roadblock", "add", "Who", "approves", "the", "EM", "report?",
                            "--project", "orion", "--json"], home).stdout)
    refused = run(["roadblock", "align", str(added["id"])], home)
    assert refused.returncode == 2 and "--note" in refused.stderr
    shown = json.loads(run(["roadblock", "align", str(added["id"]), "--note", "QAA v4 4.5",
                            "--json"], home).stdout)
    assert shown["status"] == "aligned" and shown["evidence"] == {"note": "QAA v4 4.5"}
    digest = json.loads(run(["digest", "--project", "orion", "--json"], home).stdout)
    assert digest["counts"]["conflicts"] >= 1 and digest["counts"]["gaps"] >= 4
    overdue = {a["action"]: a["days_overdue"] for a in digest["actions"]}
    assert "review cleaning validation report" in overdue  # A7 is still open
    assert not any("production schedule" in a for a in overdue)  # A6 was closed
    no_slack = run(["digest", "--project", "orion", "--post"], home)
    assert no_slack.returncode == 2 and "SLACK_BOT_TOKEN" in no_slack.stderr
    schedule = json.loads(run(["schedule", "--channel", "C1", "--cron", "30 8 * * 1-5",
                               "--timezone", "Europe/Zurich", "--json"], home).stdout)
    assert schedule["cron"] == "30 8 * * 1-5" and schedule["next"]
    bad = run(["schedule", "--channel", "C1", "--timezone", "Mars/Base"], home)
    assert bad.returncode == 2 and "not a time zone" in bad.stderr


def test_people_are_resolved_to_slack_users_by_email_when_slack_is_set_up(
        tmp_path: Path) -> None:
    from tests.fakes import FakeSlack

    home = tmp_path / "home"
    assert run(["ingest", str(DEMO / "orion" / "orion-contacts.csv"), "--project", "orion"],
               home).returncode == 0
    slack = FakeSlack().start()
    try:
        slack.emails["tomas.weber@vesta.example.com"] = "U0TOMAS"
        found = run(["people", "--project", "orion", "--json"], home,
                    SLACK_BOT_TOKEN="xoxb-test", CONCORD_SLACK_API_URL=slack.url)
    finally:
        slack.stop()
    people = {p["name"]: p for p in json.loads(found.stdout)["people"]}
    assert people["Tomas Weber"]["slack_user"] == "U0TOMAS"  # the sheet had none
    assert people["Jane Roe"]["slack_user"] == "U0ORN0002"  # the sheet's own is kept
    assert [c["email"] for c in slack.calls_of("users.lookupByEmail")] == [
        "tomas.weber@vesta.example.com"]
