"""Build the Bolt app (HTTP mode and Socket Mode share it)."""

from __future__ import annotations

from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from bot.dedup import SeenEvents, dedup_middleware
from bot.listeners import register_listeners
from bot.runtime import Runtime
from knowledge.errors import ConfigurationError

SLACK_API = "https://slack.com/api/"


def web_client(runtime: Runtime) -> WebClient:
    base_url = runtime.settings.slack_api_url or SLACK_API
    if not base_url.endswith("/"):
        base_url += "/"
    client = WebClient(token=runtime.settings.slack_bot_token, base_url=base_url, timeout=15)
    client.retry_handlers.append(RateLimitErrorRetryHandler(max_retry_count=3))
    return client


def build_app(runtime: Runtime, *, socket_mode: bool = False, verify_token: bool = True) -> App:
    """The Bolt app. Over HTTP every request's signature is verified; Socket Mode needs no
    signing secret (the WebSocket is authenticated by the app-level token)."""
    settings = runtime.settings
    if not settings.slack_bot_token or not (socket_mode or settings.slack_signing_secret):
        raise ConfigurationError(
            "Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET")
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


def run_socket_mode(runtime: Runtime) -> None:
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    if not runtime.settings.slack_app_token:
        raise ConfigurationError("Socket Mode needs SLACK_APP_TOKEN (an xapp-... app-level token)")
    app = build_app(runtime, socket_mode=True)
    runtime.warm_up()
    SocketModeHandler(app, runtime.settings.slack_app_token).start()
