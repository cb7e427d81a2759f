"""HTML: headings, paragraphs, list items and tables; scripts and styles dropped."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from ingest.document import Block, ParsedDocument
from ingest.loaders.markdown import read_text
from ingest.structure import clean_text

_TEXT_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "table", "pre", "blockquote")


def html_blocks(markup: str) -> tuple[str | None, list[Block]]:
    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(["script", "style", "noscript", "template"]):
        tag.decompose()
    title = clean_text(soup.title.get_text()) if soup.title else None
    blocks: list[Block] = []
    for element in soup.find_all(_TEXT_TAGS):
        if element.find_parent("table") is not None:
            continue
        if element.name == "table":
            rows = [
                [clean_text(cell.get_text(" ")) for cell in row.find_all(["th", "td"])]
                for row in element.find_all("tr")
            ]
            rows = [row for row in rows if any(row)]
            if rows:
                blocks.append(Block(kind="table", rows=rows))
            continue
        if element.name in ("p", "li") and element.find_parent(["li"]) is not None:
            continue
        text = clean_text(element.get_text(" "))
        if not text:
            continue
        if element.name.startswith("h"):
            blocks.append(Block(kind="heading", text=text, level=int(element.name[1])))
        else:
            blocks.append(Block(kind="paragraph", text=text))
    if not blocks:
        text = clean_text(soup.get_text(" "))
        if text:
            blocks.append(Block(kind="paragraph", text=text))
    return title, blocks


def load_html(path: Path) -> ParsedDocument:
    title, blocks = html_blocks(read_text(path))
    return ParsedDocument(title=title or path.stem, blocks=blocks)
