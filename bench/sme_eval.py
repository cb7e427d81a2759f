"""Expert-suggestion evaluation: precision and recall per function, and how often a message
that needs no expert gets none.

Labelled sets (labels follow bench/data/SME_LABELLING.md): "dev" = bench/data/sme_eval_dev.jsonl,
sme_eval_dev2.jsonl and sme_eval_dev3.jsonl (all looked at while tuning; dev2 and dev3 were
holdouts until their results were studied) and, when the file exists, "holdout" =
bench/data/sme_eval_holdout3.jsonl (written separately, never tuned on). The holdout report
carries aggregate numbers only, no per-message misses, so that running the bench does not show
its messages. `--dev-only` skips the holdout; `--set PATH` scores another labelled file (with
misses) instead of the holdout."""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from bench.common import ROOT, machine, summary_ms
from knowledge.embeddings import SentenceTransformerEmbeddings
from knowledge.experts import FUNCTION_KEYS, ExpertSuggester

DATA = ROOT / "bench" / "data"


DEV_FILES = ("sme_eval_dev.jsonl", "sme_eval_dev2.jsonl", "sme_eval_dev3.jsonl")
HOLDOUT_FILE = "sme_eval_holdout3.jsonl"


def evaluate(suggester: ExpertSuggester, cases: list[dict], *, misses: bool = True) -> dict:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    quiet_ok = quiet_total = 0
    latencies, missed = [], []
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
        if got != expected and misses:
            missed.append({"id": case["id"], "text": case["text"][:120],
                           "expected": sorted(expected), "got": sorted(got)})
    per_function = {}
    for f in FUNCTION_KEYS:
        p_den, r_den = tp[f] + fp[f], tp[f] + fn[f]
        if p_den or r_den:
            per_function[f] = {"precision": _r(tp[f], p_den), "recall": _r(tp[f], r_den),
                               "support": r_den}
    total_tp, total_fp, total_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    out = {"messages": len(cases), "precision": _r(total_tp, total_tp + total_fp),
           "recall": _r(total_tp, total_tp + total_fn),
           "no_suggestion_when_none_needed": _r(quiet_ok, quiet_total),
           "per_function": per_function, "latency": summary_ms(latencies)}
    if misses:
        out["misses"] = missed
    return out


def _r(hits: int, total: int) -> float | None:
    return round(hits / total, 3) if total else None


def load(name: str | Path) -> list[dict]:
    path = DATA / name
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main(*, holdout: bool = True, extra: str | None = None) -> dict:
    embeddings = SentenceTransformerEmbeddings()
    embeddings.warm_up()
    suggester = ExpertSuggester(embeddings)
    suggester.suggest("warm up")  # function profiles are embedded on first use
    dev = [case for name in DEV_FILES for case in load(name)]
    out = {"benchmark": "sme_eval", "machine": machine(), "dev": evaluate(suggester, dev)}
    out["dev"]["per_file"] = {name: {k: v for k, v in evaluate(suggester, load(name),
                                                               misses=False).items()
                                     if k in ("precision", "recall",
                                              "no_suggestion_when_none_needed")}
                              for name in DEV_FILES}
    if extra:
        out["extra"] = evaluate(suggester, load(Path(extra)))
    elif holdout and (DATA / HOLDOUT_FILE).exists():
        out["holdout"] = evaluate(suggester, load(HOLDOUT_FILE), misses=False)
    return out


if __name__ == "__main__":
    args = sys.argv[1:]
    extra_set = args[args.index("--set") + 1] if "--set" in args else None
    json.dump(main(holdout="--dev-only" not in args, extra=extra_set), sys.stdout, indent=2)
    print()
