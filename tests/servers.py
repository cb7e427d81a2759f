"""Run the real FastAPI app under uvicorn on a loopback port, and sign Slack requests."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import httpx
import uvicorn
from fastapi import FastAPI

SIGNING_SECRET = "test-signing-secret-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(app: FastAPI | Callable[[str], FastAPI]) -> Iterator[str]:
    """Start uvicorn in a thread; yield the base URL; stop it afterwards. `app` may be a
    factory taking the base URL (for an app that calls itself, like the console)."""
    port = free_port()
    if not isinstance(app, FastAPI):
        app = app(f"http://127.0.0.1:{port}")
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def signed_headers(body: bytes, content_type: str, *, secret: str = SIGNING_SECRET,
                   timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": "v0=" + digest.hexdigest()}


def event_body(payload: dict) -> tuple[bytes, str]:
    return json.dumps(payload).encode(), "application/json"


def form_body(fields: dict) -> tuple[bytes, str]:
    values = {k: (str(v).lower() if isinstance(v, bool) else v) for k, v in fields.items()}
    return urllib.parse.urlencode(values).encode(), "application/x-www-form-urlencoded"


def interactivity_body(payload: dict) -> tuple[bytes, str]:
    return form_body({"payload": json.dumps(payload)})
