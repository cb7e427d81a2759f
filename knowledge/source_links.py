"""Signed links to the passage a roadblock cites, for people who have no API token.

A Slack digest or roadblock list names its sources (document, section, page). With
`CONCORD_PUBLIC_URL` set, each document source also gets a link to this server's
`/sources/{document_id}` page, signed with a key derived from the API token. The signature binds
the document, the section and page, the audience the link was made for and an expiry: a link
posted in a Slack Connect channel (audience `shared`) never opens an internal document, and
links stop working after `CONCORD_SOURCE_LINK_DAYS` (90 by default)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlencode

from knowledge.settings import Settings, api_token
from knowledge.tracker import Roadblock


def _message(document_id: str, section: str, page: str, audience: str, expires: int) -> bytes:
    return "\n".join([document_id, section, page, audience, str(expires)]).encode()


class SourceLinks:
    def __init__(self, base_url: str, key: bytes, *, days: int = 90,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.base_url = base_url.rstrip("/")
        self.key = key
        self.days = days
        self.clock = clock

    @classmethod
    def from_settings(cls, settings: Settings,
                      clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                      ) -> SourceLinks | None:
        """None when no public URL is configured (nothing to link to)."""
        if not settings.public_url:
            return None
        key = hmac.new(api_token(settings).encode(), b"concord source links",
                       hashlib.sha256).digest()
        return cls(settings.public_url, key, days=settings.source_link_days, clock=clock)

    def sign(self, document_id: str, section: str, page: str, audience: str,
             expires: int) -> str:
        return hmac.new(self.key, _message(document_id, section, page, audience, expires),
                        hashlib.sha256).hexdigest()

    def url(self, source: dict[str, Any], audience: str) -> str | None:
        """A link to a document source's passage, or None (a Slack message, no document)."""
        document_id = source.get("document_id")
        if not document_id or source.get("link"):
            return None
        section, page = str(source.get("section") or ""), str(source.get("page") or "")
        expires = int((self.clock() + timedelta(days=self.days)).timestamp())
        query = {"section": section, "page": page, "audience": audience, "expires": expires,
                 "sig": self.sign(document_id, section, page, audience, expires)}
        return f"{self.base_url}/sources/{document_id}?{urlencode(query)}"

    def verify(self, document_id: str, *, section: str, page: str, audience: str,
               expires: int, sig: str) -> bool:
        """True when the link was made here, for these values, and has not expired."""
        if expires < self.clock().timestamp():
            return False
        return hmac.compare_digest(self.sign(document_id, section, page, audience, expires),
                                   sig)

    def add_to(self, roadblocks: list[Roadblock], audience: str) -> list[Roadblock]:
        """Copies of the roadblocks whose document sources carry a signed `link`."""
        out = []
        for roadblock in roadblocks:
            sources = []
            for source in roadblock.sources:
                link = self.url(source, audience)
                sources.append({**source, "link": link} if link else source)
            out.append(replace(roadblock, sources=sources))
        return out
