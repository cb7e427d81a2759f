"""XLSX and CSV: every sheet becomes a table block (header row first)."""

from __future__ import annotations

import csv
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
        for sheet in workbook.worksheets:
            raw = []
            for row in sheet.iter_rows(values_only=True):
                raw.append(list(row))
                if len(raw) >= MAX_ROWS:
                    break
            rows = _clean_rows(raw)
            if rows:
                blocks.append(Block(kind="heading", text=sheet.title, level=1))
                blocks.append(Block(kind="table", rows=rows))
    finally:
        workbook.close()
    return ParsedDocument(title=path.stem, blocks=blocks)


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
