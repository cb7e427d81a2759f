"""BM25 over the current chunks of one project scope, cached until the project changes."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import bm25s
import Stemmer

_TOKEN = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*")
_stemmer = Stemmer.Stemmer("english")
STOPWORDS = frozenset("""
a an and are as at be been by can do does for from has have how i if in into is it its of on or
our shall should that the their them then there these they this to under was we what when where
which who whom whose why will with would you your about any all also may must not no such than
other each per upon
""".split())


def terms(text: str) -> list[str]:
    """Lower-cased, stemmed content words: the unit of lexical matching."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]
    return _stemmer.stemWords(words)


@dataclass
class LexicalIndex:
    ids: list[str]
    retriever: bm25s.BM25 | None

    def search(self, query: str, k: int) -> list[tuple[str, float]]:
        query_terms = terms(query)
        if not query_terms or self.retriever is None or not self.ids:
            return []
        k = min(k, len(self.ids))
        results, scores = self.retriever.retrieve([query_terms], k=k, show_progress=False)
        out = []
        for index, score in zip(results[0], scores[0], strict=False):
            if score > 0:
                out.append((self.ids[int(index)], float(score)))
        return out


def build_index(ids: list[str], texts: list[str]) -> LexicalIndex:
    corpus = [terms(t) or ["_empty_"] for t in texts]
    if not corpus:
        return LexicalIndex(ids=[], retriever=None)
    retriever = bm25s.BM25()
    retriever.index(corpus, show_progress=False)
    return LexicalIndex(ids=ids, retriever=retriever)


class LexicalCache:
    """One index per (project, audiences), rebuilt when the project's generation changes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, tuple[str, ...]], tuple[int, LexicalIndex]] = {}

    def get(self, key: tuple[str, tuple[str, ...]], generation: int) -> LexicalIndex | None:
        with self._lock:
            entry = self._entries.get(key)
        return entry[1] if entry and entry[0] == generation else None

    def put(self, key: tuple[str, tuple[str, ...]], generation: int, index: LexicalIndex) -> None:
        with self._lock:
            self._entries[key] = (generation, index)
