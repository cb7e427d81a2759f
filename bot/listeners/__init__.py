"""Slack listeners. Each module has one register(app); register_listeners wires them all."""

from __future__ import annotations

from slack_bolt import App

from bot.listeners import commands, fallback, mentions
from bot.runtime import Runtime


def register_listeners(app: App, runtime: Runtime) -> None:
    commands.register(app, runtime)
    mentions.register(app, runtime)
    fallback.register(app, runtime)  # last: acknowledges everything else
