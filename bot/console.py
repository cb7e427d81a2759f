"""A local console: try Concord in the browser without a Slack workspace.

`concord serve` without Slack credentials serves /console, a page that looks like a Slack
channel. What you type there is turned into the request Slack would send (a slash command, an
app mention or a message), signed, and POSTed to this server's own /slack/events, so the real
Bolt app answers. Bolt's Web API calls go to a stand-in for Slack's Web API under
/console/slack-api/, which keeps the messages for the page to show.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field

from bot.runtime import Runtime

PAGE = Path(__file__).parent / "console.html"
INTERNAL_CHANNEL = "C0CONSOLE"
SHARED_CHANNEL = "C0CONSOLESHARED"
USER = "U0CONSOLE"
BOT_USER = "U0CONCORD"
TEAM = "T0CONSOLE"


@dataclass
class ConsoleState:
    """Messages per channel, as the stand-in Web API received them."""

    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    counter: int = 0

    def add(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.counter += 1
            message = {"ts": f"{int(time.time())}.{self.counter:06d}", **message}
            self.messages.setdefault(channel, []).append(message)
            return message

    def since(self, channel: str, after: int) -> list[dict[str, Any]]:
        with self.lock:
            return list(self.messages.get(channel, [])[after:])


class SendRequest(BaseModel):
    channel: str = Field(pattern=f"^({INTERNAL_CHANNEL}|{SHARED_CHANNEL})$")
    text: str = Field(min_length=1, max_length=4000)
    thread_ts: str | None = None


def console_settings(runtime: Runtime, base_url: str) -> None:
    """Point the runtime's Slack settings at the console's stand-in Web API."""
    settings = runtime.settings
    settings.slack_bot_token = "xoxb-console-" + secrets.token_hex(8)
    settings.slack_signing_secret = secrets.token_hex(16)
    settings.slack_api_url = f"{base_url}/console/slack-api/"


def link_console_channels(runtime: Runtime) -> str | None:
    projects = runtime.store.records.project_names()
    project = runtime.settings.default_project or ("orion" if "orion" in projects else
                                                   (projects[0] if projects else None))
    if project:
        for channel in (INTERNAL_CHANNEL, SHARED_CHANNEL):
            runtime.channels.link(channel=channel, project=project, user=USER)
    return project


def _signed(secret: str, body: bytes, content_type: str) -> dict[str, str]:
    ts = str(int(time.time()))
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": "v0=" + digest.hexdigest()}


def slack_request(text: str, *, channel: str, thread_ts: str | None, ts: str,
                  response_url: str) -> tuple[bytes, str]:
    """The request Slack would send for what a user typed."""
    if text.startswith("/concord"):
        fields = {"token": "console", "team_id": TEAM, "channel_id": channel,
                  "user_id": USER, "user_name": "you", "command": "/concord",
                  "text": text.removeprefix("/concord").strip(), "response_url": response_url,
                  "trigger_id": "console", "api_app_id": "A0CONSOLE"}
        return urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
    mentioned = "@concord" in text.lower()
    body_text = text.replace("@Concord", f"<@{BOT_USER}>").replace("@concord", f"<@{BOT_USER}>")
    event: dict[str, Any] = {"type": "app_mention" if mentioned else "message", "user": USER,
                             "text": body_text, "ts": ts, "channel": channel,
                             "channel_type": "channel", "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    payload = {"token": "console", "team_id": TEAM, "api_app_id": "A0CONSOLE",
               "type": "event_callback", "event": event, "event_id": "Ev" + secrets.token_hex(6),
               "event_time": int(time.time()),
               "authorizations": [{"team_id": TEAM, "user_id": BOT_USER, "is_bot": True}]}
    return json.dumps(payload).encode(), "application/json"


def web_api_answer(state: ConsoleState, method: str, args: dict[str, Any]) -> dict[str, Any]:
    """What Slack's Web API would answer, keeping posted messages for the page."""
    if method == "auth.test":
        return {"ok": True, "user_id": BOT_USER, "team_id": TEAM, "bot_id": "B0CONSOLE",
                "user": "concord", "team": "Console", "url": "http://localhost/"}
    if method in ("chat.postMessage", "chat.postEphemeral"):
        blocks = args.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks)
        message = state.add(str(args.get("channel")), {
            "user": "Concord", "text": args.get("text") or "", "blocks": blocks or [],
            "thread_ts": args.get("thread_ts"), "ephemeral": method == "chat.postEphemeral"})
        return {"ok": True, "channel": args.get("channel"), "ts": message["ts"]}
    if method == "conversations.info":
        channel = str(args.get("channel"))
        return {"ok": True, "channel": {"id": channel,
                                        "is_ext_shared": channel == SHARED_CHANNEL}}
    if method == "users.info":
        return {"ok": True, "user": {"id": args.get("user"), "team_id": TEAM,
                                     "is_admin": True}}
    if method == "users.conversations":
        return {"ok": True, "channels": [{"id": INTERNAL_CHANNEL}, {"id": SHARED_CHANNEL}]}
    return {"ok": True}


def console_router(runtime: Runtime, *, base_url: str) -> APIRouter:
    state = ConsoleState()
    router = APIRouter(prefix="/console", include_in_schema=False)

    @router.get("", response_class=HTMLResponse)
    def page() -> str:
        return PAGE.read_text()

    @router.post("/slack-api/{method}")
    async def web_api(method: str, request: Request) -> JSONResponse:
        raw = await request.body()
        if "json" in (request.headers.get("content-type") or ""):
            args = json.loads(raw or b"{}")
        else:
            args = {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
        return JSONResponse(web_api_answer(state, method, args))

    @router.post("/respond/{channel}")
    async def respond(channel: str, request: Request) -> dict:
        args = json.loads(await request.body() or b"{}")
        state.add(channel, {"user": "Concord", "text": args.get("text") or "",
                            "blocks": args.get("blocks") or [], "thread_ts": None,
                            "ephemeral": args.get("response_type") != "in_channel"})
        return {"ok": True}

    @router.get("/messages")
    def messages(channel: str, after: int = 0) -> dict:
        return {"messages": state.since(channel, after)}

    @router.post("/send")
    async def send(body: SendRequest) -> dict:
        mine = state.add(body.channel, {"user": "you", "text": body.text, "blocks": [],
                                        "thread_ts": body.thread_ts, "ephemeral": False})
        raw, content_type = slack_request(
            body.text, channel=body.channel, thread_ts=body.thread_ts, ts=mine["ts"],
            response_url=f"{base_url}/console/respond/{body.channel}")
        headers = _signed(runtime.settings.slack_signing_secret or "", raw, content_type)
        async with httpx.AsyncClient(timeout=30) as client:
            response = await client.post(f"{base_url}/slack/events", content=raw,
                                         headers=headers)
        return {"ok": response.status_code == 200, "ts": mine["ts"]}

    return router
