"""Wiring: settings -> store -> services. Every face (CLI, HTTP API, Slack) uses one Runtime,
so the model is loaded once per process and answers are the same everywhere."""

from __future__ import annotations

import threading
from functools import cached_property

from langchain_core.embeddings import Embeddings

from ingest.pipeline import Ingestor
from knowledge.answers import answer_question
from knowledge.models import Answer
from knowledge.ownership import OwnerAnswer, OwnershipService
from knowledge.projects import validate_audience, validate_project
from knowledge.settings import Settings, load_settings
from knowledge.store import KnowledgeStore, open_store


class Runtime:
    def __init__(self, *, settings: Settings | None = None,
                 embeddings: Embeddings | None = None) -> None:
        self.settings = settings or load_settings()
        self._embeddings = embeddings
        self._lock = threading.Lock()

    @cached_property
    def store(self) -> KnowledgeStore:
        with self._lock:
            return open_store(self.settings, embeddings=self._embeddings)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(store=self.store, max_bytes=self.settings.max_file_bytes,
                        chunk_chars=self.settings.chunk_chars,
                        party_roles=self.settings.party_roles)

    def ask(self, *, project: str, question: str, audience: str = "internal") -> Answer:
        return answer_question(
            self.store, project=validate_project(project), question=question.strip(),
            audience=validate_audience(audience), min_similarity=self.settings.min_similarity,
        )

    @cached_property
    def ownership(self) -> OwnershipService:
        return OwnershipService(self.store, party_roles=self.settings.party_roles)

    def owner(self, *, project: str, question: str, audience: str = "internal",
              documents: list[str] | None = None) -> OwnerAnswer:
        return self.ownership.ask(project=validate_project(project), question=question.strip(),
                                  audience=validate_audience(audience), documents=documents)

    def warm_up(self) -> None:
        """Load the embedding model and open the store before the first question."""
        warm = getattr(self.store.embeddings, "warm_up", None)
        if warm:
            warm()
