"""Which Web API client speaks for which Slack workspace.

With `SLACK_BOT_TOKEN` one token serves every channel. With OAuth installs
(`SLACK_CLIENT_ID`/`SECRET`, no bot token) each workspace has its own bot token in the
installation store, looked up by the team a channel was linked from. Work that runs without an
incoming request (scheduled digests, reminders) needs this; request handlers get their client
from Bolt."""

from __future__ import annotations

import threading

from slack_sdk import WebClient
from slack_sdk.oauth.installation_store import InstallationStore

from bot.runtime import Runtime
from knowledge.errors import ConfigurationError


class SlackClients:
    def __init__(self, runtime: Runtime, default: WebClient | None = None,
                 installations: InstallationStore | None = None) -> None:
        self.runtime = runtime
        self.default = default
        self.installations = installations
        self._by_token: dict[str, WebClient] = {}
        self._lock = threading.Lock()

    @classmethod
    def for_runtime(cls, runtime: Runtime) -> SlackClients:
        """The bot token when one is set, else the OAuth installation store."""
        from bot.app import installation_store, web_client

        if runtime.settings.slack_bot_token or not runtime.settings.slack_oauth_configured:
            return cls(runtime, default=web_client(runtime))
        return cls(runtime, installations=installation_store(runtime))

    def for_team(self, team: str | None) -> WebClient:
        """The client for a workspace; raises ConfigurationError when nothing can post there."""
        if self.default is not None:
            return self.default
        if self.installations is None:
            raise ConfigurationError("no Slack token: set SLACK_BOT_TOKEN or install the app "
                                     "through OAuth")
        if not team:
            raise ConfigurationError("no Slack token for this channel: it was linked before "
                                     "Concord kept its workspace; link it again with "
                                     "/concord link <project>")
        bot = self.installations.find_bot(enterprise_id=None, team_id=team)
        if bot is None or not bot.bot_token:
            raise ConfigurationError(f"Concord is not installed in Slack workspace {team}")
        with self._lock:
            client = self._by_token.get(bot.bot_token)
            if client is None:
                from bot.app import web_client

                client = web_client(self.runtime, token=bot.bot_token)
                self._by_token[bot.bot_token] = client
        return client

    def for_channel(self, channel: str) -> WebClient:
        return self.for_team(self.runtime.channels.team_of(channel))
