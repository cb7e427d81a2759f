"""XLSX and CSV: every sheet becomes a table block (header row first), except an agreement
kept as a sheet of clauses (Clause | Heading | Text), which is read as numbered clauses, and a
cover sheet of label / value pairs, which is read as lines ("Party 1: Quindell ...")."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from ingest.document import Block, ParsedDocument
from ingest.structure import clean_text
from knowledge.errors import CorruptDocument, EncryptedDocument

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_ROWS = 20000


def _clean_rows(rows: list[list[object]]) -> list[list[str]]:
    out = []
    for row in rows:
        cells = [clean_text("" if value is None else str(value)) for value in row]
        while cells and not cells[-1]:
            cells.pop()
        if any(cells):
            out.append(cells)
    return out


def load_xlsx(path: Path) -> ParsedDocument:
    with path.open("rb") as handle:
        if handle.read(4) == _OLE_MAGIC:
            raise EncryptedDocument(path)
    try:
        workbook = load_workbook(str(path), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise CorruptDocument(path, "not a readable Excel workbook (.xlsx)") from exc
    blocks: list[Block] = []
    try:
        for number, sheet in enumerate(workbook.worksheets):
            raw = []
            for row in sheet.iter_rows(values_only=True):
                raw.append(list(row))
                if len(raw) >= MAX_ROWS:
                    break
            rows = _clean_rows(raw)
            if rows:
                blocks.append(Block(kind="heading", text=sheet.title, level=1))
                cover = number == 0 and len(workbook.worksheets) > 1
                blocks += (_clauses(rows) or (_label_values(rows) if cover else [])
                           or [Block(kind="table", rows=rows)])
    finally:
        workbook.close()
    return ParsedDocument(title=path.stem, blocks=blocks)


_NUMBER_HEADER = re.compile(r"^(?:clause|section|§|art(?:icle)?|no\.?|#|ref\.?|item)$",
                            re.IGNORECASE)
_TITLE_HEADER = re.compile(r"^(?:heading|title|subject|topic|caption)$", re.IGNORECASE)
_TEXT_HEADER = re.compile(r"^(?:text|wording|provision|clause text|content|requirement)s?$",
                          re.IGNORECASE)
_CLAUSE_NUMBER = re.compile(r"^(?:§\s*)?\d{1,2}(?:\.\d{1,2}){0,3}\.?$")


def _column(header: list[str], pattern: re.Pattern[str]) -> int | None:
    return next((i for i, cell in enumerate(header) if pattern.match(cell.strip())), None)


def _clauses(rows: list[list[str]]) -> list[Block]:
    """A sheet of numbered clauses (Clause | Heading | Text): one heading and one paragraph
    per clause, so that sections, duties and quotes read as in any other agreement."""
    header, body = rows[0], rows[1:]
    number, title, text = (_column(header, _NUMBER_HEADER), _column(header, _TITLE_HEADER),
                           _column(header, _TEXT_HEADER))
    if number is None or text is None or len(body) < 3:
        return []
    numbered = [row for row in body if len(row) > number and _CLAUSE_NUMBER.match(row[number])]
    if len(numbered) < 0.8 * len(body):
        return []
    blocks: list[Block] = []
    for row in numbered:
        clause = row[number].lstrip("§ ").rstrip(".")
        heading = row[title] if title is not None and len(row) > title else ""
        wording = row[text] if len(row) > text else ""
        blocks.append(Block(kind="heading", text=f"{clause} {heading}".strip(), level=2))
        if wording:
            blocks.append(Block(kind="paragraph", text=wording))
    return blocks


def _label_values(rows: list[list[str]]) -> list[Block]:
    """A cover sheet (the first of several): a title cell, then label / value pairs. Read as
    lines. Later two-column sheets are legends and stay tables."""
    if len(rows[0]) != 1:
        return []  # "Issue | Status" opens a two-column table, not a cover
    title, pairs = rows[0][0], rows[1:]
    if len(pairs) < 3 or any(len(row) != 2 or len(row[0]) > 40 for row in pairs):
        return []
    return [Block(kind="paragraph", text=title),
            *(Block(kind="paragraph", text=f"{label}: {value}") for label, value in pairs)]


def load_csv(path: Path) -> ParsedDocument:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = _clean_rows([list(r) for r in csv.reader(text.splitlines(), dialect)][:MAX_ROWS])
    blocks = [Block(kind="table", rows=rows)] if rows else []
    return ParsedDocument(title=path.stem, blocks=blocks)
