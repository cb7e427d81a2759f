"""Ownership extraction from documents: parties, matrices, contacts, clauses, notes."""

from __future__ import annotations

from ingest.document import Block
from ingest.extract.clauses import read_clauses
from ingest.extract.marks import read_mark
from ingest.extract.matrix import read_matrix
from ingest.extract.notes import read_notes
from ingest.extract.parties import Party, find_parties
from ingest.structure import assign_sections

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
    assert not any("liable" in r.activity for r in records)
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
