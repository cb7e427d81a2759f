"""Expert functions, the project directory, and suggestions with reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime import Runtime
from knowledge.experts import function_for, functions_for_topic, gaps_from_ownership
from knowledge.models import DocumentRecord, PersonEntry
from knowledge.people import build_directory, person_key


def _doc(name: str) -> DocumentRecord:
    return DocumentRecord(id=name, project="p", family_key=name, title=name, file_name=name,
                          kind="notes", version_label=None, version_key=(), audience="internal",
                          content_hash="h", pages=None, chunks=0)


def test_function_for_titles() -> None:
    assert function_for("Director QA") == "qa"
    assert function_for("Aldebaran Validation") == "validation"
    assert function_for("Regulatory CMC Lead") == "regulatory"
    assert function_for("QC Manager") == "qc"
    assert function_for("Vesta Data Integrity") == "data_integrity"
    assert function_for("Site Head") is None


def test_topics_map_to_functions_and_gaps_give_reasons() -> None:
    assert set(functions_for_topic("authority_inspections_queries")) == {"qa", "regulatory"}
    assert {"qc", "qa", "data_integrity"} <= set(functions_for_topic("records_raw_data_access"))
    gaps = gaps_from_ownership("not_found", "records_raw_data_access", "raw data access")
    assert gaps["data_integrity"] == "the documents name no owner for “raw data access”"
    assert gaps_from_ownership("found", "recall", "recall") == {}


def test_directory_merges_one_person_and_reports_conflicts() -> None:
    assert person_key("Dr. Rita Okafor") == person_key("R. Okafor") == "r okafor"
    entries = [
        (PersonEntry(name="Rita Okafor", function="qa", party="Vesta", role="contract_organization",
                     email="rita@vesta.example.com", source="directory"), _doc("contacts.csv")),
        (PersonEntry(name="R. Okafor", function="qa", party="Vesta", source="attendee"),
         _doc("minutes.md")),
        (PersonEntry(name="Sam Brandt", function="validation", party="Aldebaran",
                     source="directory"), _doc("contacts.csv")),
        (PersonEntry(name="S. Brandt", function="msat", party="Aldebaran", source="attendee"),
         _doc("call.md")),
    ]
    people, conflicts = build_directory(entries)
    names = {p.name: p for p in people}
    assert set(names) == {"Rita Okafor", "Sam Brandt"}
    assert names["Rita Okafor"].email == "rita@vesta.example.com"
    assert names["Rita Okafor"].sources == ["contacts.csv", "minutes.md"]
    assert names["Sam Brandt"].function == "validation"  # the directory sheet wins
    assert conflicts == [{"name": "Sam Brandt", "field": "function", "values": [
        {"value": "validation", "source": "directory", "document": "contacts.csv"},
        {"value": "msat", "source": "attendee", "document": "call.md"}]}]


@pytest.mark.real_model
@pytest.mark.parametrize("text,expected", [
    ("FDA announced a pre-approval inspection at Basel next month", {"qa", "regulatory"}),
    ("a patient reported dizziness after taking the tablets", {"pharmacovigilance"}),
    ("we want to move filling to a second site", {"msat", "qa", "regulatory"}),
    ("the stability of the VPN is terrible today", set()),
    ("thanks for releasing the agenda early", set()),
])
def test_suggestions_on_the_demo_project(demo_runtime: Runtime, text: str,
                                         expected: set[str]) -> None:
    answer = demo_runtime.sme(project="orion", text=text)
    assert {s.function for s in answer.suggestions} == expected
    for suggestion in answer.suggestions:
        assert suggestion.reason.startswith("the conversation mentions")
        assert suggestion.people, "people of the function come from the directory"


@pytest.mark.real_model
def test_ownership_gap_names_the_experts_and_people(demo_runtime: Runtime) -> None:
    answer = demo_runtime.sme(project="orion",
                              text="Who answers the agency questions after an inspection?")
    functions = {s.function: s for s in answer.suggestions}
    assert {"qa", "regulatory"} <= set(functions)
    assert "name no owner" in functions["regulatory"].reason
    sides = {p["role"] for p in functions["qa"].people}
    assert sides == {"sponsor", "contract_organization"}
    assert [p["name"] for p in functions["regulatory"].people] == ["Priya Nair"]


@pytest.mark.real_model
def test_shared_audience_directory_hides_internal_sources(demo_runtime: Runtime,
                                                          tmp_path: Path) -> None:
    people, _ = demo_runtime.experts.directory("orion", "shared")
    assert people == []  # the demo documents are all internal
