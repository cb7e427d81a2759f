"""The knowledge store: records database + vector index + lexical index behind one facade."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from langchain_core.embeddings import Embeddings

from knowledge.errors import StoreError
from knowledge.lexical import LexicalCache, LexicalIndex, build_index
from knowledge.models import ChunkRecord, DocumentFacts, DocumentRecord
from knowledge.records import Records, make_engine
from knowledge.settings import Settings
from knowledge.vectors import VectorIndex, make_client

log = logging.getLogger(__name__)


def audiences_for(audience: str) -> tuple[str, ...]:
    """Internal readers see internal and shared documents; shared readers only shared ones."""
    return ("internal", "shared") if audience == "internal" else ("shared",)


class KnowledgeStore:
    def __init__(self, *, records: Records, vectors: VectorIndex, embeddings: Embeddings) -> None:
        self.records = records
        self.vectors = vectors
        self.embeddings = embeddings
        self.lexical_cache = LexicalCache()

    def replace_document(self, document: DocumentRecord, chunks: Sequence[ChunkRecord],
                         vectors: Sequence[Sequence[float]],
                         extracted: DocumentFacts | None = None) -> None:
        """Make `chunks` the document's content in one step.

        New vectors go in first under new ids; then the records switch over in one
        transaction; only then are the old vectors removed. Readers trust the records, so at
        no moment do they see a mix. If anything fails, the new vectors are removed again and
        the old version stays as it was.
        """
        previous = self.records.document(document.id)
        old_ids = self.records.chunk_ids(document.id) if previous else []
        metadatas = [_metadata(document, chunk) for chunk in chunks]
        ids = [chunk.id for chunk in chunks]
        self.vectors.add(project=document.project, audience=document.audience, ids=ids,
                         vectors=vectors, metadatas=metadatas)
        try:
            self.records.replace_document(document, chunks, extracted)
        except Exception as exc:
            self.vectors.delete(project=document.project, audience=document.audience, ids=ids)
            raise StoreError(f"the records database refused {document.file_name} "
                             f"({type(exc).__name__}); nothing was changed") from exc
        stale = [i for i in old_ids if i not in set(ids)]
        if previous and stale:
            try:
                self.vectors.delete(project=previous.project, audience=previous.audience,
                                    ids=stale)
            except Exception:  # stale vectors are invisible to readers; log and go on
                log.warning("could not remove %d stale vectors of %s", len(stale), document.id)

    def lexical_index(self, project: str, audiences: tuple[str, ...]) -> LexicalIndex:
        generation = self.records.generation(project)
        key = (project, audiences)
        cached = self.lexical_cache.get(key, generation)
        if cached is not None:
            return cached
        pairs = self.records.current_chunks(project, audiences)
        index = build_index([c.id for c, _ in pairs], [_searchable(c, d) for c, d in pairs])
        self.lexical_cache.put(key, generation, index)
        return index


def _searchable(chunk: ChunkRecord, document: DocumentRecord) -> str:
    """Text indexed for BM25: the chunk plus its section title and document title."""
    return " ".join(filter(None, [document.title, chunk.section_title, chunk.text]))


def _metadata(document: DocumentRecord, chunk: ChunkRecord) -> dict:
    meta = {
        "project": document.project, "document_id": document.id, "title": document.title,
        "kind": document.kind, "version": document.version_label or "",
        "audience": document.audience, "section": chunk.section or "",
        "page": chunk.page or 0, "content_hash": document.content_hash,
    }
    return meta


def open_store(settings: Settings, *, embeddings: Embeddings | None = None) -> KnowledgeStore:
    """Build the store from settings: SQL records, Chroma (embedded or server), embeddings."""
    from knowledge.embeddings import SentenceTransformerEmbeddings

    Path(settings.home).mkdir(parents=True, exist_ok=True)
    records = Records(engine=make_engine(settings.resolved_database_url))
    client = make_client(url=settings.chroma_url, path=settings.chroma_path)
    embedder = embeddings or SentenceTransformerEmbeddings(
        model=settings.embedding_model, batch_size=settings.embedding_batch_size
    )
    return KnowledgeStore(records=records, vectors=VectorIndex(client=client), embeddings=embedder)
