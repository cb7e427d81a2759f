"""Turn lines of plain text into paragraph and heading blocks."""

from __future__ import annotations

import re

from ingest.document import Block
from ingest.structure import REDACTED, clean_text, match_section

_DEFINITION = re.compile(r"^\s*[“\"][^”\"]{1,80}[”\"]\s+(means|shall mean|has the meaning)")
_LIST_ITEM = re.compile(r"^\s*(?:\(?[a-z0-9ivx]{1,4}\)|[-•*·]|\d{1,2}\))\s+")
_SENTENCE_END = re.compile(r"[.;:!?]\s*$")
# a transcript's or chat export's turn: "[00:08:12] Rajiv Menon (Nerissa): ..."
# a chat or transcript turn's time stamp: "[00:08:12]", "[10/02/2026 08:55]", "14:05"
TIMESTAMP = r"\[?(?:\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+)?\d{1,2}:\d{2}(?::\d{2})?\]?"
_TURN = re.compile(rf"^{TIMESTAMP}\s+\S")
# a transcript turn without a time: "FERGUS MOORCROFT: Okay ...", "Dr. Wiebke Vosskuhl: Fine"
SPEAKER_TURN = re.compile(r"^(?:(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+)?"
                          r"(?:[A-Z][A-Z'’-]+(?:\s+[A-Z][A-Z'’-]+){1,3}|"
                          r"[A-Z][a-z][\w'’-]*(?:\s+[A-Z][\w'’-]+){1,2})"
                          r"\s*(?:\([^)]{1,40}\))?:\s+\S")


def is_turn(line: str) -> bool:
    """A chat or transcript turn: a time stamp or a speaker's name opens the line."""
    return bool(_TURN.match(line) or SPEAKER_TURN.match(line))


_LETTERED = re.compile(r"^\s*\(([a-z])\)\s+(?-i:[A-Z])")


def _next_lettered_item(line: str, current: list[str]) -> bool:
    """"(c) Notwithstanding ..." opens a new item when the paragraph so far is item (b), even
    when the PDF lost the full stop that ended (b)."""
    m = _LETTERED.match(line)
    if not m or m.group(1) == "a":
        return False
    previous = chr(ord(m.group(1)) - 1)
    return any(re.match(rf"^\s*\({previous}\)\s", earlier) for earlier in current)


def _starts_new_paragraph(line: str, previous: str, current: list[str] | None = None) -> bool:
    if match_section(line) or _DEFINITION.match(line) or _TURN.match(line):
        return True
    if SPEAKER_TURN.match(line) and SPEAKER_TURN.match(previous if not current else current[0]):
        return True  # one speaker's turn after another's
    if current and _next_lettered_item(line, current):
        return True
    if _heading_like(previous.strip()):
        return True  # "7.3 Raw data" on its own line heads the text below it
    if _LIST_ITEM.match(line) and _SENTENCE_END.search(previous):
        return True
    return bool(_SENTENCE_END.search(previous) and line[:1].isupper() and len(previous) < 60)


def _heading_like(text: str) -> bool:
    words = text.split()
    if text.isupper() and 0 < len(words) <= 6:  # "4. NOT AGREED.", "5. ORVALIS SHALL"
        text = re.sub(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+", "", text).rstrip(".")
    return 0 < len(words) <= 10 and not _SENTENCE_END.search(text) and (
        text.isupper() or match_section(text) is not None
    )


def lines_to_blocks(lines: list[str], page: int | None = None) -> list[Block]:
    """Group wrapped lines into paragraphs; blank lines and numbered sections split them."""
    blocks: list[Block] = []
    current: list[str] = []

    def flush() -> None:
        text = clean_text(" ".join(current))
        current.clear()
        if text:
            kind = "heading" if _heading_like(text) else "paragraph"
            blocks.append(Block(kind=kind, text=text, page=page, level=1))

    quoting = False
    for raw in lines:
        line = raw.strip()
        quoted = line.startswith(">")
        if not line or (quoted and not line.strip("> ")):
            flush()  # a blank line, also inside a quoted e-mail reply ("> ")
            quoting = quoted
            continue
        if current and quoted != quoting:
            flush()  # quoted history ("> ...") is never part of the writer's own paragraph
        quoting = quoted
        if clean_text(line).rstrip(".;") == REDACTED:  # a whole line withheld stands alone
            flush()
            current.append(line)
            flush()
            continue
        if current and _starts_new_paragraph(line, current[-1], current):
            flush()
        current.append(line)
    flush()
    return blocks
