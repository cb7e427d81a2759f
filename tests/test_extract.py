"""Ownership extraction from documents: parties, matrices, contacts, clauses, notes."""

from __future__ import annotations

from ingest.document import Block
from ingest.extract.clauses import read_clauses
from ingest.extract.marks import read_legend, read_mark
from ingest.extract.matrix import read_matrix
from ingest.extract.notes import read_notes
from ingest.extract.parties import Party, find_parties
from ingest.structure import assign_sections
from knowledge.actions import head_action

PARTIES = [Party("Aldebaran", "sponsor", {"Aldebaran Bio, Inc.", "Customer"}),
           Party("Vesta", "contract_organization", {"Vesta Pharma Services GmbH"})]


def _owners(record) -> list[tuple[str, str | None]]:
    return [(a.party, a.raci) for a in record.assignments]


def test_preamble_parties_and_roles() -> None:
    text = ('This Supply Agreement (the "Agreement") is made by and between Aldebaran Bio, Inc., '
            'a Delaware corporation ("Aldebaran" or "Customer"), and Vesta Pharma Services GmbH '
            '("Vesta" or "Manufacturer"). Aldebaran and Vesta are each a "Party".')
    parties = {p.name: p for p in find_parties(text)}
    assert set(parties) == {"Aldebaran", "Vesta"}
    assert parties["Aldebaran"].role == "sponsor"
    assert parties["Vesta"].role == "contract_organization"
    assert "Aldebaran Bio, Inc." in parties["Aldebaran"].aliases


def test_parties_with_european_company_forms_and_a_bare_role_after_the_name() -> None:
    text = ('TECHNICAL AGREEMENT\nbetween\nSA Pärnakivi Verekeskus (Pärnakivi Blood Centre '
            'Foundation), Vahtra tee 4, Estonia ("Pärnakivi"), product owner and marketing '
            'authorisation holder,\nand\nDolvarin Biopharma a.s., Priemyselná 14, Slovakia '
            '("Dolvarin"), contract fractionator.')
    parties = {p.name: p for p in find_parties(text)}
    assert {n: p.role for n, p in parties.items()} == {
        "Pärnakivi": "sponsor", "Dolvarin": "contract_organization"}
    # a Lithuanian UAB is a company name; the name of the party before is not an alias
    text = ('Between **Tzelil Biome Ltd.**, 12 Ha\'Ofan Street, Israel ("Tzelil"), sponsor of '
            'the clinical trials,\n\nand **Gelvona Biologics UAB**, Pramonės g. 31, Lithuania '
            '("Gelvona"), contract manufacturer.')
    parties = {p.name: p for p in find_parties(text)}
    assert parties["Gelvona"].aliases == {"Gelvona Biologics UAB"}
    assert parties["Gelvona"].role == "contract_organization"
    assert parties["Tzelil"].role == "sponsor"


def test_clauses_tagged_with_their_owner() -> None:
    blocks = _paragraphs(
        "9.1 [Vesta] Vesta writes the master batch record; Aldebaran approves it.",
        "11.2 [Aldebaran] Incoming inspection of the capsules supplied to Vesta.",
        "12.1 [Both] Quality metrics are reviewed every quarter.",
        "16.2 [TBD] Raw data are made available to Aldebaran on request.",
    )
    records = read_clauses(blocks, PARTIES)
    by_section: dict[str, set[str]] = {}
    for r in records:
        by_section.setdefault(r.section, set()).update(a.party for a in r.assignments)
    assert by_section["9.1"] == {"Vesta", "Aldebaran"}  # the sentence's own subjects
    assert by_section["11.2"] == {"Aldebaran"}  # the tag, where the words name nobody
    assert by_section["12.1"] == {"Aldebaran", "Vesta"}
    assert "16.2" not in by_section  # not yet named: whoever the words mention
    # a redacted subject is no tag: the clause stays a redacted party's
    redacted = read_clauses(_paragraphs("3.2 [redacted] shall bear all risk of loss."), PARTIES)
    assert [r.source for r in redacted] == ["redacted"]


def test_roles_from_duties_when_the_preamble_does_not_say() -> None:
    head = ('This Manufacturing Agreement is made by and between DEXCEL LTD., with its address '
            'in Israel ("Dexcel") and KITOV Pharma Ltd., with its office in Tel Aviv ("Kitov").')
    body = head + (" Dexcel shall manufacture the Product. Dexcel shall deliver each batch."
                   " Kitov shall pay each invoice. Kitov shall purchase the Product.")
    parties = {p.name: p.role for p in find_parties(head, body=body)}
    assert parties == {"Dexcel": "contract_organization", "Kitov": "sponsor"}


def test_marks() -> None:
    assert read_mark("X") == [None] and read_mark("✓") == [None] and read_mark("●") == [None]
    assert read_mark("X¹") == [None]
    assert read_mark("R/A") == ["R", "A"] and read_mark("C") == ["C"]
    assert read_mark("S") == ["C"] and read_mark("P") == [None]
    assert read_mark("") is None and read_mark("N/A") is None and read_mark("-") is None


def test_a_legend_says_what_its_marks_mean() -> None:
    legend = read_legend("◎ = responsible / decides · ○ = performs or contributes · "
                         "△ = receives information · 要協議 = to be discussed · — = not assigned")
    assert read_mark("◎", legend) == [None] and read_mark("○", legend) == ["C"]
    assert read_mark("△", legend) == ["I"] and read_mark("要協議", legend) is None
    assert read_mark("○") is None  # without a legend an open circle is no part
    # RACI letters keep their letters; a sentence with a colon is not a legend
    assert read_mark("R", read_legend("R = Responsible, A = Accountable")) == ["R"]
    assert read_legend("Note: the parties meet monthly.") == {}


def test_matrix_rows_with_marks_and_raci() -> None:
    table = Block(kind="table", section="13.3", rows=[
        ["Activity", "Aldebaran (Sponsor)", "Vesta (CMO)"],
        ["Batch record review", "", "X"],
        ["CAPA approval", "X", "X"],
        ["OOS investigation", "A", "R"],
        ["Complaint investigation", "X¹", ""],
        ["Method transfer", "C", "R"],
    ])
    rows = {r.activity: _owners(r) for r in read_matrix(table, PARTIES)}
    assert rows["Batch record review"] == [("Vesta", None)]
    assert rows["CAPA approval"] == [("Aldebaran", None), ("Vesta", None)]
    assert rows["OOS investigation"] == [("Aldebaran", "A"), ("Vesta", "R")]
    assert rows["Complaint investigation"] == [("Aldebaran", None)]
    assert rows["Method transfer"] == [("Aldebaran", "C"), ("Vesta", "R")]


def test_matrix_with_role_headers_only_and_owner_column() -> None:
    roles_only = Block(kind="table", rows=[["Task", "Sponsor", "CMO"],
                                           ["Stability testing", "", "✓"]])
    record = read_matrix(roles_only, [])[0]
    assert record.assignments[0].role == "contract_organization"
    owner_column = Block(kind="table", rows=[["Activity", "Responsibility"],
                                             ["Batch release", "Aldebaran"],
                                             ["Annual review", "Both"]])
    rows = {r.activity: [a.party for a in r.assignments]
            for r in read_matrix(owner_column, PARTIES)}
    assert rows == {"Batch release": ["Aldebaran"], "Annual review": ["Aldebaran", "Vesta"]}


def test_key_contacts_table() -> None:
    table = Block(kind="table", rows=[
        ["Subject", "Aldebaran", "Vesta"],
        ["Recall", "Jane Roe, Director QA", "Tomas Weber, Site Head"],
    ])
    contacts = read_matrix(table, PARTIES)
    assert {(c.assignments[0].party, c.person) for c in contacts} == {
        ("Aldebaran", "Jane Roe, Director QA"), ("Vesta", "Tomas Weber, Site Head")}
    assert all(c.source == "contact" for c in contacts)


def _paragraphs(*texts: str) -> list[Block]:
    return assign_sections([Block(kind="paragraph", text=t) for t in texts])


def test_duty_clauses() -> None:
    blocks = _paragraphs(
        "6.4 Batch record review. Vesta shall review each executed batch record.",
        "5.4 CAPAs arising from major deviations shall be approved by both parties.",
        "8.1 Vesta drafts and Aldebaran approves the stability protocol.",
        "9.1 Aldebaran may audit the facility once per year.",
        "10.4 Neither Party shall be liable for indirect damages.",
        "1.3 In the event of a conflict, the Quality Agreement shall prevail.",
        "5.1 Release Testing a) Customer shall pay each invoice within 30 days.",
    )
    records = read_clauses(blocks, PARTIES)
    by_activity = {r.activity: r for r in records}
    review = by_activity["review each executed batch record"]
    assert _owners(review) == [("Vesta", None)] and review.section == "6.4"
    capa = next(r for r in records if "CAPAs" in r.activity)
    assert {a.party for a in capa.assignments} == {"Aldebaran", "Vesta"}
    assert _owners(by_activity["draft the stability protocol"]) == [("Vesta", None)]
    assert _owners(by_activity["approve the stability protocol"]) == [("Aldebaran", None)]
    assert by_activity["audit the facility once per year"].modality == "may"
    # no party's duty: only the limit of liability it states (see the test on limits)
    assert [r.limits_liability() for r in records if "liable" in r.activity] == [True]
    assert any(r.source == "precedence" and r.section == "1.3" for r in records)
    assert _owners(by_activity["pay each invoice within 30 days"]) == [("Aldebaran", None)]


def test_per_party_numbered_list() -> None:
    blocks = _paragraphs("13.1 Vesta shall be responsible for:", "1) manufacturing the Product;",
                         "2) compiling the annual product review.")
    records = read_clauses(blocks, PARTIES)
    assert [(r.activity, r.source, _owners(r)) for r in records] == [
        ("manufacturing the Product", "list", [("Vesta", None)]),
        ("compiling the annual product review", "list", [("Vesta", None)]),
    ]


def test_a_list_item_that_needs_the_other_partys_consent_stays_the_lead_partys() -> None:
    blocks = _paragraphs("13.1 Vesta shall be responsible for:",
                         "1) keeping a reserve of ten vials that is used only with Aldebaran's "
                         "written agreement;",
                         "2) Aldebaran shall approve the storage report.")
    records = read_clauses(blocks, PARTIES)
    reserve = [r for r in records if r.activity.startswith("keeping a reserve")]
    assert [_owners(r) for r in reserve] == [[("Vesta", None)]]
    assert any(_owners(r) == [("Aldebaran", None)] for r in records if "reserve" in r.activity)
    # an item with its own subject is that party's, not the lead's
    assert not any(_owners(r) == [("Vesta", None)] for r in records
                   if "storage report" in r.activity)


def test_meeting_notes_actions_and_decisions() -> None:
    blocks = assign_sections([
        Block(kind="heading", text="Attendees", level=2),
        Block(kind="paragraph", text="Sam Brandt (Aldebaran Validation)"),
        Block(kind="heading", text="Decisions", level=2),
        Block(kind="paragraph", text="D2. Agreed that Aldebaran will investigate OOS results."),
        Block(kind="heading", text="Action items", level=2),
        Block(kind="paragraph",
              text="Action: R. Okafor (Vesta QA) to send the stability protocol by 2026-03-20."),
        Block(kind="paragraph", text="A7: S. Brandt to review the cleaning validation report."),
    ])
    records = read_notes(blocks, PARTIES)
    decision = next(r for r in records if r.source == "decision")
    assert decision.activity == "investigate OOS results"
    assert _owners(decision) == [("Aldebaran", None)]
    actions = {r.person: r for r in records if r.source == "action"}
    assert actions["R. Okafor"].due == "2026-03-20"
    assert _owners(actions["R. Okafor"]) == [("Vesta", None)]
    assert _owners(actions["Sam Brandt"]) == [("Aldebaran", None)]  # from the attendee list


def _duties(*texts: str) -> dict[str, list[str]]:
    """activity -> parties, for the duties read from numbered paragraphs."""
    blocks = _paragraphs(*texts)
    return {r.activity: sorted(a.party for a in r.assignments) for r in read_clauses(blocks,
                                                                                   PARTIES)}


def _find(duties: dict[str, list[str]], words: str) -> list[str]:
    hits = [parties for activity, parties in duties.items() if words in activity]
    assert hits, (words, duties)
    return hits[0]


def test_subject_after_an_opening_condition_or_that() -> None:
    duties = _duties(
        "3.3 Materials. Unless otherwise agreed by the Parties in writing or specified in the "
        "applicable Project Plan, Vesta shall supply all raw materials at its sole cost.",
        "2. Should Vesta fail to deliver, then it is agreed upon by the Parties that Vesta shall "
        "pay to Aldebaran an amount as liquidated damages.",
        "6.5 Liability. Aggregate damages for which Vesta shall be liable to Aldebaran, "
        "including rejected Batches, shall not exceed the cap.",
        "5.2 In addition to the requirements of Section 6.2, Vesta and Aldebaran shall each "
        "maintain records to permit a Recall.")
    assert _find(duties, "supply all raw materials") == ["Vesta"]
    assert _find(duties, "pay to Aldebaran") == ["Vesta"]
    assert _find(duties, "be liable to Aldebaran") == ["Vesta"]
    assert _find(duties, "maintain records to permit a Recall") == ["Aldebaran", "Vesta"]


def test_an_opening_condition_stays_with_the_duty() -> None:
    duties = _duties("8.2 In the event that Vesta challenges the rejection, Aldebaran and Vesta "
                     "shall conduct a joint investigation.")
    activity = next(iter(duties))
    assert activity.startswith("conduct a joint investigation, in the event that Vesta")
    assert duties[activity] == ["Aldebaran", "Vesta"]


def test_two_subjects_in_one_sentence_and_two_verbs_of_one_subject() -> None:
    duties = _duties(
        "5.2 Aldebaran shall be responsible for managing all Recalls and Vesta shall cooperate "
        "with Aldebaran as Aldebaran may reasonably request.",
        "6.2 Vesta shall keep records of the manufacture and retain samples of each batch.",
        "2.3 Vesta shall manufacture and test all Devices.")
    assert duties["managing all Recalls"] == ["Aldebaran"]
    assert _find(duties, "cooperate with Aldebaran") == ["Vesta"]
    assert duties["keep records of the manufacture"] == ["Vesta"]
    assert duties["retain samples of each batch"] == ["Vesta"]
    assert duties["manufacture and test all Devices"] == ["Vesta"]


def test_helpers_and_asides_around_the_subject() -> None:
    duties = _duties(
        "4.3 Aldebaran or, at Aldebaran’s discretion, its designee, shall provide to Vesta, at "
        "no charge, the reference standards.",
        "5.17 Aldebaran and its agents and designees shall have the right to audit Vesta’s "
        "facilities.",
        "3.3 ii. Customer or its designee (for which Customer is responsible) shall, at its "
        "cost, be responsible for the qualification of suppliers of Customer Materials.")
    assert _find(duties, "the reference standards") == ["Aldebaran"]
    assert duties["audit Vesta’s facilities"] == ["Aldebaran"]
    assert duties["the qualification of suppliers of Customer Materials"] == ["Aldebaran"]


def test_consent_and_approval_in_many_forms() -> None:
    duties = _duties(
        "3.7 Vesta shall obtain Customer’s prior written approval, in accordance with the "
        "Quality Agreement, to use a subcontractor to perform services.",
        "3.2 Aldebaran may amend any Project Plan, subject to prior written approval by Vesta.",
        "4.4 The Specifications may be subject to change based on written agreement by both "
        "Parties.")
    assert _find(duties, "approve use a subcontractor") == ["Aldebaran"]
    assert _find(duties, "approve amend any Project Plan") == ["Vesta"]
    assert _find(duties, "approve The Specifications") == ["Aldebaran", "Vesta"]


def test_owners_in_object_position() -> None:
    duties = _duties(
        "17.1 Vesta shall provide reasonable co-operation to help Aldebaran investigate "
        "product complaints.",
        "17.2 Vesta shall reasonably cooperate with Aldebaran and its designees in implementing "
        "any such Recall.",
        "4.1 Vesta shall conform to the Quality Agreement, which includes the right of "
        "Aldebaran to conduct inspections, and the responsibility of Vesta to conduct quality "
        "control testing of Product.",
        "2.1.1 Aldebaran hereby grants to Vesta a licence necessary in order for Vesta to "
        "manufacture, package, test and release the Product for shipment.")
    assert duties["investigate product complaints"] == ["Aldebaran"]
    assert duties["implementing any such Recall"] == ["Aldebaran"]
    assert duties["conduct inspections"] == ["Aldebaran"]
    assert duties["conduct quality control testing of Product"] == ["Vesta"]
    release = [p for a, p in duties.items() if a.startswith("manufacture, package, test")]
    assert release == [["Vesta"]]  # the grantor does not release


def test_nominal_agent_and_who_pays() -> None:
    duties = _duties(
        "6.4 Records shall be made accessible following Product release by Vesta’s Quality "
        "Assurance Department.",
        "3. In such a case, the remaining material shall be immediately returned to Aldebaran, "
        "under Vesta’s liability and expenses.",
        "2.9 Vesta shall retain samples of each batch at Aldebaran’s sole cost and expense.")
    assert duties["release of Product"] == ["Vesta"]
    assert _find(duties, "bear the cost of returned the remaining material") == ["Vesta"]
    assert _find(duties, "bear the cost of retain samples") == ["Aldebaran"]


def test_passives_further_in_decision_authority_and_long_asides_after_the_modal() -> None:
    duties = _duties(
        "2.7 Aldebaran may make changes to labels, which changes shall be submitted by "
        "Aldebaran to the Regulatory Authorities.",
        "2.8 Vesta will be responsible for the development of the validation protocols and "
        "shall be approved by Aldebaran prior to execution thereof.",
        "2.2 Aldebaran shall supply syringes to Vesta under this Section 2.2 Aldebaran will "
        "have sole decision-making authority regarding the use of a Third Person to fill them.",
        "8.1 Aldebaran or its designees shall, within a period of [***] after the date of "
        "physical receipt of any shipment of Product from Vesta, inspect the Product for any "
        "shortages.",
        "4.2 Vesta shall test the batches, and the results shall be reviewed by Aldebaran.",
        "6.3 Vesta agrees, at the election of Aldebaran and in addition to any other remedies "
        "Aldebaran may have, to promptly replace such Product or refund the price.")
    assert _find(duties, "submitted changes to the Regulatory Authorities") == ["Aldebaran"]
    assert _find(duties, "approved the development of the validation protocols") == [
        "Aldebaran"]
    assert _find(duties, "decide the use of a Third Person") == ["Aldebaran"]
    assert _find(duties, "inspect the Product for any shortages") == ["Aldebaran"]
    assert _find(duties, "reviewed the results") == ["Aldebaran"]
    assert _find(duties, "test the batches") == ["Vesta"]
    assert _find(duties, "promptly replace such Product or refund the price") == ["Vesta"]


def test_a_partys_responsibility_limited_to_a_remedy() -> None:
    duties = _duties(
        "3.7.4 Vesta’s responsibility for Product supplied by it to Aldebaran failing to meet "
        "the Specifications shall be limited to the replacement of such Product or the refund "
        "of the price paid.")
    assert _find(duties, "the replacement of such Product or the refund") == ["Vesta"]


def test_who_pays_in_passives_infinitives_and_provisos() -> None:
    duties = _duties(
        "3.1.4 However, if such changes are required at Vesta’s request, the cost for such "
        "changes shall be assumed by Vesta.",
        "6.2 Vesta shall make arrangements for the return of rejected Product, such return "
        "shipping or disposal charges to be paid by Vesta.",
        "4.9 Aldebaran may request that Vesta keep the records off-site, provided that "
        "Aldebaran pays all costs associated with such off-site storage.")
    assert _find(duties, "bear the cost for such changes, if such changes are required at "
                         "Vesta’s request") == ["Vesta"]
    assert _find(duties, "paid such return shipping or disposal charges") == ["Vesta"]
    assert _find(duties, "pay all costs associated with such off-site storage") == ["Aldebaran"]


def test_shipments_accompanied_by_documents_belong_to_the_shipper() -> None:
    duties = _duties(
        "3.3.5 Vesta shall deliver the Confirmed Orders on the required date. Each shipment "
        "shall be accompanied by certificates of analysis.",
        "4.1 Records. Vesta shall:",
        "(a) test the Product prior to shipment. Each shipment of Product shall be accompanied "
        "by a certificate of analysis for each Batch;")
    coa = {a: p for a, p in duties.items() if "certificate" in a}
    assert coa and all(parties == ["Vesta"] for parties in coa.values())
    assert duties["test the Product prior to shipment"] == ["Vesta"]


def test_redacted_party_is_kept_without_an_owner() -> None:
    blocks = _paragraphs("3.3 Shipping. [redacted] shall bear all risk of loss of the Products.",
                         "7.1 The cost of storage before shipment shall be borne by [redacted].")
    records = read_clauses(blocks, PARTIES)
    assert len(records) == 2
    assert all(r.source == "redacted" and r.assignments == [] for r in records)


def test_gapped_clause_and_lists_that_carry_their_lead() -> None:
    duties = _duties(
        "2. Aldebaran agrees to purchase and Vesta to manufacture ten Batches of Product.",
        "4.6 Vesta shall be responsible for bearing the cost of any recall resulting from: "
        "(i) Vesta’s acts as manufacturer, or (ii) the Product not conforming at Delivery.",
        "6.2 Such independent laboratory shall be mutually agreed upon by the Parties.",
        "5.2 The decision to initiate a Recall shall be made and implemented by Aldebaran.",
        "6.2 Aldebaran provides and approves artwork and label text.")
    assert duties["purchase ten Batches of Product"] == ["Aldebaran"]
    assert duties["manufacture ten Batches of Product"] == ["Vesta"]
    recall = [a for a in duties if a.startswith("bearing the cost of any recall")]
    assert len(recall) == 2 and all("resulting from" in a and len(a) > 45 for a in recall)
    assert _find(duties, "independent laboratory") == ["Aldebaran", "Vesta"]
    assert _find(duties, "The decision to initiate a Recall") == ["Aldebaran"]
    assert duties["provide and approve artwork and label text"] == ["Aldebaran"]


def test_a_sentence_cut_by_a_page_break_is_joined() -> None:
    from ingest.loaders.pdf import _continues

    last = Block(kind="paragraph", text="(a) Aldebaran will be responsible for testing the Product")
    assert _continues(last, Block(kind="paragraph", text="and for final release for sale."))
    assert not _continues(Block(kind="paragraph", text="Vesta shall test the Product."),
                          Block(kind="paragraph", text="and then some."))
    assert not _continues(last, Block(kind="paragraph", text="6.3 Inspections. Vesta shall"))


def test_parties_of_other_agreements_are_not_this_ones() -> None:
    from ingest.document import ParsedDocument
    from ingest.extract import extract_responsibilities, merge_parties

    other = [Party("Supplier", "contract_organization", {"Carbogen AG"})]
    parties = merge_parties(PARTIES, other)
    assert {p.name for p in parties if p.inherited} == {"Supplier"}
    parsed = ParsedDocument(title="MSA", blocks=_paragraphs(
        "4.1 Supplier shall ship the Product.", "4.2 Vesta shall test the Product."))
    records = extract_responsibilities(parsed, "contract", parties)
    assert [(r.activity, [a.party for a in r.assignments]) for r in records] == [
        ("test the Product", ["Vesta"])]


def test_what_is_not_a_duty_or_an_approval() -> None:
    duties = _duties(
        "19.1 Aldebaran shall be entitled to assign this Agreement without the consent of Vesta.",
        "3.3 Vesta shall retain exclusive control over the materials and shall not transfer them "
        "to any Third Party without the prior written consent of Aldebaran.",
        "9.1 Vesta shall promptly notify Aldebaran of any claim, and shall permit Aldebaran, at "
        "Aldebaran’s cost, to defend the claim.",
        "13. IF, DUE TO FORCE MAJEURE, EITHER PARTY SHALL BE UNABLE TO FULFIL ITS OBLIGATIONS, "
        "THE TERM SHALL BE EXTENDED.",
        "11.1 VESTA SHALL HAVE NO LIABILITY OTHER THAN AS SET FORTH HEREIN.")
    assert not any("Vesta" in parties and a.startswith("approve") for a, parties in duties.items())
    assert _find(duties, "approve transfer them to any Third Party") == ["Aldebaran"]
    assert not any(a.startswith("approve retain") for a in duties)
    paid = [a for a, parties in duties.items() if a.startswith("bear the cost")]
    assert paid == ["bear the cost of permit Aldebaran, to defend the claim"]
    assert not any("UNABLE" in a or "LIABILITY" in a for a in duties)


def test_whichever_party_committees_and_remaining_responsibility() -> None:
    duties = _duties(
        "3.6 If either Party discovers that a Batch does not meet the Specifications, then the "
        "discovering Party shall promptly communicate with the other Party.",
        "6.3 (a) As soon as either Party becomes aware of a Latent Defect in any lot, but in no "
        "case later than one week after such awareness, it shall immediately notify the other "
        "Party.",
        "7.4 The Steering Committee shall in particular have responsibility for the following: "
        "(a) reviewing key metrics for production and quality.",
        "5.4 For clarity, the Parties agree that it shall remain solely the responsibility and "
        "liability of Aldebaran to determine the suitability of the Product for any use.")
    assert _find(duties, "promptly communicate with the other Party, if either Party") == \
        ["Aldebaran", "Vesta"]
    assert _find(duties, "immediately notify the other Party, as soon as either Party becomes "
                         "aware of a Latent Defect") == ["Aldebaran", "Vesta"]
    assert duties["reviewing key metrics for production and quality"] == ["Aldebaran", "Vesta"]
    assert _find(duties, "determine the suitability of the Product") == ["Aldebaran"]


def test_helpers_in_a_list_passives_with_a_condition_and_hereby_with_an_aside() -> None:
    duties = _duties(
        "3.4 (b) Prior to release for sale, Aldebaran, its agent or its permitted subcontractor "
        "shall test each batch of Product.",
        "3.5 Project Manager. With respect to each Project Plan, an employee of Vesta shall be "
        "appointed as project manager by Vesta.",
        "3.7 In the event of a conflict regarding whether Product met the Specifications, which "
        "the Parties are unable to resolve, a sample of such Product shall be submitted by "
        "Aldebaran or its designee to an independent laboratory.",
        "6. Upon full payment of the Fee, each Party, with the intention of binding itself, its "
        "Affiliates and assigns, hereby releases, remises and forever discharges the other "
        "Party from all claims.",
        "3.8 Aldebaran shall be solely responsible, at its own cost and expense, for all "
        "warehousing and distribution of the Product following delivery.")
    assert duties["test each batch of Product"] == ["Aldebaran"]
    assert duties["appointed an employee of Vesta as project manager"] == ["Vesta"]
    submitted = [a for a in duties if a.startswith(
        "submitted a sample of such Product to an independent laboratory, in the event of a "
        "conflict")]  # the opening condition stays with the passive's duty
    assert [duties[a] for a in submitted] == [["Aldebaran"]]
    assert _find(duties, "release remises and forever discharges") == ["Aldebaran", "Vesta"]
    assert _find(duties, "all warehousing and distribution") == ["Aldebaran"]
    assert not any(a.startswith("be solely responsible") for a in duties)


def test_a_deferral_to_another_document_assigns_nothing() -> None:
    duties = _duties(
        "6.4 Aldebaran’s and Vesta’s respective rights and obligations with respect to quality "
        "assurance audits are set forth in the Quality Agreement.")
    assert duties == {}


def test_warranties_joint_subjects_and_present_passives() -> None:
    blocks = _paragraphs(
        "8.2 Vesta warrants that its facilities are cGMP-approved and that it will manufacture "
        "the Product in accordance with the Specifications.",
        "15.2 Each of Aldebaran and Vesta shall, upon request by the other, provide the other "
        "Party with a copy of all insurance policies.",
        "2.10 The Production Order is jointly maintained by Vesta and Aldebaran.",
        "3.2 All cancellations of orders shall be provided to Vesta by Aldebaran in writing.",
    )
    records = read_clauses(blocks, PARTIES)
    warranty = next(r for r in records if r.section == "8.2")
    assert warranty.modality == "warrants" and warranty.activity.startswith("warrant that")
    assert _owners(warranty) == [("Vesta", None)]
    insurance = next(r for r in records if r.section == "15.2")
    assert {a.party for a in insurance.assignments} == {"Aldebaran", "Vesta"}
    assert "insurance policies" in insurance.activity
    order = next(r for r in records if r.section == "2.10")
    assert {a.party for a in order.assignments} == {"Aldebaran", "Vesta"}
    cancel = next(r for r in records if r.section == "3.2")  # a recipient before the agent
    assert _owners(cancel) == [("Aldebaran", None)] and "cancellations" in cancel.activity


def test_warranty_lists_and_limits_of_liability() -> None:
    blocks = _paragraphs(
        "13.1 Vesta hereby represents, warrants and covenants to Aldebaran as follows: (a) Vesta "
        "shall comply with all Applicable Law; and (b) all records required to be maintained by "
        "Vesta under cGMP shall be accurate and complete.",
        "8.1 Aldebaran warrants that, to the best of its knowledge, the Trademark does not "
        "infringe the rights of any third party.",
        "11.2 VESTA’S MAXIMUM LIABILITY TO ALDEBARAN UNDER THIS AGREEMENT WILL NOT EXCEED THE "
        "FEES PAID.",
        "11.3 Neither Party shall be liable for any indirect, special or consequential damages.",
    )
    records = read_clauses(blocks, PARTIES)
    warranties = [r for r in records if r.section == "13.1" and r.modality == "warrants"]
    assert len(warranties) == 2 and all(_owners(r) == [("Vesta", None)] for r in warranties)
    assert "accurate and complete" in warranties[1].activity
    # an item that opens with its party is a covenant too: a duty as well as a warranty
    assert any(r.section == "13.1" and r.modality == "shall" and "comply" in r.activity
               for r in records)
    # ... one that names the party only in the passive is not Vesta's duty to "maintain"
    assert not any(r.section == "13.1" and r.modality == "shall" and "records" in r.activity
                   for r in records)
    # what a party covenants it will (not) do is its duty
    covenant = read_clauses(_paragraphs(
        "8.4 Each of the Parties covenants, represents and warrants that: (i) neither it nor "
        "its employees have been debarred; and (ii) it will not use the services of any person "
        "debarred by the FDA."), PARTIES)
    duty = next(r for r in covenant if r.modality == "shall")
    assert duty.activity.startswith("not use the services")
    assert {a.party for a in duty.assignments} == {"Aldebaran", "Vesta"}
    trademark = next(r for r in records if r.section == "8.1")
    assert trademark.modality == "warrants" and "Trademark" in trademark.activity
    assert _owners(trademark) == [("Aldebaran", None)]
    cap = next(r for r in records if r.section == "11.2")
    assert cap.limits_liability() and _owners(cap) == [("Vesta", None)]
    spared = next(r for r in records if r.section == "11.3")
    assert spared.limits_liability()
    assert {a.party for a in spared.assignments} == {"Aldebaran", "Vesta"}


def test_a_passive_lead_gives_each_item_to_the_agent_it_names() -> None:
    blocks = _paragraphs(
        "5.2 This Agreement may be terminated: 5.2.1 by either Party, effective immediately upon "
        "written notice, if (i) a receiver of the other Party is appointed; or (ii) the other "
        "Party files for bankruptcy; 5.2.2 in the event that a Party is in material breach and "
        "fails to remedy it within thirty days, by the non-breaching Party; 5.2.3 by Vesta, in "
        "the event that Aldebaran fails to pay.",
        "4.3 Aldebaran shall at all times retain title to the precursor in Vesta's possession.",
    )
    records = [r for r in read_clauses(blocks, PARTIES) if r.section.startswith("5.2")]
    assert len(records) == 3 and all(r.activity.startswith("terminate") for r in records)
    assert all(r.modality == "may" for r in records)
    assert {a.party for a in records[0].assignments} == {"Aldebaran", "Vesta"}
    assert "receiver" in records[0].activity
    # the non-breaching party is whichever party it is
    assert {a.party for a in records[1].assignments} == {"Aldebaran", "Vesta"}
    assert [r.section for r in records] == ["5.2.1", "5.2.2", "5.2.3"]
    assert _owners(records[2]) == [("Vesta", None)] and "fails to pay" in records[2].activity
    title = next(r for r in read_clauses(blocks, PARTIES) if r.section == "4.3")
    assert head_action(title.activity, verb_first=True) == "own"


def test_pdf_text_quirks_fused_headings_lost_full_stops_and_withheld_lines() -> None:
    from ingest.loaders.text_blocks import lines_to_blocks
    from ingest.structure import match_section

    assert match_section("4.4Taxes.") == ("4.4", "Taxes.")
    assert match_section("4.5[***].")[0] == "4.5"
    assert match_section("2.5mg of the active") is None
    blocks = assign_sections(lines_to_blocks([
        "4.4Taxes.",
        "(b) Vesta shall pay all such VAT to the applicable",
        "Governmental Authority",
        "(c) Notwithstanding the foregoing, Aldebaran shall be responsible for the payment of",
        "all duties payable on importation.",
        "Vesta shall send such invoices to:",
        "Address: 1 Main Street",
        "[***]",
        "Aldebaran shall pay such invoice within [***] of receipt",
    ]))
    records = read_clauses(blocks, PARTIES)
    duties = next(r for r in records if "duties payable" in r.activity)
    assert _owners(duties) == [("Aldebaran", None)] and duties.section == "4.4"
    invoice = next(r for r in records if r.activity.startswith("pay such invoice"))
    assert _owners(invoice) == [("Aldebaran", None)]


def test_what_both_parties_do_together_in_the_present_tense() -> None:
    duties = _duties("26.2 The Parties review the agreed quality metrics every quarter.",
                     "26.3 Aldebaran and Vesta discuss open deviations every month.",
                     "26.4 The Parties agree that the metrics are binding.")
    assert _find(duties, "review the agreed quality metrics") == ["Aldebaran", "Vesta"]
    assert _find(duties, "discuss open deviations") == ["Aldebaran", "Vesta"]
    assert not [activity for activity in duties if "binding" in activity]


def test_a_partys_quality_function_acts_for_it() -> None:
    duties = _duties(
        "6.1 For each batch, Aldebaran QA reviews the executed manufacturing records.",
        "7.1 The Vesta QP certifies each batch under Annex 16 before release.",
        "7.3 Vesta's QC shall test each delivery on receipt.",
        "7.4 The master batch record shall be approved by Aldebaran QA.")
    assert _find(duties, "review the executed manufacturing records") == ["Aldebaran"]
    assert _find(duties, "certify each batch under Annex 16") == ["Vesta"]
    assert _find(duties, "test each delivery on receipt") == ["Vesta"]
    assert _find(duties, "master batch record") == ["Aldebaran"]


def test_a_termination_right_given_in_the_passive() -> None:
    duties = _duties("7.3 Termination by Vesta. This Agreement may be terminated in its entirety "
                     "by Vesta upon prior written notice to Aldebaran: (a) if Aldebaran commits "
                     "a material breach of this Agreement.")
    assert _find(duties, "terminated This Agreement") == ["Vesta"]


def test_per_party_lists_numbered_within_lettered_parts() -> None:
    blocks = assign_sections([
        Block(kind="heading", text="Part B – Responsibilities of Aldebaran", level=2),
        Block(kind="paragraph", text="Aldebaran is responsible for:"),
        Block(kind="paragraph", text="B.4 approving each bank for use and issuing a written "
                                     "shipping release;"),
        Block(kind="heading", text="Part C – Responsibilities of Vesta", level=2),
        Block(kind="paragraph", text="Vesta is responsible for:"),
        Block(kind="paragraph", text="C.3 reviewing each executed banking record;"),
        Block(kind="paragraph", text="C.13 Reports. Vesta shall send a monthly status report."),
    ])
    records = read_clauses(blocks, PARTIES)
    listed = {(r.section, r.activity): _owners(r) for r in records if r.source == "list"}
    assert listed[("B.4", "approving each bank for use and issuing a written shipping "
                          "release")] == [("Aldebaran", None)]
    assert listed[("C.3", "reviewing each executed banking record")] == [("Vesta", None)]
    # a lettered clause with a sentence of its own is read as one, not as an item
    report = next(r for r in records if "monthly status report" in r.activity)
    assert report.section == "C.13" and report.source == "clause"


def test_a_party_known_by_its_name_after_its_role_and_a_duty_after_a_period() -> None:
    text = ('Parties. Calivara Consumer Health S.R.L., Str. Livezilor 27, Romania (the '
            '"Contract Giver" or "Calivara"), holder of the marketing authorisations; and '
            'Poyrazli Farma A.S., Manisa, Turkiye (the "Contract Acceptor" or "Poyrazli").')
    parties = {p.name: p for p in find_parties(text)}
    assert set(parties) == {"Calivara", "Poyrazli"}  # names, not roles, answer "who?"
    assert parties["Calivara"].aliases == {"Calivara Consumer Health S.R.L.", "Contract Giver"}
    assert parties["Calivara"].role == "sponsor"
    assert parties["Poyrazli"].role == "contract_organization"
    duties = _duties(
        "16.1 With each load Vesta shall send the certificate of processing and the cycle "
        "printout.",
        "16.2 Each month Vesta shall send Aldebaran a list of the loads processed that month.")
    assert _find(duties, "send the certificate of processing") == ["Vesta"]
    assert _find(duties, "list of the loads processed") == ["Vesta"]


def test_a_heading_that_opens_a_partys_list_and_clauses_written_as_tasks() -> None:
    blocks = assign_sections([
        Block(kind="heading", text="PART II – THE CONTRACT GIVER (ALDEBARAN) SHALL", level=1),
        Block(kind="paragraph", text="G1. set the specification of the Product and approve "
                                     "in writing any change to it;"),
        Block(kind="paragraph", text="G2. decide on any recall of the Product;"),
        Block(kind="heading", text="PART III – JOINT PROVISIONS", level=1),
        Block(kind="paragraph", text="4.1 A product quality review is prepared every year."),
        Block(kind="paragraph", text="7.2 Vesta to typeset exactly the approved text and to "
                                     "upload proofs; Aldebaran to approve or reject each proof "
                                     "in writing.")])
    records = read_clauses(blocks, PARTIES)
    by_activity = {r.activity: r for r in records}
    spec = next(r for a, r in by_activity.items() if "set the specification" in a)
    assert [a.party for a in spec.assignments] == ["Aldebaran"] and spec.section == "G1"
    assert any("decide on any recall" in a and [x.party for x in r.assignments] == ["Aldebaran"]
               for a, r in by_activity.items())
    # the list ends at the next heading: a passive joint clause names nobody
    assert not any("product quality review" in a for a in by_activity)
    typeset = next(r for a, r in by_activity.items() if "typeset" in a)
    assert [a.party for a in typeset.assignments] == ["Vesta"]
    assert typeset.quote in blocks[-1].text  # quoted as written, "to" and all
    proofs = next(r for a, r in by_activity.items() if "approve or reject each proof" in a)
    assert [a.party for a in proofs.assignments] == ["Aldebaran"]
    text = ('Printer: Serindah Clinical Labels Sdn. Bhd., Lot 12, Selangor, Malaysia ("Printer"). '
            'The labels for the kit cartons (the "Labels").')
    [printer] = find_parties(text)
    assert printer.role == "contract_organization"
    assert printer.aliases == {"Serindah Clinical Labels Sdn. Bhd."}


def test_a_plain_text_agreement_with_numbered_party_headings_and_run_together_items(
        tmp_path) -> None:  # type: ignore[no-untyped-def]
    from ingest.loaders import load

    text = ('PARTIES\nKwelanga Pharmaceuticals (Pty) Ltd, 14 Jakkalsbessie Road, South Africa '
            '("Kwelanga"), holder of the SAHPRA registration; and\nOrvalis Micronisation '
            'S.a r.l., Mersange, Luxembourg ("Orvalis"), which receives the active substance '
            'supplied by Kwelanga ("BMP").\n')
    parties = {p.name: p for p in find_parties(text, body="Orvalis shall micronise BMP.")}
    assert set(parties) == {"Kwelanga", "Orvalis"}  # "BMP" is a defined term, not a party
    assert parties["Kwelanga"].aliases == {"Kwelanga Pharmaceuticals (Pty) Ltd"}
    assert parties["Orvalis"].aliases == {"Orvalis Micronisation S.a r.l."}
    assert parties["Kwelanga"].role == "sponsor"
    agreement = tmp_path / "TA-KWE-ORV-01 Technical Agreement.txt"
    agreement.write_text("5. VESTA SHALL\n"
                         "5.1 write the master milling record and obtain Aldebaran's approval;\n"
                         "5.2 review each executed milling record before release;\n"
                         "5.3 retain raw data for five years.\n\n"
                         "6. ALDEBARAN SHALL\n6.1 set the specification.\n")
    records = read_clauses(assign_sections(load(agreement, max_bytes=100_000).blocks), PARTIES)
    owners = {r.section: [a.party for a in r.assignments] for r in records
              if r.source == "list"}
    assert owners == {"5.1": ["Vesta"], "5.2": ["Vesta"], "5.3": ["Vesta"],
                      "6.1": ["Aldebaran"]}
