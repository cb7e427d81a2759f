"""Deterministic, extractive answers: the best passages, quoted and cited. No LLM."""

from __future__ import annotations

from knowledge.lexical import terms
from knowledge.models import Answer, Citation, Passage
from knowledge.quotes import best_quote
from knowledge.retrieval import Query, search
from knowledge.store import KnowledgeStore

MAX_CITATIONS = 3


def is_relevant(passage: Passage, question: str, *, min_similarity: float) -> bool:
    """A passage answers when its meaning is close, or when it is fairly close and shares
    most of the question's content words."""
    wanted = set(terms(question))
    coverage = len(passage.matched_terms) / len(wanted) if wanted else 0.0
    similarity = passage.similarity if passage.similarity is not None else 0.0
    if similarity >= min_similarity:
        return coverage > 0 or similarity >= min_similarity + 0.15
    return coverage >= 0.6 and similarity >= min_similarity - 0.12


def citation_for(passage: Passage, question: str) -> Citation:
    document = passage.document
    return Citation(
        document=document.display_name, version=document.version_label,
        section=passage.chunk.section, page=passage.chunk.page,
        quote=best_quote(passage.chunk.text, question), score=passage.similarity,
        document_id=document.id, kind=document.kind,
    )


def project_label(project: str) -> str:
    return project[:1].upper() + project[1:]


def relevant_passages(store: KnowledgeStore, *, project: str, question: str,
                      audience: str = "internal", min_similarity: float = 0.30) -> list[Passage]:
    passages = search(store, Query(project=project, text=question, audience=audience, k=8))
    return [p for p in passages if is_relevant(p, question, min_similarity=min_similarity)]


def extractive_answer(*, project: str, question: str, relevant: list[Passage]) -> Answer:
    """The best passages, each quoted at its most relevant sentence and cited."""
    if not relevant:
        return Answer(question=question, project=project, status="nothing_found",
                      answer=f"I found nothing on that in {project_label(project)}'s documents.",
                      citations=[])
    citations: list[Citation] = []
    seen: set[tuple[str, str | None, str]] = set()
    for passage in relevant:
        citation = citation_for(passage, question)
        key = (citation.document_id or "", citation.section, citation.quote)
        if key in seen:
            continue
        seen.add(key)
        citations.append(citation)
        if len(citations) >= MAX_CITATIONS:
            break
    top = citations[0]
    text = f"{top.label()}: “{top.quote}”"
    if len(citations) > 1:
        text += f" (and {len(citations) - 1} more passage{'s' if len(citations) > 2 else ''})"
    return Answer(question=question, project=project, status="answered", answer=text,
                  citations=citations)
