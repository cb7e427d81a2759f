"""Expert-suggestion evaluation: precision and recall per function, and how often a message
that needs no expert gets none. Labelled sets: bench/data/sme_eval_dev.jsonl (used while
tuning) and bench/data/sme_eval_holdout.jsonl (written separately, never tuned on)."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter

from bench.common import ROOT, machine, summary_ms
from knowledge.embeddings import SentenceTransformerEmbeddings
from knowledge.experts import FUNCTION_KEYS, ExpertSuggester

DATA = ROOT / "bench" / "data"


def evaluate(suggester: ExpertSuggester, cases: list[dict]) -> dict:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    quiet_ok = quiet_total = 0
    latencies, misses = [], []
    for case in cases:
        started = time.perf_counter()
        got = {s.function for s in suggester.suggest(case["text"])}
        latencies.append(time.perf_counter() - started)
        expected = set(case["expected"])
        for f in got & expected:
            tp[f] += 1
        for f in got - expected:
            fp[f] += 1
        for f in expected - got:
            fn[f] += 1
        if not expected:
            quiet_total += 1
            quiet_ok += not got
        if got != expected:
            misses.append({"id": case["id"], "text": case["text"][:120],
                           "expected": sorted(expected), "got": sorted(got)})
    per_function = {}
    for f in FUNCTION_KEYS:
        p_den, r_den = tp[f] + fp[f], tp[f] + fn[f]
        if p_den or r_den:
            per_function[f] = {"precision": _r(tp[f], p_den), "recall": _r(tp[f], r_den),
                               "support": r_den}
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    return {"messages": len(cases), "precision": _r(total_tp, total_tp + total_fp),
            "recall": _r(total_tp, total_tp + total_fn),
            "no_suggestion_when_none_needed": _r(quiet_ok, quiet_total),
            "per_function": per_function, "latency": summary_ms(latencies), "misses": misses}


def _r(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def load(name: str) -> list[dict]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main() -> dict:
    embeddings = SentenceTransformerEmbeddings()
    embeddings.warm_up()
    suggester = ExpertSuggester(embeddings)
    return {"benchmark": "sme_eval", "machine": machine(),
            "dev": evaluate(suggester, load("sme_eval_dev.jsonl")),
            "holdout": evaluate(suggester, load("sme_eval_holdout.jsonl"))}


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=2)
    print()
