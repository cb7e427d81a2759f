"""HTTP API for roadblocks and digests: the same JSON as `concord roadblocks`, `concord
roadblock show` and `concord digest --json`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field, field_validator

from bot.runtime import Runtime
from knowledge.projects import validate_project
from knowledge.topics import topic_for

API_ACTOR = "api-token"
Audience = Literal["internal", "shared"]


class NewRoadblock(BaseModel):
    project: str = Field(examples=["orion"])
    title: str = Field(min_length=3, max_length=2000,
                       examples=["Who approves the EM trend report?"])
    audience: Audience = "internal"


class StatusChange(BaseModel):
    status: Literal["open", "aligned", "dismissed"]
    note: str | None = Field(default=None, max_length=2000,
                             examples=["QAA v4 section 4.5 settles it"])


class Assignment(BaseModel):
    user: str | None = Field(default=None, description="Slack user id")
    person: str | None = None
    party: str | None = None
    due: str | None = Field(default=None, examples=["2026-12-15"])

    @field_validator("due")
    @classmethod
    def _iso_date(cls, value: str | None) -> str | None:
        if value is not None:
            date.fromisoformat(value)
        return value


class Snooze(BaseModel):
    days: int = Field(ge=1, le=90, examples=[7])


def roadblock_router(runtime: Runtime, require_token: Callable[..., None]) -> APIRouter:
    router = APIRouter(prefix="/api", tags=["roadblocks"],
                       dependencies=[Depends(require_token)])

    def one(roadblock_id: int, *, history: bool = True) -> dict[str, Any]:
        found = runtime.tracker.require(roadblock_id)
        data = found.to_json(runtime.clock())
        if history:
            data["history"] = [e.to_json() for e in runtime.tracker.history(roadblock_id)]
        return data

    @router.get("/roadblocks")
    def list_roadblocks(project: str, status: Literal["open", "aligned", "dismissed",
                                                      "all"] = "open",
                        audience: Audience = "internal") -> dict:
        """Roadblocks of a project, ownerless first, then oldest: `concord roadblocks`."""
        return runtime.roadblocks(project=project, audience=audience,
                                  status=None if status == "all" else status).to_json()

    @router.post("/roadblocks", status_code=201)
    def add_roadblock(body: NewRoadblock) -> dict:
        """Log a roadblock by hand (`concord roadblock add`)."""
        found, _ = runtime.tracker.add(project=validate_project(body.project),
                                       title=body.title, actor=API_ACTOR, origin="person",
                                       audience=body.audience, topic=topic_for(body.title))
        return one(found.id)

    @router.get("/roadblocks/{roadblock_id}")
    def show_roadblock(roadblock_id: int) -> dict:
        """One roadblock with its sources and history."""
        return one(roadblock_id)

    @router.post("/roadblocks/{roadblock_id}/status")
    def change_status(roadblock_id: int, body: StatusChange) -> dict:
        """Mark aligned, dismiss, or reopen, with a note saying why."""
        runtime.tracker.set_status(roadblock_id, body.status, actor=API_ACTOR, note=body.note)
        return one(roadblock_id)

    @router.post("/roadblocks/{roadblock_id}/assign")
    def assign(roadblock_id: int, body: Assignment) -> dict:
        """Give it an owner (Slack user, person or party) and optionally a due date."""
        runtime.tracker.assign(roadblock_id, actor=API_ACTOR, user=body.user,
                               person=body.person, party=body.party, due=body.due)
        return one(roadblock_id)

    @router.post("/roadblocks/{roadblock_id}/snooze")
    def snooze(roadblock_id: int, body: Snooze) -> dict:
        """Keep it out of digests for some days."""
        runtime.tracker.snooze(roadblock_id, actor=API_ACTOR, days=body.days)
        return one(roadblock_id)

    @router.get("/digest")
    def digest(project: str, audience: Audience = "internal") -> dict:
        """The digest as it would be posted now: `concord digest --json`."""
        return runtime.digest(project=project, audience=audience).to_json()

    return router
