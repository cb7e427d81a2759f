"""The people a document lists: directory sheets, meeting attendees, key contacts."""

from __future__ import annotations

import re

from ingest.document import ParsedDocument
from ingest.extract.notes import find_people
from ingest.extract.parties import Party, party_for
from knowledge.experts import function_for
from knowledge.models import PersonEntry, Responsibility
from knowledge.roles import ROLES, role_from_words

_COLUMNS = {
    "name": ("name", "person", "full name", "contact"),
    "function": ("function", "role", "department", "title", "job title", "area"),
    "party": ("party", "company", "organisation", "organization", "side", "employer"),
    "email": ("email", "e-mail", "mail", "email address"),
    "slack_user": ("slack_user", "slack", "slack id", "slack user", "slack handle", "handle"),
}


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        cell = cell.strip().lower()
        for key, names in _COLUMNS.items():
            if cell in names and key not in found:
                found[key] = index
    return found


def _party(value: str, parties: list[Party]) -> tuple[str | None, str | None]:
    value = value.strip()
    if value in ROLES:
        same = [p for p in parties if p.role == value]
        return (same[0].name if len(same) == 1 else None), value
    party = party_for(value, parties) if value else None
    if party:
        return party.name, party.role
    return (value or None), role_from_words(value) if value else None


def directory_people(parsed: ParsedDocument, parties: list[Party]) -> list[PersonEntry]:
    out = []
    for block in parsed.blocks:
        if block.kind != "table" or len(block.rows) < 2:
            continue
        columns = _columns(block.rows[0])
        if "name" not in columns or "function" not in columns:
            continue

        def cell(row: list[str], key: str, cols: dict[str, int] = columns) -> str:
            i = cols.get(key)
            return row[i].strip() if i is not None and i < len(row) else ""

        for row in block.rows[1:]:
            name = cell(row, "name")
            if not name:
                continue
            title = cell(row, "function")
            party, role = _party(cell(row, "party"), parties)
            out.append(PersonEntry(
                name=name, function=title if title in _function_keys() else function_for(title),
                party=party, role=role, title=title or None, email=cell(row, "email") or None,
                slack_user=cell(row, "slack_user") or None, source="directory"))
    return out


def _function_keys() -> set[str]:
    from knowledge.experts import FUNCTION_KEYS

    return set(FUNCTION_KEYS)


def attendee_people(parsed: ParsedDocument, parties: list[Party]) -> list[PersonEntry]:
    return [PersonEntry(name=p.name, function=function_for(p.function or ""), party=p.party,
                        role=p.role, title=p.function, source="attendee")
            for p in find_people(parsed.blocks, parties).values()]


def contact_people(facts: list[Responsibility]) -> list[PersonEntry]:
    out = []
    for fact in facts:
        if fact.source != "contact" or not fact.person:
            continue
        name, _, title = fact.person.partition(",")
        name = re.sub(r"^(dr|mr|ms|mrs|prof)\.?\s+", "", name.strip(), flags=re.IGNORECASE)
        assignment = fact.assignments[0] if fact.assignments else None
        out.append(PersonEntry(
            name=name, function=function_for(title) or function_for(fact.activity),
            party=assignment.party if assignment else None,
            role=assignment.role if assignment else None, title=title.strip() or None,
            source="contact"))
    return out


def read_people(parsed: ParsedDocument, kind: str, parties: list[Party],
                facts: list[Responsibility]) -> list[PersonEntry]:
    people = directory_people(parsed, parties)
    if kind == "notes":
        people += attendee_people(parsed, parties)
    people += contact_people(facts)
    return people
