"""E-mail (.eml): subject, sender, recipients and date as a header block, then the body."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

from ingest.document import Block, ParsedDocument
from ingest.loaders.html import html_blocks
from ingest.loaders.markdown import _markdown_blocks
from ingest.structure import clean_text
from knowledge.errors import CorruptDocument

HEADERS = ("Subject", "From", "To", "Cc", "Date")


_TITLE_LINE = re.compile(r"^[A-Z][\w/&'’ -]{1,40}$")
# a paragraph of its own that leads into the ones below it: "On the points that are still
# open:", "Where we stand:"
_LEAD_IN_LINE = re.compile(r"^[A-Z][^.?!:>]{2,80}:\s*$")


_ATTRIBUTION = re.compile(r"<[^<>@\s]+@[^<>\s]+>.{0,40}:\s*$")


def _sign_off(lines: list[str], i: int) -> bool:
    """A closing before the writer's name: a short line ending in a comma, a name under it."""
    line = lines[i].strip()
    following = next((x.strip() for x in lines[i + 1:] if x.strip()), "")
    return line.endswith(",") and len(line.split()) <= 3 and bool(following) \
        and len(following.split()) <= 3 and not re.search(r"[.,:;!?]", following) \
        and not lines[i - 1].strip()


def _title_lines_apart(lines: list[str]) -> list[str]:
    """Plain-text mail titles its parts with short lines ("Still open", "Decisions") and
    writes one item per line: keep those apart instead of joining them into one paragraph."""
    out: list[str] = []
    for i, line in enumerate(lines):
        if _LEAD_IN_LINE.match(line) and (i == 0 or not lines[i - 1].strip()) \
                and (i + 1 == len(lines) or not lines[i + 1].strip()):
            out.append(f"#### {line.strip().rstrip(':')}")  # "On the points still open:"
            continue
        if i and (_ATTRIBUTION.search(line) or _sign_off(lines, i)):
            # the writer's points end at the sign-off ("Best regards," / "Με εκτίμηση,") and
            # at a reply header in any language ("... <r.enchev@mestarel.example> έγραψε:")
            out.append(f"#### {line.strip()}")
            continue
        out.append(line)
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if not following[:1].isupper():
            continue
        title = _TITLE_LINE.match(line.strip()) and len(line.split()) <= 4 and (
            not out[:-1] or not out[-2].strip())
        if title or line.rstrip().endswith((".", "?", "!")):
            out.append("")  # a sentence that ends its line ends its item in plain-text mail
    return out


def _body(message: EmailMessage) -> list[Block]:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return []
    content = part.get_content()
    if part.get_content_type() == "text/html":
        return html_blocks(content)[1]
    return _markdown_blocks(_title_lines_apart(content.splitlines()))


def load_email(path: Path) -> ParsedDocument:
    try:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    except Exception as exc:
        raise CorruptDocument(path, f"not a readable e-mail ({type(exc).__name__})") from exc
    if not isinstance(message, EmailMessage) or not any(message.get(h) for h in HEADERS):
        raise CorruptDocument(path, "no e-mail headers (Subject, From, Date) found")
    header_lines = [
        f"{name}: {clean_text(str(message[name]))}" for name in HEADERS if message[name]
    ]
    subject = clean_text(str(message["Subject"] or "")) or path.stem
    blocks = [Block(kind="heading", text=subject, level=1),
              Block(kind="paragraph", text="\n".join(header_lines))]
    try:
        blocks.extend(_body(message))
    except (LookupError, UnicodeError) as exc:
        raise CorruptDocument(path, f"unreadable e-mail body ({type(exc).__name__})") from exc
    return ParsedDocument(title=subject, blocks=blocks,
                          metadata={"date": str(message["Date"] or "")})
