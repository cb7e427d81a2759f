"""Expert functions, the project directory, and suggestions with reasons."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime import Runtime
from knowledge.experts import (
    ExpertSuggester,
    Message,
    compile_phrase,
    function_for,
    functions_for_topic,
    gaps_from_ownership,
    load_functions,
    load_rules,
    load_signals,
)
from knowledge.models import DocumentRecord, PersonEntry
from knowledge.people import build_directory, person_key
from tests.fakes import HashingEmbeddings


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


def test_phrases_match_stems_prefixes_and_expressions() -> None:
    message = Message("Vesta is requalifying the press; lots were made since the last pass")
    assert message.find(compile_phrase("requalify")) == "requalifying"
    assert message.find(compile_phrase("qualif*")) is None  # "requalifying" does not begin with it
    assert message.find(compile_phrase("requalif*")) == "requalifying"
    assert message.find(compile_phrase("re:\\blots? were made since")) == "lots were made since"
    assert Message("the stability of the VPN").find(compile_phrase("stability data")) is None
    assert Message("an important note").find(compile_phrase("re:\\bimport(s|ed|ing)?\\b")) is None


def test_functions_rules_and_signals_are_consistent() -> None:
    functions, signals = load_functions(), load_signals()
    assert set(functions) == {"qa", "qc", "regulatory", "supply_chain", "validation", "msat",
                              "data_integrity", "legal", "pharmacovigilance",
                              "project_management"}
    for rule in load_rules():
        assert set(rule.functions) <= set(functions)
        assert rule.why, "every rule explains itself in the reason"
    for function in functions.values():
        assert set(function.unless) <= set(signals)


@pytest.fixture(scope="module")
def hashing_suggester() -> ExpertSuggester:
    return ExpertSuggester(HashingEmbeddings())


@pytest.mark.parametrize("text,expected", [
    # rules of thumb: several functions together, whatever the embedding says
    ("MHRA inspectors arrive at the plant on Monday", {"qa", "regulatory"}),
    # a second expert only where the labelling guide says so (change category, filing, disposition)
    ("Vesta wants to widen the compression force range for lot 12", {"msat"}),
    ("Vesta wants to widen the compression force range, do we need to file it?",
     {"msat", "regulatory"}),
    ("The freezer log shows 31 °C for lot 7, product is quarantined", {"supply_chain", "qa"}),
    ("The pallet sat at 35 °C on the dock for a day", {"supply_chain"}),
    ("We need the raw data and audit trails for lot 3", {"qc", "qa", "data_integrity"}),
    # trending: QC, QA and data integrity; process data add MSAT; a single OOT is the lab's
    ("Dissolution has been drifting down over the last five lots", {"qc", "qa", "data_integrity"}),
    ("Yield dropped on the last four batches", {"qc", "qa", "data_integrity", "msat"}),
    ("The 6 month water content result looks like an OOT", {"qc"}),
    # project management matters, not merely a PM writing
    ("Who do we escalate to when the CMO misses a milestone?", {"project_management"}),
    ("Our plan and your gantt chart disagree on the dates, which one do we follow?",
     {"project_management"}),
    ("Can we make the weekly call biweekly going forward?", {"project_management"}),
    ("Can we move the JSC to Thursday this week?", set()),
    # words shared between functions: a weight variation is no filing, a recall decision is QA's
    ("The root cause of the weight variation was a worn punch", {"msat"}),
    ("Should we recall lot 2201?", {"qa"}),
    # a symptom calls for PV; a complaint without a safety angle or a disposition question
    # calls for nobody (labelling guide, rule 6)
    ("A patient fainted after the second dose", {"pharmacovigilance"}),
    ("Pharmacies report chipped tablets in lot 88, nobody was hurt", set()),
    ("Pharmacies report chipped tablets in lot 88, can it still be released?", {"qa"}),
    # everyday words in small talk, and closed matters, call for nobody
    ("thanks for releasing the agenda so early", set()),
    ("small deviation from the call schedule this week", set()),
    ("Closing the loop: CAPA-0101 approved by both QA units, nothing needed from anyone", set()),
    ("The mock recall exercise went well, all wholesalers answered - closed", set()),
])
def test_rules_and_quiet_gates(hashing_suggester: ExpertSuggester, text: str,
                               expected: set[str]) -> None:
    suggestions = hashing_suggester.suggest(text)
    assert {s.function for s in suggestions} == expected
    for suggestion in suggestions:
        assert suggestion.reason.startswith("the conversation mentions “")


def test_gaps_are_suggested_even_when_the_text_is_quiet(
        hashing_suggester: ExpertSuggester) -> None:
    suggestions = hashing_suggester.suggest("thanks all", gaps={"legal": "no owner"})
    assert [(s.function, s.reason) for s in suggestions] == [("legal", "no owner")]


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
    ("we want to move filling to a second site", {"msat"}),
    ("the stability of the VPN is terrible today", set()),
    ("thanks for releasing the agenda early", set()),
    ("the agency came back with questions on impurity limits", {"qa", "regulatory", "qc"}),
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
