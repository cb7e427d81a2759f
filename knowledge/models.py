"""Plain data shared by the core and its faces. JSON shapes are built from these."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class ChunkRecord:
    """One searchable passage of one document version."""

    id: str
    document_id: str
    project: str
    audience: str
    ordinal: int
    text: str
    section: str | None
    section_title: str | None
    page: int | None


@dataclass
class DocumentRecord:
    id: str
    project: str
    family_key: str
    title: str
    file_name: str
    kind: str
    version_label: str | None
    version_key: tuple[int, ...]
    audience: str
    content_hash: str
    pages: int | None
    chunks: int
    status: str = "current"  # current | superseded
    source_path: str = ""
    ingested_at: str = ""
    document_date: str | None = None  # ISO date written in or on the document

    @property
    def display_name(self) -> str:
        return self.title if self.title else self.file_name


@dataclass
class Citation:
    document: str
    version: str | None
    section: str | None
    page: int | None
    quote: str
    score: float | None = None
    document_id: str | None = None
    kind: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if data["score"] is not None:
            data["score"] = round(float(data["score"]), 4)
        return data

    def label(self) -> str:
        """Human citation: "Quality Agreement v3, §6.4, p. 4"."""
        parts = [self.document + (f" v{self.version}" if _numeric(self.version) else
                                  f" ({self.version})" if self.version else "")]
        if self.section:
            parts.append(f"§{self.section}")
        if self.page:
            parts.append(f"p. {self.page}")
        return ", ".join(parts)


def _numeric(version: str | None) -> bool:
    return bool(version) and version[0].isdigit()  # type: ignore[index]


@dataclass
class Passage:
    """A retrieved chunk with its scores."""

    chunk: ChunkRecord
    document: DocumentRecord
    score: float  # fused rank score (reciprocal rank fusion)
    similarity: float | None = None  # cosine similarity from the dense search
    lexical: float | None = None  # BM25 score
    matched_terms: frozenset[str] = field(default_factory=frozenset)


@dataclass
class Answer:
    question: str
    project: str
    status: str  # answered | nothing_found
    answer: str
    citations: list[Citation]
    mode: str = "extractive"  # extractive | llm
    fallback_reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "project": self.project,
            "status": self.status,
            "answer": self.answer,
            "citations": [c.to_json() for c in self.citations],
            "mode": self.mode,
            "fallback_reason": self.fallback_reason,
        }


@dataclass
class Assignment:
    """One party's part in a responsibility: RACI letter when the source gives one."""

    party: str
    role: str | None = None  # sponsor | contract_organization | None (unknown)
    raci: str | None = None  # R | A | C | I | None (plain "X" / "shall")

    @property
    def owns(self) -> bool:
        return self.raci in (None, "R", "A")

    def to_json(self) -> dict[str, Any]:
        return {"party": self.party, "role": self.role, "raci": self.raci}


# How a record of a limit of liability begins (ingest.extract.liability writes them): it says
# what a party can be made to pay, not what it does.
LIABILITY_CAP = "liability cap: "
NOT_LIABLE = "not liable for indirect"


@dataclass
class Responsibility:
    """Who does what, as one document states it, with where it says so."""

    activity: str
    assignments: list[Assignment]
    source: str  # matrix | clause | list | decision | action | contact | precedence
    quote: str
    section: str | None = None
    page: int | None = None
    person: str | None = None
    due: str | None = None
    modality: str = "shall"  # shall | may | does | warrants | contact
    id: str = ""
    document_id: str = ""
    vector: list[float] | None = None

    def owners(self) -> list[Assignment]:
        return [a for a in self.assignments if a.owns]

    def limits_liability(self) -> bool:
        return self.modality == "does" and self.activity.startswith((LIABILITY_CAP, NOT_LIABLE))


@dataclass
class PersonEntry:
    """One person as one source lists them: directory row, attendee, key contact."""

    name: str
    function: str | None  # an expert function key, or None when the title does not say
    party: str | None = None
    role: str | None = None
    title: str | None = None  # as written: "Director QA", "Vesta QA"
    email: str | None = None
    slack_user: str | None = None
    source: str = "directory"  # directory | attendee | contact

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class NoteItem:
    """A point a meeting note leaves open, settles, or closes (an action done)."""

    kind: str  # issue | picked (by a second reader) | settled | commitment | closed
    text: str  # the point, cleaned of list numbering and markup
    quote: str  # the line as written
    ref: str | None = None  # the notes' own label: "A6", "P1"
    section: str | None = None
    section_title: str | None = None
    page: int | None = None
    id: str = ""
    document_id: str = ""
    vector: list[float] | None = None


@dataclass
class DocumentFacts:
    """What extraction found in one document, stored with it in one transaction."""

    responsibilities: list[Responsibility] = field(default_factory=list)
    parties: list[dict] = field(default_factory=list)
    people: list[PersonEntry] = field(default_factory=list)
    note_items: list[NoteItem] = field(default_factory=list)
    document_date: str | None = None  # ISO date the document carries
