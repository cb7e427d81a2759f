"""People in the documents -> Slack users: the directory's Slack id, else users.lookupByEmail
(cached; a failed lookup is remembered for a while so Slack is not asked again and again)."""

from __future__ import annotations

import threading
import time

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

CACHE_SECONDS = 3600


class SlackUsers:
    def __init__(self, *, ttl: float = CACHE_SECONDS) -> None:
        self.ttl = ttl
        self._lock = threading.Lock()
        self._cache: dict[str, tuple[float, str | None]] = {}

    def by_email(self, client: WebClient, email: str | None) -> str | None:
        if not email:
            return None
        key = f"{client.base_url}|{client.token}|{email.strip().lower()}"  # per workspace
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key)
        if cached and now - cached[0] < self.ttl:
            return cached[1]
        try:
            user = (client.users_lookupByEmail(email=email.strip().lower()).get("user")
                    or {}).get("id")
        except SlackApiError:  # users_not_found, missing scope: show the name instead
            user = None
        with self._lock:
            self._cache[key] = (now, user)
        return user

    def of(self, client: WebClient, person: dict) -> str | None:
        """A directory entry's Slack user id, looked up by e-mail when the sheet has none."""
        return person.get("slack_user") or self.by_email(client, person.get("email"))


SLACK_USERS = SlackUsers()
