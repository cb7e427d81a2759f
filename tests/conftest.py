"""Shared fixtures. Most tests use a deterministic hashing embedder; tests marked real_model
load the bundled all-MiniLM-L6-v2 once per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from bot.runtime import Runtime
from knowledge.settings import Settings
from tests.fakes import FakeSlack, HashingEmbeddings

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "demo"
REAL_CORPUS = ROOT.parent / "shared" / "corpus" / "real"
SLACK_PAYLOADS = ROOT.parent / "shared" / "slack_payloads"


def make_settings(home: Path, **overrides: object) -> Settings:
    """Settings isolated from the developer's environment and .env file."""
    values: dict[str, object] = {"home": home, "api_token": "test-token"}
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("CONCORD_", "SLACK_")):
            monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def slack() -> Iterator[FakeSlack]:
    """Slack's Web API, faked on loopback (recording every call)."""
    fake = FakeSlack().start()
    yield fake
    fake.stop()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "home")


@pytest.fixture
def runtime(settings: Settings) -> Runtime:
    return Runtime(settings=settings, embeddings=HashingEmbeddings())


@pytest.fixture(scope="session")
def real_embeddings():
    from knowledge.embeddings import SentenceTransformerEmbeddings

    embeddings = SentenceTransformerEmbeddings()
    embeddings.warm_up()
    return embeddings


@pytest.fixture(scope="session")
def demo_runtime(tmp_path_factory: pytest.TempPathFactory, real_embeddings) -> Runtime:
    """Both demo projects ingested with the real model (once per test session)."""
    home = tmp_path_factory.mktemp("demo-home")
    runtime = Runtime(settings=make_settings(home), embeddings=real_embeddings)
    for project in ("orion", "lyra"):
        report = runtime.ingestor.run([DEMO / project], project=project)
        assert report.count("failed") == 0, report.to_json()
    return runtime


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    target = tmp_path / "demo"
    shutil.copytree(DEMO, target)
    return target
