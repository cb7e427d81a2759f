"""Action items from meeting notes with their due dates, and whether a later note closed them
("A6 Q2 production schedule (L. Berger, due 2026-03-13): circulated 2026-03-12. Closed.")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from knowledge.dates import parse_date
from knowledge.models import Citation, DocumentRecord, NoteItem, Responsibility
from knowledge.people import Person, person_key
from knowledge.quotes import trim
from knowledge.roadblock_mining import overlap, point_terms
from knowledge.store import KnowledgeStore, audiences_for
from knowledge.tracker import text_key

_REF = re.compile(r"^\s*(?:[-*•]\s*)?(?P<ref>[A-Z]{1,3}-?\d{1,3})\b")
# A closure names the action in fewer words: most of its subject words are the action's.
CLOSES = 0.5


@dataclass
class ActionItem:
    key: str
    action: str
    person: str | None
    party: str | None
    role: str | None
    due: date | None
    status: str  # open | closed
    source: Citation
    slack_user: str | None = None
    closed_by: Citation | None = None

    def days_overdue(self, today: date) -> int | None:
        return (today - self.due).days if self.due and self.due < today else None

    def to_json(self, today: date | None = None) -> dict[str, Any]:
        data = {"key": self.key, "action": self.action, "person": self.person,
                "party": self.party, "role": self.role, "slack_user": self.slack_user,
                "due": self.due.isoformat() if self.due else None, "status": self.status,
                "source": self.source.to_json(),
                "closed_by": self.closed_by.to_json() if self.closed_by else None}
        if today is not None:
            data["days_overdue"] = self.days_overdue(today)
        return data


def _cite(quote: str, section: str | None, page: int | None,
          document: DocumentRecord) -> Citation:
    return Citation(document=document.display_name, version=document.version_label,
                    section=section, page=page, quote=trim(quote, 240),
                    document_id=document.id, kind=document.kind)


def _closes(closure: NoteItem, action: Responsibility, ref: str | None,
            ignore: frozenset[str]) -> bool:
    if ref and closure.ref == ref:
        return True
    if ref and closure.ref and closure.ref != ref:
        return False
    shared = overlap(point_terms(action.activity, ignore), point_terms(closure.text, ignore))
    surname = (action.person or "").split()[-1:] or [""]
    named = bool(surname[0]) and surname[0].lower() in closure.text.lower()
    return shared >= CLOSES and (named or shared >= 0.75)


def action_items(store: KnowledgeStore, project: str, *, audience: str = "internal",
                 directory: list[Person] | None = None) -> list[ActionItem]:
    """Every action item in the project's current notes, closed or open."""
    audiences = audiences_for(audience)
    facts = [(f, d) for f, d in store.records.responsibilities(project, audiences)
             if f.source == "action"]
    closures = [(i, d) for i, d in store.records.note_items(project, audiences)
                if i.kind == "closed"]
    names = [n for p in store.records.project_parties(project)
             for n in [p["name"], *p.get("aliases", [])]]
    ignore = frozenset(point_terms(" ".join(names), frozenset()))
    people = {person_key(p.name): p for p in directory or []}
    items = []
    for fact, document in facts:
        written = document.document_date or document.ingested_at[:10]
        year = int(written[:4]) if written[:4].isdigit() else None
        ref = match.group("ref") if (match := _REF.match(fact.quote)) else None
        closed_by = next((_cite(c.quote, c.section, c.page, d) for c, d in closures
                          if (d.document_date or "") >= written and d.id != document.id
                          and _closes(c, fact, ref, ignore)), None)
        assignment = fact.assignments[0] if fact.assignments else None
        person = people.get(person_key(fact.person)) if fact.person else None
        items.append(ActionItem(
            key=text_key("action", document.family_key, fact.activity),
            action=fact.activity, person=person.name if person else fact.person,
            party=assignment.party if assignment else None,
            role=assignment.role if assignment else None,
            due=parse_date(fact.due or "", default_year=year),
            status="closed" if closed_by else "open",
            source=_cite(fact.quote, fact.section, fact.page, document),
            slack_user=person.slack_user if person else None, closed_by=closed_by))
    return sorted(items, key=lambda i: (i.due or date.max, i.action))
