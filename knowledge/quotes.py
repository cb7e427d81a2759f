"""Pick the sentence of a passage that best answers a question, as a short verbatim quote."""

from __future__ import annotations

import re

from knowledge.lexical import terms

_SENTENCE_SPLIT = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(“\"0-9])|\n+")
MAX_QUOTE = 320


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if s and s.strip()]


def best_quote(text: str, question: str, *, max_chars: int = MAX_QUOTE) -> str:
    """The sentence sharing most content words with the question (earliest on ties),
    extended by the next sentence when very short; trimmed at a word boundary."""
    wanted = set(terms(question))
    parts = sentences(text) or [text]
    scores = [len(wanted & set(terms(p))) for p in parts]
    best = max(range(len(parts)), key=lambda i: (scores[i], -i))
    quote = parts[best]
    if len(quote) < 80 and best + 1 < len(parts):
        quote = f"{quote} {parts[best + 1]}"
    return trim(quote, max_chars)


def trim(text: str, max_chars: int = MAX_QUOTE) -> str:
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + " …"
