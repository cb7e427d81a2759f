"""Markdown and plain text: headings, pipe tables, bullets and paragraphs."""

from __future__ import annotations

import re
from itertools import zip_longest
from pathlib import Path

from ingest.document import Block, ParsedDocument
from ingest.loaders.text_blocks import lines_to_blocks
from ingest.structure import clean_text

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# "- x", "1. x", and a memorandum's "a. x" and "(1) x" (nested by their indent)
_BULLET = re.compile(r"^\s*(?:[-*+•]|\d{1,2}[.)]|[a-z][.)]|\((?:\d{1,2}|[a-z])\))\s+")
# an Obsidian / GitHub callout: "> [!question] Probe data" and its "> ..." lines
_CALLOUT = re.compile(r"^\s*>\s*\[!(?P<kind>[\w-]+)\][+-]?\s*(?P<title>.*?)\s*$")


def read_text(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else (
        "utf-8-sig",
    ):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("cp1252", errors="replace")


_SUB_POINT = re.compile(r"[A-Z0-9]|[a-z]{1,12}:\s")  # not a wrapped line's lower-case rest


def _bullet_depth(line: str) -> int:
    """1 for a bullet at the margin, more the further it is indented (2 spaces a level)."""
    indent = len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip())
    return 1 + indent // 2


def _split_row(line: str) -> list[str]:
    return [clean_text(cell) for cell in line.strip().strip("|").split("|")]


# an ASCII grid table, as plain-text e-mails and consoles draw them:
# +----+--------+ / | No | Item | / +----+--------+ (a row may wrap over several lines, the
# first cell left empty on the lines it wraps to)
_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


def _grid_rows(lines: list[str], i: int) -> tuple[list[list[str]], int]:
    """The rows of a grid table whose first rule was read, and the index after it."""
    rows: list[list[str]] = []
    cells: list[str] | None = None
    while i < len(lines) and (lines[i].strip().startswith("|") or _GRID_RULE.match(lines[i])):
        if _GRID_RULE.match(lines[i]):
            if cells:
                rows.append(cells)
            cells = None
        else:
            parts = _split_row(lines[i])
            if cells is not None and parts[0]:  # a row of its own (no rule between rows)
                rows.append(cells)
                cells = None
            cells = parts if cells is None else [  # a wrapped row: its first cell is empty
                f"{a} {b}".strip() for a, b in zip_longest(cells, parts, fillvalue="")]
        i += 1
    if cells:
        rows.append(cells)
    return (rows if len(rows) >= 2 else []), i


def _callout_items(lines: list[str], i: int) -> tuple[list[str], int]:
    """A callout as list items, each led by the callout's title ("Probe data: Mestarel
    sends ..."): one item for a paragraph, one per bullet; and the index after it."""
    start = _CALLOUT.match(lines[i])
    title = start.group("title") if start else ""
    body: list[str] = []
    i += 1
    while i < len(lines) and lines[i].lstrip().startswith(">") and not _CALLOUT.match(lines[i]):
        body.append(lines[i].lstrip()[1:].strip())
        i += 1
    bullets = [_BULLET.sub("", line, count=1) for line in body if _BULLET.match(line)]
    said = bullets or ([" ".join(line for line in body if line)] if any(body) else [])
    lead = title.rstrip(" :.")
    return [f"{lead}: {text}" if lead else text for text in said] or [title], i


def _markdown_blocks(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    prose: list[str] = []
    i = 0

    def flush() -> None:
        if prose:
            blocks.extend(lines_to_blocks(prose))
            prose.clear()

    def list_item(text: str, depth: int) -> None:
        """A bullet, or a note indented under one, as blocks of its own at its depth."""
        flush()
        prose.append(text)
        start = len(blocks)
        flush()
        for block in blocks[start:]:
            block.depth = depth

    bullet_depth = 0  # the last bullet's, while the lines under it are indented further
    while i < len(lines):
        line = lines[i]
        if bullet_depth and line.strip() and not _BULLET.match(line):
            if _bullet_depth(line) > bullet_depth and _SUB_POINT.match(line.strip()):
                # a note under a bullet, indented: "- resin: new grade" / "    RK calls it a
                # name change": a point of its own about the bullet's subject
                list_item(line, bullet_depth + 1)
                i += 1
                continue
            bullet_depth = 0
        heading = _HEADING.match(line)
        if _CALLOUT.match(line):
            items, i = _callout_items(lines, i)
            for text in items:
                list_item(text, 1)
            continue
        if heading:
            flush()
            blocks.append(Block(kind="heading", text=clean_text(heading.group(2)),
                                level=len(heading.group(1))))
        elif line.strip().startswith("|") and i + 1 < len(lines) and _TABLE_RULE.match(
            lines[i + 1]
        ):
            flush()
            rows = [_split_row(line)]
            i += 2
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(_split_row(lines[i]))
                i += 1
            blocks.append(Block(kind="table", rows=rows))
            continue
        elif _GRID_RULE.match(line):
            flush()
            rows, i = _grid_rows(lines, i + 1)
            if rows:
                blocks.append(Block(kind="table", rows=rows))
            continue
        elif i + 1 < len(lines) and line.strip() and _SETEXT.match(lines[i + 1]) and not prose:
            blocks.append(Block(kind="heading", text=clean_text(line),
                                level=1 if lines[i + 1].startswith("=") else 2))
            i += 1
        elif _BULLET.match(line):
            bullet_depth = _bullet_depth(line)
            list_item(_BULLET.sub("", line, count=1) if line.lstrip()[:1] in "-*+•" else line,
                      bullet_depth)
        else:
            prose.append(line)
        i += 1
    flush()
    return blocks


def _title(blocks: list[Block], path: Path) -> str:
    for block in blocks[:3]:
        if block.kind == "heading":
            return block.text
    return path.stem


def load_markdown(path: Path) -> ParsedDocument:
    blocks = _markdown_blocks(read_text(path).splitlines())
    return ParsedDocument(title=_title(blocks, path), blocks=blocks)


def load_text(path: Path) -> ParsedDocument:
    lines = read_text(path).splitlines()
    blocks = _markdown_blocks(lines)
    return ParsedDocument(title=path.stem, blocks=blocks)
