"""Expert suggestions for a project: functions from the text (and from ownership gaps), and
the people of each function from the project's directory, sponsor side and CO side."""

from __future__ import annotations

from knowledge.errors import ProjectNotFound
from knowledge.experts import ExpertSuggester, SmeAnswer, gaps_from_ownership
from knowledge.ownership import OwnershipService
from knowledge.people import Person, build_directory, people_for
from knowledge.questions import is_ownership_question
from knowledge.store import KnowledgeStore, audiences_for


class SmeService:
    def __init__(self, store: KnowledgeStore, ownership: OwnershipService) -> None:
        self.store = store
        self.ownership = ownership
        self.suggester = ExpertSuggester(store.embeddings)

    def directory(self, project: str, audience: str = "internal") -> tuple[list[Person], list]:
        allowed = set(audiences_for(audience))
        entries = [(e, d) for e, d in self.store.records.people(project) if d.audience in allowed]
        return build_directory(entries)

    def suggest(self, *, project: str, text: str, audience: str = "internal",
                gaps: dict[str, str] | None = None) -> SmeAnswer:
        if not self.store.records.project_exists(project):
            raise ProjectNotFound(project)
        if gaps is None and is_ownership_question(text):
            owner = self.ownership.ask(project=project, question=text, audience=audience)
            gaps = gaps_from_ownership(owner.status, owner.topic_key, owner.topic)
        suggestions = self.suggester.suggest(text, gaps=gaps)
        people, _ = self.directory(project, audience)
        for suggestion in suggestions:
            suggestion.people = [p.to_json() for p in people_for(people, suggestion.function)]
        return SmeAnswer(text=text, project=project, suggestions=suggestions)
