"""Every format loads with its structure; every broken file fails with a clear reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.loaders import load
from ingest.structure import assign_sections
from knowledge.errors import (
    CorruptDocument,
    EmptyDocument,
    EncryptedDocument,
    OversizeDocument,
    UnsupportedFormat,
)
from tests.documents import (
    HEADER,
    make_blank_pdf,
    make_docx,
    make_eml,
    make_encrypted_pdf,
    make_pdf,
    make_xlsx,
)

MB = 1024 * 1024


def _pdf(tmp_path: Path) -> Path:
    return make_pdf(tmp_path / "supply.pdf", [
        ["1. Definitions", "\"Product\" means ORN-101 tablets.", "Price per batch: [***]."],
        ["7.3 Raw data", "Supplier shall retain all raw data for five years."],
        ["9.2 Changes", "Customer shall approve in writing any change to the process."],
    ])


def test_pdf_keeps_pages_and_sections_and_drops_running_header(tmp_path: Path) -> None:
    document = load(_pdf(tmp_path), max_bytes=10 * MB)
    assert document.pages == 3
    raw = next(b for b in document.blocks if "retain all raw data" in b.text)
    assert (raw.page, raw.section, raw.section_title) == (2, "7.3", "Raw data")
    changes = next(b for b in document.blocks if "approve in writing" in b.text)
    assert (changes.page, changes.section) == (3, "9.2")
    assert HEADER not in document.text
    assert "Page 2 of 3" not in document.text


def test_pdf_redaction_markers_are_normalised(tmp_path: Path) -> None:
    document = load(_pdf(tmp_path), max_bytes=10 * MB)
    assert "Price per batch: [redacted]." in document.text
    assert "[***]" not in document.text


def test_docx_keeps_headings_tables_and_order(tmp_path: Path) -> None:
    path = make_docx(
        tmp_path / "qaa.docx", title="Quality Agreement",
        sections=[("6 Batch Disposition", ["6.4 Batch record review",
                                           "Vesta shall review each executed batch record."]),
                  ("7 Laboratory Controls", ["Vesta investigates OOS results."])],
        table=[["Activity", "Aldebaran (Sponsor)", "Vesta (CMO)"],
               ["Batch record review", "", "X"], ["Final release", "X", ""]],
    )
    document = load(path, max_bytes=10 * MB)
    kinds = [b.kind for b in document.blocks]
    assert kinds.index("table") < [b.text for b in document.blocks].index(
        "Vesta investigates OOS results.")
    table = next(b for b in document.blocks if b.kind == "table")
    assert table.rows[0] == ["Activity", "Aldebaran (Sponsor)", "Vesta (CMO)"]
    assert table.rows[1] == ["Batch record review", "", "X"]
    assert "Activity: Batch record review; Vesta (CMO): X" in table.render()
    review = next(b for b in document.blocks if b.text.startswith("Vesta shall review"))
    assert (review.section, review.section_title) == ("6.4", "Batch record review")
    assert table.section == "6.4"


def test_xlsx_sheets_become_tables(tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "raci.xlsx", {
        "Matrix": [["Activity", "Sponsor", "CMO"], ["Stability testing", None, "R"]],
        "Contacts": [["Name", "Function"], ["Jane Roe", "qa"]],
    })
    document = load(path, max_bytes=10 * MB)
    tables = [b for b in document.blocks if b.kind == "table"]
    assert [t.rows[0][0] for t in tables] == ["Activity", "Name"]
    assert tables[0].rows[1] == ["Stability testing", "", "R"]


def test_an_agreement_kept_as_a_workbook_reads_as_clauses_and_a_cover_sheet(
        tmp_path: Path) -> None:
    path = make_xlsx(tmp_path / "qta.xlsx", {
        "Cover": [["TECHNICAL AGREEMENT"], ["Party 1", "Quindell Pharmaceuticals, Inc."],
                  ["Party 2", "Meridell Pharma Services Ltd"], ["Version", "1.0"]],
        "Terms": [["Clause", "Heading", "Text"],
                  ["6.1", "Batch certificate", "Quindell QA reviews the executed records."],
                  ["7.1", "Certification", "The Meridell QP certifies each batch."],
                  ["12.2", "Specifications", "Quindell sets the EU specifications."]],
        "Legend": [["R", "responsible"], ["C", "contributes"], ["I", "informed"]],
    })
    blocks = assign_sections(load(path, max_bytes=10 * MB).blocks)
    lines = [(b.kind, b.section, b.text) for b in blocks]
    assert ("paragraph", None, "Party 1: Quindell Pharmaceuticals, Inc.") in lines
    assert ("paragraph", "7.1", "The Meridell QP certifies each batch.") in lines
    assert next(b for b in blocks if b.section == "12.2").section_title == "Specifications"
    # a later two-column sheet is a legend and stays a table
    assert [b.rows[0] for b in blocks if b.kind == "table"] == [["R", "responsible"]]
    # a first sheet with a header row is a two-column table, not a cover
    log = make_xlsx(tmp_path / "log.xlsx", {
        "Log": [["Issue", "Status"], ["PQR author", "Open"], ["Retains", "Closed"],
                ["Courier", "Open"]],
        "Legend": [["Open", "not agreed"]]})
    tables = [b for b in load(log, max_bytes=10 * MB).blocks if b.kind == "table"]
    assert [t.rows[0] for t in tables] == [["Issue", "Status"], ["Open", "not agreed"]]


def test_csv_markdown_text_html_and_email(tmp_path: Path) -> None:
    (tmp_path / "c.csv").write_text("name;function\nJane Roe;qa\n", encoding="utf-8")
    (tmp_path / "n.md").write_text(
        "# Weekly call\n\n## Action items\n- Action: R. Okafor to send the protocol\n\n"
        "| Activity | Kestrel | Norland |\n|---|---|---|\n| OOS investigation | | X |\n")
    (tmp_path / "t.txt").write_text("7.3 Raw data\nThe lab keeps raw data\nfor ten years.\n")
    (tmp_path / "p.html").write_text(
        "<html><head><title>Minutes</title><script>alert(1)</script></head><body>"
        "<h2>Decisions</h2><p>Agreed: PDF/A exports.</p>"
        "<table><tr><th>Item</th><th>Owner</th></tr><tr><td>A7</td><td>S. Brandt</td></tr>"
        "</table></body></html>")
    make_eml(tmp_path / "m.eml", subject="Re: OOS summary",
             body="Hi all,\n\nVesta will draft the OOS summary.\n")

    assert load(tmp_path / "c.csv", max_bytes=MB).blocks[0].rows == [
        ["name", "function"], ["Jane Roe", "qa"]]
    md = load(tmp_path / "n.md", max_bytes=MB)
    assert md.title == "Weekly call"
    assert any(b.kind == "table" and b.rows[1] == ["OOS investigation", "", "X"]
               for b in md.blocks)
    action = next(b for b in md.blocks if "R. Okafor" in b.text)
    assert action.section_title == "Action items"
    txt = load(tmp_path / "t.txt", max_bytes=MB)
    assert txt.blocks[0].section == "7.3"
    assert "The lab keeps raw data for ten years." in txt.text
    html = load(tmp_path / "p.html", max_bytes=MB)
    assert "alert" not in html.text and "Agreed: PDF/A exports." in html.text
    assert any(b.kind == "table" for b in html.blocks)
    mail = load(tmp_path / "m.eml", max_bytes=MB)
    assert mail.title == "Re: OOS summary"
    assert "From: Jane Roe <jane.roe@example.com>" in mail.text
    assert "Vesta will draft the OOS summary." in mail.text


def test_encrypted_pdf_is_refused_by_name(tmp_path: Path) -> None:
    locked = make_encrypted_pdf(tmp_path / "locked.pdf", _pdf(tmp_path))
    with pytest.raises(EncryptedDocument) as info:
        load(locked, max_bytes=MB)
    assert "locked.pdf" in str(info.value) and "password" in str(info.value)


def test_scanned_pdf_without_text_layer(tmp_path: Path) -> None:
    with pytest.raises(EmptyDocument, match="no text layer"):
        load(make_blank_pdf(tmp_path / "scan.pdf"), max_bytes=MB)


@pytest.mark.parametrize("name,content,error", [
    ("broken.pdf", b"%PDF-1.7\n this is not really a pdf", CorruptDocument),
    ("broken.docx", b"PK\x03\x04 truncated zip", CorruptDocument),
    ("broken.xlsx", b"not a workbook", CorruptDocument),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, EncryptedDocument),
    ("empty.md", b"", EmptyDocument),
    ("blank.txt", b"   \n\n  \n", EmptyDocument),
    ("old.doc", b"\xd0\xcf\x11\xe0", UnsupportedFormat),
    ("image.png", b"\x89PNG\r\n", UnsupportedFormat),
])
def test_broken_files_fail_with_reason(tmp_path: Path, name: str, content: bytes,
                                       error: type[Exception]) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as info:
        load(path, max_bytes=MB)
    assert name in str(info.value)


def test_oversize_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Quality agreement text. " * 50_000)
    with pytest.raises(OversizeDocument, match="over the 1 MB limit"):
        load(path, max_bytes=MB)
