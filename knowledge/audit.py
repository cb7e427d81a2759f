"""The audit trail: every question, who asked it where, the answer status and its sources.

Kept in the records database for quality people to export (`concord audit`). The
application log never receives document text or secrets; this trail is the place for them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, insert, select

from knowledge.models import Citation
from knowledge.schema import audit_log


@dataclass(frozen=True)
class Actor:
    face: str  # cli | api | slack
    user: str | None = None
    channel: str | None = None


class AuditTrail:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def record(self, *, actor: Actor | None, project: str, audience: str, kind: str, question: str,
               status: str, mode: str | None, answer: str | None,
               citations: list[Citation]) -> None:
        actor = actor or Actor("cli")
        sources = [{"document": c.document, "version": c.version, "section": c.section,
                    "page": c.page} for c in citations]
        with self.engine.begin() as c:
            c.execute(insert(audit_log).values(
                at=datetime.now(UTC), face=actor.face, user=actor.user, channel=actor.channel,
                project=project, audience=audience, kind=kind, question=question[:4000],
                status=status, mode=mode, answer=(answer or "")[:8000],
                sources=json.dumps(sources)))

    def export(self, *, project: str, since: datetime | None = None) -> list[dict[str, Any]]:
        query = select(audit_log).where(audit_log.c.project == project)
        if since is not None:
            query = query.where(audit_log.c.at >= since)
        with self.engine.connect() as c:
            rows = c.execute(query.order_by(audit_log.c.at, audit_log.c.id)).all()
        return [{
            "at": _aware(r.at).isoformat(timespec="seconds"), "face": r.face, "user": r.user,
            "channel": r.channel, "project": r.project, "audience": r.audience,
            "kind": r.kind, "question": r.question, "status": r.status, "mode": r.mode,
            "answer": r.answer, "sources": json.loads(r.sources)} for r in rows]


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
