"""Acknowledge every other signed request Slack sends, so Slack neither retries it nor shows
the user an error. Registered last: Bolt runs the first listener that matches."""

from __future__ import annotations

import re

from slack_bolt import Ack, App

from bot.runtime import Runtime

ANYTHING = re.compile(".*")


def register(app: App, runtime: Runtime) -> None:
    del runtime

    @app.event(ANYTHING)
    def ignore_event() -> None:
        """Events Concord subscribes to but does not act on (yet)."""

    @app.action(ANYTHING)
    def ignore_action(ack: Ack) -> None:
        ack()

    @app.view(ANYTHING)
    def ignore_view(ack: Ack) -> None:
        ack()

    @app.view_closed(ANYTHING)
    def ignore_view_closed(ack: Ack) -> None:
        ack()

    @app.shortcut(ANYTHING)
    def ignore_shortcut(ack: Ack) -> None:
        ack()
