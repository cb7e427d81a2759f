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
from ingest.loaders import load
from knowledge.errors import ConcordError, DocumentError, UsageError
from knowledge.models import ChunkRecord, DocumentRecord
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


class Ingestor:
    """Ingest files into one project. One failing file never stops the batch."""

    def __init__(self, *, store: KnowledgeStore, max_bytes: int, chunk_chars: int = 1000) -> None:
        self.store = store
        self.max_bytes = max_bytes
        self.chunk_chars = chunk_chars

    def run(self, paths: Iterable[Path], *, project: str, kind: str = "auto",
            audience: str = "internal", on_file: ProgressCallback | None = None,
            display_names: dict[Path, str] | None = None) -> IngestReport:
        project = validate_project(project)
        validate_audience(audience)
        if kind not in KIND_CHOICES:
            raise UsageError(f"Kind '{kind}' is not valid: use one of {', '.join(KIND_CHOICES)}")
        files = expand_paths(paths)
        started, clock = datetime.now(UTC), time.perf_counter()
        results = []
        for path in files:
            name = (display_names or {}).get(path, path.name)
            results.append(self._one(path, name, project=project, kind=kind, audience=audience))
            if on_file:
                on_file(path)
        report = IngestReport(project=project, files=results)
        if files:
            self.store.records.record_run(project=project, started=started,
                                          report=report.to_json(),
                                          seconds=time.perf_counter() - clock)
        return report

    def _one(self, path: Path, name: str, *, project: str, kind: str,
             audience: str) -> FileResult:
        try:
            return self._ingest(path, name, project=project, kind=kind, audience=audience)
        except DocumentError as exc:
            return FileResult(path=str(path), status="failed", error=exc.detail)
        except ConcordError as exc:
            return FileResult(path=str(path), status="failed", error=str(exc))
        except Exception as exc:  # a loader bug must not sink the batch
            log.exception("unexpected error ingesting %s", name)
            reason = f"unexpected error while reading the file ({type(exc).__name__})"
            return FileResult(path=str(path), status="failed", error=reason)

    def _ingest(self, path: Path, name: str, *, project: str, kind: str,
                audience: str) -> FileResult:
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
        pieces = chunk_document(parsed, limit=self.chunk_chars)
        chunks = [
            ChunkRecord(id=f"{doc_id}-{content_hash[:10]}-{i:05d}", document_id=doc_id,
                        project=project, audience=audience, ordinal=i, text=p.text,
                        section=p.section, section_title=p.section_title, page=p.page)
            for i, p in enumerate(pieces)
        ]
        vectors = self.store.embeddings.embed_documents(
            [embedding_text(p, record.title) for p in pieces])
        self.store.replace_document(record, chunks, vectors)
        return FileResult(path=str(path), status="ok", document_id=doc_id, kind=detected_kind,
                          version=version.label, pages=parsed.pages, chunks=len(chunks),
                          title=record.title)

