"""Slack retries an event when it did not get a fast 200; answer each event_id once."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse


class SeenEvents:
    """A bounded, thread-safe set of event ids seen by this process."""

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, event_id: str) -> bool:
        with self._lock:
            if event_id in self._ids:
                return False
            self._ids[event_id] = None
            if len(self._ids) > self.capacity:
                self._ids.popitem(last=False)
            return True


def dedup_middleware(seen: SeenEvents) -> Callable:
    def middleware(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]):
        body = req.body if isinstance(req.body, dict) else {}
        event_id = body.get("event_id")
        if event_id and not seen.first_time(str(event_id)):
            return BoltResponse(status=200, body="")  # a retry of an event already handled
        return next()

    return middleware
