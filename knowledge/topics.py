"""The gap-check topic list (knowledge/data/topics.yaml) and matching text to a topic key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DEFAULT_TOPICS = Path(__file__).parent / "data" / "topics.yaml"


@dataclass(frozen=True)
class Aspect:
    label: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    key: str
    label: str
    terms: tuple[str, ...]
    matters: bool = True
    requires: tuple[Aspect, ...] = ()
    # phrases that settle the topic by themselves, owner named or not ("escalated to")
    settled_by: tuple[str, ...] = ()


@cache
def load_topics(path: Path = DEFAULT_TOPICS) -> dict[str, Topic]:
    data = yaml.safe_load(path.read_text()) or {}
    return {
        key: Topic(key=key, label=str(value.get("label", key)),
                   terms=tuple(str(t).lower() for t in value.get("terms", [])),
                   matters=bool(value.get("matters", True)),
                   requires=tuple(Aspect(label=str(a["aspect"]),
                                         terms=tuple(str(t).lower() for t in a.get("terms", [])))
                                  for a in value.get("requires", [])),
                   settled_by=tuple(str(t).lower() for t in value.get("settled_by", [])))
        for key, value in (data.get("topics") or {}).items()
    }


@cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def mentions(text: str, phrases: tuple[str, ...]) -> list[str]:
    """The phrases text contains as whole words (case-insensitive)."""
    if not phrases:
        return []
    lowered = f" {text.lower()} "
    if not _phrase_pattern(phrases).search(lowered):  # one compiled scan rules most texts out
        return []
    return [p for p in phrases if _phrase_pattern((p,)).search(lowered)]


def topics_in(text: str, topics: dict[str, Topic] | None = None) -> list[str]:
    """Every topic whose terms the text mentions."""
    return [t.key for t in (topics or load_topics()).values() if mentions(text, t.terms)]


def topic_for(text: str, topics: dict[str, Topic] | None = None) -> str | None:
    """The topic whose terms the text mentions most (longer terms weigh more), or None."""
    lowered = f" {text.lower()} "
    best, best_score = None, 0.0
    for topic in (topics or load_topics()).values():
        score = sum(len(term.split()) for term in topic.terms
                    if re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", lowered))
        if score > best_score:
            best, best_score = topic.key, score
    return best
