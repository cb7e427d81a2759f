"""`ask` latency at 1k, 10k and 100k chunks (p50/p95), with the real query embedder.

Stored chunks get generated text and random unit vectors: embedding 100k chunks would take
the better part of an hour on two cores and says nothing about query time. Reported:
retrieval alone (hybrid search with a precomputed query vector), the full `ask` (query
embedding + retrieval + quote extraction), and the one-off BM25 index build per size."""

from __future__ import annotations

import hashlib
import json
import sys
import time

import numpy as np

from bench.common import generated_paragraphs, machine, peak_rss_mb, scratch_runtime, summary_ms
from bot.runtime import Runtime
from knowledge.embeddings import SentenceTransformerEmbeddings
from knowledge.models import ChunkRecord, DocumentRecord
from knowledge.retrieval import Query, search

SIZES = (1_000, 10_000, 100_000)
PER_DOCUMENT = 1_000
QUESTIONS = [
    "Who is responsible for batch release?", "Who investigates deviations?",
    "How many business days for change control notification?", "Who stores the product?",
    "Who approves the stability protocol?", "Who pays for failed batches?",
    "What happens on termination for breach?", "Who qualifies the equipment?",
    "Who handles complaints and recalls?", "When are invoices paid?",
]


class FixedQuery:
    """Wraps the real embedder; returns a precomputed vector to time retrieval alone."""

    def __init__(self, inner: SentenceTransformerEmbeddings) -> None:
        self.inner = inner
        self.vector: list[float] | None = None

    def embed_query(self, text: str) -> list[float]:
        return self.vector if self.vector is not None else self.inner.embed_query(text)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)


def fill(runtime: Runtime, project: str, target: int, already: int, rng: np.random.Generator,
         texts: list[str]) -> None:
    store = runtime.store
    for start in range(already, target, PER_DOCUMENT):
        doc_id = hashlib.sha1(f"{project}-{start}".encode()).hexdigest()[:16]
        document = DocumentRecord(
            id=doc_id, project=project, family_key=f"generated {start}",
            title=f"Generated agreement {start}", file_name=f"generated-{start}.txt",
            kind="contract", version_label=None, version_key=(), audience="internal",
            content_hash=doc_id, pages=None, chunks=0, source_path="",
        )
        chunks = [ChunkRecord(id=f"{doc_id}-{i:05d}", document_id=doc_id, project=project,
                              audience="internal", ordinal=i,
                              text=texts[(start + i) % len(texts)], section=f"{i % 40 + 1}",
                              section_title=None, page=None)
                  for i in range(PER_DOCUMENT)]
        vectors = rng.normal(size=(PER_DOCUMENT, 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        store.replace_document(document, chunks, vectors.tolist())


def main() -> dict:
    embedder = SentenceTransformerEmbeddings()
    embedder.warm_up()
    fixed = FixedQuery(embedder)
    texts = generated_paragraphs(5_000)
    rng = np.random.default_rng(7)
    results: dict = {"benchmark": "query_latency", "machine": machine(), "sizes": {}}
    with scratch_runtime(fixed) as runtime:
        loaded = 0
        for size in SIZES:
            started = time.perf_counter()
            fill(runtime, "bench", size, loaded, rng, texts)
            load_seconds = time.perf_counter() - started
            loaded = size
            started = time.perf_counter()
            runtime.store.lexical_index("bench", ("internal", "shared"))
            bm25_build = time.perf_counter() - started
            vectors = {q: embedder.embed_query(q) for q in QUESTIONS}
            retrieval, full = [], []
            for _ in range(5):
                for question in QUESTIONS:
                    fixed.vector = vectors[question]
                    started = time.perf_counter()
                    search(runtime.store, Query(project="bench", text=question))
                    retrieval.append(time.perf_counter() - started)
                    fixed.vector = None
                    started = time.perf_counter()
                    runtime.ask(project="bench", question=question)
                    full.append(time.perf_counter() - started)
            results["sizes"][str(size)] = {
                "retrieval": summary_ms(retrieval), "ask_total": summary_ms(full),
                "bm25_index_build_seconds": round(bm25_build, 2),
                "load_seconds": round(load_seconds, 1),
            }
            print(f"{size} chunks: {results['sizes'][str(size)]}", file=sys.stderr)
    results["peak_rss_mb"] = peak_rss_mb()
    return results


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=2)
    print()
