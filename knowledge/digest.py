"""The project digest: what is new, aging, ownerless or in conflict, what the QAA leaves open,
which actions are due or overdue, and which experts to bring in for roadblocks that only
project managers have touched."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from knowledge.action_items import ActionItem, action_items
from knowledge.experts import ExpertSuggester, functions_for_topic
from knowledge.people import Person, people_for
from knowledge.quotes import trim
from knowledge.roadblocks import RoadblockService
from knowledge.sme import SmeService
from knowledge.store import audiences_for
from knowledge.tracker import CONCORD, Roadblock

# What in a recent note calls for experts: an inspection or authority question, a phase
# transition, a new or second site.
TRIGGERS = re.compile(
    r"\b(?:inspection|inspector|483|warning letter|pre-approval|PAI|agency|FDA|EMA|MHRA|"
    r"authority|health authorit\w*|information request|deficiency|complete response|"
    r"phase\s+(?:1|2|3|I{1,3})\b|pivotal|PPQ|process performance qualification|launch|"
    r"commercial supply|new site|second site|site transfer|tech(?:nology)? transfer|"
    r"scale-?up)\b", re.IGNORECASE)
AGING_DAYS = 14
DUE_SOON_DAYS = 7


@dataclass
class DigestExpert:
    roadblock_id: int
    function: str
    reason: str
    people: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"roadblock_id": self.roadblock_id or None, "function": self.function,
                "reason": self.reason, "people": self.people}


@dataclass
class Digest:
    project: str
    audience: str
    generated_at: datetime
    since: datetime
    new: list[Roadblock]
    aging: list[Roadblock]
    ownerless: list[Roadblock]
    conflicts: list[Roadblock]
    gaps: list[Roadblock]
    actions: list[ActionItem]
    experts: list[DigestExpert]
    other_open: int
    late_note: str | None = None

    @property
    def today(self) -> date:
        return self.generated_at.date()

    @property
    def empty(self) -> bool:
        return not (self.new or self.aging or self.ownerless or self.conflicts or self.gaps
                    or self.actions)

    def to_json(self) -> dict[str, Any]:
        now = self.generated_at

        def items(found: list[Roadblock]) -> list[dict[str, Any]]:
            return [r.to_json(now) for r in found]

        return {
            "project": self.project, "audience": self.audience,
            "generated_at": now.isoformat(), "since": self.since.isoformat(),
            "new": items(self.new), "aging": items(self.aging),
            "ownerless": items(self.ownerless), "conflicts": items(self.conflicts),
            "gaps": items(self.gaps),
            "actions": [a.to_json(self.today) for a in self.actions],
            "experts": [e.to_json() for e in self.experts],
            "other_open": self.other_open, "late_note": self.late_note,
            "counts": {"new": len(self.new), "aging": len(self.aging),
                       "ownerless": len(self.ownerless), "conflicts": len(self.conflicts),
                       "gaps": len(self.gaps), "actions": len(self.actions)},
        }


def experts_for(title: str, topic: str | None, suggester: ExpertSuggester,
                limit: int = 3) -> list[str]:
    """The functions a roadblock calls for: its topic's owners, then what its words suggest
    (project managers are who is asking, not whom to bring in)."""
    functions = dict.fromkeys(functions_for_topic(topic))
    for suggestion in suggester.suggest(title):
        functions.setdefault(suggestion.function)
    return [f for f in functions if f != "project_management"][:limit]


def pm_only(roadblock: Roadblock, history_actors: list[str], directory: list[Person]) -> bool:
    """Nobody but project managers (or nobody at all) has worked on the roadblock."""
    functions = {p.slack_user: p.function for p in directory if p.slack_user}
    people = [a for a in history_actors if a != CONCORD]
    return all(functions.get(a) == "project_management" for a in people)


class DigestBuilder:
    def __init__(self, roadblocks: RoadblockService, experts: SmeService, *,
                 aging_days: int = AGING_DAYS, due_soon_days: int = DUE_SOON_DAYS) -> None:
        self.roadblocks = roadblocks
        self.experts = experts
        self.aging_days = aging_days
        self.due_soon_days = due_soon_days

    def build(self, project: str, *, now: datetime, audience: str = "internal",
              since: datetime | None = None) -> Digest:
        since = since or now - timedelta(days=7)
        found = [r for r in self.roadblocks.list(project, status="open", audience=audience)
                 if not r.snoozed(now)]
        conflicts = [r for r in found if r.origin == "conflict"]
        gaps = [r for r in found if r.origin == "gap"]
        rest = [r for r in found if r.origin not in ("conflict", "gap")]
        period = max(1, (now - since).days)
        new = [r for r in rest if r.created_at >= since and r.age_days(now) <= period]
        aging = sorted([r for r in rest if r not in new and r.age_days(now) >= self.aging_days],
                       key=lambda r: -r.age_days(now))
        ownerless = [r for r in rest if r not in new and r not in aging and r.ownerless]
        directory, _ = self.experts.directory(project, audience)
        today = now.date()
        actions = [a for a in action_items(self.roadblocks.store, project, audience=audience,
                                           directory=directory)
                   if a.status == "open" and a.due is not None
                   and a.due <= today + timedelta(days=self.due_soon_days)]
        experts = self._experts(aging, directory, now)
        experts += self._note_triggers(project, audience, since, directory,
                                       {e.function for e in experts})
        return Digest(project=project, audience=audience, generated_at=now, since=since,
                      new=new, aging=aging, ownerless=ownerless, conflicts=conflicts,
                      gaps=gaps, actions=actions, experts=experts,
                      other_open=len(rest) - len(new) - len(aging) - len(ownerless))

    def _note_triggers(self, project: str, audience: str, since: datetime,
                       directory: list[Person], already: set[str]) -> list[DigestExpert]:
        """Experts for what recent notes announce: an inspection, an authority question, a
        phase transition, a new site."""
        allowed = audiences_for(audience)
        recent = [(c, d) for c, d in self.roadblocks.store.records.current_chunks(
                      project, allowed)
                  if d.kind == "notes" and (d.document_date or "") >= since.date().isoformat()]
        out: list[DigestExpert] = []
        for chunk, document in recent:
            for sentence in re.split(r"(?<=[.!?])\s+|\n", chunk.text):
                if not TRIGGERS.search(sentence):
                    continue
                for suggestion in self.experts.suggester.suggest(sentence):
                    if suggestion.function in already or suggestion.function == \
                            "project_management":
                        continue
                    already.add(suggestion.function)
                    out.append(DigestExpert(
                        roadblock_id=0, function=suggestion.function,
                        reason=f"{document.display_name} ({document.document_date}) says "
                               f"“{trim(sentence.strip(), 160)}”",
                        people=[p.to_json() for p in people_for(directory,
                                                                suggestion.function)]))
        return out

    def _experts(self, aging: list[Roadblock], directory: list[Person],
                 now: datetime) -> list[DigestExpert]:
        """Experts for roadblocks past the aging threshold that only PMs have touched."""
        out = []
        for roadblock in aging:
            actors = [e.actor for e in self.roadblocks.tracker.history(roadblock.id)]
            if not pm_only(roadblock, actors, directory):
                continue
            why = f"#{roadblock.id} has been open {roadblock.age_days(now)} days and only " \
                  "project managers have worked on it"
            for function in experts_for(roadblock.title, roadblock.topic,
                                        self.experts.suggester):
                out.append(DigestExpert(
                    roadblock_id=roadblock.id, function=function, reason=why,
                    people=[p.to_json() for p in people_for(directory, function)]))
        return out
