"""Which part of a split clause a question's circumstances point to.

Contracts often give one duty to each party by cause: "Dexcel shall indemnify Kitov against
claims arising from Dexcel's manufacture ..." and "Kitov shall indemnify Dexcel against claims
arising from the marketing, distribution or sale ...". A question that says what happened ("a
patient says the leaflet warnings were inadequate") asks about one of them. The circumstances
the question gives are compared with each clause's cause; a clear winner answers alone."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

import numpy as np

CAUSE_MARGIN = 0.05  # how much closer one clause's cause must be than the others'

# where a clause's cause begins: "... harmless from any Claims arising from (i) ..."
_CAUSE = re.compile(r"\b(?:arising|resulting|caused|due\s+to|attributable\s+to|in\s+the\s+event|"
                    r"if)\b", re.IGNORECASE)
# the carve-out that refers to the other clause: "in all cases except to the extent ..."
_CARVE_OUT = re.compile(r"[,;]?\s*(?:in\s+all\s+cases\s+)?except\s+to\s+the\s+extent\b.*$",
                        re.IGNORECASE | re.DOTALL)
# what the question says did not happen: "nothing to do with our labelling or marketing"
_NEGATED = re.compile(r"[-–—,;]?\s*\b(?:nothing\s+to\s+do\s+with|not\s+(?:due\s+to|because\s+of|"
                      r"caused\s+by|related\s+to|about)|rather\s+than|instead\s+of|"
                      r"no\s+fault\s+of)\b[^.;?!]*", re.IGNORECASE)


class _Embeds(Protocol):
    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


def cause_of(quote: str) -> str:
    """The part of a clause that says when it applies: its text from "arising from" (or
    "caused by", "if", ...) without the carve-out that points at the other clause."""
    text = _CARVE_OUT.sub("", quote)
    m = _CAUSE.search(text)
    return text[m.start():] if m else text


def circumstances(context: str) -> str:
    """What a question says happened, without what it says did not."""
    said = re.sub(r"\s+", " ", _NEGATED.sub("", context))
    return re.sub(r"\s+(?=[.,;:!?])", "", said).strip()


def pick_side(embeddings: _Embeds, context: str | None, quotes: Sequence[str]) -> int | None:
    """The index of the clause whose cause the circumstances match clearly best, or None."""
    said = circumstances(context or "")
    if len(said.split()) < 4 or len(quotes) < 2:
        return None
    vectors = np.asarray(embeddings.embed_documents([said, *[cause_of(q) for q in quotes]]),
                         dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    similarity = vectors[1:] @ vectors[0]
    order = np.argsort(-similarity)
    if similarity[order[0]] - similarity[order[1]] < CAUSE_MARGIN:
        return None
    return int(order[0])
