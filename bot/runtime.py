"""Wiring: settings -> store -> services. Every face (CLI, HTTP API, Slack) uses one Runtime,
so the model is loaded once per process and answers are the same everywhere."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from functools import cached_property

from langchain_core.embeddings import Embeddings
from langchain_core.language_models import BaseChatModel

from ingest.extract.learned_reader import LearnedNoteReader, OpenPointClassifier, UnionReader
from ingest.extract.open_points import LineReader
from ingest.pipeline import Ingestor
from knowledge.answers import extractive_answer, relevant_passages
from knowledge.audit import Actor, AuditTrail
from knowledge.channels import ChannelLinks
from knowledge.digest import Digest, DigestBuilder
from knowledge.embeddings import SentenceTransformerEmbeddings, bundled_model_path
from knowledge.experts import SmeAnswer
from knowledge.gaps import GapReport, gap_check
from knowledge.llm import GroundedWriter, make_chat_model
from knowledge.llm_notes import LlmNoteReader
from knowledge.models import Answer
from knowledge.ownership import OwnerAnswer, OwnershipService
from knowledge.projects import validate_audience, validate_project
from knowledge.roadblocks import RoadblockList, RoadblockService
from knowledge.settings import Settings, load_settings
from knowledge.sme import SmeService
from knowledge.source_links import SourceLinks
from knowledge.store import KnowledgeStore, audiences_for, open_store
from knowledge.tracker import Roadblock, RoadblockTracker, utcnow


class Runtime:
    def __init__(self, *, settings: Settings | None = None,
                 embeddings: Embeddings | None = None,
                 chat_model: BaseChatModel | None = None,
                 clock: Callable[[], datetime] = utcnow) -> None:
        self.settings = settings or load_settings()
        self._embeddings = embeddings
        self._chat_model = chat_model
        self.clock = clock  # tests inject one: reminders, digests and ages follow it
        self._lock = threading.Lock()

    @cached_property
    def store(self) -> KnowledgeStore:
        with self._lock:
            return open_store(self.settings, embeddings=self._embeddings)

    @cached_property
    def ingestor(self) -> Ingestor:
        return Ingestor(store=self.store, max_bytes=self.settings.max_file_bytes,
                        chunk_chars=self.settings.chunk_chars,
                        party_roles=self.settings.party_roles,
                        after_change=lambda project: self.roadblock_service.sync(project),
                        note_reader=self._note_reader())

    def _note_reader(self) -> LineReader | None:
        """Second readings of notes beyond the rules: the learned classifier (with the bundled
        embedding model it was trained on) and, when configured, the LLM."""
        readers: list[LineReader] = []
        embeddings = self.store.embeddings
        if self.settings.learned_notes and isinstance(embeddings, SentenceTransformerEmbeddings) \
                and embeddings.model_name == bundled_model_path():
            classifier = OpenPointClassifier.load()
            if classifier is not None:
                readers.append(LearnedNoteReader(embeddings, classifier))
        if self.writer is not None and self.settings.llm_notes:
            readers.append(LlmNoteReader(self.writer))
        return None if not readers else readers[0] if len(readers) == 1 else UnionReader(*readers)

    @cached_property
    def experts(self) -> SmeService:
        return SmeService(self.store, self.ownership)

    def sme(self, *, project: str, text: str, audience: str = "internal",
            actor: Actor | None = None) -> SmeAnswer:
        answer = self.experts.suggest(project=validate_project(project), text=text.strip(),
                                      audience=validate_audience(audience))
        self.audit.record(actor=actor, project=answer.project, audience=audience,
                          kind="sme", question=text, status=f"{len(answer.suggestions)} functions",
                          mode=None, answer=", ".join(s.function for s in answer.suggestions),
                          citations=[])
        return answer

    def gaps(self, *, project: str, audience: str = "internal") -> GapReport:
        project = validate_project(project)
        return GapReport(project=project, entries=gap_check(
            self.store, project=project, audience=validate_audience(audience)))

    @cached_property
    def tracker(self) -> RoadblockTracker:
        return RoadblockTracker(self.store.records.engine, clock=self.clock)

    @cached_property
    def roadblock_service(self) -> RoadblockService:
        return RoadblockService(self.store, self.ownership, self.tracker,
                                links=self.source_links)

    @cached_property
    def source_links(self) -> SourceLinks | None:
        """Signed links to cited passages (CONCORD_PUBLIC_URL), or None."""
        return SourceLinks.from_settings(self.settings, clock=self.clock)

    def roadblocks(self, *, project: str, status: str | None = "open",
                   audience: str = "internal") -> RoadblockList:
        project = validate_project(project)
        found = self.roadblock_service.list(project, status=status,
                                            audience=validate_audience(audience))
        return RoadblockList(project=project, status=status, roadblocks=found, now=self.clock())

    def roadblock(self, roadblock_id: int, *, project: str | None = None,
                  audience: str = "internal") -> Roadblock:
        audience = validate_audience(audience)
        found = self.tracker.require(roadblock_id, project=project,
                                     audiences=audiences_for(audience))
        return self.source_links.add_to([found], audience)[0] if self.source_links else found

    @cached_property
    def digest_builder(self) -> DigestBuilder:
        return DigestBuilder(self.roadblock_service, self.experts,
                             aging_days=self.settings.aging_days)

    def digest(self, *, project: str, audience: str = "internal") -> Digest:
        return self.digest_builder.build(validate_project(project), now=self.clock(),
                                         audience=validate_audience(audience))

    @cached_property
    def writer(self) -> GroundedWriter | None:
        """The optional LLM (CONCORD_LLM); None means extractive answers only."""
        settings = self.settings
        model = self._chat_model
        if model is None and settings.llm:
            model = make_chat_model(settings.llm, base_url=settings.llm_base_url,
                                    api_key=settings.llm_api_key, timeout=settings.llm_timeout)
        if model is None:
            return None
        return GroundedWriter(model, name=settings.llm or type(model).__name__,
                              timeout=settings.llm_timeout, retries=settings.llm_retries)

    @cached_property
    def channels(self) -> ChannelLinks:
        return ChannelLinks(engine=self.store.records.engine, settings=self.settings,
                            clock=self.clock)

    @cached_property
    def audit(self) -> AuditTrail:
        return AuditTrail(self.store.records.engine)

    def ask(self, *, project: str, question: str, audience: str = "internal",
            actor: Actor | None = None) -> Answer:
        project, audience = validate_project(project), validate_audience(audience)
        question = question.strip()
        relevant = relevant_passages(self.store, project=project, question=question,
                                     audience=audience,
                                     min_similarity=self.settings.min_similarity)
        if self.writer is None:
            answer = extractive_answer(project=project, question=question, relevant=relevant)
        else:
            answer = self.writer.answer(project=project, question=question, relevant=relevant)
        self.audit.record(actor=actor, project=project, audience=audience, kind="ask",
                          question=question, status=answer.status, mode=answer.mode,
                          answer=answer.answer, citations=answer.citations)
        return answer

    @cached_property
    def ownership(self) -> OwnershipService:
        return OwnershipService(self.store, party_roles=self.settings.party_roles)

    def owner(self, *, project: str, question: str, audience: str = "internal",
              documents: list[str] | None = None, actor: Actor | None = None) -> OwnerAnswer:
        answer = self.ownership.ask(project=validate_project(project), question=question.strip(),
                                    audience=validate_audience(audience), documents=documents)
        if self.writer is not None:
            answer = self.writer.explain_owner(project=answer.project, answer=answer)
        self.audit.record(actor=actor, project=answer.project, audience=audience,
                          kind="owner", question=question, status=answer.status,
                          mode=answer.mode, answer=answer.answer,
                          citations=answer.citations + answer.nearest)
        return answer

    def warm_up(self) -> None:
        """Load the embedding model and open the store before the first question."""
        warm = getattr(self.store.embeddings, "warm_up", None)
        if warm:
            warm()
