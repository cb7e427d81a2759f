"""Roadblock mining and QAA gap check against labelled projects. Prints JSON.

Sets: bench/data/roadblocks/ (three fictional projects written and labelled without looking
at the extractor, then tuned on; see its README), bench/data/roadblocks_dev2/ to
roadblocks_dev22/ (one or two projects each: holdouts measured once, then tuned on),
bench/data/roadblocks_holdout22/ when present (labelled apart, never tuned on) and
bench/data/roadblocks_demo.json (the demo corpus, from demo/FACTS.md). Per project: recall
(labelled roadblocks found), precision (mined roadblocks that are labelled ones), merged
(points raised in several places that became one roadblock), status accuracy (open vs aligned
by a later note, with the right evidence), and gap-check accuracy by topic key where the
labels give one.

The learned second reading of notes (ingest/extract/learned_reader.py) is trained on every set
here but the holdout, so the dev sets' numbers are in-sample for it; bench/train_open_points.py
measures it leaving one set out at a time."""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from bench.common import ROOT, machine, scratch_runtime
from bot.runtime import Runtime
from knowledge.embeddings import SentenceTransformerEmbeddings
from knowledge.tracker import Roadblock

DATA = ROOT / "bench" / "data"
HOLDOUT = "roadblocks_holdout22"  # none yet: the next set written apart goes here


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[*_`>]", " ", text).lower().split())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]{3,}", text.lower()))


def _matches(quote: str, phrase: str) -> bool:
    """A mined source quote stands for a labelled phrase when one contains the other, or
    when most of the phrase's words are in the quote (quotes keep the whole sentence)."""
    q, p = _norm(quote), _norm(phrase)
    if p in q or (len(q) >= 20 and q in p):
        return True
    words = _words(p)
    return bool(words) and len(words & _words(q)) / len(words) >= 0.8


def _label_of(roadblock: Roadblock, labels: list[dict]) -> list[str]:
    quotes = [s.get("quote", "") for s in roadblock.sources]
    return [label["id"] for label in labels
            if any(_matches(q, r["phrase"]) for q in quotes for r in label["raised"])]


def evaluate(runtime: Runtime, project: str, spec: dict) -> dict:
    started = time.perf_counter()
    runtime.roadblock_service.sync(project, force=True)  # mining time, measured again
    sync_seconds = time.perf_counter() - started
    mined = [r for r in runtime.roadblock_service.tracker.list(project)
             if r.origin == "notes"]
    labels, decoys = spec["roadblocks"], spec.get("decoys", [])
    hits: dict[str, list[Roadblock]] = {label["id"]: [] for label in labels}
    false_positives, decoy_hits = [], []
    for roadblock in mined:
        found = _label_of(roadblock, labels)
        for label_id in found:
            hits[label_id].append(roadblock)
        if not found:
            quotes = [s.get("quote", "") for s in roadblock.sources]
            decoy = next((d["phrase"] for d in decoys
                          if any(_matches(q, d["phrase"]) for q in quotes)), None)
            false_positives.append({"title": roadblock.title[:120], "decoy": decoy})
            if decoy:
                decoy_hits.append(decoy)
    by_id = {label["id"]: label for label in labels}
    status_ok, status_wrong = 0, []
    for label_id, found in hits.items():
        if not found:
            continue
        label = by_id[label_id]
        aligned = [r for r in found if r.status == "aligned"]
        if label["status"] == "open":
            good = not aligned
        else:
            evidence = (aligned[0].evidence or {}).get("quote", "") if aligned else ""
            good = bool(aligned) and _matches(evidence, label["aligned_by"]["phrase"])
        status_ok += good
        if not good:
            status_wrong.append({"id": label_id, "expected": label["status"],
                                 "got": [r.status for r in found]})
    repeated = [label for label in labels if len(label["raised"]) > 1]
    merged = sum(len({r.id for r in hits[label["id"]]}) == 1 for label in repeated)
    found_ids = [k for k, v in hits.items() if v]
    correct_mined = len(mined) - len(false_positives)
    result = {
        "labelled": len(labels), "mined": len(mined),
        "recall": round(len(found_ids) / len(labels), 3) if labels else None,
        "precision": round(correct_mined / len(mined), 3) if mined else None,
        "duplicates": sum(max(0, len({r.id for r in v}) - 1) for v in hits.values()),
        "merged_repeated": f"{merged}/{len(repeated)}",
        "status_accuracy": round(status_ok / len(found_ids), 3) if found_ids else None,
        "decoys_taken": len(decoy_hits), "decoys": len(decoys),
        "missed": [{"id": k, "title": by_id[k].get("title", by_id[k]["raised"][0]["phrase"])}
                   for k, v in hits.items() if not v],
        "false_positives": false_positives, "status_wrong": status_wrong,
        "sync_seconds": round(sync_seconds, 2),
    }
    if "gaps" in spec:
        got = {e.key: e.status for e in runtime.gaps(project=project).entries}
        wrong = {k: {"expected": v, "got": got.get(k)} for k, v in spec["gaps"].items()
                 if got.get(k) != v}
        result["gaps"] = {"topics": len(spec["gaps"]),
                          "correct_by_topic": round(1 - len(wrong) / len(spec["gaps"]), 3),
                          "wrong": wrong}
    return result


def _totals(results: dict[str, dict]) -> dict:
    labelled = sum(r["labelled"] for r in results.values())
    found = sum(r["labelled"] - len(r["missed"]) for r in results.values())
    mined = sum(r["mined"] for r in results.values())
    wrong = sum(len(r["false_positives"]) for r in results.values())
    gap_topics = sum(r["gaps"]["topics"] for r in results.values() if "gaps" in r)
    gap_wrong = sum(len(r["gaps"]["wrong"]) for r in results.values() if "gaps" in r)
    return {"recall": round(found / labelled, 3), "precision": round((mined - wrong) / mined, 3)
            if mined else None,
            "gap_correct_by_topic": round(1 - gap_wrong / gap_topics, 3) if gap_topics else None,
            "labelled": labelled, "mined": mined}


def _corpus(runtime: Runtime, folder: Path) -> dict:
    """Ingest and score every project of a labelled folder (labels.json + one folder each).
    Projects are named after the folder too, so two sets may reuse a project name."""
    projects = json.loads((folder / "labels.json").read_text())["projects"]
    results = {}
    for name, spec in projects.items():
        project = f"{folder.name}-{name}".replace("_", "-")
        runtime.ingestor.run([folder / name], project=project)
        results[name] = evaluate(runtime, project, spec)
    return {"total": _totals(results), **results}


def main() -> dict:
    demo = json.loads((DATA / "roadblocks_demo.json").read_text())["projects"]
    out: dict = {"benchmark": "roadblocks_eval", "machine": machine()}
    with scratch_runtime(SentenceTransformerEmbeddings()) as runtime:
        out["labelled_corpus"] = _corpus(runtime, DATA / "roadblocks")
        out["labelled_corpus2"] = _corpus(runtime, DATA / "roadblocks_dev2")
        out["labelled_corpus3"] = _corpus(runtime, DATA / "roadblocks_dev3")
        out["labelled_corpus4"] = _corpus(runtime, DATA / "roadblocks_dev4")
        out["labelled_corpus5"] = _corpus(runtime, DATA / "roadblocks_dev5")
        out["labelled_corpus6"] = _corpus(runtime, DATA / "roadblocks_dev6")
        out["labelled_corpus7"] = _corpus(runtime, DATA / "roadblocks_dev7")
        out["labelled_corpus8"] = _corpus(runtime, DATA / "roadblocks_dev8")
        out["labelled_corpus9"] = _corpus(runtime, DATA / "roadblocks_dev9")
        out["labelled_corpus10"] = _corpus(runtime, DATA / "roadblocks_dev10")
        out["labelled_corpus11"] = _corpus(runtime, DATA / "roadblocks_dev11")
        out["labelled_corpus12"] = _corpus(runtime, DATA / "roadblocks_dev12")
        out["labelled_corpus13"] = _corpus(runtime, DATA / "roadblocks_dev13")
        out["labelled_corpus14"] = _corpus(runtime, DATA / "roadblocks_dev14")
        out["labelled_corpus15"] = _corpus(runtime, DATA / "roadblocks_dev15")
        out["labelled_corpus16"] = _corpus(runtime, DATA / "roadblocks_dev16")
        out["labelled_corpus17"] = _corpus(runtime, DATA / "roadblocks_dev17")
        out["labelled_corpus18"] = _corpus(runtime, DATA / "roadblocks_dev18")
        out["labelled_corpus19"] = _corpus(runtime, DATA / "roadblocks_dev19")
        out["labelled_corpus20"] = _corpus(runtime, DATA / "roadblocks_dev20")
        out["labelled_corpus21"] = _corpus(runtime, DATA / "roadblocks_dev21")
        out["labelled_corpus22"] = _corpus(runtime, DATA / "roadblocks_dev22")
        if (DATA / HOLDOUT / "labels.json").exists():  # labelled apart, never tuned on
            out["holdout"] = _corpus(runtime, DATA / HOLDOUT)
        demo_results = {}
        for name, spec in demo.items():
            runtime.ingestor.run([ROOT / spec["folder"]], project=name)
            demo_results[name] = evaluate(runtime, name, spec)
        out["demo"] = {"total": _totals(demo_results), **demo_results}
    return out


if __name__ == "__main__":
    json.dump(main(), sys.stdout, indent=2)
