"""Extractors: structured facts (parties, responsibilities) from parsed documents."""

from __future__ import annotations

from ingest.document import Block, ParsedDocument
from ingest.extract.clauses import read_clauses
from ingest.extract.marks import Legend, read_legend
from ingest.extract.matrix import read_matrix
from ingest.extract.notes import read_notes
from ingest.extract.parties import Party, find_parties, settle_roles
from knowledge.models import Responsibility


def document_parties(parsed: ParsedDocument, kind: str) -> list[Party]:
    """Parties a contract or quality agreement defines (notes define none)."""
    if kind in ("notes", "directory"):
        return []
    return find_parties(parsed.head(6000), body=parsed.text)


def merge_parties(own: list[Party], project: list[Party]) -> list[Party]:
    """The document's parties, completed with the project's (notes name no parties)."""
    merged = [Party(p.name, p.role, set(p.aliases)) for p in own]
    for party in project:
        same = next((m for m in merged if m.name == party.name
                     or party.name in m.aliases or m.name in party.aliases), None)
        if same is None:
            merged.append(Party(party.name, party.role, set(party.aliases), inherited=True))
        else:
            same.aliases |= party.aliases
            same.role = same.role or party.role
    return settle_roles(merged)


def table_legend(blocks: list[Block], index: int) -> Legend:
    """The legend printed with the table at `index`: a paragraph just before it (within two
    blocks, not past a heading) or just after it that defines at least two marks."""
    before = []
    for block in reversed(blocks[max(0, index - 2): index]):
        if block.kind == "heading":
            break
        before.append(block)
    after = blocks[index + 1: index + 2]
    for block in [*before, *after]:
        if block.kind == "paragraph" and (legend := read_legend(block.text)):
            return legend
    return {}


def extract_responsibilities(parsed: ParsedDocument, kind: str,
                             parties: list[Party]) -> list[Responsibility]:
    """Every responsibility a document states: matrix rows, key contacts, clauses, lists,
    and for meeting notes the action items and decisions."""
    records: list[Responsibility] = []
    blocks = parsed.blocks
    for index, block in enumerate(blocks):
        if block.kind == "table":
            records.extend(read_matrix(block, parties, legend=table_legend(blocks, index)))
    if kind == "notes":
        records.extend(read_notes(parsed.blocks, parties))
    elif kind in ("contract", "qaa", "other"):
        own = [p for p in parties if not p.inherited]
        # An agreement that defines its parties is read with those only: another contract's
        # "Supplier" or "Customer" is not this one's.
        records.extend(read_clauses(parsed.blocks, own if len(own) >= 2 else parties))
    return records


__all__ = ["Party", "document_parties", "extract_responsibilities", "merge_parties"]
