"""The quality-agreement gap check on the demo projects (rules on extracted records; no
model needed)."""

from __future__ import annotations

import pytest

from bench.gaps_eval import evaluate
from bot.runtime import Runtime
from knowledge.gaps import GapEntry
from tests.conftest import DEMO


@pytest.fixture
def demo(runtime: Runtime) -> Runtime:
    for project in ("orion", "lyra"):
        runtime.ingestor.run([DEMO / project], project=project)
    return runtime


def test_gap_check_matches_the_demo_facts(demo: Runtime) -> None:
    result = evaluate(demo)
    assert result["expected_gaps_found"] == result["expected_gaps"] == 4
    assert result["correct_by_topic"] >= 0.9, result["wrong"]


def test_gap_entries_say_what_is_missing_and_where(demo: Runtime) -> None:
    entries = {e.key: e for e in demo.gaps(project="orion").entries}
    trending = entries["periodic_review_trending"]
    assert trending.status == "no_owner"
    assert trending.missing == ["which data are trended", "when the review is due"]
    assert any(c.section == "12.4" for c in trending.citations)
    raw = entries["records_raw_data_access"]
    assert raw.status == "no_owner" and raw.citations[0].section == "12.1"
    release = entries["batch_disposition_release"]
    assert release.status == "settled"
    assert {"party": "Aldebaran", "role": "sponsor"} in release.owners
    data = demo.gaps(project="orion").to_json()
    assert data["settled"] + data["no_owner"] + data["absent"] == len(data["topics"]) == 31


def test_each_project_is_checked_on_its_own_documents(demo: Runtime) -> None:
    lyra = {e.key: e.status for e in demo.gaps(project="lyra").entries}
    assert lyra["records_raw_data_access"] == "settled"  # Lyra agreed read access
    assert lyra["recall"] == "absent"
    shared = {e.key: e.status for e in demo.gaps(project="orion", audience="shared").entries}
    assert set(shared.values()) == {"absent"}  # nothing was ingested as shared


def _gaps_of(runtime: Runtime, tmp_path, project: str,  # type: ignore[no-untyped-def]
             sections: str) -> dict[str, GapEntry]:
    """The gap check of a one-file QAA between Aldebaran and Vesta with these sections."""
    qaa = tmp_path / project / "Vela Quality Agreement v1.md"
    qaa.parent.mkdir()
    qaa.write_text("# Vela Quality Agreement\n\nBetween Aldebaran Bio, Inc. (\"Aldebaran\") and "
                   "Vesta GmbH (\"Vesta\").\n\n" + sections)
    runtime.ingestor.run([qaa], project=project, kind="qaa")
    return {e.key: e for e in runtime.gaps(project=project).entries}


def test_an_escalation_route_settles_escalation_and_the_telling_passage_is_cited(
        runtime: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    entries = _gaps_of(runtime, tmp_path, "vela", (
        "## 4. Escalation\n\n4.1 If the QA contacts cannot agree within "
        "ten days, the disagreement is escalated to Aldebaran's Head of Quality and Vesta's "
        "Site Director.\n\n## 6. Batch records\n\n6.4 Each executed batch record is reviewed "
        "with its laboratory data.\n\n## 12. Records\n\n12.1 Records are kept for five years; "
        "raw laboratory data and electronic data are kept with them.\n"))
    assert entries["dispute_escalation"].status == "settled"
    assert entries["dispute_escalation"].citations[0].section == "4.1"
    raw = entries["records_raw_data_access"]
    assert raw.status == "no_owner" and raw.citations[0].section == "12.1"


def test_storage_is_settled_only_by_a_duty_that_says_under_what_conditions(
        runtime: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # a recall duty that mentions distribution data, or a release rule that mentions
    # shipping, does not settle who stores and ships the product under what conditions
    sections = (
        "## 5. Release\n\n5.3 Vesta shall not ship any lot before QP "
        "certification.\n\n## 23. Storage\n\n23.1 Finished product is to be stored and "
        "shipped under appropriate conditions.\n\n## 25. Recall\n\n25.1 Vesta shall support a "
        "recall with batch records and distribution data within 24 hours of a request.\n")
    storage = _gaps_of(runtime, tmp_path, "vela", sections)["storage_distribution"]
    assert storage.status == "no_owner"
    assert storage.missing == ["storage or transport conditions, or excursion handling"]
    settled = _gaps_of(runtime, tmp_path, "vela2", sections.replace(
        "23.1 Finished product is to be stored and shipped under appropriate conditions.",
        "23.1 Vesta shall store and ship the finished product at 2-8 °C and handle any "
        "temperature excursion."))["storage_distribution"]
    assert settled.status == "settled"


def test_plain_present_duties_precedence_and_a_route_that_goes_up_settle_their_topics(
        runtime: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    entries = _gaps_of(runtime, tmp_path, "vela", (
        "## 2. Term and precedence\n\n2.2 In case of conflict on a quality matter this "
        "agreement takes precedence over the Supply Agreement.\n\n## 4. Quality disputes\n\n"
        "4.1 A quality dispute the contacts cannot settle within ten days goes to the heads of "
        "quality of both parties, whose joint decision is final.\n\n## 10. Quality reporting\n\n"
        "10.1 By the tenth day of each month Vesta sends Aldebaran a quality report that lists "
        "the deviations, OOS results and open CAPAs of the previous month.\n"))
    assert entries["term_amendment_precedence"].status == "settled"
    assert entries["dispute_escalation"].status == "settled"
    reporting = entries["reporting_detail"]
    assert reporting.status == "settled"
    assert [o["party"] for o in reporting.owners] == ["Vesta"]


def test_yearly_summaries_joint_reviews_and_product_knowledge_have_owners(
        runtime: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    entries = _gaps_of(runtime, tmp_path, "vela", (
        "## 9. Quality review\n\n9.3 Each January Vesta sends Aldebaran a yearly quality "
        "summary for the previous calendar year (deviations, complaints and changes, compared "
        "with the year before).\n\n## 21. Product knowledge\n\n21.1 Before the first "
        "packaging run Aldebaran transfers to Vesta the product knowledge needed for "
        "packaging.\n\n## 26. Metrics\n\n26.2 The Parties review the agreed quality metrics "
        "every quarter: right-first-time rate and on-time disposition.\n"))
    review = entries["periodic_review_trending"]
    assert review.status == "settled" and [o["party"] for o in review.owners] == ["Vesta"]
    assert entries["knowledge_tech_transfer"].status == "settled"
    metrics = entries["performance_monitoring"]
    assert metrics.status == "settled"
    assert {o["party"] for o in metrics.owners} == {"Aldebaran", "Vesta"}


def test_a_subcontractor_needs_the_sponsors_say_and_lab_words_name_their_topics(
        runtime: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sections = (
        "## 4. GMP standard\n\n§ 4.1 Vesta tests the product in line with EU GMP.\n\n"
        "## 13. Materials\n\n13.1 Vesta qualifies its suppliers of culture media and "
        "reagents.\n\n## 21. Other laboratories\n\n21.1 Vesta may use other laboratories where "
        "necessary, subject to suitable arrangements.\n\n## 24. Service levels\n\n24.1 Each "
        "month Vesta reports to Aldebaran the turnaround time of every test.\n")
    entries = _gaps_of(runtime, tmp_path, "vela", sections)
    assert entries["gmp_standard"].status == "settled"
    assert entries["materials_suppliers"].status == "settled"
    assert entries["performance_monitoring"].status == "settled"
    loose = entries["subcontracting"]
    assert loose.status == "no_owner"
    assert loose.missing == ["the sponsor's approval of, or notice about, a subcontractor"]
    approved = _gaps_of(runtime, tmp_path, "vela2", sections.replace(
        "subject to suitable arrangements", "with Aldebaran's prior written approval"))
    assert approved["subcontracting"].status == "settled"


def test_a_workbook_agreement_is_checked_and_a_promise_to_cooperate_names_no_owner(
        runtime: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.documents import make_xlsx

    folder = tmp_path / "quill"
    folder.mkdir()
    qta = make_xlsx(folder / "QDL Technical Agreement v1.0.xlsx", {
        "Cover": [["TECHNICAL AGREEMENT FOR IMPORTATION AND BATCH CERTIFICATION"],
                  ["Party 1", "Quindell Pharmaceuticals, Inc. (\"Quindell\")"],
                  ["Party 2", "Meridell Pharma Services Ltd (\"Meridell\"), importer"],
                  ["Version", "1.0"]],
        "Terms": [["Clause", "Heading", "Text"],
                  ["6.1", "Batch certificate", "For each batch, Quindell QA reviews the "
                   "executed manufacturing records and issues a batch certificate."],
                  ["8.2", "Computerised systems", "Each party runs its computerised systems "
                   "as validated systems with audit trails switched on."],
                  ["23.1", "Recall", "In the event of a recall, the parties will cooperate."]],
    })
    runtime.ingestor.run([qta], project="quill")
    entries = {e.key: e for e in runtime.gaps(project="quill").entries}
    review = entries["batch_record_review"]
    assert review.status == "settled" and review.citations[0].section == "6.1"
    assert [o["party"] for o in review.owners] == ["Quindell"]
    assert entries["data_integrity_management"].status == "settled"
    recall = entries["recall"]
    assert recall.status == "no_owner" and recall.citations[0].section == "23.1"


def test_articles_with_numbered_paragraphs_legends_and_what_a_heading_lends(
        runtime: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    entries = _gaps_of(runtime, tmp_path, "lyra", (
        "### Article 18 (Product Quality Review)\n\n"
        "1. A product quality review of the Product shall be performed annually.\n\n"
        "### Article 19 (Quality Performance)\n\n"
        "1. The parties review quarterly in a joint meeting the following figures: "
        "right-first-time batches and deviations per lot.\n\n"
        "### Article 22 (Packaging)\n\n"
        "1. Packaging, labels and artwork are Aldebaran's responsibility.\n\n"
        "### Article 23 (Technology Transfer)\n\n"
        "1. Aldebaran has handed over the process description and the development report.\n\n"
        "### Article 28 (Safety Information)\n\n"
        "1. Any information on a possible adverse reaction that reaches Vesta is forwarded to "
        "Aldebaran's pharmacovigilance contact within one business day.\n\n"
        "### Appendix 1 – Responsibility Table\n\n"
        "◎ = responsible · ○ = performs or contributes · △ = receives information · "
        "要協議 = to be discussed\n\n"
        "| Activity | Aldebaran | Vesta |\n|---|---|---|\n"
        "| Authority inspections at the site | ○ | ◎ |\n"
        "| Product quality review | 要協議 | 要協議 |\n"))
    # "1." under "Article 18" is 18.1, and the appendix is a section of its own: the table's
    # owners do not settle the articles above it
    review = entries["periodic_review_trending"]
    assert review.status == "no_owner" and review.citations[0].section == "18.1"
    # the legend says ◎ is the responsible party and ○ contributes
    inspections = entries["authority_inspections_queries"]
    assert inspections.status != "absent"
    assert [o["party"] for o in inspections.owners] == ["Vesta"]
    assert inspections.citations[0].section == "Appendix 1"
    # a heading lends its topic to a joint review that names none; "are X's responsibility";
    # a transfer already made; a hand-off to a party's function
    assert entries["performance_monitoring"].status == "settled"
    assert [o["party"] for o in entries["packaging_labelling"].owners] == ["Aldebaran"]
    assert entries["knowledge_tech_transfer"].status == "settled"
    safety = entries["safety_info_handoff"]
    assert safety.status == "settled" and [o["party"] for o in safety.owners] == ["Aldebaran"]


def test_a_heading_lends_its_topic_to_every_subsection_and_sterilisation_words_count(
        runtime: Runtime, tmp_path) -> None:  # type: ignore[no-untyped-def]
    entries = _gaps_of(runtime, tmp_path, "hoopoe", (
        "## 9 Load records\n\n"
        "9.2 Vesta shall record each load in a load processing record, and its quality unit "
        "shall review the completed record before the certificate of processing is issued.\n\n"
        "## 15 Records\n\n"
        "15.2 Vesta shall provide copies of any record relating to the Product within 5 "
        "working days of Aldebaran's request.\n\n"
        "## 16 Reports\n\n"
        "16.1 With each load Vesta shall send the cycle printout and the BI results.\n"
        "16.2 Each month Vesta shall send Aldebaran a list of the loads processed in that "
        "month, with their status.\n"))
    # "16 Reports" heads one passage holding 16.1 and 16.2: both are about reporting, and
    # 16.2 says how often
    assert entries["reporting_detail"].status == "settled"
    assert "16.2" in [c.section for c in entries["reporting_detail"].citations]
    # a sterilisation site's batch record and certificate, and copies of records on request
    assert entries["batch_record_review"].status == "settled"
    assert entries["coa_certificates"].status == "settled"
    assert entries["records_raw_data_access"].status == "settled"
