"""Structure shared by all loaders: numbered sections, page furniture and redactions."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ingest.document import Block

# "7.3 Raw data", "7.3. Raw data", "Section 7.3 Raw data", "ARTICLE 7 - QUALITY", "7. Term",
# and a sub-clause number fused to its heading by the PDF's text layer: "4.4Taxes."
_SECTION = re.compile(
    r"""^\s*(?:(?:section|article|clause|§)\s*)?
        (?:(?P<num>(?:\d{1,2}(?:\.\d{1,2}){0,3}|[IVXLC]{1,6})(?=[.\s:]))
           \.?[\s:\-–—]+
         |(?P<fused>\d{1,2}(?:\.\d{1,2}){1,3})(?=(?-i:[A-Z][a-z]|\[)))
        (?P<title>(?-i:[A-Z(“"\[])[^\n]{0,160})""",
    re.IGNORECASE | re.VERBOSE,
)
_ARTICLE_WORD = re.compile(r"^\s*(section|article|clause|§)", re.IGNORECASE)
_REDACTION = re.compile(r"\[\s*(?:\*\s*){2,}\]|\[\s*†\s*\]|\*{3,}|\[redacted\]|█+", re.IGNORECASE)
_PAGE_NUMBER = re.compile(
    r"^\s*(?:page\s*)?[-–]?\s*\d{1,4}\s*(?:(?:of|/)\s*\d{1,4})?\s*[-–]?\s*$", re.IGNORECASE
)
_DIGITS = re.compile(r"\d+")
_WS = re.compile(r"[ \t\u00a0]+")

REDACTED = "[redacted]"


def clean_text(text: str) -> str:
    """Collapse spaces, normalise redaction markers and strip control characters."""
    text = text.replace("\x00", "").replace("\u200b", "")
    text = _REDACTION.sub(REDACTED, text)
    return _WS.sub(" ", text).strip()


def is_mostly_redacted(text: str) -> bool:
    """True when a passage is only redaction markers and punctuation: nothing to quote."""
    rest = text.replace(REDACTED, "")
    return not re.search(r"[A-Za-z]{3,}", rest)


# "B.4 approving each bank for use ...", "C.12 Subcontracting": a clause numbered within a
# lettered part; a letter before the number leaves no doubt, so the title may be lower case
_LETTERED = re.compile(r"^\s*(?P<num>[A-Z]\.\d{1,2}(?:\.\d{1,2}){0,2})\.?\s+"
                       r"(?P<title>[\w(“\"][^\n]{0,160})")


_ANNEX = re.compile(r"^\s*(?P<word>appendix|schedule|annex|exhibit|attachment)\s+"
                    r"(?P<num>[A-Z0-9]{1,3}(?:\.\d{1,2})?)\b[\s.:\-–—]*(?P<title>.*)$",
                    re.IGNORECASE)


def match_section(line: str) -> tuple[str, str] | None:
    """Return (number, title) when a line opens a numbered section, else None.

    Short heading-like lines only: a numbered line that runs on into a long sentence is a
    clause and still opens a section; the title is then its first words.
    """
    if lettered := _LETTERED.match(line):
        return lettered.group("num"), _short_title(lettered.group("title"))
    m = _SECTION.match(line)
    if not m:
        return None
    num = (m.group("num") or m.group("fused")).rstrip(".")
    title = m.group("title").strip()
    if num.isdigit() and int(num) > 60:
        return None  # a quantity, not a section ("100 mg tablets")
    roman = re.fullmatch(r"[IVXLC]+", num, re.IGNORECASE)
    if roman and not _ARTICLE_WORD.match(line) and not title.isupper():
        return None  # "I agree ..." is not section I
    if re.match(r"^\d", title):
        return None
    return num, _short_title(title)


def _short_title(title: str) -> str:
    title = title.strip().strip("“”\"")
    for sep in (". ", ": "):
        head, found, _ = title.partition(sep)
        if found and 2 <= len(head) <= 80:
            return head.strip()
    return title[:80].rstrip()


def assign_sections(blocks: Iterable[Block]) -> list[Block]:
    """Fill in section number and title for each block from the nearest heading above it."""
    section: str | None = None
    title: str | None = None
    article: str | None = None  # the number of the last "Article 28 (...)" heading
    out: list[Block] = []
    for block in blocks:
        if block.kind in ("heading", "paragraph"):
            line = block.text.split("\n", 1)[0]
            found = match_section(line)
            if found and _ARTICLE_WORD.match(line):
                article = found[0]
            elif found and article and block.kind == "paragraph" and found[0].isdigit():
                # "### Article 28 (Safety Information)" then "1. Any information ...": 28.1
                found = (f"{article}.{found[0]}", title or found[1])
            elif found or block.kind == "heading":
                article = None
            if not found and block.kind == "heading" and (annex := _ANNEX.match(line)):
                # "### Appendix 1 – Responsibility Table" is no part of the article before it
                found = (f"{annex.group('word').title()} {annex.group('num')}",
                         _short_title(annex.group("title") or line.strip()))
            if found:
                section, title = found
            elif block.kind == "heading":
                title = block.text.strip()[:80]
                section = section if block.level > 1 else None
        block.section, block.section_title = section, title
        out.append(block)
    return out


def page_furniture(pages: list[list[str]]) -> set[str]:
    """Lines repeated at the top or bottom of most pages (running headers, footers).

    Digits are masked so "Page 3 of 9" and "Page 4 of 9" count as the same line.
    """
    if len(pages) < 3:
        return set()
    edges: Counter[str] = Counter()
    for lines in pages:
        seen = {_DIGITS.sub("#", line.strip()) for line in lines[:4] + lines[-4:] if line.strip()}
        edges.update(seen)
    threshold = max(2, int(len(pages) * 0.5))
    return {line for line, count in edges.items() if count >= threshold}


def strip_furniture(lines: list[str], furniture: set[str]) -> list[str]:
    """Drop running headers/footers and bare page numbers from one page's lines."""
    kept = []
    for index, line in enumerate(lines):
        masked = _DIGITS.sub("#", line.strip())
        at_edge = index < 4 or index >= len(lines) - 4
        if at_edge and (masked in furniture or _PAGE_NUMBER.match(line)):
            continue
        kept.append(line)
    return kept
