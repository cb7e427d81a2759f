"""The real SEC-filed agreements in ../shared/corpus/real ingest with sections and pages."""

from __future__ import annotations

import re

import pytest

from bot.runtime import Runtime
from tests.conftest import REAL_CORPUS, make_settings

pytestmark = [pytest.mark.real_corpus, pytest.mark.real_model]


@pytest.fixture(scope="module")
def real_runtime(tmp_path_factory: pytest.TempPathFactory, real_embeddings) -> Runtime:
    if not REAL_CORPUS.is_dir():
        pytest.skip(f"real corpus folder {REAL_CORPUS} is absent: nothing to measure")
    runtime = Runtime(settings=make_settings(tmp_path_factory.mktemp("real")),
                      embeddings=real_embeddings)
    runtime.report = runtime.ingestor.run(sorted(REAL_CORPUS.glob("*.[pP][dD][fF]")),
                                          project="real")
    return runtime


def test_all_real_pdfs_ingest_with_pages_and_sections(real_runtime: Runtime) -> None:
    report = real_runtime.report
    assert len(report.files) == 6
    assert report.count("ok") == 6, report.to_json()
    pairs = real_runtime.store.records.current_chunks("real", ("internal",))
    for result in report.files:
        chunks = [c for c, d in pairs if d.id == result.document_id]
        assert result.pages and result.pages > 1
        pages = {c.page for c in chunks}
        assert len(pages) >= result.pages * 0.6, result.path  # pages kept, not lost
        sectioned = sum(1 for c in chunks if c.section)
        assert sectioned >= 0.7 * len(chunks), result.path


def test_running_headers_and_redactions_are_not_text(real_runtime: Runtime) -> None:
    texts = [c.text for c, _ in real_runtime.store.records.current_chunks("real", ("internal",))]
    furniture = sum("INDICATES MATERIAL THAT HAS BEEN OMITTED" in t for t in texts)
    assert furniture <= 2  # at most where it is part of the first page's body
    assert not any(re.search(r"\[\s*\*\s*\*\s*\*\s*\]", t) for t in texts)
    assert any("[redacted]" in t for t in texts)


def test_real_question_cites_a_clause_with_page(real_runtime: Runtime) -> None:
    answer = real_runtime.ask(project="real",
                              question="Who decides to initiate a recall of the product?")
    assert answer.status == "answered"
    top = answer.citations[0]
    assert top.page and top.section and "Recall" in top.quote



def test_the_clause_search_ranks_first_answers_when_no_record_stands_out(
        real_runtime: Runtime) -> None:
    # the FUSION complaints duty is phrased far from the question ("provide to each other
    # prompt notice of any information ... regarding the safety"): the clause search finds
    # it, and the record there that names the action answers, with its clause
    answer = real_runtime.owner(project="real", question="who must report complaints and "
                                "adverse reactions?", documents=["FUSION"])
    assert answer.status == "shared"
    assert {o.party for o in answer.owners} == {"FUSION", "CPDC"}
    assert answer.citations[0].section == "4.6"
    # ... but not for a question the agreement is silent on
    silent = real_runtime.owner(project="real", question="who books and pays the freight when "
                                "finished Fraction II paste batches go out?", documents=["ADMA"])
    assert silent.status == "not_found"


def test_a_duty_well_ahead_of_any_other_owner_answers(real_runtime: Runtime) -> None:
    # "immediately notify Magenta in writing, in the event that an employee ... of Bachem ...
    # violates ...": close to the question, and no clause naming another owner comes near
    answer = real_runtime.owner(project="real", question="if someone on the project team breaks "
                                "the rules or GMP requirements, who has to tell the sponsor?",
                                documents=["Magenta"])
    assert answer.status == "found"
    assert [o.party for o in answer.owners] == ["Bachem"]
    assert answer.citations[0].section == "5.10"


def test_a_question_that_asks_who_may_is_answered_by_a_right(real_runtime: Runtime) -> None:
    # "FUSION may conduct any Batch testing [***] or investigation it determines to be of
    # value": the right answers "who can run extra tests?", which asks for a right
    answer = real_runtime.owner(project="real", question="who can run extra tests on a batch on "
                                "top of CPDC's QC?", documents=["FUSION"])
    assert [o.party for o in answer.owners] == ["FUSION"]
    assert answer.citations[0].section == "3.6"


def test_a_yes_no_question_about_one_party_is_not_answered_by_the_others_duty(
        real_runtime: Runtime) -> None:
    # FUSION "shall provide to CPDC all required supporting documentation": not an answer to
    # whether CPDC must hand the process over to a second site, on which FUSION's agreement
    # is silent
    answer = real_runtime.owner(project="real", question="Thinking ahead to a second "
                                "manufacturing site for Ac-225 FPI-1434: would CPDC be obliged "
                                "to hand over the process and support the tech transfer?",
                                documents=["FUSION"])
    assert answer.status == "not_found" and answer.owners == []


def test_a_fallback_answer_is_held_to_the_same_doubts(real_runtime: Runtime) -> None:
    # Kitov's "promptly advise Dexcel, in the event of a Product recall" names a notice, but
    # not the authorities the question is about: the agreement is silent on adverse events
    answer = real_runtime.owner(project="real", question="Dexcel's switchboard gets a call from "
                                "a patient describing a side effect on Consensi. Who reports "
                                "that to the authorities, and does Dexcel have to pass it on to "
                                "us?", documents=["Kitov"])
    assert answer.status == "not_found" and answer.owners == []
