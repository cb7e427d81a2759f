""""Who owns X?": the responsible party, the person where known, and the clause that says so.

Answers come from the responsibility records extracted at ingest (matrix rows, duty clauses,
decisions, action items), never from free text generation. The party is whatever the record
names; when current documents disagree the answer is `conflict`; when none assigns the
activity it is `not_found`, with the nearest passages marked as not an assignment.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.actions import (
    GENERIC_ACTIONS,
    duty_action,
    head_action,
    leading_actions,
    names_action,
)
from knowledge.answers import citation_for, project_label
from knowledge.causes import pick_side
from knowledge.errors import ProjectNotFound
from knowledge.lexical import terms
from knowledge.models import Assignment, Citation, DocumentRecord, Passage, Responsibility
from knowledge.questions import (
    LINKS,
    WHICH_DEAL,
    activity_and_condition,
    asked_with_context,
    excluded_of,
)
from knowledge.requesters import (
    asked_by,
    main_parties,
    question_protected,
    question_requester,
    question_subject,
    record_requester,
    resolve,
    right_asked_of,
)
from knowledge.retrieval import Query, search
from knowledge.roles import role_label
from knowledge.store import KnowledgeStore, audiences_for
from knowledge.synonyms import expand
from knowledge.topics import topic_for

MIN_SCORE = 0.52  # below this no record answers the question
SECTION_BONUS = (0.12, 0.08, 0.06, 0.04)  # records in the best-ranked passages' sections
MARGIN = 0.06  # records this close to the best one are considered together
SAME_ACTIVITY = 0.72  # cosine between two records' activities to call them the same duty
CONFLICT_MARGIN = 0.20  # records this close to the best one may contradict it
CONFLICT_SIMILARITY = 0.5  # ... when they name the same action on a related object
SPLIT_MARGIN = 0.05  # a clause of the same document this close assigns another part of it
MISMATCH_DOUBT = 0.10  # extra score a record naming another action needs (see _doubt)
CONDITION_LIFT = 0.20  # most the question's condition may add to a record's similarity
QUESTION_LIFT = 0.15  # ... and the question as asked, for one whose context is not a condition
PAYER_PENALTY = 0.08  # "bear the cost of X" answers who pays, not who does X
PAID_OBJECT_PENALTY = 0.15  # "who pays the freight?" is not answered by "X pays the fees"
EXCLUDED_PENALTY = 0.15  # "(not after termination)": a clause about termination is not meant
RIGHT_DOUBT = 0.10  # extra score a right needs to answer a question that asks for a duty
WARRANTY_DOUBT = 0.20  # ... and a warranty ("X warrants that ...") to answer who does something
_WARRANTY_CUE = re.compile(r"\b(?:warrant\w*|guarantee\w*|vouch\w*|stands?\s+behind|"
                           r"represent(?:s|ations?)?\b|promis\w*)", re.IGNORECASE)
SECTION_FLOOR = 0.35  # a record in the top passage's section, naming the action, needs this
CLEAR_FLOOR = 0.48  # ... one anywhere, naming the action ...
CLEAR_MARGIN = 0.03  # ... and this far ahead of any record naming other owners
REQUESTER_MATCH = 0.05  # "Dexcel asked for it": a clause on work done at Dexcel's request
REQUESTER_MISMATCH = 0.20  # ... and rules out one on work done at the other party's request
PROTECTED_MISMATCH = 0.20  # a party's own indemnity for "who has to indemnify <that party>?"
RIGHT_MATCH = 0.03  # a right's lift for a question that asks who may do something
_ASKS_RIGHT = re.compile(r"\bwho\s+(?:can|may|gets?\s+to|is\s+(?:allowed|entitled|permitted))\b|"
                         r"\bwhose\s+right\b|\b(?:has|have)\s+the\s+right\b", re.IGNORECASE)
# A record of the party whose right is asked ("could CPDC terminate ...?") answers instead of
# the other party's same right when it scores this close to it.
RIGHT_HOLDER_MARGIN = 0.10
SUBJECT_DOUBT = 0.10  # ... and a duty of the other party to answer "does X have to ...?"
AGENT_DOUBT = 0.15  # ... and a party's duty to answer a question about the authority's act
_LIMIT_CUE = re.compile(r"\b(?:caps?|capped|limit\w*|maximum|max|exceed\w*|ceiling|"
                        r"how\s+much|recover\w*|lost\s+(?:profits?|sales|revenue)|"
                        r"consequential|indirect|exposure|worst[-\s]case|carve[sd]?[-\s]?out)\b",
                        re.IGNORECASE)
_RIGHT_CUE = re.compile(r"\b(?:right|rights|entitled|may|can|could|gets?\s+to|allowed|permitted|"
                        r"option|able|free\s+to|authori[sz]ed)\b", re.IGNORECASE)
_AUTHORITY = re.compile(r"\b(?:fda|ema|mhra|agency|agencies|authorit(?:y|ies)|regulators?|"
                        r"government(?:al)?|inspectorate)\b", re.IGNORECASE)


@dataclass
class Owner:
    party: str
    role: str | None
    raci: str | None
    person: str | None = None
    party_full: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"party": self.party, "role": self.role, "raci": self.raci,
                "person": self.person, "party_full": self.party_full}


@dataclass
class OwnerAnswer:
    question: str
    project: str
    status: str  # found | shared | conflict | not_found
    topic: str
    topic_key: str | None
    owners: list[Owner]
    citations: list[Citation]
    superseded: list[Citation]
    answer: str
    nearest: list[Citation] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    precedence: Citation | None = None
    mode: str = "extractive"  # extractive | llm
    fallback_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question, "project": self.project, "status": self.status,
            "topic": self.topic, "topic_key": self.topic_key,
            "owners": [o.to_json() for o in self.owners],
            "citations": [c.to_json() for c in self.citations],
            "superseded": [c.to_json() for c in self.superseded],
            "answer": self.answer,
            "nearest": [c.to_json() for c in self.nearest],
            "conflicts": self.conflicts,
            "precedence": self.precedence.to_json() if self.precedence else None,
            "mode": self.mode, "fallback_reason": self.fallback_reason,
        }


@dataclass
class _Facts:
    items: list[tuple[Responsibility, DocumentRecord]]
    matrix: np.ndarray  # one normalised activity vector per item
    terms: list[frozenset[str]] = field(default_factory=list)  # words of each, with synonyms
    actions: list[tuple[str | None, frozenset[str]]] = field(default_factory=list)
    quote_terms: list[frozenset[str]] = field(default_factory=list)  # words of each clause
    vocabulary: frozenset[str] = frozenset()  # every word the records and their clauses use
    requesters: list[str | None] = field(default_factory=list)  # "at X's request": X
    # per document: its two parties and their other names
    parties: dict[str, tuple[list[str], dict[str, str]]] = field(default_factory=dict)

    def known(self, words: set[str], names: set[str]) -> set[str]:
        """The words of a question less the codes no record uses: a product code ("Ac-225")
        the clauses call "the Product" only dilutes the match. A word no clause uses stays:
        it is a sign the documents are silent."""
        return {w for w in words if w in self.vocabulary or w not in names} or words


@dataclass
class _Scored:
    fact: Responsibility
    document: DocumentRecord
    score: float
    index: int
    base: float = 0.0  # the score without the passage-search bonus


class OwnershipIndex:
    """Responsibility records per project scope, cached until the project changes."""

    def __init__(self, store: KnowledgeStore) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._cache: dict[tuple, tuple[int, _Facts]] = {}

    def facts(self, project: str, audiences: tuple[str, ...], *, current: bool) -> _Facts:
        generation = self.store.records.generation(project)
        key = (project, audiences, current)
        with self._lock:
            cached = self._cache.get(key)
        if cached and cached[0] == generation:
            return cached[1]
        items = [(f, d) for f, d in self.store.records.responsibilities(project, audiences,
                                                                         current=current)
                 if f.vector is not None]
        matrix = (np.array([f.vector for f, _ in items], dtype=np.float32) if items
                  else np.zeros((0, 1), dtype=np.float32))
        fact_terms = [frozenset(terms(expand(f.activity))) for f, _ in items]
        quote_terms = [frozenset(terms(f"{f.activity} {f.quote}")) for f, _ in items]
        parties = {doc: main_parties(stored) for doc, stored in
                   self.store.records.document_parties(project, current=current).items()}
        requesters = []
        for f, d in items:
            written = record_requester(f.activity)
            requesters.append(resolve(written, *parties.get(d.id, ([], {})))
                              if written else None)
        facts = _Facts(items=items, matrix=matrix, terms=fact_terms,
                       actions=[(duty_action(f), leading_actions(f)) for f, _ in items],
                       quote_terms=quote_terms,
                       vocabulary=frozenset().union(*fact_terms, *quote_terms),
                       requesters=requesters, parties=parties)
        with self._lock:
            self._cache[key] = (generation, facts)
        return facts


class PartyRegistry:
    """Roles and full names of a project's parties, with configured overrides."""

    def __init__(self, parties: list[dict], overrides: dict[str, str]) -> None:
        self.roles: dict[str, str | None] = {}
        self.full: dict[str, str] = {}
        for party in parties:
            names = [party["name"], *party.get("aliases", [])]
            for name in names:
                if party.get("role") and name not in self.roles:
                    self.roles[name] = party["role"]
            corporate = [a for a in party.get("aliases", []) if len(a) > len(party["name"])
                         and re.search(r"\b(inc|ltd|llc|gmbh|ag|corp|b\.v|s\.a|plc|limited)\b",
                                       a, re.I)]
            if corporate:
                self.full.setdefault(party["name"], corporate[0])
        for name, role in overrides.items():
            self.roles[name] = role
        # party names as words, so "who pays Sanofi Pasteur?" is not read as what is paid for
        self.words = frozenset(w for name in [*self.roles, *self.full.values()]
                               for w in terms(name))

    def owner(self, assignment: Assignment, person: str | None) -> Owner:
        role = self.roles.get(assignment.party) or assignment.role
        return Owner(party=assignment.party, role=role, raci=assignment.raci, person=person,
                     party_full=self.full.get(assignment.party))


def _owner_key(fact: Responsibility) -> frozenset[str]:
    """Who does the work: R / plain marks; A-only rows fall back to the accountable party."""
    doers = {a.party for a in fact.assignments if a.raci in (None, "R")}
    return frozenset(doers or {a.party for a in fact.assignments if a.raci == "A"})




SOURCE_ORDER = {"clause": 0, "matrix": 1, "list": 2, "decision": 3, "action": 4}


_PAY_WORDS = frozenset(terms(expand("pay pays paying payment bear the cost costs expense "
                                   "expenses charges fees reimburse settle")))
_GENERIC_OBJECTS = frozenset(terms("product products batch batches agreement party parties "
                                   "side us we they them our their term"))
_PAID_OBJECT_END = re.compile(r"\b(?:when|if|once|after|before|while|because|so\s+that|"
                              r"in\s+case|unless|whenever)\b.*$", re.IGNORECASE)


_WEAK_OBJECTS = frozenset(terms("extra additional related associated incurred involved "
                                "whole entire full back one two three four five six seven "
                                "eight nine ten hundred thousand million billion dollar dollars "
                                "usd eur euro euros"))


def paid_object(activity: str, party_words: frozenset[str] = frozenset()
                ) -> tuple[frozenset[str], ...]:
    """What a "who pays?" question pays for, one set per word with its synonyms: "pays the
    freight when batches ship" -> ({freight, ship, delivery, ...},). Empty when it names
    nothing specific."""
    skip = _PAY_WORDS | _GENERIC_OBJECTS | _WEAK_OBJECTS | LINKS | party_words
    words = [w for w in terms(_PAID_OBJECT_END.sub("", activity)) if w not in skip]
    return tuple(frozenset(terms(expand(w))) | {w} for w in dict.fromkeys(words))


def pays_for_other(paid_for: tuple[frozenset[str], ...], activity_terms: frozenset[str],
                   clause_terms: frozenset[str]) -> bool:
    """True when a cost record pays for something else: its duty shares under half of what
    the question pays for, and its whole clause does not name all of it."""
    if not paid_for:
        return False
    in_duty = sum(bool(word & activity_terms) for word in paid_for)
    in_clause = sum(bool(word & clause_terms) for word in paid_for)
    return in_duty * 2 < len(paid_for) and in_clause < len(paid_for)


def _names(question: str) -> set[str]:
    """Words of a question that name something by a code: "Ac-225", "FPI-1434"."""
    return set(terms(" ".join(re.findall(r"[\w-]*\d[\w-]*", question))))


def _lexical(question_terms: set[str], fact_terms: frozenset[str]) -> float:
    if not question_terms:
        return 0.0
    return len(question_terms & fact_terms) / len(question_terms)


class OwnershipService:
    def __init__(self, store: KnowledgeStore, *,
                 party_roles: dict[str, dict[str, str]] | None = None) -> None:
        self.store = store
        self.index = OwnershipIndex(store)
        self.party_roles = party_roles or {}

    def ask(self, *, project: str, question: str, audience: str = "internal",
            documents: list[str] | None = None) -> OwnerAnswer:
        if not self.store.records.project_exists(project):
            raise ProjectNotFound(project)
        audiences = audiences_for(audience)
        activity, condition = activity_and_condition(question)
        topic_key = topic_for(expand(activity))
        # one forward pass of the model for the activity, its synonyms and the question
        texts = [activity, expand(activity)] + ([f"{activity}, {condition}"] if condition else [])
        *query, asked = self.store.embeddings.embed_documents([*texts, question])
        registry = PartyRegistry(self.store.records.project_parties(project),
                                 self.party_roles.get(project, {}))
        current = self.index.facts(project, audiences, current=True)
        names = _names(question)
        q_terms = current.known(set(terms(activity)), names)
        # words of the condition count half: "if a dispute goes to a lab, who pays the lab?"
        # is about the dispute's costs, not any payment
        c_terms = current.known(set(terms(condition)), names) - q_terms if condition else set()
        action = head_action(activity)
        # "who releases batches?" names the action by its verb: a duty with another verb is
        # suspect. "who handles FDA inspections?" names only the subject: any verb will do.
        strict = action is not None and head_action(activity, verb_first=True) == action
        passages = search(self.store, Query(project=project, text=question, audience=audience,
                                            k=6, vector=asked))
        if documents:
            passages = [p for p in passages if _document_matches(p.document, documents)]
        sections: dict[tuple[str, str | None], float] = {}
        for rank, passage in enumerate(passages[:4]):
            key = (passage.document.id, passage.chunk.section)
            sections.setdefault(key, SECTION_BONUS[min(rank, len(SECTION_BONUS) - 1)])
        excluded = frozenset(terms(excluded_of(question) or "")) - q_terms - LINKS
        paid_for = paid_object(activity, registry.words) if action == "pay" else ()
        scored = self._score(current, [*query, asked], q_terms, documents, action, sections,
                             excluded=excluded, strict=strict, condition_terms=c_terms,
                             paid_for=paid_for, question=question)
        duties = [s for s in scored if s.fact.source not in ("contact", "precedence")]
        best = duties[0] if duties else None
        subject = question_subject(question)  # "would CPDC be obliged to ...?": CPDC
        doubt = 0.0 if best is None else self._doubt(
            best, action if strict else None, current) + _other_duty(
            best.fact, question, same_action=current.actions[best.index][0] == action) + \
            _other_subject(best, subject, question, current)
        # a record in doubt must answer on its own merits, not on its section's search rank
        # (half its section's search-rank bonus)
        score = (best.base + best.score) / 2 if best is not None and doubt else (
            best.score if best is not None else 0.0)
        if best is None or score < MIN_SCORE + doubt:
            # a fallback answer is held to the same doubts as the best record
            doers = [s for s in _doers_of(action, duties, current, paid_for)
                     if not _other_subject(s, subject, question, current)
                     and not _other_duty(s.fact, question, same_action=True)]
            best = _section_answer(doers, passages) or _clear_answer(doers, duties)
            if best is None:
                return self._not_found(project, question, activity, topic_key, passages)
        holder = right_asked_of(question)  # "could CPDC terminate?": CPDC's right, if it has one
        if holder:
            best, duties = _right_of(holder, best, duties, question, current)
        if best.fact.source == "redacted":  # the clause that answers names no party
            return self._not_found(project, question, activity, topic_key, passages,
                                   redacted=self._cite(best))
        duties = [s for s in duties if s.fact.source != "redacted"]
        group = self._same_duty(best, duties, current)
        owners = self._owners(best, group, scored, current, registry)
        if holder and best.fact.modality == "may" and len(owners) > 1:
            # "can we terminate?" and either Party may: the answer is our own right
            asked = asked_by(holder, question, *current.parties.get(best.document.id, ([], {})))
            owners = [o for o in owners if o.party == asked] or owners
        conflicts = self._disagreeing(best, duties, current)
        agreeing = [s for s in group if s is not best and s not in conflicts]
        citations = [self._cite(best), *[self._cite(s) for s in agreeing][:2]]
        superseded = self._superseded(project, audiences, best, query, q_terms, documents,
                                      action, strict=strict)
        # One document that gives parts of a duty to each party ("negligence" vs "other
        # causes"): a split, unless the question points at one part much better.
        same_document = [c for c in conflicts if c.document.id == best.document.id]
        split = [c for c in same_document if c.base >= best.base - SPLIT_MARGIN]
        conflicts = [c for c in conflicts if c.document.id != best.document.id]
        others: list[_Scored] = []  # the parts the question's circumstances do not point at
        if same_document:  # what the question says happened may point at one part
            sides = [best, *same_document]
            context = asked_with_context(question)[1]
            said = [context, condition if condition and condition != context
                    and not WHICH_DEAL.search(condition) else None]  # not "under our deal"
            side = pick_side(self.store.embeddings, " ".join(filter(None, said)),
                             [s.fact.quote for s in sides])
            if side is not None:
                if sides[side] is not best:
                    best = sides[side]
                    owners = self._owners(best, [best], scored, current, registry)
                    citations = [self._cite(best)]
                others, split = [s for s in sides if s is not best], []
        if split:  # one document assigns parts to each party ("negligence" vs "other causes")
            owners += [registry.owner(a, None) for c in split for a in c.fact.assignments
                       if a.party not in {o.party for o in owners} and a.raci not in ("C", "I")]
            citations += [self._cite(c) for c in split]
        if conflicts:
            return self._conflict(project, question, activity, topic_key, best, conflicts,
                                  owners, citations, superseded, registry, current)
        doers = [o for o in owners if o.raci in (None, "R")]
        status = "shared" if len({o.party for o in doers}) >= 2 else "found"
        answer = _found_sentence(status, owners, citations[0], superseded)
        if others:
            citations += [self._cite(s) for s in others]
            answer += " Other cases: " + "; ".join(
                f"{self._cite(s).label()}: {_party_list(_owner_key(s.fact), registry)}"
                for s in others) + "."
        if split:
            answer = "Split between clauses: " + "; ".join(
                f"{c.label()}: {_party_list(_owner_key(s.fact), registry)}"
                for s, c in zip([best, *split], [citations[0], *citations[-len(split):]],
                                strict=True)) + "."
        return OwnerAnswer(question=question, project=project, status=status, topic=activity,
                           topic_key=topic_key, owners=owners,
                           citations=citations, superseded=superseded, answer=answer)

    @staticmethod
    def _doubt(best: _Scored | None, action: str | None, facts: _Facts) -> float:
        """How much more than MIN_SCORE a record needs when it names another action than the
        question ("purchase the batches" for "who releases batches?"): only a close match in
        everything else makes it an answer."""
        if best is None or not action or action in GENERIC_ACTIONS:
            return 0.0
        own, leading = facts.actions[best.index]
        return MISMATCH_DOUBT if own and not names_action(own, leading, action) else 0.0

    # scoring ------------------------------------------------------------------------------
    def _score(self, facts: _Facts, query: list[list[float]], q_terms: set[str],
               documents: list[str] | None, action: str | None = None,
               sections: dict[tuple[str, str | None], float] | None = None, *,
               strict: bool = True, condition_terms: set[str] | None = None,
               paid_for: tuple[frozenset[str], ...] = (),
               excluded: frozenset[str] = frozenset(), question: str = "") -> list[_Scored]:
        """Rank records: meaning (embeddings), shared words (with synonyms), the action named,
        and a bonus for records in the sections that passage search ranks first."""
        sections = sections or {}
        if not facts.items:
            return []
        # the activity and its synonyms; with its condition (when the question has one) the
        # match may rise a little, so the condition narrows the duty but cannot replace it
        cosines = facts.matrix @ np.asarray(query, dtype=np.float32).T
        similarities = cosines[:, :2].max(axis=1)
        base = similarities
        # columns: the activity, with its synonyms, [with its condition,] the question as asked
        if cosines.shape[1] > 3:  # with its condition
            similarities = np.maximum(similarities, np.minimum(cosines[:, 2],
                                                               base + CONDITION_LIFT))
        if cosines.shape[1] > 2:  # the whole question as asked
            similarities = np.maximum(similarities, np.minimum(cosines[:, -1],
                                                               base + QUESTION_LIFT))
        requester = question_requester(question) if question else None
        protected = question_protected(question) if question else None
        shielded: dict[str, str | None] = {}  # per document: the party the question protects
        asks_right = bool(_ASKS_RIGHT.search(question))
        asker: dict[str, str | None] = {}  # per document: the party the question says asked
        out = []
        for i, (fact, document) in enumerate(facts.items):
            if documents and not _document_matches(document, documents):
                continue
            similarity = float(similarities[i])
            lexical = _lexical(q_terms, facts.terms[i])
            if condition_terms:
                lexical = (lexical + _lexical(q_terms | condition_terms, facts.terms[i])) / 2
            score = 0.65 * similarity + 0.35 * lexical
            if fact.modality == "may":  # a right answers "who may ...?" before "who must ...?"
                score += RIGHT_MATCH if asks_right else -0.02
            if fact.source == "action":
                score -= 0.10  # a one-off task ranks below a standing duty
            if action not in (None, "pay") and fact.activity.startswith("bear the cost of "):
                score -= PAYER_PENALTY  # who pays for the work is not who does it
            if pays_for_other(paid_for, facts.terms[i], facts.quote_terms[i]):
                score -= PAID_OBJECT_PENALTY  # pays for something else
            if excluded and excluded <= facts.quote_terms[i]:
                score -= EXCLUDED_PENALTY  # the case the question rules out
            if requester and facts.requesters[i]:  # "at X's request" vs "we asked X"
                if document.id not in asker:
                    asker[document.id] = asked_by(requester, question,
                                                  *facts.parties.get(document.id, ([], {})))
                if asker[document.id]:
                    score += REQUESTER_MATCH if asker[document.id] == facts.requesters[i] \
                        else -REQUESTER_MISMATCH
            if protected:  # "who has to indemnify Bachem?" is not answered by Bachem's duty
                if document.id not in shielded:
                    shielded[document.id] = asked_by(protected, question,
                                                     *facts.parties.get(document.id, ([], {})))
                if shielded[document.id] and _owner_key(fact) == {shielded[document.id]}:
                    score -= PROTECTED_MISMATCH
            own_action, leading = facts.actions[i]
            if action and own_action:
                if names_action(own_action, leading, action):
                    score += 0.05
                elif strict and action not in GENERIC_ACTIONS:
                    score -= 0.07
            # a subsection read out of its parent's passage ("5.2.2" in the chunk of 5.2)
            parent = (fact.section or "").rpartition(".")[0] or None
            bonus = sections.get((document.id, fact.section),
                                 sections.get((document.id, parent), 0.0) if parent else 0.0)
            out.append(_Scored(fact=fact, document=document, score=score + bonus, index=i,
                               base=score))
        out.sort(key=lambda s: s.score, reverse=True)
        if out:  # near-ties on the same action and owners: cite a clause before a matrix row,
            # a list item (records naming other owners are another answer, not another form)
            top, top_action = out[0].score, facts.actions[out[0].index][0]
            owners = _owner_key(out[0].fact)
            near = [s for s in out if s.score >= top - 0.03
                    and facts.actions[s.index][0] == top_action
                    and _owner_key(s.fact) == owners]
            near.sort(key=lambda s: SOURCE_ORDER.get(s.fact.source, 5))
            rest = [s for s in out if s not in near]
            out = near + rest
        return out

    @staticmethod
    def _same_duty(best: _Scored, duties: list[_Scored], facts: _Facts) -> list[_Scored]:
        """Records that state the same duty: close in score and meaning, same action."""
        anchor = facts.matrix[best.index]
        action = facts.actions[best.index][0]
        return [s for s in duties if s.score >= best.score - MARGIN
                and float(facts.matrix[s.index] @ anchor) >= SAME_ACTIVITY
                and facts.actions[s.index][0] in (action, None)]

    @staticmethod
    def _disagreeing(best: _Scored, duties: list[_Scored], facts: _Facts) -> list[_Scored]:
        """Other current records that answer the question about as well, name the same action
        and assign it to someone else: the documents are not aligned."""
        if best.fact.source == "action" or best.fact.modality == "may":
            return []
        anchor = facts.matrix[best.index]
        action = facts.actions[best.index][0]
        floor = max(MIN_SCORE + 0.15, best.base - CONFLICT_MARGIN)
        out: list[_Scored] = []
        for s in duties[1:]:
            if s.base < floor:
                continue
            if s.fact.source == "action" or s.fact.modality == "may":
                continue
            if facts.actions[s.index][0] != action or not _owner_key(s.fact):
                continue
            if float(facts.matrix[s.index] @ anchor) < CONFLICT_SIMILARITY:
                continue
            if _owner_key(s.fact) != _owner_key(best.fact) and \
                    all(_owner_key(s.fact) != _owner_key(o.fact) for o in out):
                out.append(s)
        return out

    def _owners(self, best: _Scored, group: list[_Scored], scored: list[_Scored],
                facts: _Facts, registry: PartyRegistry) -> list[Owner]:
        person_by_party: dict[str, str] = {}
        for s in [best, *group]:
            for a in s.fact.assignments:
                if s.fact.person:
                    person_by_party.setdefault(a.party, s.fact.person)
        anchor = facts.matrix[best.index]
        for s in scored:
            if s.fact.source == "contact" and float(facts.matrix[s.index] @ anchor) >= 0.45:
                for a in s.fact.assignments:
                    person_by_party.setdefault(a.party, s.fact.person or "")
        # A matrix row with RACI letters says more (who performs, who approves) than a clause
        # naming the same doer: take the parties from it.
        basis = next((s for s in scored[:8] if s.fact.source == "matrix"
                      and any(a.raci for a in s.fact.assignments)
                      and facts.actions[s.index][0] == facts.actions[best.index][0]
                      and _owner_key(s.fact) == _owner_key(best.fact)
                      and float(facts.matrix[s.index] @ anchor) >= CONFLICT_SIMILARITY), best)
        seen: set[tuple[str, str | None]] = set()
        owners = []
        for a in basis.fact.assignments:
            if a.raci in ("C", "I") or (a.party, a.raci) in seen:
                continue
            seen.add((a.party, a.raci))
            owners.append(registry.owner(a, person_by_party.get(a.party) or None))
        return owners

    def _superseded(self, project: str, audiences: tuple[str, ...], best: _Scored,
                    query: list[list[float]], q_terms: set[str],
                    documents: list[str] | None, action: str | None, *,
                    strict: bool = True) -> list[Citation]:
        old = self.index.facts(project, audiences, current=False)
        out = []
        # the activity stands in for the question as asked: only the current answer uses it
        for s in self._score(old, [*query, query[0]], q_terms, documents, action,
                             strict=strict)[:5]:
            same_family = s.document.family_key == best.document.family_key
            if same_family and s.score >= best.base - MARGIN \
                    and _owner_key(s.fact) != _owner_key(best.fact):
                out.append(self._cite(s))
        return out[:2]

    # answers ------------------------------------------------------------------------------
    def _conflict(self, project: str, question: str, activity: str, topic_key: str | None,
                  best: _Scored, conflicts: list[_Scored], owners: list[Owner],
                  citations: list[Citation], superseded: list[Citation],
                  registry: PartyRegistry, facts: _Facts) -> OwnerAnswer:
        sides = [best, *conflicts]
        all_owners = list(owners)
        for s in conflicts:
            for a in s.fact.assignments:
                if a.raci not in ("C", "I") and a.party not in {o.party for o in all_owners}:
                    all_owners.append(registry.owner(a, s.fact.person))
        precedence = self._precedence(facts)
        detail = [{"owners": sorted(_owner_key(s.fact)), "citation": self._cite(s).to_json()}
                  for s in sides]
        lines = [f"{self._cite(s).label()}: {_party_list(_owner_key(s.fact), registry)}"
                 for s in sides]
        answer = "Not aligned. " + "; ".join(lines) + "."
        if precedence is not None:
            answer += f" {precedence.label()} says: “{precedence.quote}”"
        return OwnerAnswer(question=question, project=project, status="conflict", topic=activity,
                           topic_key=topic_key, owners=all_owners,
                           citations=[self._cite(s) for s in sides], superseded=superseded,
                           answer=answer, conflicts=detail, precedence=precedence)

    @staticmethod
    def _precedence(facts: _Facts) -> Citation | None:
        for fact, document in facts.items:
            if fact.source == "precedence":
                return _citation(fact, document)
        return None

    @staticmethod
    def _not_found(project: str, question: str, activity: str, topic_key: str | None,
                   passages: list[Passage], *, redacted: Citation | None = None) -> OwnerAnswer:
        nearest = [citation_for(p, question) for p in passages[:2]]
        answer = f"No document assigns “{activity}” in {project_label(project)}'s current " \
                 "documents."
        if redacted is not None:
            nearest = [redacted, *nearest][:2]
            answer = f"{redacted.label()} assigns “{activity}”, but the party is redacted " \
                     "in the document: no party can be named."
        elif nearest:
            answer += f" Closest, but not an assignment: {nearest[0].label()}."
        return OwnerAnswer(question=question, project=project, status="not_found",
                           topic=activity, topic_key=topic_key, owners=[], citations=[],
                           superseded=[], answer=answer, nearest=nearest)

    @staticmethod
    def _cite(scored: _Scored) -> Citation:
        return _citation(scored.fact, scored.document, score=scored.score)


def _doers_of(action: str | None, duties: list[_Scored], facts: _Facts,
              paid_for: tuple[frozenset[str], ...]) -> list[_Scored]:
    """Duties (not rights, warranties or redacted owners) that name the question's action and
    do not pay for something else: the candidates when no record answers on its own."""
    if not action or action in GENERIC_ACTIONS:
        return []
    return [s for s in duties if s.fact.source != "redacted" and s.fact.modality != "may"
            and not is_warranty(s.fact) and len(s.fact.activity.split()) >= 2
            and names_action(*facts.actions[s.index], action)
            and not pays_for_other(paid_for, facts.terms[s.index], facts.quote_terms[s.index])]


def _section_answer(doers: list[_Scored], passages: list[Passage]) -> _Scored | None:
    """When no record answers on its own, the clauses passage search ranks first may still
    hold the duty: the closest doer in one of the top three, if close enough."""
    top = {(p.document.id, p.chunk.section) for p in passages[:3]}
    here = [s for s in doers if (s.document.id, s.fact.section) in top
            and s.base >= SECTION_FLOOR]
    return max(here, key=lambda s: s.base, default=None)


def _clear_answer(doers: list[_Scored], duties: list[_Scored]) -> _Scored | None:
    """... or a doer close to the question that no record naming other owners comes near."""
    top = max(doers, key=lambda s: s.base, default=None)
    if top is None or top.base < CLEAR_FLOOR:
        return None
    rivals = [s.base for s in duties if _owner_key(s.fact) != _owner_key(top.fact)]
    return None if rivals and max(rivals) > top.base - CLEAR_MARGIN else top


def _other_duty(fact: Responsibility, question: str, *, same_action: bool = False) -> float:
    """How much more a record needs when it states a neighbouring duty, not the one asked:
    a party's right ("X may propose a supplier") for a question that asks who must do another
    thing ("who qualifies the supplier?"), and a party's own act for a question about what an
    authority does ("who deals with agency inspections?" is not answered by "X may inspect the
    plant")."""
    doubt = 0.0
    if fact.modality == "may" and not same_action and not _RIGHT_CUE.search(question):
        doubt += RIGHT_DOUBT
    if is_warranty(fact) and not _WARRANTY_CUE.search(question):
        doubt += WARRANTY_DOUBT
    if fact.limits_liability() and not _LIMIT_CUE.search(question):
        doubt += WARRANTY_DOUBT  # "keep liability cover" asks for insurance, not a cap
    if _AUTHORITY.search(question) and not _AUTHORITY.search(f"{fact.activity} {fact.quote}"):
        doubt += AGENT_DOUBT
    return doubt


def _right_of(holder: str, best: _Scored, duties: list[_Scored], question: str,
              current: _Facts) -> tuple[_Scored, list[_Scored]]:
    """The best record of the party whose right is asked, when it does what the best record
    does and scores nearly as well; the other party's same right is then left out, since it
    neither answers nor contradicts the question."""
    action = current.actions[best.index][0]
    theirs = [s for s in duties if current.actions[s.index][0] == action
              and not _other_subject(s, holder, question, current)]
    if not theirs or theirs[0].score < best.score - RIGHT_HOLDER_MARGIN:
        return best, duties
    return theirs[0], [s for s in duties if current.actions[s.index][0] != action or s in theirs]


def _other_subject(record: _Scored, subject: str | None, question: str,
                   facts: _Facts) -> float:
    """How much more a record needs when the question asks whether one party (`subject`, as
    written) must do it ("would CPDC be obliged to hand over the process?") and the record
    gives it to the other: the answer would be a "no" the documents may not say."""
    asked = asked_by(subject, question, *facts.parties.get(record.document.id, ([], {}))) \
        if subject else None
    return SUBJECT_DOUBT if asked and asked not in _owner_key(record.fact) else 0.0


def is_warranty(fact: Responsibility) -> bool:
    """A promise that something is or will be so, not a duty to act."""
    return fact.modality == "warrants" or bool(
        re.match(r"(?:provide|give|make)\s+(?:a|the|its)?\s*(?:\w+\s+){0,3}warrant",
                 fact.activity, re.IGNORECASE))


def _document_matches(document: DocumentRecord, names: list[str]) -> bool:
    haystack = f"{document.title} {document.file_name}".lower()
    return any(name.lower() in haystack for name in names)


def _citation(fact: Responsibility, document: DocumentRecord, *,
              score: float | None = None) -> Citation:
    from knowledge.quotes import trim

    return Citation(document=document.display_name, version=document.version_label,
                    section=fact.section, page=fact.page, quote=trim(fact.quote), score=score,
                    document_id=document.id, kind=document.kind)


def _who(owner: Owner) -> str:
    role = f" ({role_label(owner.role)})" if owner.role else ""
    return f"{owner.party}{role}"


def _party_list(parties: frozenset[str], registry: PartyRegistry) -> str:
    names = []
    for party in sorted(parties):
        role = registry.roles.get(party)
        names.append(f"{party} ({role_label(role)})" if role else party)
    return " and ".join(names) or "no party"


def _found_sentence(status: str, owners: list[Owner], top: Citation,
                    superseded: list[Citation]) -> str:
    doers = [o for o in owners if o.raci in (None, "R")]
    approvers = [o for o in owners if o.raci == "A"]
    if status == "shared":
        lead = "Shared: " + " and ".join(_who(o) for o in doers)
    else:
        lead = " and ".join(_who(o) for o in doers or owners)
        if approvers and doers:
            lead += " performs it; " + " and ".join(_who(o) for o in approvers) + " approves"
    sentence = f"{lead}. {top.label()}: “{top.quote}”"
    contacts = [f"{o.person} ({o.party})" for o in owners if o.person]
    if contacts:
        sentence += " Contact: " + ", ".join(contacts) + "."
    if superseded:
        sentence += f" Changed from {superseded[0].label()}."
    return sentence
