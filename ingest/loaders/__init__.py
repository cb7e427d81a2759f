"""Loaders: one function per format, each returning a ParsedDocument or raising DocumentError."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ingest.document import ParsedDocument
from ingest.loaders.docx import load_docx
from ingest.loaders.email import load_email
from ingest.loaders.html import load_html
from ingest.loaders.markdown import load_markdown, load_text
from ingest.loaders.pdf import load_pdf
from ingest.loaders.sheets import load_csv, load_xlsx
from ingest.structure import assign_sections
from knowledge.errors import EmptyDocument, OversizeDocument, UnsupportedFormat

Loader = Callable[[Path], ParsedDocument]

LOADERS: dict[str, Loader] = {
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".xlsx": load_xlsx,
    ".xlsm": load_xlsx,
    ".csv": load_csv,
    ".md": load_markdown,
    ".markdown": load_markdown,
    ".txt": load_text,
    ".text": load_text,
    ".eml": load_email,
    ".html": load_html,
    ".htm": load_html,
}
LEGACY = {".doc": "Word 97-2003 (.doc)", ".xls": "Excel 97-2003 (.xls)", ".rtf": "RTF"}


def supported(path: Path) -> bool:
    return path.suffix.lower() in LOADERS


def load(path: Path, *, max_bytes: int) -> ParsedDocument:
    """Load one file with structure, or raise a DocumentError naming the reason."""
    suffix = path.suffix.lower()
    if suffix in LEGACY:
        raise UnsupportedFormat(path, f"{LEGACY[suffix]} is not supported; save it as "
                                f"{'.docx' if suffix != '.xls' else '.xlsx'} or PDF")
    loader = LOADERS.get(suffix)
    if loader is None:
        raise UnsupportedFormat(
            path, f"unsupported file type '{suffix or 'no extension'}' (supported: "
            + ", ".join(sorted(LOADERS)) + ")"
        )
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocument(path, "the file is empty (0 bytes)")
    if size > max_bytes:
        raise OversizeDocument(path, f"the file is {size / 1_048_576:.1f} MB, over the "
                               f"{max_bytes / 1_048_576:.0f} MB limit (CONCORD_MAX_FILE_MB)")
    document = loader(path)
    if not document.text.strip():
        raise EmptyDocument(path)
    document.blocks = assign_sections(document.blocks)
    return document
