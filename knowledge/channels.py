"""Which project a Slack channel belongs to: links made with /concord link, then the
configured map (CONCORD_CHANNEL_PROJECTS), then CONCORD_DEFAULT_PROJECT."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, insert, select, update

from knowledge.schema import channel_links, concord_threads
from knowledge.settings import Settings


class ChannelLinks:
    def __init__(self, *, engine: Engine, settings: Settings,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.engine = engine
        self.settings = settings
        self.clock = clock

    def project_for(self, channel: str | None) -> str | None:
        if channel:
            with self.engine.connect() as c:
                linked = c.execute(select(channel_links.c.project)
                                   .where(channel_links.c.channel == channel)).scalar()
            if linked:
                return str(linked)
        return self.settings.project_for_channel(channel)

    def link(self, *, channel: str, project: str, user: str | None,
             team: str | None = None) -> None:
        values = {"project": project, "linked_by": user, "linked_at": self.clock(),
                  "team_id": team}
        with self.engine.begin() as c:
            found = c.execute(select(channel_links.c.channel)
                              .where(channel_links.c.channel == channel)).first()
            if found:
                c.execute(update(channel_links).where(channel_links.c.channel == channel)
                          .values(**values))
            else:
                c.execute(insert(channel_links).values(channel=channel, **values))

    def team_of(self, channel: str) -> str | None:
        """The Slack workspace a channel was linked from (None: linked before it was kept,
        or from the CLI)."""
        with self.engine.connect() as c:
            team = c.execute(select(channel_links.c.team_id)
                             .where(channel_links.c.channel == channel)).scalar()
        return str(team) if team else None

    def unlink(self, channel: str) -> bool:
        with self.engine.begin() as c:
            result = c.execute(delete(channel_links).where(channel_links.c.channel == channel))
        return bool(result.rowcount)

    def remember_thread(self, channel: str, thread_ts: str) -> None:
        with self.engine.begin() as c:
            known = c.execute(select(concord_threads.c.channel).where(
                concord_threads.c.channel == channel,
                concord_threads.c.thread_ts == thread_ts)).first()
            if not known:
                c.execute(insert(concord_threads).values(
                    channel=channel, thread_ts=thread_ts, started_at=datetime.now(UTC)))

    def is_concord_thread(self, channel: str, thread_ts: str) -> bool:
        with self.engine.connect() as c:
            return c.execute(select(concord_threads.c.channel).where(
                concord_threads.c.channel == channel,
                concord_threads.c.thread_ts == thread_ts)).first() is not None

    def follow_ups_enabled(self, channel: str) -> bool:
        return channel not in self.settings.followup_disabled_channels

    def linked_projects(self, channels: list[str]) -> list[str]:
        """Projects of the given channels (links first, then the configured map)."""
        projects = {self.project_for(c) for c in channels}
        return sorted(p for p in projects if p)
