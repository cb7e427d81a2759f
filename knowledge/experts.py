"""When to bring in a subject-matter expert, and whom.

A message or question is matched to the expert functions (knowledge/data/functions.yaml) by
the phrases that signal each function and by meaning (embeddings against the function's
profile). A phrase alone is not enough ("the stability of the VPN"): the message must also be
close in meaning to the function's work, or name several of its phrases. An ownership answer
that finds no owner, or conflicting owners, on a topic a function owns is a reason too.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from langchain_core.embeddings import Embeddings

DEFAULT_FUNCTIONS = Path(__file__).parent / "data" / "functions.yaml"
FUNCTION_KEYS = ("qa", "qc", "regulatory", "supply_chain", "validation", "msat",
                 "data_integrity", "legal", "pharmacovigilance", "project_management")

MIN_SIMILARITY_WITH_TERM = 0.30  # one signal phrase + this closeness to the function
MIN_SIMILARITY_ALONE = 0.50  # no phrase, but very close in meaning
TWO_TERMS_SIMILARITY = 0.20  # two or more phrases need less closeness
RULE_SIMILARITY = 0.30  # a rule of thumb fires when the message is this close to some expert


@dataclass(frozen=True)
class Function:
    key: str
    label: str
    aliases: tuple[str, ...]
    profile: str
    terms: tuple[str, ...]
    topics: tuple[str, ...]
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rule:
    terms: tuple[str, ...]
    functions: tuple[str, ...]


@cache
def load_rules(path: Path = DEFAULT_FUNCTIONS) -> tuple[Rule, ...]:
    data = yaml.safe_load(path.read_text()) or {}
    return tuple(Rule(terms=tuple(str(t).lower() for t in r.get("terms", [])),
                      functions=tuple(r.get("functions", [])))
                 for r in data.get("rules") or [])


@cache
def load_functions(path: Path = DEFAULT_FUNCTIONS) -> dict[str, Function]:
    data = yaml.safe_load(path.read_text()) or {}
    out = {}
    for key, value in (data.get("functions") or {}).items():
        out[key] = Function(
            key=key, label=str(value.get("label", key)),
            aliases=tuple(str(a).lower() for a in value.get("aliases", [])),
            profile=" ".join(str(value.get("profile", "")).split()),
            terms=tuple(str(t).lower() for t in value.get("terms", [])),
            topics=tuple(value.get("topics", [])),
            examples=tuple(str(e) for e in value.get("examples", [])))
    return out


def _has(text: str, phrase: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(phrase)}(?![a-z0-9])", text) is not None


def function_for(text: str) -> str | None:
    """The function a job title or attendee note names: "Director QA" -> qa."""
    lowered = f" {text.lower()} "
    best, length = None, 0
    for function in load_functions().values():
        for alias in function.aliases:
            if len(alias) > length and _has(lowered, alias):
                best, length = function.key, len(alias)
    return best


def functions_for_topic(topic_key: str | None) -> list[str]:
    if not topic_key:
        return []
    return [f.key for f in load_functions().values() if topic_key in f.topics]


@dataclass
class Suggestion:
    function: str
    label: str
    reason: str
    score: float
    terms: list[str] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"function": self.function, "label": self.label, "reason": self.reason,
                "score": round(self.score, 3), "terms": self.terms, "people": self.people}


class ExpertSuggester:
    """Scores the functions for a text; profile embeddings are computed once."""

    def __init__(self, embeddings: Embeddings) -> None:
        self.embeddings = embeddings
        self.functions = load_functions()
        self._profiles: np.ndarray | None = None
        self._owners: np.ndarray | None = None
        self._lock = threading.Lock()

    def _profile_matrix(self) -> tuple[np.ndarray, np.ndarray]:
        """Vectors of each function's profile and short example messages, and the function
        index of each row."""
        with self._lock:
            if self._profiles is None:
                texts, owners = [], []
                for index, function in enumerate(self.functions.values()):
                    for text in (function.profile, *function.examples):
                        texts.append(text)
                        owners.append(index)
                self._profiles = np.asarray(self.embeddings.embed_documents(texts),
                                            dtype=np.float32)
                self._owners = np.asarray(owners)
            return self._profiles, self._owners

    def similarities(self, text: str) -> np.ndarray:
        """Per function: the closest of its profile and examples to the text."""
        matrix, owners = self._profile_matrix()
        query = np.asarray(self.embeddings.embed_query(text), dtype=np.float32)
        scores = matrix @ query
        best = np.full(len(self.functions), -1.0, dtype=np.float32)
        np.maximum.at(best, owners, scores)
        return best

    def suggest(self, text: str, *, gaps: dict[str, str] | None = None) -> list[Suggestion]:
        """Functions the text calls for, strongest first, each with its reason.

        `gaps` maps a function key to a reason from the documents (e.g. no owner for the
        topic); such functions are suggested whatever the text scores."""
        lowered = f" {' '.join(text.lower().split())} "
        similarities = self.similarities(text)
        on_topic = float(similarities.max()) >= RULE_SIMILARITY  # about anyone's work at all
        ruled: dict[str, list[str]] = {}
        for rule in load_rules():
            hits = [t for t in rule.terms if _has(lowered, t)]
            if hits and on_topic:
                for key in rule.functions:
                    ruled.setdefault(key, []).extend(hits)
        out: list[Suggestion] = []
        for (key, function), similarity in zip(self.functions.items(), similarities,
                                               strict=True):
            hits = [t for t in function.terms if _has(lowered, t)]
            hits += [t for t in ruled.get(key, []) if t not in hits]
            hits = [t for t in hits if not any(t != o and t in o for o in hits)]  # longest
            sim = float(similarity)
            strong = key in ruled or (len(hits) >= 2 and sim >= TWO_TERMS_SIMILARITY) or \
                (len(hits) == 1 and sim >= MIN_SIMILARITY_WITH_TERM) or \
                sim >= MIN_SIMILARITY_ALONE
            gap = (gaps or {}).get(key)
            if not strong and not gap:
                continue
            reason = gap or (
                f"the conversation mentions {', '.join(f'“{t}”' for t in hits[:3])}" if hits
                else "the conversation is about their work")
            out.append(Suggestion(function=key, label=function.label, reason=reason,
                                  score=sim + 0.1 * len(hits) + (0.5 if gap else 0.0),
                                  terms=hits[:5]))
        return sorted(out, key=lambda s: s.score, reverse=True)


@dataclass
class SmeAnswer:
    text: str
    project: str
    suggestions: list[Suggestion]

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "project": self.project,
                "suggestions": [s.to_json() for s in self.suggestions]}


def gaps_from_ownership(status: str | None, topic_key: str | None, topic: str) -> dict[str, str]:
    """Functions to bring in because the documents name no owner, or disagree."""
    if status not in ("not_found", "conflict"):
        return {}
    why = (f"the documents name no owner for “{topic}”" if status == "not_found"
           else f"the documents disagree on who owns “{topic}”")
    return {key: why for key in functions_for_topic(topic_key)}
