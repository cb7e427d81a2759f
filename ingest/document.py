"""What a loader produces: a document as a sequence of blocks that keep their structure."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass
class Block:
    """One heading, paragraph or table, with where it sits in the document."""

    kind: BlockKind
    text: str = ""
    page: int | None = None
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)  # tables: header first
    section: str | None = None  # filled in by ingest.structure
    section_title: str | None = None
    depth: int = 0  # list nesting: 1 for a bullet, 2 for one under it; 0 for prose

    def render(self) -> str:
        """Text used for chunking, search and quotes. Tables render one row per line."""
        if self.kind != "table":
            return self.text
        if not self.rows:
            return ""
        header = self.rows[0]
        lines = [" | ".join(cell for cell in header)]
        for row in self.rows[1:]:
            pairs = [
                f"{header[i]}: {cell}" if i < len(header) and header[i] else cell
                for i, cell in enumerate(row)
                if cell
            ]
            lines.append("; ".join(pairs))
        return "\n".join(line for line in lines if line.strip())


@dataclass
class ParsedDocument:
    """A loaded file: title, blocks in reading order, page count and raw text for detection."""

    title: str
    blocks: list[Block]
    pages: int | None = None
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n".join(block.render() for block in self.blocks)

    def head(self, chars: int = 3000) -> str:
        """The first characters of text: where titles, versions and parties live."""
        out: list[str] = []
        size = 0
        for block in self.blocks:
            piece = block.render()
            out.append(piece)
            size += len(piece)
            if size >= chars:
                break
        return "\n".join(out)[:chars]
