"""Ingestion: reports, idempotency, atomic replacement, versions, failures in a batch."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime import Runtime
from knowledge.errors import StoreError, UsageError
from tests.documents import make_docx, make_pdf


def _qaa(path: Path, *, version: str, apr_owner: str) -> Path:
    return make_docx(path, title=f"Quality Agreement Version {version}", sections=[
        ("12 Records", ["12.4 Annual product review",
                        f"{apr_owner} shall compile the annual product review."]),
        ("13 Responsibilities", ["The matrix below assigns the activities."]),
    ], table=[["Activity", "Aldebaran", "Vesta"], ["Batch record review", "", "X"]],
        table_after=1)


def _chunk_texts(runtime: Runtime, project: str) -> list[str]:
    return [c.text for c, _ in runtime.store.records.current_chunks(project, ("internal",))]


def test_report_counts_ok_unchanged_failed(runtime: Runtime, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    _qaa(folder / "Orion QAA v3.docx", version="3.0", apr_owner="Vesta")
    (folder / "notes.md").write_text("# Weekly call\n\nAttendees: Jane Roe (Aldebaran QA)\n")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4 garbage")
    (folder / ".hidden.md").write_text("# secret")

    first = runtime.ingestor.run([folder], project="orion")
    statuses = {Path(f.path).name: f.status for f in first.files}
    assert statuses == {"Orion QAA v3.docx": "ok", "notes.md": "ok", "broken.pdf": "failed"}
    failed = next(f for f in first.files if f.status == "failed")
    assert "not a readable PDF" in failed.error
    qaa = next(f for f in first.files if f.path.endswith(".docx"))
    assert (qaa.kind, qaa.version) == ("qaa", "3.0")
    assert qaa.chunks and qaa.chunks >= 2

    second = runtime.ingestor.run([folder], project="orion")
    assert (second.count("ok"), second.count("unchanged"), second.count("failed")) == (0, 2, 1)
    assert runtime.store.records.last_run("orion")["unchanged"] == 2


def test_unchanged_file_embeds_nothing(runtime: Runtime, tmp_path: Path) -> None:
    path = _qaa(tmp_path / "QAA v3.docx", version="3.0", apr_owner="Vesta")
    runtime.ingestor.run([path], project="orion")
    calls = runtime.store.embeddings.calls
    runtime.ingestor.run([path], project="orion")
    assert runtime.store.embeddings.calls == calls


def test_changed_file_replaces_its_chunks_everywhere(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Call\n\nVesta will send the stability protocol.\n")
    runtime.ingestor.run([path], project="orion")
    doc_id = runtime.store.records.documents("orion")[0].id
    old_ids = runtime.store.records.chunk_ids(doc_id)

    path.write_text("# Call\n\nAldebaran will send the cleaning validation report.\n")
    report = runtime.ingestor.run([path], project="orion")
    assert report.files[0].status == "ok"
    texts = _chunk_texts(runtime, "orion")
    assert any("cleaning validation" in t for t in texts)
    assert not any("stability protocol" in t for t in texts)
    new_ids = runtime.store.records.chunk_ids(doc_id)
    assert set(new_ids).isdisjoint(old_ids)
    assert runtime.store.vectors.count(project="orion", audience="internal") == len(new_ids)


def test_failed_replacement_keeps_the_old_version(runtime: Runtime, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Call\n\nVesta will send the stability protocol.\n")
    runtime.ingestor.run([path], project="orion")
    path.write_text("# Call\n\nA completely different text about recalls.\n")

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(runtime.store.records, "replace_document", broken)
    report = runtime.ingestor.run([path], project="orion")
    monkeypatch.undo()
    assert report.files[0].status == "failed"
    assert "nothing was changed" in report.files[0].error
    assert any("stability protocol" in t for t in _chunk_texts(runtime, "orion"))
    ids = runtime.store.records.chunk_ids(runtime.store.records.documents("orion")[0].id)
    assert runtime.store.vectors.count(project="orion", audience="internal") == len(ids)
    answer = runtime.ask(project="orion", question="who sends the stability protocol?")
    assert answer.status == "answered"


def test_new_version_supersedes_old(runtime: Runtime, tmp_path: Path) -> None:
    runtime.ingestor.run([_qaa(tmp_path / "Orion QAA v2.docx", version="2.0",
                               apr_owner="Aldebaran")], project="orion")
    runtime.ingestor.run([_qaa(tmp_path / "Orion QAA v3.docx", version="3.0",
                               apr_owner="Vesta")], project="orion")
    documents = {d.version_label: d.status for d in runtime.store.records.documents("orion")}
    assert documents == {"2.0": "superseded", "3.0": "current"}
    answer = runtime.ask(project="orion", question="who compiles the annual product review?")
    assert answer.status == "answered"
    assert all(c.version == "3.0" for c in answer.citations)
    assert "Vesta shall compile" in answer.citations[0].quote


def test_older_version_ingested_later_does_not_win(runtime: Runtime, tmp_path: Path) -> None:
    runtime.ingestor.run([_qaa(tmp_path / "QAA v3.docx", version="3.0", apr_owner="Vesta")],
                         project="orion")
    runtime.ingestor.run([_qaa(tmp_path / "QAA v2.docx", version="2.0", apr_owner="Aldebaran")],
                         project="orion")
    current = [d.version_label for d in runtime.store.records.documents("orion", current_only=True)]
    assert current == ["3.0"]


def test_vector_store_failure_leaves_nothing_half_written(
        runtime: Runtime, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "notes.md"
    path.write_text("# Call\n\nVesta will send the stability protocol.\n")

    def refuse(**kwargs):
        raise StoreError("the vector store refused the chunks (test)")

    monkeypatch.setattr(runtime.store.vectors, "add", refuse)
    report = runtime.ingestor.run([path], project="orion")
    assert report.files[0].status == "failed"
    assert runtime.store.records.documents("orion") == []


def test_usage_errors(runtime: Runtime, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="No such file"):
        runtime.ingestor.run([tmp_path / "missing.pdf"], project="orion")
    with pytest.raises(UsageError, match="not valid"):
        runtime.ingestor.run([tmp_path], project="Bad Name!")
    with pytest.raises(UsageError, match="Audience"):
        runtime.ingestor.run([tmp_path], project="orion", audience="public")


def test_pdf_chunks_carry_page_and_section(runtime: Runtime, tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "Supply Agreement.pdf", [
        ["1. Definitions", "\"Product\" means tablets."],
        ["9.2 Changes", "Customer shall approve in writing any change to the process."],
        ["12. Audits", "Customer may audit the facility once per year."],
    ])
    runtime.ingestor.run([path], project="acme")
    pairs = runtime.store.records.current_chunks("acme", ("internal",))
    change = next(c for c, _ in pairs if "approve in writing" in c.text)
    assert (change.section, change.page) == ("9.2", 2)
    assert pairs[0][1].kind == "contract"
