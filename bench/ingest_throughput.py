"""Ingest throughput (pages/s, chunks/s) and its overhead over raw embedding time.

Runs on ../shared/corpus/real (skipped with a note when absent) and on generated text.
The ratio compares the whole ingest wall time with embedding the same chunk texts alone."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from bench.common import REAL_CORPUS, generated_paragraphs, machine, peak_rss_mb, scratch_runtime
from bot.runtime import Runtime
from ingest.chunking import Piece
from ingest.pipeline import embedding_text
from knowledge.embeddings import SentenceTransformerEmbeddings


def _measure(runtime: Runtime, paths: list[Path], project: str) -> dict:
    started = time.perf_counter()
    report = runtime.ingestor.run(paths, project=project)
    wall = time.perf_counter() - started
    pairs = runtime.store.records.current_chunks(project, ("internal",))
    texts = [embedding_text(Piece(c.text, c.section, c.section_title, c.page), d.title)
             for c, d in pairs]
    started = time.perf_counter()
    runtime.store.embeddings.embed_documents(texts)
    embed = time.perf_counter() - started
    pages = sum(f.pages or 0 for f in report.files)
    return {
        "files": len(report.files), "failed": report.count("failed"), "pages": pages,
        "chunks": len(pairs), "avg_chunk_chars": round(sum(len(t) for t in texts) / len(texts)),
        "ingest_seconds": round(wall, 2), "embedding_only_seconds": round(embed, 2),
        "pages_per_second": round(pages / wall, 1) if pages else None,
        "chunks_per_second": round(len(pairs) / wall, 1),
        "ingest_to_embedding_ratio": round(wall / embed, 3),
    }


def main() -> dict:
    embeddings = SentenceTransformerEmbeddings()
    embeddings.warm_up()
    results: dict = {"benchmark": "ingest_throughput", "machine": machine()}
    with scratch_runtime(embeddings) as runtime:
        if REAL_CORPUS.is_dir():
            pdfs = sorted(REAL_CORPUS.glob("*.[pP][dD][fF]"))
            results["real_corpus"] = _measure(runtime, pdfs, "real")
        else:
            results["real_corpus"] = {"skipped": f"{REAL_CORPUS} is absent"}
        folder = Path(runtime.settings.home) / "generated"
        folder.mkdir()
        paragraphs = generated_paragraphs(1200)
        for n in range(6):
            text = "\n\n".join(paragraphs[n * 200:(n + 1) * 200])
            (folder / f"generated-{n}.txt").write_text(text)
        results["generated_text"] = _measure(runtime, sorted(folder.iterdir()), "generated")
    results["peak_rss_mb"] = peak_rss_mb()
    return results


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=2)
    print()
