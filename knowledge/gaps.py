"""The quality-agreement gap check: for each topic a QAA should settle, is it settled (an
assignment, with everything the topic requires), mentioned without an owner, or absent?

Only current contracts and quality agreements count; meeting notes are not agreements."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from knowledge.errors import ProjectNotFound
from knowledge.models import Citation, DocumentRecord, Responsibility
from knowledge.quotes import trim
from knowledge.store import KnowledgeStore, audiences_for
from knowledge.synonyms import expand
from knowledge.topics import Topic, load_topics, mentions, topics_in

AGREEMENT_KINDS = ("qaa", "contract")
# "In the event of a recall, the parties will cooperate": a promise to help each other
# leaves open who decides and who acts, so it names no owner of the topic.
_COOPERATION = re.compile(r"^(?:cooperate|co-operate|collaborate|work\s+together|assist\s+each"
                          r"\s+other|consult\s+(?:each\s+other|with\s+each\s+other))\b",
                          re.IGNORECASE)


_HEADING_LINE = re.compile(r"^\s*(?:(?:article|section|clause)\s+)?\d{1,2}(?:\.\d{1,2})*\.?\s+"
                           r"[A-Z][^.\n]{2,60}$", re.IGNORECASE)


def _heading_line(text: str) -> str:
    """The first line of a passage when it is a numbered heading ("19 Quality Performance")."""
    first = text.split("\n", 1)[0].strip()
    return first if _HEADING_LINE.match(first) else ""


def _heading_number(text: str, topic: Topic) -> str | None:
    """The number of the section a passage opens with a heading about the topic: "16" for
    "16 Reports" then "16.1 ... 16.2 ...". A passage may hold several subsections."""
    heading = _heading_line(text)
    if not heading or not mentions(heading, topic.terms):
        return None
    number = re.search(r"\d{1,2}(?:\.\d{1,2})*", heading)
    return number.group() if number else None


def _under(document_id: str, section: str | None, headed: set[tuple[str, str]]) -> bool:
    """The section is a headed section or one of its subsections (16, 16.2, 16.2.1)."""
    parts = (section or "").split(".")
    return any((document_id, ".".join(parts[:n])) in headed for n in range(1, len(parts) + 1))


@dataclass
class GapEntry:
    key: str
    label: str
    status: str  # settled | no_owner | absent
    matters: bool
    owners: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "label": self.label, "status": self.status,
                "matters": self.matters, "owners": self.owners, "missing": self.missing,
                "citations": [c.to_json() for c in self.citations]}


def _cite(document: DocumentRecord, section: str | None, page: int | None,
          quote: str) -> Citation:
    return Citation(document=document.display_name, version=document.version_label,
                    section=section, page=page, quote=trim(quote, 240),
                    document_id=document.id, kind=document.kind)


def check_topic(topic: Topic, facts: list[tuple[Responsibility, DocumentRecord]],
                passages: list[tuple[str, str | None, int | None, DocumentRecord, str | None]],
                fact_topics: dict[int, list[str]] | None = None) -> GapEntry:
    mentioned = [(t, s, p, d) for t, s, p, d, _ in passages if mentions(t, topic.terms)]
    titled = {(d.id, s) for _, s, _, d, title in passages  # sections titled after the topic
              if s and title and mentions(title, topic.terms)}
    # ... or under a heading that is ("19 Quality Performance" then "19.1 The parties review
    # ..."): it lends its topic to the records there that name none of their own
    headed = {(d.id, number) for text, s, _, d, _ in passages
              if s and (number := _heading_number(text, topic))}
    def about(fact: Responsibility) -> list[str]:
        if fact_topics is not None and id(fact) in fact_topics:
            return fact_topics[id(fact)]
        return topics_in(expand(fact.activity))

    owned = [(f, d) for f, d in facts if f.assignments and not _COOPERATION.match(f.activity)
             and (topic.key in about(f) or (d.id, f.section) in titled
                  or (_under(d.id, f.section, headed) and not about(f)))]
    if owned:
        said = " ".join(f"{f.activity} {f.quote}" for f, _ in owned)
        missing = [a.label for a in topic.requires if not mentions(said, a.terms)]
        owners = sorted({(a.party, a.role) for f, _ in owned for a in f.owners()},
                        key=lambda pair: pair[0])
        citations = [_cite(d, f.section, f.page, f.quote) for f, d in owned[:3]]
        return GapEntry(key=topic.key, label=topic.label, matters=topic.matters,
                        status="no_owner" if missing else "settled", missing=missing,
                        owners=[{"party": p, "role": r} for p, r in owners],
                        citations=citations)
    route = [m for m in mentioned if topic.settled_by and mentions(m[0], topic.settled_by)]
    if route:  # "disagreements are escalated to X's Head of QA and Y's Site Director"
        text, section, page, document = route[0]
        return GapEntry(key=topic.key, label=topic.label, matters=topic.matters,
                        status="settled", citations=[_cite(document, section, page, text)])
    if mentioned:  # cite the passage that says most about the topic (earliest on ties)
        text, section, page, document = max(
            mentioned, key=lambda m: (len(mentions(m[0], topic.terms)), -mentioned.index(m)))
        return GapEntry(key=topic.key, label=topic.label, matters=topic.matters,
                        status="no_owner", missing=["an owner"],
                        citations=[_cite(document, section, page, text)])
    return GapEntry(key=topic.key, label=topic.label, matters=topic.matters, status="absent")


def gap_check(store: KnowledgeStore, *, project: str, audience: str = "internal"
              ) -> list[GapEntry]:
    if not store.records.project_exists(project):
        raise ProjectNotFound(project)
    audiences = audiences_for(audience)
    facts = [(f, d) for f, d in store.records.responsibilities(project, audiences)
             if d.kind in AGREEMENT_KINDS and f.source not in ("contact", "action")]
    passages = [(c.text, c.section, c.page, d, c.section_title)
                for c, d in store.records.current_chunks(project, audiences)
                if d.kind in AGREEMENT_KINDS]
    precedence = [(f, d) for f, d in facts if f.source == "precedence"]
    entries = []
    fact_topics = {id(f): topics_in(expand(f.activity)) for f, _ in facts}
    for topic in load_topics().values():
        entry = check_topic(topic, facts, passages, fact_topics)
        if topic.key == "term_amendment_precedence" and precedence and entry.status != "settled":
            f, d = precedence[0]
            entry = GapEntry(key=topic.key, label=topic.label, matters=topic.matters,
                             status="settled", citations=[_cite(d, f.section, f.page, f.quote)])
        entries.append(entry)
    return entries


@dataclass
class GapReport:
    project: str
    entries: list[GapEntry]

    def to_json(self) -> dict[str, Any]:
        counts = {s: sum(e.status == s for e in self.entries)
                  for s in ("settled", "no_owner", "absent")}
        return {"project": self.project, "topics": [e.to_json() for e in self.entries],
                **counts}
