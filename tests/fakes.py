"""Deterministic stand-ins for what cannot run here: a hashing embedder and Slack's Web API."""

from __future__ import annotations

import hashlib
import json
import math
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from langchain_core.embeddings import Embeddings

from knowledge.lexical import terms


class HashingEmbeddings(Embeddings):
    """Bag of stemmed words hashed into a fixed-size, L2-normalised vector.

    Texts that share words are close; texts that share none are orthogonal. Enough to test
    storage, scoping and fusion without loading a model.
    """

    def __init__(self, dimensions: int = 256) -> None:
        self.dimensions = dimensions
        self.calls = 0

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * self.dimensions
        for term in terms(text):
            digest = hashlib.md5(term.encode()).digest()
            vector[int.from_bytes(digest[:4], "little") % self.dimensions] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.calls += 1
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


class FakeSlack:
    """A Slack Web API on loopback that records calls and answers like Slack does.

    Serves both Web API methods (POST /api/<method>) and response_url posts (/respond/...).
    """

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.shared_channels: set[str] = set()  # Slack Connect channels
        self.admins: set[str] = set()  # workspace admins
        self.files: dict[str, bytes] = {}  # uploaded files served at /files/<name>
        self.memberships: dict[str, list[str]] = {}  # user -> channels
        self.user_teams: dict[str, str] = {}  # user -> team (default T1, ours)
        self.messages: dict[tuple[str, str], dict] = {}  # (channel, ts) -> message
        self.emails: dict[str, str] = {}  # e-mail -> user id (users.lookupByEmail)
        self.throttle: dict[str, int] = {}  # method -> how many calls get HTTP 429 first
        self.failing: dict[str, str] = {}  # method -> Slack error to answer with
        self.lock = threading.Lock()
        self.condition = threading.Condition(self.lock)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                return

            def do_GET(self) -> None:
                name = self.path.rsplit("/", 1)[-1]
                data = fake.files.get(name)
                auth = self.headers.get("Authorization") or ""
                if data is None or not auth.startswith("Bearer xoxb-"):
                    self.send_response(404 if data is None else 403)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if "json" in (self.headers.get("Content-Type") or ""):
                    payload = json.loads(raw or "{}")
                else:
                    payload = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                method = self.path.rsplit("/", 1)[-1] if self.path.startswith("/api/") \
                    else "response_url"
                payload = dict(payload)
                auth = self.headers.get("Authorization")
                if auth:
                    payload["_authorization"] = auth
                with fake.condition:
                    fake.calls.append((method, payload))
                    fake.condition.notify_all()
                    throttled = fake.throttle.get(method, 0) > 0
                    if throttled:
                        fake.throttle[method] -= 1
                if throttled:  # Slack's rate limit: HTTP 429 with Retry-After
                    self.send_response(429)
                    self.send_header("Retry-After", "0")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = fake.answer(method, payload)
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    @property
    def response_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/respond/T1/1/abc"

    def file_url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/files/{name}"

    def answer(self, method: str, payload: dict) -> dict:
        if method == "oauth.v2.access":
            return {"ok": True, "access_token": "xoxb-installed-T9", "token_type": "bot",
                    "scope": "chat:write,commands", "bot_user_id": "UBOT9", "app_id": "A1",
                    "team": {"id": "T9", "name": "Acme"}, "enterprise": None,
                    "is_enterprise_install": False, "authed_user": {"id": "U9"}}
        if method == "auth.test":
            return {"ok": True, "url": "https://example.slack.com/", "team": "Example",
                    "user": "concord", "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT"}
        if method == "users.conversations":
            user = payload.get("user", "")
            return {"ok": True, "channels": [{"id": c} for c in self.memberships.get(user, [])],
                    "response_metadata": {"next_cursor": ""}}
        if method == "users.info":
            user = payload.get("user", "")
            return {"ok": True, "user": {"id": user, "is_admin": user in self.admins,
                                         "team_id": self.user_teams.get(user, "T1")}}
        if method == "conversations.info":
            channel = payload.get("channel", "")
            return {"ok": True, "channel": {"id": channel, "is_channel": True,
                                            "is_ext_shared": channel in self.shared_channels}}
        if method in self.failing:
            return {"ok": False, "error": self.failing[method]}
        if method == "chat.postMessage":
            return {"ok": True, "channel": payload.get("channel"), "ts": "1700000000.000200",
                    "message": {"text": payload.get("text", "")}}
        if method == "chat.getPermalink":
            channel, ts = payload.get("channel", ""), payload.get("message_ts", "")
            return {"ok": True, "channel": channel,
                    "permalink": f"https://example.slack.com/archives/{channel}/p"
                                 f"{ts.replace('.', '')}"}
        if method in ("conversations.history", "conversations.replies"):
            channel, ts = payload.get("channel", ""), payload.get("latest") or payload.get("ts")
            found = self.messages.get((channel, str(ts)))
            return {"ok": True, "messages": [found] if found else [], "has_more": False}
        if method == "users.lookupByEmail":
            user = self.emails.get(payload.get("email", ""))
            return {"ok": True, "user": {"id": user}} if user else \
                {"ok": False, "error": "users_not_found"}
        return {"ok": True}

    def start(self) -> FakeSlack:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, method: str, count: int = 1, timeout: float = 20.0) -> list[dict]:
        """Block until `count` calls of `method` arrived; return their payloads."""
        with self.condition:
            self.condition.wait_for(lambda: len(self.calls_of(method)) >= count, timeout=timeout)
            return self.calls_of(method)

    def calls_of(self, method: str) -> list[dict]:
        return [payload for name, payload in self.calls if name == method]
