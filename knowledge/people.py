"""The project directory: everyone the documents list, merged across sources, with conflicts
reported rather than silently merged."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from knowledge.models import DocumentRecord, PersonEntry

SOURCE_ORDER = {"directory": 0, "contact": 1, "attendee": 2}


@dataclass
class Person:
    name: str
    function: str | None
    party: str | None
    role: str | None
    email: str | None = None
    slack_user: str | None = None
    sources: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "function": self.function, "party": self.party,
                "role": self.role, "email": self.email, "slack_user": self.slack_user,
                "sources": self.sources}


def person_key(name: str) -> str:
    """"Dr. Rita Okafor", "R. Okafor" and "Rita Okafor" are one person: initial + surname."""
    words = re.sub(r"^(dr|mr|ms|mrs|prof)\.?\s+", "", name.strip(), flags=re.I).split()
    if not words:
        return name.lower()
    return f"{words[0][0].lower()} {words[-1].lower().strip('.')}"


def build_directory(entries: list[tuple[PersonEntry, DocumentRecord]]
                    ) -> tuple[list[Person], list[dict[str, Any]]]:
    groups: dict[str, list[tuple[PersonEntry, DocumentRecord]]] = defaultdict(list)
    for entry, document in entries:
        groups[person_key(entry.name)].append((entry, document))
    people: list[Person] = []
    conflicts: list[dict[str, Any]] = []
    for group in groups.values():
        group.sort(key=lambda pair: SOURCE_ORDER.get(pair[0].source, 9))
        best = group[0][0]
        name = max((e.name for e, _ in group), key=len)
        person = Person(name=name, function=None, party=None, role=None,
                        sources=sorted({d.file_name for _, d in group}))
        for attribute in ("function", "party", "role", "email", "slack_user"):
            values = {getattr(e, attribute) for e, _ in group if getattr(e, attribute)}
            chosen = getattr(best, attribute) or next(
                (getattr(e, attribute) for e, _ in group if getattr(e, attribute)), None)
            setattr(person, attribute, chosen)
            if len(values) > 1 and attribute in ("function", "party", "email"):
                conflicts.append({"name": name, "field": attribute, "values": [
                    {"value": getattr(e, attribute), "source": e.source,
                     "document": d.file_name} for e, d in group if getattr(e, attribute)]})
        people.append(person)
    people.sort(key=lambda p: (p.role or "", p.function or "", p.name))
    return people, conflicts


def people_for(people: list[Person], function: str) -> list[Person]:
    """The people of a function, sponsor side first."""
    return sorted([p for p in people if p.function == function],
                  key=lambda p: (p.role != "sponsor", p.name))
