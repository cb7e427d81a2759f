"""Opt-in listening: channels where Concord reads messages to suggest experts, and the
suggestions already made per thread (at most one per function per thread; "Not now"
silences it there)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from knowledge.schema import channel_settings, expert_suggestions


class Listening:
    def __init__(self, engine: Engine,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.engine = engine
        self.clock = clock

    def enabled(self, channel: str) -> bool:
        with self.engine.connect() as c:
            value = c.execute(select(channel_settings.c.listen)
                              .where(channel_settings.c.channel == channel)).scalar()
        return bool(value)

    def set(self, channel: str, *, on: bool, user: str | None) -> None:
        values = {"listen": int(on), "updated_by": user, "updated_at": self.clock()}
        with self.engine.begin() as c:
            done = c.execute(update(channel_settings)
                             .where(channel_settings.c.channel == channel).values(**values))
            if not done.rowcount:
                c.execute(insert(channel_settings).values(channel=channel, **values))

    def claim(self, channel: str, thread: str, functions: list[str]) -> list[str]:
        """The functions not yet suggested (or silenced) in this thread, now recorded."""
        fresh = []
        for function in functions:
            try:
                with self.engine.begin() as c:
                    c.execute(insert(expert_suggestions).values(
                        channel=channel, thread_ts=thread, function=function,
                        status="suggested", at=self.clock()))
                fresh.append(function)
            except IntegrityError:
                continue
        return fresh

    def silence(self, channel: str, thread: str, functions: list[str]) -> None:
        with self.engine.begin() as c:
            c.execute(update(expert_suggestions).where(
                expert_suggestions.c.channel == channel,
                expert_suggestions.c.thread_ts == thread,
                expert_suggestions.c.function.in_(functions)).values(status="silenced"))

    def status(self, channel: str, thread: str) -> dict[str, str]:
        with self.engine.connect() as c:
            rows = c.execute(select(expert_suggestions.c.function, expert_suggestions.c.status)
                             .where(expert_suggestions.c.channel == channel,
                                    expert_suggestions.c.thread_ts == thread)).all()
        return {r.function: r.status for r in rows}
