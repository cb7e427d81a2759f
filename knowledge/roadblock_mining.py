"""Roadblocks as the documents show them: open points from meeting notes (one roadblock per
point, however often it is raised; closed by a later note that settles it), topics the quality
agreement leaves unsettled, and ownership conflicts between current documents."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from knowledge.actions import head_action
from knowledge.gaps import gap_check
from knowledge.lexical import terms
from knowledge.models import Citation, DocumentRecord, NoteItem, Responsibility
from knowledge.ownership import OwnershipService
from knowledge.quotes import trim
from knowledge.store import KnowledgeStore
from knowledge.synonyms import expand
from knowledge.topics import topic_for, topics_in
from knowledge.tracker import Mined, text_key

# A point's quote keeps both sides' positions: as long as the note reader's longest point.
NOTE_QUOTE_CHARS = 600
# Closeness of two mentions: the mean of their embeddings' cosine similarity and the share
# of subject words they have in common (see `_Point.closeness`).
# Two phrasings of one open point are at least this close.
SAME_POINT = 0.46
# A line only a second reader picked (the learned classifier, an LLM) is most often another
# side of a point the rules found: it joins one this close.
SAME_POINT_PICKED = 0.30
# Topics disagree (both texts name topics, none shared): demand more.
SAME_POINT_OTHER_TOPIC = 0.70
# A later settlement closes an open point when it is at least this close to it,
SETTLES = 0.50
# A settlement that names its subject ("Remaining sample material: settled as well. Kilcronan
# keeps ...", "PPQ batch records: Wiebke has agreed ...") points at one point on purpose, but
# often restates the outcome in other words: it closes the closest point from this closeness
# on, when that point leads the next one by CLEAR_LEAD.
SETTLES_NAMED = 0.30
CLEAR_LEAD = 0.05
_NAMED_SUBJECT = re.compile(r"^[A-Z][\w/&'’ ,().-]{1,50}:\s")
# A later undertaking ("Korrin will cap the resin at 80 cycles") settles a point this close.
COMMITS = 0.60
# ... and closes other mentions of the point, not merged with it, this close
SETTLES_TOO = 0.60
# Two duties from different documents are compared for a conflict at this similarity.
CONFLICT_CANDIDATE = 0.55
# ... and without a shared topic, only from this similarity on.
SAME_DUTY = 0.75
# At most this many ownership questions per sync (about 20-80 ms each).
MAX_CONFLICT_PROBES = 60


def _unit(vector: list[float] | None) -> np.ndarray | None:
    if vector is None:
        return None
    array = np.asarray(vector, dtype=np.float32)
    norm = float(np.linalg.norm(array))
    return array / norm if norm else None


def note_citation(item: NoteItem, document: DocumentRecord) -> dict[str, Any]:
    citation = Citation(document=document.display_name, version=document.version_label,
                        section=item.section or item.section_title, page=item.page,
                        quote=trim(item.quote, NOTE_QUOTE_CHARS), document_id=document.id,
                        kind=document.kind).to_json()
    citation["date"] = document.document_date
    return citation


# Words that say a point is open or settled, not what it is about.
_STATUS_WORDS = frozenset(terms(
    "agreed agree agreement settled settle aligned alignment pending open still tbd tbc "
    "confirmed confirm decided decision unclear clear nobody raised again time last item "
    "point issue question wants asked says considers disagrees disputed objects yet "
    "needed need owner owns responsible party parties whether"))


def point_terms(text: str, ignore: frozenset[str]) -> frozenset[str]:
    """What a point is about: stemmed content words, acronyms spelled out, without status
    words and the parties' names (they appear in every point)."""
    return frozenset(terms(expand(text))) - _STATUS_WORDS - ignore


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


@dataclass
class _Point:
    """One open point while notes are read in date order."""

    first: NoteItem
    document: DocumentRecord
    vectors: list[np.ndarray]
    words: list[frozenset[str]]
    topics: set[str]
    sources: list[dict[str, Any]]
    status: str = "open"
    evidence: dict[str, Any] | None = None
    last_date: str = ""
    members: list[NoteItem] = field(default_factory=list)
    refs: set[str] = field(default_factory=set)

    def closeness(self, vector: np.ndarray, words: frozenset[str], topics: set[str]) -> float:
        """Meaning and shared subject words of the closest mention. Both count: shorthand
        shares words where embeddings differ ("press swap line 3" vs "tablet press
        replacement on line 3"), and embeddings of two points between the same parties are
        close however different their subjects."""
        best = max(0.5 * float(v @ vector) + 0.5 * overlap(w, words)
                   for v, w in zip(self.vectors, self.words, strict=True))
        if topics and self.topics and not (topics & self.topics):
            return best if best >= SAME_POINT_OTHER_TOPIC else 0.0
        return best


def _when(document: DocumentRecord) -> str:
    return document.document_date or document.ingested_at[:10]


def _order(pair: tuple[NoteItem, DocumentRecord]) -> tuple[str, str, str]:
    item, document = pair
    return (_when(document), document.id, item.id)


def mine_notes(items: list[tuple[NoteItem, DocumentRecord]], audience: str, *,
               party_names: Iterable[str] = ()) -> list[Mined]:
    """Open points of one audience's notes, clustered, with later settlements applied."""
    ignore = frozenset(terms(" ".join(party_names)))
    labelled_in = _labelled_in(items)
    points: list[_Point] = []
    for item, document in sorted(items, key=_order):
        vector = _unit(item.vector)
        if vector is None or item.kind == "closed":
            continue
        topics = set(topics_in(expand(item.text)))
        words = point_terms(item.text, ignore)
        when = _when(document)
        scored = sorted(((p.closeness(vector, words, topics), p) for p in points),
                        key=lambda pair: -pair[0])
        named = _referred_points(item, document, points, labelled_in)
        referred = named[0] if len(named) == 1 else None
        if item.kind in ("issue", "picked"):
            same = SAME_POINT_PICKED if item.kind == "picked" else SAME_POINT
            if referred is not None and referred.closeness(vector, words, topics) \
                    >= SAME_POINT_PICKED:
                scored = [(1.0, referred)]  # "O-2 ..." again: the point labelled O-2
            if scored and scored[0][0] >= same:
                point = scored[0][1]
                point.refs |= _keys(item, document)
                point.vectors.append(vector)
                point.words.append(words)
                point.topics |= topics
                point.members.append(item)
                citation = note_citation(item, document)
                if citation not in point.sources:
                    point.sources.append(citation)
                if point.status == "aligned" and when > point.last_date \
                        and item.kind == "issue":  # a second reading alone does not reopen
                    point.status, point.evidence = "open", None  # raised again later
                point.last_date = max(point.last_date, when)
            else:
                points.append(_Point(
                    first=item, document=document, vectors=[vector], words=[words],
                    topics=topics, sources=[note_citation(item, document)], last_date=when,
                    members=[item], refs=_keys(item, document)))
            continue
        if named and all(p.last_date < when for p in named):
            # "O-2 – Agreed as you asked": the reply settles the point its label names,
            # however little of the point it repeats
            for point in named:
                if point.status == "open":
                    point.status = "aligned"
                    point.evidence = note_citation(item, document)
            continue
        # a settlement: it closes the closest point raised in an earlier note, and other
        # mentions of it that were not merged (as close as SETTLES_TOO)
        earlier = [(score, point) for score, point in scored if point.last_date < when]
        if item.kind == "commitment":  # an undertaking settles only the point it is about
            earlier = [(score, point) for score, point in earlier if score >= COMMITS]
        closed = 0
        for rank, (score, point) in enumerate(earlier):
            if score < (SETTLES_TOO if closed else SETTLES) and not (
                    rank == 0 and item.kind == "settled" and _NAMED_SUBJECT.match(item.text)
                    and _clearly_first(earlier)):
                break
            if point.status == "open":
                point.status = "aligned"
                point.evidence = note_citation(item, document)
                closed += 1
    return [Mined(key=text_key("notes", p.document.family_key, p.first.text),
                  title=trim(_title(p), 300), origin="notes", audience=audience,
                  status=p.status, topic=_main_topic(p), sources=p.sources,
                  evidence=p.evidence, raised_on=_when(p.document)) for p in points]


# A record's key: "ALQ-142", "CN-DOL-26-007", "HT-26-0117" (letters, then numbered parts).
_KEY = re.compile(r"\b[A-Z]{2,5}(?:-[A-Z]{2,5})*(?:-\d{2,6})+\b")


_REPLY_TO = re.compile(r"^(?i:ad|re|ref\.?|row|item|point)\s+([A-Z]{1,3})-?0*(\d{1,3})\b")


def _label(item: NoteItem) -> str | None:
    """The label a note puts before a point, spelled one way: "Q-04", "Q4" and "q-4" are
    "Q4"; a tracker row's or a reply's key ("ALQ-142 ...", "CN-DOL-26-007: ...") as written."""
    if item.ref and (short := re.fullmatch(r"([A-Za-z]+)-?0*(\d+)", item.ref.strip())):
        return f"{short.group(1).upper()}{short.group(2)}"
    if short := _REPLY_TO.match(item.text):  # "Ad F-07: accepted as you wrote it"
        return f"{short.group(1).upper()}{short.group(2)}"
    key = _KEY.match(item.text)
    return key.group() if key else None


def _keys(item: NoteItem, document: DocumentRecord) -> set[str]:
    """Every label and record key a mention carries, and the keys its note is named after
    ("2026-02-12 CC-MST-26-019 customer impact assessment": every point of the form)."""
    return {k for k in (_label(item), *_KEY.findall(item.text),
                        *_KEY.findall(document.display_name)) if k}


def _labelled_in(items: list[tuple[NoteItem, DocumentRecord]]) -> dict[str, set[str]]:
    """Which documents raise points under each label or key ("O-2" -> the trip report)."""
    found: dict[str, set[str]] = {}
    for item, document in items:
        if item.kind in ("issue", "picked"):
            for key in _keys(item, document):
                found.setdefault(key, set()).add(document.id)
    return found


def _referred_points(item: NoteItem, document: DocumentRecord, points: list[_Point],
                     labelled_in: dict[str, set[str]]) -> list[_Point]:
    """The earlier point a later note names by its label or key, or the points of the one
    record the key names ("CC-MST-26-019 ... Done": every point of the change's assessment
    form). A short label ("O-2") counts only when one other document gave it to its points:
    where every meeting numbers its list afresh ("A1", "A2" each time), it says nothing
    about which meeting's point is meant. A record key ("CN-DOL-26-007") names one record
    wherever it is written."""
    label = _label(item)
    raised_in = labelled_in.get(label or "", set())
    if label is None or not raised_in or (
            not _KEY.fullmatch(label) and (len(raised_in) != 1 or document.id in raised_in)):
        return []
    named = [p for p in points if label in p.refs]
    if len(named) == 1 or (len({p.document.id for p in named}) == 1
                           and label in named[0].document.display_name):
        return named
    return []


def _clearly_first(scored: list[tuple[float, _Point]]) -> bool:
    """The closest point is close enough and leads the next one by a clear margin."""
    best = scored[0][0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    return best >= SETTLES_NAMED and best - runner_up >= CLEAR_LEAD


def _title(point: _Point) -> str:
    """The point's most compact wording (open-issue lists say it shortest)."""
    usable = [m.text for m in point.members if len(m.text) >= 25] or [point.first.text]
    return min(usable, key=len)


def _main_topic(point: _Point) -> str | None:
    """The topic most of the point's mentions are about (first mention breaks ties)."""
    counts: dict[str, int] = {}
    for member in point.members:
        if key := topic_for(expand(member.text)):
            counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def mine_gaps(store: KnowledgeStore, project: str
              ) -> tuple[list[Mined], dict[str, dict[str, Any]]]:
    """Topics that matter and that the current agreements leave without owner or absent,
    and evidence for the topics they settle (keyed like gap roadblocks)."""
    documents = [d for d in store.records.documents(project, current_only=True)
                 if d.kind in ("qaa", "contract")]
    if not documents:
        return [], {}
    audience = "shared" if all(d.audience == "shared" for d in documents) else "internal"
    mined, settled = [], {}
    for entry in gap_check(store, project=project, audience=audience):
        key = f"gap:{entry.key}"
        if entry.status == "settled":
            if entry.citations:
                settled[key] = entry.citations[0].to_json()
            continue
        if not entry.matters:
            continue
        if entry.status == "absent":
            title = f"QAA gap: {entry.label} is not covered by the agreements"
        else:
            title = f"QAA gap: {entry.label}: the agreements do not settle " \
                    f"{', '.join(entry.missing) or 'an owner'}"
        mined.append(Mined(key=key, title=title, origin="gap",
                           audience=audience, topic=entry.key,
                           sources=[c.to_json() for c in entry.citations]))
    return mined, settled


_QUALIFIER = re.compile(r"\s+(?:that|which|who|in accordance|within|at least|no later|as soon|"
                        r"prior to|pursuant|subject to|unless|except|provided)\b.*$|"
                        r"\s+in writing\b", re.IGNORECASE)


def _core(activity: str) -> str:
    """The duty without its qualifiers: "approve in writing any change to the process that
    may require a filing" -> "approve any change to the process"."""
    return _QUALIFIER.sub("", _QUALIFIER.sub("", activity)).strip() or activity


def mine_conflicts(store: KnowledgeStore, ownership: OwnershipService,
                   project: str) -> list[Mined]:
    """Duties that current documents give to different parties."""
    facts = [(f, d) for f, d in store.records.responsibilities(project, ("internal", "shared"))
             if f.source in ("matrix", "clause", "list", "decision") and f.owners()
             and f.vector is not None]
    if len(facts) < 2:
        return []
    matrix = np.vstack([_unit(f.vector) for f, _ in facts])  # type: ignore[list-item]
    similar = matrix @ matrix.T
    topics = [set(topics_in(expand(f.activity))) for f, _ in facts]
    actions = [_action(f) for f, _ in facts]
    pairs: list[tuple[float, int, int]] = []
    for i, (fact, document) in enumerate(facts):
        doers = {a.party for a in fact.owners() if a.raci in (None, "R", "A")}
        for j in np.nonzero(similar[i] >= CONFLICT_CANDIDATE)[0]:
            other, other_document = facts[int(j)]
            if other_document.id == document.id or int(j) <= i:
                continue
            if doers & {a.party for a in other.owners() if a.raci in (None, "R", "A")}:
                continue
            if similar[i, j] < SAME_DUTY and not (topics[i] & topics[int(j)]):
                continue
            pairs.append((float(similar[i, j]), i, int(j)))
    asked: set[str] = set()
    found: dict[str, Mined] = {}
    for _, i, j in sorted(pairs, reverse=True):  # the closest pairs first, within a budget
        (fact, document), (other, other_document) = facts[i], facts[j]
        for activity in {_core(fact.activity), _core(other.activity)}:
            if activity.lower() in asked or len(asked) >= MAX_CONFLICT_PROBES:
                continue
            asked.add(activity.lower())
            answer = ownership.ask(project=project,
                                   question=f"Who is responsible for {activity}?")
            if answer.status != "conflict":
                continue
            places = sorted(f"{c.document_id}:{c.section}" for c in answer.citations)
            key = text_key("conflict", *places)
            audience = "shared" if document.audience == other_document.audience \
                == "shared" else "internal"
            found.setdefault(key, Mined(
                key=key, title=f"Conflicting ownership: {answer.topic}", origin="conflict",
                audience=audience, topic=answer.topic_key,
                    sources=[c.to_json() for c in answer.citations]))
    covered = {(s.get("document_id"), s.get("section")) for m in found.values()
               for s in m.sources}
    for _, i, j in sorted(pairs, reverse=True):
        # the same action on a shared topic, given to different parties by two documents
        (fact, document), (other, other_document) = facts[i], facts[j]
        if actions[i] is None or actions[i] != actions[j] or not (topics[i] & topics[j]):
            continue
        if {(document.id, fact.section), (other_document.id, other.section)} & covered:
            continue
        sides = [_fact_citation(fact, document), _fact_citation(other, other_document)]
        key = text_key("conflict", *sorted(f"{c['document_id']}:{c['section']}" for c in sides))
        audience = "shared" if document.audience == other_document.audience == "shared" \
            else "internal"
        found.setdefault(key, Mined(
            key=key, title=f"Conflicting ownership: {trim(fact.activity, 120)} "
                           f"({_parties(fact)}) vs {trim(other.activity, 120)} "
                           f"({_parties(other)})",
            origin="conflict", audience=audience, topic=sorted(topics[i] & topics[j])[0],
            sources=sides))
        covered |= {(document.id, fact.section), (other_document.id, other.section)}
    return list(found.values())


def _action(fact: Responsibility) -> str | None:
    """A duty's action: a clause's first verb, a matrix row's action noun."""
    return head_action(fact.activity, verb_first=fact.source != "matrix")


def _parties(fact: Responsibility) -> str:
    return ", ".join(sorted({a.party for a in fact.owners()}))


def _fact_citation(fact: Responsibility, document: DocumentRecord) -> dict[str, Any]:
    return Citation(document=document.display_name, version=document.version_label,
                    section=fact.section, page=fact.page, quote=trim(fact.quote, 300),
                    document_id=document.id, kind=document.kind).to_json()


def mine(store: KnowledgeStore, ownership: OwnershipService, project: str
         ) -> tuple[list[Mined], dict[str, dict[str, Any]]]:
    """Every roadblock the project's current documents show, and evidence for the gaps they
    now settle."""
    items = store.records.note_items(project, ("internal", "shared"))
    names = [n for p in store.records.project_parties(project)
             for n in [p["name"], *p.get("aliases", [])]]
    mined: list[Mined] = []
    for audience in ("internal", "shared"):
        mined.extend(mine_notes([(i, d) for i, d in items if d.audience == audience], audience,
                                party_names=names))
    gaps, settled = mine_gaps(store, project)
    mined.extend(gaps)
    mined.extend(mine_conflicts(store, ownership, project))
    return mined, settled
