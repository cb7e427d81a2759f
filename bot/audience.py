"""Which documents a Slack channel may see.

A channel shared with another organisation (Slack Connect: `is_ext_shared`) only ever sees
documents ingested as `shared`. When Slack cannot tell us, Concord fails closed: `shared`."""

from __future__ import annotations

import logging
import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

log = logging.getLogger("concord.slack")
CACHE_SECONDS = 300


class ChannelAudience:
    def __init__(self, *, ttl: float = CACHE_SECONDS) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, str]] = {}

    def of(self, client: WebClient, channel: str) -> str:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(channel)
        if cached and now - cached[0] < self.ttl:
            return cached[1]
        audience = self._lookup(client, channel)
        with self._lock:
            self._cache[channel] = (now, audience)
        return audience

    @staticmethod
    def _lookup(client: WebClient, channel: str) -> str:
        if channel.startswith("D"):
            return "internal"  # a direct message with one member of the sponsor's workspace
        try:
            info = client.conversations_info(channel=channel).get("channel") or {}
        except SlackApiError as exc:
            log.warning("conversations.info failed for %s (%s): answering from shared "
                        "documents only", channel, exc.response.get("error"))
            return "shared"
        if info.get("is_ext_shared") or info.get("is_pending_ext_shared"):
            return "shared"
        return "internal"
