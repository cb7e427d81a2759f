"""PDF: text layer per page, running headers/footers dropped, page numbers kept."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from ingest.document import Block, ParsedDocument
from ingest.loaders.text_blocks import lines_to_blocks
from ingest.structure import match_section, page_furniture, strip_furniture
from knowledge.errors import CorruptDocument, EmptyDocument, EncryptedDocument


def _open(path: Path) -> PdfReader:
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise EncryptedDocument(path)
        _ = len(reader.pages)
        return reader
    except (FileNotDecryptedError, NotImplementedError) as exc:
        raise EncryptedDocument(path) from exc
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorruptDocument(path, f"not a readable PDF ({type(exc).__name__})") from exc


_OPEN_END = re.compile(r"(?:[,(“\"]|\b(?:a|an|the|and|or|of|to|by|for|with|in|on|at|from|"
                       r"that|its|their|such|any|all|under|upon|shall|will|may))$", re.IGNORECASE)


def _continues(last: Block, first: Block) -> bool:
    """A sentence cut by a page break: the page ends mid-sentence and the next one goes on
    ("... into the Product" | "and sample Product by ..."), once the running header between
    them is dropped."""
    if last.kind != "paragraph" or first.kind != "paragraph" or match_section(first.text):
        return False
    end, start = last.text.rstrip(), first.text.lstrip()
    if not end or not start or re.search(r"[.;:!?]$", end):
        return False
    return start[0].islower() or bool(_OPEN_END.search(end))


def load_pdf(path: Path) -> ParsedDocument:
    reader = _open(path)
    pages: list[list[str]] = []
    for page in reader.pages:
        try:
            text = page.extract_text() or ""
        except FileNotDecryptedError as exc:
            raise EncryptedDocument(path) from exc
        except Exception as exc:  # pypdf raises many types on broken content streams
            raise CorruptDocument(path, f"a page cannot be read ({type(exc).__name__})") from exc
        pages.append(text.splitlines())
    if sum(len("".join(lines).strip()) for lines in pages) < 20:
        raise EmptyDocument(
            path,
            "it has no text layer (a scanned image?); upload a text PDF or the Word original",
        )
    furniture = page_furniture(pages)
    blocks: list[Block] = []
    for number, lines in enumerate(pages, start=1):
        page_blocks = lines_to_blocks(strip_furniture(lines, furniture), page=number)
        if blocks and page_blocks and _continues(blocks[-1], page_blocks[0]):
            blocks[-1].text = f"{blocks[-1].text} {page_blocks.pop(0).text}"
        blocks.extend(page_blocks)
    title = str((reader.metadata or {}).get("/Title") or "").strip() or path.stem
    return ParsedDocument(title=title, blocks=blocks, pages=len(pages))
