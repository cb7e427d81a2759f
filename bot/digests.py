"""Posting digests on schedule and reminding owners of overdue items, in Slack.

`DigestPoster.tick(now)` does one round: every linked channel whose scheduled time has come
gets its digest (claimed in the database, so one replica posts it), and every overdue action
item or roadblock with a Slack owner gets a direct message at most once per reminder
interval. `DigestLoop` calls it every few seconds in the server. Slack's rate limits (HTTP 429,
Retry-After) are honoured by the Web API client's retry handler; a post that still fails is
logged and retried on a later tick, never silently dropped."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError

from bot.audience import ChannelAudience
from bot.render import escape
from bot.render_roadblocks import digest_blocks, digest_text
from bot.runtime import Runtime
from bot.slack_clients import SlackClients
from bot.slack_users import SLACK_USERS
from knowledge.action_items import action_items
from knowledge.digest import Digest
from knowledge.errors import ConfigurationError
from knowledge.schedules import DigestSchedules, DueDigest
from knowledge.schema import reminders_sent

log = logging.getLogger("concord.digests")


@dataclass
class TickReport:
    posted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    reminded: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, list[str]]:
        return {"posted": self.posted, "failed": self.failed, "reminded": self.reminded}


def schedules_for(runtime: Runtime, replica: str = "concord") -> DigestSchedules:
    settings = runtime.settings
    return DigestSchedules(runtime.store.records.engine, default_cron=settings.digest_cron,
                           default_timezone=settings.digest_timezone,
                           grace=timedelta(minutes=settings.digest_grace_minutes),
                           replica=replica)


class DigestPoster:
    """`client` posts everywhere; with `clients` (OAuth installs) each channel gets its
    workspace's client."""

    def __init__(self, runtime: Runtime, client: WebClient | None = None, *,
                 replica: str = "concord", audiences: ChannelAudience | None = None,
                 clients: SlackClients | None = None) -> None:
        self.runtime = runtime
        self.clients = clients or SlackClients(runtime, default=client)
        self.schedules = schedules_for(runtime, replica)
        self.builder = runtime.digest_builder
        self.audiences = audiences or ChannelAudience()

    def build(self, channel: str, project: str, now: datetime,
              late_note: str | None = None) -> Digest:
        """The digest as this channel may see it (Slack Connect: shared documents only)."""
        audience = self.audiences.of(self.clients.for_channel(channel), channel)
        since = now - timedelta(days=7)
        digest = self.builder.build(project, now=now, audience=audience, since=since)
        digest.late_note = late_note
        return digest

    def post(self, channel: str, digest: Digest) -> str:
        client = self.clients.for_channel(channel)
        response = client.chat_postMessage(channel=channel, text=digest_text(digest),
                                                blocks=digest_blocks(digest),
                                                unfurl_links=False)
        return str(response.get("ts") or "")

    def tick(self, now: datetime) -> TickReport:
        report = TickReport()
        for due in self.schedules.due(now):
            if not self.schedules.claim(due, now):
                continue  # another replica has it
            self._post_due(due, now, report)
        self.remind_overdue(now, report)
        return report

    def _post_due(self, due: DueDigest, now: datetime, report: TickReport) -> None:
        try:
            digest = self.build(due.channel, due.project, now, due.late_note())
            ts = self.post(due.channel, digest)
        except Exception as exc:  # logged, kept as failed, retried on a later tick
            reason = exc.response.get("error") if isinstance(exc, SlackApiError) else \
                f"{type(exc).__name__}: {exc}"
            log.error("digest for %s (%s, due %s) failed: %s", due.channel, due.project,
                      due.scheduled_for.isoformat(), reason)
            self.schedules.finish(due, error=str(reason))
            report.failed.append(due.channel)
            return
        self.schedules.finish(due, posted_ts=ts)
        report.posted.append(due.channel)

    # reminders ---------------------------------------------------------------------------
    def _claim_reminder(self, item_key: str, user: str, now: datetime) -> bool:
        """At most one reminder per item, user and interval, across replicas."""
        interval = max(1, self.runtime.settings.reminder_interval_days)
        period = int(now.timestamp() // 86400) // interval
        try:
            with self.runtime.store.records.engine.begin() as c:
                c.execute(insert(reminders_sent).values(item_key=item_key, user=user,
                                                        period=period, sent_at=now))
            return True
        except IntegrityError:
            return False

    def remind_overdue(self, now: datetime, report: TickReport | None = None) -> TickReport:
        report = report or TickReport()
        today = now.date()
        channels: dict[str, list[str]] = {}
        for channel, project, _ in self.schedules.linked():
            channels.setdefault(project, []).append(channel)
        for project in sorted(channels):
            try:  # the workspace of the project's first linked channel that has a token
                client = next(c for c in self._clients_of(channels[project]))
            except StopIteration:
                continue
            self._remind_project(project, client, today, now, report)
        return report

    def _clients_of(self, channels: list[str]) -> Iterator[WebClient]:
        for channel in channels:
            try:
                yield self.clients.for_channel(channel)
            except ConfigurationError as exc:
                log.warning("no reminders through %s: %s", channel, exc)

    def _remind_project(self, project: str, client: WebClient, today: date, now: datetime,
                        report: TickReport) -> None:
        directory, _ = self.runtime.experts.directory(project)
        emails = {p.name: p.email for p in directory}
        for item in action_items(self.runtime.store, project, directory=directory):
            late = item.days_overdue(today)
            if item.status != "open" or not late:
                continue
            user = item.slack_user or SLACK_USERS.by_email(client,
                                                           emails.get(item.person or ""))
            if user and self._claim_reminder(item.key, user, now):
                self._dm(client, user, f":alarm_clock: Overdue by {late} days in "
                         f"*{escape(project)}*: {escape(item.action)} (due {item.due}). "
                         f"Source: _{escape(item.source.label())}_", report)
        for roadblock in self.runtime.tracker.list(project, status="open"):
            if not (roadblock.owner_user and roadblock.due and roadblock.due <
                    today.isoformat()) or roadblock.snoozed(now):
                continue
            if self._claim_reminder(f"roadblock:{roadblock.id}", roadblock.owner_user, now):
                self._dm(client, roadblock.owner_user,
                         f":alarm_clock: Roadblock *#{roadblock.id}* in "
                         f"*{escape(project)}* was due {roadblock.due}: "
                         f"{escape(roadblock.title)}", report)
                self.runtime.tracker.mark_reminded(roadblock.id, at=now,
                                                   note=f"reminded <@{roadblock.owner_user}>")

    @staticmethod
    def _dm(client: WebClient, user: str, text: str, report: TickReport) -> None:
        try:
            client.chat_postMessage(channel=user, text=text)
            report.reminded.append(user)
        except SlackApiError as exc:
            log.error("reminder to %s failed: %s", user, exc.response.get("error"))


class DigestLoop:
    """Runs `DigestPoster.tick` every few seconds until stopped (one thread per server)."""

    def __init__(self, poster: DigestPoster, *, every: float,
                 clock: Callable[[], datetime]) -> None:
        self.poster = poster
        self.every = every
        self.clock = clock
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="concord-digests", daemon=True)

    def start(self) -> DigestLoop:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.poster.tick(self.clock())
            except Exception:
                log.exception("digest round failed; trying again in %.0f s", self.every)
            self._stop.wait(self.every)
