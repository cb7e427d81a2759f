"""Slack listeners. Each module has one register(app); register_listeners wires them all."""

from __future__ import annotations

from slack_bolt import App

from bot.audience import ChannelAudience
from bot.listeners import (
    commands,
    fallback,
    home,
    listening,
    mentions,
    messages,
    roadblocks,
)
from bot.runtime import Runtime


def register_listeners(app: App, runtime: Runtime) -> None:
    audiences = ChannelAudience()
    commands.register(app, runtime, audiences)
    mentions.register(app, runtime, audiences)
    messages.register(app, runtime, audiences)
    home.register(app, runtime)
    roadblocks.register(app, runtime, audiences)
    listening.register(app, runtime)
    fallback.register(app, runtime)  # last: acknowledges everything else
