"""Split a parsed document into passages that respect sections and keep tables whole."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.document import Block, ParsedDocument
from ingest.structure import is_mostly_redacted
from knowledge.quotes import sentences


@dataclass
class Piece:
    text: str
    section: str | None
    section_title: str | None
    page: int | None


def _split_long(text: str, limit: int) -> list[str]:
    if len(text) <= limit:
        return [text]
    out: list[str] = []
    current = ""
    for sentence in sentences(text):
        while len(sentence) > limit:  # a run-on sentence: cut at a word boundary
            head = sentence[:limit].rsplit(" ", 1)[0] or sentence[:limit]
            if current:
                out.append(current)
                current = ""
            out.append(head)
            sentence = sentence[len(head):].strip()
        if current and len(current) + len(sentence) + 1 > limit:
            out.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}".strip()
    if current:
        out.append(current)
    return out


def _table_pieces(block: Block, limit: int) -> list[str]:
    """A table in pieces of whole rows, each piece repeating the header row."""
    lines = block.render().split("\n")
    header, rows = lines[0], lines[1:]
    pieces: list[str] = []
    current: list[str] = []
    size = len(header)
    for row in rows:
        if current and size + len(row) > limit:
            pieces.append("\n".join([header, *current]))
            current, size = [], len(header)
        current.append(row)
        size += len(row) + 1
    if current or not pieces:
        pieces.append("\n".join([header, *current]))
    return pieces


def chunk_document(document: ParsedDocument, *, limit: int = 1000) -> list[Piece]:
    """Group blocks of one section up to `limit` characters; a new section starts a new
    passage; headings lead the passage that follows them; tables stand alone."""
    pieces: list[Piece] = []
    buffer: list[str] = []
    anchor: Block | None = None

    def flush() -> None:
        nonlocal anchor
        text = "\n".join(buffer).strip()
        buffer.clear()
        if text and anchor is not None and not is_mostly_redacted(text):
            for part in _split_long(text, limit):
                pieces.append(Piece(part, anchor.section, anchor.section_title, anchor.page))
        anchor = None

    for block in document.blocks:
        if block.kind == "table":
            flush()
            for part in _table_pieces(block, limit):
                pieces.append(Piece(part, block.section, block.section_title, block.page))
            continue
        text = block.render().strip()
        if not text:
            continue
        new_section = anchor is not None and block.section != anchor.section
        too_big = sum(len(b) + 1 for b in buffer) + len(text) > limit
        if buffer and (new_section or too_big):
            if _only_headings(buffer, anchor) and anchor is not None:
                # a lone heading leads the text under it; cite the more precise section
                anchor.section = block.section or anchor.section
                anchor.section_title = block.section_title or anchor.section_title
            else:
                flush()
        if anchor is None:
            anchor = block
        elif block.page is not None and anchor.page is None:
            anchor.page = block.page
        buffer.append(text)
    flush()
    return pieces


def _only_headings(buffer: list[str], anchor: Block | None) -> bool:
    """Keep a lone heading with the text under it."""
    return len(buffer) == 1 and anchor is not None and anchor.kind == "heading"
