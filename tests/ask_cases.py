"""Questions over the demo corpus with the clause that answers them (bench/data, from
demo/FACTS.md), shared by the relevance tests and the benchmark."""

from __future__ import annotations

import json
from pathlib import Path

_CASES = [json.loads(line) for line in
          (Path(__file__).resolve().parents[1] / "bench/data/ask_eval_demo.jsonl")
          .read_text().splitlines() if line.strip()]

# (question, document title, section expected among the cited passages)
DEMO_ASK_CASES: list[tuple[str, str, str]] = [
    (c["question"], c["document"], c["section"]) for c in _CASES
    if c["expected_status"] == "answered"]
NOTHING_CASES = [c["question"] for c in _CASES if c["expected_status"] == "nothing_found"]
