"""Cold start: seconds from `concord serve` to a listening server, to a loaded model, and to
the first answered /api/ask on the demo project."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time

import httpx

from bench.common import ROOT, machine


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(predicate, timeout: float = 120.0) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            if predicate():
                return time.perf_counter()
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise TimeoutError("server did not become ready")


def main() -> dict:
    with tempfile.TemporaryDirectory() as home:
        env = dict(os.environ, CONCORD_HOME=home, CONCORD_API_TOKEN="bench-token",
                   HF_HUB_OFFLINE="1")
        concord = [sys.executable, "-m", "bot.cli"]
        subprocess.run([*concord, "ingest", str(ROOT / "demo" / "orion"), "--project", "orion"],
                       env=env, check=True, capture_output=True, cwd=ROOT)
        port = _port()
        base = f"http://127.0.0.1:{port}"
        started = time.perf_counter()
        server = subprocess.Popen([*concord, "serve", "--port", str(port)], env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            listening = _wait(lambda: httpx.get(f"{base}/healthz", timeout=1).status_code == 200)
            ready = _wait(lambda: httpx.get(f"{base}/healthz", timeout=1).json()["ready"])
            response = httpx.post(f"{base}/api/ask", timeout=60,
                                  headers={"Authorization": "Bearer bench-token"},
                                  json={"project": "orion",
                                        "question": "Who reviews executed batch records?"})
            answered = time.perf_counter()
            assert response.status_code == 200, response.text
        finally:
            server.terminate()
            server.wait(timeout=20)
    return {"benchmark": "cold_start", "machine": machine(),
            "listening_seconds": round(listening - started, 2),
            "model_ready_seconds": round(ready - started, 2),
            "first_answer_seconds": round(answered - started, 2)}


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=2)
    print()
