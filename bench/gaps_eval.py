"""Gap-check accuracy by topic on the demo project against demo/FACTS.md
(bench/data/gaps_demo.json). Prints JSON."""

from __future__ import annotations

import json
import sys

from bench.common import ROOT, machine, scratch_runtime
from bot.runtime import Runtime
from knowledge.embeddings import SentenceTransformerEmbeddings


def evaluate(runtime: Runtime) -> dict:
    labels = json.loads((ROOT / "bench" / "data" / "gaps_demo.json").read_text())
    report = runtime.gaps(project=labels["project"])
    got = {e.key: e.status for e in report.entries}
    expected = labels["expected"]
    wrong = {k: {"expected": v, "got": got.get(k)} for k, v in expected.items()
             if got.get(k) != v}
    gaps = [k for k, v in expected.items() if v != "settled"]
    return {"topics": len(expected),
            "correct_by_topic": round(1 - len(wrong) / len(expected), 3),
            "expected_gaps_found": sum(got.get(k) != "settled" for k in gaps),
            "expected_gaps": len(gaps), "wrong": wrong}


def main() -> dict:
    with scratch_runtime(SentenceTransformerEmbeddings()) as runtime:
        runtime.ingestor.run([ROOT / "demo" / "orion"], project="orion")
        return {"benchmark": "gaps_eval", "machine": machine(), "demo": evaluate(runtime)}


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=2)
    print()
