"""Build the Bolt app (HTTP mode and Socket Mode share it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.dedup import SeenEvents, dedup_middleware
from bot.listeners import register_listeners
from bot.runtime import Runtime
from knowledge.errors import ConfigurationError

if TYPE_CHECKING:
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

SLACK_API = "https://slack.com/api/"
# The bot scopes Concord uses; slack/manifest.yaml asks for the same (a test checks).
BOT_SCOPES = ("app_mentions:read", "channels:history", "channels:read", "chat:write",
              "commands", "files:read", "groups:history", "groups:read", "im:history",
              "reactions:read", "reactions:write", "users:read", "users:read.email")


def web_client(runtime: Runtime, token: str | None = None) -> WebClient:
    """A Web API client (CONCORD_SLACK_API_URL when set) with the bot token, or `token`."""
    base_url = runtime.settings.slack_api_url or SLACK_API
    if not base_url.endswith("/"):
        base_url += "/"
    client = WebClient(token=token or runtime.settings.slack_bot_token, base_url=base_url,
                       timeout=15)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    return client


def build_app(runtime: Runtime, *, socket_mode: bool = False, verify_token: bool = True) -> App:
    """The Bolt app. Over HTTP every request's signature is verified; Socket Mode needs no
    signing secret (the WebSocket is authenticated by the app-level token)."""
    settings = runtime.settings
    if not settings.slack_bot_token and settings.slack_oauth_configured and not socket_mode:
        app = _oauth_app(runtime)
        app.use(dedup_middleware(SeenEvents(engine=runtime.store.records.engine)))
        register_listeners(app, runtime)
        return app
    if not settings.slack_bot_token or not (socket_mode or settings.slack_signing_secret):
        raise ConfigurationError(
            "Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or "
            "SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET for OAuth installs")
    app = App(
        client=web_client(runtime),
        signing_secret=settings.slack_signing_secret or "",
        process_before_response=False,
        request_verification_enabled=not socket_mode,
        token_verification_enabled=verify_token,
    )
    app.use(dedup_middleware(SeenEvents(engine=runtime.store.records.engine)))
    register_listeners(app, runtime)
    return app


def installation_store(runtime: Runtime) -> SQLAlchemyInstallationStore:
    """OAuth installs (one bot token per workspace), kept in the records database."""
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    engine = runtime.store.records.engine
    store = SQLAlchemyInstallationStore(client_id=runtime.settings.slack_client_id or "",
                                        engine=engine)
    store.metadata.create_all(engine)
    return store


def _oauth_app(runtime: Runtime) -> App:
    """Multi-workspace: installs through OAuth, tokens kept in the records database."""
    from slack_bolt.oauth.oauth_settings import OAuthSettings
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    settings = runtime.settings
    engine = runtime.store.records.engine
    installations = installation_store(runtime)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=600, engine=engine)
    states.metadata.create_all(engine)
    return App(
        client=web_client(runtime),
        signing_secret=settings.slack_signing_secret,
        process_before_response=False,
        oauth_settings=OAuthSettings(
            client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
            scopes=list(BOT_SCOPES), installation_store=installations, state_store=states),
    )


def run_socket_mode(runtime: Runtime) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    if not runtime.settings.slack_app_token:
        raise ConfigurationError("Socket Mode needs SLACK_APP_TOKEN (an xapp-... app-level token)")
    app = build_app(runtime, socket_mode=True)
    runtime.warm_up()
    SocketModeHandler(app, runtime.settings.slack_app_token).start()
