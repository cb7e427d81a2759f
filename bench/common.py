"""Helpers shared by the benchmarks: timing, percentiles, peak memory, corpus location."""

from __future__ import annotations

import os
import platform
import random
import resource
import statistics
from pathlib import Path

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
