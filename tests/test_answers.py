"""Retrieval and extractive answers: scoped, cited, honest about nothing found."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime import Runtime
from knowledge.errors import ProjectNotFound
from knowledge.retrieval import Query, search


@pytest.fixture
def two_projects(runtime: Runtime, tmp_path: Path) -> Runtime:
    (tmp_path / "orion").mkdir()
    (tmp_path / "orion" / "qaa.md").write_text(
        "# Orion Quality Agreement\n\n## 6.4 Batch record review\n\n"
        "Vesta shall review each executed batch record before disposition.\n\n"
        "## 9 Audits\n\nAldebaran may audit the Vesta facility once per year.\n")
    (tmp_path / "orion" / "shared-notes.md").write_text(
        "# Weekly call\n\nVesta will send the stability protocol draft by 20 March.\n")
    (tmp_path / "lyra").mkdir()
    (tmp_path / "lyra" / "ta.md").write_text(
        "# Lyra Technical Agreement\n\n## 4 Shipping\n\n"
        "Norland performs the cryogenic shipper validation for every batch record.\n")
    runtime.ingestor.run([tmp_path / "orion" / "qaa.md"], project="orion")
    runtime.ingestor.run([tmp_path / "orion" / "shared-notes.md"], project="orion",
                         audience="shared")
    runtime.ingestor.run([tmp_path / "lyra"], project="lyra")
    return runtime


def test_answer_quotes_and_cites_the_clause(two_projects: Runtime) -> None:
    answer = two_projects.ask(project="orion", question="Who reviews executed batch records?")
    assert answer.status == "answered"
    top = answer.citations[0]
    assert top.quote == "Vesta shall review each executed batch record before disposition."
    assert top.section == "6.4" and top.document == "qaa"
    assert "Vesta shall review" in answer.answer
    data = answer.to_json()
    assert set(data) >= {"question", "project", "status", "answer", "citations"}
    assert (data["mode"], data["fallback_reason"]) == ("extractive", None)
    assert set(data["citations"][0]) >= {"document", "version", "section", "page", "quote",
                                         "score"}


def test_nothing_found_is_said_plainly(two_projects: Runtime) -> None:
    answer = two_projects.ask(project="orion", question="What is the capital of France?")
    assert answer.status == "nothing_found"
    assert answer.citations == []
    assert answer.answer == "I found nothing on that in Orion's documents."


def test_projects_never_see_each_other(two_projects: Runtime) -> None:
    answer = two_projects.ask(project="orion", question="cryogenic shipper validation Norland")
    assert all("Norland" not in c.quote for c in answer.citations)
    assert answer.status == "nothing_found"
    passages = search(two_projects.store, Query(project="lyra", text="batch record review"))
    assert passages and all(p.document.project == "lyra" for p in passages)


def test_shared_audience_sees_only_shared_documents(two_projects: Runtime) -> None:
    shared = two_projects.ask(project="orion", question="who reviews executed batch records?",
                              audience="shared")
    assert all(c.document == "shared-notes" for c in shared.citations)
    internal = two_projects.ask(project="orion", question="stability protocol draft")
    assert internal.citations[0].document == "shared-notes"


def test_unknown_project(two_projects: Runtime) -> None:
    with pytest.raises(ProjectNotFound, match="concord ingest PATH --project vega"):
        two_projects.ask(project="vega", question="who releases batches?")


def test_lexical_index_follows_new_documents(two_projects: Runtime, tmp_path: Path) -> None:
    before = two_projects.ask(project="orion", question="who approves the artwork for labels?")
    assert before.status == "nothing_found"
    (tmp_path / "labels.md").write_text(
        "# Labelling\n\n## 3 Artwork\n\nAldebaran approves the artwork for labels.\n")
    two_projects.ingestor.run([tmp_path / "labels.md"], project="orion")
    after = two_projects.ask(project="orion", question="who approves the artwork for labels?")
    assert after.status == "answered" and after.citations[0].section == "3"
