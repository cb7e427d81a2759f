"""Helpers shared by the benchmarks: timing, percentiles, peak memory, corpus location."""

from __future__ import annotations

import os
import platform
import random
import resource
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

ROOT = Path(__file__).resolve().parents[1]
REAL_CORPUS = ROOT.parent / "shared" / "corpus" / "real"

WORDS = ("supplier customer batch release deviation investigation quality agreement "
         "specification stability protocol audit inspection records retention change control "
         "notification business days approval manufacturer product testing laboratory method "
         "validation cleaning equipment qualification complaint recall shipment storage "
         "temperature excursion forecast purchase order invoice payment liability indemnity "
         "confidential information term termination notice party shall responsible").split()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(percentile(ms, 95), 2),
            "max_ms": round(max(ms), 2), "n": len(ms)}


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def machine() -> dict[str, object]:
    return {"cpus": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform()}


def generated_paragraphs(count: int, *, seed: int = 7, words: int = 80) -> list[str]:
    """Deterministic contract-like filler text (about 500 characters a paragraph)."""
    rng = random.Random(seed)
    out = []
    for i in range(count):
        body = " ".join(rng.choice(WORDS) for _ in range(words))
        out.append(f"{(i % 40) + 1}.{(i % 9) + 1} {body.capitalize()}.")
    return out


if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from bot.runtime import Runtime


@contextmanager
def scratch_runtime(embeddings: Embeddings | None = None) -> Iterator[Runtime]:
    """A Runtime on a throw-away home (records, vectors), isolated from any .env file."""
    from bot.runtime import Runtime
    from knowledge.settings import Settings

    with tempfile.TemporaryDirectory() as home:
        yield Runtime(settings=Settings(_env_file=None, home=Path(home)),  # type: ignore[call-arg]
                      embeddings=embeddings)
