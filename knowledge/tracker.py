"""The roadblock tracker: unaligned items with their sources, owner, due date and a history of
who opened, changed, aligned or dismissed them, and on what evidence.

Items mined from documents (open points in notes, QAA gaps, ownership conflicts) are kept in
step with the documents by `apply_mined`; items people log are only changed by people. A
person's decision (aligned, dismissed) is never overturned by mining."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from knowledge.errors import UsageError
from knowledge.schema import roadblock_events, roadblocks

STATUSES = ("open", "aligned", "dismissed")
MINED_ORIGINS = ("notes", "gap", "conflict")
CONCORD = "concord"


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    """SQLite returns naive datetimes; everything stored is UTC."""
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def text_key(prefix: str, *parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(" ".join(p.lower().split()) for p in parts).encode())
    return f"{prefix}:{digest.hexdigest()[:20]}"


@dataclass
class Mined:
    """A roadblock as the documents show it now."""

    key: str
    title: str
    origin: str  # notes | gap | conflict
    audience: str
    status: str = "open"  # open | aligned (a later note or document settled it)
    topic: str | None = None
    sources: list[dict[str, Any]] = field(default_factory=list)
    evidence: dict[str, Any] | None = None
    raised_on: str | None = None  # ISO date of the first source


@dataclass
class Roadblock:
    id: int
    project: str
    key: str
    title: str
    topic: str | None
    origin: str
    audience: str
    status: str
    owner_party: str | None
    owner_person: str | None
    owner_user: str | None
    due: str | None
    sources: list[dict[str, Any]]
    evidence: dict[str, Any] | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime
    last_reminded_at: datetime | None
    snoozed_until: datetime | None
    raised_on: str | None = None

    @property
    def ownerless(self) -> bool:
        return not (self.owner_party or self.owner_person or self.owner_user)

    def age_days(self, now: datetime) -> int:
        """Days since it was first raised (a note's date), else since it was logged."""
        start = self.created_at
        if self.raised_on:
            start = min(start, datetime.fromisoformat(self.raised_on).replace(tzinfo=UTC))
        return max(0, (now - start).days)

    def snoozed(self, now: datetime) -> bool:
        return self.snoozed_until is not None and self.snoozed_until > now

    def to_json(self, now: datetime | None = None) -> dict[str, Any]:
        now = now or utcnow()
        return {
            "id": self.id, "project": self.project, "title": self.title, "topic": self.topic,
            "origin": self.origin, "audience": self.audience, "status": self.status,
            "owner": None if self.ownerless else {
                "party": self.owner_party, "person": self.owner_person,
                "slack_user": self.owner_user},
            "due": self.due, "created_at": self.created_at.isoformat(),
            "raised_on": self.raised_on,
            "created_by": self.created_by, "updated_at": self.updated_at.isoformat(),
            "age_days": self.age_days(now),
            "last_reminded_at": self.last_reminded_at.isoformat()
            if self.last_reminded_at else None,
            "snoozed_until": self.snoozed_until.isoformat() if self.snoozed_until else None,
            "sources": self.sources, "evidence": self.evidence,
        }


@dataclass
class RoadblockEvent:
    at: datetime
    actor: str
    action: str  # opened | raised_again | aligned | dismissed | reopened | assigned | ...
    note: str | None
    evidence: dict[str, Any] | None

    def to_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "actor": self.actor, "action": self.action,
                "note": self.note, "evidence": self.evidence}


@dataclass
class SyncResult:
    opened: int = 0
    aligned: int = 0
    reopened: int = 0
    raised_again: int = 0

    def to_json(self) -> dict[str, int]:
        return {"opened": self.opened, "aligned": self.aligned, "reopened": self.reopened,
                "raised_again": self.raised_again}


def _row(m: Any) -> Roadblock:
    return Roadblock(
        id=m["id"], project=m["project"], key=m["key"], title=m["title"], topic=m["topic"],
        origin=m["origin"], audience=m["audience"], status=m["status"],
        owner_party=m["owner_party"], owner_person=m["owner_person"],
        owner_user=m["owner_user"], due=m["due"], sources=json.loads(m["sources"] or "[]"),
        evidence=json.loads(m["evidence"]) if m["evidence"] else None,
        created_by=m["created_by"], created_at=_aware(m["created_at"]),  # type: ignore[arg-type]
        updated_at=_aware(m["updated_at"]),  # type: ignore[arg-type]
        last_reminded_at=_aware(m["last_reminded_at"]),
        snoozed_until=_aware(m["snoozed_until"]), raised_on=m["raised_on"])


class RoadblockTracker:
    def __init__(self, engine: Engine, *, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock

    # reading -------------------------------------------------------------------------------
    def get(self, roadblock_id: int) -> Roadblock | None:
        with self.engine.connect() as c:
            row = c.execute(select(roadblocks).where(roadblocks.c.id == roadblock_id)).first()
        return _row(row._mapping) if row else None

    def require(self, roadblock_id: int, *, project: str | None = None,
                audiences: Iterable[str] | None = None) -> Roadblock:
        found = self.get(roadblock_id)
        if found is None or (project and found.project != project) or (
                audiences is not None and found.audience not in set(audiences)):
            where = f" in project '{project}'" if project else ""
            raise UsageError(f"There is no roadblock #{roadblock_id}{where}.")
        return found

    def list(self, project: str, *, status: str | None = None,
             audiences: Iterable[str] = ("internal", "shared")) -> list[Roadblock]:
        """Roadblocks of a project, ownerless first, then oldest first."""
        if status and status not in STATUSES:
            raise UsageError(f"Status '{status}' is not valid: use one of {', '.join(STATUSES)}")
        query = select(roadblocks).where(roadblocks.c.project == project,
                                         roadblocks.c.audience.in_(list(audiences)))
        if status:
            query = query.where(roadblocks.c.status == status)
        with self.engine.connect() as c:
            found = [_row(r._mapping) for r in c.execute(query)]
        return sorted(found, key=lambda r: (not r.ownerless, r.created_at, r.id))

    def history(self, roadblock_id: int) -> list[RoadblockEvent]:
        with self.engine.connect() as c:
            rows = c.execute(select(roadblock_events)
                             .where(roadblock_events.c.roadblock_id == roadblock_id)
                             .order_by(roadblock_events.c.id)).all()
        return [RoadblockEvent(at=_aware(r.at), actor=r.actor,  # type: ignore[arg-type]
                               action=r.action, note=r.note,
                               evidence=json.loads(r.evidence) if r.evidence else None)
                for r in rows]

    # people's changes ----------------------------------------------------------------------
    def add(self, *, project: str, title: str, actor: str, origin: str = "person",
            audience: str = "internal", topic: str | None = None,
            sources: list[dict[str, Any]] | None = None, key: str | None = None,
            owner_party: str | None = None, due: str | None = None) -> tuple[Roadblock, bool]:
        """Log a roadblock; returns it and whether it is new (the same key logs once)."""
        title = " ".join(title.split())
        if len(title) < 3:
            raise UsageError("Describe the roadblock in a few words, e.g. "
                             "`/concord roadblock add who approves the EM trend report?`")
        now = self.clock()
        key = key or text_key("person", project, title, now.isoformat())
        try:
            with self.engine.begin() as c:
                new_id = c.execute(insert(roadblocks).values(
                    project=project, key=key, title=title[:2000], topic=topic, origin=origin,
                    audience=audience, status="open", owner_party=owner_party, due=due,
                    sources=json.dumps(sources or []), created_by=actor, created_at=now,
                    updated_at=now)).inserted_primary_key[0]
                self._event(c, new_id, actor, "opened", None,
                            (sources or [None])[0], now)
        except IntegrityError:
            with self.engine.connect() as c:
                row = c.execute(select(roadblocks).where(roadblocks.c.project == project,
                                                         roadblocks.c.key == key)).first()
            return _row(row._mapping), False  # type: ignore[union-attr]
        return self.require(int(new_id)), True

    def set_status(self, roadblock_id: int, status: str, *, actor: str,
                   note: str | None = None, evidence: dict[str, Any] | None = None
                   ) -> Roadblock:
        if status not in STATUSES:
            raise UsageError(f"Status '{status}' is not valid: use one of {', '.join(STATUSES)}")
        current = self.require(roadblock_id)
        action = {"open": "reopened", "aligned": "aligned", "dismissed": "dismissed"}[status]
        proof = evidence or ({"note": note} if note else None)
        self._update(current.id, actor, action, note, proof, status=status,
                     evidence=json.dumps(proof) if proof else None)
        return self.require(roadblock_id)

    def assign(self, roadblock_id: int, *, actor: str, user: str | None = None,
               person: str | None = None, party: str | None = None,
               due: str | None = None) -> Roadblock:
        self.require(roadblock_id)
        if not (user or person or party):
            raise UsageError("Name an owner: a Slack user, a person or a party.")
        who = ", ".join(filter(None, [f"<@{user}>" if user else None, person, party]))
        values: dict[str, Any] = {"owner_user": user, "owner_person": person,
                                  "owner_party": party}
        if due:
            values["due"] = due
        self._update(roadblock_id, actor, "assigned", who, None, **values)
        return self.require(roadblock_id)

    def snooze(self, roadblock_id: int, *, actor: str, days: int) -> Roadblock:
        if not 1 <= days <= 90:
            raise UsageError("Snooze for 1 to 90 days.")
        self.require(roadblock_id)
        until = self.clock() + timedelta(days=days)
        self._update(roadblock_id, actor, "snoozed", f"until {until.date().isoformat()}", None,
                     snoozed_until=until)
        return self.require(roadblock_id)

    def mark_reminded(self, roadblock_id: int, *, at: datetime, note: str) -> None:
        self._update(roadblock_id, CONCORD, "reminded", note, None, last_reminded_at=at,
                     touch=False)

    # documents' changes --------------------------------------------------------------------
    def apply_mined(self, project: str, mined: list[Mined], *,
                    origins: Iterable[str] = MINED_ORIGINS,
                    settled: dict[str, dict[str, Any]] | None = None) -> SyncResult:
        """Bring mined roadblocks in line with what the documents say now. `settled` holds
        evidence for items the documents no longer show because they now settle them."""
        result = SyncResult()
        origins = set(origins)
        with self.engine.connect() as c:
            existing = {r.key: _row(r._mapping) for r in c.execute(
                select(roadblocks).where(roadblocks.c.project == project,
                                         roadblocks.c.origin.in_(list(origins))))}
        seen = set()
        for item in mined:
            seen.add(item.key)
            known = existing.get(item.key)
            if known is None:
                self._insert_mined(project, item)
                result.opened += 1
                result.aligned += item.status == "aligned"
                continue
            new_sources = [s for s in item.sources if s not in known.sources]
            if new_sources:
                self._update(known.id, CONCORD, "raised_again", None, new_sources[0],
                             sources=json.dumps(item.sources), touch=False)
                result.raised_again += 1
            decided_by_person = self._decided_by_person(known.id)
            if known.status == "open" and item.status == "aligned":
                self._update(known.id, CONCORD, "aligned", "settled in a later document",
                             item.evidence, status="aligned",
                             evidence=json.dumps(item.evidence))
                result.aligned += 1
            elif known.status == "aligned" and item.status == "open" and not decided_by_person:
                self._update(known.id, CONCORD, "reopened", "raised again after it was settled",
                             item.sources[-1] if item.sources else None, status="open")
                result.reopened += 1
        for key, known in existing.items():
            if key not in seen and known.status == "open":
                proof = (settled or {}).get(key) or {
                    "note": "no longer in the current documents"}
                self._update(known.id, CONCORD, "aligned",
                             "the current documents no longer show this", proof,
                             status="aligned", evidence=json.dumps(proof))
                result.aligned += 1
        return result

    def _insert_mined(self, project: str, item: Mined) -> None:
        now = self.clock()
        try:
            with self.engine.begin() as c:
                new_id = c.execute(insert(roadblocks).values(
                    project=project, key=item.key, title=item.title[:2000], topic=item.topic,
                    origin=item.origin, audience=item.audience, status=item.status,
                    sources=json.dumps(item.sources),
                    evidence=json.dumps(item.evidence) if item.evidence else None,
                    created_by=CONCORD, created_at=now, updated_at=now,
                    raised_on=item.raised_on,
                )).inserted_primary_key[0]
                self._event(c, new_id, CONCORD, "opened", f"found in {item.origin}",
                            item.sources[0] if item.sources else None, now)
                if item.status == "aligned":
                    self._event(c, new_id, CONCORD, "aligned", "settled in a later document",
                                item.evidence, now)
        except IntegrityError:  # another replica inserted it first
            pass

    def _decided_by_person(self, roadblock_id: int) -> bool:
        return any(e.actor != CONCORD and e.action in ("aligned", "dismissed")
                   for e in self.history(roadblock_id))

    def _update(self, roadblock_id: int, actor: str, action: str, note: str | None,
                proof: dict[str, Any] | None, *, touch: bool = True, **values: Any) -> None:
        """Change columns (`values`) and record the event, with `proof`, in one step."""
        now = self.clock()
        if touch:
            values["updated_at"] = now
        with self.engine.begin() as c:
            c.execute(update(roadblocks).where(roadblocks.c.id == roadblock_id).values(**values))
            self._event(c, roadblock_id, actor, action, note, proof, now)

    @staticmethod
    def _event(c: Any, roadblock_id: int, actor: str, action: str, note: str | None,
               evidence: dict[str, Any] | None, at: datetime) -> None:
        c.execute(insert(roadblock_events).values(
            roadblock_id=roadblock_id, at=at, actor=actor[:120], action=action, note=note,
            evidence=json.dumps(evidence) if evidence else None))
