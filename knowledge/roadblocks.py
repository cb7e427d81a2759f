"""Roadblocks for a project: mined documents kept in step with the tracker, then listed."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update

from knowledge.errors import ProjectNotFound
from knowledge.ownership import OwnershipService
from knowledge.roadblock_mining import mine
from knowledge.schema import roadblock_syncs
from knowledge.source_links import SourceLinks
from knowledge.store import KnowledgeStore, audiences_for
from knowledge.tracker import Roadblock, RoadblockTracker, SyncResult


@dataclass
class RoadblockList:
    project: str
    status: str | None
    roadblocks: list[Roadblock]
    now: datetime

    def to_json(self) -> dict[str, Any]:
        return {"project": self.project, "status": self.status or "all",
                "roadblocks": [r.to_json(self.now) for r in self.roadblocks]}


class RoadblockService:
    def __init__(self, store: KnowledgeStore, ownership: OwnershipService,
                 tracker: RoadblockTracker, links: SourceLinks | None = None) -> None:
        self.store = store
        self.ownership = ownership
        self.tracker = tracker
        self.links = links  # signed links to cited passages, when a public URL is set
        self._lock = threading.Lock()

    def sync(self, project: str, *, force: bool = False) -> SyncResult | None:
        """Mine the project's documents when they changed since the last sync."""
        if not self.store.records.project_exists(project):
            raise ProjectNotFound(project)
        generation = self.store.records.generation(project)
        engine = self.store.records.engine
        with self._lock:
            with engine.connect() as c:
                done = c.execute(select(roadblock_syncs.c.generation)
                                 .where(roadblock_syncs.c.project == project)).scalar()
            if done is not None and done >= generation and not force:
                return None
            mined, settled = mine(self.store, self.ownership, project)
            result = self.tracker.apply_mined(project, mined, settled=settled)
            values = {"generation": generation, "synced_at": datetime.now(UTC)}
            with engine.begin() as c:
                if done is None:
                    c.execute(insert(roadblock_syncs).values(project=project, **values))
                else:
                    c.execute(update(roadblock_syncs)
                              .where(roadblock_syncs.c.project == project).values(**values))
            return result

    def list(self, project: str, *, status: str | None = "open",
             audience: str = "internal") -> list[Roadblock]:
        self.sync(project)
        found = self.tracker.list(project, status=status, audiences=audiences_for(audience))
        return self.links.add_to(found, audience) if self.links else found
