"""Meeting notes: attendees (person -> party, function), action items and decisions."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.document import Block
from ingest.extract.clauses import read_sentence
from ingest.extract.parties import Party, party_for
from knowledge.models import Assignment, Responsibility

_PERSON = re.compile(r"(?P<name>[A-Z][a-zA-Z'’-]*\.?(?:\s+[A-Z][a-zA-Z'’-]+){1,3})\s*"
                     r"\((?P<info>[^()]{2,60})\)")
_ACTION = re.compile(
    r"^(?:action(?:\s+item)?|ai|a\d{1,3}|to\s*do|\[\s?\])\s*[:.\-–]?\s*"
    r"(?P<owner>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}?)\s*(?:\((?P<info>[^)]*)\))?\s+"
    r"(?:to|will|shall)\s+(?P<task>.+?)(?:\s+by\s+(?P<due>[^.;]{3,30}?))?\s*\.?$",
    re.IGNORECASE | re.DOTALL)
_DECISION = re.compile(r"^(?:d\d{1,3}[.:)]?\s*)?(?:agreed|decision|decided|resolved)"
                       r"(?:\s+that|\s*:)\s*(?P<rest>.+)$", re.IGNORECASE | re.DOTALL)
_DECISION_HEADING = re.compile(r"decision", re.IGNORECASE)


@dataclass
class Person:
    name: str
    party: str | None
    role: str | None
    function: str | None


def find_people(blocks: list[Block], parties: list[Party]) -> dict[str, Person]:
    """Everyone written as "Name (Party Function)" or listed in an attendee table."""
    people: dict[str, Person] = {}
    for block in blocks:
        for match in _PERSON.finditer(block.render()):
            info = match.group("info")
            party = party_for(info, parties)
            if party is None:
                continue
            function = re.sub(re.escape(party.name), "", info, flags=re.IGNORECASE).strip(" ,")
            people.setdefault(match.group("name"),
                              Person(match.group("name"), party.name, party.role,
                                     function or None))
        if block.kind == "table" and block.rows:
            header = [h.lower() for h in block.rows[0]]
            if "name" in header and any(h in header for h in ("company", "party",
                                                                "organisation", "organization")):
                name_i = header.index("name")
                party_i = next(i for i, h in enumerate(header)
                               if h in ("company", "party", "organisation", "organization"))
                func_i = header.index("function") if "function" in header else None
                for row in block.rows[1:]:
                    if max(name_i, party_i) < len(row):
                        party = party_for(row[party_i], parties)
                        if party:
                            function = row[func_i] if func_i is not None and func_i < len(row) \
                                else None
                            people.setdefault(row[name_i], Person(row[name_i], party.name,
                                                                  party.role, function))
    return people


def _who(owner: str, info: str | None, people: dict[str, Person],
         parties: list[Party]) -> tuple[str, Party | Person | None]:
    if info:
        party = party_for(info, parties)
        if party:
            return owner, party
    surname = owner.split()[-1].lower()
    for person in people.values():
        if person.name == owner or person.name.split()[-1].lower() == surname:
            return person.name if len(person.name) > len(owner) else owner, person
    party = party_for(owner, parties)
    return owner, party


def _assignment_of(found: Party | Person | None) -> list[Assignment]:
    if isinstance(found, Party):
        return [Assignment(party=found.name, role=found.role)]
    if isinstance(found, Person) and found.party:
        return [Assignment(party=found.party, role=found.role)]
    return []


def read_notes(blocks: list[Block], parties: list[Party]) -> list[Responsibility]:
    people = find_people(blocks, parties)
    out: list[Responsibility] = []
    for block in blocks:
        if block.kind == "table":
            out.extend(_action_table(block, people, parties))
            continue
        if block.kind != "paragraph":
            continue
        text = block.text.strip()
        action = _ACTION.match(text)
        if action:
            person, found = _who(action.group("owner").strip(), action.group("info"), people,
                                 parties)
            out.append(Responsibility(
                activity=action.group("task").strip(" ."), assignments=_assignment_of(found),
                source="action", quote=text, section=block.section, page=block.page,
                person=person, due=(action.group("due") or "").strip() or None,
                modality="shall"))
            continue
        decision = _DECISION.match(text)
        in_decisions = _DECISION_HEADING.search(block.section_title or "")
        if decision or in_decisions:
            body = decision.group("rest") if decision else text
            head, colon, tail = body.partition(":")
            if colon and len(head) < 90 and tail.strip():
                body = tail.strip()  # "Plan agreed: Vesta qualifies ..."
            first = re.split(r"(?<=[.;])\s+", body, maxsplit=1)[0]
            record = read_sentence(first.split(";")[0].rstrip(". "), block, parties,
                                   source="decision")
            if record is not None:
                record.quote = text
                out.append(record)
    return out


def _action_table(block: Block, people: dict[str, Person],
                  parties: list[Party]) -> list[Responsibility]:
    header = [h.lower() for h in block.rows[0]] if block.rows else []
    if not ({"action", "owner"} <= set(header)):
        return []
    action_i, owner_i = header.index("action"), header.index("owner")
    due_i = header.index("due") if "due" in header else None
    out = []
    for row in block.rows[1:]:
        if max(action_i, owner_i) >= len(row):
            continue
        owner_text = row[owner_i]
        match = _PERSON.match(owner_text)
        owner, info = (match.group("name"), match.group("info")) if match else (owner_text, None)
        person, found = _who(owner, info, people, parties)
        out.append(Responsibility(
            activity=row[action_i], assignments=_assignment_of(found), source="action",
            quote="; ".join(c for c in row if c), section=block.section, page=block.page,
            person=person, due=row[due_i] if due_i is not None and due_i < len(row) else None))
    return out
