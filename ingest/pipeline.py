"""Ingestion: files in, structured and searchable documents out, one report line per file."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ingest.chunking import Piece, chunk_document
from ingest.classify import detect_kind, detect_version, display_title, family_key
from ingest.document import ParsedDocument
from ingest.extract import Party, document_parties, extract_responsibilities, merge_parties
from ingest.extract.open_points import LineReader, read_open_points
from ingest.extract.people import read_people
from ingest.loaders import load
from knowledge.dates import document_date
from knowledge.errors import ConcordError, DocumentError, UsageError
from knowledge.models import ChunkRecord, DocumentFacts, DocumentRecord
from knowledge.projects import validate_audience, validate_project
from knowledge.store import KnowledgeStore

log = logging.getLogger(__name__)
KIND_CHOICES = ("auto", "contract", "qaa", "notes", "directory")


@dataclass
class FileResult:
    path: str
    status: str  # ok | unchanged | failed
    document_id: str | None = None
    kind: str | None = None
    version: str | None = None
    pages: int | None = None
    chunks: int | None = None
    error: str | None = None
    title: str | None = None
    superseded: list[str] = field(default_factory=list)
    responsibilities: int | None = None


@dataclass
class IngestReport:
    project: str
    files: list[FileResult]

    def count(self, status: str) -> int:
        return sum(1 for f in self.files if f.status == status)

    def to_json(self) -> dict:
        return {
            "project": self.project,
            "files": [asdict(f) for f in self.files],
            "ok": self.count("ok"), "unchanged": self.count("unchanged"),
            "failed": self.count("failed"),
        }


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given, folders walked (hidden files and folders skipped), in a stable order."""
    files: list[Path] = []
    for path in paths:
        if not path.exists():
            raise UsageError(f"No such file or folder: {path}")
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                relative = child.relative_to(path).parts
                if child.is_file() and not any(p.startswith((".", "~$")) for p in relative):
                    files.append(child)
        else:
            files.append(path)
    return files


def document_id(project: str, family: str, version: str | None) -> str:
    return hashlib.sha1(f"{project}\x1f{family}\x1f{version or ''}".encode()).hexdigest()[:16]


def embedding_text(piece: Piece, title: str) -> str:
    context = " · ".join(filter(None, [title, piece.section_title]))
    return f"{context}\n{piece.text}" if context else piece.text


ProgressCallback = Callable[[Path], None]


@dataclass
class Prepared:
    """A file loaded and classified, waiting to be stored."""

    path: Path
    parsed: ParsedDocument
    record: DocumentRecord


class Ingestor:
    """Ingest files into one project. One failing file never stops the batch.

    Contracts and quality agreements are stored before meeting notes of the same batch, so
    the parties they define are known when the notes' action items are read."""

    def __init__(self, *, store: KnowledgeStore, max_bytes: int, chunk_chars: int = 1000,
                 party_roles: dict[str, dict[str, str]] | None = None,
                 after_change: Callable[[str], object] | None = None,
                 note_reader: LineReader | None = None) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self.chunk_chars = chunk_chars
        self.party_roles = party_roles or {}
        self.after_change = after_change  # e.g. bring the roadblock tracker up to date
        self.note_reader = note_reader  # an optional LLM reading of notes' open points

    def run(self, paths: Iterable[Path], *, project: str, kind: str = "auto",
            audience: str = "internal", on_file: ProgressCallback | None = None,
            display_names: dict[Path, str] | None = None) -> IngestReport:
        project = validate_project(project)
        validate_audience(audience)
        if kind not in KIND_CHOICES:
            raise UsageError(f"Kind '{kind}' is not valid: use one of {', '.join(KIND_CHOICES)}")
        files = expand_paths(paths)
        started, clock = datetime.now(UTC), time.perf_counter()
        results: dict[Path, FileResult] = {}
        pending: list[Prepared] = []
        for path in files:
            name = (display_names or {}).get(path, path.name)
            outcome = self._guard(path, lambda p=path, n=name: self._prepare(
                p, n, project=project, kind=kind, audience=audience))
            if isinstance(outcome, Prepared):
                pending.append(outcome)
            else:
                results[path] = outcome
                if on_file:
                    on_file(path)
        pending.sort(key=lambda p: p.record.kind not in ("contract", "qaa"))
        known = self._project_parties(project)
        for prepared in pending:
            results[prepared.path] = self._guard(
                prepared.path, lambda p=prepared: self._store(p, known))
            if on_file:
                on_file(prepared.path)
        report = IngestReport(project=project, files=[results[p] for p in files])
        if files:
            self.store.records.record_run(project=project, started=started,
                                          report=report.to_json(),
                                          seconds=time.perf_counter() - clock)
        if report.count("ok") and self.after_change is not None:
            try:
                self.after_change(project)
            except Exception:  # the documents are stored; the tracker catches up later
                log.exception("updating project %s after ingest failed", project)
        return report

    def _guard(self, path: Path,
               step: Callable[[], FileResult | Prepared]) -> FileResult | Prepared:
        try:
            return step()
        except DocumentError as exc:
            return FileResult(path=str(path), status="failed", error=exc.detail)
        except ConcordError as exc:
            return FileResult(path=str(path), status="failed", error=str(exc))
        except Exception as exc:  # a loader bug must not sink the batch
            log.exception("unexpected error ingesting %s", path.name)
            reason = f"unexpected error while reading the file ({type(exc).__name__})"
            return FileResult(path=str(path), status="failed", error=reason)

    def _project_parties(self, project: str) -> list[Party]:
        parties = [Party(d["name"], d.get("role"), set(d.get("aliases", [])))
                   for d in self.store.records.project_parties(project)]
        return merge_parties([], parties)

    def _prepare(self, path: Path, name: str, *, project: str, kind: str,
                 audience: str) -> FileResult | Prepared:
        content_hash = hashlib.sha256(path.read_bytes()).hexdigest()
        parsed = load(path, max_bytes=self.max_bytes)
        head = parsed.head()
        detected_kind = detect_kind(name, head) if kind == "auto" else kind
        version = detect_version(name, head)
        family = family_key(name)
        doc_id = document_id(project, family, version.label)
        existing = self.store.records.document(doc_id)
        if existing and existing.content_hash == content_hash and existing.audience == audience \
                and existing.kind == detected_kind:
            return FileResult(path=str(path), status="unchanged", document_id=doc_id,
                              kind=existing.kind, version=existing.version_label,
                              pages=existing.pages, chunks=existing.chunks, title=existing.title)
        record = DocumentRecord(
            id=doc_id, project=project, family_key=family, title=display_title(name),
            file_name=name, kind=detected_kind, version_label=version.label,
            version_key=version.key, audience=audience, content_hash=content_hash,
            pages=parsed.pages, chunks=0, source_path=str(path),
        )
        written = document_date(name, head, parsed.metadata)
        record.document_date = written.isoformat() if written else None
        return Prepared(path=path, parsed=parsed, record=record)

    def _store(self, prepared: Prepared, known: list[Party]) -> FileResult:
        parsed, record = prepared.parsed, prepared.record
        own = document_parties(parsed, record.kind)
        parties = self._override_roles(record.project, merge_parties(own, known))
        facts = extract_responsibilities(parsed, record.kind, parties)
        pieces = chunk_document(parsed, limit=self.chunk_chars)
        chunks = [
            ChunkRecord(id=f"{record.id}-{record.content_hash[:10]}-{i:05d}",
                        document_id=record.id, project=record.project,
                        audience=record.audience, ordinal=i, text=p.text, section=p.section,
                        section_title=p.section_title, page=p.page)
            for i, p in enumerate(pieces)
        ]
        points = read_open_points(parsed.blocks, self.note_reader) \
            if record.kind == "notes" else []
        texts = [embedding_text(p, record.title) for p in pieces]
        vectors = self.store.embeddings.embed_documents(
            texts + [f.activity for f in facts] + [p.text for p in points])
        extra = iter(vectors[len(texts):])
        for item, vector in zip([*facts, *points], extra, strict=True):
            item.vector = vector
        people = read_people(parsed, record.kind, parties, facts)
        self.store.replace_document(record, chunks, vectors[: len(texts)], DocumentFacts(
            responsibilities=facts, parties=[p.to_json() for p in own], people=people,
            note_items=points, document_date=record.document_date))
        known[:] = merge_parties(own, known)
        superseded = [d.version_label or d.file_name
                      for d in self.store.records.documents(record.project)
                      if d.family_key == record.family_key and d.status == "superseded"]
        return FileResult(path=str(prepared.path), status="ok", document_id=record.id,
                          kind=record.kind, version=record.version_label, pages=parsed.pages,
                          chunks=len(chunks), title=record.title, superseded=superseded,
                          responsibilities=len(facts))

    def _override_roles(self, project: str, parties: list[Party]) -> list[Party]:
        overrides = self.party_roles.get(project, {})
        for party in parties:
            for name in party.names():
                if name in overrides:
                    party.role = overrides[name]
        return parties
