"""The ownership and ask evaluations with the optional LLM configured (CONCORD_LLM), to
compare with the extractive mode on the same questions. Skipped without a model.

Reports the extractive metrics plus how often the model answered and how often its
citations failed the grounding check."""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from bench.common import ROOT, machine, summary_ms
from bench.owner_eval import _ratio, evaluate, load_cases
from bot.runtime import Runtime
from knowledge.settings import load_settings


def ask_eval(runtime: Runtime) -> dict:
    cases = load_cases("ask_eval_demo.jsonl")
    hits, latencies, modes, fallbacks = 0, [], 0, 0
    for case in cases:
        started = time.perf_counter()
        answer = runtime.ask(project="orion", question=case["question"])
        latencies.append(time.perf_counter() - started)
        cited = {(c.document, c.section) for c in answer.citations}
        if case["expected_status"] == "answered":
            hits += (case["document"], case["section"]) in cited
        else:
            hits += answer.status == "nothing_found"
        modes += answer.mode == "llm"
        fallbacks += bool(answer.fallback_reason)
    return {"questions": len(cases), "accuracy": _ratio(hits, len(cases)),
            "llm_answers": modes, "fallbacks": fallbacks, "latency": summary_ms(latencies)}


def main() -> dict:
    settings = load_settings()
    if not settings.llm:
        return {"benchmark": "llm_eval",
                "skipped": "no model configured: set CONCORD_LLM=provider:model"}
    with tempfile.TemporaryDirectory() as home:
        runtime = Runtime(settings=settings.model_copy(update={"home": Path(home)}))
        runtime.ingestor.run([ROOT / "demo" / "orion"], project="orion")
        return {"benchmark": "llm_eval", "machine": machine(), "model": settings.llm,
                "ask": ask_eval(runtime),
                "owner": evaluate(runtime, "orion", load_cases("owner_eval_demo.jsonl"))}


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=2)
    print()
