"""Chroma as the dense index: one collection per project and audience.

A metadata filter makes a Chroma query 30-40x slower than an unfiltered one, so projects and
audiences are separated by collection, not by filter. Chroma never embeds anything itself:
every collection is created with ``embedding_function=None`` and vectors are passed in.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import chromadb
from chromadb.api import ClientAPI
from chromadb.config import Settings as ChromaSettings

from knowledge.errors import ConfigurationError, StoreError

# One thread builds the graph, so the same chunks give the same index and a question the same
# passages in every process (a graph built by several threads depends on their timing, and an
# answer near a threshold flipped between runs); a wide search makes it close to exact.
HNSW = {"space": "cosine", "num_threads": 1, "ef_search": 200}


@dataclass(frozen=True)
class Hit:
    id: str
    similarity: float


def make_client(*, url: str | None, path: Path) -> ClientAPI:
    """Embedded PersistentClient by default; HttpClient when a Chroma server URL is set."""
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        parsed = urlparse(url)
        if not parsed.hostname:
            raise ConfigurationError(f"CONCORD_CHROMA_URL '{url}' is not a URL (http://host:port)")
        return chromadb.HttpClient(
            host=parsed.hostname, port=parsed.port or (443 if parsed.scheme == "https" else 8000),
            ssl=parsed.scheme == "https", settings=settings,
        )
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=settings)


def collection_name(project: str, audience: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", project.lower()).strip("-")[:30] or "p"
    digest = hashlib.sha1(project.encode()).hexdigest()[:8]
    return f"concord-{slug}-{digest}-{audience}"


class VectorIndex:
    """Add, delete and query chunk vectors per (project, audience)."""

    def __init__(self, *, client: ClientAPI) -> None:
        self.client = client
        self._collections: dict[str, object] = {}
        self.max_batch = max(1, int(client.get_max_batch_size()))

    def _collection(self, project: str, audience: str, *, create: bool):  # type: ignore[no-untyped-def]
        name = collection_name(project, audience)
        if name in self._collections:
            return self._collections[name]
        try:
            if create:
                col = self.client.get_or_create_collection(
                    name, embedding_function=None, configuration={"hnsw": HNSW})
            else:
                col = self.client.get_collection(name, embedding_function=None)
        except Exception:
            if create:
                raise
            return None
        self._collections[name] = col
        return col

    def add(self, *, project: str, audience: str, ids: Sequence[str],
            vectors: Sequence[Sequence[float]], metadatas: Sequence[dict]) -> None:
        col = self._collection(project, audience, create=True)
        try:
            for start in range(0, len(ids), self.max_batch):
                end = start + self.max_batch
                col.upsert(ids=list(ids[start:end]),
                           embeddings=[list(v) for v in vectors[start:end]],
                           metadatas=list(metadatas[start:end]))
        except Exception as exc:
            self.delete(project=project, audience=audience, ids=ids)
            raise StoreError(f"the vector store refused the chunks ({type(exc).__name__})") from exc

    def delete(self, *, project: str, audience: str, ids: Sequence[str]) -> None:
        if not ids:
            return
        col = self._collection(project, audience, create=False)
        if col is None:
            return
        for start in range(0, len(ids), self.max_batch):
            col.delete(ids=list(ids[start:start + self.max_batch]))

    def query(self, *, project: str, audience: str, vector: Sequence[float], k: int) -> list[Hit]:
        col = self._collection(project, audience, create=False)
        if col is None or k <= 0:
            return []
        result = col.query(query_embeddings=[list(vector)], n_results=k, include=["distances"])
        ids = result["ids"][0]
        distances = (result.get("distances") or [[]])[0]
        return [Hit(id=i, similarity=1.0 - float(d)) for i, d in zip(ids, distances, strict=False)]

    def count(self, *, project: str, audience: str) -> int:
        col = self._collection(project, audience, create=False)
        return int(col.count()) if col is not None else 0
