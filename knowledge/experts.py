"""When to bring in a subject-matter expert, and whom.

A message is matched to the expert functions (knowledge/data/functions.yaml) in three ways:

* phrases: each function's `terms`, matched on word stems ("requalifying" matches
  "requalify"), on word prefixes (`qualif*`) or as regular expressions (`re:...`);
* rules of thumb: named vocabularies (`signals`) that call for several functions together
  when they co-occur ("an authority" + "a question" -> QA and Regulatory);
* meaning: the closeness of the message to each function's profile and example sentences.

Words with an everyday meaning (`weak` phrases: "release", "deviation", "spec") count only
outside small talk ("thanks for releasing the agenda", "great work on the PPQ campaign") and
in a message about the product or the process: one with a `domain` word ("lot", "batch"), or
one close in meaning to the function. Meaning alone suggests a function only when no phrase
matched at all. The rules follow bench/data/SME_LABELLING.md: a second expert is added only
where the guide adds one (QA for a change only when its category under the quality agreement
is asked, for an excursion only when the disposition is asked; trends call for QC, QA and data
integrity, plus MSAT for process data); project management only for PM matters (governance,
meeting cadence, escalation paths, disagreeing plans, PM hand-overs). A status
note saying the matter is closed ("nothing needed from anyone") calls for nobody. An
ownership answer that finds no owner, or conflicting owners, on a topic a function owns is
a reason too.
Everything is deterministic; every suggestion carries the phrases or the rule behind it.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import Stemmer
import yaml
from langchain_core.embeddings import Embeddings

DEFAULT_FUNCTIONS = Path(__file__).parent / "data" / "functions.yaml"
FUNCTION_KEYS = ("qa", "qc", "regulatory", "supply_chain", "validation", "msat",
                 "data_integrity", "legal", "pharmacovigilance", "project_management")

WEAK_SIMILARITY = 0.35  # an everyday word counts when the message is this close to the function
MIN_SIMILARITY_ALONE = 0.52  # no phrase, but very close in meaning to the function's work

# signal names with a fixed role (defined in functions.yaml under `signals`)
DOMAIN, SMALL_TALK, HANDLED = "domain", "small_talk", "handled"

_TOKEN = re.compile(r"[a-z0-9]+(?:\.[a-z0-9]+)*")
_stemmer = Stemmer.Stemmer("english")


@dataclass(frozen=True)
class Phrase:
    """A phrase as written in functions.yaml, compiled for matching."""

    text: str
    weak: bool = False
    words: tuple[str, ...] = ()  # stems, or "prefix*"
    regex: re.Pattern[str] | None = None


def compile_phrase(text: str, weak: bool = False) -> Phrase:
    text = str(text).strip()
    if text.startswith("re:"):
        return Phrase(text=text, weak=weak, regex=re.compile(text[3:].strip()))
    words = []
    for token in re.findall(r"[a-z0-9]+(?:\.[a-z0-9]+)*\*?", text.lower()):
        words.append(token if token.endswith("*") else _stemmer.stemWord(token))
    return Phrase(text=text.lower(), weak=weak, words=tuple(words))


def _phrases(strong: list | None, weak: list | None = None) -> tuple[Phrase, ...]:
    out = [compile_phrase(t) for t in strong or []]
    out += [compile_phrase(t, weak=True) for t in weak or []]
    return tuple(p for p in out if p.words or p.regex is not None)


class Message:
    """A lower-cased message, its words and their stems, for phrase matching."""

    def __init__(self, text: str) -> None:
        self.text = " ".join(text.lower().split())
        spans = list(_TOKEN.finditer(self.text))
        self.tokens = [m.group() for m in spans]
        self.spans = [m.span() for m in spans]
        self.stems = _stemmer.stemWords(self.tokens)
        self.at: dict[str, list[int]] = {}
        for i, stem in enumerate(self.stems):
            self.at.setdefault(stem, []).append(i)

    def find(self, phrase: Phrase) -> str | None:
        """The words of the message that match the phrase, or None."""
        if phrase.regex is not None:
            found = phrase.regex.search(self.text)
            return found.group().strip() if found else None
        n = len(phrase.words)
        first = phrase.words[0]
        starts = (range(len(self.tokens) - n + 1) if first.endswith("*")
                  else [i for i in self.at.get(first, ()) if i <= len(self.tokens) - n])
        for i in starts:
            for j, word in enumerate(phrase.words):
                token = self.tokens[i + j]
                if not (token.startswith(word[:-1]) if word.endswith("*")
                        else self.stems[i + j] == word):
                    break
            else:
                return self.text[self.spans[i][0]:self.spans[i + n - 1][1]]
        return None

    def matches(self, phrases: tuple[Phrase, ...]) -> list[tuple[str, bool]]:
        """(matched words, weak) for each phrase found, longest first, without repeats."""
        found: dict[str, bool] = {}
        for phrase in phrases:
            words = self.find(phrase)
            if words is not None:
                found[words] = found.get(words, True) and phrase.weak
        ordered = sorted(found.items(), key=lambda kv: -len(kv[0]))
        out: list[tuple[str, bool]] = []
        for words, weak in ordered:
            inside = [i for i, (longer, _) in enumerate(out) if words in longer]
            if not inside:
                out.append((words, weak))
            elif not weak:  # a strong phrase inside a weak one makes it strong
                out[inside[0]] = (out[inside[0]][0], False)
        return out


@dataclass(frozen=True)
class Function:
    key: str
    label: str
    aliases: tuple[str, ...]
    profile: str
    terms: tuple[str, ...]
    topics: tuple[str, ...]
    examples: tuple[str, ...] = ()
    phrases: tuple[Phrase, ...] = ()
    unless: tuple[str, ...] = ()  # signals that rule the function out ("nobody was hurt")


@dataclass(frozen=True)
class Rule:
    """When every signal of `all` is present (and none of `unless`), call all `functions`.
    `terms` is an unnamed signal of its own (the older, single-vocabulary form)."""

    terms: tuple[str, ...]
    functions: tuple[str, ...]
    all: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()
    why: str = ""
    phrases: tuple[Phrase, ...] = ()


def _data(path: Path) -> dict:
    return yaml.safe_load(path.read_text()) or {}


@cache
def load_signals(path: Path = DEFAULT_FUNCTIONS) -> dict[str, tuple[Phrase, ...]]:
    return {str(name): _phrases(value.get("terms"), value.get("weak"))
            for name, value in (_data(path).get("signals") or {}).items()}


@cache
def load_rules(path: Path = DEFAULT_FUNCTIONS) -> tuple[Rule, ...]:
    signals = load_signals(path)
    out = []
    for r in _data(path).get("rules") or []:
        names = tuple(str(n) for n in r.get("all", []))
        unless = tuple(str(n) for n in r.get("unless", []))
        for name in names + unless:
            if name not in signals:
                raise ValueError(f"{path.name}: rule names an unknown signal {name!r}")
        out.append(Rule(terms=tuple(str(t).lower() for t in r.get("terms", [])),
                        functions=tuple(r.get("functions", [])), all=names, unless=unless,
                        why=" ".join(str(r.get("why", "")).split()),
                        phrases=_phrases(r.get("terms"), r.get("weak"))))
    return tuple(out)


@cache
def load_functions(path: Path = DEFAULT_FUNCTIONS) -> dict[str, Function]:
    data = _data(path)
    out = {}
    for key, value in (data.get("functions") or {}).items():
        out[key] = Function(
            key=key, label=str(value.get("label", key)),
            aliases=tuple(str(a).lower() for a in value.get("aliases", [])),
            profile=" ".join(str(value.get("profile", "")).split()),
            terms=tuple(str(t).lower() for t in value.get("terms", [])),
            topics=tuple(value.get("topics", [])),
            examples=tuple(str(e) for e in value.get("examples", [])),
            phrases=_phrases(value.get("terms"), value.get("weak_terms")),
            unless=tuple(str(n) for n in value.get("unless", [])))
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


@dataclass
class _Evidence:
    terms: list[str] = field(default_factory=list)
    whys: list[str] = field(default_factory=list)

    def add(self, terms: list[str], why: str = "") -> None:
        for term in terms:  # the longest wording of each phrase, once
            if any(term in known for known in self.terms):
                continue
            self.terms = [known for known in self.terms if known not in term] + [term]
        if why and why not in self.whys:
            self.whys.append(why)


class ExpertSuggester:
    """Scores the functions for a text; profile embeddings are computed once."""

    def __init__(self, embeddings: Embeddings) -> None:
        self.embeddings = embeddings
        self.functions = load_functions()
        self.signals = load_signals()
        self.rules = load_rules()
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

    def _signal(self, message: Message, name: str) -> list[tuple[str, bool]]:
        return message.matches(self.signals.get(name, ()))

    def suggest(self, text: str, *, gaps: dict[str, str] | None = None) -> list[Suggestion]:
        """Functions the text calls for, strongest first, each with its reason.

        `gaps` maps a function key to a reason from the documents (e.g. no owner for the
        topic); such functions are suggested whatever the text scores."""
        gaps = gaps or {}
        message = Message(text)
        evidence: dict[str, _Evidence] = {}
        similarity = dict(zip(self.functions, (float(s) for s in self.similarities(text)),
                              strict=True))
        handled = bool(self._signal(message, HANDLED)) and "?" not in message.text
        if not handled:
            evidence = self._evidence(message, similarity)
        out: list[Suggestion] = []
        for key, function in self.functions.items():
            found = evidence.get(key)
            gap = gaps.get(key)
            if not found and not gap:
                continue
            if found and found.terms:
                reason = f"the conversation mentions {', '.join(f'“{t}”' for t in found.terms[:3])}"
                if found.whys:
                    reason += f" ({'; '.join(found.whys[:2])})"
            elif found:
                reason = "the conversation is close to their work: " + found.whys[0]
            else:
                reason = ""
            if gap:
                reason = gap
            n_terms = len(found.terms) if found else 0
            out.append(Suggestion(function=key, label=function.label, reason=reason,
                                  score=similarity[key] + 0.1 * n_terms + (0.5 if gap else 0.0),
                                  terms=(found.terms[:5] if found else [])))
        return sorted(out, key=lambda s: s.score, reverse=True)

    def _evidence(self, message: Message, similarity: dict[str, float]) -> dict[str, _Evidence]:
        small_talk = bool(self._signal(message, SMALL_TALK))
        domain = bool(self._signal(message, DOMAIN))

        def supported(matches: list[tuple[str, bool]], functions: tuple[str, ...]) -> bool:
            """Strong words count; weak words only about the product, never in small talk."""
            if any(not weak for _, weak in matches):
                return True
            if small_talk:
                return False
            return domain or max((similarity.get(f, 0.0) for f in functions),
                                          default=0.0) >= WEAK_SIMILARITY

        present: dict[str, list[tuple[str, bool]]] = {}

        def signal(name: str) -> list[tuple[str, bool]]:
            if name not in present:
                present[name] = self._signal(message, name)
            return present[name]

        evidence: dict[str, _Evidence] = {}
        for key, function in self.functions.items():
            hits = message.matches(function.phrases)
            if hits and supported(hits, (key,)):
                evidence.setdefault(key, _Evidence()).add([w for w, _ in hits])
        for rule in self.rules:
            groups = [signal(name) for name in rule.all]
            if rule.phrases:
                groups.append(message.matches(rule.phrases))
            if not groups or not all(groups):
                continue
            if any(signal(name) for name in rule.unless):
                continue
            matched = [m for group in groups for m in group]
            if not supported(matched, rule.functions):
                continue
            for key in rule.functions:
                evidence.setdefault(key, _Evidence()).add([w for w, _ in matched], rule.why)
        if not small_talk and not evidence:  # no phrase at all: meaning alone
            for key, function in self.functions.items():
                if similarity[key] >= MIN_SIMILARITY_ALONE:
                    evidence[key] = _Evidence(whys=[function.profile.split(":")[0].lower()])
        for key, function in self.functions.items():
            if key in evidence and any(signal(name) for name in function.unless):
                del evidence[key]
        return evidence


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
