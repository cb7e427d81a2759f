"""DOCX: paragraphs and tables in document order, heading styles kept as headings."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.document import Block, ParsedDocument
from ingest.structure import clean_text
from knowledge.errors import CorruptDocument, EncryptedDocument

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # encrypted OOXML files are OLE containers


def _heading_level(paragraph: Paragraph) -> int:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower().startswith("heading"):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    if name.lower() == "title":
        return 1
    return 0


def _list_depth(paragraph: Paragraph) -> int:
    """List nesting of a paragraph: Word's numbering level, else a "List Bullet 2" style;
    0 for a paragraph that is not a list item."""
    properties = paragraph._p.pPr
    numbering = properties.numPr if properties is not None else None
    if numbering is not None and numbering.ilvl is not None and numbering.ilvl.val is not None:
        return int(numbering.ilvl.val) + 1
    name = ((paragraph.style.name if paragraph.style is not None else "") or "").lower()
    if name.startswith(("list bullet", "list number", "list paragraph", "list continue")):
        digits = "".join(ch for ch in name if ch.isdigit())
        return int(digits) if digits else 1
    return 0


def table_rows(table: Table) -> list[list[str]]:
    """Cell texts row by row; merged cells repeat as Word reports them, deduplicated."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        last_id = None
        for cell in row.cells:
            if id(cell._tc) == last_id:
                continue
            last_id = id(cell._tc)
            cells.append(clean_text(cell.text))
        if any(cells):
            rows.append(cells)
    return rows


def _iter_body(document: DocxDocument) -> list[Paragraph | Table]:
    items: list[Paragraph | Table] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            items.append(Paragraph(child, document))
        elif tag == "tbl":
            items.append(Table(child, document))
    return items


def open_docx(path: Path) -> DocxDocument:
    with path.open("rb") as handle:
        if handle.read(4) == _OLE_MAGIC:
            raise EncryptedDocument(path)
    try:
        return docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptDocument(path, "not a readable Word document (.docx)") from exc
    except Exception as exc:  # lxml errors on damaged XML parts
        raise CorruptDocument(path, f"damaged Word document ({type(exc).__name__})") from exc


def load_docx(path: Path) -> ParsedDocument:
    document = open_docx(path)
    blocks: list[Block] = []
    for item in _iter_body(document):
        if isinstance(item, Table):
            rows = table_rows(item)
            if rows:
                blocks.append(Block(kind="table", rows=rows))
            continue
        text = clean_text(item.text)
        if not text:
            continue
        level = _heading_level(item)
        blocks.append(Block(kind="heading" if level else "paragraph", text=text, level=level,
                            depth=0 if level else _list_depth(item)))
    title = (document.core_properties.title or "").strip() or path.stem
    return ParsedDocument(title=title, blocks=blocks)
