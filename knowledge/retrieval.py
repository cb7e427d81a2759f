"""Hybrid retrieval: dense (Chroma) and lexical (BM25), fused by reciprocal rank.

Scoped to one project and the audiences a reader may see; only current document versions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knowledge.errors import ProjectNotFound
from knowledge.lexical import terms
from knowledge.models import Passage
from knowledge.store import KnowledgeStore, audiences_for

RRF_K = 60


@dataclass(frozen=True)
class Query:
    project: str
    text: str
    audience: str = "internal"
    k: int = 8
    vector: list[float] | None = field(default=None, compare=False)  # text, already embedded


def search(store: KnowledgeStore, query: Query) -> list[Passage]:
    """Top passages for a question, best first, each with similarity and matched terms."""
    if not store.records.project_exists(query.project):
        raise ProjectNotFound(query.project)
    audiences = audiences_for(query.audience)
    vector = query.vector or store.embeddings.embed_query(query.text)
    depth = max(query.k * 4, 20)

    dense: dict[str, float] = {}
    for audience in audiences:
        for hit in store.vectors.query(project=query.project, audience=audience,
                                       vector=vector, k=depth):
            dense[hit.id] = max(hit.similarity, dense.get(hit.id, -1.0))
    dense_ranked = sorted(dense, key=dense.__getitem__, reverse=True)
    lexical = store.lexical_index(query.project, audiences).search(query.text, depth)

    fused: dict[str, float] = {}
    for rank, chunk_id in enumerate(dense_ranked):
        fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    for rank, (chunk_id, _) in enumerate(lexical):
        fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)

    # The records decide what is current and visible; stale or foreign ids drop out here.
    ordered = sorted(fused, key=fused.__getitem__, reverse=True)[: depth]
    visible = store.records.chunks_by_ids(ordered, project=query.project, audiences=audiences)
    lexical_scores = dict(lexical)
    query_terms = set(terms(query.text))
    passages = []
    for chunk_id in ordered:
        if chunk_id not in visible:
            continue
        chunk, document = visible[chunk_id]
        matched = query_terms & set(terms(f"{chunk.section_title or ''} {chunk.text}"))
        passages.append(Passage(
            chunk=chunk, document=document, score=fused[chunk_id],
            similarity=dense.get(chunk_id), lexical=lexical_scores.get(chunk_id),
            matched_terms=frozenset(matched),
        ))
        if len(passages) >= query.k:
            break
    return passages
