"""Responsibility matrices and key-contact tables, read from table blocks."""

from __future__ import annotations

import re

from ingest.document import Block
from ingest.extract.marks import Legend, is_mark, read_mark
from ingest.extract.parties import Party, party_for
from knowledge.models import Assignment, Responsibility

_OWNER_HEADER = re.compile(r"^(responsible(?: party)?|responsibility|owner|who|performed by|"
                           r"party|accountable)$", re.IGNORECASE)
_SUBJECT_HEADER = re.compile(r"^(subject|topic|area|function|role|matter|contact for|for)$",
                             re.IGNORECASE)
_NAME = re.compile(r"[A-Z][a-z]*\.?(?:\s+[A-Z][\w'’-]+)+")


def _party_columns(header: list[str], parties: list[Party]) -> dict[int, Party]:
    columns: dict[int, Party] = {}
    for index, cell in enumerate(header):
        if index == 0 or not cell:
            continue
        party = party_for(cell, parties)
        if party is not None and party.name not in {p.name for p in columns.values()}:
            columns[index] = party
    return columns


def _assignment(party: Party, raci: str | None) -> Assignment:
    return Assignment(party=party.name, role=party.role, raci=raci)


def _row_quote(header: list[str], row: list[str]) -> str:
    return "; ".join(f"{header[i]}: {cell}" if i < len(header) and header[i] else cell
                     for i, cell in enumerate(row) if cell)


def read_matrix(block: Block, parties: list[Party], *,
                legend: Legend | None = None) -> list[Responsibility]:
    """Rows of a table with party columns (marks) or a single owner column (names); a legend
    printed with the table says what its marks mean."""
    if block.kind != "table" or len(block.rows) < 2:
        return []
    header = block.rows[0]
    if any(cell.strip().lower() in ("name", "full name", "person") for cell in header):
        return []  # an attendee list or a directory sheet, not a matrix
    columns = _party_columns(header, parties)
    body = block.rows[1:]
    if columns:
        marks = [row[i] for row in body for i in columns if i < len(row)]
        if marks and sum(is_mark(m, legend) for m in marks) >= 0.8 * len(marks):
            return _mark_rows(block, header, columns, legend)
        if _SUBJECT_HEADER.match(header[0] or "") or any(_NAME.search(m) for m in marks):
            return _contact_rows(block, header, columns)
        return []
    owner_column = next((i for i, cell in enumerate(header) if i and _OWNER_HEADER.match(cell)),
                        None)
    if owner_column is not None:
        return _owner_rows(block, header, owner_column, parties)
    return []


def _mark_rows(block: Block, header: list[str], columns: dict[int, Party],
               legend: Legend | None = None) -> list[Responsibility]:
    out = []
    for row in block.rows[1:]:
        activity = (row[0] if row else "").strip()
        if not activity or len(activity) < 3:
            continue
        assignments: list[Assignment] = []
        for index, party in columns.items():
            cell = row[index] if index < len(row) else ""
            letters = read_mark(cell, legend)
            for letter in letters or []:
                assignments.append(_assignment(party, letter))
        both = [c for i, c in enumerate(row) if i and c.strip().lower() in ("both", "joint")]
        if both and not assignments:
            assignments = [_assignment(p, None) for p in columns.values()]
        if assignments:
            out.append(Responsibility(activity=activity, assignments=assignments,
                                      source="matrix", quote=_row_quote(header, row),
                                      section=block.section, page=block.page, modality="does"))
    return out


def _owner_rows(block: Block, header: list[str], column: int,
                parties: list[Party]) -> list[Responsibility]:
    out = []
    for row in block.rows[1:]:
        if column >= len(row) or not row[0].strip():
            continue
        value = row[column]
        if value.strip().lower() in ("both", "joint", "both parties", "shared"):
            owners = [p for p in parties[:2]]
        else:
            names = [party_for(part, parties) for part in re.split(r"\s*(?:/|,|&|\band\b)\s*",
                                                                  value)]
            owners = [p for p in names if p is not None]
        if owners:
            out.append(Responsibility(
                activity=row[0].strip(), assignments=[_assignment(p, None) for p in owners],
                source="matrix", quote=_row_quote(header, row), section=block.section,
                page=block.page, modality="does"))
    return out


def _contact_rows(block: Block, header: list[str],
                  columns: dict[int, Party]) -> list[Responsibility]:
    """Key contacts: subject -> a named person per party."""
    out = []
    for row in block.rows[1:]:
        subject = (row[0] if row else "").strip()
        for index, party in columns.items():
            person = row[index].strip() if index < len(row) else ""
            if subject and person and person not in ("-", "–", "N/A") and _NAME.search(person):
                out.append(Responsibility(
                    activity=subject, assignments=[_assignment(party, None)], source="contact",
                    quote=_row_quote(header, row), section=block.section, page=block.page,
                    person=person, modality="contact"))
    return out
