"""The records database: projects, documents and their versions, chunks, ingest runs.

The records database is the source of truth. The vector store is an index of it: a chunk
that Chroma returns but the records do not list as current is ignored, so a document whose
chunks are being replaced is never seen half old, half new.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import Engine, create_engine, delete, event, func, insert, select, update
from sqlalchemy.sql import LABEL_STYLE_TABLENAME_PLUS_COL

from knowledge.models import (
    Assignment,
    ChunkRecord,
    DocumentFacts,
    DocumentRecord,
    NoteItem,
    PersonEntry,
    Responsibility,
)
from knowledge.schema import (
    chunks,
    documents,
    ingest_runs,
    migrate,
    note_items,
    people,
    projects,
    responsibilities,
)


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".") if p.isdigit()) if text else ()


def _document(m: Mapping[str, Any]) -> DocumentRecord:
    return DocumentRecord(
        id=m["id"], project=m["project"], family_key=m["family_key"], title=m["title"],
        file_name=m["file_name"], kind=m["kind"], version_label=m["version_label"],
        version_key=_version_key(m["version_key"]), audience=m["audience"],
        content_hash=m["content_hash"], pages=m["pages"], chunks=m["chunks"],
        status=m["status"], source_path=m["source_path"],
        ingested_at=m["ingested_at"].isoformat() if m["ingested_at"] else "",
        document_date=m.get("document_date"),
    )


def make_engine(url: str) -> Engine:
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if url.startswith("sqlite"):
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()
    return engine


class Records:
    """Repository over the records database. All writes are single transactions."""

    def __init__(self, *, engine: Engine) -> None:
        self.engine = engine
        migrate(engine)

    # projects -----------------------------------------------------------------------------
    def project_names(self) -> list[str]:
        with self.engine.connect() as c:
            return [r[0] for r in c.execute(select(projects.c.name).order_by(projects.c.name))]

    def project_exists(self, name: str) -> bool:
        with self.engine.connect() as c:
            return c.execute(select(projects.c.name).where(projects.c.name == name)).first() \
                is not None

    def generation(self, project: str) -> int:
        with self.engine.connect() as c:
            value = c.execute(
                select(projects.c.generation).where(projects.c.name == project)
            ).scalar()
        return int(value or 0)

    # documents ----------------------------------------------------------------------------
    def document(self, document_id: str) -> DocumentRecord | None:
        with self.engine.connect() as c:
            row = c.execute(select(documents).where(documents.c.id == document_id)).first()
        return _document(row._mapping) if row else None

    def documents(self, project: str, *, current_only: bool = False) -> list[DocumentRecord]:
        query = select(documents).where(documents.c.project == project)
        if current_only:
            query = query.where(documents.c.status == "current")
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(documents.c.family_key, documents.c.version_key))
            return [_document(r._mapping) for r in rows]

    def document_chunks(self, document_id: str) -> list[ChunkRecord]:
        """Every passage of one document version, in order."""
        query = (select(chunks, documents).join(documents, chunks.c.document_id == documents.c.id)
                 .where(chunks.c.document_id == document_id).order_by(chunks.c.ordinal))
        return [chunk for chunk, _ in self._pairs(query)]

    def chunk_ids(self, document_id: str) -> list[str]:
        with self.engine.connect() as c:
            return [r[0] for r in c.execute(
                select(chunks.c.id).where(chunks.c.document_id == document_id))]

    def replace_document(self, document: DocumentRecord, new_chunks: Sequence[ChunkRecord],
                         extracted: DocumentFacts | None = None) -> None:
        """Store a document version, its chunks and its responsibilities in one transaction,
        replacing any old ones of the same document, and mark older versions of its family
        superseded."""
        now = datetime.now(UTC)
        extracted = extracted or DocumentFacts()
        facts, parties = extracted.responsibilities, extracted.parties
        values = {
            "id": document.id, "project": document.project, "family_key": document.family_key,
            "title": document.title[:500], "file_name": document.file_name[:500],
            "source_path": document.source_path, "kind": document.kind,
            "version_label": document.version_label,
            "version_key": ".".join(str(p) for p in document.version_key),
            "audience": document.audience, "content_hash": document.content_hash,
            "pages": document.pages, "chunks": len(new_chunks), "status": "current",
            "ingested_at": now, "parties": json.dumps(parties or []),
            "document_date": extracted.document_date or document.document_date,
        }
        with self.engine.begin() as c:
            if c.execute(select(projects.c.name).where(
                    projects.c.name == document.project)).first() is None:
                c.execute(insert(projects).values(
                    name=document.project, generation=0, created_at=now))
            c.execute(delete(chunks).where(chunks.c.document_id == document.id))
            c.execute(delete(responsibilities)
                      .where(responsibilities.c.document_id == document.id))
            c.execute(delete(people).where(people.c.document_id == document.id))
            c.execute(delete(note_items).where(note_items.c.document_id == document.id))
            exists = c.execute(select(documents.c.id).where(
                documents.c.id == document.id)).first()
            if exists:
                c.execute(update(documents).where(documents.c.id == document.id).values(**values))
            else:
                c.execute(insert(documents).values(**values))
            if new_chunks:
                c.execute(insert(chunks), [_chunk_values(ch) for ch in new_chunks])
            if facts:
                c.execute(insert(responsibilities),
                          [_fact_values(document, i, f) for i, f in enumerate(facts)])
            if extracted.people:
                c.execute(insert(people), [
                    {"document_id": document.id, "project": document.project,
                     **{k: (v[:200] if isinstance(v, str) else v)
                        for k, v in p.to_json().items()}}
                    for p in extracted.people])
            if extracted.note_items:
                c.execute(insert(note_items), [_note_values(document, i, item)
                                               for i, item in enumerate(extracted.note_items)])
            self._resolve_family(c, document.project, document.family_key)
            c.execute(update(projects).where(projects.c.name == document.project)
                      .values(generation=projects.c.generation + 1))

    @staticmethod
    def _resolve_family(c, project: str, family_key: str) -> None:  # type: ignore[no-untyped-def]
        rows = c.execute(select(documents.c.id, documents.c.version_key, documents.c.ingested_at)
                         .where(documents.c.project == project,
                                documents.c.family_key == family_key)).all()
        if not rows:
            return
        newest = max(rows, key=lambda r: (_version_key(r.version_key), r.ingested_at)).id
        c.execute(update(documents).where(documents.c.project == project,
                                          documents.c.family_key == family_key)
                  .values(status="superseded"))
        c.execute(update(documents).where(documents.c.id == newest).values(status="current"))

    # chunks -------------------------------------------------------------------------------
    def current_chunks(
        self, project: str, audiences: Iterable[str]
    ) -> list[tuple[ChunkRecord, DocumentRecord]]:
        query = (select(chunks, documents).join(documents, chunks.c.document_id == documents.c.id)
                 .where(chunks.c.project == project, chunks.c.audience.in_(list(audiences)),
                        documents.c.status == "current")
                 .order_by(chunks.c.document_id, chunks.c.ordinal))
        return self._pairs(query)

    def chunks_by_ids(
        self, ids: Sequence[str], *, project: str, audiences: Iterable[str]
    ) -> dict[str, tuple[ChunkRecord, DocumentRecord]]:
        """Current chunks among ids, limited to one project and its allowed audiences."""
        if not ids:
            return {}
        # Look up by primary key only (an index on project would make SQLite scan the
        # project's rows); scope and currency are checked on the few rows found.
        query = (select(chunks, documents).join(documents, chunks.c.document_id == documents.c.id)
                 .where(chunks.c.id.in_(list(ids))))
        allowed = set(audiences)
        return {chunk.id: (chunk, document) for chunk, document in self._pairs(query)
                if chunk.project == project and chunk.audience in allowed
                and document.status == "current"}

    def _pairs(self, query) -> list[tuple[ChunkRecord, DocumentRecord]]:  # type: ignore[no-untyped-def]
        with self.engine.connect() as c:
            rows = c.execute(query.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)).all()
        out = []
        for row in rows:
            m = row._mapping
            chunk = ChunkRecord(
                id=m["chunks_id"], document_id=m["chunks_document_id"], project=m["chunks_project"],
                audience=m["chunks_audience"], ordinal=m["chunks_ordinal"], text=m["chunks_text"],
                section=m["chunks_section"], section_title=m["chunks_section_title"],
                page=m["chunks_page"],
            )
            doc = {k.removeprefix("documents_"): v for k, v in m.items()
                   if k.startswith("documents_")}
            out.append((chunk, _document(doc)))
        return out

    # responsibilities and parties -----------------------------------------------------------
    def responsibilities(self, project: str, audiences: Iterable[str], *,
                         current: bool = True) -> list[tuple[Responsibility, DocumentRecord]]:
        """Responsibilities of the project's current (or superseded) documents."""
        query = (select(responsibilities, documents)
                 .join(documents, responsibilities.c.document_id == documents.c.id)
                 .where(responsibilities.c.project == project,
                        responsibilities.c.audience.in_(list(audiences)),
                        documents.c.status == ("current" if current else "superseded")))
        with self.engine.connect() as c:
            rows = c.execute(query.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)).all()
        out = []
        for row in rows:
            m = row._mapping
            doc = {k.removeprefix("documents_"): v for k, v in m.items()
                   if k.startswith("documents_")}
            out.append((_fact(m), _document(doc)))
        return out

    def project_parties(self, project: str) -> list[dict]:
        """Parties defined by the project's current documents, as stored at ingest."""
        return [p for found in self.document_parties(project).values() for p in found]

    def document_parties(self, project: str, *, current: bool = True) -> dict[str, list[dict]]:
        """Per document id, the parties it defines (name, role, aliases), as stored at ingest."""
        query = select(documents.c.id, documents.c.parties).where(documents.c.project == project)
        if current:
            query = query.where(documents.c.status == "current")
        with self.engine.connect() as c:
            return {doc: json.loads(raw or "[]") for doc, raw in c.execute(query).all()}

    def people(self, project: str) -> list[tuple[PersonEntry, DocumentRecord]]:
        """Everyone the project's current documents list, with the document that lists them."""
        query = (select(people, documents).join(documents, people.c.document_id == documents.c.id)
                 .where(people.c.project == project, documents.c.status == "current"))
        with self.engine.connect() as c:
            rows = c.execute(query.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)).all()
        out = []
        for row in rows:
            m = row._mapping
            entry = PersonEntry(**{f: m[f"people_{f}"] for f in (
                "name", "function", "party", "role", "title", "email", "slack_user", "source")})
            doc = {k.removeprefix("documents_"): v for k, v in m.items()
                   if k.startswith("documents_")}
            out.append((entry, _document(doc)))
        return out

    def note_items(self, project: str, audiences: Iterable[str]
                   ) -> list[tuple[NoteItem, DocumentRecord]]:
        """Open points, settlements and closures of the project's current notes."""
        query = (select(note_items, documents)
                 .join(documents, note_items.c.document_id == documents.c.id)
                 .where(note_items.c.project == project,
                        note_items.c.audience.in_(list(audiences)),
                        documents.c.status == "current"))
        with self.engine.connect() as c:
            rows = c.execute(query.set_label_style(LABEL_STYLE_TABLENAME_PLUS_COL)).all()
        out = []
        for row in rows:
            m = row._mapping
            raw = m["note_items_vector"]
            item = NoteItem(**{f: m[f"note_items_{f}"] for f in (
                "kind", "text", "quote", "ref", "section", "section_title", "page", "id",
                "document_id")},
                vector=np.frombuffer(raw, dtype=np.float32).tolist() if raw else None)
            doc = {k.removeprefix("documents_"): v for k, v in m.items()
                   if k.startswith("documents_")}
            out.append((item, _document(doc)))
        return out

    def count_chunks(self, project: str) -> int:
        with self.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(chunks)
                                 .where(chunks.c.project == project)).scalar() or 0)

    # ingest runs --------------------------------------------------------------------------
    def record_run(self, *, project: str, started: datetime, report: dict, seconds: float) -> None:
        with self.engine.begin() as c:
            c.execute(insert(ingest_runs).values(
                project=project, started_at=started, finished_at=datetime.now(UTC),
                ok=report["ok"], unchanged=report["unchanged"], failed=report["failed"],
                seconds=seconds, report=json.dumps(report)[:100_000],
            ))

    def last_run(self, project: str) -> dict | None:
        with self.engine.connect() as c:
            row = c.execute(select(ingest_runs).where(ingest_runs.c.project == project)
                            .order_by(ingest_runs.c.id.desc()).limit(1)).first()
        if row is None:
            return None
        m = row._mapping
        return {"started_at": m["started_at"].isoformat(), "ok": m["ok"],
                "unchanged": m["unchanged"], "failed": m["failed"]}


def _chunk_values(chunk: ChunkRecord) -> dict:
    return {
        "id": chunk.id, "document_id": chunk.document_id, "project": chunk.project,
        "audience": chunk.audience, "ordinal": chunk.ordinal,
        "section": (chunk.section or None) and chunk.section[:40],
        "section_title": (chunk.section_title or None) and chunk.section_title[:200],
        "page": chunk.page, "text": chunk.text,
    }



def _owned_row(document: DocumentRecord, index: int, tag: str,
               vector: list[float] | None) -> dict:
    """Columns every per-document record has: id, document, project, audience, vector."""
    return {"id": f"{document.id}-{document.content_hash[:10]}-{tag}{index:04d}",
            "document_id": document.id, "project": document.project,
            "audience": document.audience,
            "vector": None if vector is None else np.asarray(vector, np.float32).tobytes()}


def _fact_values(document: DocumentRecord, index: int, fact: Responsibility) -> dict:
    return {
        **_owned_row(document, index, "r", fact.vector),
        "activity": fact.activity, "source": fact.source,
        "modality": fact.modality,
        "assignments": json.dumps([a.to_json() for a in fact.assignments]),
        "person": fact.person and fact.person[:200], "due": fact.due and fact.due[:60],
        "section": fact.section and fact.section[:40], "page": fact.page, "quote": fact.quote,
    }


def _note_values(document: DocumentRecord, index: int, item: NoteItem) -> dict:
    return {
        **_owned_row(document, index, "n", item.vector),
        "kind": item.kind, "text": item.text,
        "ref": item.ref and item.ref[:20], "section": item.section and item.section[:40],
        "section_title": item.section_title and item.section_title[:200], "page": item.page,
        "quote": item.quote,
    }


def _fact(m: Mapping[str, Any]) -> Responsibility:
    raw = m["responsibilities_vector"]
    return Responsibility(
        id=m["responsibilities_id"], document_id=m["responsibilities_document_id"],
        activity=m["responsibilities_activity"], source=m["responsibilities_source"],
        modality=m["responsibilities_modality"],
        assignments=[Assignment(**a) for a in json.loads(m["responsibilities_assignments"])],
        person=m["responsibilities_person"], due=m["responsibilities_due"],
        section=m["responsibilities_section"], page=m["responsibilities_page"],
        quote=m["responsibilities_quote"],
        vector=np.frombuffer(raw, dtype=np.float32).tolist() if raw else None,
    )
