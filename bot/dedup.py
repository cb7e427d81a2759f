"""Slack retries an event when it did not get a fast 200; answer each event_id once.

The first replica to record an event id in the records database handles it; the others
(and retries) acknowledge and skip it. A small in-memory set answers repeats without a
database round trip."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from slack_bolt import BoltRequest, BoltResponse
from sqlalchemy import Engine, delete, insert
from sqlalchemy.exc import IntegrityError

from knowledge.schema import processed_events

KEEP = timedelta(days=2)


class SeenEvents:
    def __init__(self, *, engine: Engine | None = None, capacity: int = 10_000) -> None:
        self.engine = engine
        self.capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._inserts = 0

    def first_time(self, event_id: str) -> bool:
        with self._lock:
            if event_id in self._ids:
                return False
            self._ids[event_id] = None
            if len(self._ids) > self.capacity:
                self._ids.popitem(last=False)
        return self._claim(event_id) if self.engine is not None else True

    def _claim(self, event_id: str) -> bool:
        assert self.engine is not None
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as c:
                c.execute(insert(processed_events).values(event_id=event_id[:64], seen_at=now))
                self._inserts += 1
                if self._inserts % 500 == 0:  # keep the table small
                    c.execute(delete(processed_events)
                              .where(processed_events.c.seen_at < now - KEEP))
        except IntegrityError:
            return False  # another replica (or an earlier run) handled it
        return True


def dedup_middleware(seen: SeenEvents) -> Callable:
    def middleware(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]):
        body = req.body if isinstance(req.body, dict) else {}
        event_id = body.get("event_id")
        if event_id and not seen.first_time(str(event_id)):
            return BoltResponse(status=200, body="")  # a retry of an event already handled
        return next()

    return middleware
