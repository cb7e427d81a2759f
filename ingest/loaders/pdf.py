"""PDF: text layer per page, running headers/footers dropped, page numbers kept."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError, PdfReadError

from ingest.document import ParsedDocument
from ingest.loaders.text_blocks import lines_to_blocks
from ingest.structure import page_furniture, strip_furniture
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
    blocks = []
    for number, lines in enumerate(pages, start=1):
        blocks.extend(lines_to_blocks(strip_furniture(lines, furniture), page=number))
    title = str((reader.metadata or {}).get("/Title") or "").strip() or path.stem
    return ParsedDocument(title=title, blocks=blocks, pages=len(pages))
