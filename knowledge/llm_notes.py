"""An optional LLM reading of meeting notes for open points the rules do not know.

The rules of `ingest/extract/open_points.py` read headings, labels, idioms and positions; each
new author finds new ways of saying "not aligned". With `CONCORD_LLM` and `CONCORD_LLM_NOTES`
set, each note's lines are numbered and the model answers with line numbers only. Concord then
quotes those lines verbatim, so the model cannot put words in a roadblock: a number outside the
note is ignored, a line the rules already read is not added twice, and a model that is down or
slow leaves the rule-based reading as it was."""

from __future__ import annotations

import logging
import re

from knowledge.llm import GroundedWriter, ModelUnavailable
from prompts import load_prompt

log = logging.getLogger(__name__)
MAX_LINES = 400  # one model call per note; a longer note is read in parts
_NUMBER = re.compile(r"^\s*\[?(\d{1,4})\]?\b")


def numbered(lines: list[str], start: int = 0) -> str:
    """[n] <<<line>>>: the delimiters mark the note's text as data."""
    return "\n".join(f"[{start + i + 1}] <<<{' '.join(line.split())}>>>"
                     for i, line in enumerate(lines))


def parse_numbers(reply: str, count: int) -> set[int]:
    """0-based indexes of the lines the model named; anything else in the reply is ignored."""
    if reply.strip().upper().startswith("NONE"):
        return set()
    picked = set()
    for row in reply.splitlines():
        m = _NUMBER.match(row)
        if m and 1 <= int(m.group(1)) <= count:
            picked.add(int(m.group(1)) - 1)
    return picked


class LlmNoteReader:
    def __init__(self, writer: GroundedWriter, project: str = "notes") -> None:
        self.writer = writer
        self.project = project

    def __call__(self, lines: list[str]) -> set[int]:
        picked: set[int] = set()
        for start in range(0, len(lines), MAX_LINES):
            part = lines[start:start + MAX_LINES]
            prompt = load_prompt("open_points_reading").render(lines=numbered(part, start))
            try:
                reply = self.writer.write(project=self.project, prompt=prompt)
            except ModelUnavailable as exc:
                log.warning("LLM reading of notes skipped: %s", exc)
                return picked
            picked |= {i for i in parse_numbers(reply, start + len(part)) if i >= start}
        return picked
