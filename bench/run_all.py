"""Run every benchmark and write bench/results/latest.json (also printed)."""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime

from bench import (
    cold_start,
    gaps_eval,
    ingest_throughput,
    owner_eval,
    query_latency,
    roadblocks_eval,
    sme_eval,
)
from bench.common import ROOT


def main() -> None:
    results = {"generated_at": datetime.now(UTC).isoformat(timespec="seconds")}
    for name, module in (("ingest_throughput", ingest_throughput),
                         ("query_latency", query_latency), ("cold_start", cold_start),
                         ("owner_eval", owner_eval), ("gaps_eval", gaps_eval),
                         ("roadblocks_eval", roadblocks_eval), ("sme_eval", sme_eval)):
        print(f"running {name} ...", file=sys.stderr)
        results[name] = module.main()
    out = ROOT / "bench" / "results" / "latest.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    json.dump(results, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
