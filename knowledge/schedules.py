"""Digest schedules per linked channel, and exactly-once runs across server replicas.

A schedule is a cron expression in the channel's time zone (default: Mondays 09:00). Each
scheduled time is claimed by inserting a row keyed (channel, scheduled time): the unique key
makes one replica win, however many tick at once, and the row survives restarts. A failed
post is retried (up to a limit) by whichever replica ticks next; a claim abandoned by a
crashed replica is taken over after a lease.

Only the latest scheduled time counts: if Concord was down for several periods it posts one
digest, not a backlog. Back within the grace period, the digest goes out as usual; later than
that, it goes out once with a note saying it is late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter
from sqlalchemy import Engine, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from knowledge.errors import UsageError
from knowledge.schema import channel_links, digest_runs, digest_schedules
from knowledge.tracker import _aware

DEFAULT_CRON = "0 9 * * 1"


@dataclass
class Schedule:
    channel: str
    cron: str
    timezone: str
    enabled: bool
    configured: bool = False  # False: the defaults apply

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def previous(self, now: datetime) -> datetime:
        """The latest scheduled time at or before now (UTC)."""
        local = now.astimezone(self.zone())
        itr = croniter(self.cron, local + timedelta(seconds=1))
        return itr.get_prev(datetime).astimezone(UTC)

    def next(self, now: datetime) -> datetime:
        return croniter(self.cron, now.astimezone(self.zone())).get_next(datetime).astimezone(UTC)

    def to_json(self, now: datetime | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {"channel": self.channel, "cron": self.cron,
                                "timezone": self.timezone, "enabled": self.enabled,
                                "configured": self.configured}
        if now is not None and self.enabled:
            data["next"] = self.next(now).isoformat()
        return data


@dataclass
class DueDigest:
    channel: str
    project: str
    scheduled_for: datetime
    late: bool
    schedule: Schedule
    run_id: int | None = None

    def late_note(self) -> str | None:
        if not self.late:
            return None
        local = self.scheduled_for.astimezone(self.schedule.zone())
        return (f"This digest was due {local:%a %d %b %Y %H:%M} ({self.schedule.timezone}); "
                "Concord was not running then.")


def validate(cron: str, timezone: str) -> None:
    if not croniter.is_valid(cron) or len(cron.split()) != 5:
        raise UsageError(f"'{cron}' is not a cron schedule: use five fields, minute hour "
                         "day-of-month month day-of-week, e.g. '0 9 * * 1' (Mondays 09:00)")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise UsageError(f"'{timezone}' is not a time zone: use an IANA name such as "
                         "Europe/Zurich or America/New_York") from exc


class DigestSchedules:
    def __init__(self, engine: Engine, *, default_cron: str = DEFAULT_CRON,
                 default_timezone: str = "UTC", grace: timedelta = timedelta(hours=2),
                 lease: timedelta = timedelta(minutes=10), max_attempts: int = 5,
                 replica: str = "concord") -> None:
        validate(default_cron, default_timezone)
        self.engine = engine
        self.default_cron = default_cron
        self.default_timezone = default_timezone
        self.grace = grace
        self.lease = lease
        self.max_attempts = max_attempts
        self.replica = replica

    # schedules ---------------------------------------------------------------------------
    def get(self, channel: str) -> Schedule:
        with self.engine.connect() as c:
            row = c.execute(select(digest_schedules)
                            .where(digest_schedules.c.channel == channel)).first()
        if row is None:
            return Schedule(channel, self.default_cron, self.default_timezone, True)
        return Schedule(channel, row.cron, row.timezone, bool(row.enabled), configured=True)

    def set(self, channel: str, *, now: datetime, cron: str | None = None,
            timezone: str | None = None, enabled: bool | None = None,
            user: str | None = None) -> Schedule:
        current = self.get(channel)
        cron = " ".join((cron or current.cron).split())
        timezone = (timezone or current.timezone).strip()
        validate(cron, timezone)
        values = {"cron": cron, "timezone": timezone,
                  "enabled": int(current.enabled if enabled is None else enabled),
                  "updated_by": user, "updated_at": now}
        with self.engine.begin() as c:
            if current.configured:
                c.execute(update(digest_schedules)
                          .where(digest_schedules.c.channel == channel).values(**values))
            else:
                c.execute(insert(digest_schedules).values(channel=channel, **values))
        return self.get(channel)

    def linked(self) -> list[tuple[str, str, datetime]]:
        """(channel, project, linked at) for every channel linked with /concord link."""
        with self.engine.connect() as c:
            rows = c.execute(select(channel_links.c.channel, channel_links.c.project,
                                    channel_links.c.linked_at)).all()
        return [(r.channel, r.project, _aware(r.linked_at)) for r in rows]  # type: ignore[misc]

    # runs --------------------------------------------------------------------------------
    def due(self, now: datetime) -> list[DueDigest]:
        out = []
        for channel, project, linked_at in self.linked():
            schedule = self.get(channel)
            if not schedule.enabled:
                continue
            scheduled = schedule.previous(now)
            if scheduled < linked_at:
                continue  # no digest for a period before the channel was linked
            with self.engine.connect() as c:
                row = c.execute(select(digest_runs).where(
                    digest_runs.c.channel == channel,
                    digest_runs.c.scheduled_for == scheduled)).first()
            if row is not None and not self._retryable(row, now):
                continue
            out.append(DueDigest(channel=channel, project=project, scheduled_for=scheduled,
                                 late=now - scheduled > self.grace, schedule=schedule))
        return out

    def _retryable(self, row: Any, now: datetime) -> bool:
        if row.status == "failed":
            return row.attempts < self.max_attempts
        return row.status == "claimed" and _aware(row.claimed_at) < now - self.lease  # type: ignore[operator]

    def claim(self, due: DueDigest, now: datetime) -> bool:
        """Take the run for this replica; False when another replica has it."""
        try:
            with self.engine.begin() as c:
                due.run_id = int(c.execute(insert(digest_runs).values(
                    channel=due.channel, project=due.project, scheduled_for=due.scheduled_for,
                    status="claimed", late=int(due.late), claimed_by=self.replica,
                    claimed_at=now, attempts=1)).inserted_primary_key[0])
            return True
        except IntegrityError:
            pass
        with self.engine.begin() as c:
            row = c.execute(select(digest_runs).where(
                digest_runs.c.channel == due.channel,
                digest_runs.c.scheduled_for == due.scheduled_for)).first()
            if row is None or not self._retryable(row, now):
                return False
            taken = c.execute(update(digest_runs).where(
                digest_runs.c.id == row.id, digest_runs.c.attempts == row.attempts,
                or_(digest_runs.c.status == "failed",
                    and_(digest_runs.c.status == "claimed",
                         digest_runs.c.claimed_at == row.claimed_at)),
            ).values(status="claimed", claimed_by=self.replica, claimed_at=now,
                     attempts=row.attempts + 1))
            if taken.rowcount != 1:
                return False
            due.run_id = int(row.id)
            return True

    def finish(self, due: DueDigest, *, posted_ts: str | None = None,
               error: str | None = None) -> None:
        values = {"status": "failed", "error": error[:2000]} if error else \
            {"status": "sent", "posted_ts": posted_ts, "error": None}
        with self.engine.begin() as c:
            c.execute(update(digest_runs).where(digest_runs.c.id == due.run_id).values(**values))

    def runs(self, channel: str | None = None) -> list[dict[str, Any]]:
        query = select(digest_runs).order_by(digest_runs.c.scheduled_for.desc())
        if channel:
            query = query.where(digest_runs.c.channel == channel)
        with self.engine.connect() as c:
            rows = c.execute(query.limit(50)).all()
        return [{"channel": r.channel, "project": r.project,
                 "scheduled_for": _aware(r.scheduled_for).isoformat(),  # type: ignore[union-attr]
                 "status": r.status, "late": bool(r.late), "attempts": r.attempts,
                 "claimed_by": r.claimed_by, "posted_ts": r.posted_ts, "error": r.error}
                for r in rows]
